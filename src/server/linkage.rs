//! Linkage routes: why a person's records belong together, and taking a
//! merged record back out (split).

use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json as JsonOut, Router};
use serde::{Deserialize, Serialize};

use super::auth::Caller;
use super::error::{ApiError, ApiResult};
use super::extract::{Json, Query};
use super::persons::{required_reason, ReasonParam};
use super::AppState;
use crate::domain::person::Person;
use crate::store::{AuditRecord, ImportRowRecord, ReviewItem};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/persons/{id}/why", get(why))
        .route("/imports/{source}/{reference}/split", post(split))
        .route("/review", get(review_queue))
        .route("/review/{source}/{reference}/accept", post(accept))
        .route("/review/{source}/{reference}/reject", post(reject))
}

/// The imported records that make up a person, each with the evidence that
/// put it there.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Why {
    pub person_id: String,
    pub records: Vec<ImportRowRecord>,
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SplitResult {
    /// The person the record was merged into, rebuilt without it.
    pub restored: Person,
    /// The record, now a person of its own.
    pub separated: Person,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SplitRequest {
    pub reason: String,
}

#[utoipa::path(get, path = "/api/v1/persons/{id}/why",
    params(("id" = String, Path), ("reason" = String, Query, description = "why the record is consulted (required)")),
    responses((status = 200, body = Why), (status = 404, body = crate::api::ErrorBody)))]
pub async fn why(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<ReasonParam>,
) -> ApiResult<JsonOut<Why>> {
    caller.require(caller.roles.may_read_people(), "reading person records")?;
    let reason = required_reason(q.reason)?;
    state.store.person(&id).await?;
    state
        .store
        .record_access(
            &caller.actor(&reason),
            &[AuditRecord {
                action: "consultation",
                record_kind: "person",
                record_id: &id,
                detail: "linkage evidence",
            }],
        )
        .await?;
    let records = state.store.person_import_rows(&id).await?;
    Ok(JsonOut(Why { person_id: id, records }))
}

#[utoipa::path(post, path = "/api/v1/imports/{source}/{reference}/split",
    params(("source" = String, Path), ("reference" = String, Path)),
    request_body = SplitRequest,
    responses((status = 200, body = SplitResult), (status = 400, body = crate::api::ErrorBody), (status = 404, body = crate::api::ErrorBody)))]
pub async fn split(
    State(state): State<AppState>,
    caller: Caller,
    Path((source, reference)): Path<(String, String)>,
    Json(body): Json<SplitRequest>,
) -> ApiResult<JsonOut<SplitResult>> {
    caller.require(caller.roles.may_write_people(), "changing person records")?;
    let reason = required_reason(Some(body.reason))?;
    let (restored, separated) =
        crate::import::split(&state.store, &caller.actor(&reason), &source, &reference).await.map_err(import_error)?;
    Ok(JsonOut(SplitResult { restored, separated }))
}

fn import_error(e: crate::import::ImportError) -> ApiError {
    match e {
        crate::import::ImportError::Store(s) => ApiError::from(s),
        other => ApiError::invalid("reference", other.to_string()),
    }
}

#[utoipa::path(get, path = "/api/v1/review",
    responses((status = 200, body = Vec<ReviewItem>)))]
/// Open possible matches, highest score first.
pub async fn review_queue(State(state): State<AppState>, caller: Caller) -> ApiResult<JsonOut<Vec<ReviewItem>>> {
    caller.require(caller.roles.may_write_people(), "reviewing possible matches")?;
    Ok(JsonOut(state.store.review_queue(Some("open")).await?))
}

#[utoipa::path(post, path = "/api/v1/review/{source}/{reference}/accept",
    params(("source" = String, Path), ("reference" = String, Path)),
    request_body = SplitRequest,
    responses((status = 200, body = Person), (status = 400, body = crate::api::ErrorBody), (status = 404, body = crate::api::ErrorBody)))]
/// Merges the row into its candidate.
pub async fn accept(
    State(state): State<AppState>,
    caller: Caller,
    Path((source, reference)): Path<(String, String)>,
    Json(body): Json<SplitRequest>,
) -> ApiResult<JsonOut<Person>> {
    caller.require(caller.roles.may_write_people(), "changing person records")?;
    let reason = required_reason(Some(body.reason))?;
    let merged =
        crate::import::accept(&state.store, &caller.actor(&reason), &source, &reference).await.map_err(import_error)?;
    Ok(JsonOut(merged))
}

#[utoipa::path(post, path = "/api/v1/review/{source}/{reference}/reject",
    params(("source" = String, Path), ("reference" = String, Path)),
    request_body = SplitRequest,
    responses((status = 204), (status = 404, body = crate::api::ErrorBody)))]
/// Keeps the row and its candidate apart.
pub async fn reject(
    State(state): State<AppState>,
    caller: Caller,
    Path((source, reference)): Path<(String, String)>,
    Json(body): Json<SplitRequest>,
) -> ApiResult<axum::http::StatusCode> {
    caller.require(caller.roles.may_write_people(), "changing person records")?;
    let reason = required_reason(Some(body.reason))?;
    state.store.reject_review(&caller.actor(&reason), &source, &reference).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
