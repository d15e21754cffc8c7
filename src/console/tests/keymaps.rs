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
