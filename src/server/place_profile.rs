//! `GET /places/{id}`: the whole picture of a place — its address and
//! warnings, the people linked to it with their roles and dates, and a
//! newest-first timeline of the records linked to it that the caller may
//! read, a page at a time (the rest counted for roles that may be told, as
//! on a person's profile). The place, each person and each record shown
//! are audited with the reason.

use std::collections::HashMap;

use axum::extract::State;
use axum::Json as JsonOut;
use chrono::Utc;

use super::access::required_reason;
use super::auth::Caller;
use super::consulted::Consulted;
use super::error::ApiResult;
use super::extract::{Path, Query};
use super::AppState;
use crate::api::errors;
use crate::api::place_records::{PlaceEvent, PlacePerson, PlaceProfile};
use crate::api::timeline_page::ProfileQuery;
use crate::domain::person::marker_label;
use crate::domain::place_link::PlaceLink;
use crate::domain::role::Roles;
use crate::store::LinkedTo;

#[utoipa::path(get, path = "/api/v1/places/{id}", operation_id = "place_profile",
    params(("id" = String, Path), ProfileQuery),
    responses((status = 200, body = PlaceProfile), errors::Standard, errors::ReasonRequired, errors::Forbidden,
              errors::NotFound, errors::Invalid))]
/// Everything linked to one place, as the caller may know it.
pub async fn profile(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<ProfileQuery>,
) -> ApiResult<JsonOut<PlaceProfile>> {
    caller.require(caller.roles.may_read_people(), "reading places")?;
    let reason = required_reason(q.reason.clone())?;
    let profile = assemble(&state, &id, &caller.username, &caller.roles, &q).await?;
    let mut consulted = Consulted::new();
    consulted.place(&id, format!("place profile: {}", profile.place.one_line()));
    for p in &profile.people {
        consulted.person(&p.person_id, "on a place's profile");
    }
    for e in &profile.timeline {
        consulted.event(&e.event, "on a place's profile");
    }
    consulted.record(&state, &caller, &reason).await?;
    Ok(JsonOut(profile))
}

/// The place's profile as `by`, holding `roles`, may see it, with the page
/// of its timeline `q` asks for.
async fn assemble(state: &AppState, id: &str, by: &str, roles: &Roles, q: &ProfileQuery) -> ApiResult<PlaceProfile> {
    let place = state.store.place(id).await?;
    let today = Utc::now().date_naive();
    let links = state.store.people_links_to_place(id).await?;
    let people = people(state, &links).await?;
    let page = super::timeline_page::read(state, LinkedTo::Place(id), by, roles, q).await?;
    let timeline = page
        .records
        .into_iter()
        .map(|(event, role)| PlaceEvent {
            id: event.id.clone(),
            kind: event.kind,
            reference: event.reference.clone(),
            occurred_at: event.occurred_at,
            role,
            event,
        })
        .collect();
    let current_warnings = place.current_warnings(today).into_iter().map(str::to_string).collect();
    Ok(PlaceProfile {
        place,
        current_warnings,
        people,
        timeline,
        timeline_total: page.total,
        timeline_next: page.next,
        restricted: page.restricted,
    })
}

/// The people linked to the place, those living there now first.
async fn people(state: &AppState, links: &[PlaceLink]) -> ApiResult<Vec<PlacePerson>> {
    let ids: Vec<String> = links.iter().filter_map(|l| l.person_id.clone()).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let persons: HashMap<String, _> =
        state.store.persons_by_ids(&ids).await?.into_iter().map(|p| (p.id.clone(), p)).collect();
    let flags = state.store.flags(Some(&ids)).await?;
    let today = Utc::now().date_naive();
    let mut out: Vec<PlacePerson> = links
        .iter()
        .filter_map(|l| {
            let person = persons.get(l.person_id.as_deref()?)?;
            Some(PlacePerson {
                person_id: person.id.clone(),
                name: person.display_name(),
                role: l.role,
                from: l.from,
                to: l.to,
                markers: person
                    .details
                    .markers
                    .iter()
                    .filter(|m| m.is_current(today))
                    .map(|m| marker_label(&m.category).to_string())
                    .collect(),
                flags: flags
                    .get(&person.id)
                    .map(|f| f.labels())
                    .unwrap_or_default()
                    .into_iter()
                    .map(String::from)
                    .collect(),
            })
        })
        .collect();
    out.sort_by(|a, b| {
        a.to.is_some().cmp(&b.to.is_some()).then_with(|| b.from.cmp(&a.from)).then_with(|| a.name.cmp(&b.name))
    });
    Ok(out)
}
