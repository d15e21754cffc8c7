//! The audit log (Data Protection Act 2018 s.62): who, when, what, and why.
//! Append-only: the schema refuses updates and deletes.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::audit_chain::{AuditLine, PendingAudit};
use super::audit_subjects::with_digest;
use super::codec::{parse_time, time};
use super::write::Actor;
use super::{Result, Store};
use crate::domain::audit::AuditEntry;

/// A consultation or disclosure to log: reads commit their audit entry
/// before the data is handed over.
#[derive(Debug, Clone, Copy)]
pub struct AuditRecord<'a> {
    pub action: &'a str,
    pub record_kind: &'a str,
    pub record_id: &'a str,
    pub detail: &'a str,
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub username: Option<String>,
    pub record_id: Option<String>,
    /// Entries about this person or about a record naming them: who looked
    /// at them, and at which of their records.
    pub person_id: Option<String>,
    pub since: Option<DateTime<Utc>>,
    pub limit: usize,
}

impl Store {
    pub async fn record_access(&self, actor: &Actor, records: &[AuditRecord<'_>]) -> Result<()> {
        let entries = records
            .iter()
            .map(|r| PendingAudit::new(&AuditLine::by(actor, r.action, r.record_kind, r.record_id, r.detail), &[]))
            .collect();
        self.consult(entries).await
    }

    /// One consultation that showed many records (a search's hits): one
    /// entry, its detail ending with how many and their digest, findable by
    /// each of `subjects`.
    pub async fn record_consultation(&self, actor: &Actor, record: &AuditRecord<'_>, subjects: &[&str]) -> Result<()> {
        let detail = with_digest(record.detail, subjects);
        let line = AuditLine::by(actor, record.action, record.record_kind, record.record_id, &detail);
        self.consult(vec![PendingAudit::new(&line, subjects)]).await
    }

    /// Newest first.
    pub async fn audit_entries(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
        let mut sql = String::from(
            "SELECT seq, at, username, action, record_kind, record_id, reason, detail FROM audit WHERE 1 = 1",
        );
        let mut binds = Vec::new();
        if let Some(u) = &filter.username {
            binds.push(u.clone());
            sql.push_str(&format!(" AND username = ${}", binds.len()));
        }
        if let Some(r) = &filter.record_id {
            binds.push(r.clone());
            let n = binds.len();
            sql.push_str(&format!(" AND (record_id = ${n} OR {})", shown(n)));
        }
        if let Some(p) = &filter.person_id {
            binds.push(p.clone());
            let n = binds.len();
            sql.push_str(&format!(
                " AND (record_id = ${n} OR {} OR record_id IN (SELECT event_id FROM event_people WHERE person_id = ${n}))",
                shown(n)
            ));
        }
        if let Some(since) = filter.since {
            binds.push(time(since));
            sql.push_str(&format!(" AND at >= ${}", binds.len()));
        }
        sql.push_str(&format!(" ORDER BY seq DESC LIMIT {}", filter.limit.clamp(1, 10_000)));
        let mut query = sqlx::query(&sql);
        for b in &binds {
            query = query.bind(b);
        }
        let rows = query.fetch_all(&self.pool).await?;
        let mut entries: Vec<AuditEntry> = rows.iter().map(row_to_entry).collect::<Result<_>>()?;
        let seqs: Vec<i64> = entries.iter().map(|e| e.seq).collect();
        let mut shown = self.shown_by(&seqs).await?;
        for e in &mut entries {
            e.shown = shown.remove(&e.seq).unwrap_or_default();
        }
        Ok(entries)
    }

    /// Every entry about any of `ids`, oldest first, however many: the
    /// history a subject access export discloses.
    pub async fn audit_of_records(&self, ids: &[String]) -> Result<Vec<AuditEntry>> {
        let rows = self
            .rows_for_ids(
                "SELECT seq, at, username, action, record_kind, record_id, reason, detail FROM audit \
                 WHERE record_id IN ({ids}) OR seq IN (SELECT seq FROM audit_subjects WHERE record_id IN ({ids}))",
                ids,
            )
            .await?;
        let mut entries: Vec<AuditEntry> = rows.iter().map(row_to_entry).collect::<Result<_>>()?;
        entries.sort_by_key(|e| e.seq);
        // An entry that showed ids of two batches comes back twice.
        entries.dedup_by_key(|e| e.seq);
        Ok(entries)
    }
}

/// The entries that showed the record bound as `$n` among others.
fn shown(n: usize) -> String {
    format!("seq IN (SELECT seq FROM audit_subjects WHERE record_id = ${n})")
}

fn row_to_entry(row: &sqlx::any::AnyRow) -> Result<AuditEntry> {
    Ok(AuditEntry {
        seq: row.try_get("seq")?,
        at: parse_time(&row.try_get::<String, _>("at")?)?,
        username: row.try_get("username")?,
        action: row.try_get("action")?,
        record_kind: row.try_get("record_kind")?,
        record_id: row.try_get("record_id")?,
        reason: row.try_get("reason")?,
        detail: row.try_get("detail")?,
        shown: Vec::new(),
    })
}
