//! Cell visits from the board through real keys: every visit asks the
//! detainee's condition and what was seen, and at a level that needs
//! rousing whether it worked; nothing is sent on one key.

use crossterm::event::{KeyCode, KeyModifiers};

use super::fixtures;
use super::harness::{last_save, Console, SaveAsked};
use crate::console::effect::Effect;
use crate::console::state::{Overlay, PaneId};

#[test]
fn a_visit_asks_the_condition_and_notes_then_sends_at_the_injected_time() {
    // John SMITH is on level 1: no rousing, but never one stray key.
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Board;
    c.key(KeyCode::Up).key(KeyCode::Char('v'));
    assert!(!c.effects.iter().any(|e| matches!(e, Effect::Save { .. })), "saved on one key");
    let Overlay::Custody(form) = &c.state.overlay else { panic!("no visit form") };
    assert_eq!(form.fields.iter().map(|f| f.name).collect::<Vec<_>>(), ["condition", "notes"]);
    // Both are asked for; a condition not on the list is named.
    c.key(KeyCode::Enter);
    let Overlay::Custody(form) = &c.state.overlay else { panic!("the form closed") };
    assert_eq!(form.error_field.as_deref(), Some("condition"));
    c.type_text("fine").key(KeyCode::Tab).type_text("Reading").key(KeyCode::Enter);
    let Overlay::Custody(form) = &c.state.overlay else { panic!("the form closed") };
    assert_eq!(form.error_field.as_deref(), Some("condition"));
    assert!(form.error.as_deref().unwrap_or_default().contains("1 awake"), "{:?}", form.error);
    c.key_with(KeyCode::Char('u'), KeyModifiers::CONTROL).type_text("1").key(KeyCode::Enter);
    let SaveAsked { id, action, .. } = last_save(&c.effects).expect("a save");
    assert_eq!(id, "cu1");
    assert_eq!(action["action"], "visit");
    assert_eq!(action["notes"], "Awake and talking. Reading");
    assert!(action.get("roused").is_none_or(|r| r.is_null()), "{action}");
    assert_eq!(action["at"], serde_json::to_value(fixtures::now()).unwrap());
}

#[test]
fn a_visit_at_a_rousing_level_asks_whether_the_detainee_was_roused() {
    // Aisha BEGUM is on level 2: the visit must say whether rousing worked.
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Board;
    c.key(KeyCode::Char('v'));
    assert!(c.effects.is_empty());
    let Overlay::Custody(form) = &c.state.overlay else { panic!("no visit form") };
    assert_eq!(form.fields[0].name, "roused");
    c.type_text("maybe").key(KeyCode::Tab).type_text("unresponsive");
    c.key(KeyCode::Tab).type_text("No response to voice or touch").key(KeyCode::Enter);
    let Overlay::Custody(form) = &c.state.overlay else { panic!("the form closed") };
    assert_eq!(form.error_field.as_deref(), Some("roused"));
    assert!(c.effects.is_empty());
    c.key_with(KeyCode::Char('u'), KeyModifiers::CONTROL).type_text("n").key(KeyCode::Enter);
    assert!(matches!(c.effects.last(), Some(Effect::Save { .. })), "no save");
    let SaveAsked { id, action, .. } = last_save(&c.effects).unwrap();
    assert_eq!(id, "cu2");
    assert_eq!((action["action"].as_str(), action["roused"].as_bool()), (Some("visit"), Some(false)));
    assert_eq!(action["notes"], "Unresponsive: emergency. No response to voice or touch");
    assert_eq!(action["at"], serde_json::to_value(fixtures::now()).unwrap());
}
