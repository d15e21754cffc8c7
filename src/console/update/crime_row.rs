//! One crime followed after it changed: the server says whether it is in
//! the queue shown and with what clocks, and only its row moves — it is
//! replaced where it stands, added at the top (marked) when the change
//! brought it into the queue, or taken out when the change took it out.
//! The selection stays on its crime while that is still shown.

use super::common::{expire, mark_updated};
use crate::api::crimes::{CrimeQueuePage, CrimeQueueQuery};
use crate::client::ClientError;
use crate::console::effect::Effect;
use crate::console::state::State;
use crate::console::views;

pub fn followed(
    state: &mut State,
    query: &CrimeQueueQuery,
    result: Result<CrimeQueuePage, ClientError>,
) -> Vec<Effect> {
    let c = &state.crimes;
    // An answer about a queue no longer shown is of no use.
    if query.queue != Some(c.queue) || (query.unit.is_some() && query.unit != c.unit) {
        return Vec::new();
    }
    let Some(id) = query.id.as_deref() else { return Vec::new() };
    let page = match result {
        Ok(page) => page,
        Err(e) if e.is_unauthenticated() => return expire(state, "Your session has expired: log in again."),
        // The next full read puts it right; the rows shown stay as they are.
        Err(_) => return Vec::new(),
    };
    let now = state.now;
    let c = &mut state.crimes;
    match page.rows.into_iter().find(|r| r.event.id == id) {
        Some(row) => {
            let moved = c.row(id).is_none_or(|r| r.event.version != row.event.version || r.due != row.due);
            match c.rows.iter_mut().find(|r| r.event.id == id) {
                Some(shown) => *shown = row,
                None => c.rows.insert(0, row),
            }
            if moved {
                state.changed.insert(id.to_string(), now);
            }
        }
        None => c.rows.retain(|r| r.event.id != id),
    }
    mark_updated(state);
    let ids: Vec<String> = state.crimes.visible().iter().map(|r| r.event.id.clone()).collect();
    views::reselect(&mut state.crimes.list, &ids);
    Vec::new()
}
