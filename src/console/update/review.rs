//! The review queue pane: possible matches between the linkage thresholds,
//! highest scores first, kept in step with the server one load at a time;
//! each is decided with its reason (`decision.rs`).

use ratatui::layout::Rect;
use ratatui::Frame;

use super::common::expire;
use super::decision;
use super::pane::{About, Key, Pane, Reply};
use crate::api::linkage::{ReviewPair, REVIEW_TOPIC};
use crate::api::Change;
use crate::client::ClientError;
use crate::console::action::{Action, Command, CommandInfo};
use crate::console::effect::Effect;
use crate::console::layout::review_split;
use crate::console::panes;
use crate::console::state::{Decision, ListState, Overlay, PaneId, State};
use crate::console::ui::Ui;
use crate::console::views;

pub struct ReviewPane;

pub const ACCEPT_MATCH: Command = Command::Own("accept_match");
pub const REJECT_MATCH: Command = Command::Own("reject_match");
pub const SPLIT_MATCH: Command = Command::Own("split_match");

const ABOUT: About = About::new(PaneId::Review, "Review")
    .tab("Review queue")
    .palette("review", "the review queue of possible matches", &[])
    .commands(&[
        CommandInfo::new(ACCEPT_MATCH, "Merge: the same person", &["a"]),
        CommandInfo::new(REJECT_MATCH, "Keep apart: two people", &["x"]),
        CommandInfo::new(SPLIT_MATCH, "Split a merged pair again", &["s"]),
    ])
    .topics(&[REVIEW_TOPIC]);

impl Pane for ReviewPane {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn list_rows(&self, body: u16) -> u16 {
        // The pairs, above the selected pair's evidence.
        review_split(body).0.saturating_sub(4)
    }

    fn render(&self, state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
        let keys = [ACCEPT_MATCH, REJECT_MATCH, SPLIT_MATCH].map(|c| ui.key(self.scope(), c));
        panes::review::render(state, ui, frame, area, keys);
    }

    fn render_dialog(&self, state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
        if let Overlay::Decide(prompt) = &state.overlay {
            panes::review::decision(prompt, ui, frame, area);
        }
    }

    fn ids(&self, state: &State) -> Vec<String> {
        views::review_rows(state).into_iter().map(views::review_key).collect()
    }

    fn list<'a>(&self, state: &'a State) -> Option<&'a ListState> {
        Some(&state.review.list)
    }

    fn list_mut<'a>(&self, state: &'a mut State) -> Option<&'a mut ListState> {
        Some(&mut state.review.list)
    }

    fn load(&self, state: &mut State, force: bool) -> Vec<Effect> {
        load(state, force)
    }

    fn command(&self, state: &mut State, command: Command) -> Option<Vec<Effect>> {
        let decision = match command {
            ACCEPT_MATCH => Decision::Accept,
            REJECT_MATCH => Decision::Reject,
            SPLIT_MATCH => Decision::Split,
            _ => return None,
        };
        Some(decision::ask(state, decision))
    }

    fn dialog(&self, state: &mut State, key: &Key) -> Option<Vec<Effect>> {
        decision::key(state, key)
    }

    fn reply(&self, state: &mut State, action: Action) -> Reply {
        Reply::Done(match action {
            Action::ReviewLoaded(Err(e)) if e.is_unauthenticated() => {
                state.review.loading = false;
                expire(state, "Your session has expired: log in again.")
            }
            Action::ReviewLoaded(result) => loaded(state, result),
            Action::Decided { decision, source, source_ref, result } => {
                decision::decided(state, decision, source, source_ref, result)
            }
            other => return Reply::NotMine(other),
        })
    }

    /// The queue changed on the server (a decision taken elsewhere, an
    /// import queueing pairs): a queue once loaded is loaded again, one
    /// load at a time, so that an import's many batches do not cost a load
    /// each.
    fn follow(&self, state: &mut State, change: &Change) -> Vec<Effect> {
        if change.topic != REVIEW_TOPIC {
            return Vec::new();
        }
        if state.review.loading {
            state.review.stale = true;
            return Vec::new();
        }
        if !state.review.loaded {
            return Vec::new();
        }
        load(state, true)
    }
}

/// Loads the queue unless it is loaded (always when `force`).
fn load(state: &mut State, force: bool) -> Vec<Effect> {
    if state.review.loading || (state.review.loaded && !force) {
        return Vec::new();
    }
    state.review.loading = true;
    vec![Effect::LoadReview]
}

fn loaded(state: &mut State, result: Result<(Vec<ReviewPair>, usize), ClientError>) -> Vec<Effect> {
    state.review.loading = false;
    let stale = std::mem::take(&mut state.review.stale);
    match result {
        Ok((open, open_total)) => {
            state.review.open_total = open_total;
            // Pairs decided here stay listed (a merge can be split again).
            let key = views::review_key;
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
            let ids = ReviewPane.ids(state);
            views::reselect(&mut state.review.list, &ids);
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
