//! The command palette completes commands and their arguments on Tab and
//! brings back earlier lines on Up and Down.

use crossterm::event::KeyCode;

use super::fixtures;
use super::harness::Console;
use crate::console::state::{Overlay, PaneId};

fn line(c: &Console) -> (&str, Option<&str>) {
    match &c.state.overlay {
        Overlay::Palette { input, error } => (input.as_str(), error.as_deref()),
        other => panic!("the palette is not open: {other:?}"),
    }
}

fn screen(c: &Console) -> String {
    super::snapshots::text(&super::snapshots::draw(&c.state, &fixtures::ui("dark"), 140, 30))
}

#[test]
fn tab_completes_a_command_then_its_suite_and_runs_it() {
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Warrants;
    c.key(KeyCode::Char(':')).type_text("cus").key(KeyCode::Tab);
    assert_eq!(line(&c), ("custody ", None), "one command fits, with a space for its suite");
    c.type_text("wan").key(KeyCode::Tab);
    assert_eq!(line(&c), ("custody Wandsworth", None));
    c.key(KeyCode::Enter);
    assert_eq!(c.state.pane, PaneId::Board);
    let wandsworth = c.state.board.suites.iter().find(|s| s.name == "Wandsworth").unwrap().id.clone();
    assert_eq!(c.state.board.suite, Some(wandsworth));
}

#[test]
fn several_fits_narrow_to_what_they_share_and_are_listed() {
    let mut c = Console::new(fixtures::state());
    c.key(KeyCode::Char(':')).type_text("c").key(KeyCode::Tab);
    assert_eq!(line(&c), ("c", None), "cases, crimes and custody share only the c");
    for word in ["cases", "crimes", "custody"] {
        assert!(c.state.palette.choices.iter().any(|w| w == word), "{word} offered: {:?}", c.state.palette.choices);
    }
    assert!(screen(&c).contains("⇥ c · cases · crimes · custody"), "{}", screen(&c));
    c.type_text("r").key(KeyCode::Tab);
    assert_eq!(line(&c), ("crimes", None), "a command without an argument takes no space");
    assert!(c.state.palette.choices.is_empty());

    // Boroughs: a prefix in any case, else a word inside the name.
    c.key(KeyCode::Esc).key(KeyCode::Char(':')).type_text("warrants king").key(KeyCode::Tab);
    assert_eq!(line(&c), ("warrants Kingston upon Thames", None));
    c.key(KeyCode::Esc).key(KeyCode::Char(':')).type_text("warrants b").key(KeyCode::Tab);
    assert_eq!(line(&c).0, "warrants B");
    assert!(c.state.palette.choices.contains(&"Barnet".to_string()));
    c.key(KeyCode::Esc).key(KeyCode::Char(':')).type_text("warrants upon").key(KeyCode::Tab);
    assert_eq!(line(&c).0, "warrants upon", "two boroughs hold 'upon'");
    assert_eq!(c.state.palette.choices, ["Kingston upon Thames", "Richmond upon Thames"]);
}

#[test]
fn nothing_to_complete_says_so_and_keeps_the_line() {
    let mut c = Console::new(fixtures::state());
    c.key(KeyCode::Char(':')).type_text("zz").key(KeyCode::Tab);
    assert_eq!(line(&c), ("zz", Some("no command starts with 'zz'")));
    c.key(KeyCode::Backspace);
    assert_eq!(line(&c), ("z", None), "typing clears the complaint");
    c.key(KeyCode::Esc).key(KeyCode::Char(':')).type_text("subject smi").key(KeyCode::Tab);
    assert_eq!(line(&c), ("subject smi", Some("nothing to complete after ':subject'")));
    c.key(KeyCode::Esc).key(KeyCode::Char(':')).type_text("custody croydon").key(KeyCode::Tab);
    assert_eq!(line(&c), ("custody croydon", Some("nothing fits 'croydon'")));
}

#[test]
fn up_and_down_bring_back_the_lines_run_before() {
    let mut c = Console::new(fixtures::state());
    c.key(KeyCode::Char(':')).type_text("warrants").key(KeyCode::Enter);
    c.key(KeyCode::Char(':')).type_text("custody brixton").key(KeyCode::Enter);
    c.key(KeyCode::Char(':')).type_text("custody brixton").key(KeyCode::Enter);
    c.key(KeyCode::Char(':')).key(KeyCode::Up);
    assert_eq!(line(&c).0, "custody brixton", "the newest first");
    c.key(KeyCode::Up);
    assert_eq!(line(&c).0, "warrants", "a line run twice in a row is kept once");
    c.key(KeyCode::Up);
    assert_eq!(line(&c).0, "warrants", "the oldest stays");
    c.key(KeyCode::Down);
    assert_eq!(line(&c).0, "custody brixton");
    c.key(KeyCode::Down);
    assert_eq!(line(&c).0, "", "past the newest, an empty line");
    c.key(KeyCode::Up).key(KeyCode::Enter);
    assert_eq!(c.state.pane, PaneId::Board);
    // Opened afresh, Up starts from the newest again.
    c.key(KeyCode::Char(':')).key(KeyCode::Up);
    assert_eq!(line(&c).0, "custody brixton");
}
