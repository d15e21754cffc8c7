//! What came from where: the legacy sources and the kind of record each
//! held (which decides who may see its rows), and every imported row,
//! nominal or event, with the person it belongs to now, a page at a time
//! in source and reference order.

use sqlx::Row;

use super::{Result, Store, StoreError};
use crate::domain::event::EventKind;
use crate::domain::imported::SourceRow;
use crate::domain::kind_set::KindSet;

/// The kinds of `set` as an SQL list for `IN (…)`: their names are fixed
/// words of ours, never input; `NULL` (true of nothing) for none.
pub(super) fn kind_list(set: KindSet) -> String {
    let names: Vec<String> = set.iter().map(|k| format!("'{}'", k.as_str())).collect();
    if names.is_empty() {
        "NULL".into()
    } else {
        names.join(",")
    }
}

impl Store {
    /// Records that `source` holds records of `kind`, the first time it is
    /// imported; a source keeps the kind it was first imported as.
    pub async fn register_source(&self, source: &str, kind: EventKind) -> Result<()> {
        let mut w = self.begin_write().await?;
        let known: Option<String> = sqlx::query_scalar("SELECT kind FROM sources WHERE source = $1")
            .bind(source)
            .fetch_optional(&mut *w.tx)
            .await?;
        match known {
            Some(k) if k == kind.as_str() => return Ok(()),
            Some(k) => {
                return Err(StoreError::Duplicate(format!(
                    "source '{source}' was imported as a system of {k} records, not {kind}: \
                     give this file a source name of its own"
                )))
            }
            None => {}
        }
        sqlx::query("INSERT INTO sources (source, kind) VALUES ($1, $2)")
            .bind(source)
            .bind(kind.as_str())
            .execute(&mut *w.tx)
            .await?;
        w.commit().await
    }

    /// Every legacy source and the kind of record it holds.
    pub async fn source_kinds(&self) -> Result<Vec<(String, EventKind)>> {
        let rows = sqlx::query("SELECT source, kind FROM sources ORDER BY source").fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                let kind: String = r.try_get("kind")?;
                Ok((r.try_get("source")?, kind.parse::<EventKind>().map_err(StoreError::corrupt)?))
            })
            .collect()
    }

    /// Up to `limit` rows after (`source`, `source_ref`) `after`, of one
    /// source or all, from sources holding a kind of record in `readable`.
    pub async fn source_rows(
        &self,
        source: Option<&str>,
        after: Option<(&str, &str)>,
        limit: usize,
        readable: KindSet,
    ) -> Result<Vec<SourceRow>> {
        let (after_source, after_ref) = after.unwrap_or(("", ""));
        let filter = format!(
            "($1 = '' OR source = $1) AND (source > $2 OR (source = $2 AND source_ref > $3)) \
             AND source IN (SELECT source FROM sources WHERE kind IN ({}))",
            kind_list(readable)
        );
        let sql = format!(
            "SELECT source, source_ref, person_id, score, outcome FROM import_rows WHERE {filter} \
             UNION ALL SELECT source, source_ref, person_id, NULL AS score, 'event:' || kind AS outcome \
             FROM import_events WHERE {filter} ORDER BY source, source_ref LIMIT {}",
            limit.clamp(1, 100_000)
        );
        let rows = sqlx::query(&sql)
            .bind(source.unwrap_or(""))
            .bind(after_source)
            .bind(after_ref)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(SourceRow {
                    source: r.try_get("source")?,
                    source_ref: r.try_get("source_ref")?,
                    person_id: r.try_get("person_id")?,
                    score: r.try_get("score")?,
                    outcome: r.try_get("outcome")?,
                })
            })
            .collect()
    }
}
