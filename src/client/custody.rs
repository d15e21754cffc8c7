//! The custody suite's endpoints: booking in, the board, one record's PACE
//! status, and typed custody actions.

use reqwest::Method;

use super::{Client, ClientError, LifecycleAction};
use crate::api::custody::{Board, BoardQuery};
use crate::api::{BookIn, CustodyAction, CustodyStatus, Event, ReasonQuery};

impl Client {
    /// `POST /api/v1/custody/book-in`; the same `idempotency_key` sent twice books in once.
    pub async fn book_in(&self, request: &BookIn, idempotency_key: Option<&str>) -> Result<Event, ClientError> {
        let mut builder = self.request(Method::POST, &["custody", "book-in"]).json(request);
        if let Some(key) = idempotency_key {
            builder = builder.header("Idempotency-Key", key);
        }
        Self::send(builder).await
    }

    /// `GET /api/v1/custody/board`: every open record (of one suite) with its
    /// status and the detainee's name and warning markers, in one reply.
    pub async fn custody_board(&self, suite: Option<&str>, reason: Option<&str>) -> Result<Board, ClientError> {
        let query = BoardQuery { suite: suite.map(str::to_string), reason: reason.map(str::to_string) };
        self.get(&["custody", "board"], &query).await
    }

    /// `GET /api/v1/custody/{id}/status`: what is due and overdue now.
    pub async fn custody_status(&self, id: &str, reason: Option<&str>) -> Result<CustodyStatus, ClientError> {
        self.get(&["custody", id, "status"], &ReasonQuery { reason: reason.map(str::to_string) }).await
    }

    /// One custody action, based on the record's `version`.
    pub async fn custody_action(&self, id: &str, version: i64, action: &CustodyAction) -> Result<Event, ClientError> {
        self.act(id, version, &LifecycleAction::Custody(action.clone())).await
    }
}
