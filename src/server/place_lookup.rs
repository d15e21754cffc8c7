//! `GET /places/lookup?q=`: places by postcode, postcode district or words
//! of the address, typos forgiven, ranked; the query and each place shown
//! are audited with the reason.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use chrono::Utc;

use super::access::reason_or;
use super::auth::Caller;
use super::consulted::Consulted;
use super::error::{ApiError, ApiResult};
use super::extract::Query;
use super::AppState;
use crate::api::errors;
use crate::api::place_records::{PlaceHit, PlaceLookup, PlaceLookupQuery};
use crate::domain::place_lookup::PlaceQuery;

pub fn routes() -> Router<AppState> {
    Router::new().route("/places/lookup", get(lookup))
}

#[utoipa::path(get, path = "/api/v1/places/lookup", operation_id = "lookup_places",
    params(PlaceLookupQuery),
    responses((status = 200, body = PlaceLookup), errors::Standard, errors::ReasonRequired, errors::Forbidden,
              errors::Invalid))]
/// Places that answer a postcode or address text, best first.
pub async fn lookup(
    State(state): State<AppState>,
    caller: Caller,
    Query(p): Query<PlaceLookupQuery>,
) -> ApiResult<Json<PlaceLookup>> {
    caller.require(caller.roles.may_read_people(), "looking up places")?;
    let limit = p.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::invalid("limit", "must be between 1 and 100"));
    }
    let query = PlaceQuery::read(&p.q)?;
    let reason = reason_or(p.reason, "place lookup")?;
    let hits = ranked(&state, &query, limit).await?;
    let mut consulted = Consulted::new();
    consulted.query("place_lookup", format!("q={}", p.q.trim()));
    for h in &hits {
        consulted.place(&h.place_id, "a place lookup's hit");
    }
    consulted.record(&state, &caller, &reason).await?;
    Ok(Json(PlaceLookup { read_as: query.reading(), hits }))
}

/// The places that answer `query`, best first, at most `limit`: from the
/// vehicle, phone and place index, without reading the store.
pub(super) async fn ranked(state: &AppState, query: &PlaceQuery, limit: usize) -> ApiResult<Vec<PlaceHit>> {
    let today = Utc::now().date_naive();
    super::pole_index::caught_up(state).await?;
    let found = state.pole.read().await.places(query, limit, today);
    Ok(found
        .into_iter()
        .map(|f| PlaceHit {
            place_id: f.place_id,
            address: f.address,
            borough: f.borough,
            warnings: f.warnings,
            score: f.score,
            why: f.why,
        })
        .collect())
}

/// The places the subject search box answers with: when its text reads as
/// an address (see `PlaceQuery::is_address`), else none, so a name costs
/// nothing here.
pub(super) async fn for_subject_search(state: &AppState, text: &str, limit: usize) -> ApiResult<Vec<PlaceHit>> {
    match PlaceQuery::read(text) {
        Ok(query) if query.is_address() => ranked(state, &query, limit).await,
        _ => Ok(Vec::new()),
    }
}
