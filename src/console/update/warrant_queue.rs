//! The warrant queue's rows: loaded a page at a time in the server's order
//! as the operator scrolls, loaded again when a filter changes, and kept
//! live — a warrant on screen re-read, one not loaded asked for alone when
//! the queue is loaded too deep to reload. No I/O: effects go out, their
//! results come back as actions.

use super::common::expire;
use crate::api::warrants::{QueuePage, QueueRow, QueueSort};
use crate::client::{ClientError, QueueQuery};
use crate::console::effect::Effect;
use crate::console::queue_rows;
use crate::console::state::{Allocation, State};
use crate::console::views;
use crate::domain::event::{Event, EventDetails, EventKind};

/// Rows asked for per page while scrolling.
pub const PAGE: usize = 100;
/// The largest page the server gives; a reload asks for what is on screen, up to this.
const MAX_PAGE: usize = 500;
/// Fetch the next page when the selection is this many rows from the end.
const PREFETCH: usize = 60;

// ---- loading ------------------------------------------------------------------

/// The server-side filters as a query.
pub fn query(state: &State) -> QueueQuery {
    let w = &state.warrants;
    let allocated = match w.allocation {
        Allocation::All => None,
        Allocation::Allocated => Some("true".to_string()),
        Allocation::Unallocated => Some("false".to_string()),
        Allocation::Mine => Some(state.session.as_ref().map(|s| s.username.clone()).unwrap_or_default()),
    };
    QueueQuery {
        kind: w.kind,
        borough: w.borough.clone(),
        allocated,
        min_priority: w.min_priority,
        text: Some(w.rows.list.filter.trim().to_string()).filter(|t| !t.is_empty()),
        sort: Some(w.sort).filter(|s| *s != QueueSort::Priority),
        ..QueueQuery::default()
    }
}

/// Loads the queue from the top, as many rows as are loaded now (so a live
/// reload keeps the operator's place); a load already out is superseded.
pub fn reload(state: &mut State) -> Vec<Effect> {
    let rows = &mut state.warrants.rows;
    let limit = rows.items.len().clamp(PAGE, MAX_PAGE);
    rows.seq += 1;
    rows.loading = true;
    rows.again = false;
    let seq = rows.seq;
    let query = QueueQuery { limit: Some(limit), ..query(state) };
    vec![Effect::LoadQueue { seq, query, append: false }]
}

/// A filter changed: the rows shown belong to the old filter, so start over.
pub fn refilter(state: &mut State) -> Vec<Effect> {
    let rows = &mut state.warrants.rows;
    rows.items.clear();
    rows.next = None;
    rows.list.offset = 0;
    rows.list.last_index = 0;
    refine(state)
}

/// The typed filter changed: the rows loaded stay, narrowed on screen at
/// once, until the server's answer for the new words (which finds rows not
/// loaded yet too) replaces them.
pub fn refine(state: &mut State) -> Vec<Effect> {
    state.warrants.rows.refiltered = true;
    reload(state)
}

/// Asks for the next page when the selection nears the end of what is loaded.
pub fn more_if_near_end(state: &mut State) -> Vec<Effect> {
    let rows = &state.warrants.rows;
    let Some(after) = rows.next.clone() else {
        return Vec::new();
    };
    if rows.loading || rows.list.last_index + PREFETCH < rows.items.len() {
        return Vec::new();
    }
    let rows = &mut state.warrants.rows;
    rows.loading = true;
    let seq = rows.seq;
    let query = QueueQuery { limit: Some(PAGE), after: Some(after), ..query(state) };
    vec![Effect::LoadQueue { seq, query, append: true }]
}

pub fn queue_loaded(state: &mut State, seq: u64, append: bool, result: Result<QueuePage, ClientError>) -> Vec<Effect> {
    if seq != state.warrants.rows.seq {
        return Vec::new(); // answers a filter no longer chosen
    }
    let now = state.now;
    let rows = &mut state.warrants.rows;
    rows.loading = false;
    match result {
        Ok(page) => {
            let mut changed = Vec::new();
            if rows.loaded && !append && !rows.refiltered {
                for item in &page.items {
                    if rows.items.iter().find(|r| r.id == item.id).is_none_or(|r| r.version != item.version) {
                        changed.push(item.id.clone());
                    }
                }
            }
            if append {
                // A row that moved up between pages is not shown twice.
                let known: std::collections::HashSet<String> = rows.items.iter().map(|r| r.id.clone()).collect();
                rows.items.extend(page.items.into_iter().filter(|r| !known.contains(&r.id)));
            } else {
                rows.items = page.items;
                rows.refiltered = false;
            }
            rows.total = page.total;
            rows.next = page.next;
            state.warrants.bands = page.bands;
            rows.loaded = true;
            rows.error = None;
            for id in changed {
                state.changed.insert(id, now);
            }
            state.live.updated_at = Some(now);
            reselect(state);
            if state.warrants.rows.again {
                return reload(state);
            }
            more_if_near_end(state)
        }
        Err(e) if e.is_unauthenticated() => expire(state, "Your session has expired: log in again."),
        Err(e) => {
            state.warrants.rows.error = Some(e.to_string());
            Vec::new()
        }
    }
}

/// Moves the queue's selection by `delta` rows (clamped), as
/// `views::move_selection` does, without copying every id of a queue that
/// may hold tens of thousands: a key press must stay cheap.
pub fn move_by(state: &mut State, delta: isize, height: usize) -> Vec<Effect> {
    let rows = queue_rows::warrant_rows(state);
    let list = &state.warrants.rows.list;
    if rows.is_empty() {
        state.warrants.rows.list.selected = None;
        return Vec::new();
    }
    let at = |i: usize| list.selected.as_ref().is_some_and(|s| rows.get(i).is_some_and(|r| &r.id == s));
    let found = if at(list.last_index) {
        Some(list.last_index)
    } else {
        list.selected.as_ref().and_then(|s| rows.iter().position(|r| &r.id == s))
    };
    let last = rows.len() - 1;
    let target = match found {
        Some(i) => i.saturating_add_signed(delta).min(last),
        // Its record went away: land on the nearest row first.
        None => list.last_index.min(last),
    };
    let id = rows[target].id.clone();
    let offset = views::window_offset(list.offset, Some(target), rows.len(), height);
    let list = &mut state.warrants.rows.list;
    list.selected = Some(id);
    list.last_index = target;
    list.offset = offset;
    more_if_near_end(state)
}

/// A warrant changed on the server.
pub fn live_change(state: &mut State, id: &str) -> Vec<Effect> {
    let rows = &mut state.warrants.rows;
    if !rows.loaded {
        return Vec::new();
    }
    if rows.items.iter().any(|r| r.id == id) {
        // Loaded: read just this warrant.
        return vec![Effect::Refresh { kind: EventKind::Warrant, id: id.to_string() }];
    }
    if rows.items.len() >= MAX_PAGE {
        // Too many loaded to reload: ask where this one now stands.
        let seq = rows.seq;
        return vec![Effect::LoadQueueRow { seq, id: id.to_string(), query: query(state) }];
    }
    // Perhaps new to the queue: reload, once, after any load in flight.
    if rows.loading {
        rows.again = true;
        return Vec::new();
    }
    reload(state)
}

/// A warrant not loaded changed, in a queue loaded too deep to reload: it
/// takes its place among the rows loaded if the server's order puts it
/// there (rows further down come with later pages), and the count follows.
pub fn row_loaded(
    state: &mut State,
    seq: u64,
    id: &str,
    result: Result<(Option<QueueRow>, usize), ClientError>,
) -> Vec<Effect> {
    let rows = &mut state.warrants.rows;
    if seq != rows.seq {
        return Vec::new(); // a reload since answers for it
    }
    let Ok((row, total)) = result else {
        // The next reload brings it; the rows shown are still right.
        return Vec::new();
    };
    rows.total = total;
    let Some(row) = row else { return Vec::new() };
    if rows.items.iter().any(|r| r.id == id) {
        return Vec::new(); // loaded meanwhile, by a page or a refresh
    }
    let sort = state.warrants.sort;
    let order = |r: &QueueRow| sort.row_key(r);
    let place = rows.items.partition_point(|r| order(r) < order(&row));
    if place == rows.items.len() && rows.next.is_some() {
        return Vec::new();
    }
    rows.items.insert(place, row);
    state.changed.insert(id.to_string(), state.now);
    reselect(state);
    Vec::new()
}

/// Puts a warrant as it now stands into the queue: updated in place, or
/// taken out when it is no longer outstanding or no longer matches.
pub fn patch(state: &mut State, event: &Event) {
    let EventDetails::Warrant(d) = &event.details else {
        return;
    };
    let mine = state.session.as_ref().map(|s| s.username.clone()).unwrap_or_default();
    let w = &mut state.warrants;
    let Some(index) = w.rows.items.iter().position(|r| r.id == event.id) else {
        return;
    };
    let keeps = match w.allocation {
        Allocation::All => true,
        Allocation::Allocated => d.allocated_to.is_some(),
        Allocation::Unallocated => d.allocated_to.is_none(),
        Allocation::Mine => d.allocated_to.as_deref() == Some(mine.as_str()),
    };
    if !d.status.is_outstanding() || !keeps {
        w.rows.items.remove(index);
        w.rows.total = w.rows.total.saturating_sub(1);
        return;
    }
    let row = &mut w.rows.items[index];
    if row.version > event.version {
        return;
    }
    row.version = event.version;
    row.status = d.status;
    row.allocated_to = d.allocated_to.clone();
    row.attempts = d.attempts.len();
}

pub fn row<'a>(state: &'a State, id: &str) -> Option<&'a QueueRow> {
    state.warrants.rows.items.iter().find(|r| r.id == id)
}

/// The ids of the rows shown (the loaded rows the typed filter keeps).
pub fn ids(state: &State) -> Vec<String> {
    queue_rows::warrant_rows(state).iter().map(|r| r.id.clone()).collect()
}

/// Keeps the queue's selection on its warrant after its rows changed.
fn reselect(state: &mut State) {
    let ids = ids(state);
    views::reselect(&mut state.warrants.rows.list, &ids);
}
