//! The places and vehicles an imported event row names, linked in the
//! import's transaction: the place at the address key (made if new) with
//! its part, the vehicle with the mark (made if new) with its part, each
//! link carrying the row's source and reference, audited and on the change
//! log; and the row's findings (a bad address or mark, left off).

use super::codec::new_id;
use super::place_links::insert_link;
use super::write::{Actor, WriteTx};
use super::Result;
use crate::domain::event::Event;
use crate::domain::imported::FindingRecord;
use crate::domain::link::LinkedRecord;
use crate::domain::location::Address;
use crate::domain::object_link::{EventObject, ObjectRole};
use crate::domain::place::PlaceOrigin;
use crate::domain::place_link::{PlaceLink, PlaceRole};
use crate::domain::provenance::Provenance;

/// What one imported row links its event to.
#[derive(Debug, Clone)]
pub struct ImportedEventLinks {
    pub event_id: String,
    /// The row's reference in its source.
    pub source_ref: String,
    pub place: Option<(Address, PlaceRole)>,
    pub vehicles: Vec<(String, ObjectRole)>,
}

impl WriteTx<'_> {
    /// Links `event` to the place and vehicles `links` names, as imported
    /// from `source`.
    pub(super) async fn link_imported_event(
        &mut self,
        actor: &Actor,
        source: &str,
        event: &Event,
        links: &ImportedEventLinks,
    ) -> Result<()> {
        let provenance = Provenance {
            entered_by: actor.username.clone(),
            entered_at: Some(self.now),
            source: Some(source.to_string()),
            source_ref: Some(links.source_ref.clone()),
        };
        if let Some((address, role)) = &links.place {
            let place_id = self.resolve_place(address, PlaceOrigin::Event, &actor.username).await?;
            // The event's own address may have linked it in this part already.
            let linked: Option<String> =
                sqlx::query_scalar("SELECT id FROM place_links WHERE place_id = $1 AND event_id = $2 AND role = $3")
                    .bind(&place_id)
                    .bind(&event.id)
                    .bind(role.as_str())
                    .fetch_optional(&mut *self.tx)
                    .await?;
            if linked.is_none() {
                let link = PlaceLink {
                    id: new_id(),
                    place_id: place_id.clone(),
                    person_id: None,
                    event: Some(LinkedRecord::to(event)),
                    role: *role,
                    from: None,
                    to: None,
                    derived: false,
                    provenance: provenance.clone(),
                };
                insert_link(self, &link).await?;
                let detail = format!(
                    "{} {} linked as {} (imported row {})",
                    event.kind,
                    event.reference,
                    role.label(),
                    links.source_ref
                );
                self.audit(actor, "collection", "place", &place_id, &detail).await?;
                let version: i64 = sqlx::query_scalar("SELECT version FROM places WHERE id = $1")
                    .bind(&place_id)
                    .fetch_one(&mut *self.tx)
                    .await?;
                self.change("places", "updated", &place_id, version, &[]).await?;
            }
        }
        let named: Vec<EventObject> =
            links.vehicles.iter().map(|(vrm, role)| EventObject::Vehicle { vrm: vrm.clone(), role: *role }).collect();
        self.link_named_objects_as(actor, event, &named, &provenance).await
    }

    /// Findings on imported event rows: a field left off, the row kept.
    pub(super) async fn insert_event_findings(&mut self, findings: &[FindingRecord]) -> Result<()> {
        for f in findings {
            sqlx::query(
                "INSERT INTO import_findings (source, source_ref, field, value, reason, rejected) \
                 VALUES ($1, $2, $3, $4, $5, 0)",
            )
            .bind(&f.source)
            .bind(&f.source_ref)
            .bind(&f.field)
            .bind(&f.value)
            .bind(&f.reason)
            .execute(&mut *self.tx)
            .await?;
        }
        Ok(())
    }
}
