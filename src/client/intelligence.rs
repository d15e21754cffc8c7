//! The intelligence desk's endpoints: its queues and typed report actions.

use super::{Client, ClientError, LifecycleAction};
use crate::api::intelligence::{
    IntelligenceQueuePage, IntelligenceQueueQuery, IntelligenceSearchPage, IntelligenceSearchQuery,
};
use crate::api::{Event, IntelligenceAction};

impl Client {
    /// `GET /api/v1/intelligence/queue`: one queue of reports, as the caller may see them.
    pub async fn intelligence_queue(
        &self,
        query: &IntelligenceQueueQuery,
    ) -> Result<IntelligenceQueuePage, ClientError> {
        self.get(&["intelligence", "queue"], query).await
    }

    /// `GET /api/v1/intelligence/search`: reports by the words of their text
    /// as the caller would be shown it, ranked.
    pub async fn intelligence_search(
        &self,
        query: &IntelligenceSearchQuery,
    ) -> Result<IntelligenceSearchPage, ClientError> {
        self.get(&["intelligence", "search"], query).await
    }

    /// One intelligence action, based on the report's `version`.
    pub async fn intelligence_action(
        &self,
        id: &str,
        version: i64,
        action: &IntelligenceAction,
    ) -> Result<Event, ClientError> {
        self.act(id, version, &LifecycleAction::Intelligence(action.clone())).await
    }
}
