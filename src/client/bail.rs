//! Bail: its actions on the custody record that granted it, and the diary.

use reqwest::Method;

use super::{Client, ClientError};
use crate::api::bail::{BailActionRequest, BailDiary, BailDiaryQuery};
use crate::api::{BailAction, Event};

impl Client {
    /// `POST /api/v1/custody/{id}/bail/actions`, based on the record's `version`.
    pub async fn bail_action(&self, id: &str, version: i64, action: &BailAction) -> Result<Event, ClientError> {
        let request = self.request(Method::POST, &["custody", id, "bail", "actions"]);
        Self::send(request.json(&BailActionRequest { version, action: action.clone() })).await
    }

    /// `GET /api/v1/custody/bail-diary`.
    pub async fn bail_diary(&self, query: &BailDiaryQuery) -> Result<BailDiary, ClientError> {
        self.get(&["custody", "bail-diary"], query).await
    }
}
