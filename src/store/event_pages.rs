//! The events a migration makes again from their bodies, read a page at a
//! time by id inside the migration's transaction, so a force's whole
//! history is never held in memory at once.

use sqlx::Row;

use super::write::WriteTx;
use super::Result;

const PAGE: usize = 1000;

pub(super) struct BodyPages {
    /// The SQL condition on `events` that picks the rows to walk.
    filter: &'static str,
    after: String,
}

impl BodyPages {
    pub(super) fn new(filter: &'static str) -> BodyPages {
        BodyPages { filter, after: String::new() }
    }

    /// The next page of (id, body), in id order; empty once every row is read.
    pub(super) async fn next(&mut self, w: &mut WriteTx<'_>) -> Result<Vec<(String, String)>> {
        let sql = format!("SELECT id, body FROM events WHERE {} AND id > $1 ORDER BY id LIMIT {PAGE}", self.filter);
        let rows = sqlx::query(&sql).bind(&self.after).fetch_all(&mut *w.tx).await?;
        let mut page = Vec::with_capacity(rows.len());
        for row in &rows {
            page.push((row.try_get::<String, _>("id")?, row.try_get::<String, _>("body")?));
        }
        if let Some((id, _)) = page.last() {
            self.after = id.clone();
        }
        Ok(page)
    }
}
