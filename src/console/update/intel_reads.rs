//! The intelligence desk's reads, made by its pane and run by the runtime,
//! each with the reason the audit records, and their answers.

use crate::api::intelligence::{
    IntelligenceQueue, IntelligenceQueuePage, IntelligenceQueueQuery, IntelligenceSearchQuery,
};
use crate::api::list_sort::ListSort;
use crate::client::{Client, ClientError};
use crate::console::desks::desk_read;
use crate::domain::event::{Event, EventKind};

const INTEL_QUEUE_REASON: &str = "Intelligence queue in the console";
const INTEL_SEARCH_REASON: &str = "Intelligence search in the console";
const INTEL_READ_REASON: &str = "Intelligence report read in the console's intelligence pane";

#[derive(Debug, Clone)]
pub enum IntelRead {
    /// A page of an intelligence queue, or, with `text`, of the reports the
    /// server finds by those words (ranked by it, in place of the queue).
    IntelQueue {
        seq: u64,
        queue: IntelligenceQueue,
        sort: Option<ListSort>,
        text: Option<String>,
        after: Option<String>,
        limit: usize,
    },
    /// One report read whole; `acknowledge` when its reader has just
    /// acknowledged its handling conditions (audited with the read).
    ReadIntel { id: String, acknowledge: bool },
}

// An answer is handed on once, never kept: its size costs a move, not memory.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum IntelAnswer {
    IntelQueue { seq: u64, append: bool, result: Result<IntelligenceQueuePage, ClientError> },
    IntelRead { id: String, result: Result<Event, ClientError> },
}

impl IntelRead {
    async fn answer(self, client: Client) -> IntelAnswer {
        match self {
            IntelRead::IntelQueue { seq, text: Some(q), after, limit, .. } => {
                let append = after.is_some();
                let query = IntelligenceSearchQuery {
                    q,
                    limit: Some(limit.min(100)),
                    after,
                    reason: Some(INTEL_SEARCH_REASON.into()),
                };
                let result = client.intelligence_search(&query).await.map(|page| IntelligenceQueuePage {
                    at: chrono::Utc::now(),
                    items: page.items.into_iter().map(|hit| hit.event).collect(),
                    more: page.more,
                    more_at_least: page.more_at_least,
                    next: page.next,
                });
                IntelAnswer::IntelQueue { seq, append, result }
            }
            IntelRead::IntelQueue { seq, queue, sort, after, limit, text: None } => {
                let append = after.is_some();
                let query = IntelligenceQueueQuery {
                    queue,
                    sort,
                    limit: Some(limit),
                    after,
                    reason: Some(INTEL_QUEUE_REASON.into()),
                };
                IntelAnswer::IntelQueue { seq, append, result: client.intelligence_queue(&query).await }
            }
            IntelRead::ReadIntel { id, acknowledge } => {
                let kind = EventKind::Intelligence;
                let result = if acknowledge {
                    client.open_event_acknowledged(kind, &id, INTEL_READ_REASON).await
                } else {
                    client.get_event(kind, &id, Some(INTEL_READ_REASON)).await
                };
                IntelAnswer::IntelRead { id, result }
            }
        }
    }
}

desk_read!(IntelRead);
