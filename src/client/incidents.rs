//! The control room's endpoints: opening an incident, the board of open
//! incidents, and typed incident actions.

use reqwest::Method;

use super::{Client, ClientError, LifecycleAction};
use crate::api::incidents::{IncidentBoard, IncidentBoardQuery};
use crate::api::{Event, IncidentAction, OpenIncident};

impl Client {
    /// `POST /api/v1/incidents/open`; the same `idempotency_key` sent twice opens one incident.
    pub async fn open_incident(
        &self,
        request: &OpenIncident,
        idempotency_key: Option<&str>,
    ) -> Result<Event, ClientError> {
        let mut builder = self.request(Method::POST, &["incidents", "open"]).json(request);
        if let Some(key) = idempotency_key {
            builder = builder.header("Idempotency-Key", key);
        }
        Self::send(builder).await
    }

    /// `GET /api/v1/incidents/board`: the open incidents (under the query's
    /// filters), most urgent first, each with its clock and its people.
    pub async fn incident_board(&self, query: &IncidentBoardQuery) -> Result<IncidentBoard, ClientError> {
        self.get(&["incidents", "board"], query).await
    }

    /// One incident action, based on the incident's `version`.
    pub async fn incident_action(&self, id: &str, version: i64, action: &IncidentAction) -> Result<Event, ClientError> {
        self.act(id, version, &LifecycleAction::Incident(action.clone())).await
    }
}
