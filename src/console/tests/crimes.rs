//! The crime pane: drawn in its states (a crime overdue for its recording
//! decision, one under investigation with its log, one whose outcome waits
//! for a supervisor), worked with keys through the router the binary uses —
//! the officer chosen from the list, a refusal kept on the input it names,
//! a log entry sent — and kept live by a change made elsewhere.

use crate::console::state::crimes::CrimeForm;
use crossterm::event::KeyCode;

use super::fixtures::{self, t};
use super::harness::{last_save, Console};
use super::snapshots::{draw, text};
use crate::api::crimes::{CrimeQueue, CrimeQueuePage, CrimeRow};
use crate::api::Change;
use crate::client::ClientError;
use crate::console::action::{Action, Live};
use crate::console::state::{Overlay, PaneId, State};
use crate::console::update::crime_reads::{CrimeAnswer, CrimeRead};
use crate::domain::crime::*;
use crate::domain::event::{Event, EventDetails, EventKind};
use crate::domain::link::{EventPerson, EventRole};
use crate::domain::provenance::Provenance;

fn crime(id: &str, reference: &str, offence: &str, reported: &str, shape: impl FnOnce(&mut CrimeDetails)) -> Event {
    let mut d = CrimeDetails::reported(offence.into(), None, t(reported));
    shape(&mut d);
    let details = EventDetails::Crime(Box::new(d));
    Event {
        id: id.into(),
        kind: EventKind::Crime,
        reference: reference.into(),
        version: 1,
        status: details.status(),
        occurred_at: t(reported),
        borough: Some("Lambeth".into()),
        summary: offence.into(),
        people: vec![EventPerson { person_id: "p-smith".into(), role: EventRole::Suspect }],
        details,
        created_at: t(reported),
        updated_at: t(reported),
        provenance: Provenance::entered("op.adams", t(reported)),
    }
}

fn entry(at: &str, by: &str, kind: CrimeLogKind, text: &str) -> CrimeLogEntry {
    CrimeLogEntry { at: t(at), by: by.into(), kind, text: text.into() }
}

fn classified(d: &mut CrimeDetails, code: &str, name: &str, at: &str) {
    d.classifications.push(Classification {
        code: code.into(),
        name: name.into(),
        at: t(at),
        by: "dc.shah".into(),
        reason: None,
    });
}

fn allocated(d: &mut CrimeDetails, officer: &str, at: &str) {
    d.allocations.push(Allocation {
        officer: officer.into(),
        unit: "Lambeth CID".into(),
        at: t(at),
        by: "ds.mills".into(),
        reason: None,
    });
    d.status = CrimeStatus::UnderInvestigation;
}

pub fn rows() -> Vec<CrimeRow> {
    let rules = CrimeRules::default();
    let events = vec![
        // Reported yesterday morning, still not classified: overdue.
        crime("cr1", "CR/26/0000101", "Theft of a pedal cycle", "2026-11-24T09:00:00Z", |_| {}),
        crime("cr2", "CR/26/0000102", "Burglary of a flat, Acre Lane", "2026-11-20T10:00:00Z", |d| {
            classified(d, "28E", "Burglary - residential", "2026-11-20T12:00:00Z");
            allocated(d, "dc.shah", "2026-11-20T13:00:00Z");
            d.review_due = Some(t("2026-11-27T13:00:00Z"));
            d.log = vec![
                entry("2026-11-20T13:00:00Z", "ds.mills", CrimeLogKind::Decision, "allocated to dc.shah (Lambeth CID)"),
                entry(
                    "2026-11-21T10:30:00Z",
                    "dc.shah",
                    CrimeLogKind::Enquiry,
                    "House-to-house in Acre Lane: no witnesses",
                ),
                entry("2026-11-25T11:15:00Z", "dc.shah", CrimeLogKind::VictimContact, "Rang Mrs Okoro with an update"),
            ];
        }),
        crime("cr3", "CR/26/0000103", "Assault by beating", "2026-11-10T21:00:00Z", |d| {
            classified(d, "105A", "Assault without injury", "2026-11-10T22:00:00Z");
            allocated(d, "pc.lee", "2026-11-11T08:00:00Z");
            d.proposed_outcome = Some(ProposedOutcome {
                outcome: 16,
                name: "Victim declines or withdraws support".into(),
                note: "Victim will not support a prosecution".into(),
                at: t("2026-11-25T09:00:00Z"),
                by: "pc.lee".into(),
            });
            d.status = CrimeStatus::OutcomeProposed;
        }),
    ];
    events
        .into_iter()
        .map(|event| {
            let due = match &event.details {
                EventDetails::Crime(d) => clock::due(d, event.created_at, &rules, fixtures::now()),
                _ => unreachable!(),
            };
            CrimeRow { event, due }
        })
        .collect()
}

/// The crime pane of an investigator, "my unit" loaded.
pub fn crimes_state() -> State {
    let mut state = fixtures::state();
    state.pane = PaneId::Crimes;
    let c = &mut state.crimes;
    c.queue = CrimeQueue::Unit;
    c.unit = Some("Lambeth CID".into());
    c.rows = rows();
    c.loaded = true;
    c.at = Some(fixtures::now());
    c.list.selected = Some("cr2".into());
    state
}

#[test]
fn the_crime_pane_in_its_states() {
    let ui = fixtures::ui("dark");
    let state = crimes_state();
    let normal = text(&draw(&state, &ui, 120, 30));
    insta::assert_snapshot!("crimes_normal", normal);
    for whole in
        ["CR/26/0000101", "CR/26/0000102", "CR/26/0000103", "class overdue", "review in 1d", "outcome to approve"]
    {
        assert!(normal.contains(whole), "{whole} missing:\n{normal}");
    }
    assert!(normal.contains("Rang Mrs Okoro with an update"), "the selected crime's log:\n{normal}");
    let narrow = text(&draw(&state, &ui, 80, 24));
    insta::assert_snapshot!("crimes_narrow", narrow);
    assert!(narrow.contains("CR/26/0000101") && narrow.contains("✖"), "uncut, overdue marked:\n{narrow}");
    let mut empty = crimes_state();
    empty.crimes.rows.clear();
    empty.crimes.list.selected = None;
    insta::assert_snapshot!("crimes_empty", text(&draw(&empty, &ui, 80, 24)));
    let mut no_unit = empty.clone();
    no_unit.crimes.unit = None;
    assert!(text(&draw(&no_unit, &ui, 80, 24)).contains("Set your unit with u"));
}

#[test]
fn an_allocation_chooses_the_officer_from_the_list_and_a_refusal_stays_on_its_input() {
    let ui = fixtures::ui("dark");
    let mut state = crimes_state();
    state.crimes.list.selected = Some("cr1".into());
    let mut c = Console::new(state);
    c.key(KeyCode::Char('a'));
    assert!(
        c.effects.iter().any(|e| matches!(e.desk::<CrimeRead>(), Some(CrimeRead::CrimeOfficers))),
        "{:?}",
        c.effects
    );
    c.act(Action::desk(CrimeAnswer::CrimeOfficers(Ok(vec!["dc.shah".into(), "dc.shaw".into(), "pc.lee".into()]))));
    c.type_text("dc.sha");
    let screen = text(&draw(&c.state, &ui, 80, 24));
    assert!(screen.contains("Users: dc.shah · dc.shaw"), "the list narrowed:\n{screen}");
    // The unit is the operator's; with two officers fitting, nothing is sent.
    c.key(KeyCode::Enter).key(KeyCode::Enter);
    assert!(last_save(&c.effects).is_none(), "sent with two officers fitting");
    let Some(form) = c.state.overlay.get_form::<CrimeForm>() else { panic!("the form closed") };
    assert_eq!(form.error_field.as_deref(), Some("officer"), "{:?}", form.error);
    c.type_text("h");
    c.key(KeyCode::Enter).key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("sent");
    assert_eq!(save.id, "cr1");
    assert_eq!(save.action, serde_json::json!({"type": "allocate", "officer": "dc.shah", "unit": "Lambeth CID"}));
    let refusal = ClientError::Api {
        status: 422,
        code: "invalid".into(),
        message: "the account of 'dc.shah' is disabled: choose another".into(),
        field: Some("action.officer".into()),
    };
    c.act(save.answer(Err(refusal)));
    let screen = text(&draw(&c.state, &ui, 80, 24));
    insta::assert_snapshot!("crimes_allocate_refused", screen);
    assert!(screen.contains("Not saved: Officer: the account of 'dc.shah' is disabled"), "{screen}");
    assert!(screen.contains("Lambeth CID"), "the input was kept:\n{screen}");
}

#[test]
fn a_log_entry_is_sent_with_its_kind_and_the_form_closes_when_saved() {
    let mut c = Console::new(crimes_state());
    c.key(KeyCode::Char('L'));
    assert!(matches!(c.state.overlay.get_form::<CrimeForm>(), Some(f) if f.title == "Log entry on CR/26/0000102"));
    // The entry's text has the focus; the kind (an action) is above it.
    c.key(KeyCode::Up);
    c.key_with(KeyCode::Char('u'), crossterm::event::KeyModifiers::CONTROL);
    c.type_text("enquiry");
    c.key(KeyCode::Enter);
    c.type_text("CCTV requested from the corner shop");
    c.key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("sent");
    assert_eq!(
        save.action,
        serde_json::json!({"type": "log", "kind": "enquiry", "text": "CCTV requested from the corner shop"})
    );
    let mut saved = c.state.crimes.row("cr2").unwrap().event.clone();
    saved.version = 2;
    c.effects.clear();
    c.act(save.answer(Ok(saved)));
    assert_eq!(c.state.overlay, Overlay::None);
    // That crime alone is read again, for its clocks and its place.
    let reread = c.effects.iter().any(
        |e| matches!(e.desk::<CrimeRead>(), Some(CrimeRead::CrimeRow { query }) if query.id.as_deref() == Some("cr2")),
    );
    assert!(reread, "{:?}", c.effects);
    assert!(
        !c.effects.iter().any(|e| matches!(e.desk::<CrimeRead>(), Some(CrimeRead::CrimeQueue { .. }))),
        "not the whole page"
    );
}

#[test]
fn a_review_is_for_supervisors_and_a_queue_change_reads_the_queue() {
    let mut c = Console::new(crimes_state());
    c.key(KeyCode::Char('R'));
    assert_eq!(c.state.overlay, Overlay::None, "an investigator does not review");
    assert!(c.state.message.as_ref().is_some_and(|m| m.text.contains("supervisor")));
    // `c` picks a queue: typed to narrow, Enter takes it, asked of the server.
    c.key(KeyCode::Char('c'));
    for ch in "unalloc".chars() {
        c.key(KeyCode::Char(ch));
    }
    c.key(KeyCode::Enter);
    assert_eq!(c.state.crimes.queue, CrimeQueue::Unallocated);
    let asked = c.effects.iter().find_map(|e| match e.desk::<CrimeRead>() {
        Some(CrimeRead::CrimeQueue { query, append: false, .. }) => Some(query.clone()),
        _ => None,
    });
    assert_eq!(asked.and_then(|q| q.queue), Some(CrimeQueue::Unallocated));
}

#[test]
fn a_crime_changed_elsewhere_is_read_alone_and_its_row_alone_moves() {
    let change = |id: &str| {
        Action::Live(Live::Change(Change {
            seq: 60,
            at: fixtures::now(),
            topic: "crimes".into(),
            op: "updated".into(),
            record_id: id.into(),
            version: 2,
            person_ids: vec![],
            private_to: None,
        }))
    };
    let asked = |c: &Console| {
        c.effects
            .iter()
            .find_map(|e| match e.desk::<CrimeRead>() {
                Some(CrimeRead::CrimeRow { query }) => Some(query.clone()),
                _ => None,
            })
            .expect("the crime read again")
    };
    let mut c = Console::new(crimes_state());
    // A crime the change brought into the queue: added at the top, marked.
    c.act(change("cr9"));
    assert!(
        !c.effects.iter().any(|e| matches!(e.desk::<CrimeRead>(), Some(CrimeRead::CrimeQueue { .. }))),
        "not the page"
    );
    let query = asked(&c);
    assert_eq!((query.id.as_deref(), query.queue, query.limit), (Some("cr9"), Some(CrimeQueue::Unit), Some(1)));
    let mut arrived = rows()[0].clone();
    arrived.event.id = "cr9".into();
    arrived.event.reference = "CR/26/0000109".into();
    let page = |rows: Vec<CrimeRow>| {
        Ok(CrimeQueuePage { at: fixtures::now(), rows, more: 0, more_at_least: false, next: None })
    };
    c.act(Action::desk(CrimeAnswer::CrimeRow { query, result: page(vec![arrived]) }));
    assert_eq!(c.state.crimes.rows[0].event.id, "cr9");
    assert!(c.state.recently_changed("cr9"), "the new crime is marked");
    assert!(!c.state.recently_changed("cr2"), "an unchanged crime is not");
    assert_eq!(c.state.crimes.list.selected.as_deref(), Some("cr2"), "the selection stays on its crime");
    // A crime the change took out of the queue: its row goes, the rest stay.
    c.effects.clear();
    c.act(change("cr3"));
    let query = asked(&c);
    c.act(Action::desk(CrimeAnswer::CrimeRow { query, result: page(vec![]) }));
    let ids: Vec<&str> = c.state.crimes.rows.iter().map(|r| r.event.id.as_str()).collect();
    assert_eq!(ids, ["cr9", "cr1", "cr2"]);
    assert_eq!(c.state.crimes.list.selected.as_deref(), Some("cr2"));
}

#[test]
fn a_profile_lists_crimes_with_where_they_stand_and_withheld_records_as_withheld() {
    let ui = fixtures::ui("dark");
    let mut state = fixtures::state();
    state.pane = PaneId::Profile;
    let screen = text(&draw(&state, &ui, 160, 40));
    assert!(screen.contains("CR/26/0000102"), "{screen}");
    assert!(screen.contains("28E · under investigation · OIC dc.shah"), "{screen}");
    assert!(screen.contains("⊘ WITHHELD"), "the intelligence it may not read:\n{screen}");
}

#[test]
fn help_lists_the_crime_and_intelligence_keys() {
    let ui = fixtures::ui("dark");
    let mut state = crimes_state();
    state.overlay = Overlay::Help;
    let screen = text(&draw(&state, &ui, 100, 40));
    insta::assert_snapshot!("help_crimes", screen);
    for line in ["Allocate to an officer", "Add a log entry", "Classify or reclassify", "Propose an outcome"] {
        assert!(screen.contains(line), "{line} missing:\n{screen}");
    }
    // The intelligence pane's keys, for a role that writes intelligence.
    state.pane = PaneId::Intelligence;
    let screen = text(&draw(&state, &ui, 100, 40));
    assert!(screen.contains("Evaluate (grade 3x5x2)") && screen.contains("Disseminate"), "{screen}");
}
