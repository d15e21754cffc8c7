//! Imported rows and what linkage decided for them: the provenance of every
//! person made or merged from a legacy export, and the review queue.

use std::collections::HashSet;

use serde_json::value::RawValue;
use sqlx::Row;

use super::audit_chain::AuditLine;
use super::bulk::{insert_persons, insert_rows, Cell};
use super::codec::{from_json, time, to_json};
use super::persons::{insert_person, replace_person};
use super::sources::kind_list;
use super::write::{Actor, WriteTx};
use super::{Result, Store, StoreError};
use crate::domain::change::REVIEW_TOPIC;
use crate::domain::imported::{FindingRecord, ImportedRecord};
use crate::domain::kind_set::KindSet;
use crate::domain::person::{Person, PersonDetails};
use crate::domain::FieldError;

/// One batch of an import, written whole or not at all.
#[derive(Debug, Default)]
pub struct ImportWrite {
    pub source: String,
    /// Persons first made by this batch, in their final state.
    pub created: Vec<Person>,
    /// Existing persons with merged details, and the version they had.
    pub updated: Vec<(Person, i64)>,
    pub rows: Vec<ImportedRow>,
    /// Fields left out of the batch's rows, and rows rejected.
    pub findings: Vec<FindingRecord>,
}

/// One row of a batch as linkage placed it.
#[derive(Debug)]
pub struct ImportedRow {
    pub reference: String,
    pub person_id: String,
    pub details: PersonDetails,
    /// new, merged or review.
    pub outcome: String,
    pub score: Option<f64>,
    /// The linkage decision with its evidence, as recorded (JSON).
    pub evidence: Box<RawValue>,
    /// For a row queued for review: the person it may be.
    pub review_against: Option<String>,
    /// For a merge: the person's details just before this row was folded in.
    pub before: Option<PersonDetails>,
    /// A row imported earlier whose person (of this row alone) is joined into
    /// `person_id`: the row is moved, not inserted.
    pub rejoin: Option<Rejoin>,
}

/// Where a row being joined into another person was.
#[derive(Debug, Clone)]
pub struct Rejoin {
    pub source: String,
    pub person: String,
}

/// A merged row taken back out of its person.
#[derive(Debug)]
pub struct SplitWrite {
    pub source: String,
    pub source_ref: String,
    /// The person the row was merged into, as it is rebuilt without it.
    pub restored: Person,
    pub expected: i64,
    /// The new person the row becomes.
    pub separated: Person,
    /// Later merges into the person with their rebuilt "before" state.
    pub rebased: Vec<(String, String, PersonDetails)>,
}

/// A possible match waiting for a reviewer.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewItem {
    pub source: String,
    pub source_ref: String,
    /// The person the row became.
    pub person_id: String,
    /// The person it may be.
    pub candidate_id: String,
    pub score: f64,
    /// open, accepted or rejected.
    pub status: String,
}

/// An accepted review: the row's own person folded into the candidate.
#[derive(Debug)]
pub struct AcceptWrite {
    pub source: String,
    pub source_ref: String,
    pub candidate: Person,
    pub expected: i64,
    /// The candidate's details before, so the merge can be split again.
    pub before: PersonDetails,
    /// The person the row had become, now absorbed.
    pub absorbed: String,
}

const KIND: &str = "person";
const SELECT: &str =
    "SELECT source, source_ref, person_id, outcome, score, evidence, record, before, seq, joined_from FROM import_rows";

impl Store {
    /// Up to `limit` findings after `after` (source, row reference, field and
    /// value: the order they are listed in), of one source or all, from
    /// sources holding a kind of record in `readable`: fields left out of
    /// persons, and rows rejected, each with the person its row is on now.
    pub async fn import_findings(
        &self,
        source: Option<&str>,
        after: Option<[&str; 4]>,
        limit: usize,
        readable: KindSet,
    ) -> Result<Vec<FindingRecord>> {
        let [a_source, a_ref, a_field, a_value] = after.unwrap_or(["", "", "", ""]);
        let sql = format!(
            "SELECT f.source, f.source_ref, f.field, f.value, f.reason, f.rejected, r.person_id \
             FROM import_findings f LEFT JOIN import_rows r ON r.source = f.source AND r.source_ref = f.source_ref \
             WHERE ($1 = '' OR f.source = $1) \
             AND (f.source, f.source_ref, f.field, f.value) > ($2, $3, $4, $5) \
             AND f.source IN (SELECT source FROM sources WHERE kind IN ({})) \
             ORDER BY f.source, f.source_ref, f.field, f.value LIMIT {}",
            kind_list(readable),
            limit.clamp(1, 100_000)
        );
        let rows = sqlx::query(&sql)
            .bind(source.unwrap_or(""))
            .bind(a_source)
            .bind(a_ref)
            .bind(a_field)
            .bind(a_value)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(FindingRecord {
                    source: r.try_get("source")?,
                    source_ref: r.try_get("source_ref")?,
                    field: r.try_get("field")?,
                    value: r.try_get("value")?,
                    reason: r.try_get("reason")?,
                    rejected: r.try_get::<i64, _>("rejected")? != 0,
                    person_id: r.try_get("person_id")?,
                })
            })
            .collect()
    }

    /// Keeps the linkage weights an import of `source` used; returns their number.
    pub async fn record_linkage_weights(&self, source: &str, body: &serde_json::Value) -> Result<i64> {
        let mut w = self.begin_write().await?;
        let id: i64 =
            sqlx::query_scalar("INSERT INTO linkage_weights (source, at, body) VALUES ($1, $2, $3) RETURNING id")
                .bind(source)
                .bind(time(w.now))
                .bind(to_json(body)?)
                .fetch_one(&mut *w.tx)
                .await?;
        w.commit().await?;
        Ok(id)
    }

    /// The linkage weights kept under `id` by an import.
    pub async fn linkage_weights(&self, id: i64) -> Result<Option<serde_json::Value>> {
        let body: Option<String> = sqlx::query_scalar("SELECT body FROM linkage_weights WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        body.map(|b| from_json(&b)).transpose()
    }

    /// Which of `refs` were already imported from `source`.
    pub async fn imported_refs(&self, source: &str, refs: &[String]) -> Result<HashSet<String>> {
        let mut out = HashSet::new();
        for chunk in refs.chunks(500) {
            let placeholders: Vec<String> = (2..=chunk.len() + 1).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT source_ref FROM import_rows WHERE source = $1 AND source_ref IN ({})",
                placeholders.join(",")
            );
            let mut q = sqlx::query_scalar::<_, String>(&sql).bind(source);
            for r in chunk {
                q = q.bind(r);
            }
            out.extend(q.fetch_all(&self.pool).await?);
        }
        Ok(out)
    }

    /// Writes a batch of an import with its audit and change-log entries:
    /// new persons, provenance rows, review items, audit and change entries
    /// go in as multi-row statements; each merged person is updated under
    /// its version check.
    pub async fn write_import(&self, actor: &Actor, batch: &ImportWrite) -> Result<()> {
        use Cell::*;
        let mut w = self.begin_write().await?;
        let now = time(w.now);
        let mut changes = Vec::with_capacity(batch.created.len() + batch.updated.len());
        let change = |topic: &str, op: &str, id: &str, version: i64, people: &[&str]| -> Result<Vec<Cell>> {
            Ok(vec![
                Text(now.clone()),
                Text(topic.into()),
                Text(op.into()),
                Text(id.into()),
                Int(version),
                Text(to_json(&people)?),
            ])
        };
        for p in &batch.created {
            changes.push(change("persons", "created", &p.id, p.version, &[&p.id])?);
        }
        insert_persons(&mut w, &batch.created).await.map_err(|e| match e {
            StoreError::Database(e) => StoreError::from_insert(e, "a person with this id exists"),
            other => other,
        })?;
        // (action, record kind, record id, detail), appended to the audit together.
        let mut audits: Vec<(&str, &str, String, String)> = Vec::with_capacity(batch.updated.len() + 1);
        let audit =
            |action: &'static str, kind: &'static str, id: &str, detail: String| (action, kind, id.to_string(), detail);
        for (p, expected) in &batch.updated {
            replace_person(&mut w, p, *expected).await?;
            audits.push(audit("alteration", KIND, &p.id, format!("merged records from {}", batch.source)));
            changes.push(change("persons", "updated", &p.id, p.version, &[&p.id])?);
        }
        // Rows are ordered by batch, then by place in the batch.
        let base = w.next_counter("import_batches").await? * 1_000_000;
        let mut rows = Vec::with_capacity(batch.rows.len());
        let mut review = Vec::new();
        let mut settled = 0;
        for (i, row) in batch.rows.iter().enumerate() {
            if let Some(rejoin) = &row.rejoin {
                w.rejoin(rejoin, row, base + i as i64).await?;
                settled += 1;
                audits.push(audit("erasure", KIND, &rejoin.person, format!("joined into {}", row.person_id)));
                changes.push(change("persons", "erased", &rejoin.person, 0, &[&rejoin.person])?);
                continue;
            }
            rows.push(vec![
                Text(batch.source.clone()),
                Text(row.reference.clone()),
                Text(row.person_id.clone()),
                Text(row.outcome.clone()),
                MaybeFloat(row.score),
                Text(row.evidence.get().to_string()),
                Text(to_json(&row.details)?),
                MaybeText(row.before.as_ref().map(to_json).transpose()?),
                Int(base + i as i64),
                Text(now.clone()),
            ]);
            if let Some(candidate) = &row.review_against {
                review.push(vec![
                    Text(batch.source.clone()),
                    Text(row.reference.clone()),
                    Text(row.person_id.clone()),
                    Text(candidate.clone()),
                    MaybeFloat(Some(row.score.unwrap_or_default())),
                    Text("open".into()),
                ]);
            }
        }
        insert_rows(
            &mut w,
            "INSERT INTO import_rows (source, source_ref, person_id, outcome, score, evidence, record, before, seq, \
             imported_at)",
            10,
            rows,
        )
        .await?;
        let findings: Vec<Vec<Cell>> = batch
            .findings
            .iter()
            .map(|f| {
                vec![
                    Text(f.source.clone()),
                    Text(f.source_ref.clone()),
                    Text(f.field.clone()),
                    Text(f.value.clone()),
                    Text(f.reason.clone()),
                    Int(i64::from(f.rejected)),
                ]
            })
            .collect();
        // A rejected row is rejected again by a re-run: it is noted once.
        for f in batch.findings.iter().filter(|f| f.rejected) {
            sqlx::query("DELETE FROM import_findings WHERE source = $1 AND source_ref = $2 AND rejected = 1")
                .bind(&f.source)
                .bind(&f.source_ref)
                .execute(&mut *w.tx)
                .await?;
        }
        insert_rows(
            &mut w,
            "INSERT INTO import_findings (source, source_ref, field, value, reason, rejected)",
            6,
            findings,
        )
        .await?;
        let queued = review.len();
        insert_rows(
            &mut w,
            "INSERT INTO review_queue (source, source_ref, person_id, candidate_id, score, status)",
            6,
            review,
        )
        .await?;
        audits.push(audit(
            "collection",
            "import",
            &batch.source,
            format!(
                "imported {} rows: {} persons created, {} merged into",
                batch.rows.len(),
                batch.created.len(),
                batch.updated.len()
            ),
        ));
        let lines: Vec<AuditLine> =
            audits.iter().map(|(action, kind, id, detail)| AuditLine::by(actor, action, kind, id, detail)).collect();
        w.queue_audit(&lines);
        // One entry for the batch, so that a review queue on screen follows
        // an import without a change-log row per pair.
        if queued + settled > 0 {
            changes.push(change(REVIEW_TOPIC, "updated", &batch.source, 0, &[])?);
        }
        w.claim_change_order().await?;
        insert_rows(&mut w, "INSERT INTO changes (at, topic, op, record_id, version, person_ids)", 6, changes).await?;
        w.commit().await
    }

    /// Persons made of one imported row and nothing else: the persons a
    /// later record may join into another.
    pub async fn single_row_persons(&self) -> Result<HashSet<String>> {
        let ids: Vec<String> = sqlx::query_scalar(
            "SELECT person_id FROM import_rows GROUP BY person_id HAVING COUNT(*) = 1 \
             EXCEPT SELECT person_id FROM links \
             EXCEPT SELECT target_id FROM links WHERE target = 'person' \
             EXCEPT SELECT p.person_id FROM event_people p \
             WHERE NOT EXISTS (SELECT 1 FROM import_events i WHERE i.event_id = p.event_id)",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(ids.into_iter().collect())
    }

    /// The imported rows of these persons.
    pub async fn import_rows_of_persons(&self, ids: &[String]) -> Result<Vec<ImportedRecord>> {
        let rows = self.rows_for_ids(&format!("{SELECT} WHERE person_id IN ({{ids}})"), ids).await?;
        rows.iter().map(row_to_record).collect()
    }

    /// Imported rows, of one source or all, in source and reference order.
    pub async fn import_rows(&self, source: Option<&str>) -> Result<Vec<ImportedRecord>> {
        let rows = match source {
            Some(s) => {
                sqlx::query(&format!("{SELECT} WHERE source = $1 ORDER BY source, source_ref"))
                    .bind(s)
                    .fetch_all(&self.pool)
                    .await?
            }
            None => sqlx::query(&format!("{SELECT} ORDER BY source, source_ref")).fetch_all(&self.pool).await?,
        };
        rows.iter().map(row_to_record).collect()
    }

    /// Up to `limit` imported rows of `source` after the reference `after`,
    /// in reference order: a large import read a page at a time.
    pub async fn import_rows_page(&self, source: &str, after: &str, limit: usize) -> Result<Vec<ImportedRecord>> {
        let rows = sqlx::query(&format!(
            "{SELECT} WHERE source = $1 AND source_ref > $2 ORDER BY source_ref LIMIT {}",
            limit.clamp(1, 100_000)
        ))
        .bind(source)
        .bind(after)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(row_to_record).collect()
    }

    /// The imported rows that make up a person, with their evidence.
    pub async fn person_import_rows(&self, person_id: &str) -> Result<Vec<ImportedRecord>> {
        let rows = sqlx::query(&format!("{SELECT} WHERE person_id = $1 ORDER BY seq"))
            .bind(person_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(row_to_record).collect()
    }

    /// The review queue, open items first when `status` is None.
    pub async fn review_queue(&self, status: Option<&str>) -> Result<Vec<ReviewItem>> {
        let rows = match status {
            Some(st) => {
                sqlx::query(&format!("{REVIEW} WHERE status = $1 ORDER BY score DESC, source, source_ref"))
                    .bind(st)
                    .fetch_all(&self.pool)
                    .await?
            }
            None => sqlx::query(&format!("{REVIEW} ORDER BY status DESC, score DESC")).fetch_all(&self.pool).await?,
        };
        rows.iter().map(row_to_review).collect()
    }

    /// Every possible match a person is on, either side, open or decided.
    pub async fn person_reviews(&self, person_id: &str) -> Result<Vec<ReviewItem>> {
        let rows =
            sqlx::query(&format!("{REVIEW} WHERE person_id = $1 OR candidate_id = $1 ORDER BY source, source_ref"))
                .bind(person_id)
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(row_to_review).collect()
    }

    /// How many pairs are open from sources holding a kind of record in
    /// `readable` (`open_reviews` reads the first of them).
    pub async fn open_review_count(&self, readable: KindSet) -> Result<usize> {
        let n: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM review_queue WHERE status = 'open' \
             AND source IN (SELECT source FROM sources WHERE kind IN ({}))",
            kind_list(readable)
        ))
        .fetch_one(&self.pool)
        .await?;
        Ok(usize::try_from(n).unwrap_or_default())
    }

    /// The `limit` open possible matches of highest score from sources
    /// holding a kind of record in `readable`, each with the evidence of its
    /// row, in one read (an import of a million rows leaves hundreds of
    /// thousands open).
    pub async fn open_reviews(&self, limit: usize, readable: KindSet) -> Result<Vec<(ReviewItem, serde_json::Value)>> {
        let rows = sqlx::query(&format!(
            "SELECT q.source, q.source_ref, q.person_id, q.candidate_id, q.score, q.status, r.evidence \
             FROM review_queue q LEFT JOIN import_rows r ON r.source = q.source AND r.source_ref = q.source_ref \
             WHERE q.status = 'open' AND q.source IN (SELECT source FROM sources WHERE kind IN ({})) \
             ORDER BY q.score DESC, q.source, q.source_ref LIMIT {}",
            kind_list(readable),
            limit.max(1)
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let evidence: Option<String> = r.try_get("evidence")?;
                Ok((row_to_review(r)?, evidence.map(|e| from_json(&e)).transpose()?.unwrap_or_default()))
            })
            .collect()
    }

    pub async fn review_item(&self, source: &str, source_ref: &str) -> Result<ReviewItem> {
        let row = sqlx::query(&format!("{REVIEW} WHERE source = $1 AND source_ref = $2"))
            .bind(source)
            .bind(source_ref)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound { kind: "review item", id: format!("{source}/{source_ref}") })?;
        row_to_review(&row)
    }

    /// Rejects a possible match: the two stay apart.
    pub async fn reject_review(&self, actor: &Actor, source: &str, source_ref: &str) -> Result<()> {
        let mut w = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE review_queue SET status = 'rejected' WHERE source = $1 AND source_ref = $2 AND status = 'open'",
        )
        .bind(source)
        .bind(source_ref)
        .execute(&mut *w.tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound { kind: "open review item", id: format!("{source}/{source_ref}") });
        }
        let key = format!("{source}/{source_ref}");
        w.audit(actor, "alteration", "review", &key, "possible match rejected").await?;
        w.change(REVIEW_TOPIC, "updated", &key, 0, &[]).await?;
        w.commit().await
    }

    /// Accepts a possible match: the row's person is folded into the
    /// candidate. Refused when that person has anything but this row.
    pub async fn write_accept(&self, actor: &Actor, accept: &AcceptWrite) -> Result<()> {
        let mut w = self.begin_write().await?;
        let id = &accept.absorbed;
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM import_rows WHERE person_id = $1")
            .bind(id)
            .fetch_one(&mut *w.tx)
            .await?;
        if rows != 1 || w.changed_since_import(id).await? {
            return Err(StoreError::Invalid(FieldError::new(
                "reference",
                "the row's person has gathered other records or been changed by hand; split them first or merge by \
                 hand",
            )));
        }
        let c = &accept.candidate;
        replace_person(&mut w, c, accept.expected).await?;
        w.move_imported_events(&accept.source, &accept.source_ref, id, &c.id).await?;
        sqlx::query("DELETE FROM persons WHERE id = $1").bind(id).execute(&mut *w.tx).await?;
        sqlx::query(
            "UPDATE import_rows SET person_id = $1, outcome = 'merged', before = $2, joined_from = $5 \
             WHERE source = $3 AND source_ref = $4",
        )
        .bind(&c.id)
        .bind(to_json(&accept.before)?)
        .bind(&accept.source)
        .bind(&accept.source_ref)
        .bind(id)
        .execute(&mut *w.tx)
        .await?;
        sqlx::query("UPDATE review_queue SET status = 'accepted' WHERE source = $1 AND source_ref = $2")
            .bind(&accept.source)
            .bind(&accept.source_ref)
            .execute(&mut *w.tx)
            .await?;
        let what = format!("review accepted: {}/{} merged from {id} into {}", accept.source, accept.source_ref, c.id);
        w.audit(actor, "alteration", KIND, &c.id, &what).await?;
        w.audit(actor, "erasure", KIND, id, &what).await?;
        w.change("persons", "updated", &c.id, c.version, std::slice::from_ref(&c.id)).await?;
        w.change("persons", "erased", id, 0, std::slice::from_ref(id)).await?;
        w.change(REVIEW_TOPIC, "updated", &format!("{}/{}", accept.source, accept.source_ref), 0, &[]).await?;
        w.commit().await
    }

    /// One imported row.
    pub async fn import_row(&self, source: &str, source_ref: &str) -> Result<ImportedRecord> {
        let row = sqlx::query(&format!("{SELECT} WHERE source = $1 AND source_ref = $2"))
            .bind(source)
            .bind(source_ref)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound { kind: "imported row", id: format!("{source}/{source_ref}") })?;
        row_to_record(&row)
    }

    /// Takes a merged row out of its person: the person rebuilt without it,
    /// the row a person of its own, its provenance moved with it.
    pub async fn write_split(&self, actor: &Actor, split: &SplitWrite) -> Result<()> {
        let mut w = self.begin_write().await?;
        let p = &split.restored;
        replace_person(&mut w, p, split.expected).await?;
        insert_person(&mut w, &split.separated).await?;
        w.move_imported_events(&split.source, &split.source_ref, &p.id, &split.separated.id).await?;
        sqlx::query(
            "UPDATE import_rows SET person_id = $1, outcome = 'split', before = NULL, joined_from = NULL \
             WHERE source = $2 AND source_ref = $3",
        )
        .bind(&split.separated.id)
        .bind(&split.source)
        .bind(&split.source_ref)
        .execute(&mut *w.tx)
        .await?;
        for (source, source_ref, before) in &split.rebased {
            sqlx::query("UPDATE import_rows SET before = $1 WHERE source = $2 AND source_ref = $3")
                .bind(to_json(before)?)
                .bind(source)
                .bind(source_ref)
                .execute(&mut *w.tx)
                .await?;
        }
        let what = format!("split {}/{} out of {} into {}", split.source, split.source_ref, p.id, split.separated.id);
        w.audit(actor, "alteration", KIND, &p.id, &what).await?;
        w.audit(actor, "collection", KIND, &split.separated.id, &what).await?;
        w.change("persons", "updated", &p.id, p.version, std::slice::from_ref(&p.id)).await?;
        let new_id = &split.separated.id;
        w.change("persons", "created", new_id, split.separated.version, std::slice::from_ref(new_id)).await?;
        w.commit().await
    }
}

const REVIEW: &str = "SELECT source, source_ref, person_id, candidate_id, score, status FROM review_queue";

fn row_to_review(r: &sqlx::any::AnyRow) -> Result<ReviewItem> {
    Ok(ReviewItem {
        source: r.try_get("source")?,
        source_ref: r.try_get("source_ref")?,
        person_id: r.try_get("person_id")?,
        candidate_id: r.try_get("candidate_id")?,
        score: r.try_get("score")?,
        status: r.try_get("status")?,
    })
}

fn row_to_record(row: &sqlx::any::AnyRow) -> Result<ImportedRecord> {
    let evidence: String = row.try_get("evidence")?;
    let record: String = row.try_get("record")?;
    Ok(ImportedRecord {
        source: row.try_get("source")?,
        source_ref: row.try_get("source_ref")?,
        person_id: row.try_get("person_id")?,
        outcome: row.try_get("outcome")?,
        score: row.try_get("score")?,
        evidence: from_json(&evidence)?,
        record: from_json(&record)?,
        before: row.try_get::<Option<String>, _>("before")?.map(|b| from_json(&b)).transpose()?,
        seq: row.try_get("seq")?,
        joined_from: row.try_get("joined_from")?,
    })
}

impl WriteTx<'_> {
    /// Whether a person has more than its imported row: links, or events
    /// beyond those imported about the row (which move with it), or details
    /// changed by hand. Such a person is merged by hand, never folded away.
    async fn changed_since_import(&mut self, person: &str) -> Result<bool> {
        let links: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM links WHERE person_id = $1 OR (target = 'person' AND target_id = $1)",
        )
        .bind(person)
        .fetch_one(&mut *self.tx)
        .await?;
        let events: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM event_people WHERE person_id = $1")
            .bind(person)
            .fetch_one(&mut *self.tx)
            .await?;
        // An imported person is made at version 1; anything later is an edit.
        let version: Option<i64> = sqlx::query_scalar("SELECT version FROM persons WHERE id = $1")
            .bind(person)
            .fetch_optional(&mut *self.tx)
            .await?;
        Ok(links + events > self.imported_event_count(person).await? || version.is_some_and(|v| v > 1))
    }

    /// Moves an earlier row, the whole of its person, into the person a later
    /// record showed it to be; the emptied person is erased, and reviews that
    /// named it name the person it joined.
    async fn rejoin(&mut self, rejoin: &Rejoin, row: &ImportedRow, seq: i64) -> Result<()> {
        let absorbed = &rejoin.person;
        if self.changed_since_import(absorbed).await? {
            return Err(StoreError::Invalid(FieldError::new(
                "person",
                format!(
                    "{absorbed}, which {}/{} would join into {}, has gathered other records or been changed since \
                     this import began; import the file again",
                    rejoin.source, row.reference, row.person_id
                ),
            )));
        }
        let moved = sqlx::query(
            "UPDATE import_rows SET person_id = $1, outcome = 'merged', evidence = $2, before = $3, seq = $4, \
             score = $8, joined_from = $7 WHERE source = $5 AND source_ref = $6 AND person_id = $7",
        )
        .bind(&row.person_id)
        .bind(row.evidence.get())
        .bind(row.before.as_ref().map(to_json).transpose()?)
        .bind(seq)
        .bind(&rejoin.source)
        .bind(&row.reference)
        .bind(absorbed)
        .bind(row.score.unwrap_or_default())
        .execute(&mut *self.tx)
        .await?;
        if moved.rows_affected() != 1 {
            return Err(StoreError::NotFound {
                kind: "imported row",
                id: format!("{}/{}", rejoin.source, row.reference),
            });
        }
        self.move_imported_events(&rejoin.source, &row.reference, absorbed, &row.person_id).await?;
        sqlx::query(
            "UPDATE review_queue SET status = 'joined' WHERE source = $1 AND source_ref = $2 AND status = 'open'",
        )
        .bind(&rejoin.source)
        .bind(&row.reference)
        .execute(&mut *self.tx)
        .await?;
        sqlx::query("UPDATE review_queue SET candidate_id = $1 WHERE candidate_id = $2 AND status = 'open'")
            .bind(&row.person_id)
            .bind(absorbed)
            .execute(&mut *self.tx)
            .await?;
        // A review of the joining person against the one joined is settled by
        // the join: its row is now with its match, a new person no longer in review.
        sqlx::query(
            "UPDATE import_rows SET outcome = 'new' WHERE outcome = 'review' AND person_id = $1 AND EXISTS \
             (SELECT 1 FROM review_queue q WHERE q.source = import_rows.source AND q.source_ref = import_rows.source_ref \
             AND q.person_id = $1 AND q.candidate_id = $1 AND q.status = 'open')",
        )
        .bind(&row.person_id)
        .execute(&mut *self.tx)
        .await?;
        // A review of the joining person against the one joined is settled by the join.
        sqlx::query(
            "UPDATE review_queue SET status = 'joined' WHERE person_id = $1 AND candidate_id = $1 AND status = 'open'",
        )
        .bind(&row.person_id)
        .execute(&mut *self.tx)
        .await?;
        sqlx::query("DELETE FROM persons WHERE id = $1").bind(absorbed).execute(&mut *self.tx).await?;
        Ok(())
    }
}
