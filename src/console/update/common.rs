//! What every part of the update shares: status messages, a failed request
//! and the session it may have ended, a lifecycle action sent, text typed
//! into an input, and a filter cycled through its values.

use super::pane::SaveReply;
use crate::client::{ClientError, LifecycleAction};
use crate::console::action::Edit;
use crate::console::effect::Effect;
use crate::console::state::{FormField, Level, LoginField, Message, Screen, State};

/// The longest text an input takes.
const MAX_INPUT: usize = 500;

pub fn error_message(state: &State, text: impl Into<String>) -> Message {
    Message { text: text.into(), level: Level::Error, at: state.now }
}

pub fn info_message(state: &State, text: impl Into<String>) -> Message {
    Message { text: text.into(), level: Level::Info, at: state.now }
}

/// The data on screen is current as of now.
pub fn mark_updated(state: &mut State) {
    state.live.updated_at = Some(state.now);
}

/// A failed request: an expired session sends the operator to log in
/// (keeping everything else); anything else is shown by `show`.
pub fn fail(state: &mut State, error: ClientError, show: impl FnOnce(&mut State, String)) -> Vec<Effect> {
    if error.is_unauthenticated() {
        return expire(state, "Your session has expired: log in again.");
    }
    show(state, error.to_string());
    Vec::new()
}

/// The session is over: back to the login screen with `notice`, the panes
/// kept as they are for when the operator is back.
pub fn expire(state: &mut State, notice: &str) -> Vec<Effect> {
    if let Some(session) = &state.session {
        if state.login.username.is_empty() {
            state.login.username = session.username.clone();
        }
        state.login.previous_user = Some(session.username.clone());
    }
    state.screen = Screen::Login;
    state.session = None;
    state.login.notice = Some(notice.to_string());
    state.login.password.clear();
    state.login.busy = false;
    state.login.field = if state.login.username.is_empty() { LoginField::Username } else { LoginField::Password };
    vec![Effect::DropSession]
}

/// A lifecycle action on record `id`, sent at `version`; it counts as a
/// write in flight until the server's answer comes back. `what` names it
/// for the operator.
pub fn send_action(
    state: &mut State,
    what: String,
    id: String,
    version: i64,
    action: impl Into<LifecycleAction>,
) -> Vec<Effect> {
    state.writes_in_flight += 1;
    vec![Effect::Save { what, id, version, action: action.into() }]
}

impl SaveReply<'_> {
    /// Why the save was refused, in words (None if it was not).
    pub fn refusal(&self) -> Option<String> {
        self.result.as_ref().err().map(refusal_text)
    }

    /// The save was refused because the session is over.
    pub fn expired(&self) -> bool {
        self.result.as_ref().is_err_and(ClientError::is_unauthenticated)
    }
}

/// A refusal in the operator's words: the server's message without the
/// API's name for the input (a form puts its own label before it).
pub fn refusal_text(error: &ClientError) -> String {
    match error {
        ClientError::Api { code, .. } if code == "conflict" => {
            "someone else changed this record meanwhile; it has been reloaded, check it and send again".to_string()
        }
        ClientError::Api { message, .. } => message.clone(),
        other => other.to_string(),
    }
}

/// The input of a form that a refusal is about, found by the parts of the
/// API's name for it from the last (`action.cell` is the input `cell`,
/// `action.offences[1]` the offences, `action.bail.conditions[0].address`
/// the conditions).
pub fn refused_input(error: &ClientError, fields: &[FormField]) -> Option<usize> {
    let ClientError::Api { field: Some(field), .. } = error else {
        return None;
    };
    field
        .rsplit('.')
        .map(|part| part.split('[').next().unwrap_or(part))
        .find_map(|name| fields.iter().position(|f| f.name == name))
}

/// "Not saved: " and why, after the label of the input it is about.
pub fn not_saved(why: &str, input: Option<&FormField>) -> String {
    match input {
        Some(field) => format!("Not saved: {}: {why}", field.label),
        None => format!("Not saved: {why}"),
    }
}

/// The text with its first letter a capital: an action's name opening a message.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Applies a typed edit to the text of an input.
pub fn edit_text(text: &mut String, edit: &Edit) {
    match edit {
        Edit::Insert(c) => {
            if text.chars().count() < MAX_INPUT {
                text.push(*c);
            }
        }
        Edit::Backspace => {
            text.pop();
        }
        Edit::DeleteWord => {
            let trimmed = text.trim_end().len();
            text.truncate(trimmed);
            let cut = text.rfind(char::is_whitespace).map(|i| i + 1).unwrap_or(0);
            text.truncate(cut);
        }
        Edit::Clear => text.clear(),
        // A box has no cursor: nothing stands after it to delete.
        Edit::Delete => {}
    }
}

/// The value after (or before) `current` in `values`, wrapping.
pub fn cycle<T: Clone + PartialEq>(values: &[T], current: &T, forward: bool) -> T {
    let index = values.iter().position(|v| v == current).unwrap_or(0);
    values.get(step(index, values.len(), forward)).cloned().unwrap_or_else(|| current.clone())
}

/// The index after (or before) `index` of `len`, wrapping: the next input
/// of a form, the next value of a filter.
pub fn step(index: usize, len: usize, forward: bool) -> usize {
    let len = len.max(1);
    if forward {
        (index + 1) % len
    } else {
        (index + len - 1) % len
    }
}
