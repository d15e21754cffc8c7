//! Places recorded, updated and linked: `POST /places` (an address already
//! on record gives back that place, 200, rather than a second one),
//! `PUT /places/{id}` with the version it was read at, and
//! `POST /places/{id}/links` for a person (lives at, works at, frequents,
//! with dates) or an event (crime scene, address of incident…).
//!
//! Who may: people-writing roles record places and link people; an event is
//! linked by a role that may write records of its kind and read them.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json as JsonOut, Router};
use chrono::Utc;

use super::access::{require_not_others_draft, require_read};
use super::auth::Caller;
use super::error::ApiResult;
use super::extract::{Json, Path};
use super::place_profile;
use super::AppState;
use crate::api::errors;
use crate::api::place_records::PlaceUpdate;
use crate::domain::event::EventKind;
use crate::domain::place::{Place, PlaceDetails};
use crate::domain::place_link::{NewPlaceLink, PlaceLink};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/places", post(create))
        .route("/places/{id}", axum::routing::get(place_profile::profile).put(update))
        .route("/places/{id}/links", post(link))
}

#[utoipa::path(post, path = "/api/v1/places", operation_id = "record_place", request_body = PlaceDetails,
    responses((status = 201, body = Place, description = "Recorded."),
              (status = 200, body = Place, description = "The place already recorded at this address key."),
              errors::Standard, errors::Forbidden, errors::Body))]
/// Records a place; the same address written another way is the place
/// already recorded, given back with 200.
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Json(mut details): Json<PlaceDetails>,
) -> ApiResult<(StatusCode, JsonOut<Place>)> {
    caller.require(caller.roles.may_write_people(), "recording places")?;
    let now = Utc::now();
    details.validate(now.date_naive(), &caller.username, now)?;
    let (place, made) = state.store.record_place(&caller.actor("place recorded"), details).await?;
    let status = if made { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, JsonOut(place)))
}

#[utoipa::path(put, path = "/api/v1/places/{id}", operation_id = "update_place", request_body = PlaceUpdate,
    params(("id" = String, Path)),
    responses((status = 200, body = Place), errors::Standard, errors::Forbidden, errors::NotFound, errors::Conflict,
              errors::Body))]
/// Changes a place's address or warnings, if it is still at `version`.
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(mut update): Json<PlaceUpdate>,
) -> ApiResult<JsonOut<Place>> {
    caller.require(caller.roles.may_write_people(), "changing places")?;
    let now = Utc::now();
    update.place.validate(now.date_naive(), &caller.username, now).map_err(|e| e.within("place"))?;
    let place = state.store.update_place(&caller.actor("place updated"), &id, update.version, update.place).await?;
    Ok(JsonOut(place))
}

#[utoipa::path(post, path = "/api/v1/places/{id}/links", operation_id = "link_place", request_body = NewPlaceLink,
    params(("id" = String, Path)),
    responses((status = 201, body = PlaceLink), errors::Standard, errors::Forbidden, errors::NotFound, errors::Body))]
/// Links a person or an event to the place, with its role.
pub async fn link(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(new): Json<NewPlaceLink>,
) -> ApiResult<(StatusCode, JsonOut<PlaceLink>)> {
    match &new.event {
        Some(e) => {
            caller.require(caller.roles.may_write(e.kind), &format!("linking {} to places", e.kind.collection()))?;
            require_read(&caller, e.kind)?;
            // Someone else's intelligence draft is, to the caller, not there.
            if e.kind == EventKind::Intelligence {
                require_not_others_draft(&state.store.event(e.kind, &e.id).await?, &caller.username)?;
            }
        }
        None => caller.require(caller.roles.may_write_people(), "linking people to places")?,
    }
    new.validate(Utc::now().date_naive())?;
    let link = state.store.link_place(&caller.actor("place link recorded"), &id, new).await?;
    Ok((StatusCode::CREATED, JsonOut(link)))
}
