//! Reading the change log and the derived flags it drives.

use std::collections::HashMap;

use sqlx::Row;

use super::codec::{from_json, parse_time};
use super::{Result, Store};
use crate::domain::change::Change;
use crate::domain::event::Flag;
use crate::domain::person::Flags;

impl Store {
    /// Changes after `seq`, oldest first.
    pub async fn changes_since(&self, seq: i64, limit: i64) -> Result<Vec<Change>> {
        let rows = sqlx::query(
            "SELECT seq, at, topic, op, record_id, version, person_ids, private_to FROM changes WHERE seq > $1 \
             ORDER BY seq LIMIT $2",
        )
        .bind(seq)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Change {
                    seq: row.try_get("seq")?,
                    at: parse_time(&row.try_get::<String, _>("at")?)?,
                    topic: row.try_get("topic")?,
                    op: row.try_get("op")?,
                    record_id: row.try_get("record_id")?,
                    version: row.try_get("version")?,
                    person_ids: from_json(&row.try_get::<String, _>("person_ids")?)?,
                    private_to: row.try_get("private_to")?,
                })
            })
            .collect()
    }

    pub async fn last_change(&self) -> Result<i64> {
        let seq: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM changes").fetch_one(&self.pool).await?;
        Ok(seq.unwrap_or(0))
    }

    /// Flags of the given people (all people with any flag when `None`).
    pub async fn flags(&self, person_ids: Option<&[String]>) -> Result<HashMap<String, Flags>> {
        let mut out: HashMap<String, Flags> = HashMap::new();
        let mut add = |rows: Vec<sqlx::any::AnyRow>| -> Result<()> {
            for row in rows {
                let id: String = row.try_get("person_id")?;
                let flag: String = row.try_get("flag")?;
                if let Some(flag) = Flag::parse(&flag) {
                    out.entry(id).or_default().set(flag);
                }
            }
            Ok(())
        };
        match person_ids {
            None => add(sqlx::query("SELECT person_id, flag FROM event_people WHERE flag IS NOT NULL")
                .fetch_all(&self.pool)
                .await?)?,
            Some(ids) => add(self
                .rows_for_ids(
                    "SELECT person_id, flag FROM event_people WHERE flag IS NOT NULL AND person_id IN ({ids})",
                    ids,
                )
                .await?)?,
        }
        Ok(out)
    }
}
