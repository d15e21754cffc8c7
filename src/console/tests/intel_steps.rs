//! The intelligence pane's other steps, worked with keys through the router
//! the binary uses: an intelligence officer returns a submitted report to
//! its author with the reason (refused empty, on its input), an author
//! revises a draft — only what changed is sent, and never the unsanitised
//! text they were not shown — and submits it, and a retention review names
//! its decision and the next review day.

use crate::console::state::intelligence::IntelForm;
use crossterm::event::{KeyCode, KeyModifiers};

use super::fixtures;
use super::harness::{last_save, Console};
use super::intelligence::{intel_state, report};
use super::snapshots::{draw, text};
use crate::console::state::State;
use crate::domain::event::EventDetails;
use crate::domain::intelligence::{IntelligenceStatus, Priority};
use crate::domain::role::Role;

/// The queue holding one report in `status`, selected, as `role` sees it.
fn one_report(role: Role, status: IntelligenceStatus) -> State {
    let mut state = intel_state(vec![role]);
    let mut event =
        report("ir9", "IR/26/0000209", "Cannabis grown at a flat", (Priority::Medium, 'P'), "2026-11-24T10:00:00Z");
    if let EventDetails::Intelligence(d) = &mut event.details {
        d.status = status;
        if status == IntelligenceStatus::Draft {
            d.submission = None;
        }
        if role != Role::IntelligenceAnalyst {
            // As the server shows it to a role that may not read it.
            d.unsanitised_text = Some("[withheld]".into());
        }
    }
    state.intelligence.rows = vec![event];
    state.intelligence.list.selected = Some("ir9".into());
    state
}

#[test]
fn an_intelligence_officer_returns_a_submitted_report_with_the_reason() {
    let ui = fixtures::ui("dark");
    let mut investigator = Console::new(intel_state(vec![Role::Investigator]));
    investigator.key(KeyCode::Char('B'));
    assert!(investigator.state.message.as_ref().is_some_and(|m| m.text.contains("Only an intelligence officer")));

    let mut c = Console::new(intel_state(vec![Role::IntelligenceAnalyst]));
    c.key(KeyCode::Char('B')).key(KeyCode::Enter);
    assert!(last_save(&c.effects).is_none(), "a return needs its reason");
    let screen = text(&draw(&c.state, &ui, 120, 30));
    insta::assert_snapshot!("intelligence_return_refused", screen);
    assert!(screen.contains("Return IR/26/0000201 to its author") && screen.contains("Reason must not be empty"));
    c.type_text("Say how the source knows the car is used").key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("sent");
    assert_eq!(save.id, "ir1");
    assert_eq!(
        save.action,
        serde_json::json!({"type": "return", "reason": "Say how the source knows the car is used"})
    );
}

#[test]
fn an_author_revises_only_what_they_change_and_submits_the_draft() {
    let mut c = Console::new(one_report(Role::Investigator, IntelligenceStatus::Draft));
    let screen = text(&draw(&c.state, &fixtures::ui("dark"), 120, 30));
    assert!(screen.contains("R revise · S submit"), "the draft's next steps:\n{screen}");
    c.key(KeyCode::Char('R'));
    let Some(form) = c.state.overlay.get_form::<IntelForm>() else { panic!("no form: {:?}", c.state.message) };
    assert_eq!(form.title, "Revise the draft IR/26/0000209");
    assert!(form.fields.iter().all(|f| f.name != "unsanitised_text"), "a text the role was not shown is not offered");
    // Nothing changed: refused before sending.
    let last = form.fields.len() - 1;
    for _ in form.focus..last {
        c.key(KeyCode::Down);
    }
    c.key(KeyCode::Enter);
    assert!(last_save(&c.effects).is_none());
    let Some(form) = c.state.overlay.get_form::<IntelForm>() else { panic!("closed") };
    assert!(form.error.as_deref().is_some_and(|e| e.contains("nothing is changed")), "{:?}", form.error);
    // The priority lowered: that alone is sent.
    c.key(KeyCode::Up);
    c.key_with(KeyCode::Char('u'), KeyModifiers::CONTROL).type_text("low");
    c.key(KeyCode::Enter).key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("sent");
    assert_eq!(save.action, serde_json::json!({"type": "revise", "priority": "low"}));
    c.effects.clear();
    c.key(KeyCode::Esc).key(KeyCode::Char('S'));
    let Some(form) = c.state.overlay.get_form::<IntelForm>() else { panic!("no form") };
    assert_eq!(form.title, "Submit IR/26/0000209 for evaluation (Enter sends)");
    c.key(KeyCode::Enter);
    assert_eq!(last_save(&c.effects).expect("sent").action, serde_json::json!({"type": "submit"}));
}

#[test]
fn a_retention_review_names_its_decision_and_next_review() {
    let mut c = Console::new(one_report(Role::IntelligenceAnalyst, IntelligenceStatus::Disseminated));
    c.key(KeyCode::Char('T'));
    c.type_text("keep").key(KeyCode::Enter).type_text("Supply line still active").key(KeyCode::Enter);
    c.type_text("next june").key(KeyCode::Enter);
    let Some(form) = c.state.overlay.get_form::<IntelForm>() else { panic!("closed") };
    assert_eq!(form.error_field.as_deref(), Some("decision"), "{:?}", form.error);
    c.key_with(KeyCode::Char('u'), KeyModifiers::CONTROL).type_text("retain");
    c.key(KeyCode::Enter).key(KeyCode::Enter).key(KeyCode::Enter);
    let Some(form) = c.state.overlay.get_form::<IntelForm>() else { panic!("closed") };
    assert_eq!(form.error_field.as_deref(), Some("next_review"), "{:?}", form.error);
    c.key_with(KeyCode::Char('u'), KeyModifiers::CONTROL).type_text("2027-06-01").key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("sent");
    assert_eq!(
        save.action,
        serde_json::json!({"type": "review_retention", "decision": "retain",
            "note": "Supply line still active", "next_review": "2027-06-01"})
    );
}
