//! Where a wanted person on the warrant queue or a list of warrants is
//! held: the suite and cell of their open custody record, told to those
//! who may be told they are in custody, each record so read consulted
//! with the list.

use std::collections::BTreeMap;

use super::consulted::Consulted;
use super::custody_cells::custody_suites;
use super::error::ApiResult;
use super::AppState;
use crate::api::warrants::QueueRow;
use crate::domain::event::{EventDetails, EventKind};
use crate::domain::location::Location;
use crate::domain::person::Flags;
use crate::store::EventFilter;

/// Fills `held_at` on the rows whose person is flagged in custody (the flag
/// is only on rows whose caller may read custody records).
pub async fn fill(state: &AppState, rows: &mut [QueueRow], consulted: &mut Consulted) -> ApiResult<()> {
    if !rows.iter().any(|r| r.flags.in_custody) {
        return Ok(());
    }
    let suites = custody_suites(state).await?;
    for row in rows.iter_mut().filter(|r| r.flags.in_custody) {
        row.held_at = held_one(state, &suites, &row.person_id, "warrant queue", consulted).await?;
    }
    Ok(())
}

/// Where each person `flags` marks IN CUSTODY is held (the flags are only
/// those the caller may be told), for a list of warrants.
pub async fn held(
    state: &AppState,
    flags: &BTreeMap<String, Flags>,
    consulted: &mut Consulted,
) -> ApiResult<BTreeMap<String, String>> {
    let mut held = BTreeMap::new();
    if !flags.values().any(|f| f.in_custody) {
        return Ok(held);
    }
    let suites = custody_suites(state).await?;
    for (person, _) in flags.iter().filter(|(_, f)| f.in_custody) {
        if let Some(place) = held_one(state, &suites, person, "list of warrants", consulted).await? {
            held.insert(person.clone(), place);
        }
    }
    Ok(held)
}

/// "Suite cell" of `person`'s open custody record, which is consulted.
async fn held_one(
    state: &AppState,
    suites: &[Location],
    person: &str,
    list: &str,
    consulted: &mut Consulted,
) -> ApiResult<Option<String>> {
    let filter = EventFilter { person: Some(person.to_string()), open: Some(true), limit: 1, ..EventFilter::default() };
    let (records, _) = state.store.list_events(EventKind::Custody, &filter).await?;
    let Some(record) = records.first() else { return Ok(None) };
    let EventDetails::Custody(custody) = &record.details else { return Ok(None) };
    let suite = suites.iter().find(|s| s.id == custody.suite_id).map_or(custody.suite_id.as_str(), |s| &s.name);
    consulted.event(record, &format!("{list}, where the wanted person is held"));
    Ok(Some(format!("{suite} {}", custody.cell)))
}
