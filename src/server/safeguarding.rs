//! The safeguarding desk's routes: every step on a report through the one
//! lifecycle handler (`POST /safeguarding/{id}/actions`), the desk's queues
//! with each report's clocks (`GET /safeguarding/queue`), and the partner
//! agencies a report goes to (`GET /safeguarding/agencies`). A report is
//! written through `POST /safeguarding`, as a draft.
//!
//! Who may do what: those who work safeguarding write, submit, share,
//! refer, record responses and checks, and close; only a safeguarding
//! supervisor signs off or returns a report, and never their own. Only the
//! roles that may read safeguarding see any of it.

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json as JsonOut, Router};
use chrono::Utc;

use super::access::{reason_or, redact, require_read};
use super::auth::Caller;
use super::consulted::Consulted;
use super::error::{ApiError, ApiResult};
use super::events::canonical_borough;
use super::extract::{Json, Path, Query};
use super::incidents::require_person;
use super::lifecycle::{self, Acting, Applied, Lifecycle};
use super::row_people::people_of;
use super::AppState;
use crate::api::errors;
use crate::api::safeguarding::{
    SafeguardingActionRequest, SafeguardingAgenciesView, SafeguardingQueue, SafeguardingQueuePage,
    SafeguardingQueueQuery, SafeguardingRow,
};
use crate::domain::event::{Event, EventDetails, EventInput, EventKind};
use crate::domain::role::Roles;
use crate::domain::safeguarding::lifecycle::{self as rules, Authority, SafeguardingState};
use crate::domain::safeguarding::{clock, SafeguardingAction, SafeguardingCategory, SafeguardingDetails};
use crate::store::EventFilter;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/safeguarding/queue", get(queue))
        .route("/safeguarding/agencies", get(agencies))
        .route("/safeguarding/{id}/actions", post(act))
}

fn report_of(event: &Event) -> ApiResult<&SafeguardingDetails> {
    match &event.details {
        EventDetails::Safeguarding(d) => Ok(d),
        _ => Err(ApiError::Internal(format!("event {} is filed as safeguarding but is not", event.id))),
    }
}

/// A report as `POST /safeguarding` writes it: a draft, nothing done to it
/// yet; a missing-person report with its grade and last sighting.
pub(super) fn starting_report(input: &EventInput) -> ApiResult<()> {
    let EventDetails::Safeguarding(d) = &input.details else { return Ok(()) };
    if d.has_workflow() {
        return Err(ApiError::invalid(
            "details.status",
            "a safeguarding report is written as a draft; submission, sign-off, sharing, referrals, checks and \
             the close come through its actions: POST /api/v1/safeguarding/{id}/actions",
        ));
    }
    if d.category == SafeguardingCategory::MissingPerson && d.missing.is_none() {
        return Err(ApiError::invalid(
            "details.missing",
            "a missing-person report needs its grade, its reason and the last sighting",
        ));
    }
    Ok(())
}

#[utoipa::path(post, path = "/api/v1/safeguarding/{id}/actions", operation_id = "safeguarding_action",
    request_body = SafeguardingActionRequest, params(("id" = String, Path)),
    responses((status = 200, body = Event), errors::Standard, errors::Forbidden, errors::NotFound, errors::Conflict,
              errors::Body))]
/// One step on a safeguarding report, written if it is still at `version`,
/// the caller's role allows it and the desk's rules do.
pub async fn act(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(req): Json<SafeguardingActionRequest>,
) -> ApiResult<JsonOut<Event>> {
    require_read(&caller, EventKind::Safeguarding)?;
    let event = lifecycle::act::<Reports>(&state, &caller, &id, req.version, &req.action).await?;
    Ok(JsonOut(redact(event, &caller.roles)))
}

/// Safeguarding reports: worked by safeguarding officers and investigators,
/// signed off only by a safeguarding supervisor.
pub struct Reports;

impl Lifecycle for Reports {
    const KIND: EventKind = EventKind::Safeguarding;
    const WORK: &'static str = "working safeguarding reports";
    const NOUN: &'static str = "safeguarding report";
    type Action = SafeguardingAction;

    fn may(action: &SafeguardingAction, _current: &Event, roles: &Roles) -> ApiResult<()> {
        match action.authority() {
            Authority::Supervisor if !roles.supervises_safeguarding() => Err(ApiError::Forbidden(format!(
                "only a safeguarding supervisor may {} a safeguarding report",
                action.name()
            ))),
            _ => Ok(()),
        }
    }

    async fn apply(at: &Acting<'_>, action: &SafeguardingAction) -> ApiResult<Applied> {
        let current = at.current;
        if let SafeguardingAction::LinkPerson { person_id, .. } = action {
            require_person(at.state, "action.person_id", person_id).await?;
        }
        let before = SafeguardingState { details: report_of(current)?.clone(), people: current.people.clone() };
        let acting = rules::Acting {
            by: at.by,
            now: at.now,
            author: &current.provenance.entered_by,
            rules: &at.state.config.safeguarding,
        };
        let next = rules::apply(&before, action, current.created_at, &acting)?;
        Ok(Applied {
            people: next.people,
            details: EventDetails::Safeguarding(Box::new(next.details)),
            reason: action.audit_reason(),
        })
    }
}

#[utoipa::path(get, path = "/api/v1/safeguarding/queue", operation_id = "safeguarding_queue",
    params(SafeguardingQueueQuery),
    responses((status = 200, body = SafeguardingQueuePage), errors::Standard, errors::ReasonRequired,
              errors::Forbidden, errors::Invalid))]
/// One of the desk's queues of open reports, newest first, each with its
/// sign-off, response and return-interview clocks.
pub async fn queue(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<SafeguardingQueueQuery>,
) -> ApiResult<JsonOut<SafeguardingQueuePage>> {
    require_read(&caller, EventKind::Safeguarding)?;
    let reason = reason_or(q.reason.clone(), "safeguarding queue")?;
    let now = Utc::now();
    let limit = q.limit.unwrap_or(50);
    if !(1..=1000).contains(&limit) {
        return Err(ApiError::invalid("limit", "must be between 1 and 1000"));
    }
    let category = q.category.and_then(|c| serde_json::to_value(c).ok()).and_then(|v| v.as_str().map(String::from));
    let mut filter = EventFilter {
        open: Some(true),
        borough: canonical_borough(q.borough.clone())?,
        officer: q.officer.as_deref().map(str::trim).filter(|o| !o.is_empty()).map(str::to_string),
        subkind: category,
        limit,
        after: q.after.clone(),
        oldest_first: q.sort == Some(crate::api::list_sort::ListSort::Oldest),
        ..EventFilter::default()
    };
    match q.queue {
        None => {}
        Some(SafeguardingQueue::AwaitingSignOff | SafeguardingQueue::SignOffOverdue) => {
            filter.status = Some("submitted".into());
        }
        Some(SafeguardingQueue::AwaitingResponse) => {
            filter.status = Some("referred".into());
            filter.something_due = true;
        }
        Some(SafeguardingQueue::ResponseOverdue) => filter.status = Some("referred".into()),
        Some(SafeguardingQueue::Overdue) => {}
        Some(SafeguardingQueue::Missing) => filter.flag = Some("missing".into()),
        Some(SafeguardingQueue::AtRisk) => filter.flag = Some("at_risk".into()),
        Some(SafeguardingQueue::Drafts) => filter.status = Some("draft".into()),
    }
    // What is overdue, by when it fell due: the most overdue first unless
    // asked for the latest.
    if q.queue.is_some_and(SafeguardingQueue::is_overdue) {
        filter.due_by = Some(now);
        filter.by_due = true;
        filter.oldest_first = q.sort != Some(crate::api::list_sort::ListSort::Newest);
    }
    let (events, next) = state.store.list_events(EventKind::Safeguarding, &filter).await?;
    let people = people_of(&state, &caller.roles, &events).await?;
    let mut consulted = Consulted::new();
    let mut rows = Vec::with_capacity(events.len());
    for (event, people) in events.into_iter().zip(people) {
        consulted.event(&event, "safeguarding queue");
        let due = clock::due(report_of(&event)?, now);
        rows.push(SafeguardingRow { event: redact(event, &caller.roles), due, people });
    }
    let more = super::queue_more::more_while_recording(
        &state,
        EventKind::Safeguarding,
        &filter,
        next.as_ref(),
        consulted,
        (&caller, &reason),
    )
    .await?;
    Ok(JsonOut(SafeguardingQueuePage { at: now, rows, more: more.count, more_at_least: more.at_least, next }))
}

#[utoipa::path(get, path = "/api/v1/safeguarding/agencies", operation_id = "safeguarding_agencies",
    responses((status = 200, body = SafeguardingAgenciesView), errors::Standard, errors::Forbidden))]
/// The partner agencies a report may be shared with or referred to, and
/// the force's sign-off, response and return-interview hours.
pub async fn agencies(State(state): State<AppState>, caller: Caller) -> ApiResult<JsonOut<SafeguardingAgenciesView>> {
    require_read(&caller, EventKind::Safeguarding)?;
    let rules = &state.config.safeguarding;
    Ok(JsonOut(SafeguardingAgenciesView {
        agencies: rules.agencies.clone(),
        sign_off_hours: rules.sign_off_hours,
        response_hours: rules.response_hours,
        return_interview_hours: rules.return_interview_hours,
    }))
}
