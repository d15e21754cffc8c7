//! Events linked to vehicles and phones, each with the object's part: an
//! event recorded with a mark or a number links to the record that has it,
//! or makes one; an event that says the object was stolen marks it so.

use sqlx::Row;

use super::codec::{from_json, to_json};
use super::write::{Actor, WriteTx};
use super::{Result, Store, StoreError};
use crate::domain::change::LINKED_OP;
use crate::domain::event::Event;
use crate::domain::object::{bare_phone, bare_vehicle, Object};
use crate::domain::object_link::{EventObject, ObjectEventLink, ObjectRole};
use crate::domain::object_marker::{ObjectMarker, ObjectMarkerKind};
use crate::domain::provenance::Provenance;

impl Store {
    /// Any event by its id, whatever its kind.
    pub async fn event_by_id(&self, id: &str) -> Result<Event> {
        let row = sqlx::query("SELECT body FROM events WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound { kind: "event", id: id.to_string() })?;
        from_json(&row.try_get::<String, _>("body")?)
    }

    /// Links an existing event to an object in `role` (once: linking again
    /// changes nothing).
    pub async fn link_event_to_object(
        &self,
        actor: &Actor,
        event: &Event,
        object_id: &str,
        role: ObjectRole,
    ) -> Result<ObjectEventLink> {
        let mut w = self.begin_write().await?;
        let object = w.current_object(object_id).await?;
        role.check_fits(object.details.kind_name())?;
        let provenance = Provenance::entered(&actor.username, w.now);
        let link = w.link_event_object(actor, event, object, role, provenance).await?;
        // Whoever has the record open reads its links again.
        let author = super::intelligence_authors::draft_author(event);
        w.change_for(author, event.kind.collection(), LINKED_OP, &event.id, event.version, &[]).await?;
        w.commit().await?;
        Ok(link)
    }
}

impl WriteTx<'_> {
    /// Links a new or changed event to each vehicle and phone it names.
    pub(super) async fn link_named_objects(
        &mut self,
        actor: &Actor,
        event: &Event,
        named: &[EventObject],
    ) -> Result<()> {
        let provenance = Provenance::entered(&actor.username, self.now);
        self.link_named_objects_as(actor, event, named, &provenance).await
    }

    /// As `link_named_objects`, each link with `provenance` (an imported
    /// row's source and reference).
    pub(super) async fn link_named_objects_as(
        &mut self,
        actor: &Actor,
        event: &Event,
        named: &[EventObject],
        provenance: &Provenance,
    ) -> Result<()> {
        for item in named {
            let (kind, key, role) = item.parts();
            let object = match kind {
                "vehicle" => self.object_with_key(actor, kind, key, bare_vehicle).await?,
                _ => self.object_with_key(actor, kind, key, bare_phone).await?,
            };
            self.link_event_object(actor, event, object, role, provenance.clone()).await?;
        }
        Ok(())
    }

    async fn link_event_object(
        &mut self,
        actor: &Actor,
        event: &Event,
        mut object: Object,
        role: ObjectRole,
        provenance: Provenance,
    ) -> Result<ObjectEventLink> {
        let link = ObjectEventLink { event_id: event.id.clone(), object_id: object.id.clone(), role, provenance };
        let done = sqlx::query(
            "INSERT INTO event_objects (event_id, object_id, role, body) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(&link.event_id)
        .bind(&link.object_id)
        .bind(role.as_str())
        .bind(to_json(&link)?)
        .execute(&mut *self.tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(link);
        }
        let detail =
            format!("{} {} linked to {} as {}", event.kind, event.reference, object.details.key(), role.as_str());
        self.audit(actor, "collection", "object", &object.id, &detail).await?;
        if role.is_theft() && !has_current(&object, ObjectMarkerKind::Stolen, self.now.date_naive()) {
            if let Some(markers) = object.details.markers_mut() {
                markers.push(ObjectMarker {
                    kind: ObjectMarkerKind::Stolen,
                    recorded_on: event.occurred_at.date_naive().min(self.now.date_naive()),
                    source: format!("{} {}", event.kind, event.reference),
                    expires_on: None,
                    note: String::new(),
                    // Where the link came from (an imported row's source and reference).
                    provenance: link.provenance.clone(),
                });
                let detail = format!("marked stolen by {} {}", event.kind, event.reference);
                self.replace_object(actor, &mut object, &detail).await?;
                return Ok(link);
            }
        }
        self.change("objects", "updated", &object.id, object.version, &[]).await?;
        Ok(link)
    }
}

fn has_current(object: &Object, kind: ObjectMarkerKind, today: chrono::NaiveDate) -> bool {
    object.details.markers().iter().any(|m| m.kind == kind && m.is_current(today))
}
