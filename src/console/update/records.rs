//! Records as the server now has them — re-read after a change, or sent
//! back as the answer to a save — put into (or taken out of) every pane
//! that shows them, with the selection kept on its record.

use super::common::{error_message, expire, fail, info_message, mark_updated};
use super::pane::SaveReply;
use super::registry;
use crate::api::EventRecord;
use crate::client::ClientError;
use crate::console::effect::Effect;
use crate::console::state::{links_of, State};
use crate::console::views;
use crate::domain::event::{Event, EventKind};

/// A record re-read after a live change.
pub fn refreshed(state: &mut State, kind: EventKind, id: &str, result: Result<Event, ClientError>) -> Vec<Effect> {
    match result {
        Ok(event) => {
            let effects = put(state, event);
            mark_updated(state);
            effects
        }
        Err(e) if e.code() == Some("not_found") => {
            remove(state, kind, id);
            Vec::new()
        }
        Err(e) => fail(state, e, |s, text| s.message = Some(error_message(s, text))),
    }
}

/// The open record read again with its links: the record goes where it is
/// shown (as any re-read does), its links replace the old, and the arrows
/// stay on the link they were on.
pub fn refreshed_with_links(
    state: &mut State,
    kind: EventKind,
    id: &str,
    result: Result<EventRecord, ClientError>,
) -> Vec<Effect> {
    let links = result.as_ref().ok().map(links_of);
    let effects = refreshed(state, kind, id, result.map(|r| r.event));
    if let (Some(links), Some(view)) = (links, state.event.as_mut().filter(|v| v.event.id == id)) {
        view.links = links;
        view.choosing &= !view.links.is_empty();
        let ids = view.link_ids();
        views::reselect(&mut view.list, &ids);
    }
    effects
}

/// The server's answer to a lifecycle action on record `id` of `kind`.
pub fn saved(
    state: &mut State,
    kind: EventKind,
    id: String,
    what: String,
    result: Result<Event, ClientError>,
) -> Vec<Effect> {
    state.writes_in_flight = state.writes_in_flight.saturating_sub(1);
    let reply = SaveReply { kind, id: &id, result: &result };
    for pane in registry::all() {
        pane.saved(state, &reply);
    }
    let refusal = reply.refusal();
    match result {
        Ok(event) => {
            let effects = put(state, event);
            state.message = Some(info_message(state, format!("{what}: saved.")));
            effects
        }
        Err(e) if e.is_unauthenticated() => expire(state, "Your session has expired: log in again. Your note is kept."),
        Err(e) => {
            let why = refusal.unwrap_or_default();
            state.message = Some(error_message(state, format!("{what} was not saved: {why}")));
            // Someone else's change came first: read the record again.
            if e.code() == Some("conflict") {
                return vec![Effect::Refresh { kind, id }];
            }
            Vec::new()
        }
    }
}

/// Puts a record as it now stands in every pane that shows it (or takes
/// it out of one it no longer belongs in), marks it, and leaves every
/// selection on its record.
pub fn put(state: &mut State, event: Event) -> Vec<Effect> {
    let mut effects = Vec::new();
    for pane in registry::all() {
        effects.extend(pane.put(state, &event));
    }
    state.changed.insert(event.id, state.now);
    registry::reselect_all(state);
    effects
}

/// Takes a record that is gone out of every pane.
pub fn remove(state: &mut State, kind: EventKind, id: &str) {
    for pane in registry::all() {
        pane.remove(state, kind, id);
    }
    registry::reselect_all(state);
}

/// Whether the console already holds record `id` at `version` or newer
/// wherever it holds it: the change is one it has seen (the echo of its
/// own save, say), and reading the record again would only repeat it.
pub fn known(state: &State, kind: EventKind, id: &str, version: i64) -> bool {
    let mut held = registry::all().filter_map(|p| p.held(state, kind, id)).peekable();
    held.peek().is_some() && held.all(|v| v >= version)
}
