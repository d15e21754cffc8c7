//! The intelligence desk on the wire: its lifecycle actions and its queues.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::event::Event;
use crate::domain::intelligence::IntelligenceAction;

/// `POST /intelligence/{id}/actions`: the version the caller last saw, and the action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IntelligenceActionRequest {
    pub version: i64,
    pub action: IntelligenceAction,
}

/// The desk's queues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum IntelligenceQueue {
    /// Submitted, waiting for an intelligence officer: highest priority
    /// first, then the longest waiting.
    Evaluation,
    /// Evaluated, waiting for its sanitised text to be approved.
    Sanitisation,
    /// Sanitised, not yet disseminated.
    Dissemination,
    /// The caller's own drafts.
    MyDrafts,
    /// A retention review due today or overdue, by when it fell due: the
    /// most overdue first (`sort=newest`: the latest due first).
    RetentionDue,
}

/// `GET /intelligence/queue`: one queue, a page at a time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct IntelligenceQueueQuery {
    pub queue: IntelligenceQueue,
    /// The newest first when absent, or `oldest`; a cursor from one order
    /// is refused under the other. The evaluation queue keeps its own
    /// order (priority, then the longest waiting) and takes none; the
    /// retention queue sorts by when each review fell due, the most
    /// overdue (`oldest`) first when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<crate::api::list_sort::ListSort>,
    /// 1 to 1000; 50 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
    /// The `next` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// Why the queue is read, for the audit log; "intelligence queue" when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(max_length = 500)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct IntelligenceQueuePage {
    /// The instant the queue was read.
    pub at: DateTime<Utc>,
    /// The reports, as the caller may see them, in the queue's order.
    pub items: Vec<Event>,
    /// How many more the queue holds beyond this page.
    pub more: usize,
    /// True when the queue holds at least `more` beyond this page: the
    /// count stops at 1,000, so a long queue costs no more than a short one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub more_at_least: bool,
    /// The cursor of the next page (`after`), while there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// `GET /intelligence/search`: reports by the words of their text, as the
/// caller would be shown it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct IntelligenceSearchQuery {
    /// The words to find: matched against the sanitised text, and the
    /// unsanitised text too for intelligence roles; a handling code C
    /// report's text is never matched, and a draft only for its author.
    #[param(max_length = 200)]
    pub q: String,
    /// 1 to 100; 20 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
    /// The `next` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// Why the search is made, for the audit log; "intelligence search" when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(max_length = 500)]
    pub reason: Option<String>,
}

/// A report found, as the caller may see it, and how many of the words
/// asked for it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct IntelligenceHit {
    pub event: Event,
    pub words: u32,
}

/// One page of an intelligence search: most words in common first, then newest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct IntelligenceSearchPage {
    /// The words searched for, as the search read them.
    pub words: Vec<String>,
    pub items: Vec<IntelligenceHit>,
    /// How many more match beyond this page.
    pub more: usize,
    /// True when at least `more` match beyond this page: the count stops at
    /// 1,000, so a search matching most reports costs what a narrow one does.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub more_at_least: bool,
    /// The cursor of the next page (`after`), while there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}
