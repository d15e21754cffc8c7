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

use super::access::{reason_or, redact, require_read, seen_flags};
use super::auth::Caller;
use super::consulted::Consulted;
use super::custody;
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
use crate::domain::custody::{carried_from, kinds, BookIn};
use crate::domain::event::{CustodyDetails, CustodyEntry, Event, EventDetails, EventInput, EventKind};
use crate::domain::link::EventRole;
use crate::domain::person::Person;
use crate::store::{Actor, EventFilter};

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

    /// An arrest on answering bail opens its custody record in the same write.
    async fn write(at: &Acting<'_>, actor: &Actor, input: EventInput, action: &BailAction) -> ApiResult<Event> {
        rearrest(at, actor, input, action).await
    }
}

/// Bail answered with an arrest: the custody record it opens, written with
/// the answer.
async fn rearrest(at: &Acting<'_>, actor: &Actor, answered: EventInput, action: &BailAction) -> ApiResult<Event> {
    let current = at.current;
    let BailAction::Answer { at: when, rearrest: Some(r), .. } = action else {
        return Ok(at
            .state
            .store
            .update_event(actor, EventKind::Custody, &current.id, current.version, answered)
            .await?);
    };
    let EventDetails::Custody(record) = &current.details else {
        return Err(ApiError::Internal(format!("event {} is filed as custody but is not", current.id)));
    };
    let person = detainee(current)
        .ok_or_else(|| ApiError::invalid("action.rearrest", format!("{} names no detainee", current.reference)))?;
    let arrested = when.unwrap_or(at.now);
    // Left out, the offences are those bailed for, indictable as they were.
    let (offences, indictable) = match r.offences.is_empty() {
        true => (record.offences.clone(), record.indictable),
        false => (r.offences.clone(), false),
    };
    let booking = BookIn {
        person_id: Some(person.to_string()),
        new_person: None,
        confirm_no_match: false,
        suite_id: r.suite_id.clone(),
        cell: r.cell.clone(),
        share_reason: r.share_reason.clone(),
        arrested_at: arrested,
        relevant_time: arrested,
        detention_authorised_at: Some(arrested),
        arrest_reason: r.reason.clone(),
        offences,
        indictable,
        arresting_officer: r.officer.clone().unwrap_or_else(|| at.by.to_string()),
        vulnerable: false,
        appropriate_adult: None,
    };
    let summary = format!("Arrested on answering bail on {}: {}", current.reference, r.reason.trim());
    let (mut booking, cell) =
        custody::arrest_booking(at.state, actor, person, &booking, summary).await.map_err(within_rearrest)?;
    if let EventDetails::Custody(opened) = &mut booking.details {
        carry_detention(opened, current, record, at.by);
    }
    let (answered, _custody) = at
        .state
        .store
        .answer_bail_rearrested(actor, person, booking, &cell, &current.id, current.version, answered)
        .await
        .map_err(custody::booking_refused)?;
    Ok(answered)
}

/// The detention spent on the bailed record, carried onto the record the
/// arrest opens when it is for an offence bailed for (PACE s.47(6)), and
/// said in its log.
fn carry_detention(opened: &mut CustodyDetails, bailed: &Event, earlier: &CustodyDetails, by: &str) {
    opened.carried = carried_from(&bailed.id, &bailed.reference, earlier, &opened.offences);
    if let Some(c) = &opened.carried {
        opened.entries.push(CustodyEntry {
            at: opened.detention_authorised_at,
            by: by.to_string(),
            kind: kinds::DETENTION_CARRIED.into(),
            text: format!("Detention {} counts towards the clock and reviews (PACE s.47(6))", c.label()),
        });
    }
}

/// A booking's refusal named as the rearrest's field: `action.cell` is
/// `action.rearrest.cell`.
fn within_rearrest(e: ApiError) -> ApiError {
    match e {
        ApiError::Invalid { field: Some(f), message } => {
            let rest = f.strip_prefix("action.").unwrap_or(&f);
            ApiError::invalid(format!("action.rearrest.{rest}"), message)
        }
        other => other,
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
    let flags = state.store.flags(Some(&ids)).await?;
    let suite_names: HashMap<&str, &str> = suites.iter().map(|s| (s.id.as_str(), s.name.as_str())).collect();
    let mut consulted = Consulted::new();
    let mut diary = BailDiary { at: now, ending_days: days, today: vec![], overdue: vec![], ending: vec![] };
    for (list, event) in listed {
        let Some(bail) = bail_of(&event).cloned() else { continue };
        consulted.event(&event, "bail diary");
        let person_id = detainee(&event).map(str::to_string);
        let person_flags = person_id.as_ref().and_then(|id| flags.get(id)).copied().unwrap_or_default();
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
            flags: seen_flags(&caller.roles, person_flags),
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
