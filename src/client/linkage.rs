//! Linkage: why a person's records belong together, the review queue
//! (accept, reject), split, and what came from where.

use reqwest::{Method, RequestBuilder};

use super::{Client, ClientError};
use crate::api::linkage::{
    ReviewCount, ReviewPair, ReviewQuery, SourcesPage, SourcesQuery, SplitReply, SplitRequest, WhyReply,
};
use crate::api::{Person, ReasonQuery};

impl Client {
    /// Sends a request whose success has no body.
    async fn send_empty(builder: RequestBuilder) -> Result<(), ClientError> {
        let reply = builder.timeout(super::REQUEST_TIMEOUT).send().await?;
        let status = reply.status();
        if status.is_success() {
            return Ok(());
        }
        let body = reply.bytes().await?;
        Err(ClientError::from_reply(status, &body))
    }

    /// The imported records of a person and the evidence for each; the
    /// reason is recorded in the audit log.
    pub async fn why(&self, person_id: &str, reason: &str) -> Result<WhyReply, ClientError> {
        self.get(&["persons", person_id, "why"], &ReasonQuery::new(reason)).await
    }

    /// Open possible matches, highest score first, with both sides and the evidence.
    pub async fn review_queue(&self, limit: Option<usize>) -> Result<Vec<ReviewPair>, ClientError> {
        self.get(&["review"], &ReviewQuery { reason: None, limit }).await
    }

    /// How many possible matches are open in all.
    pub async fn review_count(&self) -> Result<usize, ClientError> {
        let count: ReviewCount = self.get(&["review", "count"], &()).await?;
        Ok(count.open)
    }

    /// Merges the row into its candidate; returns the candidate as merged.
    pub async fn accept_review(&self, source: &str, reference: &str, reason: &str) -> Result<Person, ClientError> {
        let body = SplitRequest { reason: reason.to_string() };
        Self::send(self.request(Method::POST, &["review", source, reference, "accept"]).json(&body)).await
    }

    /// Keeps the row and its candidate apart.
    pub async fn reject_review(&self, source: &str, reference: &str, reason: &str) -> Result<(), ClientError> {
        let body = SplitRequest { reason: reason.to_string() };
        Self::send_empty(self.request(Method::POST, &["review", source, reference, "reject"]).json(&body)).await
    }

    /// Takes a merged row back out of its person.
    pub async fn split(&self, source: &str, reference: &str, reason: &str) -> Result<SplitReply, ClientError> {
        let body = SplitRequest { reason: reason.to_string() };
        Self::send(self.request(Method::POST, &["imports", source, reference, "split"]).json(&body)).await
    }

    /// One page of imported rows, of one source or all.
    pub async fn sources(
        &self,
        source: Option<&str>,
        after: Option<&str>,
        limit: usize,
    ) -> Result<SourcesPage, ClientError> {
        let query = SourcesQuery {
            source: source.map(str::to_string),
            after: after.map(str::to_string),
            limit: Some(limit),
            reason: None,
        };
        self.get(&["imports"], &query).await
    }
}
