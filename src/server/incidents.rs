//! The control room's routes: opening an incident (`POST /incidents/open`),
//! every later action on it through the one lifecycle handler
//! (`POST /incidents/{id}/actions`), and the board of open incidents with
//! their clocks and the people named on them (`GET /incidents/board`).
//!
//! Who may do what: control-room operators and supervisors work incidents;
//! only a supervisor downgrades an I or S incident, or closes an I
//! incident nobody attended. Every role reads them.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json as JsonOut, Router};
use chrono::Utc;

use super::access::{idempotency_key, reason_or, redact, require_read, seen_flags};
use super::auth::Caller;
use super::consulted::Consulted;
use super::error::{ApiError, ApiResult};
use super::events::canonical_borough;
use super::extract::{Json, Path, Query};
use super::lifecycle::{self, Acting, Applied, Lifecycle};
use super::AppState;
use crate::api::errors;
use crate::api::incidents::{IncidentActionRequest, IncidentBoard, IncidentBoardQuery, IncidentPerson, IncidentRow};
use crate::domain::event::{Event, EventDetails, EventInput, EventKind};
use crate::domain::incident::lifecycle::{self as rules, IncidentState};
use crate::domain::incident::{Clock, Grade, IncidentAction, IncidentDetails, OpenIncident, Urgency};
use crate::domain::link::LinkedRecord;
use crate::domain::person::{marker_label, Person};
use crate::domain::role::Roles;
use crate::store::{Actor, EventFilter, StoreError};

/// Page size when reading every open incident for the board.
const BOARD_PAGE: usize = 1000;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/incidents/open", post(open))
        .route("/incidents/board", get(board))
        .route("/incidents/{id}/actions", post(act))
}

fn incident_of(event: &Event) -> ApiResult<&IncidentDetails> {
    match &event.details {
        EventDetails::Incident(d) => Ok(d),
        _ => Err(ApiError::Internal(format!("event {} is filed as an incident but is not one", event.id))),
    }
}

fn linked(event: &Event) -> LinkedRecord {
    LinkedRecord { kind: event.kind, id: event.id.clone(), reference: event.reference.clone() }
}

/// A person the request names must exist.
pub(super) async fn require_person(state: &AppState, field: &str, id: &str) -> ApiResult<()> {
    match state.store.person(id.trim()).await {
        Ok(_) => Ok(()),
        Err(StoreError::NotFound { .. }) => Err(ApiError::invalid(field, format!("no person with id '{id}'"))),
        Err(e) => Err(e.into()),
    }
}

#[utoipa::path(post, path = "/api/v1/incidents/open", operation_id = "open_incident", request_body = OpenIncident,
    params(("Idempotency-Key" = Option<String>, Header, description = "a retry with the same key returns the first incident")),
    responses((status = 201, body = Event), errors::Standard, errors::Forbidden, errors::Conflict, errors::Body))]
/// Records and grades a call: the incident's reference comes from the
/// force's format, its attendance clock starts at once.
pub async fn open(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Json(req): Json<OpenIncident>,
) -> ApiResult<(StatusCode, JsonOut<Event>)> {
    caller.require(caller.roles.may_write(EventKind::Incident), "opening incidents")?;
    let key = idempotency_key(&headers, &req)?;
    let now = Utc::now();
    let rules = &state.config.incidents;
    let mut input = req.record(&caller.username, rules, now)?;
    if let Some(id) = &req.caller_person_id {
        require_person(&state, "caller_person_id", id).await?;
    }
    for (i, p) in req.people.iter().enumerate() {
        require_person(&state, &format!("people[{i}].person_id"), &p.person_id).await?;
    }
    input.validate(EventKind::Incident, now)?;
    let actor = caller.actor("incident opened");
    let event = state.store.open_incident(&actor, input, &rules.reference, key.as_ref()).await?;
    Ok((StatusCode::CREATED, JsonOut(redact(event, &caller.roles))))
}

#[utoipa::path(post, path = "/api/v1/incidents/{id}/actions", operation_id = "incident_action",
    request_body = IncidentActionRequest, params(("id" = String, Path)),
    responses((status = 200, body = Event), errors::Standard, errors::Forbidden, errors::NotFound, errors::Conflict,
              errors::Body))]
/// One action on an incident, written if it is still at `version`, the
/// caller's role allows it and the incident's rules do.
pub async fn act(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(req): Json<IncidentActionRequest>,
) -> ApiResult<JsonOut<Event>> {
    let event = lifecycle::act::<Incidents>(&state, &caller, &id, req.version, &req.action).await?;
    Ok(JsonOut(redact(event, &caller.roles)))
}

/// Incidents: the control room works them, a supervisor decides the few
/// steps that lower the police response.
pub struct Incidents;

impl Lifecycle for Incidents {
    const KIND: EventKind = EventKind::Incident;
    const WORK: &'static str = "working incidents";
    const NOUN: &'static str = "incident";
    type Action = IncidentAction;

    fn may(action: &IncidentAction, current: &Event, roles: &Roles) -> ApiResult<()> {
        if roles.supervises_control_room() {
            return Ok(());
        }
        let d = incident_of(current)?;
        let grade = d.grade();
        let needs = match action {
            IncidentAction::Regrade { grade: to, .. }
                if matches!(grade, Grade::I | Grade::S) && grade.is_downgrade_to(*to) =>
            {
                Some(format!("downgrading an incident graded {grade}"))
            }
            IncidentAction::Close { .. } if grade == Grade::I && d.first_arrival().is_none() => {
                Some("closing an I-graded incident that nobody attended".to_string())
            }
            _ => None,
        };
        match needs {
            Some(what) => Err(ApiError::Forbidden(format!("{what} needs a control room supervisor"))),
            None => Ok(()),
        }
    }

    async fn apply(at: &Acting<'_>, action: &IncidentAction) -> ApiResult<Applied> {
        let current = at.current;
        let before = IncidentState { details: incident_of(current)?.clone(), people: current.people.clone() };
        let acting = rules::Acting { by: at.by, now: at.now, rules: &at.state.config.incidents };
        let next = match action {
            IncidentAction::DuplicateOf { incident_id } => {
                let original = original_of(at.state, incident_id).await?;
                let (repeat, _) = rules::duplicate(
                    (&linked(current), &before.details),
                    (&linked(&original), incident_of(&original)?),
                    &acting,
                )?;
                IncidentState { details: repeat, people: before.people }
            }
            other => {
                if let IncidentAction::LinkPerson { person_id, .. } = other {
                    require_person(at.state, "action.person_id", person_id).await?;
                }
                rules::apply(&before, other, &acting)?
            }
        };
        Ok(Applied {
            people: next.people,
            details: EventDetails::Incident(Box::new(next.details)),
            reason: action.audit_reason(),
        })
    }

    /// A close that opens a record writes it with the incident; a repeat
    /// call is written with the incident it repeats.
    async fn write(at: &Acting<'_>, actor: &Actor, input: EventInput, action: &IncidentAction) -> ApiResult<Event> {
        let (state, current) = (at.state, at.current);
        match action {
            IncidentAction::DuplicateOf { incident_id } => {
                let original = original_of(state, incident_id).await?;
                let repeat = incident_of(current)?;
                let acting = rules::Acting { by: at.by, now: at.now, rules: &state.config.incidents };
                let (_, heard) = rules::duplicate(
                    (&linked(current), repeat),
                    (&linked(&original), incident_of(&original)?),
                    &acting,
                )?;
                let original_input = EventInput {
                    objects: Vec::new(),
                    reference: Some(original.reference.clone()),
                    occurred_at: original.occurred_at,
                    borough: original.borough.clone(),
                    summary: original.summary.clone(),
                    people: original.people.clone(),
                    details: EventDetails::Incident(Box::new(heard)),
                };
                let written = state
                    .store
                    .update_events_together(
                        actor,
                        EventKind::Incident,
                        vec![
                            (current.id.clone(), current.version, input),
                            (original.id.clone(), original.version, original_input),
                        ],
                    )
                    .await?;
                written.into_iter().next().ok_or_else(|| ApiError::Internal("the repeat call was not written".into()))
            }
            IncidentAction::Close { .. } => {
                let closed = Event { people: input.people.clone(), details: input.details.clone(), ..current.clone() };
                let Some(mut record) = rules::opened_record(&closed, action) else {
                    return Ok(state
                        .store
                        .update_event(actor, EventKind::Incident, &current.id, current.version, input)
                        .await?);
                };
                let kind = record.details.kind();
                record.validate(kind, at.now).map_err(|e| e.within(&format!("action.{}", kind.as_str())))?;
                Ok(state.store.close_incident_opening(actor, &current.id, current.version, input, record).await?)
            }
            _ => Ok(state.store.update_event(actor, EventKind::Incident, &current.id, current.version, input).await?),
        }
    }
}

/// The incident a repeat call names; one that does not exist is the
/// caller's mistake, named as such.
async fn original_of(state: &AppState, id: &str) -> ApiResult<Event> {
    match state.store.event(EventKind::Incident, id.trim()).await {
        Ok(event) => Ok(event),
        Err(StoreError::NotFound { .. }) => {
            Err(ApiError::invalid("action.incident_id", format!("no incident with id '{id}'")))
        }
        Err(e) => Err(e.into()),
    }
}

#[utoipa::path(get, path = "/api/v1/incidents/board", operation_id = "incident_board", params(IncidentBoardQuery),
    responses((status = 200, body = IncidentBoard), errors::Standard, errors::ReasonRequired, errors::Forbidden,
              errors::Invalid))]
/// The open incidents, most urgent first, each with its attendance clock
/// and the people named on it with their markers and flags.
pub async fn board(
    State(state): State<AppState>,
    caller: Caller,
    Query(p): Query<IncidentBoardQuery>,
) -> ApiResult<JsonOut<IncidentBoard>> {
    require_read(&caller, EventKind::Incident)?;
    let borough = canonical_borough(p.borough.clone())?;
    let reason = reason_or(p.reason.clone(), "incident board")?;
    let events = match &p.id {
        Some(id) => match state.store.event(EventKind::Incident, id).await {
            Ok(event) => vec![event],
            Err(StoreError::NotFound { .. }) => Vec::new(),
            Err(e) => return Err(e.into()),
        },
        None => open_incidents(&state).await?,
    };
    let keep = |e: &Event| -> bool {
        let Ok(d) = incident_of(e) else { return false };
        e.details.is_open()
            && p.grade.is_none_or(|g| d.grade() == g)
            && p.category.is_none_or(|c| d.category == c)
            && (borough.is_none() || e.borough == borough)
            && (p.unresourced != Some(true) || d.active().next().is_none())
    };
    let mut events: Vec<Event> = events.into_iter().filter(keep).collect();
    events.sort_by_cached_key(|e| (incident_of(e).map(|d| Urgency::of(d, e.occurred_at)).ok(), e.id.clone()));
    let rows = rows(&state, &caller.roles, events).await?;
    // Each incident on the board, and each person named on it.
    let mut consulted = Consulted::new();
    for row in &rows {
        consulted.event(&row.event, "incident board");
        for person in &row.people {
            consulted.person(&person.person_id, format!("named on {}", row.event.reference));
        }
    }
    consulted.record(&state, &caller, &reason).await?;
    let rows = rows.into_iter().map(|r| IncidentRow { event: redact(r.event, &caller.roles), ..r }).collect();
    Ok(JsonOut(IncidentBoard { at: Utc::now(), rows }))
}

async fn open_incidents(state: &AppState) -> ApiResult<Vec<Event>> {
    let mut events = Vec::new();
    let mut after = None;
    loop {
        let filter = EventFilter { open: Some(true), limit: BOARD_PAGE, after, ..EventFilter::default() };
        let (page, next) = state.store.list_events(EventKind::Incident, &filter).await?;
        events.extend(page);
        match next {
            Some(n) => after = Some(n),
            None => return Ok(events),
        }
    }
}

/// The board's rows: each incident's clock, and its people by name with
/// their markers (from the subject index) and flags (from the store, so a
/// warrant circulated a moment ago shows at once).
async fn rows(state: &AppState, roles: &Roles, events: Vec<Event>) -> ApiResult<Vec<IncidentRow>> {
    let mut ids: Vec<String> = events.iter().flat_map(|e| e.people.iter().map(|p| p.person_id.clone())).collect();
    ids.sort();
    ids.dedup();
    let flags = state.store.flags(Some(&ids)).await?;
    let index = state.index.read().await;
    let mut named: HashMap<&str, (String, Vec<String>)> = HashMap::with_capacity(ids.len());
    for id in &ids {
        if let Some(entry) = index.get(id) {
            named.insert(id.as_str(), (entry.display.name, entry.display.markers));
        }
    }
    drop(index);
    // Someone created a moment ago may not be in the index yet.
    let missing: Vec<String> = ids.iter().filter(|id| !named.contains_key(id.as_str())).cloned().collect();
    let today = Utc::now().date_naive();
    let fresh: Vec<Person> = if missing.is_empty() { Vec::new() } else { state.store.persons_by_ids(&missing).await? };
    for person in &fresh {
        let markers = person
            .details
            .markers
            .iter()
            .filter(|m| m.is_current(today))
            .map(|m| marker_label(&m.category).to_string());
        named.insert(person.id.as_str(), (person.display_name(), markers.collect()));
    }
    let mut rows = Vec::with_capacity(events.len());
    for event in events {
        let clock = Clock::of(incident_of(&event)?);
        let people = event
            .people
            .iter()
            .map(|p| {
                let (name, markers) = named.get(p.person_id.as_str()).cloned().unwrap_or_default();
                IncidentPerson {
                    person_id: p.person_id.clone(),
                    role: p.role,
                    name,
                    markers,
                    flags: seen_flags(roles, flags.get(&p.person_id).copied().unwrap_or_default()),
                }
            })
            .collect();
        rows.push(IncidentRow { event, clock, people });
    }
    Ok(rows)
}
