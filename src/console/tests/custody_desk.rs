//! The custody desk's forms from the board through real keys: a booking in
//! of someone found through the lookup or someone new (with the people on
//! record the server says they may be), a charge with bail to court, a
//! release on pre-charge bail, rights delayed — each refused by the name of
//! its input, before sending or after the server's answer.

use crossterm::event::{KeyCode, KeyModifiers};

use super::fixtures;
use super::harness::{last_save, Console};
use crate::api::custody::MatchCandidate;
use crate::client::{Booking, ClientError};
use crate::console::action::Action;
use crate::console::effect::Effect;
use crate::console::state::{CustodyForm, Overlay, PaneId};
use crate::domain::custody::BookIn;
use crate::domain::role::{Role, Roles};

fn board() -> Console {
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Board;
    c
}

fn form(c: &Console) -> &CustodyForm {
    match &c.state.overlay {
        Overlay::Custody(form) => form,
        other => panic!("no custody form: {other:?}"),
    }
}

fn booking(c: &Console) -> BookIn {
    c.effects
        .iter()
        .rev()
        .find_map(|e| match e {
            Effect::BookIn(request) => Some((**request).clone()),
            _ => None,
        })
        .expect("a booking in was sent")
}

/// Tabs from the focused input to the one named `name`.
fn to(c: &mut Console, name: &str) {
    for _ in 0..20 {
        if form(c).fields[form(c).focus].name == name {
            return;
        }
        c.key(KeyCode::Tab);
    }
    panic!("no input {name}");
}

fn fill(c: &mut Console, inputs: &[(&str, &str)]) {
    for (name, text) in inputs {
        to(c, name);
        c.key_with(KeyCode::Char('u'), KeyModifiers::CONTROL).type_text(text);
    }
}

const ARREST: [(&str, &str); 5] = [
    ("arresting_officer", "PC 123 Okafor"),
    ("arrest_reason", "Seen leaving the premises"),
    ("offences", "Burglary; Going equipped"),
    ("suite_id", "Brix"),
    ("cell", "C4"),
];

#[test]
fn a_person_found_through_the_lookup_is_booked_in_with_the_arrest() {
    let mut c = board();
    c.key(KeyCode::Char('b'));
    assert_eq!(c.state.pane, PaneId::Lookup);
    assert!(c.state.board.finding);
    c.state.lookup.list.selected = Some("p-smyth".into());
    c.key(KeyCode::Enter);
    assert_eq!(c.state.pane, PaneId::Board, "the form is the board's");
    assert_eq!(form(&c).title, "Book in Jon SMYTH");
    // The times start at now; the officer is asked for before anything is sent.
    c.key(KeyCode::Enter);
    assert_eq!(form(&c).error_field.as_deref(), Some("arresting_officer"));
    assert!(!c.effects.iter().any(|e| matches!(e, Effect::BookIn(_))));
    fill(&mut c, &ARREST);
    fill(&mut c, &[("arrested_at", "13:05")]);
    c.key(KeyCode::Enter);
    let sent = booking(&c);
    assert_eq!(sent.person_id.as_deref(), Some("p-smyth"));
    assert!(sent.new_person.is_none());
    assert_eq!(sent.suite_id, "loc-brixton", "the suite typed in part is named by id");
    assert_eq!(sent.offences, ["Burglary", "Going equipped"]);
    assert_eq!(sent.arrested_at.with_timezone(&chrono_tz::Europe::London).format("%H:%M").to_string(), "13:05");
    assert!(sent.relevant_time <= fixtures::now());
    assert_eq!(sent.detention_authorised_at, None, "left empty: when the server saves it");
    assert!(form(&c).saving);
}

#[test]
fn a_booking_written_up_afterwards_says_when_detention_was_authorised() {
    let mut c = board();
    c.key(KeyCode::Char('b'));
    c.state.lookup.list.selected = Some("p-smyth".into());
    c.key(KeyCode::Enter);
    fill(&mut c, &ARREST);
    fill(&mut c, &[("arrested_at", "09:00"), ("relevant_time", "09:30"), ("detention_authorised_at", "9.45")]);
    c.key(KeyCode::Enter);
    assert_eq!(form(&c).error_field.as_deref(), Some("detention_authorised_at"));
    fill(&mut c, &[("detention_authorised_at", "09:45")]);
    c.key(KeyCode::Enter);
    let authorised = booking(&c).detention_authorised_at.expect("the time typed");
    assert_eq!(authorised.with_timezone(&chrono_tz::Europe::London).format("%H:%M").to_string(), "09:45");
}

#[test]
fn a_person_already_in_custody_is_named_so_on_the_form() {
    let mut c = board();
    c.key(KeyCode::Char('b'));
    c.state.lookup.list.selected = Some("p-smith".into());
    c.key(KeyCode::Enter);
    assert!(form(&c).context.contains("IN CUSTODY already"), "{}", form(&c).context);
}

#[test]
fn someone_new_is_checked_against_close_matches_and_one_is_picked() {
    let mut c = board();
    c.key(KeyCode::Char('b')).key(KeyCode::Esc).key(KeyCode::Char('N'));
    assert_eq!(form(&c).title, "Book in someone new");
    // The search was "smith": the surname is filled in, the forenames asked.
    assert_eq!(form(&c).fields[1].value, "smith");
    fill(&mut c, &[("forenames", "Jon"), ("date_of_birth", "1990-13")]);
    fill(&mut c, &ARREST);
    c.key(KeyCode::Enter);
    assert_eq!(form(&c).error_field.as_deref(), Some("date_of_birth"));
    fill(&mut c, &[("date_of_birth", "1990")]);
    c.key(KeyCode::Enter);
    let sent = booking(&c);
    assert!(sent.person_id.is_none() && !sent.confirm_no_match);
    assert_eq!(sent.new_person.as_ref().and_then(|p| p.primary_name()).map(|n| n.full()).as_deref(), Some("Jon smith"));
    // The server finds a close match: the form shows it and asks.
    let candidate = MatchCandidate {
        person_id: "p-smyth".into(),
        name: "Jon SMYTH".into(),
        date_of_birth: Some("1990".parse().expect("dob")),
        score: 1.2,
        why: vec!["name sounds alike".into()],
    };
    c.act(Action::BookedIn(Ok(Booking::PossibleMatch(vec![candidate]))));
    assert_eq!(form(&c).candidates.len(), 1);
    assert_eq!(form(&c).error_field.as_deref(), Some("match"));
    assert_eq!(form(&c).fields[form(&c).focus].name, "match");
    c.type_text("2").key(KeyCode::Enter);
    assert!(form(&c).error.as_deref().unwrap_or_default().contains("from 1 to 1"), "{:?}", form(&c).error);
    fill(&mut c, &[("match", "1")]);
    c.key(KeyCode::Enter);
    let sent = booking(&c);
    assert_eq!(sent.person_id.as_deref(), Some("p-smyth"));
    assert!(sent.new_person.is_none());
    // Or it is someone else after all.
    c.act(Action::BookedIn(Err(ClientError::Api {
        status: 409,
        code: "conflict".into(),
        message: "Jon SMYTH is in custody already".into(),
        field: None,
    })));
    assert!(form(&c).error.as_deref().unwrap_or_default().contains("in custody already"));
    fill(&mut c, &[("match", "n")]);
    c.key(KeyCode::Enter);
    let sent = booking(&c);
    assert!(sent.confirm_no_match && sent.person_id.is_none() && sent.new_person.is_some());
}

#[test]
fn a_charge_sends_the_hearing_and_bail_to_courts_conditions() {
    let mut c = board();
    c.key(KeyCode::Char('c'));
    assert!(form(&c).title.starts_with("Charge"));
    fill(
        &mut c,
        &[
            ("court", "Camberwell Green Magistrates' Court"),
            ("court_date", "next week"),
            ("remanded", "n"),
            ("conditions", "reside at 4 Acre Lane; no contact with Jo Bloggs"),
        ],
    );
    c.key(KeyCode::Enter);
    assert_eq!(form(&c).error_field.as_deref(), Some("court_date"));
    fill(&mut c, &[("court_date", "14/12/2026")]);
    c.key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("the charge was sent");
    assert_eq!(save.action["action"], "charge");
    assert_eq!(save.action["court_date"], "2026-12-14");
    assert_eq!(save.action["remanded"], false);
    assert_eq!(save.action["bail"]["conditions"][1], serde_json::json!({"type": "no_contact", "person": "Jo Bloggs"}));
    // The server's refusal of one offence lands on the offences.
    let refusal = ClientError::Api {
        status: 422,
        code: "invalid".into(),
        message: "must not be empty".into(),
        field: Some("action.offences[0]".into()),
    };
    c.act(save.answer(Err(refusal)));
    assert_eq!(form(&c).error_field.as_deref(), Some("offences"));
    assert!(form(&c).error.as_deref().unwrap_or_default().starts_with("Not saved: Offences"));
}

#[test]
fn a_charge_written_up_afterwards_sends_when_it_was() {
    let mut c = board();
    c.key(KeyCode::Char('c'));
    let hearing = [("court", "Camberwell Green Magistrates' Court"), ("court_date", "2026-11-26"), ("remanded", "y")];
    fill(&mut c, &hearing);
    fill(&mut c, &[("at", "last tuesday")]);
    c.key(KeyCode::Enter);
    assert_eq!(form(&c).error_field.as_deref(), Some("at"));
    fill(&mut c, &[("at", "2026-11-24 15:00")]);
    c.key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("the charge was sent");
    // 15:00 in London in November is 15:00 UTC.
    assert_eq!(save.action["at"], "2026-11-24T15:00:00Z");
}

#[test]
fn a_release_on_bail_is_refused_by_the_server_naming_the_return() {
    let mut c = board();
    c.key(KeyCode::Char('x'));
    fill(&mut c, &[("outcome", "1"), ("reason", "Enquiries continue"), ("conditions", "report Brixton: Mondays")]);
    c.key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("the release was sent");
    assert_eq!(save.action["outcome"], "pre_charge_bail");
    assert_eq!(save.action["bail"]["conditions"][0]["station"], "Brixton");
    let refusal = ClientError::Api {
        status: 422,
        code: "invalid".into(),
        message: "pre-charge bail needs its return date".into(),
        field: Some("action.bail.return_at".into()),
    };
    c.act(save.answer(Err(refusal)));
    assert_eq!(form(&c).error_field.as_deref(), Some("return_at"));
    assert!(!form(&c).saving);
    // Another outcome takes no bail terms.
    fill(&mut c, &[("outcome", "nfa")]);
    c.key(KeyCode::Enter);
    assert_eq!(form(&c).error_field.as_deref(), Some("outcome"));
}

#[test]
fn a_right_delayed_needs_its_authority_and_grounds() {
    let mut c = board();
    c.key(KeyCode::Char('i'));
    fill(&mut c, &[("given", "d"), ("right", "2")]);
    c.key(KeyCode::Enter);
    assert_eq!(form(&c).error_field.as_deref(), Some("authorised_by"));
    fill(&mut c, &[("authorised_by", "Supt Reyes"), ("grounds", "Would alert others involved")]);
    c.key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("sent");
    assert_eq!(save.action["action"], "rights_delayed");
    assert_eq!(save.action["right"], "legal_advice");
}

#[test]
fn a_role_that_does_not_work_custody_cannot_book_in() {
    let mut c = board();
    if let Some(session) = c.state.session.as_mut() {
        session.roles = Roles(vec![Role::IntelligenceAnalyst]);
    }
    c.key(KeyCode::Char('b'));
    assert_eq!(c.state.pane, PaneId::Board);
    assert!(!c.state.board.finding);
    assert!(c.state.message.as_ref().is_some_and(|m| m.text.contains("may not book detainees in")));
}

#[test]
fn the_desk_forms_as_drawn() {
    use super::snapshots::{draw, text};
    let ui = fixtures::ui("dark");
    // Someone new who may be someone on record: the people to check are listed.
    let mut c = board();
    c.key(KeyCode::Char('b')).key(KeyCode::Esc).key(KeyCode::Char('N'));
    fill(&mut c, &[("forenames", "Jon")]);
    fill(&mut c, &ARREST);
    c.key(KeyCode::Enter);
    let candidate = MatchCandidate {
        person_id: "p-smyth".into(),
        name: "Jon SMYTH".into(),
        date_of_birth: Some("1990".parse().expect("dob")),
        score: 1.2,
        why: vec!["name sounds alike".into(), "born the same year".into()],
    };
    c.act(Action::BookedIn(Ok(Booking::PossibleMatch(vec![candidate]))));
    insta::assert_snapshot!("form_book_in_possible_match", text(&draw(&c.state, &ui, 100, 40)));
    // At 80×24 the inputs around the focused one show, with how many more.
    insta::assert_snapshot!("form_book_in_narrow", text(&draw(&c.state, &ui, 80, 24)));
    // A charge refused by the server, the input it names marked.
    let mut c = board();
    c.key(KeyCode::Char('c'));
    fill(&mut c, &[("court", "Camberwell Green Magistrates' Court"), ("court_date", "2026-12-14"), ("remanded", "y")]);
    c.key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("sent");
    let refusal = ClientError::Api {
        status: 422,
        code: "invalid".into(),
        message: "the case URN CU/12 is not a URN".into(),
        field: Some("action.urn".into()),
    };
    c.act(save.answer(Err(refusal)));
    insta::assert_snapshot!("form_charge_refused", text(&draw(&c.state, &ui, 80, 24)));
}

#[test]
fn n_over_the_lookup_is_a_letter_unless_booking_in() {
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Lookup;
    c.state.lookup.focus = crate::console::state::LookupFocus::List;
    c.state.lookup.query.clear();
    c.key(KeyCode::Char('N'));
    assert_eq!(c.state.lookup.query, "N");
    assert_eq!(c.state.overlay, Overlay::None);
    // Booking in, Esc on the list goes back to the board with nobody booked.
    let mut c = board();
    c.key(KeyCode::Char('b')).key(KeyCode::Esc).key(KeyCode::Esc);
    assert_eq!(c.state.pane, PaneId::Board);
    assert!(!c.state.board.finding);
}
