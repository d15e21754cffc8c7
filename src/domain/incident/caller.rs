//! A caller who is a person on the one record: linked to the incident as
//! its reporting person. Erased, they are `[erased]` on it — the name and
//! number typed at the call go with them, whatever was typed (a nickname,
//! a misspelling, "Mum"), since text matching alone could miss it.

use crate::domain::erasure::ERASED;
use crate::domain::event::{Event, EventDetails};
use crate::domain::link::EventRole;

/// Takes an erased person off an event; on an incident they called in,
/// the caller becomes `[erased]` with no number and no callback. Whether
/// the event changed.
pub fn take_off(event: &mut Event, person_id: &str) -> bool {
    let called = event.people.iter().any(|p| p.person_id == person_id && p.role == EventRole::ReportingPerson);
    let before = event.people.len();
    event.people.retain(|p| p.person_id != person_id);
    let mut changed = event.people.len() < before;
    if let (true, EventDetails::Incident(d)) = (called, &mut event.details) {
        d.caller.name = ERASED.to_string();
        d.caller.phone = None;
        d.caller.callback = false;
        changed = true;
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::incident::{IncidentRules, OpenIncident};
    use crate::domain::link::EventPerson;

    fn incident(people: Vec<EventPerson>) -> Event {
        let open: OpenIncident = serde_json::from_value(serde_json::json!({
            "caller": {"name": "Tommo", "phone": "07700 900461", "callback": true},
            "location": {"description": "Outside 14 Acre Lane", "borough": "lambeth"},
            "category": "crime", "subtype": "burglary", "grade": "S",
            "summary": "Door forced", "people": people
        }))
        .unwrap();
        let now = "2026-12-02T21:40:00Z".parse().unwrap();
        let input = open.record("op.khan", &IncidentRules::default(), now).unwrap();
        serde_json::from_value(serde_json::json!({
            "id": "i1", "kind": "incident", "reference": "CAD 0001 02DEC26", "version": 1, "status": "open",
            "occurred_at": now, "summary": input.summary, "people": input.people,
            "created_at": now, "updated_at": now,
            "provenance": {"entered_by": "op.khan", "entered_at": now},
            "details": input.details
        }))
        .unwrap()
    }

    fn caller(event: &Event) -> (&str, Option<&str>, bool) {
        let EventDetails::Incident(d) = &event.details else { panic!("not an incident") };
        (&d.caller.name, d.caller.phone.as_deref(), d.caller.callback)
    }

    #[test]
    fn an_erased_caller_is_erased_whatever_name_they_gave() {
        let mut event = incident(vec![
            EventPerson { person_id: "p1".into(), role: EventRole::ReportingPerson },
            EventPerson { person_id: "p2".into(), role: EventRole::Suspect },
        ]);
        assert!(take_off(&mut event, "p1"));
        assert_eq!(caller(&event), ("[erased]", None, false));
        assert_eq!(event.people, [EventPerson { person_id: "p2".into(), role: EventRole::Suspect }]);
    }

    #[test]
    fn someone_else_erased_leaves_the_caller_as_given() {
        let mut event = incident(vec![
            EventPerson { person_id: "p1".into(), role: EventRole::ReportingPerson },
            EventPerson { person_id: "p2".into(), role: EventRole::Suspect },
        ]);
        assert!(take_off(&mut event, "p2"));
        assert_eq!(caller(&event), ("Tommo", Some("07700 900461"), true));
        assert!(!take_off(&mut event, "p3"), "nobody by that id was on it");
    }
}
