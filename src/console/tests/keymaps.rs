//! Keymaps as loaded: the built-in ones, the keys the panes declare under
//! them, a user's file over them, and each bad file's exact error.

use std::path::Path;

use crate::console::action::{Command, Scope};
use crate::console::key::{parse_sequence, KeyChord};
use crate::console::keymap::{Binding, Keymap, Lookup};
use crate::console::state::PaneId;
use crate::console::update::board;

const BOARD: Scope = Scope::Pane(PaneId::Board);
const CASES: Scope = Scope::Pane(PaneId::Cases);

fn chord(text: &str) -> Vec<KeyChord> {
    parse_sequence(text).unwrap()
}

#[test]
fn every_builtin_keymap_parses() {
    for name in ["default", "vim"] {
        let keymap = Keymap::builtin(name).unwrap_or_else(|e| panic!("{e}"));
        assert!(keymap.lookup(BOARD, &chord("q")) == Lookup::Found(&Binding::Command(Command::Quit)));
    }
}

#[test]
fn vim_inherits_and_adds_sequences() {
    let vim = Keymap::builtin("vim").unwrap();
    assert_eq!(vim.lookup(CASES, &chord("g")), Lookup::Prefix);
    assert_eq!(vim.lookup(CASES, &chord("g g")), Lookup::Found(&Binding::Command(Command::FirstRow)));
    assert_eq!(vim.lookup(BOARD, &chord("l")), Lookup::Found(&Binding::Command(board::NEXT_SUITE)));
    assert_eq!(vim.lookup(BOARD, &chord("down")), Lookup::Found(&Binding::Command(Command::Down)));
}

#[test]
fn a_user_file_overrides_single_bindings_and_unbinds() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("keymap.toml"),
        "[board]\nx = \"record_visit\"\nv = \"none\"\n[global]\nF = \":warrants\"\n",
    )
    .unwrap();
    let keymap = Keymap::load("default", Some(dir.path())).unwrap();
    assert_eq!(keymap.lookup(BOARD, &chord("x")), Lookup::Found(&Binding::Command(board::RECORD_VISIT)));
    assert_eq!(keymap.lookup(BOARD, &chord("v")), Lookup::None);
    assert_eq!(keymap.lookup(BOARD, &chord("up")), Lookup::Found(&Binding::Command(Command::Up)));
    assert_eq!(keymap.lookup(CASES, &chord("F")), Lookup::Found(&Binding::Palette("warrants".into())));
    assert_eq!(keymap.key_for(BOARD, board::RECORD_VISIT).as_deref(), Some("x"));
}

#[test]
fn bindings_are_reversed_for_help() {
    let keymap = Keymap::builtin("default").unwrap();
    let board = keymap.bindings(BOARD, false);
    let (_, keys) = board.iter().find(|(b, _)| *b == Binding::Command(Command::Show(PaneId::Board))).unwrap();
    assert_eq!(keys, &vec!["3".to_string(), "f3".to_string()]);
}

/// Each bad file in tests/invalid_configs/ sits beside the exact error
/// it must produce.
#[test]
fn invalid_keymaps_give_their_exact_errors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid_configs");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !(name.starts_with("keymap_") && name.ends_with(".toml")) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let error = Keymap::from_text(&name, &text).unwrap_err();
        // BLESS=1 rewrites the expectations, to be reviewed in the diff.
        if std::env::var_os("BLESS").is_some() {
            std::fs::write(path.with_extension("expected"), format!("{error}\n")).unwrap();
        }
        let expected = std::fs::read_to_string(path.with_extension("expected")).unwrap();
        assert_eq!(error.to_string(), expected.trim_end(), "{name}");
        checked += 1;
    }
    assert!(checked >= 4);
}

#[test]
fn help_names_the_keys_in_force_after_a_users_file_in_a_stable_order() {
    use super::fixtures;
    use super::snapshots::{draw, text};
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keymap.toml"), "[board]\nV = \"record_visit\"\nv = \"none\"\n").unwrap();
    let keymap = Keymap::load("default", Some(dir.path())).unwrap();
    let ui = crate::console::ui::Ui::new(crate::console::theme::Theme::builtin("dark").unwrap(), keymap, true);
    let mut state = fixtures::state();
    state.pane = PaneId::Board;
    state.overlay = crate::console::state::Overlay::Help;
    let screen = text(&draw(&state, &ui, 80, 30));
    assert!(screen.contains("Custody — keys in force: default keys changed by keymap.toml"), "{screen}");
    assert!(!screen.contains("(default keys)"), "{screen}");
    assert!(screen.contains("V  Record a cell visit") && !screen.contains(" v  Record"), "{screen}");
    // The same order every time it is loaded: the registry's.
    let again = Keymap::load("default", Some(dir.path())).unwrap();
    assert_eq!(again.bindings(BOARD, false), ui.keymap.bindings(BOARD, false));
    let order: Vec<String> = again.bindings(BOARD, true).iter().map(|(b, _)| again.describe(b)).collect();
    let first = order.iter().position(|d| d.starts_with("Next suite")).unwrap();
    let visit = order.iter().position(|d| d.starts_with("Record a cell visit")).unwrap();
    assert!(first < visit, "{order:?}");
}

#[test]
fn a_mistyped_key_or_action_name_gets_a_did_you_mean() {
    let error = Keymap::from_text("k.toml", "[board]\nv = \"record_vist\"\n").unwrap_err();
    assert_eq!(error.suggestion.as_deref(), Some("record_visit"), "{error}");
    let shown = error.to_string();
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines.len(), 5, "{shown}");
    assert!(lines[2].ends_with("v = \"record_vist\"") && lines[3].ends_with('^'), "{shown}");
    assert_eq!(lines[4], "  = did you mean 'record_visit'?");
    let error = Keymap::from_text("k.toml", "[global]\n\"C-escpe\" = \"quit\"\n").unwrap_err();
    assert_eq!(error.suggestion.as_deref(), Some("C-esc"), "{error}");
    let error = Keymap::from_text("k.toml", "[bord]\nv = \"record_visit\"\n").unwrap_err();
    assert_eq!(error.suggestion.as_deref(), Some("board"), "{error}");
    // Nothing near: no guess.
    let error = Keymap::from_text("k.toml", "[board]\nv = \"vanish\"\n").unwrap_err();
    assert_eq!(error.suggestion, None, "{error}");
}
