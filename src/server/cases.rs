//! Prosecution case file actions (`POST /cases/{id}/actions`) and the
//! custody time limit of a case (`GET /cases/{id}/custody-time-limit`).
//! Every change goes through the store's versioned, audited `update_event`.

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json as JsonOut, Router};
use chrono::{DateTime, Utc};

use super::auth::Caller;
use super::error::{ApiError, ApiResult};
use super::extract::{Json, Path};
use super::persons::redact;
use super::AppState;
use crate::api::errors;
use crate::domain::case_lifecycle::{self, CaseAction, CaseActionRequest, CtlRules, CustodyTimeLimit};
use crate::domain::event::{CaseDetails, Event, EventDetails, EventInput, EventKind};
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
    caller.require(caller.roles.may_write(EventKind::Case), "working case files")?;
    let event = apply_action(&state, &caller.username, &id, req.version, &req.action, Utc::now()).await?;
    Ok(JsonOut(redact(event, &caller.roles)))
}

/// Applies one action as `username` and writes it through the versioned update.
pub async fn apply_action(
    state: &AppState,
    username: &str,
    id: &str,
    version: i64,
    action: &CaseAction,
    now: DateTime<Utc>,
) -> ApiResult<Event> {
    let current = state.store.event(EventKind::Case, id).await?;
    if current.version != version {
        return Err(ApiError::Conflict(format!(
            "case {} is at version {}, not {version}: someone changed it; reload and try again",
            current.reference, current.version
        )));
    }
    let next = case_lifecycle::apply(&case_of(&current)?, action, now)?;
    let reason = match action {
        CaseAction::RejectForQuality { reason } => format!("case file rejected for quality: {reason}"),
        other => format!("case file: {}", other.name()),
    };
    let mut input = EventInput {
        reference: Some(current.reference.clone()),
        occurred_at: current.occurred_at,
        borough: current.borough.clone(),
        summary: current.summary.clone(),
        people: current.people.clone(),
        details: EventDetails::Case(next),
    };
    input.validate(EventKind::Case, now).map_err(|e| e.within("event"))?;
    Ok(state.store.update_event(&Actor::new(username, reason), EventKind::Case, id, version, input).await?)
}

/// The custody time limit running on a case, or null when none is.
#[utoipa::path(get, path = "/api/v1/cases/{id}/custody-time-limit", params(("id" = String, Path)),
    responses((status = 200, body = Option<CustodyTimeLimit>), errors::Standard, errors::Forbidden, errors::NotFound))]
pub async fn custody_time_limit(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<JsonOut<Option<CustodyTimeLimit>>> {
    caller.require(caller.roles.may_read(EventKind::Case), "reading case files")?;
    let event = state.store.event(EventKind::Case, &id).await?;
    Ok(JsonOut(case_lifecycle::custody_time_limit(&case_of(&event)?, &CtlRules::default(), Utc::now())))
}
