//! The people's names, vehicles, phones and places an event's record lists
//! when it is read: shown, each with its part, to a role that may read them
//! (as their profiles ask), each on the audit with the read's reason.

use chrono::Utc;

use super::auth::Caller;
use super::error::ApiResult;
use super::AppState;
use crate::api::{EventRecord, LinkedObject, LinkedPlace};
use crate::domain::event::Event;
use crate::domain::object::ObjectDetails;
use crate::domain::object_marker::current_labels;

/// `event` as its read gives it, with what is linked to it.
pub(super) async fn with_links(state: &AppState, caller: &Caller, event: Event) -> ApiResult<EventRecord> {
    let mut record = EventRecord::bare(event);
    if !caller.roles.may_read_people() {
        return Ok(record);
    }
    let ids: Vec<String> = record.event.people.iter().map(|p| p.person_id.clone()).collect();
    if !ids.is_empty() {
        for (id, summary) in state.store.person_summaries(&ids).await? {
            record.names.insert(id, summary.display_name());
        }
    }
    let objects = state.store.objects_of_event(&record.event.id).await?;
    let places = state.store.places_of_event(&record.event.id).await?;
    let today = Utc::now().date_naive();
    for (object, role) in objects {
        let linked = LinkedObject {
            object_id: object.id.clone(),
            key: object.details.key(),
            label: object.details.label(),
            role,
            markers: current_labels(object.details.markers(), today),
        };
        match object.details {
            ObjectDetails::Vehicle { .. } => record.vehicles.push(linked),
            ObjectDetails::Phone { .. } => record.phones.push(linked),
            ObjectDetails::Property { .. } => {}
        }
    }
    for (place, role) in places {
        record.places.push(LinkedPlace {
            place_id: place.id.clone(),
            address: place.one_line(),
            role,
            warnings: place.current_warnings(today).into_iter().map(str::to_string).collect(),
        });
    }
    Ok(record)
}

/// The audit's lines for what the record shows: (kind, id, detail).
pub(super) fn consulted(record: &EventRecord) -> Vec<(&'static str, String, String)> {
    let on = format!("on {} {}", record.event.kind, record.event.reference);
    let objects = record.vehicles.iter().chain(&record.phones);
    let mut out: Vec<_> = record.names.keys().map(|id| ("person", id.clone(), format!("named {on}"))).collect();
    out.extend(objects.map(|o| ("object", o.object_id.clone(), format!("{} {on}", o.key))));
    out.extend(record.places.iter().map(|p| ("place", p.place_id.clone(), format!("{} {on}", p.address))));
    out
}
