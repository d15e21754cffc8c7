//! Erasing a person: every copy goes — the record, their links, their place
//! on events, the source rows they were imported from with their event rows
//! and review items, their idempotency keys — and what names them in text
//! that stays (event narratives, other rows' linkage evidence, other
//! persons' descriptions, audit reasons and searches) is replaced by a
//! marker, the audit's through its one redaction path. One audit entry says
//! who erased them and why; the erasure log (ids and times only, in the
//! database and in a file outside it) lets a restore erase them again.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::Row;

use super::audit_chain::AuditLine;
use super::codec::{from_json, time, to_json};
use super::outside_files::{append_line, read_lines};
use super::persons::replace_person;
use super::write::{Actor, WriteTx};
use super::{Backend, Result, Store, StoreError};
use crate::domain::audit_chain::{field_digest, ERASED};
use crate::domain::erasure::{Reach, Redactor};
use crate::domain::event::Event;
use crate::domain::person::{Person, PersonDetails};

/// What an erasure removed and redacted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ErasureReport {
    /// Events the person was taken off.
    pub events: usize,
    /// Events whose text named them, theirs or others'.
    pub events_redacted: usize,
    /// Imported source rows deleted, with their review items and event rows.
    pub source_rows: usize,
    /// Other imported rows whose linkage evidence named them.
    pub evidence_redacted: usize,
    /// Other persons whose description named them.
    pub persons_redacted: usize,
    /// Audit reasons and details redacted.
    pub audit_fields: usize,
    /// Places made only from their address, with nothing else linked.
    pub places_removed: usize,
    /// Phones known only through them, deleted.
    pub phones: usize,
    /// The erasure's own audit entry.
    pub audit_seq: i64,
}

/// One line of the erasure log: who was erased and when, nothing more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureRecord {
    pub person_id: String,
    pub erased_at: DateTime<Utc>,
    pub audit_seq: i64,
}

/// The erasures of an erasure log file (none when there is no file).
pub fn read_erasure_log(path: &Path) -> Result<Vec<ErasureRecord>> {
    read_lines(path)
}

/// A field of an audit entry that may be redacted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AuditField {
    Reason,
    Detail,
}

impl AuditField {
    fn column(self) -> &'static str {
        match self {
            AuditField::Reason => "reason",
            AuditField::Detail => "detail",
        }
    }
}

/// Audit entries read at a time while looking for the person.
const AUDIT_PAGE: i64 = 50_000;

impl Store {
    /// Erases a person everywhere (see the module). `log`, when given, is
    /// the erasure log outside the database; its line is written before the
    /// erasure commits, so a logged erasure may be one that then failed
    /// (a replay erases that person, as was asked), never the reverse.
    pub async fn erase_person(&self, actor: &Actor, id: &str, log: Option<&Path>) -> Result<ErasureReport> {
        let person = self.person(id).await?;
        let redactor = Redactor::for_person(&person.details);
        // The long read first, outside the write lock; entries added since
        // are read again inside it.
        let scanned_to = self.audit_head().await?.map_or(0, |(seq, _)| seq);
        let mut audit = self.audit_naming(&redactor, 0, scanned_to).await?;

        let mut w = self.begin_write().await?;
        super::persons::current_person(&mut w, id).await?;
        let mut report = ErasureReport::default();
        w.erase_from_events(id, &redactor, &mut report).await?;
        w.erase_source_rows(id, &redactor, &mut report).await?;
        w.redact_other_persons(id, &redactor, &mut report).await?;
        report.places_removed = w.erase_from_places(id, &redactor).await?;
        let objects = w.objects_linked_to(id).await?;
        sqlx::query("DELETE FROM links WHERE person_id = $1 OR (target = 'person' AND target_id = $1)")
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        report.phones = w.erase_orphaned_phones(&objects).await?;
        sqlx::query("DELETE FROM idempotency WHERE record_kind = 'person' AND record_id = $1")
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        sqlx::query("DELETE FROM persons WHERE id = $1").bind(id).execute(&mut *w.tx).await?;

        audit.extend(w.audit_naming_since(&redactor, scanned_to).await?);
        report.audit_fields = audit.len();
        let reason = redactor.redact(&actor.reason, Reach::Audit).unwrap_or_else(|| actor.reason.clone());
        let detail = format!(
            "person erased: taken off {} events, {} source rows deleted, text naming them redacted in {} events, {} \
             linkage records, {} persons and {} audit fields",
            report.events,
            report.source_rows,
            report.events_redacted,
            report.evidence_redacted,
            report.persons_redacted,
            report.audit_fields
        );
        let line = AuditLine {
            username: &actor.username,
            action: "erasure",
            record_kind: "person",
            record_id: id,
            reason: &reason,
            detail: &detail,
        };
        // The change log before the audit, as in every transaction.
        w.change("persons", "erased", id, 0, &[id.to_string()]).await?;
        report.audit_seq = w.append_audit(&[line]).await?;
        for (seq, field) in audit {
            w.redact_audit(seq, field, report.audit_seq).await?;
        }
        let record = ErasureRecord { person_id: id.to_string(), erased_at: w.now, audit_seq: report.audit_seq };
        w.record_erasure(&record).await?;
        if let Some(log) = log {
            append_line(log, &record)?;
        }
        w.commit().await?;
        self.flush_log().await?;
        Ok(report)
    }

    /// The erasures this database has made (or replayed).
    pub async fn erasures(&self) -> Result<Vec<ErasureRecord>> {
        let rows = sqlx::query("SELECT person_id, erased_at, audit_seq FROM erasures ORDER BY audit_seq")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(ErasureRecord {
                    person_id: r.try_get("person_id")?,
                    erased_at: super::codec::parse_time(&r.try_get::<String, _>("erased_at")?)?,
                    audit_seq: r.try_get("audit_seq")?,
                })
            })
            .collect()
    }

    /// Erases again each of `records` this database has not: after a
    /// restore, the erasures made since the backup. A person the backup
    /// never had is recorded as erased all the same. Returns how many were
    /// replayed.
    pub async fn replay_erasures(&self, actor: &Actor, records: &[ErasureRecord], log: Option<&Path>) -> Result<usize> {
        let done: std::collections::HashSet<String> = self.erasures().await?.into_iter().map(|r| r.person_id).collect();
        let mut replayed = 0;
        let mut seen = std::collections::HashSet::new();
        for record in records {
            if done.contains(&record.person_id) || !seen.insert(record.person_id.clone()) {
                continue;
            }
            let why = Actor::new(
                actor.username.clone(),
                format!("{}: erased at {} (entry {})", actor.reason, time(record.erased_at), record.audit_seq),
            );
            match self.erase_person(&why, &record.person_id, log).await {
                Ok(_) => {}
                Err(StoreError::NotFound { .. }) => self.record_absent_erasure(&why, record).await?,
                Err(e) => return Err(e),
            }
            replayed += 1;
        }
        Ok(replayed)
    }

    /// Notes the erasure of a person this database never held.
    async fn record_absent_erasure(&self, actor: &Actor, record: &ErasureRecord) -> Result<()> {
        let mut w = self.begin_write().await?;
        let line = AuditLine {
            username: &actor.username,
            action: "erasure",
            record_kind: "person",
            record_id: &record.person_id,
            reason: &actor.reason,
            detail: "erasure replayed: nothing of the person is held here",
        };
        let seq = w.append_audit(&[line]).await?;
        w.record_erasure(&ErasureRecord { audit_seq: seq, ..record.clone() }).await?;
        w.commit().await
    }

    /// Audit entries in `(after, to]` whose reason or detail names the person.
    async fn audit_naming(&self, redactor: &Redactor, after: i64, to: i64) -> Result<Vec<(i64, AuditField)>> {
        let mut out = Vec::new();
        let mut after = after;
        while after < to {
            let rows =
                sqlx::query("SELECT seq, reason, detail FROM audit WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3")
                    .bind(after)
                    .bind(to)
                    .bind(AUDIT_PAGE)
                    .fetch_all(&self.pool)
                    .await?;
            let Some(last) = rows.last() else { break };
            after = last.try_get("seq")?;
            out.extend(naming(&rows, redactor)?);
        }
        Ok(out)
    }

    /// Pushes what an erasure overwrote out of SQLite's write-ahead log, so
    /// no earlier page image with the person in it stays on disk. A reader
    /// in the middle of a snapshot holds the log; it is tried again briefly.
    async fn flush_log(&self) -> Result<()> {
        if self.backend != Backend::Sqlite {
            return Ok(());
        }
        for _ in 0..100 {
            let row = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").fetch_one(&self.pool).await?;
            let busy: i64 = row.try_get(0)?;
            if busy == 0 {
                return Ok(());
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        tracing::warn!("the write-ahead log was busy; what the erasure overwrote leaves it at the next checkpoint");
        Ok(())
    }
}

/// The fields of these audit rows that name the person.
fn naming(rows: &[sqlx::any::AnyRow], redactor: &Redactor) -> Result<Vec<(i64, AuditField)>> {
    let mut out = Vec::new();
    for row in rows {
        let seq: i64 = row.try_get("seq")?;
        for field in [AuditField::Reason, AuditField::Detail] {
            let text: String = row.try_get(field.column())?;
            if redactor.redact(&text, Reach::Audit).is_some() {
                out.push((seq, field));
            }
        }
    }
    Ok(out)
}

/// `column LIKE` any of `needles`, case aside, as SQL with its binds from `$first`.
fn any_needle(column: &str, needles: &[String], first: usize) -> (String, Vec<String>) {
    let mut clauses = Vec::new();
    let mut binds = Vec::new();
    for needle in needles {
        // SQLite's LOWER folds ASCII only: a name starting with another
        // capital is looked for as written too.
        let mut capital: String = needle.chars().take(1).flat_map(char::to_uppercase).collect();
        capital.extend(needle.chars().skip(1));
        for form in [needle.clone(), capital] {
            binds.push(format!("%{form}%"));
            clauses.push(format!("LOWER({column}) LIKE ${0} OR {column} LIKE ${0}", first + binds.len() - 1));
        }
    }
    (format!("({})", clauses.join(" OR ")), binds)
}

impl WriteTx<'_> {
    /// Takes the person off every event they are on or were imported onto,
    /// redacting what names them there; then redacts them from the text of
    /// other events that name them beyond doubt.
    async fn erase_from_events(&mut self, id: &str, redactor: &Redactor, report: &mut ErasureReport) -> Result<()> {
        let theirs: Vec<String> = sqlx::query_scalar(
            "SELECT event_id FROM event_people WHERE person_id = $1 \
             UNION SELECT event_id FROM import_events WHERE person_id = $1",
        )
        .bind(id)
        .fetch_all(&mut *self.tx)
        .await?;
        for event_id in &theirs {
            let Some(mut event) = self.event_body(event_id).await? else { continue };
            // A caller on the record goes with the name they gave at the call.
            if crate::domain::incident::caller::take_off(&mut event, id) {
                report.events += 1;
            }
            // An ASB case also names them on its linked incidents, assessments and tools.
            if let crate::domain::event::EventDetails::Asb(d) = &mut event.details {
                d.take_off(id);
            }
            let others = self.details_of(event.people.iter().map(|p| p.person_id.clone()).collect()).await?;
            let others: Vec<&PersonDetails> = others.iter().collect();
            if redactor.sparing(&others).redact_event(&mut event, Reach::Theirs) {
                report.events_redacted += 1;
            }
            self.rewrite_erased(event, id).await?;
        }
        let needles = redactor.needles(Reach::Anywhere);
        if needles.is_empty() {
            return Ok(());
        }
        let (like, binds) = any_needle("body", &needles, 1);
        let sql = format!("SELECT id, body FROM events WHERE {like}");
        let mut query = sqlx::query_as::<_, (String, String)>(&sql);
        for b in &binds {
            query = query.bind(b);
        }
        for (event_id, body) in query.fetch_all(&mut *self.tx).await? {
            if theirs.contains(&event_id) {
                continue;
            }
            let mut event: Event = from_json(&body)?;
            if redactor.redact_event(&mut event, Reach::Anywhere) {
                report.events_redacted += 1;
                self.rewrite_erased(event, id).await?;
            }
        }
        Ok(())
    }

    async fn event_body(&mut self, id: &str) -> Result<Option<Event>> {
        let body: Option<String> =
            sqlx::query_scalar("SELECT body FROM events WHERE id = $1").bind(id).fetch_optional(&mut *self.tx).await?;
        body.map(|b| from_json(&b)).transpose()
    }

    /// The details of these persons.
    async fn details_of(&mut self, ids: Vec<String>) -> Result<Vec<PersonDetails>> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let body: Option<String> = sqlx::query_scalar("SELECT body FROM persons WHERE id = $1")
                .bind(&id)
                .fetch_optional(&mut *self.tx)
                .await?;
            if let Some(body) = body {
                out.push(from_json::<Person>(&body)?.details);
            }
        }
        Ok(out)
    }

    /// Writes an event changed by an erasure as its next version.
    async fn rewrite_erased(&mut self, mut event: Event, erased: &str) -> Result<()> {
        let expected = event.version;
        event.version += 1;
        event.updated_at = self.now;
        self.rewrite_event(&event, expected).await?;
        let mut people: Vec<String> = event.people.iter().map(|p| p.person_id.clone()).collect();
        people.push(erased.to_string());
        let author = super::intelligence_authors::draft_author(&event);
        self.change_for(author, event.kind.collection(), "updated", &event.id, event.version, &people).await
    }

    /// Deletes the rows the person was imported from, the event rows and
    /// review items that hang on them, and redacts the person from other
    /// rows' linkage evidence (a row compared against them names them).
    async fn erase_source_rows(&mut self, id: &str, redactor: &Redactor, report: &mut ErasureReport) -> Result<()> {
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT source, source_ref FROM import_rows WHERE person_id = $1")
                .bind(id)
                .fetch_all(&mut *self.tx)
                .await?;
        for (source, source_ref) in &rows {
            sqlx::query("DELETE FROM review_queue WHERE source = $1 AND source_ref = $2")
                .bind(source)
                .bind(source_ref)
                .execute(&mut *self.tx)
                .await?;
            sqlx::query("DELETE FROM import_events WHERE nominal_source = $1 AND nominal_ref = $2")
                .bind(source)
                .bind(source_ref)
                .execute(&mut *self.tx)
                .await?;
        }
        sqlx::query("DELETE FROM review_queue WHERE person_id = $1 OR candidate_id = $1")
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        sqlx::query("DELETE FROM import_events WHERE person_id = $1").bind(id).execute(&mut *self.tx).await?;
        sqlx::query("DELETE FROM import_rows WHERE person_id = $1").bind(id).execute(&mut *self.tx).await?;
        report.source_rows = rows.len();
        let compared: Vec<(String, String, String)> =
            sqlx::query_as("SELECT source, source_ref, evidence FROM import_rows WHERE evidence LIKE $1")
                .bind(format!("%{id}%"))
                .fetch_all(&mut *self.tx)
                .await?;
        for (source, source_ref, evidence) in compared {
            let mut evidence: serde_json::Value = from_json(&evidence)?;
            if redactor.redact_json(&mut evidence, Reach::Theirs) {
                sqlx::query("UPDATE import_rows SET evidence = $1 WHERE source = $2 AND source_ref = $3")
                    .bind(to_json(&evidence)?)
                    .bind(&source)
                    .bind(&source_ref)
                    .execute(&mut *self.tx)
                    .await?;
                report.evidence_redacted += 1;
            }
        }
        Ok(())
    }

    /// Redacts the person from other persons' descriptions ("brother of
    /// Thomas Hartington"), each written as its next version.
    async fn redact_other_persons(&mut self, id: &str, redactor: &Redactor, report: &mut ErasureReport) -> Result<()> {
        let needles = redactor.needles(Reach::Anywhere);
        if needles.is_empty() {
            return Ok(());
        }
        let (like, binds) = any_needle("body", &needles, 2);
        let sql = format!("SELECT body FROM persons WHERE id <> $1 AND {like}");
        let mut query = sqlx::query_scalar::<_, String>(&sql).bind(id);
        for b in &binds {
            query = query.bind(b);
        }
        for body in query.fetch_all(&mut *self.tx).await? {
            let mut person: Person = from_json(&body)?;
            let Some(description) = person.details.description.as_deref() else { continue };
            let Some(redacted) = redactor.redact(description, Reach::Anywhere) else { continue };
            let expected = person.version;
            person.details.description = Some(redacted);
            person.version += 1;
            person.updated_at = self.now;
            replace_person(self, &person, expected).await?;
            self.change("persons", "updated", &person.id, person.version, std::slice::from_ref(&person.id)).await?;
            report.persons_redacted += 1;
        }
        Ok(())
    }

    /// Audit entries after `seq` that name the person (written since the
    /// first look, outside the write lock).
    async fn audit_naming_since(&mut self, redactor: &Redactor, seq: i64) -> Result<Vec<(i64, AuditField)>> {
        let rows = sqlx::query("SELECT seq, reason, detail FROM audit WHERE seq > $1 ORDER BY seq")
            .bind(seq)
            .fetch_all(&mut *self.tx)
            .await?;
        naming(&rows, redactor)
    }

    /// Replaces one field of an audit entry with the marker, keeping its
    /// digest and destroying its salt, for the erasure entry `erasure`: the
    /// only change the audit allows. PostgreSQL does it in the owner's
    /// function, so the server's role needs no UPDATE on the audit.
    async fn redact_audit(&mut self, seq: i64, field: AuditField, erasure: i64) -> Result<()> {
        if self.backend() == Backend::Postgres {
            sqlx::query("SELECT audit_redact($1, $2, $3, $4)")
                .bind(seq)
                .bind(field.column())
                .bind(erasure)
                .bind(time(self.now))
                .execute(&mut *self.tx)
                .await?;
            return Ok(());
        }
        let column = field.column();
        let select = format!("SELECT {column}, {column}_salt FROM audit WHERE seq = $1");
        let row: Option<(String, Option<String>)> =
            sqlx::query_as(&select).bind(seq).fetch_optional(&mut *self.tx).await?;
        let Some((text, Some(salt))) = row else { return Ok(()) };
        let salt = hex::decode(&salt).map_err(|e| StoreError::corrupt(format!("audit entry {seq}'s salt: {e}")))?;
        sqlx::query("INSERT INTO audit_redactions (seq, field, digest, erasure_seq, at) VALUES ($1, $2, $3, $4, $5)")
            .bind(seq)
            .bind(column)
            .bind(hex::encode(field_digest(&salt, &text)))
            .bind(erasure)
            .bind(time(self.now))
            .execute(&mut *self.tx)
            .await?;
        let update = format!("UPDATE audit SET {column} = $1, {column}_salt = NULL WHERE seq = $2");
        sqlx::query(&update).bind(ERASED).bind(seq).execute(&mut *self.tx).await?;
        Ok(())
    }

    async fn record_erasure(&mut self, record: &ErasureRecord) -> Result<()> {
        sqlx::query(
            "INSERT INTO erasures (person_id, erased_at, audit_seq) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(&record.person_id)
        .bind(time(record.erased_at))
        .bind(record.audit_seq)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }
}
