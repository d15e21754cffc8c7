//! Keys that type, pick, send or cancel, to whatever has the focus: the
//! login form, the dialog that is open (help, the palette, the quit
//! question, or a pane's own), or the pane's own input — its search box,
//! or its list's filter.

use super::commands;
use super::common::edit_text;
use super::palette;
use super::pane::Key;
use super::registry;
use super::session;
use crate::console::action::Command;
use crate::console::effect::Effect;
use crate::console::state::{Overlay, Screen, State};

pub fn key(state: &mut State, key: Key) -> Vec<Effect> {
    if key == Key::Pick(0) {
        return Vec::new(); // a key the dialog ignores
    }
    if state.screen == Screen::Login {
        return session::login_key(state, &key);
    }
    match &mut state.overlay {
        Overlay::None => pane_key(state, key),
        Overlay::Help if matches!(key, Key::Pick(_)) => {
            if let Key::Pick(delta) = key {
                state.help_page += delta as isize;
            }
            Vec::new()
        }
        // Help and the quit question close on Enter or Esc; Enter quits.
        Overlay::Help | Overlay::ConfirmQuit => {
            if matches!(key, Key::Submit | Key::Cancel) {
                let closed = std::mem::take(&mut state.overlay);
                state.quit = closed == Overlay::ConfirmQuit && key == Key::Submit;
            }
            Vec::new()
        }
        Overlay::Palette { input, error } => match key {
            Key::Edit(edit) => {
                edit_text(input, &edit);
                *error = None;
                state.palette.choices.clear();
                Vec::new()
            }
            Key::Submit => {
                let line = std::mem::take(input);
                state.overlay = Overlay::None;
                state.palette.remember(&line);
                palette::run(state, &line)
            }
            Key::Cancel => {
                state.overlay = Overlay::None;
                Vec::new()
            }
            Key::Pick(delta) => {
                super::palette_complete::recall(state, delta);
                Vec::new()
            }
        },
        Overlay::Picker(_) => match super::picker::key(state, &key) {
            Some((filter, value)) => registry::pane(state.pane).pick(state, filter, value.as_deref()),
            None => Vec::new(),
        },
        _ => registry::dialog(state, &key),
    }
}

/// No dialog open: the pane's own input first, then its list's filter.
fn pane_key(state: &mut State, key: Key) -> Vec<Effect> {
    let pane = registry::pane(state.pane);
    if let Some(effects) = pane.input(state, &key) {
        return effects;
    }
    let editing = pane.list_mut(state).filter(|l| l.filter_editing);
    match (key, editing) {
        (Key::Edit(edit), Some(list)) => {
            edit_text(&mut list.filter, &edit);
            commands::filtered(state)
        }
        (Key::Submit, Some(list)) => {
            list.filter_editing = false;
            Vec::new()
        }
        (Key::Cancel, Some(list)) => {
            list.filter_editing = false;
            list.filter.clear();
            commands::filtered(state)
        }
        (Key::Submit, None) => commands::command(state, Command::Open),
        (Key::Cancel, None) => commands::command(state, Command::Back),
        (Key::Edit(_) | Key::Pick(_), _) => Vec::new(),
    }
}
