//! The safeguarding desk's reads, made by its pane and run by the runtime,
//! with the reason the audit records, and their answers.

use crate::api::safeguarding::{SafeguardingAgenciesView, SafeguardingQueuePage, SafeguardingQueueQuery};
use crate::client::{Client, ClientError};
use crate::console::desks::desk_read;

const SAFEGUARDING_QUEUE_REASON: &str = "Safeguarding queue in the console";

#[derive(Debug, Clone)]
pub enum SafeguardingRead {
    /// A page of a safeguarding queue.
    SafeguardingQueue { seq: u64, query: SafeguardingQueueQuery, append: bool },
    /// The partner agencies a report goes to.
    SafeguardingAgencies,
}

#[derive(Debug, Clone)]
pub enum SafeguardingAnswer {
    SafeguardingQueue { seq: u64, append: bool, result: Result<SafeguardingQueuePage, ClientError> },
    SafeguardingAgencies(Result<SafeguardingAgenciesView, ClientError>),
}

impl SafeguardingRead {
    async fn answer(self, client: Client) -> SafeguardingAnswer {
        match self {
            SafeguardingRead::SafeguardingQueue { seq, mut query, append } => {
                query.reason = Some(SAFEGUARDING_QUEUE_REASON.to_string());
                let result = client.safeguarding_queue(&query).await;
                SafeguardingAnswer::SafeguardingQueue { seq, append, result }
            }
            SafeguardingRead::SafeguardingAgencies => {
                SafeguardingAnswer::SafeguardingAgencies(client.safeguarding_agencies().await)
            }
        }
    }
}

desk_read!(SafeguardingRead);
