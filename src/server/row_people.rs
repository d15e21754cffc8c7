//! The people named on rows of a board or queue, by name with their
//! current warning markers (from the subject index) and their flags (from
//! the store, so a warrant circulated a moment ago shows at once), the
//! flags only as the caller's role may know them.

use std::collections::HashMap;

use chrono::Utc;

use super::access::seen_flags;
use super::error::ApiResult;
use super::AppState;
use crate::api::incidents::IncidentPerson;
use crate::domain::event::Event;
use crate::domain::person::{marker_label, Person};
use crate::domain::role::Roles;

/// The people of each of `events`, in the same order.
pub async fn people_of(state: &AppState, roles: &Roles, events: &[Event]) -> ApiResult<Vec<Vec<IncidentPerson>>> {
    let mut ids: Vec<String> = events.iter().flat_map(|e| e.people.iter().map(|p| p.person_id.clone())).collect();
    ids.sort();
    ids.dedup();
    let flags = state.store.flags(Some(&ids)).await?;
    let index = state.index.read().await;
    let mut named: HashMap<&str, (String, Vec<String>)> = HashMap::with_capacity(ids.len());
    for id in &ids {
        if let Some(entry) = index.get(id) {
            named.insert(id.as_str(), (entry.display.name, entry.display.markers));
        }
    }
    drop(index);
    // Someone created a moment ago may not be in the index yet.
    let missing: Vec<String> = ids.iter().filter(|id| !named.contains_key(id.as_str())).cloned().collect();
    let today = Utc::now().date_naive();
    let fresh: Vec<Person> = if missing.is_empty() { Vec::new() } else { state.store.persons_by_ids(&missing).await? };
    for person in &fresh {
        let markers = person
            .details
            .markers
            .iter()
            .filter(|m| m.is_current(today))
            .map(|m| marker_label(&m.category).to_string());
        named.insert(person.id.as_str(), (person.display_name(), markers.collect()));
    }
    Ok(events
        .iter()
        .map(|event| {
            event
                .people
                .iter()
                .map(|p| {
                    let (name, markers) = named.get(p.person_id.as_str()).cloned().unwrap_or_default();
                    IncidentPerson {
                        person_id: p.person_id.clone(),
                        role: p.role,
                        name,
                        markers,
                        flags: seen_flags(roles, flags.get(&p.person_id).copied().unwrap_or_default()),
                    }
                })
                .collect()
        })
        .collect())
}
