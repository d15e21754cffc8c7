//! The reason for access asked before a person's record opens: recent
//! reasons suggested, none chosen for the next person, kept in memory only.

use crossterm::event::KeyCode;

use super::fixtures;
use super::harness::Console;
use super::snapshots::{draw, text};
use crate::console::effect::Effect;
use crate::console::state::{Overlay, PaneId};

#[test]
fn one_enter_never_gives_the_last_reason_for_the_next_person() {
    let ui = fixtures::ui("dark");
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Lookup;
    c.key(KeyCode::Down).key(KeyCode::Enter).type_text("Sighting report 4411").key(KeyCode::Enter);
    // The next person: the reason just given is suggested, not chosen.
    c.key(KeyCode::Char('1')).key(KeyCode::Down).key(KeyCode::Enter);
    let Overlay::Reason(prompt) = &c.state.overlay else { panic!("no reason prompt: {:?}", c.state.overlay) };
    let next = prompt.person_id.clone();
    assert_ne!(next, "p-smyth");
    assert_eq!(prompt.pick, None);
    let screen = text(&draw(&c.state, &ui, 80, 24));
    assert!(screen.contains("Sighting report 4411"), "suggested:\n{screen}");
    let opened = |c: &Console| {
        c.effects.iter().filter(|e| matches!(e, Effect::LoadProfile { person_id, .. } if *person_id == next)).count()
    };
    c.key(KeyCode::Enter);
    assert!(matches!(c.state.overlay, Overlay::Reason(_)), "one Enter does not open the record");
    assert_eq!(opened(&c), 0);
    // Picked on purpose, the suggestion is given.
    c.key(KeyCode::Down).key(KeyCode::Enter);
    assert_eq!(opened(&c), 1);
    assert!(c
        .effects
        .iter()
        .any(|e| matches!(e, Effect::LoadProfile { reason, .. } if reason == "Sighting report 4411")));
}
