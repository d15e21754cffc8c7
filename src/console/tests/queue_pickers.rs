//! The board's suite and the crime, intelligence and safeguarding queues
//! are picked from the one picker (typing narrows, Enter chooses, Delete
//! clears), and `X` clears every filter of each list: the board shows
//! every suite, the safeguarding desk every open report, the crime and
//! intelligence desks their first queue (the picker's first line says so);
//! on the crime queues, where `X` cancels a crime, `Ctrl-X` does. A desk
//! the server reads for its filters reads it once for `X`, not once per
//! filter cleared: each read is a consultation on the audit.

use crossterm::event::{KeyCode, KeyModifiers};

use super::crimes::crimes_state;
use super::fixtures;
use super::harness::Console;
use super::intelligence::intel_state;
use super::safeguarding::{awaiting, sg_state};
use super::snapshots::{draw, text};
use crate::api::crimes::CrimeQueue;
use crate::api::intelligence::IntelligenceQueue;
use crate::api::safeguarding::SafeguardingQueue;
use crate::console::effect::Effect;
use crate::console::state::{Overlay, PaneId};
use crate::console::update::intel_reads::IntelRead;
use crate::domain::role::Role;

fn picking(c: &Console) -> bool {
    matches!(c.state.overlay, Overlay::Picker(_))
}

#[test]
fn the_board_suite_is_picked_by_typing_and_cleared() {
    let mut state = fixtures::state();
    state.pane = PaneId::Board;
    let mut c = Console::new(state);
    c.type_text("s");
    assert!(picking(&c), "s opens the suite picker");
    let screen = text(&draw(&c.state, &fixtures::ui("dark"), 80, 24));
    assert!(screen.contains("Filter: Custody suite") && screen.contains("Wandsworth"), "{screen}");
    c.type_text("wand").key(KeyCode::Enter);
    let wandsworth = c.state.board.suites.iter().find(|s| s.name == "Wandsworth").map(|s| s.id.clone());
    assert_eq!(c.state.board.suite, wandsworth);
    // Delete in the picker clears it; so does X on the list.
    c.type_text("s").key(KeyCode::Delete);
    assert_eq!(c.state.board.suite, None);
    c.type_text("s").type_text("brix").key(KeyCode::Enter);
    assert!(c.state.board.suite.is_some());
    c.type_text("X");
    assert_eq!(c.state.board.suite, None, "X shows every suite");
}

#[test]
fn a_crime_queue_is_picked_and_x_goes_back_to_my_crimes() {
    let mut c = Console::new(crimes_state());
    c.type_text("c");
    assert!(picking(&c));
    let screen = text(&draw(&c.state, &fixtures::ui("dark"), 80, 24));
    assert!(screen.contains("my crimes (the default)"), "the first line says what clearing shows:\n{screen}");
    insta::assert_snapshot!("picker_crime_queue_80x24", screen);
    c.type_text("review").key(KeyCode::Enter);
    assert_eq!(c.state.crimes.queue, CrimeQueue::ReviewDue);
    // X cancels a crime here, so Ctrl-X clears, and help says so.
    c.key_with(KeyCode::Char('x'), KeyModifiers::CONTROL);
    assert_eq!(c.state.crimes.queue, CrimeQueue::Mine);
    c.type_text("c").type_text("approval").key(KeyCode::Enter);
    assert_eq!(c.state.crimes.queue, CrimeQueue::AwaitingApproval);
    c.type_text("c").key(KeyCode::Delete);
    assert_eq!(c.state.crimes.queue, CrimeQueue::Mine, "Delete clears to the default");
}

#[test]
fn a_safeguarding_queue_is_picked_and_x_shows_every_open_report() {
    let state = sg_state(vec![Role::SafeguardingSupervisor], SafeguardingQueue::AwaitingSignOff, awaiting());
    let mut c = Console::new(state);
    c.type_text("v").type_text("missing").key(KeyCode::Enter);
    assert_eq!(c.state.safeguarding.queue, Some(SafeguardingQueue::Missing));
    c.type_text("X");
    assert_eq!(c.state.safeguarding.queue, None);
    let screen = text(&draw(&c.state, &fixtures::ui("dark"), 160, 40));
    assert!(screen.contains("Safeguarding — all open"), "{screen}");
}

#[test]
fn an_intelligence_queue_is_picked_and_x_goes_back_to_evaluation() {
    let mut c = Console::new(intel_state(vec![Role::IntelligenceAnalyst]));
    c.type_text("v").type_text("dissem").key(KeyCode::Enter);
    assert_eq!(c.state.intelligence.queue, IntelligenceQueue::Dissemination);
    c.type_text("X");
    assert_eq!(c.state.intelligence.queue, IntelligenceQueue::Evaluation);
}

/// The reads of the queue `effects` ask for, intelligence or warrants.
fn queue_reads(effects: &[Effect]) -> Vec<Option<String>> {
    effects
        .iter()
        .filter_map(|e| match (e, e.desk::<IntelRead>()) {
            (_, Some(IntelRead::IntelQueue { text, .. })) => Some(text.clone()),
            (Effect::LoadQueue { query, .. }, _) => Some(query.text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn x_reads_the_intelligence_queue_once() {
    let mut c = Console::new(intel_state(vec![Role::IntelligenceAnalyst]));
    c.type_text("v").type_text("dissem").key(KeyCode::Enter);
    c.type_text("/").type_text("kestrel").key(KeyCode::Enter);
    c.effects.clear();
    c.type_text("X");
    assert_eq!(queue_reads(&c.effects), [None], "one read, of the evaluation queue unfiltered");
    assert_eq!(
        (c.state.intelligence.queue, c.state.intelligence.list.filter.as_str()),
        (IntelligenceQueue::Evaluation, "")
    );
    // With nothing but the queue to clear, once too.
    c.type_text("v").type_text("dissem").key(KeyCode::Enter);
    c.effects.clear();
    c.type_text("X");
    assert_eq!(queue_reads(&c.effects), [None]);
}

#[test]
fn x_reads_the_warrant_queue_once() {
    let mut state = fixtures::state();
    state.pane = PaneId::Warrants;
    state.warrants.borough = Some("lambeth".into());
    let mut c = Console::new(state);
    c.type_text("/").type_text("okafor").key(KeyCode::Enter);
    c.effects.clear();
    c.type_text("X");
    assert_eq!(queue_reads(&c.effects), [None], "one read, every warrant");
    assert_eq!(c.state.warrants.borough, None);
}
