//! Appending to the audit log: each entry chained to the one before it
//! (`domain::audit_chain`). Appends are serialised so that every entry
//! follows the head it read: on SQLite by the store's write lock (writes
//! already queue there), on PostgreSQL by an advisory lock held to commit.

use super::bulk::{insert_rows, Cell};
use super::codec::time;
use super::write::{Actor, WriteTx};
use super::{Backend, Result, Store, StoreError};
use crate::domain::audit_chain::{field_digest, from_hex, to_hex, Digest, Linked, GENESIS, SALT_LEN};

/// One entry to append.
#[derive(Debug, Clone, Copy)]
pub struct AuditLine<'a> {
    pub username: &'a str,
    pub action: &'a str,
    pub record_kind: &'a str,
    pub record_id: &'a str,
    pub reason: &'a str,
    pub detail: &'a str,
}

impl<'a> AuditLine<'a> {
    /// An entry by `actor`, with the reason they gave.
    pub fn by(actor: &'a Actor, action: &'a str, record_kind: &'a str, record_id: &'a str, detail: &'a str) -> Self {
        AuditLine { username: &actor.username, action, record_kind, record_id, reason: &actor.reason, detail }
    }
}

/// Held by the transaction that appends, until it commits.
const AUDIT_ORDER_LOCK: i64 = 7285005;

pub(super) const INSERT_HEAD: &str = "INSERT INTO audit (seq, at, username, action, record_kind, record_id, reason, \
                                      detail, reason_salt, detail_salt, prev_hash, hash)";

/// An entry waiting for its transaction's commit.
#[derive(Debug)]
pub(super) struct PendingAudit {
    username: String,
    action: String,
    record_kind: String,
    record_id: String,
    reason: String,
    detail: String,
    /// The records the entry showed, each kept in `audit_subjects`.
    subjects: Vec<String>,
}

impl PendingAudit {
    fn line(&self) -> AuditLine<'_> {
        AuditLine {
            username: &self.username,
            action: &self.action,
            record_kind: &self.record_kind,
            record_id: &self.record_id,
            reason: &self.reason,
            detail: &self.detail,
        }
    }
}

impl WriteTx<'_> {
    /// Adds `lines` to the audit at commit, after anything appended before.
    pub fn queue_audit(&mut self, lines: &[AuditLine<'_>]) {
        for line in lines {
            self.queue_audit_about(line, &[]);
        }
    }

    /// Adds one entry that showed `subjects` (a search's hits): one chained
    /// entry, and a row per subject for finding it by any of them.
    pub fn queue_audit_about(&mut self, l: &AuditLine<'_>, subjects: &[&str]) {
        self.pending_audit.push(PendingAudit {
            username: l.username.to_string(),
            action: l.action.to_string(),
            record_kind: l.record_kind.to_string(),
            record_id: l.record_id.to_string(),
            reason: l.reason.to_string(),
            detail: l.detail.to_string(),
            subjects: subjects.iter().map(|s| s.to_string()).collect(),
        });
    }

    /// Appends what is queued.
    pub(super) async fn flush_audit(&mut self) -> Result<()> {
        let pending = std::mem::take(&mut self.pending_audit);
        if pending.is_empty() {
            return Ok(());
        }
        let lines: Vec<AuditLine> = pending.iter().map(PendingAudit::line).collect();
        let last = self.append_now(&lines).await?;
        let first = last - pending.len() as i64 + 1;
        let rows: Vec<Vec<Cell>> = pending
            .iter()
            .zip(first..)
            .flat_map(|(p, seq)| {
                let mut ids: Vec<&String> = p.subjects.iter().collect();
                ids.sort_unstable();
                ids.dedup();
                ids.into_iter().map(move |id| vec![Cell::Text(id.clone()), Cell::Int(seq)])
            })
            .collect();
        if !rows.is_empty() {
            insert_rows(self, "INSERT INTO audit_subjects (record_id, seq)", 2, rows).await?;
        }
        Ok(())
    }

    /// Appends `lines` now, after anything queued, and returns the sequence
    /// number of the last (for an entry others must name). Nothing may be
    /// added to the change log after it in this transaction.
    pub async fn append_audit(&mut self, lines: &[AuditLine<'_>]) -> Result<i64> {
        self.flush_audit().await?;
        self.append_now(lines).await
    }

    async fn append_now(&mut self, lines: &[AuditLine<'_>]) -> Result<i64> {
        let (mut seq, mut prev) = self.audit_head().await?;
        let at = time(self.now);
        let mut rows = Vec::with_capacity(lines.len());
        for line in lines {
            seq += 1;
            let reason_salt: [u8; SALT_LEN] = rand::random();
            let detail_salt: [u8; SALT_LEN] = rand::random();
            let hash = Linked {
                seq,
                at: &at,
                username: line.username,
                action: line.action,
                record_kind: line.record_kind,
                record_id: line.record_id,
                reason: field_digest(&reason_salt, line.reason),
                detail: field_digest(&detail_salt, line.detail),
            }
            .hash(&prev);
            rows.push(vec![
                Cell::Int(seq),
                Cell::Text(at.clone()),
                Cell::Text(line.username.to_string()),
                Cell::Text(line.action.to_string()),
                Cell::Text(line.record_kind.to_string()),
                Cell::Text(line.record_id.to_string()),
                Cell::Text(line.reason.to_string()),
                Cell::Text(line.detail.to_string()),
                Cell::Text(to_hex(&reason_salt)),
                Cell::Text(to_hex(&detail_salt)),
                Cell::Text(to_hex(&prev)),
                Cell::Text(to_hex(&hash)),
            ]);
            prev = hash;
        }
        insert_rows(self, INSERT_HEAD, 12, rows).await?;
        self.audit_head = Some((seq, prev));
        Ok(seq)
    }

    /// Takes the audit's append order until commit (PostgreSQL; SQLite's
    /// writes are in order already), after the change log's.
    async fn claim_audit_order(&mut self) -> Result<()> {
        if self.backend() == Backend::Postgres && !self.audit_ordered {
            sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(AUDIT_ORDER_LOCK).execute(&mut *self.tx).await?;
        }
        self.audit_ordered = true;
        Ok(())
    }

    /// The last entry's sequence number and hash, read once per transaction
    /// after taking the append order.
    async fn audit_head(&mut self) -> Result<(i64, Digest)> {
        if let Some(head) = self.audit_head {
            return Ok(head);
        }
        self.claim_audit_order().await?;
        let row: Option<(i64, Option<String>)> =
            sqlx::query_as("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
                .fetch_optional(&mut *self.tx)
                .await?;
        let head = match row {
            None => (0, GENESIS),
            Some((seq, hash)) => {
                let hash = hash.as_deref().and_then(from_hex).ok_or_else(|| {
                    StoreError::corrupt(format!(
                        "audit entry {seq} carries no chain hash: it was written around the store; run bluelamp \
                         admin audit verify"
                    ))
                })?;
                (seq, hash)
            }
        };
        self.audit_head = Some(head);
        Ok(head)
    }
}

impl Store {
    /// Appends many entries in one transaction (a benchmark's fill, an
    /// offline tool's batch).
    pub async fn append_audit(&self, lines: &[AuditLine<'_>]) -> Result<i64> {
        let mut w = self.begin_write().await?;
        let last = w.append_audit(lines).await?;
        w.commit().await?;
        Ok(last)
    }

    /// The last entry's sequence number and hash.
    pub async fn audit_head(&self) -> Result<Option<(i64, String)>> {
        let row: Option<(i64, Option<String>)> =
            sqlx::query_as("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetch_optional(&self.pool).await?;
        Ok(row.map(|(seq, hash)| (seq, hash.unwrap_or_default())))
    }
}
