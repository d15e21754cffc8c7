//! Events imported from legacy event files: which row each came from and
//! which nominal row it is about, so a re-import skips it and a split or an
//! accepted review takes it along to the person its nominal now belongs to.

use std::collections::{HashMap, HashSet};

use sqlx::Row;

use super::codec::{from_json, time};
use super::events::insert_event;
use super::import_event_links::ImportedEventLinks;
use super::write::{Actor, WriteTx};
use super::{Result, Store};
use crate::domain::event::{Event, EventKind};
use crate::domain::imported::FindingRecord;

/// One row of an event file: the nominal row it is about, and the event it
/// put that nominal's person on.
#[derive(Debug)]
pub struct ImportedEvent {
    pub source_ref: String,
    pub nominal_source: String,
    pub nominal_ref: String,
    pub event_id: String,
    pub kind: EventKind,
    pub person_id: String,
}

/// One batch of an event import, written whole or not at all: the events it
/// makes, the events of earlier batches of the same source that its rows
/// add people to (each with the version it had), and every row.
#[derive(Debug, Default)]
pub struct EventImportWrite {
    pub source: String,
    pub created: Vec<Event>,
    pub joined: Vec<(Event, i64)>,
    pub rows: Vec<ImportedEvent>,
    /// The places and vehicles the rows making events name.
    pub links: Vec<ImportedEventLinks>,
    /// Fields left off rows that were imported all the same.
    pub findings: Vec<FindingRecord>,
}

/// One imported event row as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportEventRecord {
    pub source: String,
    pub source_ref: String,
    pub event_id: String,
    pub kind: EventKind,
    pub nominal_source: String,
    pub nominal_ref: String,
    pub person_id: String,
}

/// `SELECT … WHERE {key} = $1 … AND {column} IN (…)`, a chunk of values at
/// a time: `keys` bind `$1`, `$2`…, the values the placeholders after them.
async fn lookup(store: &Store, sql: &str, keys: &[&str], values: &[String]) -> Result<Vec<sqlx::any::AnyRow>> {
    let mut out = Vec::new();
    for chunk in values.chunks(500) {
        let first = keys.len() + 1;
        let placeholders: Vec<String> = (first..first + chunk.len()).map(|i| format!("${i}")).collect();
        let text = sql.replace("{refs}", &placeholders.join(","));
        let mut q = sqlx::query(&text);
        for k in keys {
            q = q.bind(*k);
        }
        for v in chunk {
            q = q.bind(v);
        }
        out.extend(q.fetch_all(&store.pool).await?);
    }
    Ok(out)
}

impl Store {
    /// Which of `refs` were already imported as events from `source`.
    pub async fn imported_event_refs(&self, source: &str, refs: &[String]) -> Result<HashSet<String>> {
        let sql = "SELECT source_ref FROM import_events WHERE source = $1 AND source_ref IN ({refs})";
        lookup(self, sql, &[source], refs).await?.iter().map(|r| Ok(r.try_get("source_ref")?)).collect()
    }

    /// The person each of `refs` (nominal rows of `source`) now belongs to.
    pub async fn nominal_persons(&self, source: &str, refs: &[String]) -> Result<HashMap<String, String>> {
        let sql = "SELECT source_ref, person_id FROM import_rows WHERE source = $1 AND source_ref IN ({refs})";
        lookup(self, sql, &[source], refs)
            .await?
            .iter()
            .map(|r| Ok((r.try_get("source_ref")?, r.try_get("person_id")?)))
            .collect()
    }

    /// The events of `kind` already under `references`: each with its body
    /// when an earlier import of `source` made it (rows naming it add their
    /// person to it), without when it is not this source's to join.
    pub async fn events_by_reference(
        &self,
        source: &str,
        kind: EventKind,
        references: &[String],
    ) -> Result<HashMap<String, Option<Event>>> {
        let sql = "SELECT e.reference, CASE WHEN EXISTS (SELECT 1 FROM import_events i \
                   WHERE i.event_id = e.id AND i.source = $2) THEN e.body END AS ours \
                   FROM events e WHERE e.kind = $1 AND e.reference IN ({refs})";
        lookup(self, sql, &[kind.as_str(), source], references)
            .await?
            .iter()
            .map(|r| {
                let ours: Option<String> = r.try_get("ours")?;
                Ok((r.try_get("reference")?, ours.map(|body| from_json(&body)).transpose()?))
            })
            .collect()
    }

    /// Writes a batch of imported events with their provenance rows, audit
    /// and change-log entries. An event joined is refused, and the batch
    /// with it, if it changed since it was read.
    pub async fn write_event_import(&self, actor: &Actor, batch: &EventImportWrite) -> Result<()> {
        let mut w = self.begin_write().await?;
        let now = time(w.now);
        for e in &batch.created {
            insert_event(&mut w, e).await?;
            let people: Vec<String> = e.people.iter().map(|p| p.person_id.clone()).collect();
            w.change(e.kind.collection(), "created", &e.id, e.version, &people).await?;
        }
        for (e, expected) in &batch.joined {
            w.rewrite_event(e, *expected).await?;
            let people: Vec<String> = e.people.iter().map(|p| p.person_id.clone()).collect();
            w.change(e.kind.collection(), "updated", &e.id, e.version, &people).await?;
        }
        for links in &batch.links {
            let event =
                batch.created.iter().chain(batch.joined.iter().map(|(e, _)| e)).find(|e| e.id == links.event_id);
            if let Some(event) = event {
                w.link_imported_event(actor, &batch.source, event, links).await?;
            }
        }
        w.insert_event_findings(&batch.findings).await?;
        for row in &batch.rows {
            sqlx::query(
                "INSERT INTO import_events (source, source_ref, event_id, kind, nominal_source, nominal_ref, \
                 person_id, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(&batch.source)
            .bind(&row.source_ref)
            .bind(&row.event_id)
            .bind(row.kind.as_str())
            .bind(&row.nominal_source)
            .bind(&row.nominal_ref)
            .bind(&row.person_id)
            .bind(&now)
            .execute(&mut *w.tx)
            .await?;
        }
        w.audit(
            actor,
            "collection",
            "import",
            &batch.source,
            &format!(
                "imported {} rows from {}: {} events made, {} joined by more people",
                batch.rows.len(),
                batch.source,
                batch.created.len(),
                batch.joined.len()
            ),
        )
        .await?;
        w.commit().await
    }

    /// Imported event rows, of one source or all, in source and reference order.
    pub async fn import_events(&self, source: Option<&str>) -> Result<Vec<ImportEventRecord>> {
        let sql =
            "SELECT source, source_ref, event_id, kind, nominal_source, nominal_ref, person_id FROM import_events";
        let rows = match source {
            Some(s) => {
                sqlx::query(&format!("{sql} WHERE source = $1 ORDER BY source, source_ref"))
                    .bind(s)
                    .fetch_all(&self.pool)
                    .await?
            }
            None => sqlx::query(&format!("{sql} ORDER BY source, source_ref")).fetch_all(&self.pool).await?,
        };
        rows.iter().map(row_to_import_event).collect()
    }

    /// The imported event rows that put a person on a record.
    pub async fn person_import_events(&self, person_id: &str) -> Result<Vec<ImportEventRecord>> {
        let rows = sqlx::query(
            "SELECT source, source_ref, event_id, kind, nominal_source, nominal_ref, person_id FROM import_events \
             WHERE person_id = $1 ORDER BY source, source_ref",
        )
        .bind(person_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(row_to_import_event).collect()
    }
}

fn row_to_import_event(r: &sqlx::any::AnyRow) -> Result<ImportEventRecord> {
    let kind: String = r.try_get("kind")?;
    Ok(ImportEventRecord {
        source: r.try_get("source")?,
        source_ref: r.try_get("source_ref")?,
        event_id: r.try_get("event_id")?,
        kind: kind.parse().map_err(super::StoreError::corrupt)?,
        nominal_source: r.try_get("nominal_source")?,
        nominal_ref: r.try_get("nominal_ref")?,
        person_id: r.try_get("person_id")?,
    })
}

impl WriteTx<'_> {
    /// Moves the events imported about nominal `source`/`source_ref` from
    /// person `from` to person `to` (a split, an accepted review).
    pub(super) async fn move_imported_events(
        &mut self,
        source: &str,
        source_ref: &str,
        from: &str,
        to: &str,
    ) -> Result<()> {
        let ids: Vec<String> = sqlx::query_scalar(
            "SELECT event_id FROM import_events WHERE nominal_source = $1 AND nominal_ref = $2 AND person_id = $3",
        )
        .bind(source)
        .bind(source_ref)
        .bind(from)
        .fetch_all(&mut *self.tx)
        .await?;
        for id in ids {
            let body: String =
                sqlx::query_scalar("SELECT body FROM events WHERE id = $1").bind(&id).fetch_one(&mut *self.tx).await?;
            let mut event: Event = from_json(&body)?;
            let expected = event.version;
            for p in event.people.iter_mut().filter(|p| p.person_id == from) {
                p.person_id = to.to_string();
            }
            // Someone may now be on it twice in one role (rows of one event file).
            let mut seen = HashSet::new();
            event.people.retain(|p| seen.insert((p.person_id.clone(), p.role)));
            event.version += 1;
            event.updated_at = self.now;
            self.rewrite_event(&event, expected).await?;
            // Only this nominal's row: others on the same event stay with their people.
            sqlx::query(
                "UPDATE import_events SET person_id = $1 WHERE event_id = $2 AND nominal_source = $3 \
                 AND nominal_ref = $4",
            )
            .bind(to)
            .bind(&id)
            .bind(source)
            .bind(source_ref)
            .execute(&mut *self.tx)
            .await?;
            let people = vec![from.to_string(), to.to_string()];
            self.change(event.kind.collection(), "updated", &id, event.version, &people).await?;
        }
        Ok(())
    }

    /// How many of `person`'s events came from imported rows.
    pub(super) async fn imported_event_count(&mut self, person: &str) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM import_events WHERE person_id = $1")
            .bind(person)
            .fetch_one(&mut *self.tx)
            .await?)
    }
}
