//! The warrant queue (`GET /api/v1/warrants/queue`): outstanding warrants
//! in priority order, a page at a time, each with why it sits there.

use super::{Client, ClientError};
use crate::api::warrants::{QueuePage, QueueQuery, WarrantOfficers};

impl Client {
    pub async fn warrant_queue(&self, query: &QueueQuery) -> Result<QueuePage, ClientError> {
        self.get(&["warrants", "queue"], query).await
    }

    /// The users a warrant may be allocated to.
    pub async fn warrant_officers(&self) -> Result<Vec<String>, ClientError> {
        let officers: WarrantOfficers = self.get(&["warrants", "officers"], &()).await?;
        Ok(officers.usernames)
    }
}
