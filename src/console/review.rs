//! The review queue: possible matches between the linkage thresholds, each
//! accepted (merged), rejected (kept apart) or, once merged, split again by
//! a reviewer, with the reason asked for and sent to the server, which
//! checks the role. Pure state changes; the runtime performs the effects.

use super::action::Command;
use super::effect::Effect;
use super::state::{ListState, Overlay, State};
use super::update::error_message;
use crate::api::linkage::ReviewPair;
use crate::client::ClientError;

/// What a reviewer decides about a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// The row and the candidate are one person: merge.
    Accept,
    /// Two people: keep apart.
    Reject,
    /// Undo a merge: the row back out of the person.
    Split,
}

impl Decision {
    pub fn verb(self) -> &'static str {
        match self {
            Decision::Accept => "Merge",
            Decision::Reject => "Keep apart",
            Decision::Split => "Split",
        }
    }

    /// The status a pair has after the decision.
    pub fn status(self) -> &'static str {
        match self {
            Decision::Accept => "accepted",
            Decision::Reject => "rejected",
            Decision::Split => "split",
        }
    }

    fn default_reason(self) -> &'static str {
        match self {
            Decision::Accept => "same person on review of the evidence",
            Decision::Reject => "different people on review of the evidence",
            Decision::Split => "merge undone on review",
        }
    }
}

/// Asking for the reason of a decision (it is audited).
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionPrompt {
    pub decision: Decision,
    pub source: String,
    pub source_ref: String,
    /// Who the pair is, for the question.
    pub title: String,
    pub reason: String,
    pub busy: bool,
    pub error: Option<String>,
}

/// The pane's data: the open pairs, and those decided here since.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReviewQueue {
    pub pairs: Vec<ReviewPair>,
    /// Open pairs on the server, loaded or not: a big import leaves more
    /// than one load brings (the highest scores come first).
    pub open_total: usize,
    pub loaded: bool,
    pub loading: bool,
    /// The queue changed on the server while a load was in flight.
    pub stale: bool,
    pub error: Option<String>,
    pub list: ListState,
}

/// A pair's row id.
pub fn key(pair: &ReviewPair) -> String {
    format!("{}/{}", pair.source, pair.source_ref)
}

/// The rows shown: the filter applied, in queue order.
pub fn rows(state: &State) -> Vec<&ReviewPair> {
    let filter = &state.review.list.filter;
    state
        .review
        .pairs
        .iter()
        .filter(|p| {
            let names = [
                p.source.as_str(),
                p.source_ref.as_str(),
                p.record.as_ref().map(|s| s.name.as_str()).unwrap_or_default(),
                p.candidate.as_ref().map(|s| s.name.as_str()).unwrap_or_default(),
            ];
            crate::domain::typed_filter::matches_words(filter, &names)
        })
        .collect()
}

pub fn ids(state: &State) -> Vec<String> {
    rows(state).into_iter().map(key).collect()
}

/// The selected pair, if any.
pub fn selected(state: &State) -> Option<&ReviewPair> {
    let rows = rows(state);
    let ids: Vec<String> = rows.iter().map(|p| key(p)).collect();
    super::views::selected_index(&ids, &state.review.list).and_then(|i| rows.get(i).copied())
}

/// Loads the queue unless it is loaded (always when `force`).
pub fn load(state: &mut State, force: bool) -> Vec<Effect> {
    if state.review.loading || (state.review.loaded && !force) {
        return Vec::new();
    }
    state.review.loading = true;
    vec![Effect::LoadReview]
}

/// The queue changed on the server (a decision taken elsewhere, an import
/// queueing pairs): a queue once loaded is loaded again, one load at a time,
/// so that an import's many batches do not cost a load each.
pub fn follow(state: &mut State) -> Vec<Effect> {
    if state.review.loading {
        state.review.stale = true;
        return Vec::new();
    }
    if !state.review.loaded {
        return Vec::new();
    }
    load(state, true)
}

pub fn loaded(state: &mut State, result: Result<(Vec<ReviewPair>, usize), ClientError>) -> Vec<Effect> {
    state.review.loading = false;
    let stale = std::mem::take(&mut state.review.stale);
    match result {
        Ok((open, open_total)) => {
            state.review.open_total = open_total;
            // Pairs decided here stay listed (a merge can be split again).
            let decided: Vec<ReviewPair> = state
                .review
                .pairs
                .drain(..)
                .filter(|p| p.status != "open" && !open.iter().any(|o| key(o) == key(p)))
                .collect();
            state.review.pairs = open;
            state.review.pairs.extend(decided);
            // In the server's order (score, then source and reference), so a
            // decided pair keeps its place among the open ones.
            state.review.pairs.sort_by(|a, b| {
                b.score.total_cmp(&a.score).then_with(|| (&a.source, &a.source_ref).cmp(&(&b.source, &b.source_ref)))
            });
            state.review.loaded = true;
            state.review.error = None;
            state.live.updated_at = Some(state.now);
            let ids = ids(state);
            super::views::reselect(&mut state.review.list, &ids);
            // What changed while this load was in flight.
            if stale {
                load(state, true)
            } else {
                Vec::new()
            }
        }
        Err(e) => {
            state.review.error = Some(e.to_string());
            Vec::new()
        }
    }
}

/// `a`, `x`, `s` on the selected pair: ask for the reason first.
pub fn command(state: &mut State, command: Command) -> Vec<Effect> {
    let decision = match command {
        Command::AcceptMatch => Decision::Accept,
        Command::RejectMatch => Decision::Reject,
        Command::SplitMatch => Decision::Split,
        _ => return Vec::new(),
    };
    if !state.roles().may_write_people() {
        state.message = Some(error_message(state, "Your role may not decide possible matches."));
        return Vec::new();
    }
    let Some(pair) = selected(state) else {
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
    let name = |s: &Option<crate::api::linkage::ReviewSide>| s.as_ref().map(|s| s.name.clone()).unwrap_or_default();
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

/// Enter in the reason dialog: send the decision.
pub fn submit(state: &mut State, mut prompt: DecisionPrompt) -> Vec<Effect> {
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
            state.message = Some(super::state::Message {
                text: format!("{} {source}/{source_ref}: {outcome}", decision.verb()),
                level: super::state::Level::Info,
                at: state.now,
            });
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
