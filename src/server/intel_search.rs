//! `GET /api/v1/intelligence/search`: intelligence reports by the words of
//! their text, matched against what the caller would be shown (the
//! in-memory index applies the caller's view before the match: see
//! `search::intel`), ranked, a page at a time, the search audited once
//! with its reason and every report it showed.

use axum::extract::State;
use axum::routing::get;
use axum::{Json as JsonOut, Router};

use super::access::{others_draft, reason_or, redact, require_read};
use super::auth::Caller;
use super::error::{ApiError, ApiResult};
use super::extract::Query;
use super::AppState;
use crate::api::errors;
use crate::api::intelligence::{IntelligenceHit, IntelligenceSearchPage, IntelligenceSearchQuery};
use crate::domain::event::EventKind;
use crate::search::intel::{words, Cursor, Viewer};
use crate::store::AuditRecord;

pub fn routes() -> Router<AppState> {
    Router::new().route("/intelligence/search", get(search))
}

#[utoipa::path(get, path = "/api/v1/intelligence/search", operation_id = "intelligence_search",
    params(IntelligenceSearchQuery),
    responses((status = 200, body = IntelligenceSearchPage), errors::Standard, errors::ReasonRequired,
              errors::Forbidden, errors::Invalid))]
/// The reports whose text, as the caller would be shown it, holds any of
/// the words asked for: most words in common first, then newest.
pub async fn search(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<IntelligenceSearchQuery>,
) -> ApiResult<JsonOut<IntelligenceSearchPage>> {
    require_read(&caller, EventKind::Intelligence)?;
    let text = q.q.trim().to_string();
    if text.chars().count() > 200 {
        return Err(ApiError::invalid("q", "is longer than 200 characters"));
    }
    let asked = words(&text);
    if asked.is_empty() {
        return Err(ApiError::invalid("q", "has no word to search for (two letters or more, not the commonest words)"));
    }
    let limit = q.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::invalid("limit", "must be between 1 and 100"));
    }
    let reason = reason_or(q.reason, "intelligence search")?;
    // A report just written here is found by the next search.
    super::pole_index::caught_up(&state).await?;
    let viewer = Viewer { username: &caller.username, reads_unsanitised: caller.roles.may_read_unsanitised() };
    let page = {
        let index = state.intel.read().await;
        let after = q.after.as_deref().map(|a| Cursor::parse(a, &index)).transpose()?;
        index.search(&text, viewer, limit, after)
    };
    let ids: Vec<String> = page.found.iter().map(|f| f.id.clone()).collect();
    let mut events = state.store.intelligence_by_ids(&ids).await?;
    // In the index's order; a report changed since it was indexed is
    // checked again against the one rule.
    let mut items = Vec::with_capacity(page.found.len());
    for found in &page.found {
        let Some(at) = events.iter().position(|e| e.id == found.id) else { continue };
        let event = events.swap_remove(at);
        if !others_draft(&event, &caller.username) {
            items.push(IntelligenceHit { event: redact(event, &caller.roles), words: found.words });
        }
    }
    let shown: Vec<&str> = items.iter().map(|h| h.event.id.as_str()).collect();
    let detail = format!("q={text}");
    let record =
        AuditRecord { action: "consultation", record_kind: "intelligence_search", record_id: "-", detail: &detail };
    state.store.record_consultation(&caller.actor(&reason), &record, &shown).await?;
    Ok(JsonOut(IntelligenceSearchPage {
        words: asked,
        items,
        more: page.more,
        more_at_least: page.more_at_least,
        next: page.next,
    }))
}
