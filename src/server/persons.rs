//! Person routes: the profile (everything on one person, filtered by role),
//! create, update, erase and link.

use std::collections::{BTreeSet, HashMap};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json as JsonOut, Router};
use chrono::Utc;

use super::access::{idempotency_key, others_draft, redact, required_reason, seen_flags, sight, Sight};
use super::auth::Caller;
use super::consulted::Consulted;
use super::custody_cells::custody_suites;
use super::error::ApiResult;
use super::extract::{Json, Path, Query};
use super::AppState;
use crate::api::errors;
use crate::api::place_records::PersonPlace;
use crate::api::{Associate, PersonUpdate, Profile, ReasonQuery, TimelineEntry};
use crate::domain::bail::BailStatus;
use crate::domain::event::{Event, EventDetails};
use crate::domain::link::{Link, LinkTarget, NewLink};
use crate::domain::pace::london_time::format_london;
use crate::domain::person::{Person, PersonDetails};
use crate::domain::role::Roles;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/persons", post(create))
        .route("/persons/{id}", get(profile).put(update).delete(erase))
        .route("/persons/{id}/links", post(link))
}

#[utoipa::path(get, path = "/api/v1/persons/{id}",
    params(("id" = String, Path),
           ("reason" = String, Query, min_length = 8, max_length = 500,
            description = "why the record is consulted (required)")),
    responses((status = 200, body = Profile), errors::Standard, errors::ReasonRequired, errors::Forbidden, errors::NotFound,
              errors::Invalid))]
pub async fn profile(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<ReasonQuery>,
) -> ApiResult<JsonOut<Profile>> {
    caller.require(caller.roles.may_read_people(), "reading person records")?;
    let reason = required_reason(q.reason)?;
    let person = state.store.person(&id).await?;
    let profile = assemble(&state, person, &caller.username, Some(&caller.roles)).await?;
    // The consultation is on record before anything is handed over: the
    // person, and each of their records shown.
    let mut consulted = Consulted::new();
    consulted.person(&id, "profile");
    for event in profile.timeline.iter().filter_map(|t| t.event.as_ref()) {
        consulted.event(event, "on a profile");
    }
    consulted.record(&state, &caller, &reason).await?;
    Ok(JsonOut(profile))
}

/// Everything linked to a person that `by` may know of (never someone
/// else's intelligence draft). With `roles`, only the records they may
/// read (redacted as their roles say), and a count of the rest if they may
/// be told of it; without, the full, unredacted record (for disclosure).
pub(super) async fn assemble(state: &AppState, person: Person, by: &str, roles: Option<&Roles>) -> ApiResult<Profile> {
    let id = person.id.clone();
    let flags = state.store.flags(Some(std::slice::from_ref(&id))).await?.remove(&id).unwrap_or_default();
    let flags = roles.map_or(flags, |r| seen_flags(r, flags));
    let mut timeline = Vec::new();
    let mut restricted = 0;
    for (event, role) in state.store.events_for_person(&id).await? {
        if others_draft(&event, by) {
            continue;
        }
        let event = match roles.map(|r| (sight(r, event.kind), r)) {
            None => event,
            Some((Sight::Read, r)) => redact(event, r),
            Some((Sight::Counted, _)) => {
                restricted += 1;
                continue;
            }
            Some((Sight::Unseen, _)) => continue,
        };
        let (id, kind, occurred_at) = (event.id.clone(), event.kind, event.occurred_at);
        timeline.push(TimelineEntry { id, kind, occurred_at, role, withheld: false, event: Some(event) });
    }
    timeline.sort_by(|a, b| b.occurred_at.cmp(&a.occurred_at).then_with(|| a.id.cmp(&b.id)));
    let links = state.store.links_for(&id).await?;
    let (objects, locations, associates) = linked(state, &id, &links).await?;
    let suites = custody_suites(state).await?;
    let suites: HashMap<&str, &str> = suites.iter().map(|s| (s.id.as_str(), s.name.as_str())).collect();
    let bail_conditions =
        timeline.iter().filter_map(|t| t.event.as_ref()).filter_map(|e| bail_line(e, &suites)).collect();
    let today = Utc::now().date_naive();
    let mut places: Vec<PersonPlace> =
        state.store.places_of_person(&id).await?.iter().map(|(l, p)| PersonPlace::of(l, p, today)).collect();
    // Where they are now first, then the most recent.
    places.sort_by(|a, b| a.to.is_some().cmp(&b.to.is_some()).then_with(|| b.from.cmp(&a.from)));
    Ok(Profile { person, flags, objects, locations, associates, links, timeline, restricted, bail_conditions, places })
}

/// Running bail on a record, in a line: its kind, return and conditions.
fn bail_line(event: &Event, suites: &HashMap<&str, &str>) -> Option<String> {
    let EventDetails::Custody(d) = &event.details else { return None };
    let bail = d.bail.as_ref().filter(|b| b.status == BailStatus::Running)?;
    let mut line = format!("{} ({})", bail.kind.label(), event.reference);
    if let Some(back) = bail.return_at {
        line.push_str(&format!(", return {}", format_london(back)));
        if let Some(place) = &bail.return_place {
            line.push_str(&format!(" at {}", suites.get(place.as_str()).copied().unwrap_or(place)));
        }
    }
    if !bail.conditions.is_empty() {
        let conditions: Vec<String> = bail.conditions.iter().map(|c| c.describe()).collect();
        line.push_str(&format!(": {}", conditions.join("; ")));
    }
    Some(line)
}

async fn linked(
    state: &AppState,
    id: &str,
    links: &[Link],
) -> ApiResult<(Vec<crate::domain::object::Object>, Vec<crate::domain::location::Location>, Vec<Associate>)> {
    let object_ids: Vec<String> =
        links.iter().filter(|l| l.target == LinkTarget::Object).map(|l| l.target_id.clone()).collect();
    let objects = state.store.objects_by_ids(&object_ids).await?;
    let location_ids: BTreeSet<&str> =
        links.iter().filter(|l| l.target == LinkTarget::Location).map(|l| l.target_id.as_str()).collect();
    let locations =
        state.store.locations(None).await?.into_iter().filter(|l| location_ids.contains(l.id.as_str())).collect();
    let mut associates = Vec::new();
    let other = |l: &Link| {
        if l.person_id == id {
            l.target_id.clone()
        } else {
            l.person_id.clone()
        }
    };
    let person_links: Vec<&Link> = links.iter().filter(|l| l.target == LinkTarget::Person).collect();
    let ids: Vec<String> = person_links.iter().map(|l| other(l)).collect();
    let people: Vec<Person> = state.store.persons_by_ids(&ids).await?;
    for l in person_links {
        let pid = other(l);
        if let Some(p) = people.iter().find(|p| p.id == pid) {
            associates.push(Associate { person_id: pid, name: p.display_name(), relationship: l.relationship.clone() });
        }
    }
    Ok((objects, locations, associates))
}

#[utoipa::path(post, path = "/api/v1/persons", operation_id = "create_person", request_body = PersonDetails,
    params(("Idempotency-Key" = Option<String>, Header, description = "a retry with the same key returns the first record")),
    responses((status = 201, body = Person), errors::Standard, errors::Forbidden, errors::Conflict, errors::Body))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Json(mut details): Json<PersonDetails>,
) -> ApiResult<(StatusCode, JsonOut<Person>)> {
    caller.require(caller.roles.may_write_people(), "recording people")?;
    let key = idempotency_key(&headers, &details)?;
    let now = Utc::now();
    details.validate(now.date_naive(), &caller.username, now)?;
    let person = state.store.create_person(&caller.actor("person recorded"), details, key.as_ref()).await?;
    Ok((StatusCode::CREATED, JsonOut(person)))
}

#[utoipa::path(put, path = "/api/v1/persons/{id}", operation_id = "update_person", request_body = PersonUpdate,
    params(("id" = String, Path)),
    responses((status = 200, body = Person), errors::Standard, errors::Forbidden, errors::NotFound, errors::Conflict,
              errors::Body))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(mut update): Json<PersonUpdate>,
) -> ApiResult<JsonOut<Person>> {
    caller.require(caller.roles.may_write_people(), "changing person records")?;
    let now = Utc::now();
    update.person.validate(now.date_naive(), &caller.username, now).map_err(|e| e.within("person"))?;
    let person = state.store.update_person(&caller.actor("person updated"), &id, update.version, update.person).await?;
    Ok(JsonOut(person))
}

#[utoipa::path(delete, path = "/api/v1/persons/{id}",
    params(("id" = String, Path),
           ("reason" = String, Query, min_length = 8, max_length = 500,
            description = "why the record is erased (required)")),
    responses((status = 204, description = "Erased: only the audit entry remains."), errors::Standard,
              errors::ReasonRequired, errors::Forbidden, errors::NotFound, errors::Invalid))]
pub async fn erase(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<ReasonQuery>,
) -> ApiResult<StatusCode> {
    caller.require(caller.roles.is_admin(), "erasing records")?;
    let reason = required_reason(q.reason)?;
    let log = state.config.erasure_log.clone().or_else(|| state.store.url().default_erasure_log());
    state.store.erase_person(&caller.actor(reason), &id, log.as_deref()).await?;
    // The index forgets at once, not only when the change log is next read.
    state.index.write().await.remove(&id);
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/persons/{id}/links", request_body = NewLink, params(("id" = String, Path)),
    responses((status = 201, body = Link), errors::Standard, errors::Forbidden, errors::Body))]
pub async fn link(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(new): Json<NewLink>,
) -> ApiResult<(StatusCode, JsonOut<Link>)> {
    caller.require(caller.roles.may_write_people(), "linking records")?;
    crate::domain::error::require_text("relationship", &new.relationship)?;
    let link = state.store.create_link(&caller.actor("link recorded"), &id, new).await?;
    Ok((StatusCode::CREATED, JsonOut(link)))
}
