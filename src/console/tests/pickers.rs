//! A list's filters are picked from a list narrowed by typing, cleared one
//! at a time from the picker, and all at once by one key.

use crossterm::event::KeyCode;

use super::fixtures;
use super::harness::Console;
use super::snapshots::{draw, text};
use crate::console::queue_rows;
use crate::console::state::{Overlay, PaneId};
use crate::console::views;
use crate::domain::event::CaseStatus;

fn on_cases() -> Console {
    let mut state = fixtures::state();
    state.pane = PaneId::Cases;
    Console::new(state)
}

fn shown(console: &Console) -> usize {
    views::case_rows(&console.state).len()
}

#[test]
fn an_officer_is_picked_by_typing_part_of_the_name_and_cleared_with_delete() {
    let mut c = on_cases();
    let all = shown(&c);
    c.type_text("o");
    assert!(matches!(c.state.overlay, Overlay::Picker(_)), "o opens the officer picker");
    c.type_text("ame").key(KeyCode::Enter);
    assert_eq!(c.state.overlay, Overlay::None);
    assert_eq!(c.state.cases.officer.as_deref(), Some("DC Ames"));
    assert!(shown(&c) < all && shown(&c) > 0);
    // Opened again on the value in force; Delete clears it.
    c.type_text("o").key(KeyCode::Delete);
    assert_eq!(c.state.cases.officer, None);
    assert_eq!(shown(&c), all);
}

#[test]
fn esc_keeps_the_filter_and_all_clears_it() {
    let mut c = on_cases();
    c.type_text("s").type_text("awaiting").key(KeyCode::Enter);
    assert_eq!(c.state.cases.status, Some(CaseStatus::AwaitingCps));
    c.type_text("s").type_text("zzz").key(KeyCode::Esc);
    assert_eq!(c.state.cases.status, Some(CaseStatus::AwaitingCps), "Esc leaves the filter as it was");
    // "all" is the first line, above the value in force.
    c.type_text("s").key(KeyCode::Home).key(KeyCode::Up).key(KeyCode::Up).key(KeyCode::Up).key(KeyCode::Up);
    c.key(KeyCode::Enter);
    assert_eq!(c.state.cases.status, None);
}

#[test]
fn one_key_clears_every_filter_of_the_pane() {
    let mut c = on_cases();
    c.type_text("s").type_text("charged").key(KeyCode::Enter);
    c.type_text("o").type_text("shah").key(KeyCode::Enter);
    c.key(KeyCode::Char('/')).type_text("burg").key(KeyCode::Enter);
    assert!(c.state.cases.status.is_some() && c.state.cases.officer.is_some());
    c.type_text("X");
    assert_eq!((c.state.cases.status, c.state.cases.officer.as_deref()), (None, None));
    assert!(c.state.cases.rows.list.filter.is_empty());
}

#[test]
fn the_warrant_queue_asks_the_server_again_for_a_picked_borough() {
    let mut state = fixtures::state();
    state.pane = PaneId::Warrants;
    let mut c = Console::new(state);
    c.type_text("b").type_text("lambe").key(KeyCode::Enter);
    assert_eq!(c.state.warrants.borough.as_deref(), Some("Lambeth"));
    assert!(!c.effects.is_empty(), "the queue is read again for the borough");
    c.type_text("X");
    assert_eq!(c.state.warrants.borough, None);
}

#[test]
fn the_picker_at_every_size() {
    let ui = fixtures::ui("dark");
    let mut c = on_cases();
    c.type_text("o");
    for (width, height) in [(80, 24), (160, 48), (250, 60)] {
        let screen = text(&draw(&c.state, &ui, width, height));
        assert!(screen.contains("all (no filter)") && screen.contains("DC Ames"), "{screen}");
        insta::assert_snapshot!(format!("picker_officer_{width}x{height}"), screen);
    }
    c.type_text("sh");
    let screen = text(&draw(&c.state, &ui, 80, 24));
    assert!(screen.contains("▶ DC Shah") && !screen.contains("DC Ames"), "{screen}");
}

#[test]
fn the_warrant_queue_opens_the_wanted_person_after_a_reason_of_their_own() {
    use crate::console::effect::Effect;
    let mut state = fixtures::state();
    state.pane = PaneId::Warrants;
    state.recent_reasons = vec!["arrest enquiry for someone else".into()];
    let mut c = Console::new(state);
    let row = queue_rows::warrant_rows(&c.state)[0].clone();
    c.key(KeyCode::Char('P'));
    let Overlay::Reason(prompt) = &c.state.overlay else { panic!("no reason asked: {:?}", c.state.overlay) };
    assert_eq!((prompt.person_id.as_str(), prompt.pick), (row.person_id.as_str(), None), "no reason chosen for them");
    c.type_text("executing warrant today").key(KeyCode::Enter);
    assert_eq!(c.state.pane, PaneId::Profile);
    assert!(c
        .effects
        .iter()
        .any(|e| matches!(e, Effect::LoadProfile { person_id, .. } if *person_id == row.person_id)));
}
