//! `POST /api/v1/users/{username}/unlock`: an admin ends an account's
//! lockout before its time (audited as the admin's act).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;

use super::auth::Caller;
use super::error::ApiResult;
use super::extract::Path;
use super::AppState;
use crate::api::errors;

pub fn routes() -> Router<AppState> {
    Router::new().route("/users/{username}/unlock", post(unlock))
}

#[utoipa::path(post, path = "/api/v1/users/{username}/unlock",
    params(("username" = String, Path, description = "the account to unlock")),
    responses((status = 204, description = "Unlocked: the lockout is over and the count of failed logins cleared."),
              errors::Standard, errors::Forbidden, errors::NotFound, errors::Invalid))]
pub async fn unlock(
    State(state): State<AppState>,
    caller: Caller,
    Path(username): Path<String>,
) -> ApiResult<StatusCode> {
    caller.require(caller.roles.is_admin(), "unlocking accounts")?;
    state.store.unlock_user(&caller.actor("account unlocked by an administrator"), &username).await?;
    state.logins.forget_account(&username);
    Ok(StatusCode::NO_CONTENT)
}
