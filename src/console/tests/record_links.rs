//! A record lists its vehicles, phones and places with their parts; `p`
//! moves the arrows onto them, Enter opens one's profile (a place here),
//! and Esc comes back to the record. A live change to the open record, to
//! one of its links, or a new link to it reads its links again.

use crossterm::event::KeyCode;

use super::fixtures::{self, detainees};
use super::harness::Console;
use super::snapshots::{draw, text};
use crate::api::{Change, EventRecord, LinkedObject, LinkedPlace};
use crate::console::action::{Action, Live};
use crate::console::effect::Effect;
use crate::console::state::{EntityKind, EntityTarget, PaneId};
use crate::console::update::event::LINKED_REASON;
use crate::domain::change::LINKED_OP;
use crate::domain::object_link::ObjectRole;
use crate::domain::place_link::PlaceRole;

fn record() -> EventRecord {
    let mut record = EventRecord::bare(detainees().remove(0));
    record.vehicles.push(LinkedObject {
        object_id: "o1".into(),
        key: "LB07SEO".into(),
        label: "LB07SEO Blue Volkswagen Golf".into(),
        role: ObjectRole::VehicleUsed,
        markers: vec!["STOLEN".into()],
    });
    record.places.push(LinkedPlace {
        place_id: "pl1".into(),
        address: "12 Acre Lane, SW2 5SG".into(),
        role: PlaceRole::ArrestAddress,
        warnings: vec!["dog at address".into()],
    });
    record
}

#[test]
fn a_place_on_a_record_opens_its_profile_and_esc_comes_back() {
    let mut state = fixtures::state();
    state.pane = PaneId::Board;
    let mut c = Console::new(state);
    c.act(Action::EventLoaded(Ok(record())));
    assert_eq!(c.state.pane, PaneId::Event);
    let screen = text(&draw(&c.state, &fixtures::ui("dark"), 100, 40));
    let row = |label: &str, text: &str| screen.lines().any(|l| l.contains(&format!("│{label} ")) && l.contains(text));
    assert!(row("Vehicle", "LB07SEO Blue Volkswagen Golf (vehicle used) ▲ STOLEN"), "{screen}");
    assert!(row("Place", "12 Acre Lane, SW2 5SG (arrest address) ▲ dog at address"), "{screen}");

    // Enter does nothing until `p` puts the arrows on the links.
    c.key(KeyCode::Enter);
    assert_eq!(c.state.pane, PaneId::Event);
    c.key(KeyCode::Char('p'));
    assert_eq!(c.state.event.as_ref().and_then(|v| v.list.selected.as_deref()), Some("o1"));
    c.key(KeyCode::Down).key(KeyCode::Enter);
    assert_eq!(c.state.pane, PaneId::Entity);
    let target = EntityTarget { kind: EntityKind::Place, id: "pl1".into() };
    assert!(c.effects.iter().any(|e| matches!(e, Effect::LoadEntity { target: t, reason, after: None }
        if *t == target && reason == LINKED_REASON)));
    assert_eq!(c.state.entity.name, "place 12 Acre Lane, SW2 5SG");
    c.key(KeyCode::Esc);
    assert_eq!(c.state.pane, PaneId::Event);
    c.key(KeyCode::Esc);
    assert_eq!(c.state.pane, PaneId::Board);
}

#[test]
fn a_record_opened_from_a_list_is_read_again_for_its_links() {
    let mut state = fixtures::state();
    state.pane = PaneId::Board;
    let mut c = Console::new(state);
    c.key(KeyCode::Enter);
    assert_eq!(c.state.pane, PaneId::Event);
    let id = c.state.event.as_ref().map(|v| v.event.id.clone()).unwrap_or_default();
    assert!(c.effects.iter().any(|e| matches!(e, Effect::OpenRecord { id: opened, .. } if *opened == id)));
    // With nothing linked, `p` says so.
    c.key(KeyCode::Char('p'));
    let message = c.state.message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    assert!(message.contains("No vehicle, phone or place"), "{message}");
}

/// `c` given a change on the live stream, holding only what it asks next.
fn hears(c: &mut Console, topic: &str, op: &str, record_id: &str, version: i64) {
    c.effects.clear();
    c.act(change(topic, op, record_id, version));
}

fn change(topic: &str, op: &str, record_id: &str, version: i64) -> Action {
    Action::Live(Live::Change(Change {
        seq: 70,
        at: fixtures::now(),
        topic: topic.into(),
        op: op.into(),
        record_id: record_id.into(),
        version,
        person_ids: Vec::new(),
        private_to: None,
    }))
}

/// Whether the last step asked for the open record with its links.
fn reads_links(c: &Console, id: &str) -> bool {
    c.effects.iter().any(|e| matches!(e, Effect::RefreshRecord { id: read, .. } if read == id))
}

#[test]
fn a_live_change_reads_the_open_records_links_again_in_place() {
    let mut state = fixtures::state();
    state.pane = PaneId::Board;
    let mut c = Console::new(state);
    let first = record();
    let (id, kind, version) = (first.event.id.clone(), first.event.kind, first.event.version);
    let topic = kind.collection();
    c.act(Action::EventLoaded(Ok(first)));
    c.key(KeyCode::Char('p')).key(KeyCode::Down);
    assert_eq!(c.state.event.as_ref().and_then(|v| v.list.selected.as_deref()), Some("pl1"));

    // The record changed: read again with its links, not alone.
    hears(&mut c, topic, "updated", &id, version + 1);
    assert!(reads_links(&c, &id), "{:?}", c.effects);
    assert!(!c.effects.iter().any(|e| matches!(e, Effect::Refresh { id: read, .. } if *read == id)), "{:?}", c.effects);
    // A new link leaves its version as it was: read all the same.
    hears(&mut c, topic, LINKED_OP, &id, version);
    assert!(reads_links(&c, &id), "{:?}", c.effects);
    // One of its vehicles or places changed (marked stolen, a warning).
    hears(&mut c, "objects", "updated", "o1", 3);
    assert!(reads_links(&c, &id), "{:?}", c.effects);
    hears(&mut c, "places", "updated", "pl1", 2);
    assert!(reads_links(&c, &id), "{:?}", c.effects);
    // Not for a vehicle it does not list, nor another record's new link.
    hears(&mut c, "objects", "updated", "o-elsewhere", 3);
    assert!(!reads_links(&c, &id), "{:?}", c.effects);
    hears(&mut c, topic, LINKED_OP, "another-record", 1);
    assert!(c.effects.is_empty(), "{:?}", c.effects);

    // The answer lists the new phone; the arrows stay on the place.
    let mut again = record();
    again.event.version = version + 1;
    again.phones.push(LinkedObject {
        object_id: "ph1".into(),
        key: "+447700900123".into(),
        label: "+447700900123".into(),
        role: ObjectRole::PhoneUsed,
        markers: Vec::new(),
    });
    c.act(Action::RecordRefreshed { kind, id: id.clone(), result: Ok(again.clone()) });
    let view = c.state.event.as_ref().unwrap();
    assert_eq!(view.links.iter().map(|l| l.target.id.as_str()).collect::<Vec<_>>(), ["o1", "ph1", "pl1"]);
    assert_eq!((view.event.version, view.list.selected.as_deref(), view.choosing), (version + 1, Some("pl1"), true));
    let screen = text(&draw(&c.state, &fixtures::ui("dark"), 100, 40));
    assert!(screen.lines().any(|l| l.contains("│Phone ") && l.contains("+447700900123 (phone used)")), "{screen}");

    // Read while the operator is on a place's profile: they stay there.
    c.key(KeyCode::Enter);
    assert_eq!(c.state.pane, PaneId::Entity);
    again.places.clear();
    c.act(Action::RecordRefreshed { kind, id, result: Ok(again) });
    assert_eq!(c.state.pane, PaneId::Entity);
    assert_eq!(c.state.event.as_ref().map(|v| v.links.len()), Some(2));
}
