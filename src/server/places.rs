//! Places and objects: custody suites, courts, vehicles and phones.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json as JsonOut, Router};

use super::auth::Caller;
use super::error::{ApiError, ApiResult};
use super::extract::{Json, Query};
use super::AppState;
use crate::api::errors;
use crate::api::places::LocationQuery;
use crate::domain::location::{Location, LocationKind};
use crate::domain::object::{Object, ObjectDetails};

pub fn routes() -> Router<AppState> {
    Router::new().route("/locations", get(locations)).route("/objects", post(create_object))
}

#[utoipa::path(get, path = "/api/v1/locations",
    params(LocationQuery),
    responses((status = 200, body = Vec<Location>), errors::Standard, errors::Invalid))]
pub async fn locations(
    State(state): State<AppState>,
    _caller: Caller,
    Query(p): Query<LocationQuery>,
) -> ApiResult<JsonOut<Vec<Location>>> {
    let kind = match p.kind {
        Some(k) => Some(
            serde_json::from_value::<LocationKind>(serde_json::Value::String(k.clone()))
                .map_err(|_| ApiError::invalid("kind", format!("'{k}' is not custody_suite, court or address")))?,
        ),
        None => None,
    };
    Ok(JsonOut(state.store.locations(kind).await?))
}

#[utoipa::path(post, path = "/api/v1/objects", request_body = ObjectDetails,
    responses((status = 201, body = Object), errors::Standard, errors::Forbidden, errors::Body))]
pub async fn create_object(
    State(state): State<AppState>,
    caller: Caller,
    Json(mut details): Json<ObjectDetails>,
) -> ApiResult<(StatusCode, JsonOut<Object>)> {
    caller.require(caller.roles.may_write_people(), "recording objects")?;
    details.validate(&caller.username, chrono::Utc::now())?;
    let object = state.store.create_object(&caller.actor("object recorded"), details).await?;
    Ok((StatusCode::CREATED, JsonOut(object)))
}
