//! The live stream: its connection state, and each change it brings. A
//! change to a record the console holds at that version already (the echo
//! of its own save) is not read again; any other is followed by the panes
//! that show it, one re-read per record.

use super::commands;
use super::common::{error_message, expire, mark_updated};
use super::records;
use super::registry;
use crate::api::Change;
use crate::client::ConnectionState;
use crate::console::action::Live;
use crate::console::effect::Effect;
use crate::console::state::{Screen, State};
use crate::domain::change::LINKED_OP;
use crate::domain::event::EventKind;

pub fn message(state: &mut State, live: Live) -> Vec<Effect> {
    match live {
        Live::State(connection) => {
            let mut effects = Vec::new();
            // Lost: what is on screen was current until now, and ages from here.
            if state.live.connection == ConnectionState::Connected && connection != ConnectionState::Connected {
                mark_updated(state);
            }
            if connection == ConnectionState::Connected {
                state.live.ever_connected = true;
                mark_updated(state);
                // The server was out of reach at start: learn who we are now.
                if state.session.is_none() && state.screen == Screen::Main {
                    effects.push(Effect::CheckSession);
                }
            }
            // A fresh stream that cannot connect will not say where it
            // starts soon: the pane reads now rather than wait on it (a
            // change in between may then be missed, as before the stream
            // told its start).
            let lost = matches!(connection, ConnectionState::Reconnecting { .. } | ConnectionState::Closed { .. });
            if lost && state.live.awaiting_origin {
                state.live.awaiting_origin = false;
                effects.extend(commands::load_pane(state, state.pane, true));
            }
            state.live.connection = connection;
            effects
        }
        Live::Failed(e) if e.is_unauthenticated() => expire(state, "Your session has expired: log in again."),
        Live::Failed(e) => {
            state.message = Some(error_message(state, e.to_string()));
            Vec::new()
        }
        Live::Started { subscription, from } => started(state, subscription, from),
        Live::Change(change) => changed(state, &change),
    }
}

/// The stream started without an event id says where it starts: every
/// change after `from` comes on it. The pane on screen reads its list now,
/// after that point, so nothing falls between the read and the stream
/// (a read before it, or a stream started later, could miss a change).
fn started(state: &mut State, subscription: u64, from: i64) -> Vec<Effect> {
    if subscription != state.live.subscription || !state.live.awaiting_origin {
        return Vec::new();
    }
    state.live.awaiting_origin = false;
    if state.live.last_event_id.is_none() {
        state.live.last_event_id = Some(from);
    }
    commands::load_pane(state, state.pane, true)
}

fn changed(state: &mut State, change: &Change) -> Vec<Effect> {
    state.live.last_event_id = Some(change.seq);
    mark_updated(state);
    let mut effects = Vec::new();
    if let Some(kind) = EventKind::from_collection(&change.topic) {
        effects = follow_record(state, kind, change);
    }
    for pane in registry::all() {
        effects.extend(pane.follow(state, change));
    }
    effects
}

/// A change to an event record: taken out if erased; otherwise, unless
/// already held at that version, followed by each pane that shows it.
fn follow_record(state: &mut State, kind: EventKind, change: &Change) -> Vec<Effect> {
    let id = &change.record_id;
    // A new link changes no list's row: the record view follows it alone.
    if change.op == LINKED_OP {
        return Vec::new();
    }
    if change.op == "erased" {
        records::remove(state, kind, id);
        return Vec::new();
    }
    if records::known(state, kind, id, change.version) {
        return Vec::new();
    }
    let mut effects: Vec<Effect> = Vec::new();
    for pane in registry::all() {
        for effect in pane.follow_record(state, kind, change) {
            let again = matches!(&effect, Effect::Refresh { id: r, .. } if effects.iter()
                .any(|e| matches!(e, Effect::Refresh { id: seen, .. } if seen == r)));
            if !again {
                effects.push(effect);
            }
        }
    }
    // The record view's read (with links) puts the record in every pane:
    // a plain re-read of the same record beside it would only repeat it.
    let with_links: Vec<String> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::RefreshRecord { id, .. } => Some(id.clone()),
            _ => None,
        })
        .collect();
    effects.retain(|e| !matches!(e, Effect::Refresh { id, .. } if with_links.contains(id)));
    effects
}
