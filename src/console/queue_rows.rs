//! The warrant queue's rows on show, borrowed from the loaded queue rather
//! than copied: it may hold tens of thousands, and a frame or a key press
//! must not walk them all when no filter is typed.

use std::ops::Index;

use super::state::State;
use super::views::selected_index;
use crate::api::warrants::QueueRow;
use crate::domain::typed_filter::matches_words;

/// Every loaded row, or those the typed filter keeps.
pub enum WarrantRows<'a> {
    All(&'a [QueueRow]),
    Kept(Vec<&'a QueueRow>),
}

impl<'a> WarrantRows<'a> {
    pub fn len(&self) -> usize {
        match self {
            WarrantRows::All(rows) => rows.len(),
            WarrantRows::Kept(rows) => rows.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, i: usize) -> Option<&'a QueueRow> {
        match self {
            WarrantRows::All(rows) => rows.get(i),
            WarrantRows::Kept(rows) => rows.get(i).copied(),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a QueueRow> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// The rows from `from` up to `to` (clamped): the window on screen.
    pub fn window(&self, from: usize, to: usize) -> Vec<&'a QueueRow> {
        (from..to.min(self.len())).filter_map(|i| self.get(i)).collect()
    }
}

impl Index<usize> for WarrantRows<'_> {
    type Output = QueueRow;

    fn index(&self, i: usize) -> &QueueRow {
        match self {
            WarrantRows::All(rows) => &rows[i],
            WarrantRows::Kept(rows) => rows[i],
        }
    }
}

/// The loaded queue in the server's order (highest score, then oldest),
/// narrowed by the typed filter at once; the server filters by it too (and
/// by kind, borough, allocation and priority), so rows not loaded yet are
/// found as well.
pub fn warrant_rows(state: &State) -> WarrantRows<'_> {
    let w = &state.warrants;
    let filter = &w.rows.list.filter;
    if filter.trim().is_empty() {
        return WarrantRows::All(&w.rows.items);
    }
    WarrantRows::Kept(w.rows.items.iter().filter(|r| matches_words(filter, &r.searchable())).collect())
}

/// The id of the selected warrant.
pub fn selected_warrant(state: &State) -> Option<String> {
    let rows = warrant_rows(state);
    let list = &state.warrants.rows.list;
    // The usual case without building every id: the selection where it
    // was last, or anywhere on show.
    if let Some(id) = &list.selected {
        if rows.get(list.last_index).is_some_and(|r| &r.id == id) || rows.iter().any(|r| &r.id == id) {
            return Some(id.clone());
        }
    }
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    selected_index(&ids, list).map(|i| ids[i].clone())
}
