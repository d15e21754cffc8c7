//! Commands from keys. The pane on screen is asked first, so it can do a
//! command of its own or a shared one its own way; what it leaves is done
//! here the same for every pane: quit, help, switch, move, open, back,
//! filter, refresh.

use super::registry;
use crate::console::action::Command;
use crate::console::effect::Effect;
use crate::console::layout;
use crate::console::state::{Overlay, PaneId, Screen, State};

/// A command as a key gives it: nothing on the login screen, and any
/// command closes help (other dialogs take their own keys).
pub fn in_context(state: &mut State, wanted: Command) -> Vec<Effect> {
    if wanted == Command::ForceQuit {
        state.quit = true;
        return Vec::new();
    }
    if state.screen == Screen::Login {
        return Vec::new();
    }
    match state.overlay {
        Overlay::None => command(state, wanted),
        Overlay::Help => {
            state.overlay = Overlay::None;
            Vec::new()
        }
        _ => Vec::new(),
    }
}

pub fn command(state: &mut State, command: Command) -> Vec<Effect> {
    let pane = registry::pane(state.pane);
    if let Some(effects) = pane.command(state, command) {
        return effects;
    }
    let height = usize::from(pane.list_rows(layout::body_rows(state)).max(1));
    let page = height.saturating_sub(1).max(1) as isize;
    match command {
        Command::ForceQuit => state.quit = true,
        Command::Quit => {
            if registry::has_unsaved_work(state) {
                state.overlay = Overlay::ConfirmQuit;
            } else {
                state.quit = true;
            }
        }
        Command::Help => {
            state.overlay = Overlay::Help;
            state.help_page = 0;
        }
        Command::Palette => {
            state.palette.opened();
            state.overlay = Overlay::Palette { input: String::new(), error: None };
        }
        Command::Filter => {
            if let Some(list) = pane.list_mut(state) {
                list.filter_editing = true;
            }
        }
        Command::ClearFilters => return clear_filters(state),
        Command::NextPane | Command::PrevPane => {
            let tabs: Vec<PaneId> = registry::tabs().map(|p| p.id()).collect();
            let index = tabs.iter().position(|p| *p == state.pane).unwrap_or(0);
            let step = if command == Command::NextPane { 1 } else { tabs.len() - 1 };
            return switch_pane(state, tabs[(index + step) % tabs.len()]);
        }
        Command::Refresh => return pane.load(state, true),
        Command::Back => return back(state),
        Command::Up => return pane.move_by(state, -1, height),
        Command::Down => return pane.move_by(state, 1, height),
        Command::PageUp => return pane.move_by(state, -page, height),
        Command::PageDown => return pane.move_by(state, page, height),
        Command::FirstRow => return pane.move_by(state, isize::MIN / 2, height),
        Command::LastRow => return pane.move_by(state, isize::MAX / 2, height),
        Command::Open => return open(state),
        Command::Show(id) => return switch_pane(state, id),
        // A command of a pane not on screen (which the keymap binds only
        // in that pane's table).
        Command::Own(_) => {}
    }
    Vec::new()
}

pub fn switch_pane(state: &mut State, id: PaneId) -> Vec<Effect> {
    state.pane = id;
    load_pane(state, id, false)
}

/// Loads what pane `id` shows, if not loaded yet (always when `force`);
/// nothing yet while a stream started afresh has not said where it starts
/// (the pane on screen reads then: `live::started`).
pub fn load_pane(state: &mut State, id: PaneId, force: bool) -> Vec<Effect> {
    if state.live.awaiting_origin {
        return Vec::new();
    }
    registry::pane(id).load(state, force)
}

/// Enter: the pane opens its selected row.
pub fn open(state: &mut State) -> Vec<Effect> {
    let pane = registry::pane(state.pane);
    match pane.selected(state) {
        Some(id) => pane.open(state, id),
        None => Vec::new(),
    }
}

/// Esc: a typed filter is cleared first; then the pane goes back its way.
fn back(state: &mut State) -> Vec<Effect> {
    let pane = registry::pane(state.pane);
    if let Some(list) = pane.list_mut(state) {
        if !list.filter.is_empty() {
            list.filter.clear();
            return filtered(state);
        }
    }
    pane.back(state)
}

/// Clears every filter of the pane on screen: its typed one and its own.
/// The pane reads its list again once for both (a desk the server searches
/// by the typed words would otherwise read, and audit, its queue twice).
fn clear_filters(state: &mut State) -> Vec<Effect> {
    let pane = registry::pane(state.pane);
    if let Some(list) = pane.list_mut(state) {
        list.filter.clear();
        list.filter_editing = false;
    }
    let effects = pane.clear_filters(state);
    registry::reselect_all(state);
    effects
}

/// The typed filter of the list on screen changed: every selection follows
/// its record, and the pane may ask the server too (the warrant queue,
/// which the server pages, finds warrants not loaded yet that way).
pub fn filtered(state: &mut State) -> Vec<Effect> {
    registry::reselect_all(state);
    registry::pane(state.pane).refine(state)
}
