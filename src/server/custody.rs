//! The custody suite's routes: booking a detainee in, every later action on
//! the record (through the one lifecycle handler), the record's PACE
//! status, and the board of open records.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json as JsonOut, Router};
use chrono::Utc;

use super::access::{idempotency_key, readable, reason_or, redact, require_read, seen_flags};
use super::auth::Caller;
use super::charge;
use super::consulted::Consulted;
use super::custody_cells::{cell_claim, custody_suites, named_suite, open_records, place};
use super::error::{ApiError, ApiResult};
use super::extract::{Json, Path, Query};
use super::lifecycle::{self, Acting, Applied, Lifecycle};
use super::AppState;
use crate::api::custody::{ActionRequest, Board, BoardQuery, BoardRow, BookInConflict, MatchCandidate, PossibleMatch};
use crate::api::errors;
use crate::api::{ErrorDetail, ReasonQuery};
use crate::domain::custody::{ActionError, BookIn, CustodyAction};
use crate::domain::event::{CustodyDetails, Event, EventDetails, EventInput, EventKind};
use crate::domain::link::{EventPerson, EventRole};
use crate::domain::location::find_place;
use crate::domain::pace::{self, CustodyStatus};
use crate::domain::person::{marker_label, Person, PersonDetails};
use crate::domain::role::{Role, Roles};
use crate::search::SubjectQuery;
use crate::store::{Actor, AuditRecord, CellClaim, Detainee, IdempotencyKey, StoreError};

/// A name-and-date match scoring at least this is close enough that a new
/// person may be the same one (an exact name with a matching date of birth
/// scores about 1.3; an exact identifier 2).
const CLOSE_MATCH: f32 = 0.9;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/custody/book-in", post(book_in))
        .route("/custody/board", get(board))
        .route("/custody/{id}/actions", post(act))
        .route("/custody/{id}/status", get(status))
}

impl From<ActionError> for ApiError {
    fn from(e: ActionError) -> Self {
        match e {
            ActionError::Forbidden(m) => ApiError::Forbidden(m),
            ActionError::Occupied(m) => ApiError::Conflict(m),
            ActionError::Invalid(f) => f.into(),
        }
    }
}

fn is_custody_staff(caller: &Caller) -> bool {
    caller.roles.has(Role::CustodyOfficer) || caller.roles.has(Role::CustodySergeant)
}

#[utoipa::path(post, path = "/api/v1/custody/book-in", request_body = BookIn,
    params(("Idempotency-Key" = Option<String>, Header, description = "a retry with the same key returns the first record")),
    responses((status = 201, body = Event), errors::Standard, errors::Forbidden,
              (status = 409, body = BookInConflict,
               description = "The new person closely matches people on record (`possible_match`, with the candidates), \
                              or the person is already in custody (`conflict`)."),
              errors::Body))]
/// Books a detainee in: an existing person by `person_id`, or a new person
/// only when nobody on record closely matches (or the officer confirms).
pub async fn book_in(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Json(req): Json<BookIn>,
) -> ApiResult<Response> {
    let key = idempotency_key(&headers, &req)?;
    match open_record(&state, &caller, req, key.as_ref()).await? {
        Booked::In(event) => Ok((StatusCode::CREATED, JsonOut(event)).into_response()),
        Booked::PossibleMatch(candidates) => Ok(possible_match(candidates)),
    }
}

/// What a booking in came to.
#[derive(Debug)]
pub enum Booked {
    In(Box<Event>),
    /// Refused: the new person closely matches these people on record.
    PossibleMatch(Vec<MatchCandidate>),
}

/// Opens a custody record, creating the person in the same transaction
/// when the booking names a new one. `key` makes a retry return the first
/// result instead of booking twice.
pub async fn open_record(
    state: &AppState,
    caller: &Caller,
    req: BookIn,
    key: Option<&IdempotencyKey>,
) -> ApiResult<Booked> {
    caller.require(is_custody_staff(caller), "booking a detainee in")?;
    // A retry: the person it created would now look like a close match.
    if let Some(booked) = booked_under(state, caller, key).await? {
        return Ok(booked);
    }
    let now = Utc::now();
    let (existing, details) = match (&req.person_id, &req.new_person) {
        (Some(_), Some(_)) => return Err(ApiError::invalid("new_person", "give person_id or new_person, not both")),
        (None, None) => {
            return Err(ApiError::invalid(
                "person_id",
                "name the detainee: person_id, or new_person once a search has found nobody",
            ))
        }
        (Some(id), None) => {
            let person = match state.store.person(id).await {
                Ok(p) => p,
                Err(StoreError::NotFound { .. }) => {
                    return Err(ApiError::invalid("person_id", format!("no person has the id '{id}'")))
                }
                Err(e) => return Err(e.into()),
            };
            (Some(person.id), person.details)
        }
        (None, Some(new)) => {
            let mut new = new.clone();
            new.validate(now.date_naive(), &caller.username, now).map_err(|e| e.within("new_person"))?;
            if !req.confirm_no_match {
                let candidates = close_matches(state, caller, &new).await?;
                if !candidates.is_empty() {
                    // The match may be the person a retry sent at the same
                    // time booked in, since the check above.
                    if let Some(booked) = booked_under(state, caller, key).await? {
                        return Ok(booked);
                    }
                    return Ok(Booked::PossibleMatch(candidates));
                }
            }
            (None, new)
        }
    };
    let record = req.record(&details, &caller.username, &caller.roles, now)?;
    // Boards and queues show the summary: the detainee's name and the offence, as the custody desk says it.
    let name = details.primary_name().map(|n| n.full()).unwrap_or_default();
    let summary = format!("{name} - {}", record.offences.join("; "));
    let detainee = match existing {
        Some(id) => Detainee::Existing(id),
        None => Detainee::New(Box::new(details)),
    };
    let actor = caller.actor("custody: booked in");
    let (input, cell) = booking_input(state, &actor.username, "", record, req.share_reason.as_deref(), summary).await?;
    let event = state.store.book_in(&actor, detainee, input, &cell, key).await.map_err(booking_refused)?;
    Ok(Booked::In(Box::new(event)))
}

/// The record an earlier booking under `key` opened, if there was one.
async fn booked_under(state: &AppState, caller: &Caller, key: Option<&IdempotencyKey>) -> ApiResult<Option<Booked>> {
    let Some(key) = key else { return Ok(None) };
    match state.store.written_under_key(&caller.username, key.clone()).await? {
        Some(id) => Ok(Some(Booked::In(Box::new(state.store.event(EventKind::Custody, &id).await?)))),
        None => Ok(None),
    }
}

/// The custody record an arrest on a warrant opens, checked as a booking in
/// is but for the role (the arresting officer opens it; the custody officer
/// takes it over): the person exists, the suite and cell, the times, an
/// appropriate adult for a juvenile, the observation level the markers call
/// for. Errors name fields of `action`. Nothing is written: the warrant's
/// execution writes it with the warrant, and checks there that the person
/// is not already in custody.
pub async fn arrest_booking(
    state: &AppState,
    actor: &Actor,
    person_id: &str,
    req: &BookIn,
    summary: String,
) -> ApiResult<(EventInput, CellClaim)> {
    let person = match state.store.person(person_id).await {
        Ok(p) => p,
        Err(StoreError::NotFound { .. }) => {
            return Err(ApiError::invalid("action.person_id", format!("no person has the id '{person_id}'")))
        }
        Err(e) => return Err(e.into()),
    };
    let record = req.checked(&person.details, &actor.username, Utc::now()).map_err(|e| match e {
        ActionError::Invalid(f) => ApiError::from(f.within("action")),
        other => other.into(),
    })?;
    booking_input(state, &actor.username, "action", record, req.share_reason.as_deref(), summary).await
}

/// A checked booking as the custody record to write, in a suite that exists
/// (named by id, code or name) and a cell of it, with what the store needs
/// to check that the cell is free or shared for `share_reason`. Errors name
/// fields `within` (empty: top level).
async fn booking_input(
    state: &AppState,
    by: &str,
    within: &str,
    mut record: CustodyDetails,
    share_reason: Option<&str>,
    summary: String,
) -> ApiResult<(EventInput, CellClaim)> {
    let suites = custody_suites(state).await?;
    let suite_field = if within.is_empty() { "suite_id".to_string() } else { format!("{within}.suite_id") };
    let suite = named_suite(&suites, &suite_field, &record.suite_id)?;
    place(suite, &mut record, within)?;
    let cell = cell_claim(share_reason, by, record.detention_authorised_at);
    let mut input = EventInput {
        objects: Vec::new(),
        reference: None,
        occurred_at: record.relevant_time,
        borough: suite.address.borough.clone(),
        summary,
        // The store names the detainee; a placeholder passes validation.
        people: vec![EventPerson { person_id: "-".into(), role: EventRole::Detainee }],
        details: EventDetails::Custody(record),
    };
    input.validate(EventKind::Custody, Utc::now())?;
    Ok((input, cell))
}

/// What the store's refusal of a booking means to the caller.
pub fn booking_refused(e: StoreError) -> ApiError {
    match e {
        StoreError::Duplicate(m) => ApiError::Conflict(m),
        StoreError::NotFound { kind: "person", id } => {
            ApiError::invalid("person_id", format!("no person has the id '{id}'"))
        }
        other => other.into(),
    }
}

/// People on record who may be the new detainee: a close name-and-date
/// match, or an identifier they share. The check is itself on record.
async fn close_matches(state: &AppState, caller: &Caller, new: &PersonDetails) -> ApiResult<Vec<MatchCandidate>> {
    let today = Utc::now().date_naive();
    let mut queries = Vec::new();
    if let Some(name) = new.primary_name() {
        let text = format!("{} {}", name.forenames, name.surname);
        queries.push((SubjectQuery { text, dob: new.date_of_birth, limit: 10 }, CLOSE_MATCH));
    }
    for id in &new.identifiers {
        queries.push((SubjectQuery { text: id.value.clone(), dob: None, limit: 10 }, 2.0));
    }
    let mut found: Vec<MatchCandidate> = Vec::new();
    {
        let index = state.index.read().await;
        for (query, threshold) in &queries {
            for hit in index.search_for(query, today, readable(&caller.roles)) {
                if hit.score >= *threshold && !found.iter().any(|c| c.person_id == hit.id) {
                    found.push(MatchCandidate {
                        person_id: hit.id,
                        name: hit.display.name,
                        date_of_birth: hit.display.date_of_birth,
                        score: hit.score,
                        why: hit.why,
                    });
                }
            }
        }
    }
    let mut consulted = Consulted::new();
    consulted.query("search", format!("book-in match check: {} candidate(s)", found.len()));
    for c in &found {
        consulted.person(&c.person_id, "book-in match check candidate");
    }
    consulted.record(state, caller, "custody: book-in match check").await?;
    Ok(found)
}

fn possible_match(candidates: Vec<MatchCandidate>) -> Response {
    let ids: Vec<&str> = candidates.iter().map(|c| c.person_id.as_str()).collect();
    let message = format!(
        "the new person closely matches {} existing record(s) ({}): book in by person_id, or send \
         confirm_no_match: true once you have checked they are someone else",
        ids.len(),
        ids.join(", ")
    );
    let error = ErrorDetail { code: "possible_match".into(), message, field: Some("new_person".into()) };
    (StatusCode::CONFLICT, JsonOut(PossibleMatch { error, candidates })).into_response()
}

fn custody_details(event: &Event) -> ApiResult<&CustodyDetails> {
    match &event.details {
        EventDetails::Custody(d) => Ok(d),
        _ => Err(ApiError::Internal(format!("event {} is filed as custody but is not", event.id))),
    }
}

fn detainee(event: &Event) -> Option<&str> {
    event.people.iter().find(|p| p.role == EventRole::Detainee).map(|p| p.person_id.as_str())
}

#[utoipa::path(post, path = "/api/v1/custody/{id}/actions", operation_id = "custody_action", request_body = ActionRequest,
    params(("id" = String, Path)),
    responses((status = 200, body = Event), errors::Standard, errors::Forbidden, errors::NotFound, errors::Conflict,
              errors::Body))]
/// One action on a custody record, written if the record is still at
/// `version`, the caller's role allows it and the law does.
pub async fn act(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(req): Json<ActionRequest>,
) -> ApiResult<JsonOut<Event>> {
    let event = lifecycle::act::<CustodyRecords>(&state, &caller, &id, req.version, &req.action).await?;
    Ok(JsonOut(redact(event, &caller.roles)))
}

/// Custody records: custody staff work them, and the rules say who may take
/// each action (a review before charge is an inspector's, an extension a
/// superintendent's).
pub struct CustodyRecords;

impl Lifecycle for CustodyRecords {
    const KIND: EventKind = EventKind::Custody;
    const WORK: &'static str = "working custody records";
    const NOUN: &'static str = "custody record";
    type Action = CustodyAction;

    fn may(action: &CustodyAction, current: &Event, roles: &Roles) -> ApiResult<()> {
        Ok(action.check_role(custody_details(current)?, roles)?)
    }

    async fn apply(at: &Acting<'_>, action: &CustodyAction) -> ApiResult<Applied> {
        let (state, current) = (at.state, at.current);
        let mut details = custody_details(current)?.clone();
        // A move or transfer: the suite it names, and the cell as that suite spells it.
        let suites = if action.moves_detainee() { custody_suites(state).await? } else { Vec::new() };
        let mut action = action.clone();
        match &mut action {
            CustodyAction::Transfer { suite_id, cell, .. } => {
                let suite = named_suite(&suites, "action.suite_id", suite_id)?;
                *suite_id = suite.id.clone();
                *cell = suite.cell(cell).unwrap_or_else(|| cell.clone());
            }
            CustodyAction::CellMove { cell, .. } => {
                if let Some(spelt) = find_place(&suites, &details.suite_id).and_then(|s| s.cell(cell)) {
                    *cell = spelt;
                }
            }
            _ => {}
        }
        let markers = match detainee(current) {
            Some(pid) if action.reads_markers() => state.store.person(pid).await?.details.markers,
            _ => Vec::new(),
        };
        action.clone().apply(&mut details, at.by, at.roles, &markers, at.now).map_err(|e| match e {
            // The rules' "wrong kind of action" already names the action itself.
            ActionError::Invalid(f) if f.field == "action" => ApiError::from(f),
            ActionError::Invalid(f) => ApiError::from(f.within("action")),
            other => other.into(),
        })?;
        if action.moves_detainee() {
            let suite = named_suite(&suites, "action.suite_id", &details.suite_id)?;
            place(suite, &mut details, "action")?;
        }
        let reason = format!("custody: {}", action.name());
        Ok(Applied { people: current.people.clone(), details: EventDetails::Custody(details), reason })
    }

    /// The charge and the case it opens are one write; a move or a transfer
    /// is written with its cell checked in the same transaction, so two
    /// detainees moved into one cell at once cannot both be put there.
    async fn write(at: &Acting<'_>, actor: &Actor, input: EventInput, action: &CustodyAction) -> ApiResult<Event> {
        let (store, current) = (&at.state.store, at.current);
        if let CustodyAction::Charge { .. } = action {
            return charge::charge(at, actor, input, action).await;
        }
        if !action.moves_detainee() {
            return Ok(store.update_event(actor, EventKind::Custody, &current.id, current.version, input).await?);
        }
        let cell = cell_claim(action.share_reason(), at.by, action.at().unwrap_or(at.now));
        Ok(store.update_custody_placed(actor, &current.id, current.version, input, &cell).await?)
    }
}

#[utoipa::path(get, path = "/api/v1/custody/{id}/status",
    params(("id" = String, Path),
           ("reason" = Option<String>, Query, max_length = 500,
            description = "why it is consulted; 'custody status' when absent")),
    responses((status = 200, body = CustodyStatus), errors::Standard, errors::ReasonRequired, errors::Forbidden, errors::NotFound, errors::Invalid))]
/// What is due and overdue on one record now.
pub async fn status(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(p): Query<ReasonQuery>,
) -> ApiResult<JsonOut<CustodyStatus>> {
    require_read(&caller, EventKind::Custody)?;
    let reason = reason_or(p.reason, "custody status")?;
    let event = state.store.event(EventKind::Custody, &id).await?;
    state
        .store
        .record_access(
            &caller.actor(reason),
            &[AuditRecord { action: "consultation", record_kind: "custody", record_id: &id, detail: &event.reference }],
        )
        .await?;
    Ok(JsonOut(pace::status_at(custody_details(&event)?, Utc::now())))
}

#[utoipa::path(get, path = "/api/v1/custody/board",
    params(BoardQuery),
    responses((status = 200, body = Board), errors::Standard, errors::ReasonRequired, errors::Forbidden, errors::Invalid))]
/// Every open custody record (of one suite), with its PACE status, the
/// detainee's name and warning markers, soonest due first.
pub async fn board(
    State(state): State<AppState>,
    caller: Caller,
    Query(p): Query<BoardQuery>,
) -> ApiResult<JsonOut<Board>> {
    require_read(&caller, EventKind::Custody)?;
    let reason = reason_or(p.reason, "custody board")?;
    let suite = match p.suite.as_deref() {
        Some(typed) => Some(named_suite(&custody_suites(&state).await?, "suite", typed)?.id.clone()),
        None => None,
    };
    let events = open_records(&state, suite.as_deref()).await?;
    let ids: Vec<String> = events.iter().filter_map(|e| detainee(e).map(str::to_string)).collect();
    let people: HashMap<String, Person> =
        state.store.persons_by_ids(&ids).await?.into_iter().map(|p| (p.id.clone(), p)).collect();
    let flags = state.store.flags(Some(&ids)).await?;
    // Each record on the board, and each detainee named on it.
    let mut consulted = Consulted::new();
    for event in &events {
        consulted.event(event, "custody board");
        if let Some(person) = detainee(event) {
            consulted.person(person, format!("detained on {}", event.reference));
        }
    }
    consulted.record(&state, &caller, &reason).await?;
    let now = Utc::now();
    let today = now.date_naive();
    let mut rows = Vec::with_capacity(events.len());
    for event in events {
        let status = pace::status_at(custody_details(&event)?, now);
        let person_id = detainee(&event).map(str::to_string);
        let person = person_id.as_ref().and_then(|id| people.get(id));
        rows.push(BoardRow {
            status: status.clone(),
            name: person.map(Person::display_name).unwrap_or_else(|| "(unknown)".into()),
            date_of_birth: person.and_then(|p| p.details.date_of_birth),
            markers: person
                .map(|p| {
                    p.details
                        .markers
                        .iter()
                        .filter(|m| m.is_current(today))
                        .map(|m| marker_label(&m.category).to_string())
                        .collect()
                })
                .unwrap_or_default(),
            alerts: status.alerts.iter().map(|a| a.label().to_string()).collect(),
            flags: seen_flags(
                &caller.roles,
                person_id.as_ref().and_then(|id| flags.get(id)).copied().unwrap_or_default(),
            ),
            person_id,
            event,
        });
    }
    rows.sort_by(|a, b| a.status.sort_key().cmp(&b.status.sort_key()).then_with(|| a.event.id.cmp(&b.event.id)));
    Ok(JsonOut(Board { at: now, rows }))
}
