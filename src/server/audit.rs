//! `GET /api/v1/audit`: the audit log, for admins only.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use chrono::{DateTime, Utc};

use super::auth::Caller;
use super::error::{ApiError, ApiResult};
use super::extract::Query;
use super::AppState;
use crate::api::errors;
use crate::api::{AuditPage, AuditQuery};
use crate::store::{AuditFilter, AuditRecord};

pub fn routes() -> Router<AppState> {
    Router::new().route("/audit", get(audit))
}

#[utoipa::path(get, path = "/api/v1/audit",
    params(AuditQuery),
    responses((status = 200, body = AuditPage), errors::Standard, errors::Forbidden, errors::Invalid))]
pub async fn audit(
    State(state): State<AppState>,
    caller: Caller,
    Query(p): Query<AuditQuery>,
) -> ApiResult<Json<AuditPage>> {
    caller.require(caller.roles.is_admin(), "reading the audit log")?;
    let since = match p.since {
        Some(s) => Some(
            DateTime::parse_from_rfc3339(&s)
                .map_err(|e| ApiError::invalid("since", format!("'{s}' is not an RFC 3339 time: {e}")))?
                .with_timezone(&Utc),
        ),
        None => None,
    };
    let limit = p.limit.unwrap_or(1000);
    if !(1..=10_000).contains(&limit) {
        return Err(ApiError::invalid("limit", "must be between 1 and 10000"));
    }
    let filter = AuditFilter { username: p.user, record_id: p.record, person_id: p.person, since, limit };
    let items = state.store.audit_entries(&filter).await?;
    // Reading the audit log is itself on record.
    state
        .store
        .record_access(
            &caller.actor("audit review"),
            &[AuditRecord {
                action: "consultation",
                record_kind: "audit",
                record_id: "-",
                detail: &format!("{} entries", items.len()),
            }],
        )
        .await?;
    Ok(Json(AuditPage { items }))
}
