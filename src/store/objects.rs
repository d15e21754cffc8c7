//! Objects: vehicles, phones and property, with every key each is found by.

use sqlx::Row;

use super::codec::{from_json, new_id, to_json};
use super::write::{Actor, WriteTx};
use super::{Result, Store, StoreError};
use crate::domain::object::{Object, ObjectDetails};
use crate::domain::provenance::Provenance;

const KIND: &str = "object";

impl Store {
    pub async fn create_object(&self, actor: &Actor, details: ObjectDetails) -> Result<Object> {
        let mut w = self.begin_write().await?;
        let object = w.insert_new_object(actor, details).await?;
        w.commit().await?;
        Ok(object)
    }

    pub async fn object(&self, id: &str) -> Result<Object> {
        let row = sqlx::query("SELECT body FROM objects WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound { kind: KIND, id: id.to_string() })?;
        from_json(&row.try_get::<String, _>("body")?)
    }

    /// Replaces an object's details if nobody changed it since `expected`;
    /// `prepare` sees the stored record first (to keep its history).
    pub async fn update_object(
        &self,
        actor: &Actor,
        id: &str,
        expected: i64,
        prepare: impl FnOnce(&Object) -> Result<ObjectDetails>,
    ) -> Result<Object> {
        let mut w = self.begin_write().await?;
        let mut object = w.current_object(id).await?;
        if object.version != expected {
            return Err(StoreError::Conflict { kind: KIND, id: id.into(), expected, current: object.version });
        }
        object.details = prepare(&object)?;
        w.replace_object(actor, &mut object, "object updated").await?;
        w.commit().await?;
        Ok(object)
    }

    pub async fn objects_by_ids(&self, ids: &[String]) -> Result<Vec<Object>> {
        let rows = self.rows_for_ids("SELECT body FROM objects WHERE id IN ({ids})", ids).await?;
        rows.iter().map(|row| from_json(&row.try_get::<String, _>("body").map_err(StoreError::from)?)).collect()
    }

    /// How many vehicles, phones and places are stored.
    pub async fn pole_counts(&self) -> Result<(i64, i64, i64)> {
        let count = |sql: &'static str| async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(&self.pool).await };
        Ok((
            count("SELECT COUNT(*) FROM objects WHERE kind = 'vehicle'").await?,
            count("SELECT COUNT(*) FROM objects WHERE kind = 'phone'").await?,
            count("SELECT COUNT(*) FROM places").await?,
        ))
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

impl WriteTx<'_> {
    pub(super) async fn insert_new_object(&mut self, actor: &Actor, details: ObjectDetails) -> Result<Object> {
        let object =
            Object { id: new_id(), version: 1, details, provenance: Provenance::entered(&actor.username, self.now) };
        insert_object(self, &object).await?;
        self.audit(actor, "collection", KIND, &object.id, object.details.kind_name()).await?;
        self.change("objects", "created", &object.id, 1, &[]).await?;
        Ok(object)
    }

    pub(super) async fn current_object(&mut self, id: &str) -> Result<Object> {
        let row = sqlx::query("SELECT body FROM objects WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await?
            .ok_or_else(|| StoreError::NotFound { kind: KIND, id: id.to_string() })?;
        from_json(&row.try_get::<String, _>("body")?)
    }

    /// Writes the next version of `object` (its version is raised here),
    /// with its keys, audit entry and change.
    pub(super) async fn replace_object(&mut self, actor: &Actor, object: &mut Object, detail: &str) -> Result<()> {
        let expected = object.version;
        object.version += 1;
        let done = sqlx::query("UPDATE objects SET key = $1, version = $2, body = $3 WHERE id = $4 AND version = $5")
            .bind(object.details.key())
            .bind(object.version)
            .bind(to_json(&*object)?)
            .bind(&object.id)
            .bind(expected)
            .execute(&mut *self.tx)
            .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict { kind: KIND, id: object.id.clone(), expected, current: expected + 1 });
        }
        sqlx::query("DELETE FROM object_keys WHERE object_id = $1").bind(&object.id).execute(&mut *self.tx).await?;
        insert_keys(self, object).await?;
        self.audit(actor, "alteration", KIND, &object.id, detail).await?;
        // The people linked to it are found by its keys: their index entries follow.
        let people: Vec<String> =
            sqlx::query_scalar("SELECT person_id FROM links WHERE target = 'object' AND target_id = $1")
                .bind(&object.id)
                .fetch_all(&mut *self.tx)
                .await?;
        self.change("objects", "updated", &object.id, object.version, &people).await?;
        Ok(())
    }

    /// The vehicle or phone with this key, made when there is none.
    pub(super) async fn object_with_key(
        &mut self,
        actor: &Actor,
        kind: &str,
        key: &str,
        make: impl FnOnce(String) -> ObjectDetails,
    ) -> Result<Object> {
        let found: Option<String> = sqlx::query_scalar(
            "SELECT k.object_id FROM object_keys k JOIN objects o ON o.id = k.object_id \
             WHERE k.kind = $1 AND k.key = $2 ORDER BY CASE WHEN o.key = k.key THEN 0 ELSE 1 END, o.id LIMIT 1",
        )
        .bind(kind)
        .bind(key)
        .fetch_optional(&mut *self.tx)
        .await?;
        match found {
            Some(id) => self.current_object(&id).await,
            None => self.insert_new_object(actor, make(key.to_string())).await,
        }
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
    insert_keys(w, object).await
}

async fn insert_keys(w: &mut WriteTx<'_>, object: &Object) -> Result<()> {
    for key in object.details.keys() {
        sqlx::query("INSERT INTO object_keys (object_id, kind, key) VALUES ($1, $2, $3)")
            .bind(&object.id)
            .bind(object.details.kind_name())
            .bind(key)
            .execute(&mut *w.tx)
            .await?;
    }
    Ok(())
}
