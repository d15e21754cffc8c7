//! A write transaction: the data, its audit entry and its change-log entry
//! commit together or not at all.

use chrono::{DateTime, Utc};
use sqlx::{Any, Transaction};
use tokio::sync::MutexGuard;

use super::audit_chain::{AuditLine, PendingAudit};
use super::codec::{time, to_json};
use super::{Backend, Result, Store, StoreError};

/// Who is writing and why: every write is attributed and justified.
#[derive(Debug, Clone)]
pub struct Actor {
    pub username: String,
    pub reason: String,
}

impl Actor {
    pub fn new(username: impl Into<String>, reason: impl Into<String>) -> Self {
        Self { username: username.into(), reason: reason.into() }
    }
}

pub struct WriteTx<'s> {
    pub tx: Transaction<'static, Any>,
    pub(super) store: &'s Store,
    _serial: Option<MutexGuard<'s, ()>>,
    wrote_change: bool,
    /// The audit chain's head once this transaction has read it.
    pub(super) audit_head: Option<(i64, crate::domain::audit_chain::Digest)>,
    /// Whether this transaction has appended to the audit (and, on
    /// PostgreSQL, holds its append order).
    pub(super) audit_ordered: bool,
    /// Entries to append at commit (see [`WriteTx::audit`]).
    pub(super) pending_audit: Vec<PendingAudit>,
    pub now: DateTime<Utc>,
}

impl Store {
    pub(crate) async fn begin_write(&self) -> Result<WriteTx<'_>> {
        let serial = match self.backend {
            Backend::Sqlite => Some(self.write_lock.lock().await),
            Backend::Postgres => None,
        };
        let tx = self.writer.begin().await?;
        Ok(WriteTx {
            tx,
            store: self,
            _serial: serial,
            wrote_change: false,
            audit_head: None,
            audit_ordered: false,
            pending_audit: Vec::new(),
            now: Utc::now(),
        })
    }
}

impl WriteTx<'_> {
    pub fn backend(&self) -> Backend {
        self.store.backend
    }

    /// Adds one entry to the audit log, chained to the one before, when the
    /// transaction commits: the audit's append order is then held only from
    /// there to the commit, after the change log's (PostgreSQL), so a read's
    /// entry never waits behind a long write, and two writers never take
    /// the two orders the other way round.
    pub async fn audit(&mut self, actor: &Actor, action: &str, kind: &str, id: &str, detail: &str) -> Result<()> {
        self.queue_audit(&[AuditLine::by(actor, action, kind, id, detail)]);
        Ok(())
    }

    /// Appends to the change log.
    pub async fn change(&mut self, topic: &str, op: &str, id: &str, version: i64, person_ids: &[String]) -> Result<()> {
        self.change_for(None, topic, op, id, version, person_ids).await
    }

    /// Appends to the change log a change only `private_to` may hear of
    /// when given (a change to their intelligence draft).
    pub async fn change_for(
        &mut self,
        private_to: Option<&str>,
        topic: &str,
        op: &str,
        id: &str,
        version: i64,
        person_ids: &[String],
    ) -> Result<()> {
        self.claim_change_order().await?;
        sqlx::query(
            "INSERT INTO changes (at, topic, op, record_id, version, person_ids, private_to) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(time(self.now))
        .bind(topic)
        .bind(op)
        .bind(id)
        .bind(version)
        .bind(to_json(&person_ids)?)
        .bind(private_to)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Called before the first change-log row of a transaction. On
    /// PostgreSQL an advisory lock held to commit keeps sequence numbers
    /// committing in order, so a reader that follows "seq > last seen" never
    /// skips a slower transaction; the notification wakes every server.
    pub async fn claim_change_order(&mut self) -> Result<()> {
        if self.wrote_change {
            return Ok(());
        }
        if self.audit_ordered {
            // The change log's order is always taken before the audit's.
            return Err(StoreError::Unavailable(
                "the change log was written after the audit was appended in one transaction".into(),
            ));
        }
        if self.store.backend == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock(7285004)").execute(&mut *self.tx).await?;
            sqlx::query("SELECT pg_notify($1, '')").bind(super::notify::CHANNEL).execute(&mut *self.tx).await?;
        }
        self.wrote_change = true;
        Ok(())
    }

    /// Takes the next value of a named counter (reference serials).
    pub async fn next_counter(&mut self, name: &str) -> Result<i64> {
        sqlx::query("INSERT INTO counters (name, value) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING")
            .bind(name)
            .execute(&mut *self.tx)
            .await?;
        let value: i64 = sqlx::query_scalar("UPDATE counters SET value = value + 1 WHERE name = $1 RETURNING value")
            .bind(name)
            .fetch_one(&mut *self.tx)
            .await?;
        Ok(value)
    }

    pub async fn commit(mut self) -> Result<()> {
        self.flush_audit().await?;
        let wrote = self.wrote_change;
        let committed = self.store.committed.clone();
        let (store, head) = (self.store, self.audit_head);
        let result = self.tx.commit().await;
        if store.backend == Backend::Sqlite && head.is_some() {
            store.known_head.set(head.filter(|_| result.is_ok()));
        }
        result?;
        if wrote {
            committed.send_modify(|n| *n = n.wrapping_add(1));
        }
        Ok(())
    }
}

impl Store {
    /// The current value of a named counter (0 when never taken).
    pub async fn counter(&self, name: &str) -> Result<i64> {
        let value: Option<i64> = sqlx::query_scalar("SELECT value FROM counters WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        Ok(value.unwrap_or(0))
    }
}
