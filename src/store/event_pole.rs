//! What an event's record lists beside its people: the vehicles, phones
//! and places linked to it, each with its part (stolen vehicle, crime
//! scene…), read in one query each for the event's read.

use sqlx::Row;

use super::codec::from_json;
use super::{Result, Store, StoreError};
use crate::domain::object::Object;
use crate::domain::object_link::ObjectRole;
use crate::domain::place::Place;
use crate::domain::place_link::{PlaceLink, PlaceRole};

impl Store {
    /// The vehicles and phones linked to event `event_id`, each with its role.
    pub async fn objects_of_event(&self, event_id: &str) -> Result<Vec<(Object, ObjectRole)>> {
        let rows = sqlx::query(
            "SELECT o.body, eo.role FROM event_objects eo JOIN objects o ON o.id = eo.object_id \
             WHERE eo.event_id = $1 ORDER BY eo.role, o.key",
        )
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        with_object_roles(&rows)
    }

    /// The places linked to event `event_id`, each with its link's role.
    pub async fn places_of_event(&self, event_id: &str) -> Result<Vec<(Place, PlaceRole)>> {
        let rows = sqlx::query(
            "SELECT p.body, pl.body AS link FROM place_links pl JOIN places p ON p.id = pl.place_id \
             WHERE pl.event_id = $1 ORDER BY pl.role, p.key",
        )
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let link: PlaceLink = from_json(&row.try_get::<String, _>("link")?)?;
            out.push((from_json(&row.try_get::<String, _>("body")?)?, link.role));
        }
        Ok(out)
    }
}

/// Rows of a body and an object's `role` in an event, read.
pub(super) fn with_object_roles<T: serde::de::DeserializeOwned>(
    rows: &[sqlx::any::AnyRow],
) -> Result<Vec<(T, ObjectRole)>> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let role: String = row.try_get("role")?;
        let role = ObjectRole::parse(&role).ok_or_else(|| StoreError::corrupt(format!("object role '{role}'")))?;
        out.push((from_json(&row.try_get::<String, _>("body")?)?, role));
    }
    Ok(out)
}
