//! Lifecycle actions on custody records, warrants and cases: the only way
//! those records change, each transition checked by the server.

use reqwest::Method;

use super::{Client, ClientError};
use crate::api::{Event, EventKind};

impl Client {
    /// `POST /api/v1/{collection}/{id}/actions` with the version the action is based on.
    pub async fn act(
        &self,
        kind: EventKind,
        id: &str,
        version: i64,
        action: &serde_json::Value,
    ) -> Result<Event, ClientError> {
        let body = serde_json::json!({ "version": version, "action": action });
        Self::send(self.request(Method::POST, &[kind.collection(), id, "actions"]).json(&body)).await
    }
}
