//! `GET /api/v1/search/subjects`: the one search box.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use chrono::Utc;

use super::access::{readable, reason_or, seen_flags};
use super::auth::Caller;
use super::error::{ApiError, ApiResult};
use super::extract::Query;
use super::AppState;
use crate::api::errors;
use crate::api::{SearchQuery, SearchResponse, SubjectHit};
use crate::domain::dates::PartialDate;
use crate::search::SubjectQuery;
use crate::store::AuditRecord;

pub fn routes() -> Router<AppState> {
    Router::new().route("/search/subjects", get(search_subjects))
}

#[utoipa::path(get, path = "/api/v1/search/subjects",
    params(SearchQuery),
    responses((status = 200, body = SearchResponse), errors::Standard, errors::ReasonRequired, errors::Forbidden, errors::Invalid))]
pub async fn search_subjects(
    State(state): State<AppState>,
    caller: Caller,
    Query(p): Query<SearchQuery>,
) -> ApiResult<Json<SearchResponse>> {
    caller.require(caller.roles.may_read_people(), "searching for people")?;
    let text = p.q.trim().to_string();
    if text.is_empty() {
        return Err(ApiError::invalid("q", "must not be empty"));
    }
    if text.chars().count() > 200 {
        return Err(ApiError::invalid("q", "is longer than 200 characters"));
    }
    let dob = match p.dob.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => Some(d.parse::<PartialDate>().map_err(|m| ApiError::invalid("dob", m))?),
        None => None,
    };
    let limit = p.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::invalid("limit", "must be between 1 and 100"));
    }
    let reason = reason_or(p.reason, "subject search")?;
    let today = Utc::now().date_naive();
    let query = SubjectQuery { text: text.clone(), dob, limit };
    // A reference finds its person only for a caller who may read its record.
    let mut hits = state.index.read().await.search_for(&query, today, readable(&caller.roles));
    let drafts = super::draft_reference::found(&state, &caller, &text).await?;
    if !drafts.is_empty() {
        // The whole text is the reference of the caller's own draft: that is the answer.
        hits = drafts;
    }
    let places = super::place_lookup::for_subject_search(&state, &text, limit).await?;
    let objects = super::search_objects::matching(&state, &text).await?;
    // One entry for the query, findable by each person, place, vehicle and
    // phone it showed.
    let mut shown: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
    shown.extend(places.iter().map(|p| p.place_id.as_str()));
    shown.extend(objects.iter().map(|o| o.object.id.as_str()));
    let detail = match dob {
        Some(d) => format!("q={text} dob={d}"),
        None => format!("q={text}"),
    };
    let record = AuditRecord { action: "consultation", record_kind: "search", record_id: "-", detail: &detail };
    state.store.record_consultation(&caller.actor(&reason), &record, &shown).await?;
    let hits = hits
        .into_iter()
        .map(|h| SubjectHit {
            person_id: h.id,
            name: h.display.name,
            age: h.display.date_of_birth.map(|d| d.age_on(today)),
            date_of_birth: h.display.date_of_birth,
            area: h.display.area,
            markers: h.display.markers,
            flags: seen_flags(&caller.roles, h.display.flags),
            score: h.score,
            why: h.why,
        })
        .collect();
    Ok(Json(SearchResponse { query: text, hits, places, objects }))
}
