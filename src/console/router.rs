//! Turns key presses into actions: dialogs and text boxes take their own
//! keys first, then the active keymap decides. The binary and the tests
//! drive the console through this same router.

use crossterm::event::{KeyEvent, KeyEventKind};

use super::action::{Action, Command, Edit};
use super::key::{ChordCode, KeyChord};
use super::keymap::{Binding, Keymap, Lookup};
use super::state::{Overlay, PaneId, Screen, State};
use super::update::registry;

pub struct Router {
    pub keymap: Keymap,
    /// The keys of a sequence typed so far (`g` of `g g`).
    pending: Vec<KeyChord>,
}

impl Router {
    pub fn new(keymap: Keymap) -> Self {
        Self { keymap, pending: Vec::new() }
    }

    /// The key sequence waiting for its next key, for the status bar.
    pub fn pending(&self) -> &[KeyChord] {
        &self.pending
    }

    pub fn route(&mut self, state: &State, event: KeyEvent) -> Option<Action> {
        if event.kind != KeyEventKind::Press {
            return None;
        }
        let chord = KeyChord::from_event(event)?;
        // Ctrl-C always quits, whatever the keymap says, so nobody is trapped.
        if chord.ctrl && chord.code == ChordCode::Char('c') {
            self.pending.clear();
            return Some(Action::Command(Command::ForceQuit));
        }
        if let Some(action) = self.text_input(state, chord) {
            self.pending.clear();
            return Some(action);
        }
        if state.screen == Screen::Login {
            return None;
        }
        // Help turns its pages with the arrows; any other key closes it.
        if state.overlay == Overlay::Help {
            return Some(match chord.code {
                ChordCode::Down | ChordCode::PageDown | ChordCode::Char(' ') => Action::Pick(1),
                ChordCode::Up | ChordCode::PageUp => Action::Pick(-1),
                _ => Action::Cancel,
            });
        }
        if state.overlay == Overlay::ConfirmQuit {
            return Some(match chord.code {
                ChordCode::Char('y' | 'Y') => Action::Submit,
                _ => Action::Cancel,
            });
        }
        self.pending.push(chord);
        match self.keymap.lookup(registry::pane(state.pane).scope(), &self.pending) {
            Lookup::Prefix => None,
            Lookup::Found(binding) => {
                let action = match binding {
                    Binding::Command(command) => Action::Command(*command),
                    Binding::Palette(line) => Action::Run(line.clone()),
                };
                self.pending.clear();
                Some(action)
            }
            Lookup::None => {
                // A broken sequence: try the last key on its own.
                let retry = self.pending.len() > 1;
                self.pending.clear();
                if retry {
                    self.route(state, event)
                } else {
                    type_ahead(state, chord)
                }
            }
        }
    }

    /// Keys for whichever text box or dialog has the focus, if any.
    fn text_input(&self, state: &State, chord: KeyChord) -> Option<Action> {
        let typing = match state.screen {
            Screen::Login => true,
            Screen::Main => match &state.overlay {
                Overlay::Help | Overlay::ConfirmQuit => return None,
                Overlay::None => registry::pane(state.pane).typing(state),
                // The palette and every pane's dialog take typing.
                _ => true,
            },
        };
        if !typing {
            return None;
        }
        let dialog = state.screen == Screen::Login || state.overlay != Overlay::None;
        if let Some(c) = chord.typed_char() {
            return Some(Action::Edit(Edit::Insert(c)));
        }
        let palette = matches!(state.overlay, Overlay::Palette { .. });
        let action = match (chord.code, chord.ctrl) {
            (ChordCode::Tab, false) if palette && !chord.shift => Action::Complete,
            (ChordCode::Backspace, false) => Action::Edit(Edit::Backspace),
            (ChordCode::Char('w'), true) | (ChordCode::Backspace, true) => Action::Edit(Edit::DeleteWord),
            (ChordCode::Char('u'), true) if dialog || state.pane != PaneId::Lookup => Action::Edit(Edit::Clear),
            (ChordCode::Enter, _) => Action::Submit,
            (ChordCode::Esc, _) => Action::Cancel,
            (ChordCode::Delete, _) if dialog => Action::Edit(Edit::Delete),
            (ChordCode::Up, _) if dialog => Action::Pick(-1),
            (ChordCode::Down | ChordCode::Tab, _) if dialog => Action::Pick(1),
            // In the lookup box the remaining keys (arrows, Tab, F-keys)
            // go through the keymap; in dialogs they do nothing.
            _ if dialog => Action::Pick(0),
            _ => return None,
        };
        Some(action)
    }
}

/// A letter bound to nothing, over a pane with a box: it starts typing
/// there. Digits and bound keys never do, so they keep their meaning.
fn type_ahead(state: &State, chord: KeyChord) -> Option<Action> {
    let letter = chord.typed_char().filter(|c| c.is_alphabetic())?;
    registry::pane(state.pane).list(state).is_some().then_some(Action::TypeAhead(letter))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn main_state() -> State {
        let mut state = State::new("http://x", "2026-11-25T12:00:00Z".parse().unwrap());
        state.screen = Screen::Main;
        state
    }

    #[test]
    fn the_lookup_box_takes_printable_keys_and_the_keymap_the_rest() {
        let mut router = Router::new(Keymap::builtin("default").unwrap());
        let mut state = main_state();
        state.lookup.focus = crate::console::state::LookupFocus::Input;
        assert!(matches!(router.route(&state, key(KeyCode::Char('q'))), Some(Action::Edit(Edit::Insert('q')))));
        assert!(matches!(router.route(&state, key(KeyCode::Down)), Some(Action::Command(Command::Down))));
        assert!(matches!(
            router.route(&state, key(KeyCode::F(3))),
            Some(Action::Command(Command::Show(PaneId::Board)))
        ));
    }

    #[test]
    fn over_the_list_bound_keys_keep_their_meaning_and_a_free_letter_starts_typing() {
        let mut router = Router::new(Keymap::builtin("default").unwrap());
        let state = main_state();
        assert!(matches!(router.route(&state, key(KeyCode::Char('q'))), Some(Action::Command(Command::Quit))));
        assert!(matches!(
            router.route(&state, key(KeyCode::Char('3'))),
            Some(Action::Command(Command::Show(PaneId::Board)))
        ));
        assert!(matches!(router.route(&state, key(KeyCode::Char(':'))), Some(Action::Command(Command::Palette))));
        assert!(matches!(router.route(&state, key(KeyCode::Char('h'))), Some(Action::TypeAhead('h'))));
        assert!(router.route(&state, key(KeyCode::Char('7'))).is_none_or(|a| !matches!(a, Action::TypeAhead(_))));
    }

    #[test]
    fn sequences_wait_for_their_next_key() {
        let mut router = Router::new(Keymap::builtin("vim").unwrap());
        let mut state = main_state();
        state.pane = PaneId::Board;
        assert!(router.route(&state, key(KeyCode::Char('g'))).is_none());
        assert!(matches!(router.route(&state, key(KeyCode::Char('g'))), Some(Action::Command(Command::FirstRow))));
        assert!(router.route(&state, key(KeyCode::Char('g'))).is_none());
        assert!(matches!(router.route(&state, key(KeyCode::Char('j'))), Some(Action::Command(Command::Down))));
    }

    #[test]
    fn ctrl_c_always_quits() {
        let mut router = Router::new(Keymap::builtin("default").unwrap());
        let mut state = main_state();
        state.overlay = Overlay::Palette { input: String::new(), error: None };
        let event = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert!(matches!(router.route(&state, event), Some(Action::Command(Command::ForceQuit))));
    }
}
