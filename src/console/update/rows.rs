//! A list of records loaded whole from one collection (the detainee board,
//! the cases): loading it, its pages landing, and a record of it changed
//! or gone. Shared by the panes that show such a list.

use std::collections::HashMap;

use super::common::{fail, mark_updated};
use crate::api::EventPage;
use crate::client::ClientError;
use crate::console::action::ListId;
use crate::console::effect::Effect;
use crate::console::state::{Rows, State};
use crate::domain::event::Event;

/// Asks for the list unless it is loaded or on its way (always when `force`).
pub fn load(rows: &mut Rows, list: ListId, force: bool) -> Vec<Effect> {
    if force || (!rows.loaded && !rows.loading) {
        rows.loading = true;
        return vec![Effect::LoadList(list)];
    }
    Vec::new()
}

/// The list's records landed. Rows new or at a new version are marked; a
/// row held at a newer version than the page's (a save or change that
/// landed while the page was on its way) stays as held, and a record that
/// changed meanwhile is read once more to settle it. The caller keeps its
/// selection on its record.
pub fn loaded(
    state: &mut State,
    list: ListId,
    rows_of: fn(&mut State) -> &mut Rows,
    result: Result<EventPage, ClientError>,
) -> Vec<Effect> {
    let now = state.now;
    let rows = rows_of(state);
    rows.loading = false;
    let touched = std::mem::take(&mut rows.touched_while_loading);
    let people_stale = std::mem::take(&mut rows.people_stale);
    let mut page = match result {
        Ok(page) => page,
        Err(e) => return fail(state, e, |s, text| rows_of(s).error = Some(text)),
    };
    let names = std::mem::take(&mut page.names);
    let mut flags = std::mem::take(&mut page.flags);
    let held: HashMap<&str, &Event> = rows.items.iter().map(|e| (e.id.as_str(), e)).collect();
    for listed in &mut page.items {
        if let Some(current) = held.get(listed.id.as_str()).filter(|e| e.version > listed.version) {
            *listed = (*current).clone();
        }
    }
    let mut effects = Vec::new();
    for id in &touched {
        if !page.items.iter().any(|e| &e.id == id) {
            if let Some(current) = held.get(id.as_str()) {
                page.items.push((*current).clone());
            }
        }
        effects.push(Effect::Refresh { kind: list.kind(), id: id.clone() });
    }
    let mut changed = Vec::new();
    if rows.loaded {
        // Diff by id: mark rows that are new or at a new version.
        for item in &page.items {
            if held.get(item.id.as_str()).is_none_or(|b| b.version != item.version) {
                changed.push(item.id.clone());
            }
        }
    }
    rows.items = page.items;
    rows.partial = page.next.is_some();
    (rows.more, rows.more_at_least) = (page.more, page.more_at_least);
    rows.loaded = true;
    rows.error = None;
    for id in changed {
        state.changed.insert(id, now);
    }
    // Everyone the page names has the flags it gives, or none now.
    for id in names.keys() {
        match flags.remove(id) {
            Some(f) => state.flags.insert(id.clone(), f),
            None => state.flags.remove(id),
        };
    }
    state.names.extend(names);
    mark_updated(state);
    if people_stale {
        effects.extend(load(rows_of(state), list, true));
    }
    effects
}

/// Someone a row names changed (a warrant circulated or executed, custody
/// opened or closed, bail granted or answered…), so their flags may have:
/// the loaded list is asked for again, which brings every flag it shows —
/// after the load on its way, if there is one, which may predate the change.
pub fn people_changed(rows: &mut Rows, list: ListId, person_ids: &[String]) -> Vec<Effect> {
    let names = |e: &Event| e.people.iter().any(|p| person_ids.contains(&p.person_id));
    if !rows.loaded || !rows.items.iter().any(names) {
        return Vec::new();
    }
    if rows.loading {
        rows.people_stale = true;
        return Vec::new();
    }
    load(rows, list, true)
}

/// The version of record `id` in the list, if it is there.
pub fn held(rows: &Rows, id: &str) -> Option<i64> {
    rows.items.iter().find(|e| e.id == id).map(|e| e.version)
}

/// A record of the list's kind changed on the server: read it again if the
/// list is loaded; if a load is on its way, it may have been read before
/// the change, so the record is kept for when it lands.
pub fn follow(rows: &mut Rows, list: ListId, id: &str) -> Vec<Effect> {
    touch(rows, id);
    if rows.loaded {
        return vec![Effect::Refresh { kind: list.kind(), id: id.to_string() }];
    }
    Vec::new()
}

fn touch(rows: &mut Rows, id: &str) {
    if rows.loading && !rows.touched_while_loading.iter().any(|t| t == id) {
        rows.touched_while_loading.push(id.to_string());
    }
}

/// A record as it now stands, in the list (added if new to it).
pub fn put(rows: &mut Rows, event: &Event) {
    if !rows.loaded {
        return;
    }
    match rows.items.iter_mut().find(|e| e.id == event.id) {
        Some(existing) => *existing = event.clone(),
        None => rows.items.push(event.clone()),
    }
}

/// A record gone from the list (a load on its way is told, so that a copy
/// read before is read again).
pub fn remove(rows: &mut Rows, id: &str) {
    touch(rows, id);
    rows.items.retain(|e| e.id != id);
}
