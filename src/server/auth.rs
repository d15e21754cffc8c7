//! Logging in, and knowing who is calling: every route but health and
//! login needs a live bearer token, and roles come from the server's own
//! record of the user, never from the request.

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use chrono::{Duration, Utc};

use super::error::{ApiError, ApiResult};
use super::extract::Json;
use super::password;
use super::AppState;
use crate::api::errors;
use crate::api::{LoginRequest, LoginResponse, Me};
use crate::domain::role::Roles;
use crate::store::{Actor, TokenInfo};

/// The authenticated user making a request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub username: String,
    pub roles: Roles,
    pub expires_at: chrono::DateTime<Utc>,
}

impl Caller {
    pub fn actor(&self, reason: impl Into<String>) -> Actor {
        Actor::new(&self.username, reason)
    }

    pub fn require(&self, allowed: bool, what: &str) -> ApiResult<()> {
        if allowed {
            Ok(())
        } else {
            let roles: Vec<&str> = self.roles.0.iter().map(|r| r.as_str()).collect();
            Err(ApiError::Forbidden(format!("your roles ({}) do not allow {what}", roles.join(", "))))
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| ApiError::Unauthenticated("log in first: no bearer token was sent".into()))?;
        let token = header
            .strip_prefix("Bearer ")
            .ok_or_else(|| ApiError::Unauthenticated("the Authorization header must be 'Bearer TOKEN'".into()))?;
        let info: Option<TokenInfo> = state.store.token(&password::token_hash(token.trim()), Utc::now()).await?;
        let info =
            info.ok_or_else(|| ApiError::Unauthenticated("the token is unknown or has expired; log in again".into()))?;
        Ok(Caller { username: info.username, roles: info.roles, expires_at: info.expires_at })
    }
}

#[utoipa::path(post, path = "/api/v1/auth/login", request_body = LoginRequest, security(()),
    responses((status = 200, body = LoginResponse),
              (status = 401, description = "Unknown user or wrong password (`unauthenticated`).",
               body = crate::api::ErrorBody),
              errors::Body, errors::Faults))]
pub async fn login(
    State(state): State<AppState>,
    Json(req): Json<LoginRequest>,
) -> ApiResult<axum::Json<LoginResponse>> {
    let refused = || ApiError::Unauthenticated("unknown user or wrong password".into());
    let user = match state.store.user(&req.username).await {
        Ok(u) => u,
        Err(crate::store::StoreError::NotFound { .. }) => {
            // Spend the same time as a real check so user names cannot be probed.
            let _ = tokio::task::spawn_blocking(move || password::verify(&req.password, DUMMY_HASH)).await;
            return Err(refused());
        }
        Err(e) => return Err(e.into()),
    };
    let stored = user.password_hash.clone();
    let ok = tokio::task::spawn_blocking(move || password::verify(&req.password, &stored))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    if !ok || user.disabled {
        tracing::warn!(username = %user.username, "refused login");
        return Err(refused());
    }
    let (token, hashed) = password::new_token();
    let expires_at = Utc::now() + Duration::seconds(state.config.token_ttl_secs);
    state.store.store_token(&Actor::new(&user.username, "login"), &hashed, expires_at).await?;
    Ok(axum::Json(LoginResponse { token, expires_at, username: user.username, roles: user.roles.0 }))
}

/// A valid Argon2id hash of a random string, for the unknown-user path.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$7Vv1o3ZKqQ7bE9a8lE6Jv2oQm5w8m2Gk0b0lq0h4Y1k";

#[utoipa::path(get, path = "/api/v1/auth/me", responses((status = 200, body = Me), errors::Standard))]
pub async fn me(caller: Caller) -> axum::Json<Me> {
    axum::Json(Me { username: caller.username, roles: caller.roles.0, expires_at: caller.expires_at })
}
