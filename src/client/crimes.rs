//! The crime desk's endpoints: its queues, its tables, and typed crime actions.

use super::{Client, ClientError, LifecycleAction};
use crate::api::crimes::{CrimeOfficers, CrimeQueuePage, CrimeQueueQuery, CrimeTablesView};
use crate::api::{CrimeAction, Event};

impl Client {
    /// `GET /api/v1/crimes/queue`: one page of a queue of live crimes, each with its clocks.
    pub async fn crime_queue(&self, query: &CrimeQueueQuery) -> Result<CrimeQueuePage, ClientError> {
        self.get(&["crimes", "queue"], query).await
    }

    /// `GET /api/v1/crimes/tables`: the classes and outcome types this force uses.
    pub async fn crime_tables(&self) -> Result<CrimeTablesView, ClientError> {
        let none: [(&str, &str); 0] = [];
        self.get(&["crimes", "tables"], &none).await
    }

    /// `GET /api/v1/crimes/officers`: the users a crime may be allocated to.
    pub async fn crime_officers(&self) -> Result<Vec<String>, ClientError> {
        let officers: CrimeOfficers = self.get(&["crimes", "officers"], &()).await?;
        Ok(officers.usernames)
    }

    /// One crime action, based on the crime's `version`.
    pub async fn crime_action(&self, id: &str, version: i64, action: &CrimeAction) -> Result<Event, ClientError> {
        self.act(id, version, &LifecycleAction::Crime(action.clone())).await
    }
}
