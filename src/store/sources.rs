//! What came from where: every imported row, nominal or event, with the
//! person it belongs to now, a page at a time in source and reference order.

use sqlx::Row;

use super::{Result, Store};
use crate::domain::imported::SourceRow;

impl Store {
    /// Up to `limit` rows after (`source`, `source_ref`) `after`, of one
    /// source or all.
    pub async fn source_rows(
        &self,
        source: Option<&str>,
        after: Option<(&str, &str)>,
        limit: usize,
    ) -> Result<Vec<SourceRow>> {
        let (after_source, after_ref) = after.unwrap_or(("", ""));
        let filter = "($1 = '' OR source = $1) AND (source > $2 OR (source = $2 AND source_ref > $3))";
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
