//! Every pane, listed once: the dispatcher, the renderer and the router
//! find a pane here by its id, and put the questions every pane answers
//! (a result, a dialog key, unsaved work) to each in turn.

use super::pane::{Key, Pane, Reply};
use crate::console::action::{Action, Command};
use crate::console::effect::Effect;
use crate::console::state::{PaneId, State};
use crate::console::views;

/// The panes in tab order; one line each.
static PANES: &[&dyn Pane] = &[
    &super::lookup::LookupPane,
    &super::profile::ProfilePane,
    &super::board::BoardPane,
    &super::warrants::WarrantsPane,
    &super::cases::CasesPane,
    &super::review::ReviewPane,
    // No tab: opened from a list or a timeline.
    &super::event::EventPane,
];

pub fn all() -> impl Iterator<Item = &'static dyn Pane> {
    PANES.iter().copied()
}

pub fn pane(id: PaneId) -> &'static dyn Pane {
    all().find(|p| p.id() == id).unwrap_or(PANES[0])
}

/// The panes with a tab, in order, each with the command that switches to it.
pub fn tabs() -> impl Iterator<Item = (&'static dyn Pane, Command)> {
    all().filter_map(|p| p.tab().map(|command| (p, command)))
}

/// Offers a result to each pane until one takes it.
pub(super) fn reply(state: &mut State, mut action: Action) -> Vec<Effect> {
    for pane in all() {
        match pane.reply(state, action) {
            Reply::Done(effects) => return effects,
            Reply::NotMine(back) => action = back,
        }
    }
    Vec::new()
}

/// A key for the dialog that is open, to the pane it belongs to.
pub(super) fn dialog(state: &mut State, key: &Key) -> Vec<Effect> {
    all().find_map(|p| p.dialog(state, key)).unwrap_or_default()
}

/// Keeps every list's selection on its record after rows or filters changed.
pub(super) fn reselect_all(state: &mut State) {
    for pane in all() {
        let ids = pane.ids(state);
        if let Some(list) = pane.list_mut(state) {
            views::reselect(list, &ids);
        }
    }
}

/// What quitting now would lose, in words.
pub fn unsaved_work(state: &State) -> Vec<String> {
    let mut why = Vec::new();
    if state.writes_in_flight > 0 {
        why.push(format!("{} change(s) are still being saved.", state.writes_in_flight));
    }
    why.extend(all().flat_map(|p| p.unsaved_work(state)).map(str::to_string));
    why
}

/// Something would be lost by quitting now.
pub fn has_unsaved_work(state: &State) -> bool {
    !unsaved_work(state).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_pane_is_listed_once_and_found_by_its_id() {
        let ids: Vec<PaneId> = all().map(|p| p.id()).collect();
        for (i, id) in ids.iter().enumerate() {
            assert!(!ids[..i].contains(id), "{id:?} is listed twice");
            assert_eq!(pane(*id).id(), *id);
        }
    }
}
