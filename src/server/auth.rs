//! Logging in and out, and knowing who is calling: every route but health
//! and login needs a live bearer token, and roles come from the server's own
//! record of the user, never from the request.
//!
//! A login runs a gauntlet before its password is hashed: the attempt
//! limits of its address and account name, then the account's lockout.
//! Every outcome is audited — a success, a wrong password, a name that is
//! no account, a lockout, a refusal — while the reply never tells a name
//! that is no account from a wrong password. A session ends at its expiry,
//! after the idle timeout without a request, or at logout.

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};

use super::error::{ApiError, ApiResult};
use super::extract::Json;
use super::login_guard::{Limited, Refusal};
use super::password;
use super::transport::Source;
use super::AppState;
use crate::api::errors;
use crate::api::{LoginRequest, LoginResponse, Me};
use crate::domain::role::Roles;
use crate::store::{check_username, Actor, AuditRecord, Failure, Issued, StoreError, TokenInfo, User};

/// A session's last use is written at most this often (seconds), so that
/// reading stays reading; the idle timeout is that much less exact.
const TOUCH_EVERY: i64 = 60;

/// The authenticated user making a request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub username: String,
    pub roles: Roles,
    pub expires_at: chrono::DateTime<Utc>,
    /// The session's token, as the store knows it (for logout).
    token_hash: String,
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
        let now = Utc::now();
        let token_hash = password::token_hash(token.trim());
        let idle_since = now - Duration::seconds(state.config.idle_timeout_secs);
        let info: Option<TokenInfo> = state.store.token(&token_hash, now, idle_since).await?;
        let info = info.ok_or_else(|| {
            ApiError::Unauthenticated(
                "the session has ended (expired, idle too long, or logged out) or the token is unknown; log in again"
                    .into(),
            )
        })?;
        if info.last_used.is_none_or(|used| now - used >= Duration::seconds(TOUCH_EVERY)) {
            state.store.touch_token(&token_hash, now).await?;
        }
        Ok(Caller { username: info.username, roles: info.roles, expires_at: info.expires_at, token_hash })
    }
}

#[utoipa::path(post, path = "/api/v1/auth/login", request_body = LoginRequest, security(()),
    responses((status = 200, body = LoginResponse),
              (status = 401, description = "Unknown user or wrong password (`unauthenticated`).",
               body = crate::api::ErrorBody),
              errors::TooManyAttempts, errors::Body, errors::Faults))]
pub async fn login(
    State(state): State<AppState>,
    source: Source,
    Json(req): Json<LoginRequest>,
) -> ApiResult<axum::Json<LoginResponse>> {
    let admitted = match state.logins.admit(source.0, &req.username) {
        Ok(admitted) => admitted,
        Err(refusal) => return Err(throttled(&state, &req.username, refusal).await),
    };
    let now = Utc::now();
    // A name that cannot be a user is looked up nowhere.
    let user = match check_username(&req.username) {
        Err(_) => None,
        Ok(()) => match state.store.user(&req.username).await {
            Ok(user) => Some(user),
            Err(StoreError::NotFound { .. }) => None,
            Err(e) => {
                state.logins.refund(&admitted);
                return Err(e.into());
            }
        },
    };
    if let Some(until) = locked_until(&state, user.as_ref(), &req.username, now) {
        return Err(locked(&state, &req.username, &source, until).await);
    }
    let could_be_a_user = user.is_some() || check_username(&req.username).is_ok();
    let ok = match could_be_a_user {
        false => false,
        true => match check_password(&state, user.as_ref(), req.password).await {
            Some(ok) => ok,
            None => {
                state.logins.refund(&admitted);
                let busy = "the server is busy checking passwords; try again in a moment";
                return Err(too_many(&state, busy.into(), std::time::Duration::from_secs(1)).await);
            }
        },
    };
    match user {
        Some(user) if ok && !user.disabled => {
            let reply = start_session(&state, user, &source).await?;
            state.logins.refund(&admitted);
            Ok(axum::Json(reply))
        }
        Some(user) if ok => {
            let detail = format!("account disabled; from {source}");
            audit_attempt(&state, &user.username, "login_refused", &detail).await?;
            Err(refused())
        }
        Some(user) => {
            let policy = state.logins.policy();
            let detail = format!("wrong password from {source}");
            let lockout = policy.lockout();
            match state.store.login_failed(&user.username, &detail, policy.max_failures.into(), lockout).await? {
                Failure::Locked(until) => tracing::warn!(username = %user.username, %until, "account locked"),
                Failure::Counted(n) => tracing::info!(username = %user.username, failures = n, "refused login"),
            }
            Err(refused())
        }
        None => {
            let detail = format!("no such user; from {source}");
            audit_attempt(&state, &req.username, "login_failed", &detail).await?;
            if state.logins.unknown_failed(&req.username) {
                let what = "locked as an account would be, after failed logins in a row";
                audit_attempt(&state, &req.username, "lockout", what).await?;
            }
            Err(refused())
        }
    }
}

/// The reply to a wrong password and to a name that is no account alike.
fn refused() -> ApiError {
    ApiError::Unauthenticated("unknown user or wrong password".into())
}

/// When the lockout of this account (or of this name, if it is no account) ends.
fn locked_until(state: &AppState, user: Option<&User>, username: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    match user {
        Some(user) => user.locked_at(now),
        None => state.logins.unknown_locked(username).and_then(|left| Duration::from_std(left).ok()).map(|d| now + d),
    }
}

/// Hashes the password in the pool: against the user's hash, or against a
/// dummy one for a name that is no account, so both take as long. None
/// when every worker is busy and the queue full.
async fn check_password(state: &AppState, user: Option<&User>, password: String) -> Option<bool> {
    let stored = user.map(|u| u.password_hash.clone());
    state.hashing.run(move || password::verify(&password, stored.as_deref().unwrap_or(DUMMY_HASH))).await.ok()
}

/// The 429 of an attempt refused unchecked, answered after the policy's
/// delay (at most `retry_after`).
async fn too_many(state: &AppState, message: String, retry_after: std::time::Duration) -> ApiError {
    let delay = std::time::Duration::from_millis(state.logins.policy().refusal_delay_ms).min(retry_after);
    tokio::time::sleep(delay).await;
    ApiError::TooManyAttempts { message, retry_after }
}

async fn start_session(state: &AppState, user: User, source: &Source) -> ApiResult<LoginResponse> {
    let (token, hashed) = password::new_token();
    let expires_at = Utc::now() + Duration::seconds(state.config.token_ttl_secs);
    let detail = format!("token issued to {source}");
    let actor = Actor::new(&user.username, "login");
    if state.store.store_token(&actor, &hashed, expires_at, &detail).await? == Issued::Locked {
        // Locked by a guess checked at the same time as this password.
        let until = state.store.user(&user.username).await?.locked_at(Utc::now());
        let until = until.unwrap_or_else(|| Utc::now() + state.logins.policy().lockout());
        return Err(locked(state, &user.username, source, until).await);
    }
    Ok(LoginResponse {
        token,
        expires_at,
        username: user.username,
        roles: user.roles.0,
        idle_timeout_secs: state.config.idle_timeout_secs,
    })
}

/// Refused unchecked: the account (or name) is locked.
async fn locked(state: &AppState, username: &str, source: &Source, until: DateTime<Utc>) -> ApiError {
    let detail = format!("locked until {}; from {source}", until.to_rfc3339());
    if let Err(e) = audit_attempt(state, username, "login_refused", &detail).await {
        return e;
    }
    let left = (until - Utc::now()).to_std().unwrap_or_default();
    let message = format!(
        "this account is locked after too many failed logins; try again in {} minutes or ask an administrator to \
         unlock it",
        left.as_secs().div_ceil(60).max(1)
    );
    too_many(state, message, left).await
}

/// Refused by an attempt limit; the first refusal of a run is audited.
async fn throttled(state: &AppState, username: &str, refusal: Refusal) -> ApiError {
    if refusal.first {
        let detail = match &refusal.what {
            Limited::Address(ip) => format!("attempts from {ip} limited for {} s", refusal.retry_after.as_secs()),
            Limited::Account(_) => format!("attempts at this account limited for {} s", refusal.retry_after.as_secs()),
        };
        tracing::warn!(%detail, "login attempts limited");
        if let Err(e) = audit_attempt(state, username, "login_throttled", &detail).await {
            return e;
        }
    }
    too_many(state, refusal.message, refusal.retry_after).await
}

/// An attempt at `username` in the audit, under that name when it could be
/// a user's (anything else is not written as given).
async fn audit_attempt(state: &AppState, username: &str, action: &str, detail: &str) -> ApiResult<()> {
    let name = if check_username(username).is_ok() { username } else { "(not a username)" };
    let record = AuditRecord { action, record_kind: "user", record_id: name, detail };
    state.store.record_access(&Actor::new(name, "login"), &[record]).await?;
    Ok(())
}

/// A valid Argon2id hash of a random string, for the unknown-user path.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$7Vv1o3ZKqQ7bE9a8lE6Jv2oQm5w8m2Gk0b0lq0h4Y1k";

#[utoipa::path(post, path = "/api/v1/auth/logout",
    responses((status = 204, description = "The session is over: its token is refused from now on."),
              errors::Standard))]
pub async fn logout(State(state): State<AppState>, caller: Caller) -> ApiResult<StatusCode> {
    state.store.revoke_token(&caller.actor("logout"), &caller.token_hash).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/auth/me", responses((status = 200, body = Me), errors::Standard))]
pub async fn me(State(state): State<AppState>, caller: Caller) -> axum::Json<Me> {
    axum::Json(Me {
        username: caller.username,
        roles: caller.roles.0,
        expires_at: caller.expires_at,
        idle_timeout_secs: state.config.idle_timeout_secs,
    })
}
