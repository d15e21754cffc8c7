//! Known places: custody suites and courts.

use sqlx::Row;

use super::codec::{from_json, to_json};
use super::{Result, Store, StoreError};
use crate::domain::location::{Location, LocationKind};

impl Store {
    /// Adds or refreshes fixed places (seeded suites and courts).
    pub async fn upsert_locations(&self, locations: &[Location]) -> Result<()> {
        let mut w = self.begin_write().await?;
        for l in locations {
            let kind = serde_json::to_value(l.kind).map_err(StoreError::corrupt)?;
            sqlx::query(
                "INSERT INTO locations (id, kind, name, body) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, body = excluded.body",
            )
            .bind(&l.id)
            .bind(kind.as_str().unwrap_or_default().to_string())
            .bind(&l.name)
            .bind(to_json(l)?)
            .execute(&mut *w.tx)
            .await?;
        }
        w.commit().await
    }

    pub async fn locations(&self, kind: Option<LocationKind>) -> Result<Vec<Location>> {
        let rows = sqlx::query("SELECT body FROM locations ORDER BY name").fetch_all(&self.pool).await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let l: Location = from_json(&row.try_get::<String, _>("body")?)?;
            if kind.is_none_or(|k| k == l.kind) {
                out.push(l);
            }
        }
        Ok(out)
    }
}
