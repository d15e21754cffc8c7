//! How many more a paged queue holds beyond its page, so a list can say
//! "50 of 312": one count over the queue's own filter from the page's
//! cursor, read only while there is a next page.

use super::error::ApiResult;
use super::AppState;
use crate::domain::event::EventKind;
use crate::store::EventFilter;

/// The records `filter` keeps after `next`; none when the page was the last.
pub(super) async fn more_after(
    state: &AppState,
    kind: EventKind,
    filter: &EventFilter,
    next: Option<&String>,
) -> ApiResult<usize> {
    let Some(after) = next else { return Ok(0) };
    let rest = EventFilter { after: Some(after.clone()), ..filter.clone() };
    Ok(state.store.count_events(kind, &rest).await?)
}
