//! Where a detainee may be put: a custody suite named by its id, code or
//! name, and a cell of it that exists and is free — or shared, for a reason
//! the custody log keeps. Booking in, an arrest on a warrant, a cell move
//! and a transfer all ask here, so no way in puts two detainees in one cell
//! by accident or anyone in a cell the suite does not have.

use chrono::{DateTime, Utc};

use super::error::{ApiError, ApiResult};
use super::AppState;
use crate::domain::custody::{check_cell, kinds, suite_cell, ActionError, Placement};
use crate::domain::event::{CustodyDetails, CustodyEntry, Event, EventDetails, EventKind};
use crate::domain::link::EventRole;
use crate::domain::location::{find_place, Location, LocationKind};
use crate::store::EventFilter;

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

/// Puts the detainee of `record` in its cell at `suite`: the cell as the suite
/// spells it, refused when the suite has no such cell (422 on `within`'s
/// `cell`) or someone is in it and `share_reason` is not given (409, naming
/// who by the record's reference). The detainee's own records (`me`) are
/// no one else in the cell: a person already in custody is refused as such
/// where the record is written. Returns the custody log's entry for a
/// shared cell, which the caller adds.
pub async fn place(
    state: &AppState,
    suite: &Location,
    record: &mut CustodyDetails,
    me: Me<'_>,
    share_reason: Option<&str>,
    within: &str,
) -> ApiResult<Option<SharedCell>> {
    let refused = |e: ActionError| match e {
        ActionError::Invalid(f) if within.is_empty() => ApiError::from(f),
        ActionError::Invalid(f) => ApiError::from(f.within(within)),
        ActionError::Occupied(m) => ApiError::Conflict(format!("at {}, {m}", suite.name)),
        ActionError::Forbidden(m) => ApiError::Forbidden(m),
    };
    let cell = suite_cell(suite, &record.cell).map_err(refused)?;
    let occupants: Vec<String> = open_records(state, Some(&suite.id))
        .await?
        .into_iter()
        .filter(|e| !me.is(e))
        .filter(|e| matches!(&e.details, EventDetails::Custody(d) if d.cell.eq_ignore_ascii_case(&cell)))
        .map(|e| e.reference)
        .collect();
    let Placement { cell, shared } = check_cell(cell, &occupants, share_reason).map_err(refused)?;
    record.suite_id = suite.id.clone();
    record.cell = cell;
    Ok(shared.map(SharedCell))
}

/// The detainee being put in a cell: their custody record (None while
/// booking in) and their person record (None for a new person).
#[derive(Debug, Clone, Copy, Default)]
pub struct Me<'a> {
    pub record: Option<&'a str>,
    pub person: Option<&'a str>,
}

impl Me<'_> {
    fn is(&self, event: &Event) -> bool {
        let detainee = event.people.iter().find(|p| p.role == EventRole::Detainee).map(|p| p.person_id.as_str());
        Some(event.id.as_str()) == self.record || (detainee.is_some() && detainee == self.person)
    }
}

/// A cell shared for a reason, to go in the custody log.
#[must_use]
pub struct SharedCell(String);

impl SharedCell {
    /// The custody log's entry for it.
    pub fn entry(self, by: &str, at: DateTime<Utc>) -> CustodyEntry {
        CustodyEntry { at, by: by.to_string(), kind: kinds::CELL_SHARED.into(), text: self.0 }
    }
}
