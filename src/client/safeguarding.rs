//! The safeguarding desk's endpoints: its queues, its agencies, and typed report actions.

use super::{Client, ClientError, LifecycleAction};
use crate::api::safeguarding::{SafeguardingAgenciesView, SafeguardingQueuePage, SafeguardingQueueQuery};
use crate::api::{Event, SafeguardingAction};

impl Client {
    /// `GET /api/v1/safeguarding/queue`: one page of a queue of open reports, each with its clocks.
    pub async fn safeguarding_queue(
        &self,
        query: &SafeguardingQueueQuery,
    ) -> Result<SafeguardingQueuePage, ClientError> {
        self.get(&["safeguarding", "queue"], query).await
    }

    /// `GET /api/v1/safeguarding/agencies`: where a report may go, and the force's clocks.
    pub async fn safeguarding_agencies(&self) -> Result<SafeguardingAgenciesView, ClientError> {
        let none: [(&str, &str); 0] = [];
        self.get(&["safeguarding", "agencies"], &none).await
    }

    /// One safeguarding action, based on the report's `version`.
    pub async fn safeguarding_action(
        &self,
        id: &str,
        version: i64,
        action: &SafeguardingAction,
    ) -> Result<Event, ClientError> {
        self.act(id, version, &LifecycleAction::Safeguarding(action.clone())).await
    }
}
