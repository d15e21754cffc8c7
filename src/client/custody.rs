//! The custody suite's endpoints: booking in, the board, one record's PACE
//! status, and typed custody actions.

use reqwest::Method;

use super::{Client, ClientError, LifecycleAction, REQUEST_TIMEOUT};
use crate::api::custody::{Board, BoardQuery, MatchCandidate, PossibleMatch};
use crate::api::{BookIn, CustodyAction, CustodyStatus, Event, ReasonQuery};

/// What a booking in came to: the record opened, or the people on record
/// the new person closely matches, to be checked before booking again.
#[derive(Debug, Clone)]
pub enum Booking {
    In(Box<Event>),
    PossibleMatch(Vec<MatchCandidate>),
}

impl Client {
    /// `POST /api/v1/custody/book-in`; the same `idempotency_key` sent twice books in once.
    pub async fn book_in(&self, request: &BookIn, idempotency_key: Option<&str>) -> Result<Event, ClientError> {
        let mut builder = self.request(Method::POST, &["custody", "book-in"]).json(request);
        if let Some(key) = idempotency_key {
            builder = builder.header("Idempotency-Key", key);
        }
        Self::send(builder).await
    }

    /// `POST /api/v1/custody/book-in`, with a possible match told apart
    /// from other refusals and its candidates kept (the console shows them).
    pub async fn book_in_checked(&self, request: &BookIn) -> Result<Booking, ClientError> {
        let builder = self.request(Method::POST, &["custody", "book-in"]).json(request);
        let reply = builder.timeout(REQUEST_TIMEOUT).send().await?;
        let status = reply.status();
        let body = reply.bytes().await?;
        if status.is_success() {
            let event = serde_json::from_slice(&body).map_err(|e| ClientError::Decode(e.to_string()))?;
            return Ok(Booking::In(Box::new(event)));
        }
        match serde_json::from_slice::<PossibleMatch>(&body) {
            Ok(found) if found.error.code == "possible_match" => Ok(Booking::PossibleMatch(found.candidates)),
            _ => Err(ClientError::from_reply(status, &body)),
        }
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
