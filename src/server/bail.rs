//! Bail once granted: its actions on the custody record that granted it
//! (`POST /custody/{id}/bail/actions`: extended on the authority the length
//! calls for, answered, ended), through the one lifecycle handler, and the
//! bail diary (`GET /custody/bail-diary`): who answers bail today at each
//! station, who is overdue, whose pre-charge bail ends soon.

use std::collections::HashMap;

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json as JsonOut, Router};
use chrono::Utc;

use super::access::{reason_or, redact, require_read};
use super::auth::Caller;
use super::consulted::Consulted;
use super::custody_cells::{custody_suites, named_suite};
use super::error::{ApiError, ApiResult};
use super::extract::{Json, Path, Query};
use super::lifecycle::{self, Acting, Applied, Lifecycle};
use super::AppState;
use crate::api::bail::{BailActionRequest, BailDiary, BailDiaryQuery, BailDiaryRow};
use crate::api::errors;
use crate::domain::bail::{Bail, BailKind};
use crate::domain::bail_actions::{self, BailAction};
use crate::domain::bail_diary::{self, DiaryList, ENDING_DAYS};
use crate::domain::event::{Event, EventDetails, EventKind};
use crate::domain::link::EventRole;
use crate::domain::person::Person;
use crate::store::EventFilter;

pub fn routes() -> Router<AppState> {
    Router::new().route("/custody/bail-diary", get(diary)).route("/custody/{id}/bail/actions", post(act))
}

#[utoipa::path(post, path = "/api/v1/custody/{id}/bail/actions", operation_id = "bail_action",
    request_body = BailActionRequest, params(("id" = String, Path)),
    responses((status = 200, body = Event), errors::Standard, errors::Forbidden, errors::NotFound, errors::Conflict,
              errors::Body))]
pub async fn act(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(req): Json<BailActionRequest>,
) -> ApiResult<JsonOut<Event>> {
    let event = lifecycle::act::<BailDesk>(&state, &caller, &id, req.version, &req.action).await?;
    Ok(JsonOut(redact(event, &caller.roles)))
}

/// Bail on a custody record, worked by the custody desk; an extension by
/// the inspector or superintendent whose authority it is.
pub struct BailDesk;

impl Lifecycle for BailDesk {
    const KIND: EventKind = EventKind::Custody;
    const WORK: &'static str = "working bail";
    const NOUN: &'static str = "custody record";
    type Action = BailAction;

    async fn apply(at: &Acting<'_>, action: &BailAction) -> ApiResult<Applied> {
        let current = at.current;
        let EventDetails::Custody(record) = &current.details else {
            return Err(ApiError::Internal(format!("event {} is filed as custody but is not", current.id)));
        };
        let bail = record.bail.as_ref().ok_or_else(|| {
            ApiError::invalid("action.type", format!("custody record {} granted no bail", current.reference))
        })?;
        let next = bail_actions::apply(bail, action, at.by, at.roles, at.now)?;
        let mut record = record.clone();
        record.bail = Some(Box::new(next));
        Ok(Applied {
            people: current.people.clone(),
            details: EventDetails::Custody(record),
            reason: format!("bail: {}", action.name()),
        })
    }
}

/// Every custody record whose bail of `kind` is still running.
async fn running(state: &AppState, kind: BailKind) -> ApiResult<Vec<Event>> {
    let mut all = Vec::new();
    let mut after = None;
    loop {
        let filter = EventFilter {
            subkind: Some(kind.as_str().to_string()),
            limit: 1000,
            after: after.take(),
            ..EventFilter::default()
        };
        let (items, next) = state.store.list_events(EventKind::Custody, &filter).await?;
        all.extend(items);
        match next {
            Some(cursor) => after = Some(cursor),
            None => return Ok(all),
        }
    }
}

fn bail_of(event: &Event) -> Option<&Bail> {
    match &event.details {
        EventDetails::Custody(d) => d.bail.as_deref(),
        _ => None,
    }
}

/// Whether bail is in `station`'s diary: pre-charge bail answered there,
/// or bail to court granted there (its defendant is answered for at court,
/// but the station that charged them keeps watch).
fn at_station(event: &Event, bail: &Bail, station: &str) -> bool {
    match bail.kind {
        BailKind::ToCourt => matches!(&event.details, EventDetails::Custody(d) if d.suite_id == station),
        _ => bail.return_place.as_deref() == Some(station),
    }
}

fn detainee(event: &Event) -> Option<&str> {
    event.people.iter().find(|p| p.role == EventRole::Detainee).map(|p| p.person_id.as_str())
}

#[utoipa::path(get, path = "/api/v1/custody/bail-diary", params(BailDiaryQuery),
    responses((status = 200, body = BailDiary), errors::Standard, errors::ReasonRequired, errors::Forbidden,
              errors::Invalid))]
pub async fn diary(
    State(state): State<AppState>,
    caller: Caller,
    Query(p): Query<BailDiaryQuery>,
) -> ApiResult<JsonOut<BailDiary>> {
    require_read(&caller, EventKind::Custody)?;
    let days = p.days.unwrap_or(ENDING_DAYS);
    if !(0..=90).contains(&days) {
        return Err(ApiError::invalid("days", "must be between 0 and 90"));
    }
    let reason = reason_or(p.reason, "bail diary")?;
    let suites = custody_suites(&state).await?;
    let station = match p.station.as_deref() {
        Some(typed) => Some(named_suite(&suites, "station", typed)?.id.clone()),
        None => None,
    };
    let now = Utc::now();
    let mut listed: Vec<(DiaryList, Event)> = Vec::new();
    for kind in [BailKind::PreCharge, BailKind::ToCourt] {
        for event in running(&state, kind).await? {
            let Some(bail) = bail_of(&event) else { continue };
            if station.as_ref().is_some_and(|s| !at_station(&event, bail, s)) {
                continue;
            }
            for list in bail_diary::lists(bail, now, days) {
                listed.push((list, event.clone()));
            }
        }
    }
    let ids: Vec<String> = listed.iter().filter_map(|(_, e)| detainee(e).map(str::to_string)).collect();
    let people: HashMap<String, Person> =
        state.store.persons_by_ids(&ids).await?.into_iter().map(|p| (p.id.clone(), p)).collect();
    let suite_names: HashMap<&str, &str> = suites.iter().map(|s| (s.id.as_str(), s.name.as_str())).collect();
    let mut consulted = Consulted::new();
    let mut diary = BailDiary { at: now, ending_days: days, today: vec![], overdue: vec![], ending: vec![] };
    for (list, event) in listed {
        let Some(bail) = bail_of(&event).cloned() else { continue };
        consulted.event(&event, "bail diary");
        let person_id = detainee(&event).map(str::to_string);
        if let Some(person) = &person_id {
            consulted.person(person, format!("on bail on {}", event.reference));
        }
        let place = bail.return_place.as_deref().map(|p| suite_names.get(p).copied().unwrap_or(p).to_string());
        let row = BailDiaryRow {
            custody_id: event.id.clone(),
            reference: event.reference.clone(),
            version: event.version,
            person_name: person_id.as_ref().and_then(|id| people.get(id)).map(Person::display_name),
            person_id,
            place,
            conditions: bail.conditions.iter().map(|c| c.describe()).collect(),
            bail,
        };
        match list {
            DiaryList::Today => diary.today.push(row),
            DiaryList::Overdue => diary.overdue.push(row),
            DiaryList::Ending => diary.ending.push(row),
        }
    }
    consulted.record(&state, &caller, &reason).await?;
    let by_return = |r: &BailDiaryRow| (r.bail.return_at, r.custody_id.clone());
    diary.today.sort_by_key(by_return);
    diary.overdue.sort_by_key(by_return);
    diary.ending.sort_by_key(|r| (r.bail.limit_on, r.custody_id.clone()));
    Ok(JsonOut(diary))
}
