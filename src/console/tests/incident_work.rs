//! Working an incident from the board beyond its resources: a person
//! linked from the subject lookup with their part (and their WANTED flag on
//! the board once the row is read again), a repeat call closed into the
//! incident it repeats, an E grade given its appointment; and the board's
//! columns at 80 columns, where the reference, grade and clock stay whole.

use crate::console::state::incidents::IncidentForm;
use crossterm::event::KeyCode;

use super::fixtures;
use super::harness::{last_save, Console};
use super::incidents::{board_state, rows};
use super::snapshots::{draw, text};
use crate::api::incidents::IncidentPerson;
use crate::api::{SearchResponse, SubjectHit};
use crate::console::action::Action;
use crate::console::effect::Effect;
use crate::console::state::{Overlay, PaneId};
use crate::domain::link::{EventPerson, EventRole};
use crate::domain::person::Flags;

fn hit(id: &str, name: &str, wanted: bool) -> SubjectHit {
    SubjectHit {
        person_id: id.into(),
        name: name.into(),
        date_of_birth: None,
        age: Some(34),
        area: Some("Lambeth".into()),
        markers: vec!["VI".into()],
        flags: Flags { wanted, ..Flags::default() },
        score: 0.9,
        why: vec![],
    }
}

/// The lookup's search as the console asked for it, answered.
fn answer_search(c: &mut Console, hits: Vec<SubjectHit>) {
    let seq = c
        .effects
        .iter()
        .rev()
        .find_map(|e| match e {
            Effect::Search { seq, .. } => Some(*seq),
            _ => None,
        })
        .expect("a search asked for");
    let query = c.state.lookup.query.clone();
    c.act(Action::SearchDone { seq, result: Ok(SearchResponse { query, hits, places: Vec::new(), objects: vec![] }) });
}

#[test]
fn a_person_is_linked_from_the_lookup_with_their_part() {
    let mut c = Console::new(board_state(fixtures::state()));
    c.key(KeyCode::Down); // the S call, CAD 0415
    assert_eq!(c.state.incidents.list.selected.as_deref(), Some("in2"));
    c.key(KeyCode::Char('p'));
    assert_eq!(c.state.pane, PaneId::Lookup, "the lookup finds the person");
    c.type_text("ray okafor");
    answer_search(&mut c, vec![hit("p-ray", "Raymond OKAFOR", true), hit("p-rae", "Rae OKAFOR", false)]);
    let ui = fixtures::ui("dark");
    let screen = text(&draw(&c.state, &ui, 80, 24));
    assert!(screen.contains("link a person to CAD 0415 25NOV26"), "{screen}");
    // Enter picks the person instead of opening the record: no reason asked.
    c.key(KeyCode::Enter);
    let Some(form) = c.state.overlay.get_form::<IncidentForm>() else {
        panic!("the part is asked: {:?}", c.state.overlay)
    };
    assert_eq!(form.title, "Link Raymond OKAFOR to CAD 0415 25NOV26");
    // A part the incident has no place for is refused on its input.
    c.type_text("s").key(KeyCode::Enter);
    assert!(last_save(&c.effects).is_none());
    let Some(form) = c.state.overlay.get_form::<IncidentForm>() else { panic!("kept") };
    assert_eq!(form.error_field.as_deref(), Some("role"), "suspect or subject: {:?}", form.error);
    c.type_text("uspect").key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("the link is sent");
    assert_eq!((save.id.as_str(), save.version), ("in2", 1));
    assert_eq!(save.action, serde_json::json!({"type": "link_person", "person_id": "p-ray", "role": "suspect"}));
    // Saved: back on the board, on the incident, and its row is read again
    // for the person's flags.
    let mut linked = rows().remove(1).event;
    linked.version = 2;
    linked.people = vec![EventPerson { person_id: "p-ray".into(), role: EventRole::Suspect }];
    c.effects.clear();
    c.act(save.answer(Ok(linked)));
    assert_eq!(c.state.pane, PaneId::Incidents);
    assert_eq!(c.state.overlay, Overlay::None);
    assert!(c.state.incidents.linking.is_none());
    assert_eq!(c.state.incidents.list.selected.as_deref(), Some("in2"));
    assert!(c.effects.iter().any(|e| matches!(e, Effect::LoadIncidentRow { id } if id == "in2")), "{:?}", c.effects);
    let mut row = rows().remove(1);
    row.event.version = 2;
    row.people = vec![IncidentPerson {
        person_id: "p-ray".into(),
        role: EventRole::Suspect,
        name: "Raymond OKAFOR".into(),
        markers: vec!["VI".into()],
        flags: Flags { wanted: true, ..Flags::default() },
    }];
    c.act(Action::IncidentRowLoaded { id: "in2".into(), result: Ok(Some(row)) });
    let screen = text(&draw(&c.state, &ui, 80, 24));
    let line = screen.lines().find(|l| l.contains("Raymond OKAFOR")).unwrap_or_default();
    assert!(line.contains("suspect") && line.contains("VI") && line.contains("WANTED"), "{screen}");
}

#[test]
fn linking_is_given_up_with_esc_and_the_lookup_opens_records_again() {
    let mut c = Console::new(board_state(fixtures::state()));
    c.key(KeyCode::Char('p')).type_text("smith");
    answer_search(&mut c, vec![hit("p-smith", "John SMITH", true)]);
    c.key(KeyCode::Esc).key(KeyCode::Esc);
    assert_eq!(c.state.pane, PaneId::Incidents);
    assert!(c.state.incidents.linking.is_none());
    assert_eq!(c.state.incidents.list.selected.as_deref(), Some("in1"));
    // In the lookup now, Enter asks the reason to open the record.
    c.key(KeyCode::Char('1')).key(KeyCode::Enter);
    assert!(matches!(c.state.overlay, Overlay::Reason(_)), "{:?}", c.state.overlay);
}

#[test]
fn a_repeat_call_is_closed_into_the_incident_it_repeats() {
    let mut c = Console::new(board_state(fixtures::state()));
    c.key(KeyCode::Down); // CAD 0415
    c.key(KeyCode::Char('D'));
    let Some(form) = c.state.overlay.get_form::<IncidentForm>() else { panic!("a form") };
    assert_eq!(form.title, "Close CAD 0415 25NOV26 as a repeat call");
    // Part of a reference that fits no other open incident, then one that fits.
    c.type_text("0999").key(KeyCode::Enter);
    let Some(form) = c.state.overlay.get_form::<IncidentForm>() else { panic!("kept") };
    assert_eq!(form.error_field.as_deref(), Some("of"), "{:?}", form.error);
    for _ in 0..4 {
        c.key(KeyCode::Backspace);
    }
    c.type_text("0412").key(KeyCode::Enter);
    let Some(form) = c.state.overlay.get_form::<IncidentForm>() else { panic!("it asks") };
    let question = form.confirming.clone().unwrap_or_default();
    assert!(question.contains("Close CAD 0415 25NOV26 as a repeat of CAD 0412 25NOV26?"), "{question}");
    assert!(last_save(&c.effects).is_none());
    c.key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("sent once confirmed");
    assert_eq!(save.id, "in2");
    assert_eq!(save.action, serde_json::json!({"type": "duplicate_of", "incident_id": "in1"}));
}

#[test]
fn an_e_grade_is_given_its_appointment_in_london_time() {
    let mut c = Console::new(board_state(fixtures::state()));
    c.key(KeyCode::End); // the E call without an appointment
    assert_eq!(c.state.incidents.list.selected.as_deref(), Some("in4"));
    c.key(KeyCode::Char('R')).type_text("E").key(KeyCode::Enter);
    c.type_text("Appointment made with the caller").key(KeyCode::Enter);
    c.type_text("2026-11-26 18:30").key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("a regrade");
    // 18:30 in London in November is 18:30 UTC.
    assert_eq!(
        save.action,
        serde_json::json!({"type": "regrade", "grade": "E", "reason": "Appointment made with the caller",
                           "appointment": "2026-11-26T18:30:00Z"})
    );
    // A time that is not one is refused on its input.
    let mut c = Console::new(board_state(fixtures::state()));
    c.key(KeyCode::Char('n'));
    for value in ["Mr Ng", "", "Flats on Brixton Hill", "Lambeth", "asb", "nuisance", "E", "tomorrow", "Music"] {
        c.type_text(value).key(KeyCode::Enter);
    }
    let Some(form) = c.state.overlay.get_form::<IncidentForm>() else { panic!("refused in the form") };
    assert_eq!(form.error_field.as_deref(), Some("appointment"), "{:?}", form.error);
    assert!(!c.effects.iter().any(|e| matches!(e, Effect::OpenIncident(_))));
}

#[test]
fn at_80_columns_reference_grade_and_clock_show_whole_and_a_cut_ends_with_an_ellipsis() {
    let ui = fixtures::ui("dark");
    let state = board_state(fixtures::state());
    let screen = text(&draw(&state, &ui, 80, 24));
    for whole in ["CAD 0412 25NOV26", "✖ OVERDUE 5m", "▲ 15m left", "no appointment", "CRIME", "PSW"] {
        assert!(screen.contains(whole), "{whole} is cut:\n{screen}");
    }
    let first = screen.lines().find(|l| l.contains("CAD 0412")).unwrap_or_default();
    assert!(first.contains("Outside") && first.contains('…'), "the place gives way with an ellipsis: {first}");
}

#[test]
fn linking_a_person_with_no_incident_selected_says_why() {
    let mut state = board_state(fixtures::state());
    state.incidents.rows.clear();
    state.incidents.list.selected = None;
    let mut c = Console::new(state);
    c.key(KeyCode::Char('p'));
    assert_eq!(c.state.pane, PaneId::Incidents, "nothing to link to: the lookup is not opened");
    let ui = fixtures::ui("dark");
    let screen = text(&draw(&c.state, &ui, 80, 24));
    assert!(screen.contains("Select an incident first."), "{screen}");
}
