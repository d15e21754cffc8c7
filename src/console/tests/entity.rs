//! Vehicles, phones and places in the console: ranked among the people in
//! the lookup, opened with the reason asked; the profile drawn normal and
//! narrow (markers and warnings with symbol and word, people with parts and
//! dates, records newest first, the withheld counted); Enter on a person
//! opening their profile with the same reason, and a person's places,
//! vehicles and phones opening theirs.

use crossterm::event::KeyCode;
use serde_json::json;

use super::fixtures::{self, detainees, warrants};
use super::harness::Console;
use super::snapshots::{draw, text};
use crate::api::objects::{ObjectHit, ObjectProfile};
use crate::api::place_records::{PersonPlace, PlaceHit, PlaceProfile, PlaceRole};
use crate::api::SearchResponse;
use crate::console::action::Action;
use crate::console::effect::Effect;
use crate::console::state::{EntityKind, EntityProfile, EntityTarget, Overlay, PaneId, State};

fn vehicle() -> ObjectProfile {
    let custody = serde_json::to_value(detainees().remove(0)).unwrap();
    let warrant = serde_json::to_value(warrants().remove(0)).unwrap();
    serde_json::from_value(json!({
        "object": {"id": "o1", "version": 2, "provenance": {}, "details": {
            "kind": "vehicle", "vrm": "LB07SEO", "make": "Volkswagen", "model": "Golf", "colour": "Blue",
            "vin": "WVWZZZ1KZAW000001", "former_vrms": [{"vrm": "K1ABC", "until": "2025-01-31"}],
            "markers": [
                {"kind": "stolen", "recorded_on": "2026-11-20", "source": "CR/26/0000102"},
                {"kind": "of_interest", "recorded_on": "2024-01-01", "source": "IR/24/0000001", "expires_on": "2024-06-01"}
            ]}},
        "markers": ["STOLEN"],
        "people": [
            {"person_id": "p-smith", "name": "John SMITH", "relationship": "keeper", "from": "2024-03-01",
             "markers": ["VI", "WE"], "flags": {"wanted": true, "in_custody": false, "missing": false, "at_risk": false, "on_bail": false}},
            {"person_id": "p-brown", "name": "Kyle BROWN", "relationship": "driver", "from": "2025-01-10",
             "until": "2025-06-30", "markers": [], "flags": {"wanted": false, "in_custody": false, "missing": false, "at_risk": false, "on_bail": false}}
        ],
        "timeline": [
            {"id": "cu1", "kind": "custody", "occurred_at": "2026-11-25T08:30:00Z", "role": "vehicle_used", "event": custody},
            {"id": "wt1", "kind": "warrant", "occurred_at": "2025-12-08T11:58:00Z", "role": "vehicle_seen", "event": warrant}
        ],
        "restricted": 1
    }))
    .unwrap()
}

fn place() -> PlaceProfile {
    let custody = serde_json::to_value(detainees().remove(0)).unwrap();
    serde_json::from_value(json!({
        "place": {"id": "pl1", "version": 1, "key": "SW25SG:12 ACRE LANE", "origin": "person_address",
            "created_at": "2024-01-01T00:00:00Z", "updated_at": "2026-11-01T00:00:00Z", "provenance": {},
            "address": {"lines": ["12 Acre Lane"], "postcode": "SW2 5SG", "borough": "Lambeth"},
            "warnings": [{"category": "dog", "note": "two Staffordshire terriers", "recorded_on": "2026-02-01",
                          "source": "PC 123"}]},
        "current_warnings": ["dog at address"],
        "people": [{"person_id": "p-smith", "name": "John SMITH", "role": "lives_at", "from": "2024-01-01",
                    "markers": ["VI"], "flags": ["⚑ WANTED"]}],
        "timeline": [{"id": "cu1", "kind": "custody", "reference": "CU/26/0000101",
                      "occurred_at": "2026-11-25T08:30:00Z", "role": "arrest_address", "event": custody}],
        "restricted": 0
    }))
    .unwrap()
}

fn open_on(profile: EntityProfile, target: EntityTarget) -> State {
    let mut state = fixtures::state();
    state.entity.target = Some(target);
    state.entity.reason = Some("ANPR hit on Brixton Road".into());
    state.entity.profile = Some(profile);
    state.entity.return_to = PaneId::Lookup;
    state.entity.list.selected = state.entity.profile.as_ref().and_then(|p| p.row_ids().first().cloned());
    state.pane = PaneId::Entity;
    state
}

fn vehicle_open() -> State {
    open_on(EntityProfile::Object(vehicle()), EntityTarget { kind: EntityKind::Object, id: "o1".into() })
}

fn place_open() -> State {
    open_on(EntityProfile::Place(place()), EntityTarget { kind: EntityKind::Place, id: "pl1".into() })
}

/// "LB07": John SMITH by his vehicle's plate, the vehicle, and a place.
fn mixed_answer() -> SearchResponse {
    let car = vehicle().object;
    SearchResponse {
        query: "LB07".into(),
        hits: fixtures::hits()
            .into_iter()
            .take(1)
            .map(|mut h| {
                h.score = 0.4;
                h.why = vec!["VRM LB07SEO".into()];
                h
            })
            .collect(),
        places: vec![PlaceHit {
            place_id: "pl1".into(),
            address: "12 Acre Lane, SW2 5SG".into(),
            borough: Some("Lambeth".into()),
            warnings: vec!["dog at address".into()],
            score: 0.3,
            why: vec!["ACRE ~ LB07".into()],
        }],
        objects: vec![ObjectHit {
            object: car,
            markers: vec!["STOLEN".into()],
            why: "vehicle: VRM LB07SEO (a partial mark LB07*)".into(),
        }],
    }
}

#[test]
fn the_vehicle_profile_normal_and_narrow() {
    let ui = fixtures::ui("dark");
    let screen = text(&draw(&vehicle_open(), &ui, 120, 30));
    for shown in
        ["✖ STOLEN", "◉ OF INTEREST", "K1ABC", "keeper", "since 01/03/2024", "⚑ WANTED", "⊘ WITHHELD", "CU/26/0000101"]
    {
        assert!(screen.contains(shown), "{shown} missing:\n{screen}");
    }
    insta::assert_snapshot!("entity_vehicle_normal", screen);
    insta::assert_snapshot!("entity_vehicle_narrow", text(&draw(&vehicle_open(), &ui, 80, 24)));
}

#[test]
fn the_place_profile_normal_and_narrow() {
    let ui = fixtures::ui("dark");
    let screen = text(&draw(&place_open(), &ui, 120, 30));
    for shown in ["▲ DOG AT ADDRESS", "two Staffordshire terriers", "lives at", "arrest address", "CU/26/0000101"] {
        assert!(screen.contains(shown), "{shown} missing:\n{screen}");
    }
    insta::assert_snapshot!("entity_place_normal", screen);
    insta::assert_snapshot!("entity_place_narrow", text(&draw(&place_open(), &ui, 80, 24)));
}

#[test]
fn the_lookup_ranks_vehicles_and_places_with_the_people_and_opens_them_with_a_reason() {
    let mut c = Console::new(fixtures::empty());
    c.state.pane = PaneId::Lookup;
    c.type_text("LB07");
    let seq = c.state.lookup.issued;
    c.act(Action::SearchDone { seq, result: Ok(mixed_answer()) });
    // A part of a plate ranks the vehicle as an identifier, above the names.
    assert_eq!(c.state.lookup.ids(), ["o1", "p-smith", "pl1"]);
    let ui = fixtures::ui("dark");
    let screen = text(&draw(&c.state, &ui, 120, 30));
    for shown in ["vehicle LB07SEO Blue Volkswag", "STOLEN", "VRM LB07S", "place 12 Acre Lane", "▲ DOG AT ADDRESS"] {
        assert!(screen.contains(shown), "{shown} missing:\n{screen}");
    }
    insta::assert_snapshot!("lookup_vehicles_and_places", screen);
    insta::assert_snapshot!("lookup_vehicles_and_places_narrow", text(&draw(&c.state, &ui, 80, 24)));

    // Enter on the vehicle asks why, then reads it with the reason.
    c.key(KeyCode::Esc).key(KeyCode::Home).key(KeyCode::Enter);
    let Overlay::Reason(prompt) = &c.state.overlay else { panic!("no reason prompt") };
    assert_eq!(prompt.name, "vehicle LB07SEO");
    c.type_text("ANPR hit on Brixton Road").key(KeyCode::Enter);
    assert_eq!(c.state.pane, PaneId::Entity);
    let target = EntityTarget { kind: EntityKind::Object, id: "o1".into() };
    assert!(c.effects.iter().any(|e| matches!(e, Effect::LoadEntity { target: t, reason, after: None }
        if *t == target && reason == "ANPR hit on Brixton Road")));
    c.act(Action::EntityLoaded { target, after: None, result: Ok(EntityProfile::Object(vehicle())) });
    assert_eq!(c.state.entity.list.selected.as_deref(), Some("p-smith:keeper"));

    // Enter on the keeper opens his profile, read with the same reason.
    c.key(KeyCode::Enter);
    assert_eq!(c.state.pane, PaneId::Profile);
    assert!(c.effects.iter().any(|e| matches!(e, Effect::LoadProfile { person_id, reason }
        if person_id == "p-smith" && reason == "ANPR hit on Brixton Road")));
}

#[test]
fn a_record_on_the_vehicle_opens_and_the_withheld_row_says_why_not() {
    let mut c = Console::new(vehicle_open());
    c.key(KeyCode::Down).key(KeyCode::Down).key(KeyCode::Enter);
    assert_eq!(c.state.pane, PaneId::Event);
    assert_eq!(c.state.event.as_ref().map(|v| v.event.id.as_str()), Some("cu1"));
    c.key(KeyCode::Esc);
    assert_eq!(c.state.pane, PaneId::Entity);
    c.key(KeyCode::End).key(KeyCode::Enter);
    assert_eq!(c.state.pane, PaneId::Entity);
    let message = c.state.message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    assert!(message.contains("withheld"), "{message}");
    c.key(KeyCode::Esc);
    assert_eq!(c.state.pane, PaneId::Lookup);
}

#[test]
fn a_persons_places_vehicles_and_phones_open_from_their_profile() {
    let mut state = fixtures::state();
    state.pane = PaneId::Profile;
    let profile = state.profile.profile.as_mut().unwrap();
    profile.places.push(PersonPlace {
        place_id: "pl1".into(),
        address: "12 Acre Lane, Lambeth, SW2 5SG".into(),
        role: PlaceRole::LivesAt,
        from: Some("2024-01-01".parse().unwrap()),
        to: None,
        warnings: vec!["dog at address".into()],
    });
    let mut c = Console::new(state);
    c.key(KeyCode::Char('p'));
    assert!(c.state.profile.linked);
    let ui = fixtures::ui("dark");
    let screen = text(&draw(&c.state, &ui, 120, 30));
    for shown in
        ["Places, vehicles and phones (2)", "lives at", "▲ DOG AT ADDRESS", "LB12 XYZ Blue Ford Focus", "keeper"]
    {
        assert!(screen.contains(shown), "{shown} missing:\n{screen}");
    }
    insta::assert_snapshot!("profile_places_vehicles_phones", screen);
    // The place first: Enter opens it with the reason the profile was opened for.
    c.key(KeyCode::Enter);
    assert_eq!(c.state.pane, PaneId::Entity);
    assert!(c.effects.iter().any(|e| matches!(e, Effect::LoadEntity { target, reason, after: None }
        if target.id == "pl1" && target.kind == EntityKind::Place && reason == "Custody risk assessment")));
    c.key(KeyCode::Esc);
    assert_eq!(c.state.pane, PaneId::Profile);
    c.key(KeyCode::Down).key(KeyCode::Enter);
    assert!(c.effects.iter().any(|e| matches!(e, Effect::LoadEntity { target, .. }
        if target.id == "o1" && target.kind == EntityKind::Object)));
    // p again: back to the timeline.
    c.key(KeyCode::Esc).key(KeyCode::Char('p'));
    assert!(!c.state.profile.linked);
}

#[test]
fn older_records_come_a_page_at_a_time_under_those_shown() {
    let mut first = vehicle();
    first.timeline_total = 3;
    first.timeline_next = Some("2025-12-08T11:58:00.000000Z|wt1|vehicle_seen".into());
    let target = EntityTarget { kind: EntityKind::Object, id: "o1".into() };
    let mut c = Console::new(open_on(EntityProfile::Object(first), target.clone()));
    let ui = fixtures::ui("dark");
    let screen = text(&draw(&c.state, &ui, 120, 30));
    for shown in ["records (2 of 3", "1 older records — Enter reads the next page"] {
        assert!(screen.contains(shown), "{shown} missing:\n{screen}");
    }
    // The more row sits under the records, above the withheld row.
    let ids = c.state.entity.profile.as_ref().unwrap().row_ids();
    assert_eq!(ids[ids.len() - 2..], ["more".to_string(), "withheld".to_string()]);

    c.key(KeyCode::End).key(KeyCode::Up).key(KeyCode::Enter);
    let after = "2025-12-08T11:58:00.000000Z|wt1|vehicle_seen".to_string();
    assert!(c.effects.iter().any(|e| matches!(e, Effect::LoadEntity { target: t, after: Some(a), .. }
        if *t == target && *a == after)));
    // Asked once: Enter again while it is read asks nothing more.
    c.effects.clear();
    c.key(KeyCode::Enter);
    assert!(!c.effects.iter().any(|e| matches!(e, Effect::LoadEntity { .. })));

    // A page for another cursor (the pane read again from the top since)
    // is dropped.
    let mut stale = vehicle();
    stale.timeline.truncate(1);
    stale.timeline[0].id = "stale".into();
    let result = Ok(EntityProfile::Object(stale));
    c.act(Action::EntityLoaded { target: target.clone(), after: Some("old|x|y".into()), result });
    assert_eq!(c.state.entity.profile.as_ref().unwrap().timeline_count(), (2, 3));

    let mut page = vehicle();
    page.timeline.truncate(1);
    page.timeline[0].id = "cr9".into();
    page.timeline_total = 3;
    c.act(Action::EntityLoaded { target, after: Some(after), result: Ok(EntityProfile::Object(page)) });
    let profile = c.state.entity.profile.as_ref().unwrap();
    assert_eq!(profile.timeline_count(), (3, 3));
    let ids = profile.row_ids();
    assert_eq!(ids[ids.len() - 2..], ["cr9".to_string(), "withheld".to_string()]);
    let screen = text(&draw(&c.state, &ui, 120, 30));
    assert!(screen.contains("records (3, newest first"), "{screen}");
    assert!(!screen.contains("older records"), "{screen}");
}
