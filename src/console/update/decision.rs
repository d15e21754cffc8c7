//! A review decision: merge, keep apart or split a pair, asked with `a`,
//! `x` or `s` on the selected pair (or `:split` on any merged record), its
//! reason typed in a dialog and sent; the server checks the role.

use super::common::{edit_text, error_message, expire, info_message};
use super::pane::Key;
use crate::api::linkage::ReviewSide;
use crate::client::ClientError;
use crate::console::effect::Effect;
use crate::console::state::{Decision, DecisionPrompt, Overlay, State};
use crate::console::views;

/// `a`, `x`, `s` on the selected pair: ask for the reason first.
pub fn ask(state: &mut State, decision: Decision) -> Vec<Effect> {
    if !state.roles().may_write_people() {
        state.message = Some(error_message(state, "Your role may not decide possible matches."));
        return Vec::new();
    }
    let Some(pair) = views::selected_pair(state) else {
        return Vec::new();
    };
    let allowed = match decision {
        Decision::Accept | Decision::Reject => pair.status == "open",
        Decision::Split => pair.status == "accepted",
    };
    if !allowed {
        let why = match decision {
            Decision::Split => "Only a merged pair can be split.".to_string(),
            _ => format!("This pair is already {}.", pair.status),
        };
        state.message = Some(error_message(state, why));
        return Vec::new();
    }
    let name = |s: &Option<ReviewSide>| s.as_ref().map(|s| s.name.clone()).unwrap_or_default();
    let title = format!("{} ({}/{}) and {}", name(&pair.record), pair.source, pair.source_ref, name(&pair.candidate));
    state.overlay = Overlay::Decide(DecisionPrompt {
        decision,
        source: pair.source.clone(),
        source_ref: pair.source_ref.clone(),
        title,
        reason: decision.default_reason().to_string(),
        busy: false,
        error: None,
    });
    Vec::new()
}

/// `:split SOURCE REF`: undo any merge, not only one made in this pane.
pub fn prompt_split(state: &mut State, source: &str, source_ref: &str) -> Vec<Effect> {
    if !state.roles().may_write_people() {
        state.message = Some(error_message(state, "Your role may not split merged records."));
        return Vec::new();
    }
    state.overlay = Overlay::Decide(DecisionPrompt {
        decision: Decision::Split,
        source: source.to_string(),
        source_ref: source_ref.to_string(),
        title: format!("{source}/{source_ref} out of the person it was merged into"),
        reason: Decision::Split.default_reason().to_string(),
        busy: false,
        error: None,
    });
    Vec::new()
}

/// A key for the reason dialog, if that is what is open: typing edits the
/// reason, Enter sends the decision, Esc drops it.
pub fn key(state: &mut State, key: &Key) -> Option<Vec<Effect>> {
    let Overlay::Decide(prompt) = &mut state.overlay else {
        return None;
    };
    match key {
        Key::Edit(edit) => {
            edit_text(&mut prompt.reason, edit);
            prompt.error = None;
        }
        Key::Pick(_) => {}
        Key::Submit => {
            let Overlay::Decide(prompt) = std::mem::take(&mut state.overlay) else { return None };
            return Some(submit(state, prompt));
        }
        Key::Cancel => state.overlay = Overlay::None,
    }
    Some(Vec::new())
}

/// Enter in the reason dialog: send the decision.
fn submit(state: &mut State, mut prompt: DecisionPrompt) -> Vec<Effect> {
    if prompt.busy {
        state.overlay = Overlay::Decide(prompt);
        return Vec::new();
    }
    let reason = match crate::domain::reason::checked(&prompt.reason) {
        Ok(reason) => reason,
        Err(e) => {
            prompt.error = Some(format!("Give the reason (it is audited): {}", e.message));
            state.overlay = Overlay::Decide(prompt);
            return Vec::new();
        }
    };
    prompt.busy = true;
    prompt.error = None;
    let effect = Effect::Decide {
        decision: prompt.decision,
        source: prompt.source.clone(),
        source_ref: prompt.source_ref.clone(),
        reason,
    };
    state.overlay = Overlay::Decide(prompt);
    state.writes_in_flight += 1;
    vec![effect]
}

/// The server's answer to a decision.
pub fn decided(
    state: &mut State,
    decision: Decision,
    source: String,
    source_ref: String,
    result: Result<String, ClientError>,
) -> Vec<Effect> {
    state.writes_in_flight = state.writes_in_flight.saturating_sub(1);
    match result {
        Err(e) if e.is_unauthenticated() => {
            if let Overlay::Decide(prompt) = &mut state.overlay {
                prompt.busy = false;
            }
            expire(state, "Your session has expired: log in again, then decide again.")
        }
        Ok(outcome) => {
            if matches!(&state.overlay, Overlay::Decide(p) if p.source == source && p.source_ref == source_ref) {
                state.overlay = Overlay::None;
            }
            if let Some(pair) = state.review.pairs.iter_mut().find(|p| p.source == source && p.source_ref == source_ref)
            {
                pair.status = match decision {
                    // A split pair is two people again: nothing more to decide.
                    Decision::Split => "split".into(),
                    other => other.status().into(),
                };
            }
            state.changed.insert(format!("{source}/{source_ref}"), state.now);
            let text = format!("{} {source}/{source_ref}: {outcome}", decision.verb());
            state.message = Some(info_message(state, text));
            Vec::new()
        }
        Err(e) => {
            let text = format!("{} was not done: {e}", decision.verb());
            if let Overlay::Decide(prompt) = &mut state.overlay {
                prompt.busy = false;
                prompt.error = Some(e.to_string());
            }
            state.message = Some(error_message(state, text));
            Vec::new()
        }
    }
}
