//! Objects: vehicles, phones and property.

use sqlx::Row;

use super::codec::{from_json, new_id, to_json};
use super::write::{Actor, WriteTx};
use super::{Result, Store, StoreError};
use crate::domain::object::{Object, ObjectDetails};
use crate::domain::provenance::Provenance;

impl Store {
    pub async fn create_object(&self, actor: &Actor, details: ObjectDetails) -> Result<Object> {
        let mut w = self.begin_write().await?;
        let object =
            Object { id: new_id(), version: 1, details, provenance: Provenance::entered(&actor.username, w.now) };
        insert_object(&mut w, &object).await?;
        w.audit(actor, "collection", "object", &object.id, object.details.kind_name()).await?;
        w.change("objects", "created", &object.id, 1, &[]).await?;
        w.commit().await?;
        Ok(object)
    }

    pub async fn objects_by_ids(&self, ids: &[String]) -> Result<Vec<Object>> {
        let mut out = Vec::new();
        for id in ids {
            let row = sqlx::query("SELECT body FROM objects WHERE id = $1").bind(id).fetch_optional(&self.pool).await?;
            if let Some(row) = row {
                out.push(from_json(&row.try_get::<String, _>("body").map_err(StoreError::from)?)?);
            }
        }
        Ok(out)
    }

    /// (person, object kind, key) for each of `ids`: the VRMs and phones they are linked to.
    pub async fn object_keys_of(&self, ids: &[String]) -> Result<Vec<(String, String, String)>> {
        let rows = self
            .rows_for_ids(
                "SELECT l.person_id, o.kind, o.key FROM links l JOIN objects o ON o.id = l.target_id \
                 WHERE l.target = 'object' AND l.person_id IN ({ids})",
                ids,
            )
            .await?;
        rows.iter().map(|r| Ok((r.try_get("person_id")?, r.try_get("kind")?, r.try_get("key")?))).collect()
    }

    /// Every (person, object kind, key) pair, for building the subject index.
    pub async fn all_object_keys(&self) -> Result<Vec<(String, String, String)>> {
        let rows = sqlx::query(
            "SELECT l.person_id, o.kind, o.key FROM links l JOIN objects o ON o.id = l.target_id WHERE l.target = 'object'",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok((r.try_get("person_id")?, r.try_get("kind")?, r.try_get("key")?))).collect()
    }
}

pub(super) async fn insert_object(w: &mut WriteTx<'_>, object: &Object) -> Result<()> {
    sqlx::query("INSERT INTO objects (id, kind, key, version, body) VALUES ($1, $2, $3, $4, $5)")
        .bind(&object.id)
        .bind(object.details.kind_name())
        .bind(object.details.key())
        .bind(object.version)
        .bind(to_json(object)?)
        .execute(&mut *w.tx)
        .await?;
    Ok(())
}
