//! The crime desk's routes: every step on a crime through the one
//! lifecycle handler (`POST /crimes/{id}/actions`), the desk's queues with
//! each crime's clocks (`GET /crimes/queue`), and the tables a crime is
//! classified and finalised from (`GET /crimes/tables`). A crime is
//! recorded through `POST /crimes`, open and unclassified.
//!
//! Who may do what: those who work crimes record, classify, allocate, log
//! and propose outcomes; only a supervisor (inspector, superintendent)
//! reviews and approves or returns an outcome; only the crime registrar
//! cancels. Every role reads crimes.

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json as JsonOut, Router};
use chrono::{DateTime, Utc};

use super::access::{reason_or, redact, require_read};
use super::auth::Caller;
use super::consulted::Consulted;
use super::error::{ApiError, ApiResult};
use super::events::canonical_borough;
use super::extract::{Json, Path, Query};
use super::incidents::require_person;
use super::lifecycle::{self, Acting, Applied, Lifecycle};
use super::AppState;
use crate::api::crimes::{CrimeActionRequest, CrimeQueue, CrimeQueuePage, CrimeQueueQuery, CrimeRow, CrimeTablesView};
use crate::api::errors;
use crate::api::list_sort::ListSort;
use crate::domain::crime::lifecycle::{self as rules, Authority, CrimeState};
use crate::domain::crime::{clock, CrimeAction, CrimeDetails};
use crate::domain::dates::check_happened;
use crate::domain::event::{Event, EventDetails, EventInput, EventKind};
use crate::domain::role::Roles;
use crate::store::EventFilter;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/crimes/queue", get(queue))
        .route("/crimes/tables", get(tables))
        .route("/crimes/{id}/actions", post(act))
}

fn crime_of(event: &Event) -> ApiResult<&CrimeDetails> {
    match &event.details {
        EventDetails::Crime(d) => Ok(d),
        _ => Err(ApiError::Internal(format!("event {} is filed as a crime but is not one", event.id))),
    }
}

/// A crime as `POST /crimes` records it: open, unclassified, unallocated,
/// reported now unless the report says when.
pub(super) fn starting_crime(input: &mut EventInput, now: DateTime<Utc>) -> ApiResult<()> {
    let EventDetails::Crime(d) = &mut input.details else { return Ok(()) };
    if d.has_workflow() {
        return Err(ApiError::invalid(
            "details.status",
            "a crime is recorded open, unclassified and unallocated; classification, allocation, the log, \
             reviews and outcomes come through its actions: POST /api/v1/crimes/{id}/actions",
        ));
    }
    if d.outcome.is_some() {
        return Err(ApiError::invalid("details.outcome", "an outcome is proposed and approved through the actions"));
    }
    let reported = *d.reported_at.get_or_insert(now);
    check_happened("details.reported_at", reported, now)?;
    if reported < input.occurred_at {
        return Err(ApiError::invalid("details.reported_at", "is before the crime was committed (occurred_at)"));
    }
    Ok(())
}

#[utoipa::path(post, path = "/api/v1/crimes/{id}/actions", operation_id = "crime_action",
    request_body = CrimeActionRequest, params(("id" = String, Path)),
    responses((status = 200, body = Event), errors::Standard, errors::Forbidden, errors::NotFound, errors::Conflict,
              errors::Body))]
/// One step on a crime, written if it is still at `version`, the caller's
/// role allows it and the crime's rules do.
pub async fn act(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(req): Json<CrimeActionRequest>,
) -> ApiResult<JsonOut<Event>> {
    let event = lifecycle::act::<Crimes>(&state, &caller, &id, req.version, &req.action).await?;
    Ok(JsonOut(redact(event, &caller.roles)))
}

/// Crimes: worked by those who record and investigate them, supervised by
/// inspectors, cancelled only by the crime registrar.
pub struct Crimes;

impl Lifecycle for Crimes {
    const KIND: EventKind = EventKind::Crime;
    const WORK: &'static str = "working crimes";
    const NOUN: &'static str = "crime";
    type Action = CrimeAction;

    fn may(action: &CrimeAction, _current: &Event, roles: &Roles) -> ApiResult<()> {
        let refused = match action.authority() {
            Authority::Anyone => None,
            Authority::Supervisor if roles.supervises_crime() => None,
            Authority::Supervisor => Some("a supervisor (inspector or superintendent)"),
            Authority::DecisionMaker if roles.decides_crime_cancellation() => None,
            Authority::DecisionMaker => Some("the designated decision maker (crime registrar)"),
        };
        match refused {
            Some(who) => Err(ApiError::Forbidden(format!("only {who} may {} a crime", action.name()))),
            None => Ok(()),
        }
    }

    async fn apply(at: &Acting<'_>, action: &CrimeAction) -> ApiResult<Applied> {
        let current = at.current;
        match action {
            CrimeAction::LinkPerson { person_id, .. } => {
                require_person(at.state, "action.person_id", person_id).await?
            }
            CrimeAction::Allocate { officer, .. } => super::warrants::allocatable(at.state, officer).await?,
            _ => {}
        }
        let before = CrimeState { details: crime_of(current)?.clone(), people: current.people.clone() };
        let acting = rules::Acting { by: at.by, now: at.now, rules: &at.state.config.crimes };
        let next = rules::apply(&before, action, &acting)?;
        Ok(Applied {
            people: next.people,
            details: EventDetails::Crime(Box::new(next.details)),
            reason: action.audit_reason(),
        })
    }
}

#[utoipa::path(get, path = "/api/v1/crimes/queue", operation_id = "crime_queue", params(CrimeQueueQuery),
    responses((status = 200, body = CrimeQueuePage), errors::Standard, errors::ReasonRequired, errors::Forbidden,
              errors::Invalid))]
/// One of the desk's queues of live crimes, newest first (or oldest), each with its
/// classification and review clocks.
pub async fn queue(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<CrimeQueueQuery>,
) -> ApiResult<JsonOut<CrimeQueuePage>> {
    require_read(&caller, EventKind::Crime)?;
    let reason = reason_or(q.reason.clone(), "crime queue")?;
    let now = Utc::now();
    let limit = q.limit.unwrap_or(50);
    if !(1..=1000).contains(&limit) {
        return Err(ApiError::invalid("limit", "must be between 1 and 1000"));
    }
    let unit = q.unit.as_deref().map(str::trim).filter(|u| !u.is_empty()).map(str::to_string);
    let mut filter = EventFilter {
        open: Some(true),
        borough: canonical_borough(q.borough.clone())?,
        unit: unit.clone(),
        limit,
        after: q.after.clone(),
        oldest_first: q.sort == Some(ListSort::Oldest),
        id: q.id.clone(),
        ..EventFilter::default()
    };
    match q.queue {
        None => {}
        Some(CrimeQueue::Mine) => filter.officer = Some(caller.username.clone()),
        Some(CrimeQueue::Unit) if unit.is_none() => {
            return Err(ApiError::invalid("unit", "the unit queue needs the unit"));
        }
        Some(CrimeQueue::Unit) => {}
        Some(CrimeQueue::Unallocated) => filter.unallocated = true,
        Some(CrimeQueue::AwaitingClassification) => filter.unclassified = true,
        // By when due, the most overdue first unless asked for the latest.
        Some(CrimeQueue::ReviewDue) => {
            filter.due_by = Some(now);
            filter.by_due = true;
            filter.oldest_first = q.sort != Some(ListSort::Newest);
        }
        Some(CrimeQueue::AwaitingApproval) => filter.status = Some("outcome_proposed".into()),
    }
    let (events, next) = state.store.list_events(EventKind::Crime, &filter).await?;
    let rules = &state.config.crimes;
    let mut consulted = Consulted::new();
    let mut rows = Vec::with_capacity(events.len());
    for event in events {
        consulted.event(&event, "crime queue");
        let due = clock::due(crime_of(&event)?, event.created_at, rules, now);
        rows.push(CrimeRow { event: redact(event, &caller.roles), due });
    }
    let more = super::queue_more::more_while_recording(
        &state,
        EventKind::Crime,
        &filter,
        next.as_ref(),
        consulted,
        (&caller, &reason),
    )
    .await?;
    Ok(JsonOut(CrimeQueuePage { at: now, rows, more: more.count, more_at_least: more.at_least, next }))
}

#[utoipa::path(get, path = "/api/v1/crimes/tables", operation_id = "crime_tables",
    responses((status = 200, body = CrimeTablesView), errors::Standard, errors::Forbidden))]
/// The counting-rules classes and Home Office outcome types this force
/// uses, with its classification and review clocks.
pub async fn tables(State(state): State<AppState>, caller: Caller) -> ApiResult<JsonOut<CrimeTablesView>> {
    require_read(&caller, EventKind::Crime)?;
    let rules = &state.config.crimes;
    Ok(JsonOut(CrimeTablesView {
        classes: rules.tables.classes.clone(),
        outcomes: rules.tables.outcomes.clone(),
        classification_hours: rules.classification_hours,
        review_every_days: rules.review_every_days,
    }))
}
