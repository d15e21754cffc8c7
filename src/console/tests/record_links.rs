//! A record lists its vehicles, phones and places with their parts; `p`
//! moves the arrows onto them, Enter opens one's profile (a place here),
//! and Esc comes back to the record.

use crossterm::event::KeyCode;

use super::fixtures::{self, detainees};
use super::harness::Console;
use super::snapshots::{draw, text};
use crate::api::{EventRecord, LinkedObject, LinkedPlace};
use crate::console::action::Action;
use crate::console::effect::Effect;
use crate::console::state::{EntityKind, EntityTarget, PaneId};
use crate::console::update::event::LINKED_REASON;
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
    assert!(screen.contains("Vehicle      LB07SEO Blue Volkswagen Golf (vehicle used) ▲ STOLEN"), "{screen}");
    assert!(screen.contains("Place        12 Acre Lane, SW2 5SG (arrest address) ▲ dog at address"), "{screen}");

    // Enter does nothing until `p` puts the arrows on the links.
    c.key(KeyCode::Enter);
    assert_eq!(c.state.pane, PaneId::Event);
    c.key(KeyCode::Char('p'));
    assert_eq!(c.state.event.as_ref().and_then(|v| v.list.selected.as_deref()), Some("o1"));
    c.key(KeyCode::Down).key(KeyCode::Enter);
    assert_eq!(c.state.pane, PaneId::Entity);
    let target = EntityTarget { kind: EntityKind::Place, id: "pl1".into() };
    assert!(c.effects.iter().any(|e| matches!(e, Effect::LoadEntity { target: t, reason }
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
