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
use crate::domain::event::EventDetails;
use crate::domain::person::Flags;

/// Fills `held_at` on the rows whose person is flagged in custody (the flag
/// is only on rows whose caller may read custody records).
pub async fn fill(state: &AppState, rows: &mut [QueueRow], consulted: &mut Consulted) -> ApiResult<()> {
    let mut persons: Vec<String> = Vec::new();
    for row in rows.iter().filter(|r| r.flags.in_custody) {
        if !persons.contains(&row.person_id) {
            persons.push(row.person_id.clone());
        }
    }
    let held = held_at(state, &persons, "warrant queue", consulted).await?;
    for row in rows.iter_mut().filter(|r| r.flags.in_custody) {
        row.held_at = held.get(&row.person_id).cloned();
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
    let persons: Vec<String> = flags.iter().filter(|(_, f)| f.in_custody).map(|(p, _)| p.clone()).collect();
    held_at(state, &persons, "list of warrants", consulted).await
}

/// "Suite cell" of each of `persons`' open custody record, each record so
/// read consulted once, in one read of the store.
async fn held_at(
    state: &AppState,
    persons: &[String],
    list: &str,
    consulted: &mut Consulted,
) -> ApiResult<BTreeMap<String, String>> {
    let mut held = BTreeMap::new();
    if persons.is_empty() {
        return Ok(held);
    }
    let suites = custody_suites(state).await?;
    let records = state.store.open_custody_of(persons).await?;
    // In the list's order, so the audit reads as the list does.
    for person in persons {
        let Some(record) = records.get(person) else { continue };
        let EventDetails::Custody(custody) = &record.details else { continue };
        let suite = suites.iter().find(|s| s.id == custody.suite_id).map_or(custody.suite_id.as_str(), |s| &s.name);
        consulted.event(record, &format!("{list}, where the wanted person is held"));
        held.insert(person.clone(), format!("{suite} {}", custody.cell));
    }
    Ok(held)
}
