//! Appending to the audit log: each entry chained to the one before it
//! (`domain::audit_chain`). Appends are serialised so that every entry
//! follows the head it read: on SQLite by the store's write lock (writes
//! already queue there), on PostgreSQL by an advisory lock held to commit.
//!
//! On SQLite this process remembers the head it last wrote ([`KnownHead`])
//! instead of reading it back, and entries go in through `audit_appends`,
//! whose trigger refuses one not chained to the stored head (another
//! process wrote since: the head is read again) and files its subjects.

use std::sync::Mutex;

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

/// SQLite: the same columns and the subjects, as a JSON array.
pub(super) const APPEND_HEAD: &str = "INSERT INTO audit_appends (seq, at, username, action, record_kind, record_id, \
                                      reason, detail, reason_salt, detail_salt, prev_hash, hash, subjects)";

/// What `audit_appends` says when an entry does not follow the stored head.
pub(super) const HEAD_MOVED: &str = "the audit head moved";

/// SQLite: the chain head as this process last wrote it, while it is known.
#[derive(Debug, Default)]
pub(super) struct KnownHead(Mutex<Option<(i64, Digest)>>);

impl KnownHead {
    pub(super) fn get(&self) -> Option<(i64, Digest)> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `None` after anything went wrong: the next append reads the head.
    pub(super) fn set(&self, head: Option<(i64, Digest)>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = head;
    }
}

/// Whether an append was refused for not following the stored head.
pub(super) fn head_moved(e: &StoreError) -> bool {
    matches!(e, StoreError::Database(sqlx::Error::Database(db)) if db.message().contains(HEAD_MOVED))
}

/// An entry waiting for its transaction's commit.
#[derive(Debug, Clone)]
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
    pub(super) fn new(l: &AuditLine<'_>, subjects: &[&str]) -> Self {
        let mut subjects: Vec<String> = subjects.iter().map(|s| s.to_string()).collect();
        subjects.sort_unstable();
        subjects.dedup();
        PendingAudit {
            username: l.username.to_string(),
            action: l.action.to_string(),
            record_kind: l.record_kind.to_string(),
            record_id: l.record_id.to_string(),
            reason: l.reason.to_string(),
            detail: l.detail.to_string(),
            subjects,
        }
    }

    pub(super) fn line(&self) -> AuditLine<'_> {
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
        self.pending_audit.push(PendingAudit::new(l, subjects));
    }

    /// Appends what is queued.
    pub(super) async fn flush_audit(&mut self) -> Result<()> {
        let pending = std::mem::take(&mut self.pending_audit);
        if !pending.is_empty() {
            self.append_now(&pending).await?;
        }
        Ok(())
    }

    /// Appends `lines` now, after anything queued, and returns the sequence
    /// number of the last (for an entry others must name). Nothing may be
    /// added to the change log after it in this transaction.
    pub async fn append_audit(&mut self, lines: &[AuditLine<'_>]) -> Result<i64> {
        self.flush_audit().await?;
        let entries: Vec<PendingAudit> = lines.iter().map(|l| PendingAudit::new(l, &[])).collect();
        self.append_now(&entries).await
    }

    async fn append_now(&mut self, entries: &[PendingAudit]) -> Result<i64> {
        let at = time(self.now);
        let mut attempt = 0;
        loop {
            let head = self.audit_head().await?;
            let (rows, last) = chain_rows(self.backend(), head, &at, entries);
            let written = match self.backend() {
                Backend::Sqlite => insert_rows(self, APPEND_HEAD, 13, rows).await,
                Backend::Postgres => self.insert_with_subjects(rows, entries, head.0 + 1).await,
            };
            match written {
                Err(e) if head_moved(&e) && attempt < 2 => {
                    attempt += 1;
                    self.audit_head = None;
                    self.forget_known_head();
                }
                Err(e) => return Err(e),
                Ok(()) => {
                    self.audit_head = Some(last);
                    return Ok(last.0);
                }
            }
        }
    }

    /// PostgreSQL: the entries, then a row for each record each showed.
    async fn insert_with_subjects(&mut self, rows: Vec<Vec<Cell>>, entries: &[PendingAudit], first: i64) -> Result<()> {
        insert_rows(self, INSERT_HEAD, 12, rows).await?;
        let shown: Vec<Vec<Cell>> = entries
            .iter()
            .zip(first..)
            .flat_map(|(p, seq)| p.subjects.iter().map(move |id| vec![Cell::Text(id.clone()), Cell::Int(seq)]))
            .collect();
        if !shown.is_empty() {
            insert_rows(self, "INSERT INTO audit_subjects (record_id, seq)", 2, shown).await?;
        }
        Ok(())
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

    /// SQLite: the head this process last wrote, when known.
    fn known_head(&self) -> Option<(i64, Digest)> {
        (self.backend() == Backend::Sqlite).then(|| self.store.known_head.get()).flatten()
    }

    fn forget_known_head(&self) {
        self.store.known_head.set(None);
    }

    /// The last entry's sequence number and hash, read once per transaction
    /// after taking the append order (on SQLite, known from the last append
    /// when this process made it).
    async fn audit_head(&mut self) -> Result<(i64, Digest)> {
        if let Some(head) = self.audit_head {
            return Ok(head);
        }
        self.claim_audit_order().await?;
        let head = match self.known_head() {
            Some(head) => head,
            None => read_head(&mut *self.tx).await?,
        };
        self.audit_head = Some(head);
        Ok(head)
    }
}

/// `entries` chained after `head`, as rows for the backend's insert
/// ([`INSERT_HEAD`], or [`APPEND_HEAD`] on SQLite), and the new head.
pub(super) fn chain_rows(
    backend: Backend,
    (mut seq, mut prev): (i64, Digest),
    at: &str,
    entries: &[PendingAudit],
) -> (Vec<Vec<Cell>>, (i64, Digest)) {
    let mut rows = Vec::with_capacity(entries.len());
    for entry in entries {
        let line = entry.line();
        seq += 1;
        let reason_salt: [u8; SALT_LEN] = rand::random();
        let detail_salt: [u8; SALT_LEN] = rand::random();
        let hash = Linked {
            seq,
            at,
            username: line.username,
            action: line.action,
            record_kind: line.record_kind,
            record_id: line.record_id,
            reason: field_digest(&reason_salt, line.reason),
            detail: field_digest(&detail_salt, line.detail),
        }
        .hash(&prev);
        let mut row = vec![
            Cell::Int(seq),
            Cell::Text(at.to_string()),
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
        ];
        if backend == Backend::Sqlite {
            let shown = serde_json::to_string(&entry.subjects).unwrap_or_else(|_| "[]".into());
            row.push(Cell::Text(shown));
        }
        rows.push(row);
        prev = hash;
    }
    (rows, (seq, prev))
}

/// The last entry's sequence number and hash ([`GENESIS`] before the first).
pub(super) async fn read_head<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(e: E) -> Result<(i64, Digest)> {
    let row: Option<(i64, Option<String>)> =
        sqlx::query_as("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetch_optional(e).await?;
    match row {
        None => Ok((0, GENESIS)),
        Some((seq, hash)) => hash.as_deref().and_then(from_hex).map(|h| (seq, h)).ok_or_else(|| {
            StoreError::corrupt(format!(
                "audit entry {seq} carries no chain hash: it was written around the store; run bluelamp admin \
                 audit verify"
            ))
        }),
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
