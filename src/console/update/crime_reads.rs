//! The crime desk's reads, made by its pane and run by the runtime, each
//! with the reason the audit records, and their answers.

use crate::api::crimes::{CrimeQueuePage, CrimeQueueQuery, CrimeTablesView};
use crate::client::{Client, ClientError};
use crate::console::desks::desk_read;

const CRIME_QUEUE_REASON: &str = "Crime queue in the console";

#[derive(Debug, Clone)]
pub enum CrimeRead {
    /// A page of a crime queue (`seq` comes back with it); `append` adds
    /// it to the rows loaded, else it replaces them.
    CrimeQueue { seq: u64, query: CrimeQueueQuery, append: bool },
    /// One crime's row in a queue (`query.id`), or none if it is not in it.
    CrimeRow { query: CrimeQueueQuery },
    /// The counting-rules classes and the outcome types.
    CrimeTables,
    /// The users a crime may be allocated to.
    CrimeOfficers,
}

#[derive(Debug, Clone)]
pub enum CrimeAnswer {
    CrimeQueue { seq: u64, append: bool, result: Result<CrimeQueuePage, ClientError> },
    CrimeRow { query: CrimeQueueQuery, result: Result<CrimeQueuePage, ClientError> },
    CrimeTables(Result<CrimeTablesView, ClientError>),
    CrimeOfficers(Result<Vec<String>, ClientError>),
}

impl CrimeRead {
    async fn answer(self, client: Client) -> CrimeAnswer {
        match self {
            CrimeRead::CrimeQueue { seq, mut query, append } => {
                query.reason = Some(CRIME_QUEUE_REASON.to_string());
                CrimeAnswer::CrimeQueue { seq, append, result: client.crime_queue(&query).await }
            }
            CrimeRead::CrimeRow { mut query } => {
                query.reason = Some(CRIME_QUEUE_REASON.to_string());
                let result = client.crime_queue(&query).await;
                CrimeAnswer::CrimeRow { query, result }
            }
            CrimeRead::CrimeTables => CrimeAnswer::CrimeTables(client.crime_tables().await),
            CrimeRead::CrimeOfficers => CrimeAnswer::CrimeOfficers(client.crime_officers().await),
        }
    }
}

desk_read!(CrimeRead);
