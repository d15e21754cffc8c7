//! Linkage routes: why a person's records belong together, and taking a
//! merged record back out (split).

use std::collections::HashMap;

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json as JsonOut, Router};

use super::access::{readable, reason_or, required_reason, seen_flags, Sources};
use super::auth::Caller;
use super::consulted::Consulted;
use super::error::{ApiError, ApiResult};
use super::extract::{Json, Path, Query};
use super::AppState;
use crate::api::errors;
use crate::api::linkage::{
    fields_of, FindingsPage, FindingsQuery, ReviewCount, ReviewPair, ReviewQuery, ReviewSide, SourcesPage,
    SourcesQuery, SplitReply, SplitRequest, WhyReply,
};
use crate::api::ReasonQuery;
use crate::domain::person::{Flags, Person};
use crate::store::AuditRecord;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/persons/{id}/why", get(why))
        .route("/imports/{source}/{reference}/split", post(split))
        .route("/review", get(review_queue))
        .route("/review/count", get(review_count))
        .route("/review/{source}/{reference}/accept", post(accept))
        .route("/review/{source}/{reference}/reject", post(reject))
        .route("/imports", get(sources))
        .route("/imports/findings", get(findings))
}

#[utoipa::path(get, path = "/api/v1/persons/{id}/why",
    params(("id" = String, Path),
           ("reason" = String, Query, min_length = 8, max_length = 500,
            description = "why the record is consulted (required)")),
    responses((status = 200, body = WhyReply), errors::Standard, errors::ReasonRequired, errors::Forbidden, errors::NotFound,
              errors::Invalid))]
pub async fn why(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<ReasonQuery>,
) -> ApiResult<JsonOut<WhyReply>> {
    caller.require(caller.roles.may_read_people(), "reading person records")?;
    let reason = required_reason(q.reason)?;
    state.store.person(&id).await?;
    // Rows from systems of a kind the caller may not read are not theirs to see.
    let sources = Sources::load(&state.store).await?;
    let mut records = state.store.person_import_rows(&id).await?;
    records.retain(|r| sources.may_see(&caller.roles, &r.source));
    state
        .store
        .record_access(
            &caller.actor(&reason),
            &[AuditRecord {
                action: "consultation",
                record_kind: "person",
                record_id: &id,
                detail: "linkage evidence",
            }],
        )
        .await?;
    Ok(JsonOut(WhyReply { person_id: id, records }))
}

#[utoipa::path(post, path = "/api/v1/imports/{source}/{reference}/split",
    params(("source" = String, Path), ("reference" = String, Path)),
    request_body = SplitRequest,
    responses((status = 200, body = SplitReply), errors::Standard, errors::ReasonRequired, errors::Forbidden,
              errors::NotFound, errors::Conflict, errors::Body))]
pub async fn split(
    State(state): State<AppState>,
    caller: Caller,
    Path((source, reference)): Path<(String, String)>,
    Json(body): Json<SplitRequest>,
) -> ApiResult<JsonOut<SplitReply>> {
    caller.require(caller.roles.may_write_people(), "changing person records")?;
    Sources::load(&state.store).await?.require_seen(&caller, &source)?;
    let reason = required_reason(Some(body.reason))?;
    let (restored, separated) =
        crate::import::split(&state.store, &caller.actor(&reason), &source, &reference).await.map_err(import_error)?;
    Ok(JsonOut(SplitReply { restored, separated }))
}

fn import_error(e: crate::import::ImportError) -> ApiError {
    match e {
        crate::import::ImportError::Store(s) => ApiError::from(s),
        other => ApiError::invalid("reference", other.to_string()),
    }
}

fn side(person: &Person, flags: Flags) -> ReviewSide {
    ReviewSide {
        flags,
        person_id: person.id.clone(),
        name: person.display_name(),
        date_of_birth: person.details.date_of_birth,
        postcode: person.details.addresses.last().map(|a| a.address.postcode.clone()),
    }
}

/// How many possible matches are open: `GET /review` gives the first of
/// them (no names here, so nothing is consulted).
#[utoipa::path(get, path = "/api/v1/review/count",
    responses((status = 200, body = ReviewCount), errors::Standard, errors::Forbidden))]
pub async fn review_count(State(state): State<AppState>, caller: Caller) -> ApiResult<JsonOut<ReviewCount>> {
    caller.require(caller.roles.may_write_people(), "reviewing possible matches")?;
    Ok(JsonOut(ReviewCount { open: state.store.open_review_count(readable(&caller.roles)).await? }))
}

#[utoipa::path(get, path = "/api/v1/review", params(ReviewQuery),
    responses((status = 200, body = Vec<ReviewPair>), errors::Standard, errors::ReasonRequired, errors::Forbidden,
              errors::Invalid))]
/// Open possible matches, highest score first, each with both sides and the
/// evidence; reading the names is recorded as a consultation.
pub async fn review_queue(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ReviewQuery>,
) -> ApiResult<JsonOut<Vec<ReviewPair>>> {
    caller.require(caller.roles.may_write_people(), "reviewing possible matches")?;
    let limit = q.limit.unwrap_or(200);
    if !(1..=1000).contains(&limit) {
        return Err(ApiError::invalid("limit", "must be 1 to 1000"));
    }
    let reason = reason_or(q.reason, "review of possible matches")?;
    // Only pairs from systems of a kind the caller may read.
    let items = state.store.open_reviews(limit, readable(&caller.roles)).await?;
    // Both sides of every pair in one read.
    let ids: Vec<String> = items.iter().flat_map(|(i, _)| [i.person_id.clone(), i.candidate_id.clone()]).collect();
    let people: HashMap<String, Person> =
        state.store.persons_by_ids(&ids).await?.into_iter().map(|p| (p.id.clone(), p)).collect();
    let flags = state.store.flags(Some(&ids)).await?;
    let side = |p: &Person| side(p, seen_flags(&caller.roles, flags.get(&p.id).copied().unwrap_or_default()));
    let mut pairs = Vec::with_capacity(items.len());
    let mut consulted = Consulted::new();
    for (i, evidence) in items {
        let evidence = fields_of(&evidence);
        let record = people.get(&i.person_id).map(side);
        let candidate = people.get(&i.candidate_id).map(side);
        for s in record.iter().chain(candidate.iter()) {
            consulted.person(&s.person_id, "review queue");
        }
        pairs.push(ReviewPair {
            source: i.source,
            source_ref: i.source_ref,
            person_id: i.person_id,
            candidate_id: i.candidate_id,
            score: i.score,
            status: i.status,
            evidence,
            record,
            candidate,
        });
    }
    consulted.record(&state, &caller, &reason).await?;
    Ok(JsonOut(pairs))
}

#[utoipa::path(post, path = "/api/v1/review/{source}/{reference}/accept",
    params(("source" = String, Path), ("reference" = String, Path)),
    request_body = SplitRequest,
    responses((status = 200, body = Person), errors::Standard, errors::ReasonRequired, errors::Forbidden,
              errors::NotFound, errors::Conflict, errors::Body))]
/// Merges the row into its candidate.
pub async fn accept(
    State(state): State<AppState>,
    caller: Caller,
    Path((source, reference)): Path<(String, String)>,
    Json(body): Json<SplitRequest>,
) -> ApiResult<JsonOut<Person>> {
    caller.require(caller.roles.may_write_people(), "changing person records")?;
    Sources::load(&state.store).await?.require_seen(&caller, &source)?;
    let reason = required_reason(Some(body.reason))?;
    let merged =
        crate::import::accept(&state.store, &caller.actor(&reason), &source, &reference).await.map_err(import_error)?;
    Ok(JsonOut(merged))
}

#[utoipa::path(post, path = "/api/v1/review/{source}/{reference}/reject",
    params(("source" = String, Path), ("reference" = String, Path)),
    request_body = SplitRequest,
    responses((status = 204, description = "The row and its candidate are kept apart."), errors::Standard,
              errors::ReasonRequired, errors::Forbidden, errors::NotFound, errors::Body))]
/// Keeps the row and its candidate apart.
pub async fn reject(
    State(state): State<AppState>,
    caller: Caller,
    Path((source, reference)): Path<(String, String)>,
    Json(body): Json<SplitRequest>,
) -> ApiResult<axum::http::StatusCode> {
    caller.require(caller.roles.may_write_people(), "changing person records")?;
    Sources::load(&state.store).await?.require_seen(&caller, &source)?;
    let reason = required_reason(Some(body.reason))?;
    state.store.reject_review(&caller.actor(&reason), &source, &reference).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// What a page of imported rows or findings asks first: a caller who may
/// read people, a page size of 1 to 10,000 (1,000 when absent), and the
/// reason for the audit ("reconciliation of imported records" when absent).
fn import_page(caller: &Caller, limit: Option<usize>, reason: Option<String>) -> ApiResult<(usize, String)> {
    caller.require(caller.roles.may_read_people(), "reading person records")?;
    let limit = limit.unwrap_or(1000);
    if !(1..=10_000).contains(&limit) {
        return Err(ApiError::invalid("limit", "must be 1 to 10000"));
    }
    Ok((limit, reason_or(reason, "reconciliation of imported records")?))
}

#[utoipa::path(get, path = "/api/v1/imports", params(SourcesQuery),
    responses((status = 200, body = SourcesPage), errors::Standard, errors::ReasonRequired, errors::Forbidden, errors::Invalid))]
/// What came from where: every imported row with its person and match score.
pub async fn sources(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<SourcesQuery>,
) -> ApiResult<JsonOut<SourcesPage>> {
    let (limit, reason) = import_page(&caller, q.limit, q.reason)?;
    // `after` is the last row's source and reference, joined by a newline.
    let after = q.after.as_deref().map(|a| a.split_once('\n').unwrap_or((a, "")));
    // Only rows of systems of a kind the caller may read.
    let items = state.store.source_rows(q.source.as_deref(), after, limit, readable(&caller.roles)).await?;
    let mut consulted = Consulted::new();
    for row in &items {
        consulted.person(&row.person_id, format!("imported row {}/{}", row.source, row.source_ref));
    }
    consulted.record(&state, &caller, &reason).await?;
    let next =
        (items.len() == limit).then(|| items.last().map(|r| format!("{}\n{}", r.source, r.source_ref))).flatten();
    let mut ids: Vec<String> = items.iter().map(|r| r.person_id.clone()).collect();
    ids.sort();
    ids.dedup();
    let flags = if ids.is_empty() { HashMap::new() } else { state.store.flags(Some(&ids)).await? };
    let flags = flags
        .into_iter()
        .map(|(id, f)| (id, seen_flags(&caller.roles, f)))
        .filter(|(_, f)| *f != Flags::default())
        .collect();
    Ok(JsonOut(SourcesPage { items, next, flags }))
}

#[utoipa::path(get, path = "/api/v1/imports/findings", params(FindingsQuery),
    responses((status = 200, body = FindingsPage), errors::Standard, errors::ReasonRequired, errors::Forbidden, errors::Invalid))]
/// The data-quality findings of the imports, for reconciling every row: each
/// field left out of a person as the source had it, and each row rejected.
pub async fn findings(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<FindingsQuery>,
) -> ApiResult<JsonOut<FindingsPage>> {
    let (limit, reason) = import_page(&caller, q.limit, q.reason)?;
    // `after` is the last finding's source, reference, field and value, as
    // a JSON array (a value as the source had it may hold any character).
    let after: Option<[String; 4]> = match q.after.as_deref() {
        None => None,
        Some(a) => Some(
            serde_json::from_str(a).map_err(|_| ApiError::invalid("after", "must be the `next` of a previous page"))?,
        ),
    };
    let after = after.as_ref().map(|[s, r, f, v]| [s.as_str(), r.as_str(), f.as_str(), v.as_str()]);
    // Only findings of systems of a kind the caller may read.
    let items = state.store.import_findings(q.source.as_deref(), after, limit, readable(&caller.roles)).await?;
    let mut consulted = Consulted::new();
    for f in &items {
        if let Some(person) = &f.person_id {
            consulted.person(person, format!("finding on imported row {}/{}", f.source, f.source_ref));
        }
    }
    consulted.record(&state, &caller, &reason).await?;
    let next = (items.len() == limit)
        .then(|| items.last().map(|f| serde_json::json!([f.source, f.source_ref, f.field, f.value]).to_string()))
        .flatten();
    Ok(JsonOut(FindingsPage { items, next }))
}
