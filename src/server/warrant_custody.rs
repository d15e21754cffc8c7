//! Where a wanted person on the warrant queue is held: the suite and cell
//! of their open custody record, told to those who may be told they are in
//! custody, each record so read consulted with the queue.

use super::consulted::Consulted;
use super::custody_cells::custody_suites;
use super::error::ApiResult;
use super::AppState;
use crate::api::warrants::QueueRow;
use crate::domain::event::{EventDetails, EventKind};
use crate::store::EventFilter;

/// Fills `held_at` on the rows whose person is flagged in custody (the flag
/// is only on rows whose caller may read custody records).
pub async fn fill(state: &AppState, rows: &mut [QueueRow], consulted: &mut Consulted) -> ApiResult<()> {
    if !rows.iter().any(|r| r.flags.in_custody) {
        return Ok(());
    }
    let suites = custody_suites(state).await?;
    for row in rows.iter_mut().filter(|r| r.flags.in_custody) {
        let filter =
            EventFilter { person: Some(row.person_id.clone()), open: Some(true), limit: 1, ..EventFilter::default() };
        let (records, _) = state.store.list_events(EventKind::Custody, &filter).await?;
        let Some(record) = records.first() else { continue };
        let EventDetails::Custody(custody) = &record.details else { continue };
        let suite = suites.iter().find(|s| s.id == custody.suite_id).map_or(custody.suite_id.as_str(), |s| &s.name);
        row.held_at = Some(format!("{suite} {}", custody.cell));
        consulted.event(record, "warrant queue, where the wanted person is held");
    }
    Ok(())
}
