//! The custody time limits on watch (`GET /cases/custody-time-limits`):
//! every open case whose defendant is remanded in custody, with the days
//! its limit has left and whether that is due (within the force's warning
//! days) or expired; expired first, then soonest to expire.

use std::cmp::Reverse;

use axum::extract::State;
use axum::routing::get;
use axum::{Json as JsonOut, Router};
use chrono::Utc;

use super::access::{reason_or, require_read};
use super::auth::Caller;
use super::consulted::Consulted;
use super::error::ApiResult;
use super::extract::Query;
use super::AppState;
use crate::api::cases::{CtlRow, CtlWatch, CtlWatchQuery};
use crate::api::errors;
use crate::domain::case_lifecycle::{custody_time_limit, CtlRules};
use crate::domain::ctl_watch::CtlStanding;
use crate::domain::event::{EventDetails, EventKind};
use crate::store::EventFilter;

pub fn routes() -> Router<AppState> {
    Router::new().route("/cases/custody-time-limits", get(watch))
}

#[utoipa::path(get, path = "/api/v1/cases/custody-time-limits", params(CtlWatchQuery),
    responses((status = 200, body = CtlWatch), errors::Standard, errors::ReasonRequired, errors::Forbidden,
              errors::Invalid))]
pub async fn watch(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<CtlWatchQuery>,
) -> ApiResult<JsonOut<CtlWatch>> {
    require_read(&caller, EventKind::Case)?;
    let reason = reason_or(q.reason, "custody time limits")?;
    let warning_days = state.config.cases.ctl_warning_days;
    let now = Utc::now();
    let mut consulted = Consulted::new();
    let mut cases = Vec::new();
    let mut after = None;
    loop {
        let filter = EventFilter { open: Some(true), limit: 1000, after: after.take(), ..EventFilter::default() };
        let (items, next) = state.store.list_events(EventKind::Case, &filter).await?;
        for event in items {
            let EventDetails::Case(d) = &event.details else { continue };
            let Some(limit) = custody_time_limit(d, &CtlRules::default(), now) else { continue };
            let standing = CtlStanding::of(&limit, warning_days);
            if q.due == Some(true) && !standing.flagged() {
                continue;
            }
            consulted.event(&event, "custody time limit");
            cases.push(CtlRow {
                case_id: event.id.clone(),
                reference: event.reference.clone(),
                version: event.version,
                limit,
                standing,
            });
        }
        match next {
            Some(cursor) => after = Some(cursor),
            None => break,
        }
    }
    consulted.record(&state, &caller, &reason).await?;
    cases.sort_by_key(|r| (Reverse(r.standing), r.limit.expires_on, r.case_id.clone()));
    Ok(JsonOut(CtlWatch { at: now, warning_days, cases }))
}
