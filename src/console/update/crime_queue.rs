//! Which crimes the crime pane asks for: a queue from its first page, the
//! next page, the queue read again after a change (as many rows as are
//! shown, so the operator keeps their place), and "my unit" once the
//! operator says which unit is theirs.

use super::common::info_message;
use super::crime_reads::CrimeRead;
use crate::api::crimes::{CrimeQueue, CrimeQueueQuery};
use crate::console::effect::Effect;
use crate::console::state::crimes::Crimes;
use crate::console::state::{ListState, State};

/// Crimes asked for at once.
pub const PAGE: usize = 50;

/// Shows `queue` from its first page.
pub fn show_queue(state: &mut State, queue: CrimeQueue) -> Vec<Effect> {
    let c = &mut state.crimes;
    if c.queue != queue {
        c.sort = Crimes::default_sort(queue);
    }
    c.queue = queue;
    c.rows.clear();
    c.next = None;
    c.more = 0;
    c.more_at_least = false;
    c.loaded = false;
    c.error = None;
    c.list = ListState { filter: std::mem::take(&mut c.list.filter), ..ListState::default() };
    reload(state)
}

/// The operator's unit, from the unit form: "my unit" shows its crimes.
pub fn set_unit(state: &mut State, unit: &str) -> Vec<Effect> {
    state.crimes.unit = (!unit.is_empty()).then(|| unit.to_string());
    state.message = Some(match &state.crimes.unit {
        Some(unit) => info_message(state, format!("Your unit: {unit}.")),
        None => info_message(state, "Your unit is no longer set."),
    });
    show_queue(state, CrimeQueue::Unit)
}

/// The queue read again from the top, as many rows as are loaded (a page
/// at least), so a live change keeps the operator's place.
pub fn reload(state: &mut State) -> Vec<Effect> {
    let limit = state.crimes.rows.len().clamp(PAGE, 1000);
    request(state, None, limit)
}

/// Crime `id` alone, as the queue now holds it or not: read after it
/// changed, so only it is read (and audited), not the whole page.
pub fn reread(state: &mut State, id: &str) -> Vec<Effect> {
    let c = &state.crimes;
    if c.queue == CrimeQueue::Unit && c.unit.is_none() {
        return Vec::new();
    }
    let unit = c.unit.clone().filter(|_| c.queue == CrimeQueue::Unit);
    let query = CrimeQueueQuery {
        queue: Some(c.queue),
        unit,
        sort: c.sort_param(),
        limit: Some(1),
        id: Some(id.to_string()),
        ..Default::default()
    };
    vec![Effect::desk_read(CrimeRead::CrimeRow { query })]
}

pub fn request(state: &mut State, after: Option<String>, limit: usize) -> Vec<Effect> {
    let c = &mut state.crimes;
    let unit = match (c.queue, &c.unit) {
        (CrimeQueue::Unit, None) => {
            // Nothing to ask until the operator says which unit.
            c.loaded = true;
            c.loading = false;
            c.rows.clear();
            return Vec::new();
        }
        (CrimeQueue::Unit, Some(unit)) => Some(unit.clone()),
        _ => None,
    };
    c.seq += 1;
    c.loading = true;
    let append = after.is_some();
    let query = CrimeQueueQuery {
        queue: Some(c.queue),
        unit,
        sort: c.sort_param(),
        limit: Some(limit),
        after,
        ..Default::default()
    };
    vec![Effect::desk_read(CrimeRead::CrimeQueue { seq: c.seq, query, append })]
}
