//! The warrant queue (`GET /api/v1/warrants/queue`): outstanding warrants
//! in priority order, a page at a time, each with why it sits there.

use serde::Serialize;

use super::{Client, ClientError};
use crate::domain::event::WarrantKind;
use crate::domain::priority::QueuePage;

/// The queue's filters and paging; absent fields are not sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct QueueQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<WarrantKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub borough: Option<String>,
    /// `true`, `false`, or an officer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allocated: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_priority: Option<i32>,
    /// Words each found in the name, reference, offence, court, allocated
    /// officer or borough.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// One warrant: its row, if it is in the queue under the other filters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
    /// The `next` cursor of the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Client {
    pub async fn warrant_queue(&self, query: &QueueQuery) -> Result<QueuePage, ClientError> {
        self.get(&["warrants", "queue"], query).await
    }
}
