//! Where a detainee may be put: a custody suite named by its id, code or
//! name, and a cell of it that exists and is free — or shared, for a reason
//! the custody log keeps (the store checks that as it writes). Booking in, an arrest on a warrant, a cell move
//! and a transfer all ask here, so no way in puts two detainees in one cell
//! by accident or anyone in a cell the suite does not have.

use chrono::{DateTime, Utc};

use super::error::{ApiError, ApiResult};
use super::AppState;
use crate::domain::custody::{suite_cell, ActionError};
use crate::domain::event::{CustodyDetails, Event, EventKind};
use crate::domain::location::{find_place, Location, LocationKind};
use crate::store::{CellClaim, EventFilter};

/// Page size when reading every open custody record.
const OPEN_PAGE: usize = 1000;

/// The force's custody suites.
pub async fn custody_suites(state: &AppState) -> ApiResult<Vec<Location>> {
    Ok(state.store.locations(Some(LocationKind::CustodySuite)).await?)
}

/// The custody suite among `suites` that `typed` names (id, code or name,
/// in any case); an unknown one is refused on `field`, naming every suite
/// so the caller can pick one.
pub fn named_suite<'a>(suites: &'a [Location], field: &str, typed: &str) -> ApiResult<&'a Location> {
    find_place(suites, typed).ok_or_else(|| {
        let names: Vec<String> = suites
            .iter()
            .map(|s| match s.code() {
                Some(code) => format!("{} ({code})", s.name),
                None => s.name.clone(),
            })
            .collect();
        ApiError::invalid(
            field,
            format!("'{}' is not a custody suite; the suites are {}", typed.trim(), names.join(", ")),
        )
    })
}

/// Every open custody record, of one suite (by location id) when given.
pub async fn open_records(state: &AppState, suite: Option<&str>) -> ApiResult<Vec<Event>> {
    let mut events = Vec::new();
    let mut after = None;
    loop {
        let filter = EventFilter {
            suite: suite.map(str::to_string),
            open: Some(true),
            limit: OPEN_PAGE,
            after,
            ..EventFilter::default()
        };
        let (page, next) = state.store.list_events(EventKind::Custody, &filter).await?;
        events.extend(page);
        match next {
            Some(n) => after = Some(n),
            None => return Ok(events),
        }
    }
}

/// Puts the detainee of `record` in its cell at `suite`: the cell as the
/// suite spells it, refused when the suite has no such cell (422 on
/// `within`'s `cell`). Whether it is free is the store's to check where the
/// record is written, with [`cell_claim`].
pub fn place(suite: &Location, record: &mut CustodyDetails, within: &str) -> ApiResult<()> {
    let cell = suite_cell(suite, &record.cell).map_err(|e| match e {
        ActionError::Invalid(f) if within.is_empty() => ApiError::from(f),
        ActionError::Invalid(f) => ApiError::from(f.within(within)),
        other => other.into(),
    })?;
    record.suite_id = suite.id.clone();
    record.cell = cell;
    Ok(())
}

/// What the store needs to check a placement as it writes it: a share
/// reason, if one was given, for the custody log `by` whom and `at` when.
pub fn cell_claim(share_reason: Option<&str>, by: &str, at: DateTime<Utc>) -> CellClaim {
    let share_reason = share_reason.map(str::trim).filter(|r| !r.is_empty()).map(str::to_string);
    CellClaim { share_reason, by: by.to_string(), at }
}
