//! A vehicle's or a phone's profile: the record and its markers, the
//! people linked to it with their parts and dates, and a page of the
//! newest-first timeline of the records that name it — need-to-know as on
//! a person's profile: a record of a kind the caller may not read is left
//! out, and counted for the roles that may be told.

use std::collections::HashMap;

use chrono::Utc;

use super::error::ApiResult;
use super::AppState;
use crate::api::objects::{ObjectPerson, ObjectProfile, ObjectTimelineEntry};
use crate::api::timeline_page::ProfileQuery;
use crate::domain::object::Object;
use crate::domain::object_marker::current_labels;
use crate::domain::person::{marker_label, Person};
use crate::domain::role::Roles;
use crate::store::LinkedTo;

/// The profile as `by`, holding `roles`, may see it, with the page of its
/// timeline `q` asks for.
pub(super) async fn assemble(
    state: &AppState,
    object: Object,
    by: &str,
    roles: &Roles,
    q: &ProfileQuery,
) -> ApiResult<ObjectProfile> {
    let today = Utc::now().date_naive();
    let page = super::timeline_page::read(state, LinkedTo::Object(&object.id), by, roles, q).await?;
    let timeline = page
        .records
        .into_iter()
        .map(|(event, role)| ObjectTimelineEntry {
            id: event.id.clone(),
            kind: event.kind,
            occurred_at: event.occurred_at,
            role,
            event,
        })
        .collect();

    let links = state.store.links_to_object(&object.id).await?;
    let ids: Vec<String> = links.iter().map(|l| l.person_id.clone()).collect();
    let persons: HashMap<String, Person> =
        state.store.persons_by_ids(&ids).await?.into_iter().map(|p| (p.id.clone(), p)).collect();
    let mut flags = state.store.flags(Some(ids.as_slice())).await?;
    let mut people: Vec<ObjectPerson> = links
        .into_iter()
        .filter_map(|l| {
            let person = persons.get(&l.person_id)?;
            Some(ObjectPerson {
                name: person.display_name(),
                markers: person
                    .details
                    .markers
                    .iter()
                    .filter(|m| m.is_current(today))
                    .map(|m| marker_label(&m.category).to_string())
                    .collect(),
                flags: flags.remove(&l.person_id).unwrap_or_default(),
                person_id: l.person_id,
                relationship: l.relationship,
                from: l.from,
                until: l.until,
            })
        })
        .collect();
    // Current parts first, then the most recent; ended ones after.
    people.sort_by(|a, b| {
        let ended = |p: &ObjectPerson| p.until.is_some_and(|u| u < today);
        ended(a).cmp(&ended(b)).then_with(|| b.from.cmp(&a.from)).then_with(|| a.name.cmp(&b.name))
    });
    let markers = current_labels(object.details.markers(), today);
    Ok(ObjectProfile {
        object,
        markers,
        people,
        timeline,
        timeline_total: page.total,
        timeline_next: page.next,
        restricted: page.restricted,
    })
}
