//! The records linked to a vehicle, a phone or a place, read first as keys
//! (id, kind, when, the part, a draft's author) so that a profile decides
//! what its caller may know and which page to show before it reads any
//! record whole; then the page's records, whole. A profile of a place with
//! a thousand crimes reads a thousand short rows and a page of bodies,
//! not a thousand bodies.

use sqlx::Row;

use super::codec::from_json;
use super::{Result, Store, StoreError};
use crate::domain::event::{Event, EventKind};
use crate::domain::object_link::ObjectRole;
use crate::domain::place_link::PlaceRole;

/// One link from a record to a vehicle, phone or place, without the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedKey<R> {
    pub event_id: String,
    pub kind: EventKind,
    /// As stored: every time is written in one form, so it sorts as text.
    pub occurred_at: String,
    /// The author of an intelligence report still in draft: it is theirs
    /// alone to see.
    pub draft_author: Option<String>,
    pub role: R,
}

impl Store {
    /// Every link from a record to object `object_id`, in no order.
    pub async fn object_event_keys(&self, object_id: &str) -> Result<Vec<LinkedKey<ObjectRole>>> {
        let rows = sqlx::query(
            "SELECT e.id, e.kind, e.occurred_at, e.status, e.officer, eo.role \
             FROM event_objects eo JOIN events e ON e.id = eo.event_id WHERE eo.object_id = $1",
        )
        .bind(object_id)
        .fetch_all(&self.pool)
        .await?;
        keys(&rows, ObjectRole::parse)
    }

    /// Every link from a record to place `place_id`, in no order.
    pub async fn place_event_keys(&self, place_id: &str) -> Result<Vec<LinkedKey<PlaceRole>>> {
        let rows = sqlx::query(
            "SELECT e.id, e.kind, e.occurred_at, e.status, e.officer, pl.role \
             FROM place_links pl JOIN events e ON e.id = pl.event_id WHERE pl.place_id = $1",
        )
        .bind(place_id)
        .fetch_all(&self.pool)
        .await?;
        keys(&rows, PlaceRole::parse)
    }

    /// The records with `ids` that are still held, whatever their kind, in
    /// no order.
    pub async fn events_by_ids(&self, ids: &[String]) -> Result<Vec<Event>> {
        let rows = self.rows_for_ids("SELECT body FROM events WHERE id IN ({ids})", ids).await?;
        rows.iter().map(|r| from_json(&r.try_get::<String, _>("body")?)).collect()
    }
}

fn keys<R>(rows: &[sqlx::any::AnyRow], role_of: impl Fn(&str) -> Option<R>) -> Result<Vec<LinkedKey<R>>> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let kind: String = row.try_get("kind")?;
        let kind = kind.parse::<EventKind>().map_err(StoreError::corrupt)?;
        let role: String = row.try_get("role")?;
        let role = role_of(&role).ok_or_else(|| StoreError::corrupt(format!("link role '{role}'")))?;
        let status: String = row.try_get("status")?;
        let draft_author = match kind == EventKind::Intelligence && status == "draft" {
            true => Some(row.try_get::<Option<String>, _>("officer")?.unwrap_or_default()),
            false => None,
        };
        out.push(LinkedKey {
            event_id: row.try_get("id")?,
            kind,
            occurred_at: row.try_get("occurred_at")?,
            draft_author,
            role,
        });
    }
    Ok(out)
}
