//! Prosecution case file actions (`POST /cases/{id}/actions`, through the
//! one lifecycle handler; a failure to appear writes its bench warrant in
//! the same transaction) and the custody time limit of a case
//! (`GET /cases/{id}/custody-time-limit`).

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json as JsonOut, Router};
use chrono::Utc;

use super::access::{redact, require_read};
use super::auth::Caller;
use super::error::{ApiError, ApiResult};
use super::extract::{Json, Path};
use super::lifecycle::{self, Acting, Applied, Lifecycle};
use super::AppState;
use crate::api::cases::CaseActionRequest;
use crate::api::errors;
use crate::domain::bench_warrant;
use crate::domain::case_lifecycle::{self, CaseAction, CtlRules, CustodyTimeLimit};
use crate::domain::event::{CaseDetails, Event, EventDetails, EventInput, EventKind};
use crate::domain::link::LinkedRecord;
use crate::store::Actor;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/cases/{id}/actions", post(act))
        .route("/cases/{id}/custody-time-limit", get(custody_time_limit))
}

fn case_of(event: &Event) -> ApiResult<CaseDetails> {
    match &event.details {
        EventDetails::Case(d) => Ok(d.clone()),
        _ => Err(ApiError::Internal(format!("event {} is filed as a case but is not one", event.id))),
    }
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/actions", operation_id = "case_action", request_body = CaseActionRequest,
    params(("id" = String, Path)),
    responses((status = 200, body = Event), errors::Standard, errors::Forbidden, errors::NotFound, errors::Conflict,
              errors::Body))]
pub async fn act(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(req): Json<CaseActionRequest>,
) -> ApiResult<JsonOut<Event>> {
    let event = lifecycle::act::<Cases>(&state, &caller, &id, req.version, &req.action).await?;
    Ok(JsonOut(redact(event, &caller.roles)))
}

/// Case files: investigators work them, one checked stage at a time.
pub struct Cases;

impl Lifecycle for Cases {
    const KIND: EventKind = EventKind::Case;
    const WORK: &'static str = "working case files";
    const NOUN: &'static str = "case";
    type Action = CaseAction;

    async fn apply(at: &Acting<'_>, action: &CaseAction) -> ApiResult<Applied> {
        let current = at.current;
        if let CaseAction::FailedToAppear { defendant, .. } = action {
            // Refused before anything else: no defendant, no warrant.
            bench_warrant::defendant(&current.people, &current.reference, defendant.as_deref())?;
        }
        let next = case_lifecycle::apply(&case_of(current)?, action, at.now)?;
        let reason = match action {
            CaseAction::RejectForQuality { reason } => format!("case file rejected for quality: {reason}"),
            CaseAction::FailedToAppear { .. } => "case file: failed to appear, bench warrant issued".to_string(),
            other => format!("case file: {}", other.name()),
        };
        Ok(Applied { people: current.people.clone(), details: EventDetails::Case(next), reason })
    }

    /// A failure to appear writes the bench warrant with the case.
    async fn write(at: &Acting<'_>, actor: &Actor, input: EventInput, action: &CaseAction) -> ApiResult<Event> {
        let current = at.current;
        let CaseAction::FailedToAppear { hearing, defendant } = action else {
            return Ok(at
                .state
                .store
                .update_event(actor, EventKind::Case, &current.id, current.version, input)
                .await?);
        };
        let person = bench_warrant::defendant(&current.people, &current.reference, defendant.as_deref())?;
        let link = LinkedRecord::to(current);
        let mut warrant = bench_warrant::issue(&link, &case_of(current)?, current.borough.clone(), *hearing, &person)?;
        warrant.validate(EventKind::Warrant, at.now).map_err(|e| e.within("warrant"))?;
        let (case, _warrant) =
            at.state.store.fail_to_appear(actor, &current.id, current.version, input, warrant).await?;
        Ok(case)
    }
}

/// The custody time limit running on a case, or null when none is.
#[utoipa::path(get, path = "/api/v1/cases/{id}/custody-time-limit", params(("id" = String, Path)),
    responses((status = 200, body = Option<CustodyTimeLimit>), errors::Standard, errors::Forbidden, errors::NotFound))]
pub async fn custody_time_limit(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<JsonOut<Option<CustodyTimeLimit>>> {
    require_read(&caller, EventKind::Case)?;
    let event = state.store.event(EventKind::Case, &id).await?;
    Ok(JsonOut(case_lifecycle::custody_time_limit(&case_of(&event)?, &CtlRules::default(), Utc::now())))
}
