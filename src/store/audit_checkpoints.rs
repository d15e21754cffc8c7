//! Signed checkpoints of the audit chain, as the database keeps them (the
//! same checkpoints go to a log file beside the signing key, outside the
//! database: `audit_files`).

use std::path::Path;

use chrono::Utc;
use ed25519_dalek::SigningKey;
use sqlx::Row;

use super::codec::{parse_time, time};
use super::{audit_files, Result, Store};
use crate::domain::audit_checkpoint::{key_id, Checkpoint};

impl Store {
    /// Signs for the head of the chain with `key`, keeps the checkpoint in
    /// the database and then appends it to the log at `log` (a checkpoint
    /// in the log is always in the database too). `None` when the log is
    /// empty or this key already signed for the head.
    pub async fn checkpoint_head(&self, key: &SigningKey, log: &Path) -> Result<Option<Checkpoint>> {
        let Some((seq, hash)) = self.audit_head().await? else { return Ok(None) };
        let signed: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM audit_checkpoints WHERE key_id = $1")
            .bind(key_id(&key.verifying_key()))
            .fetch_one(&self.pool)
            .await?;
        if signed.is_some_and(|s| s >= seq) {
            return Ok(None);
        }
        let cp = Checkpoint::sign(key, seq, &hash, Utc::now());
        if !self.add_checkpoint(&cp).await? {
            return Ok(None);
        }
        audit_files::log_checkpoint(log, &cp)?;
        Ok(Some(cp))
    }

    /// Keeps a checkpoint; `false` when the same key already signed for
    /// that entry (another server got there first).
    pub async fn add_checkpoint(&self, cp: &Checkpoint) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO audit_checkpoints (seq, hash, at, key_id, public_key, signature) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        )
        .bind(cp.seq)
        .bind(&cp.hash)
        .bind(time(cp.at))
        .bind(&cp.key_id)
        .bind(&cp.public_key)
        .bind(&cp.signature)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Every checkpoint, oldest entry first.
    pub async fn audit_checkpoints(&self) -> Result<Vec<Checkpoint>> {
        let rows = sqlx::query(
            "SELECT seq, hash, at, key_id, public_key, signature FROM audit_checkpoints ORDER BY seq, key_id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Checkpoint {
                    seq: r.try_get("seq")?,
                    hash: r.try_get("hash")?,
                    at: parse_time(&r.try_get::<String, _>("at")?)?,
                    key_id: r.try_get("key_id")?,
                    public_key: r.try_get("public_key")?,
                    signature: r.try_get("signature")?,
                })
            })
            .collect()
    }

    /// The newest entry any key signed for.
    pub async fn last_checkpoint_seq(&self) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar("SELECT MAX(seq) FROM audit_checkpoints").fetch_one(&self.pool).await?)
    }
}
