//! The review queue's state: the possible matches, and the decision being
//! asked about (merge, keep apart or split), with its reason.

use super::list::ListState;
use crate::api::linkage::ReviewPair;

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

    /// The reason offered until the reviewer types their own.
    pub fn default_reason(self) -> &'static str {
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
