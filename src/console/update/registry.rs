//! Every pane, from the list in `pane_list.rs`: the dispatcher, the
//! renderer, the router and the keymap find a pane here by its id, put the
//! questions every pane answers (a result, a dialog key, unsaved work) to
//! each in turn, and collect what the panes declare (commands, topics).

use super::pane::{Key, Pane, Reply};
use crate::console::action::{self, Action, Command, CommandInfo};
use crate::console::effect::Effect;
use crate::console::state::{PaneId, State};
use crate::console::views;

/// Makes the table of panes from the list (`pane_list.rs`).
macro_rules! pane_table {
    ($($variant:ident => $field:ident: $state:ty, $pane:ident;)*) => {
        /// The panes in the order of the list (and of the tabs).
        static PANES: &[&dyn Pane] = &[$(&super::$field::$pane,)*];
    };
}

crate::console::pane_list::with_panes!(pane_table);

pub fn all() -> impl Iterator<Item = &'static dyn Pane> {
    PANES.iter().copied()
}

pub fn pane(id: PaneId) -> &'static dyn Pane {
    all().find(|p| p.id() == id).unwrap_or(PANES[0])
}

/// The panes with a tab, in order.
pub fn tabs() -> impl Iterator<Item = &'static dyn Pane> {
    all().filter(|p| p.about().tab.is_some())
}

/// Every command, in help order: the moves, each pane's own, the panes'
/// shared work, each pane's tab, and the console's.
pub fn commands() -> Vec<CommandInfo> {
    let own = all().flat_map(|p| p.about().commands.iter().copied());
    let tabs = all().filter_map(|p| Some(CommandInfo::new(Command::Show(p.id()), p.about().tab?, &[])));
    action::MOVES
        .iter()
        .copied()
        .chain(own)
        .chain(action::PANE_WORK.iter().copied())
        .chain(tabs)
        .chain(action::CONSOLE.iter().copied())
        .collect()
}

/// The palette's commands in help order, `(usage, what it does)`: each
/// pane's in the order of the list, then the console's own.
pub fn palette_commands() -> Vec<(&'static str, &'static str)> {
    let panes = all().filter_map(|p| p.about().palette).map(|w| (w.usage, w.doc));
    panes.chain(action::CONSOLE_PALETTE.iter().copied()).collect()
}

/// The pane that palette word `word` (lower case) reaches: one that names
/// it among its words, or any pane with a tab by its name (`:review`).
pub fn palette_pane(word: &str) -> Option<&'static dyn Pane> {
    all().find(|p| p.about().palette.is_some_and(|w| w.names(word))).or_else(|| tabs().find(|p| p.id().name() == word))
}

/// The topics of the live stream that some pane follows, each once.
pub fn topics() -> Vec<&'static str> {
    let mut topics: Vec<&'static str> = Vec::new();
    for topic in all().flat_map(|p| p.about().topics.iter().copied()) {
        if !topics.contains(&topic) {
            topics.push(topic);
        }
    }
    topics
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
        assert_eq!(ids, PaneId::ALL, "each line of the list is its own pane");
        for id in &ids {
            assert_eq!(pane(*id).id(), *id);
        }
    }

    #[test]
    fn every_palette_word_reaches_one_pane() {
        let mut words: Vec<&str> = all()
            .filter_map(|p| p.about().palette)
            .flat_map(|w| std::iter::once(w.word()).chain(w.aliases.iter().copied()))
            .chain(action::CONSOLE_PALETTE.iter().map(|(c, _)| c.split_whitespace().next().unwrap_or(c)))
            .collect();
        let count = words.len();
        words.sort();
        words.dedup();
        assert_eq!(words.len(), count, "two panes share a palette word");
    }

    #[test]
    fn every_command_has_one_name() {
        let mut ids: Vec<String> = commands().iter().map(|i| i.command.id().into_owned()).collect();
        let count = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), count, "two commands share a name");
        for info in commands() {
            if let Command::Own(id) = info.command {
                assert!(!id.starts_with("pane_"), "{id}: `pane_` names a tab's key");
            }
        }
    }
}
