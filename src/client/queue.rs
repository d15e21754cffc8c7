//! The warrant queue (`GET /api/v1/warrants/queue`): outstanding warrants
//! in priority order, a page at a time, each with why it sits there.

use super::{Client, ClientError};
use crate::api::warrants::{QueuePage, QueueQuery};

impl Client {
    pub async fn warrant_queue(&self, query: &QueueQuery) -> Result<QueuePage, ClientError> {
        self.get(&["warrants", "queue"], query).await
    }
}
