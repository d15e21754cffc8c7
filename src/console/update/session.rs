//! Who is at the console: the login form, the session checked at start,
//! and the clock, which ends a session at its expiry or locks the console
//! after the idle timeout without a key (and fades marks and messages).
//! Whatever ends a session keeps the panes and drafts for the same officer
//! logging in again; another officer starts afresh.

use chrono::{DateTime, Utc};

use super::commands;
use super::common::{edit_text, error_message, expire};
use super::lookup;
use super::pane::Key;
use super::registry;
use crate::api::{LoginResponse, Me};
use crate::client::ClientError;
use crate::console::effect::Effect;
use crate::console::state::{LoginField, Screen, Session, State, CHANGED_MARK_SECONDS};
use crate::domain::role::Roles;

/// How long a status-bar message stays.
const MESSAGE_SECONDS: i64 = 8;

/// A key on the login screen.
pub fn login_key(state: &mut State, key: &Key) -> Vec<Effect> {
    let login = &mut state.login;
    match key {
        Key::Edit(edit) => {
            let field = match login.field {
                LoginField::Username => &mut login.username,
                LoginField::Password => &mut login.password,
            };
            edit_text(field, edit);
            login.error = None;
        }
        Key::Pick(_) => {
            login.field = match login.field {
                LoginField::Username => LoginField::Password,
                LoginField::Password => LoginField::Username,
            };
        }
        Key::Cancel => login.error = None,
        Key::Submit => {
            if login.busy {
                return Vec::new();
            }
            if login.field == LoginField::Username || login.password.is_empty() {
                if login.username.trim().is_empty() {
                    login.error = Some("Enter your username.".to_string());
                    return Vec::new();
                }
                login.field = LoginField::Password;
                if login.password.is_empty() {
                    return Vec::new();
                }
            }
            login.busy = true;
            login.error = None;
            let (username, password) = (login.username.trim().to_string(), login.password.clone());
            return vec![Effect::Login { username, password }];
        }
    }
    Vec::new()
}

pub fn logged_in(state: &mut State, result: Result<LoginResponse, ClientError>) -> Vec<Effect> {
    state.login.busy = false;
    match result {
        Ok(reply) => {
            if state.login.previous_user.as_ref().is_some_and(|previous| *previous != reply.username) {
                start_afresh(state);
            }
            state.login.password.clear();
            state.login.error = None;
            state.login.notice = None;
            state.login.previous_user = None;
            state.session = Some(Session {
                username: reply.username.clone(),
                roles: Roles(reply.roles),
                expires_at: reply.expires_at,
                idle_timeout: chrono::Duration::seconds(reply.idle_timeout_secs),
            });
            state.last_input = state.now;
            state.screen = Screen::Main;
            let mut effects = vec![
                Effect::UseSession { token: reply.token, username: reply.username, expires_at: reply.expires_at },
                subscribe(state),
            ];
            effects.extend(start_main(state));
            effects
        }
        Err(e) => {
            state.login.error = Some(match e.code() {
                Some("unauthenticated") => "Wrong username or password.".to_string(),
                _ => e.to_string(),
            });
            state.login.password.clear();
            Vec::new()
        }
    }
}

/// The saved token checked at start.
pub fn checked(state: &mut State, result: Result<Me, ClientError>) -> Vec<Effect> {
    match result {
        Ok(me) => {
            state.session = Some(Session {
                username: me.username,
                roles: Roles(me.roles),
                expires_at: me.expires_at,
                idle_timeout: chrono::Duration::seconds(me.idle_timeout_secs),
            });
            state.last_input = state.now;
        }
        Err(e) if e.is_unauthenticated() => return expire(state, "Your session has ended: log in again."),
        // The server is out of reach: show the console, marked stale, and
        // let the stream keep trying.
        Err(e) => state.message = Some(error_message(state, e.to_string())),
    }
    state.screen = Screen::Main;
    let mut effects = vec![subscribe(state)];
    effects.extend(start_main(state));
    effects
}

/// Another officer logged in where a session ended: nothing of the last
/// one's panes, drafts, searches or reasons for access stays.
fn start_afresh(state: &mut State) {
    let mut fresh = State::new(&state.server, state.now);
    fresh.size = state.size;
    fresh.login = std::mem::take(&mut state.login);
    *state = fresh;
}

/// The live stream of what the panes follow, from the last event seen.
/// Without one, the stream starts where the server is, and the panes wait
/// to read until it says where that is (`live::started`).
fn subscribe(state: &mut State) -> Effect {
    let live = &mut state.live;
    live.subscription += 1;
    live.awaiting_origin = live.last_event_id.is_none();
    Effect::Subscribe { last_event_id: live.last_event_id, topics: registry::topics(), subscription: live.subscription }
}

/// After login: load what the current pane shows (once the stream has
/// said where it starts, if it had no event id), and search again.
fn start_main(state: &mut State) -> Vec<Effect> {
    let mut effects = commands::load_pane(state, state.pane, false);
    if !state.lookup.query.trim().is_empty() {
        effects.extend(lookup::search(state));
    }
    effects
}

/// The clock moved: marks and messages fade, and a session past its
/// expiry ends.
pub fn tick(state: &mut State, now: DateTime<Utc>) -> Vec<Effect> {
    state.now = now;
    let mark = chrono::Duration::seconds(CHANGED_MARK_SECONDS);
    state.changed.retain(|_, at| now - *at < mark);
    if state.message.as_ref().is_some_and(|m| (now - m.at).num_seconds() >= MESSAGE_SECONDS) {
        state.message = None;
    }
    let Some(session) = state.session.as_ref().filter(|_| state.screen == Screen::Main) else {
        return Vec::new();
    };
    if session.expires_at <= now {
        return expire(state, "Your session has expired: log in again.");
    }
    if now - state.last_input >= session.idle_timeout {
        let minutes = session.idle_timeout.num_minutes().max(1);
        let notice = format!("Locked after {minutes} minutes without use: enter your password to go on.");
        // The server ends the session too: live updates alone would keep it.
        let mut effects = vec![Effect::Logout];
        effects.extend(expire(state, &notice));
        return effects;
    }
    Vec::new()
}
