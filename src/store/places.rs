//! Places: one row per address key, so an address written two ways is one
//! place; recorded, resolved from a person's or an event's address, updated
//! with the version it was based on, and found by postcode or words.

use sqlx::Row;

use super::codec::{from_json, new_id, to_json};
use super::write::{Actor, WriteTx};
use super::{Result, Store, StoreError};
use crate::domain::address_key;
use crate::domain::location::Address;
use crate::domain::place::{Place, PlaceDetails, PlaceOrigin};
use crate::domain::provenance::Provenance;
use crate::domain::FieldError;

const KIND: &str = "place";

fn row_to_place(row: &sqlx::any::AnyRow) -> Result<Place> {
    from_json(&row.try_get::<String, _>("body")?)
}

impl Store {
    /// Records a place, or gives back the place already recorded at the
    /// same address key (`false`), with what this recording adds to it
    /// (warnings, coordinates, borough). `details` must already be validated.
    pub async fn record_place(&self, actor: &Actor, details: PlaceDetails) -> Result<(Place, bool)> {
        let mut w = self.begin_write().await?;
        let key = details.key();
        if let Some(mut existing) = w.place_by_key(&key).await? {
            if existing.take_news(details) {
                let expected = existing.version;
                existing.version += 1;
                existing.updated_at = w.now;
                replace_place(&mut w, &existing, expected).await?;
                w.audit(actor, "alteration", KIND, &existing.id, "recorded again: warnings or coordinates added")
                    .await?;
                w.change("places", "updated", &existing.id, existing.version, &[]).await?;
            } else {
                w.audit(actor, "consultation", KIND, &existing.id, "asked to record again: the same address key")
                    .await?;
            }
            w.commit().await?;
            return Ok((existing, false));
        }
        let place = new_place(&w, actor, key, details, PlaceOrigin::Entered);
        if !insert_place(&mut w, &place).await? {
            // Recorded by someone else a moment ago.
            drop(w);
            return Box::pin(self.record_place(actor, place.details())).await;
        }
        w.audit(actor, "collection", KIND, &place.id, "place recorded").await?;
        w.change("places", "created", &place.id, 1, &[]).await?;
        w.commit().await?;
        Ok((place, true))
    }

    pub async fn place(&self, id: &str) -> Result<Place> {
        let row = sqlx::query("SELECT body FROM places WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound { kind: KIND, id: id.to_string() })?;
        row_to_place(&row)
    }

    pub async fn places_by_ids(&self, ids: &[String]) -> Result<Vec<Place>> {
        let rows = self.rows_for_ids("SELECT body FROM places WHERE id IN ({ids})", ids).await?;
        rows.iter().map(row_to_place).collect()
    }

    /// Replaces a place's address and warnings if nobody changed it since
    /// `expected`; an address that is another place's is refused.
    pub async fn update_place(&self, actor: &Actor, id: &str, expected: i64, details: PlaceDetails) -> Result<Place> {
        let mut w = self.begin_write().await?;
        let row = sqlx::query("SELECT body FROM places WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *w.tx)
            .await?
            .ok_or_else(|| StoreError::NotFound { kind: KIND, id: id.to_string() })?;
        let mut place = row_to_place(&row)?;
        if place.version != expected {
            return Err(StoreError::Conflict { kind: KIND, id: id.into(), expected, current: place.version });
        }
        let key = details.key();
        if let Some(other) = w.place_by_key(&key).await?.filter(|p| p.id != id) {
            return Err(FieldError::new(
                "place.address",
                format!("is the address of another place ({}): link to that one", other.id),
            )
            .into());
        }
        place.key = key;
        place.address = details.address;
        place.warnings = details.warnings;
        place.version += 1;
        place.updated_at = w.now;
        replace_place(&mut w, &place, expected).await?;
        w.audit(actor, "alteration", KIND, id, "place updated").await?;
        w.change("places", "updated", id, place.version, &[]).await?;
        w.commit().await?;
        Ok(place)
    }
}

fn new_place(w: &WriteTx<'_>, actor: &Actor, key: String, details: PlaceDetails, origin: PlaceOrigin) -> Place {
    Place {
        id: new_id(),
        version: 1,
        key,
        address: details.address,
        warnings: details.warnings,
        origin,
        created_at: w.now,
        updated_at: w.now,
        provenance: Provenance::entered(&actor.username, w.now),
    }
}

impl WriteTx<'_> {
    pub(super) async fn place_by_key(&mut self, key: &str) -> Result<Option<Place>> {
        let row = sqlx::query("SELECT body FROM places WHERE key = $1").bind(key).fetch_optional(&mut *self.tx).await?;
        row.as_ref().map(row_to_place).transpose()
    }

    /// The place at `address` (already validated), made if there is none,
    /// as `by` made it from `origin`.
    pub(super) async fn resolve_place(&mut self, address: &Address, origin: PlaceOrigin, by: &str) -> Result<String> {
        let key = address_key::key(address);
        if let Some(existing) = self.place_by_key(&key).await? {
            return Ok(existing.id);
        }
        let actor = Actor::new(by, "place resolved from an address");
        let details = PlaceDetails { address: address.clone(), warnings: Vec::new() };
        let place = new_place(self, &actor, key, details, origin);
        if !insert_place(self, &place).await? {
            // Made by another writer a moment ago: theirs is the place.
            let id: String = sqlx::query_scalar("SELECT id FROM places WHERE key = $1")
                .bind(&place.key)
                .fetch_one(&mut *self.tx)
                .await?;
            return Ok(id);
        }
        self.change("places", "created", &place.id, 1, &[]).await?;
        Ok(place.id)
    }
}

/// Writes a place's new version over version `expected`.
async fn replace_place(w: &mut WriteTx<'_>, place: &Place, expected: i64) -> Result<()> {
    let done = sqlx::query(
        "UPDATE places SET key = $1, postcode = $2, version = $3, body = $4 WHERE id = $5 AND version = $6",
    )
    .bind(&place.key)
    .bind(&place.address.postcode)
    .bind(place.version)
    .bind(to_json(place)?)
    .bind(&place.id)
    .bind(expected)
    .execute(&mut *w.tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(StoreError::Conflict { kind: KIND, id: place.id.clone(), expected, current: -1 });
    }
    Ok(())
}

/// Inserts a new place unless its key is taken, by another writer at the
/// same moment too (PostgreSQL waits for that writer's commit): whether it
/// was inserted.
async fn insert_place(w: &mut WriteTx<'_>, place: &Place) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO places (id, key, postcode, version, body) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (key) DO NOTHING",
    )
    .bind(&place.id)
    .bind(&place.key)
    .bind(&place.address.postcode)
    .bind(place.version)
    .bind(to_json(place)?)
    .execute(&mut *w.tx)
    .await?;
    Ok(done.rows_affected() == 1)
}
