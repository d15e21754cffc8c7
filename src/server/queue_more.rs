//! How many more a paged queue holds beyond its page, so a list can say
//! "50 of 312": one count over the queue's own filter from the page's
//! cursor, read only while there is a next page. The count stops past
//! [`COUNTED`], so a page of a queue of 300,000 crimes costs what a page of
//! a short one does; the list then says "50 of 1050+".

use super::auth::Caller;
use super::consulted::Consulted;
use super::error::ApiResult;
use super::AppState;
use crate::domain::event::EventKind;
use crate::store::EventFilter;

/// Records counted beyond a page at most.
pub const COUNTED: usize = 1_000;

/// What follows a page: how many, and whether there are more than that.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct More {
    pub count: usize,
    pub at_least: bool,
}

/// The records `filter` keeps after `next`; none when the page was the last.
pub(super) async fn more_after(
    state: &AppState,
    kind: EventKind,
    filter: &EventFilter,
    next: Option<&String>,
) -> ApiResult<More> {
    let Some(after) = next else { return Ok(More::default()) };
    let rest = EventFilter { after: Some(after.clone()), ..filter.clone() };
    let counted = state.store.count_events_up_to(kind, &rest, COUNTED + 1).await?;
    Ok(More { count: counted.min(COUNTED), at_least: counted > COUNTED })
}

/// As [`more_after`], counted while the page's consultations are written:
/// the two wait on different connections, and the page is handed over
/// only once both are done (the audit's failure first).
pub(super) async fn more_while_recording(
    state: &AppState,
    kind: EventKind,
    filter: &EventFilter,
    next: Option<&String>,
    consulted: Consulted,
    (caller, reason): (&Caller, &str),
) -> ApiResult<More> {
    let (more, recorded) = tokio::join!(more_after(state, kind, filter, next), consulted.record(state, caller, reason));
    recorded?;
    more
}
