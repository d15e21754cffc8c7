//! Imported rows and what linkage decided for them: the provenance of every
//! person made or merged from a legacy export, and the review queue.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use sqlx::Row;

use super::codec::{from_json, time, to_json};
use super::persons::insert_person;
use super::write::Actor;
use super::{Result, Store, StoreError};
use crate::domain::person::{Person, PersonDetails};
use crate::linkage::Decision;

/// One imported row as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ImportRowRecord {
    pub source: String,
    pub source_ref: String,
    pub person_id: String,
    /// new, merged or review.
    pub outcome: String,
    pub score: Option<f64>,
    /// The linkage decision: fields compared and each one's weight.
    #[schema(value_type = Object)]
    pub evidence: serde_json::Value,
    /// The row's details as the source recorded them.
    #[schema(value_type = Object)]
    pub record: serde_json::Value,
}

/// One batch of an import, written whole or not at all.
#[derive(Debug, Default)]
pub struct ImportWrite {
    pub source: String,
    /// Persons first made by this batch, in their final state.
    pub created: Vec<Person>,
    /// Existing persons with merged details, and the version they had.
    pub updated: Vec<(Person, i64)>,
    /// (reference, person id, the row's details, the decision).
    pub rows: Vec<(String, String, PersonDetails, Decision)>,
}

const KIND: &str = "person";

impl Store {
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

    /// Writes a batch of an import with its audit and change-log entries.
    pub async fn write_import(&self, actor: &Actor, batch: &ImportWrite) -> Result<()> {
        let mut w = self.begin_write().await?;
        for p in &batch.created {
            insert_person(&mut w, p).await?;
            w.change("persons", "created", &p.id, p.version, std::slice::from_ref(&p.id)).await?;
        }
        for (p, expected) in &batch.updated {
            let done = sqlx::query(
                "UPDATE persons SET version = $1, body = $2, updated_at = $3 WHERE id = $4 AND version = $5",
            )
            .bind(p.version)
            .bind(to_json(p)?)
            .bind(time(w.now))
            .bind(&p.id)
            .bind(*expected)
            .execute(&mut *w.tx)
            .await?;
            if done.rows_affected() != 1 {
                return Err(StoreError::Conflict { kind: KIND, id: p.id.clone(), expected: *expected, current: -1 });
            }
            w.audit(actor, "alteration", KIND, &p.id, &format!("merged records from {}", batch.source)).await?;
            w.change("persons", "updated", &p.id, p.version, std::slice::from_ref(&p.id)).await?;
        }
        let now = time(w.now);
        for (reference, person_id, details, decision) in &batch.rows {
            sqlx::query(
                "INSERT INTO import_rows (source, source_ref, person_id, outcome, score, evidence, record, imported_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(&batch.source)
            .bind(reference)
            .bind(person_id)
            .bind(decision.outcome.as_str())
            .bind(decision.score)
            .bind(to_json(decision)?)
            .bind(to_json(details)?)
            .bind(&now)
            .execute(&mut *w.tx)
            .await?;
            if let (crate::linkage::Outcome::Review, Some(candidate)) = (decision.outcome, &decision.candidate) {
                sqlx::query(
                    "INSERT INTO review_queue (source, source_ref, person_id, candidate_id, score, status) \
                     VALUES ($1, $2, $3, $4, $5, 'open')",
                )
                .bind(&batch.source)
                .bind(reference)
                .bind(person_id)
                .bind(candidate)
                .bind(decision.score.unwrap_or_default())
                .execute(&mut *w.tx)
                .await?;
            }
        }
        w.audit(
            actor,
            "collection",
            "import",
            &batch.source,
            &format!(
                "imported {} rows: {} persons created, {} merged into",
                batch.rows.len(),
                batch.created.len(),
                batch.updated.len()
            ),
        )
        .await?;
        w.commit().await
    }

    /// Imported rows, of one source or all, in source and reference order.
    pub async fn import_rows(&self, source: Option<&str>) -> Result<Vec<ImportRowRecord>> {
        let rows = match source {
            Some(s) => {
                sqlx::query(
                    "SELECT source, source_ref, person_id, outcome, score, evidence, record FROM import_rows \
                     WHERE source = $1 ORDER BY source, source_ref",
                )
                .bind(s)
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query(
                    "SELECT source, source_ref, person_id, outcome, score, evidence, record FROM import_rows \
                     ORDER BY source, source_ref",
                )
                .fetch_all(&self.pool)
                .await?
            }
        };
        rows.iter().map(row_to_record).collect()
    }

    /// The imported rows that make up a person, with their evidence.
    pub async fn person_import_rows(&self, person_id: &str) -> Result<Vec<ImportRowRecord>> {
        let rows = sqlx::query(
            "SELECT source, source_ref, person_id, outcome, score, evidence, record FROM import_rows \
             WHERE person_id = $1 ORDER BY imported_at, source, source_ref",
        )
        .bind(person_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(row_to_record).collect()
    }
}

fn row_to_record(row: &sqlx::any::AnyRow) -> Result<ImportRowRecord> {
    let evidence: String = row.try_get("evidence")?;
    let record: String = row.try_get("record")?;
    Ok(ImportRowRecord {
        source: row.try_get("source")?,
        source_ref: row.try_get("source_ref")?,
        person_id: row.try_get("person_id")?,
        outcome: row.try_get("outcome")?,
        score: row.try_get("score")?,
        evidence: from_json(&evidence)?,
        record: from_json(&record)?,
    })
}
