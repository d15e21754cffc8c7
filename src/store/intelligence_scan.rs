//! Intelligence reports read for the text index: all of them a page at a
//! time (the build at start, drafts included: a draft answers its author),
//! and a few by id (a search's page, a change followed).

use sqlx::Row;

use super::codec::from_json;
use super::{Result, Store};
use crate::domain::event::Event;

impl Store {
    /// Up to `limit` intelligence reports after id `after`, by id.
    pub async fn intelligence_after(&self, after: &str, limit: usize) -> Result<Vec<Event>> {
        let rows = sqlx::query(&format!(
            "SELECT body FROM events WHERE kind = 'intelligence' AND id > $1 ORDER BY id LIMIT {}",
            limit.clamp(1, 10_000)
        ))
        .bind(after)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| from_json(&r.try_get::<String, _>("body")?)).collect()
    }

    /// The intelligence reports with `ids` that are still held, in no order.
    pub async fn intelligence_by_ids(&self, ids: &[String]) -> Result<Vec<Event>> {
        let rows =
            self.rows_for_ids("SELECT body FROM events WHERE kind = 'intelligence' AND id IN ({ids})", ids).await?;
        rows.iter().map(|r| from_json(&r.try_get::<String, _>("body")?)).collect()
    }
}
