//! Idempotency keys: a write sent again under the same key happens once.
//! The key is claimed first thing in the write's transaction, by inserting
//! its row; a second writer with the same key waits on the first one's row
//! (the primary key) until that commits, then finds it taken and answers
//! with the record the first one made. So fifty retries at once make one
//! record on PostgreSQL as on SQLite (where writes queue anyway). A key is
//! for one request: the row keeps a fingerprint of the request, and the
//! same key with another request is refused.

use super::codec::time;
use super::write::{Actor, WriteTx};
use super::{Result, Store};
use crate::domain::FieldError;

/// The key a write came with, and a fingerprint of the request it came in
/// (None for keys the server makes itself, which carry no request).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey {
    pub key: String,
    pub request: Option<String>,
}

impl From<&str> for IdempotencyKey {
    /// A key the server makes itself, with no request to compare.
    fn from(key: &str) -> Self {
        Self { key: key.to_string(), request: None }
    }
}

/// What claiming a key found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The key is this write's: go on and make the record.
    Fresh,
    /// An earlier write under the key made this record.
    Made(String),
}

/// What an earlier write under a key left: the kind and id of the record it
/// made, and the fingerprint of its request.
type Found = (String, String, Option<String>);

impl Store {
    /// The `kind` of record an earlier write by `username` under `key` made,
    /// if any: a retry is answered with the first result before anything is
    /// checked again. Refused as [`WriteTx::claim`] refuses.
    pub(super) async fn made_under_key(
        &self,
        username: &str,
        key: &IdempotencyKey,
        kind: &str,
    ) -> Result<Option<String>> {
        let found: Option<Found> = sqlx::query_as(
            "SELECT record_kind, record_id, request_hash FROM idempotency WHERE username = $1 AND key = $2",
        )
        .bind(username)
        .bind(&key.key)
        .fetch_optional(&self.pool)
        .await?;
        found.map(|found| made_by(found, key, kind)).transpose()
    }
}

impl WriteTx<'_> {
    /// Claims `key` for the `kind` of record about to be made under `id`,
    /// or finds the record an earlier write under it made. Waits for a
    /// write holding the same key to finish first. A key that made another
    /// kind of record, or came with another request, is refused.
    pub async fn claim(&mut self, actor: &Actor, key: Option<&IdempotencyKey>, kind: &str, id: &str) -> Result<Claim> {
        let Some(key) = key else { return Ok(Claim::Fresh) };
        let inserted = sqlx::query(
            "INSERT INTO idempotency (username, key, record_kind, record_id, request_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (username, key) DO NOTHING",
        )
        .bind(&actor.username)
        .bind(&key.key)
        .bind(kind)
        .bind(id)
        .bind(&key.request)
        .bind(time(self.now))
        .execute(&mut *self.tx)
        .await?;
        if inserted.rows_affected() == 1 {
            return Ok(Claim::Fresh);
        }
        let found: Found = sqlx::query_as(
            "SELECT record_kind, record_id, request_hash FROM idempotency WHERE username = $1 AND key = $2",
        )
        .bind(&actor.username)
        .bind(&key.key)
        .fetch_one(&mut *self.tx)
        .await?;
        made_by(found, key, kind).map(Claim::Made)
    }
}

/// The record an earlier write under `key` made, if it is the same request
/// for the same kind of record. A fingerprint missing on either side (a key
/// kept from before fingerprints, or one the server made) is not compared.
fn made_by((made, id, request): Found, key: &IdempotencyKey, kind: &str) -> Result<String> {
    if made != kind {
        return Err(FieldError::new(
            "Idempotency-Key",
            format!("was used for another request (it made a {made}); send a new key with a new request"),
        )
        .into());
    }
    if let (Some(before), Some(now)) = (&request, &key.request) {
        if before != now {
            return Err(FieldError::new(
                "Idempotency-Key",
                "was used for a request with another body; send a new key with a new request",
            )
            .into());
        }
    }
    Ok(id)
}
