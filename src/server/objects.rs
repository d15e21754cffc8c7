//! Vehicles and phones: read (the profile, with a reason, audited per
//! record), update with the version read, look up by mark or number, and
//! link an event already on record. (`POST /objects` records one: places.rs.)

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json as JsonOut, Router};
use chrono::Utc;

use super::access::{reason_or, required_reason, sight_of, Sight};
use super::auth::Caller;
use super::consulted::Consulted;
use super::error::{ApiError, ApiResult};
use super::extract::{Json, Path, Query};
use super::AppState;
use crate::api::errors;
use crate::api::objects::{ObjectEventRequest, ObjectLookupQuery, ObjectProfile, ObjectUpdate};
use crate::api::timeline_page::ProfileQuery;
use crate::domain::object::Object;
use crate::domain::object_link::ObjectEventLink;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/objects/lookup", get(super::object_lookup::lookup))
        .route("/objects/{id}", get(profile).put(update))
        .route("/objects/{id}/events", post(link_event))
}

#[utoipa::path(get, path = "/api/v1/objects/{id}", operation_id = "object_profile",
    params(("id" = String, Path), ProfileQuery),
    responses((status = 200, body = ObjectProfile), errors::Standard, errors::ReasonRequired, errors::Forbidden,
              errors::NotFound, errors::Invalid))]
pub async fn profile(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<ProfileQuery>,
) -> ApiResult<JsonOut<ObjectProfile>> {
    caller.require(caller.roles.may_read_people(), "reading vehicles and phones")?;
    let reason = required_reason(q.reason.clone())?;
    let object = state.store.object(&id).await?;
    let profile = super::object_profile::assemble(&state, object, &caller.username, &caller.roles, &q).await?;
    // On record before it is handed over: the object, each person and each
    // record on the page shown.
    let what = format!("{} profile", profile.object.details.kind_name());
    let mut consulted = Consulted::new();
    consulted.object(&id, format!("{what}: {}", profile.object.details.key()));
    for p in &profile.people {
        consulted.person(&p.person_id, format!("on a {what}"));
    }
    for t in &profile.timeline {
        consulted.event(&t.event, &format!("on a {what}"));
    }
    consulted.record(&state, &caller, &reason).await?;
    Ok(JsonOut(profile))
}

#[utoipa::path(put, path = "/api/v1/objects/{id}", operation_id = "update_object", request_body = ObjectUpdate,
    params(("id" = String, Path)),
    responses((status = 200, body = Object), errors::Standard, errors::Forbidden, errors::NotFound, errors::Conflict,
              errors::Body))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(update): Json<ObjectUpdate>,
) -> ApiResult<JsonOut<Object>> {
    caller.require(caller.roles.may_write_people(), "changing vehicles and phones")?;
    let now = Utc::now();
    let mut details = update.details;
    details.validate(&caller.username, now).map_err(|e| e.within("details"))?;
    let object = state
        .store
        .update_object(&caller.actor("object updated"), &id, update.version, |current| {
            details.carry_history(&current.details, now.date_naive())?;
            Ok(details)
        })
        .await?;
    Ok(JsonOut(object))
}

#[utoipa::path(post, path = "/api/v1/objects/{id}/events", operation_id = "link_object_event",
    request_body = ObjectEventRequest, params(("id" = String, Path)),
    responses((status = 201, body = ObjectEventLink), errors::Standard, errors::Forbidden, errors::NotFound,
              errors::Body))]
pub async fn link_event(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(request): Json<ObjectEventRequest>,
) -> ApiResult<(StatusCode, JsonOut<ObjectEventLink>)> {
    // Not even the id sent is said back: the same reply whether the record
    // is not there or not the caller's to read.
    let missing = || ApiError::NotFound("no record with the event_id given".into());
    let event = state.store.event_by_id(&request.event_id).await.map_err(|e| match e {
        crate::store::StoreError::NotFound { .. } => missing(),
        e => e.into(),
    })?;
    // A record the caller may not read is one they cannot name: as if it
    // were not there.
    if sight_of(&event, &caller.username, &caller.roles) != Sight::Read {
        return Err(missing());
    }
    caller.require(caller.roles.may_write(event.kind), &format!("changing {}", event.kind.collection()))?;
    let link = state
        .store
        .link_event_to_object(&caller.actor(format!("{} linked to an object", event.kind)), &event, &id, request.role)
        .await?;
    Ok((StatusCode::CREATED, JsonOut(link)))
}

/// The reason for a lookup: checked when given, a default when not.
pub(super) fn lookup_reason(q: &ObjectLookupQuery) -> ApiResult<String> {
    reason_or(q.reason.clone(), "vehicle or phone lookup")
}
