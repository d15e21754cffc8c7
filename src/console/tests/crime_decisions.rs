//! The crime pane's decisions, worked with keys through the router the
//! binary uses: a supervisor approves or returns a proposed outcome (an
//! investigator is told it is a supervisor's), the crime registrar cancels
//! a crime with the additional verifiable information (a reason the rules
//! do not have refused on its input, the server's refusal shown as it words
//! it), and a person found in the lookup is linked as a suspect.

use crate::console::state::crimes::CrimeForm;
use crossterm::event::KeyCode;

use super::crimes::{crimes_state, rows};
use super::fixtures;
use super::harness::{last_save, Console};
use super::snapshots::{draw, text};
use crate::api::{SearchResponse, SubjectHit};
use crate::client::ClientError;
use crate::console::action::Action;
use crate::console::effect::Effect;
use crate::console::state::{Overlay, PaneId, State};
use crate::domain::role::{Role, Roles};

fn as_role(mut state: State, username: &str, role: Role) -> State {
    if let Some(session) = &mut state.session {
        session.username = username.into();
        session.roles = Roles(vec![role]);
    }
    state
}

fn refusal(field: &str, message: &str) -> ClientError {
    ClientError::Api { status: 422, code: "invalid".into(), message: message.into(), field: Some(field.into()) }
}

#[test]
fn a_supervisor_approves_the_proposed_outcome_and_an_investigator_may_not() {
    let ui = fixtures::ui("dark");
    let mut state = crimes_state();
    state.crimes.list.selected = Some("cr3".into());
    let mut investigator = Console::new(state.clone());
    investigator.key(KeyCode::Char('A'));
    assert_eq!(investigator.state.overlay, Overlay::None);
    assert!(investigator.state.message.as_ref().is_some_and(|m| m.text.contains("Only a supervisor")));

    let mut c = Console::new(as_role(state, "insp.ward", Role::Inspector));
    let screen = text(&draw(&c.state, &ui, 160, 30));
    assert!(screen.contains("A approve · B return"), "the keys beside the outcome:\n{screen}");
    c.key(KeyCode::Char('A'));
    let screen = text(&draw(&c.state, &ui, 100, 30));
    insta::assert_snapshot!("crimes_approve_form", screen);
    assert!(screen.contains("Approve outcome 16 Victim declines or withdraws support for CR/26/0000103"), "{screen}");
    c.type_text("Victim's decision recorded in her statement").key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("sent");
    assert_eq!(save.id, "cr3");
    assert_eq!(
        save.action,
        serde_json::json!({"type": "approve_outcome", "note": "Victim's decision recorded in her statement"})
    );
    // The server's refusal, as it words it.
    c.act(save.answer(Err(refusal("action.type", "an outcome is approved by a supervisor other than its proposer"))));
    let screen = text(&draw(&c.state, &ui, 100, 30));
    assert!(screen.contains("Not saved: an outcome is approved by a supervisor other than its"), "{screen}");
    // A crime with nothing proposed has nothing to approve.
    c.key(KeyCode::Esc);
    c.state.crimes.list.selected = Some("cr2".into());
    c.key(KeyCode::Char('B'));
    assert!(c.state.message.as_ref().is_some_and(|m| m.text.contains("No outcome is proposed")));
}

#[test]
fn a_returned_outcome_needs_its_reason() {
    let mut state = as_role(crimes_state(), "insp.ward", Role::Inspector);
    state.crimes.list.selected = Some("cr3".into());
    let mut c = Console::new(state);
    c.key(KeyCode::Char('B')).key(KeyCode::Enter);
    assert!(last_save(&c.effects).is_none());
    let Some(form) = c.state.overlay.get_form::<CrimeForm>() else { panic!("the form closed") };
    assert_eq!(form.error.as_deref(), Some("Reason must not be empty"));
    c.type_text("Speak to the victim once more before closing").key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("sent");
    assert_eq!(
        save.action,
        serde_json::json!({"type": "return_outcome", "reason": "Speak to the victim once more before closing"})
    );
}

#[test]
fn the_registrar_cancels_a_crime_with_the_reason_the_rules_have() {
    let ui = fixtures::ui("dark");
    let mut investigator = Console::new(crimes_state());
    investigator.key(KeyCode::Char('X'));
    assert!(investigator.state.message.as_ref().is_some_and(|m| m.text.contains("crime registrar")));

    let mut c = Console::new(as_role(crimes_state(), "cr.registrar", Role::CrimeRegistrar));
    c.key(KeyCode::Char('X'));
    c.type_text("mistake").key(KeyCode::Enter).type_text("CCTV shows the bicycle was lent").key(KeyCode::Enter);
    assert!(last_save(&c.effects).is_none(), "a reason the rules do not have");
    let Some(form) = c.state.overlay.get_form::<CrimeForm>() else { panic!("the form closed") };
    assert_eq!(form.error_field.as_deref(), Some("reason"), "{:?}", form.error);
    for _ in 0.."mistake".len() {
        c.key(KeyCode::Backspace);
    }
    c.type_text("no crime").key(KeyCode::Enter).key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("sent");
    assert_eq!(
        save.action,
        serde_json::json!({"type": "cancel", "reason": "no_crime",
            "additional_information": "CCTV shows the bicycle was lent"})
    );
    c.act(save.answer(Err(refusal(
        "action.additional_information",
        "must set out the additional verifiable information (20 characters at least)",
    ))));
    let screen = text(&draw(&c.state, &ui, 100, 30));
    insta::assert_snapshot!("crimes_cancel_refused", screen);
    assert!(screen.contains("Not saved: Information: must set out the additional"), "{screen}");
}

#[test]
fn a_person_found_in_the_lookup_is_linked_to_the_crime_with_their_part() {
    let mut c = Console::new(crimes_state());
    c.key(KeyCode::Char('p'));
    assert_eq!(c.state.pane, PaneId::Lookup, "the lookup finds the person");
    c.type_text("okafor");
    let seq = c.effects.iter().rev().find_map(|e| match e {
        Effect::Search { seq, .. } => Some(*seq),
        _ => None,
    });
    let hit = SubjectHit { person_id: "p-ray".into(), name: "Raymond OKAFOR".into(), ..fixtures::hits().remove(0) };
    let response = SearchResponse { query: "okafor".into(), hits: vec![hit], places: vec![], objects: vec![] };
    c.act(Action::SearchDone { seq: seq.expect("searched"), result: Ok(response) });
    let screen = text(&draw(&c.state, &fixtures::ui("dark"), 80, 24));
    assert!(screen.contains("link a person to CR/26/0000102"), "{screen}");
    c.key(KeyCode::Enter);
    let Some(form) = c.state.overlay.get_form::<CrimeForm>() else {
        panic!("the part is asked: {:?}", c.state.overlay)
    };
    assert_eq!(form.title, "Link Raymond OKAFOR to CR/26/0000102");
    c.type_text("caller").key(KeyCode::Enter);
    assert!(last_save(&c.effects).is_none(), "not a part on a crime");
    for _ in 0.."caller".len() {
        c.key(KeyCode::Backspace);
    }
    c.type_text("suspect").key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("the link is sent");
    assert_eq!(save.action, serde_json::json!({"type": "link_person", "person_id": "p-ray", "role": "suspect"}));
    let mut linked = rows().remove(1).event;
    linked.version = 2;
    c.act(save.answer(Ok(linked)));
    assert_eq!(c.state.pane, PaneId::Crimes);
    assert!(c.state.crimes.linking.is_none());
    assert_eq!(c.state.crimes.list.selected.as_deref(), Some("cr2"));
}
