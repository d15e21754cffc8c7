//! `GET /crimes/officers`: who a crime may be allocated to — the users of
//! the system whose accounts are in use and whose roles work crimes — so
//! the console offers a list to choose the officer in the case from.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};

use super::auth::Caller;
use super::error::ApiResult;
use super::AppState;
use crate::api::crimes::CrimeOfficers;
use crate::api::errors;
use crate::domain::event::EventKind;

pub fn routes() -> Router<AppState> {
    Router::new().route("/crimes/officers", get(officers))
}

#[utoipa::path(get, path = "/api/v1/crimes/officers", operation_id = "crime_officers",
    responses((status = 200, body = CrimeOfficers), errors::Standard, errors::Forbidden))]
pub async fn officers(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<CrimeOfficers>> {
    caller.require(caller.roles.may_write(EventKind::Crime), "allocating crimes")?;
    let users = state.store.users().await?;
    let usernames =
        users.into_iter().filter(|u| !u.disabled && u.roles.may_write(EventKind::Crime)).map(|u| u.username).collect();
    Ok(Json(CrimeOfficers { usernames }))
}
