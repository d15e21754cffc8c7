//! `GET /warrants/officers`: who a warrant may be allocated to — the users
//! of the system whose accounts are in use and whose roles work warrants —
//! so the console offers a list to choose from rather than a name typed
//! blind (the allocation itself refuses anyone else).

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};

use super::auth::Caller;
use super::error::ApiResult;
use super::AppState;
use crate::api::errors;
use crate::api::warrants::WarrantOfficers;
use crate::domain::event::EventKind;

pub fn routes() -> Router<AppState> {
    Router::new().route("/warrants/officers", get(officers))
}

#[utoipa::path(get, path = "/api/v1/warrants/officers", operation_id = "warrant_officers",
    responses((status = 200, body = WarrantOfficers), errors::Standard, errors::Forbidden))]
pub async fn officers(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<WarrantOfficers>> {
    caller.require(caller.roles.may_write(EventKind::Warrant), "allocating warrants")?;
    let users = state.store.users().await?;
    let usernames = users
        .into_iter()
        .filter(|u| !u.disabled && u.roles.may_write(EventKind::Warrant))
        .map(|u| u.username)
        .collect();
    Ok(Json(WarrantOfficers { usernames }))
}
