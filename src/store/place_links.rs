//! Links to places: entered (a person who works at or frequents a place, an
//! event linked to one), and derived from a person's stored addresses and
//! an event's own address, made again whenever that record is written, so
//! a household sharing an address shares one place.

use futures::TryStreamExt;
use sqlx::Row;

use super::codec::{from_json, new_id, to_json};
use super::write::{Actor, WriteTx};
use super::{Result, Store, StoreError};
use crate::domain::change::LINKED_OP;
use crate::domain::erasure::{Reach, Redactor};
use crate::domain::event::{Event, EventDetails, EventKind};
use crate::domain::link::LinkedRecord;
use crate::domain::location::Address;
use crate::domain::person::Person;
use crate::domain::place::{Place, PlaceOrigin};
use crate::domain::place_link::{NewPlaceLink, PlaceLink, PlaceRole};
use crate::domain::provenance::Provenance;
use crate::domain::FieldError;

fn row_to_link(row: &sqlx::any::AnyRow) -> Result<PlaceLink> {
    from_json(&row.try_get::<String, _>("body")?)
}

/// The address an event records as where it happened, if any.
pub fn event_address(details: &EventDetails) -> Option<&Address> {
    match details {
        EventDetails::Crime(d) => d.location.as_ref(),
        EventDetails::Incident(d) => d.location.address.as_ref(),
        _ => None,
    }
}

impl Store {
    /// Links a person or an event to a place. The person or event must
    /// exist; `new` must already be validated.
    pub async fn link_place(&self, actor: &Actor, place_id: &str, new: NewPlaceLink) -> Result<PlaceLink> {
        let mut w = self.begin_write().await?;
        let version: Option<i64> = sqlx::query_scalar("SELECT version FROM places WHERE id = $1")
            .bind(place_id)
            .fetch_optional(&mut *w.tx)
            .await?;
        let version = version.ok_or_else(|| StoreError::NotFound { kind: "place", id: place_id.to_string() })?;
        let mut event = None;
        let mut event_version: i64 = 0;
        let mut draft_author: Option<String> = None;
        let mut people = Vec::new();
        if let Some(person) = &new.person_id {
            let found: Option<String> = sqlx::query_scalar("SELECT id FROM persons WHERE id = $1")
                .bind(person.trim())
                .fetch_optional(&mut *w.tx)
                .await?;
            let found = found.ok_or_else(|| FieldError::new("person_id", format!("no person with id '{person}'")))?;
            people.push(found);
        }
        if let Some(e) = &new.event {
            let row = sqlx::query("SELECT reference, version, status, officer FROM events WHERE id = $1 AND kind = $2")
                .bind(e.id.trim())
                .bind(e.kind.as_str())
                .fetch_optional(&mut *w.tx)
                .await?;
            let row = row.ok_or_else(|| FieldError::new("event.id", format!("no {} with id '{}'", e.kind, e.id)))?;
            let reference: String = row.try_get("reference")?;
            event_version = row.try_get("version")?;
            // An intelligence draft's `officer` column is its author, the
            // only one who may hear that it changed.
            if e.kind == EventKind::Intelligence && row.try_get::<String, _>("status")? == "draft" {
                draft_author = row.try_get("officer")?;
            }
            event = Some(LinkedRecord { kind: e.kind, id: e.id.trim().to_string(), reference });
        }
        let link = PlaceLink::entered(new_id(), place_id, new, event, &actor.username, w.now);
        insert_link(&mut w, &link).await?;
        let what = match (&link.person_id, &link.event) {
            (Some(p), _) => format!("person {p} {} place", link.role.label()),
            (_, Some(e)) => format!("{} {} linked as {}", e.kind, e.reference, link.role.label()),
            _ => String::new(),
        };
        w.audit(actor, "collection", "place", place_id, &what).await?;
        w.change("places", "updated", place_id, version, &people).await?;
        if let Some(e) = &link.event {
            // Whoever has the record open reads its links again.
            w.change_for(draft_author.as_deref(), e.kind.collection(), LINKED_OP, &e.id, event_version, &[]).await?;
        }
        w.commit().await?;
        Ok(link)
    }

    /// Every link to a place, its people's and its records'.
    pub async fn place_links(&self, place_id: &str) -> Result<Vec<PlaceLink>> {
        let rows = sqlx::query("SELECT body FROM place_links WHERE place_id = $1")
            .bind(place_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(row_to_link).collect()
    }

    /// The links of people to a place (its records' links are read a page
    /// at a time: `linked_page`).
    pub async fn people_links_to_place(&self, place_id: &str) -> Result<Vec<PlaceLink>> {
        let rows = sqlx::query("SELECT body FROM place_links WHERE place_id = $1 AND person_id IS NOT NULL")
            .bind(place_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(row_to_link).collect()
    }

    /// A person's links to places, with the places.
    pub async fn places_of_person(&self, person_id: &str) -> Result<Vec<(PlaceLink, Place)>> {
        let rows = sqlx::query(
            "SELECT pl.body AS link, p.body FROM place_links pl JOIN places p ON p.id = pl.place_id \
             WHERE pl.person_id = $1",
        )
        .bind(person_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((from_json(&r.try_get::<String, _>("link")?)?, from_json(&r.try_get::<String, _>("body")?)?)))
            .collect()
    }
}

impl WriteTx<'_> {
    /// A new person's stored addresses, as places they live or lived at.
    pub(super) async fn link_person_addresses(&mut self, person: &Person) -> Result<()> {
        for a in &person.details.addresses {
            let place_id = self.resolve_place(&a.address, PlaceOrigin::PersonAddress, &a.provenance.entered_by).await?;
            let link = PlaceLink {
                id: new_id(),
                place_id,
                person_id: Some(person.id.clone()),
                event: None,
                role: PlaceRole::LivesAt,
                from: a.from,
                to: a.to,
                derived: true,
                provenance: a.provenance.clone(),
            };
            insert_link(self, &link).await?;
        }
        Ok(())
    }

    /// A changed person's addresses, as places again.
    pub(super) async fn relink_person_addresses(&mut self, person: &Person) -> Result<()> {
        sqlx::query("DELETE FROM place_links WHERE person_id = $1 AND derived = 1")
            .bind(&person.id)
            .execute(&mut *self.tx)
            .await?;
        self.link_person_addresses(person).await
    }

    /// A new event's own address as the place it happened.
    pub(super) async fn link_event_address(&mut self, event: &Event) -> Result<()> {
        let Some(address) = event_address(&event.details) else { return Ok(()) };
        let by = &event.provenance.entered_by;
        let place_id = self.resolve_place(address, PlaceOrigin::Event, by).await?;
        let link = PlaceLink {
            id: new_id(),
            place_id,
            person_id: None,
            event: Some(LinkedRecord { kind: event.kind, id: event.id.clone(), reference: event.reference.clone() }),
            role: PlaceRole::of_event(event.kind),
            from: None,
            to: None,
            derived: true,
            provenance: Provenance::entered(by, self.now),
        };
        insert_link(self, &link).await
    }

    /// A changed event's address, as its place again.
    pub(super) async fn relink_event_address(&mut self, event: &Event) -> Result<()> {
        sqlx::query("DELETE FROM place_links WHERE event_id = $1 AND derived = 1")
            .bind(&event.id)
            .execute(&mut *self.tx)
            .await?;
        self.link_event_address(event).await
    }

    /// An erased person's links to places go, and the places made only from
    /// their address with nothing else linked; warnings naming them are
    /// redacted. Returns how many places were removed.
    pub(super) async fn erase_from_places(&mut self, person_id: &str, redactor: &Redactor) -> Result<usize> {
        let places: Vec<String> = sqlx::query_scalar("SELECT DISTINCT place_id FROM place_links WHERE person_id = $1")
            .bind(person_id)
            .fetch_all(&mut *self.tx)
            .await?;
        sqlx::query("DELETE FROM place_links WHERE person_id = $1").bind(person_id).execute(&mut *self.tx).await?;
        let mut removed = 0;
        for id in places {
            let row =
                sqlx::query("SELECT body FROM places WHERE id = $1").bind(&id).fetch_optional(&mut *self.tx).await?;
            let Some(row) = row else { continue };
            let mut place: Place = from_json(&row.try_get::<String, _>("body")?)?;
            let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM place_links WHERE place_id = $1")
                .bind(&id)
                .fetch_one(&mut *self.tx)
                .await?;
            if left == 0 && place.origin == PlaceOrigin::PersonAddress && place.warnings.is_empty() {
                sqlx::query("DELETE FROM places WHERE id = $1").bind(&id).execute(&mut *self.tx).await?;
                self.change("places", "erased", &id, 0, &[]).await?;
                removed += 1;
                continue;
            }
            let mut changed = false;
            for w in &mut place.warnings {
                for text in w.note.iter_mut().chain(std::iter::once(&mut w.source)) {
                    if let Some(r) = redactor.redact(text, Reach::Anywhere) {
                        *text = r;
                        changed = true;
                    }
                }
            }
            if changed {
                sqlx::query("UPDATE places SET body = $1 WHERE id = $2")
                    .bind(to_json(&place)?)
                    .bind(&id)
                    .execute(&mut *self.tx)
                    .await?;
            }
        }
        Ok(removed)
    }
}

/// Every person's addresses and every event's address as places: once,
/// when places came to be (a migration), a page at a time.
pub(super) async fn resolve_existing(w: &mut WriteTx<'_>) -> Result<()> {
    tracing::info!("resolving stored addresses to places (once)");
    let mut after = String::new();
    loop {
        let page = super::persons::person_page(w, &after).await?;
        let Some(last) = page.last() else { break };
        after = last.id.clone();
        for person in &page {
            w.link_person_addresses(person).await?;
        }
    }
    let events: Vec<Event> = {
        let mut rows = sqlx::query("SELECT body FROM events WHERE kind IN ('crime', 'incident')").fetch(&mut *w.tx);
        let mut out = Vec::new();
        while let Some(row) = rows.try_next().await? {
            out.push(from_json(&row.try_get::<String, _>("body")?)?);
        }
        out
    };
    for event in &events {
        w.link_event_address(event).await?;
    }
    Ok(())
}

pub(super) async fn insert_link(w: &mut WriteTx<'_>, link: &PlaceLink) -> Result<()> {
    sqlx::query(
        "INSERT INTO place_links (id, place_id, person_id, event_id, role, derived, body) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&link.id)
    .bind(&link.place_id)
    .bind(link.person_id.clone())
    .bind(link.event.as_ref().map(|e| e.id.clone()))
    .bind(link.role.as_str())
    .bind(i64::from(link.derived))
    .bind(to_json(link)?)
    .execute(&mut *w.tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::person::PersonDetails;
    use crate::store::DatabaseUrl;

    fn resident(surname: &str, line: &str) -> PersonDetails {
        serde_json::from_value(serde_json::json!({
            "names": [{"forenames": "Sam", "surname": surname}],
            "addresses": [{"address": {"lines": [line], "postcode": "SW2 1AA"}}]
        }))
        .unwrap()
    }

    #[tokio::test]
    async fn addresses_stored_before_places_resolve_to_one_place_on_upgrade() {
        let dir = tempfile::tempdir().unwrap();
        let url = DatabaseUrl::sqlite(&dir.path().join("bluelamp.db"));
        let store = Store::open(&url).await.unwrap();
        let actor = Actor::new("pc.test", "test");
        let a = store.create_person(&actor, resident("Okoro", "12 Acacia Ave"), None).await.unwrap();
        let b = store.create_person(&actor, resident("Okoro", "12 ACACIA AVENUE, Brixton"), None).await.unwrap();
        // As a database from before places: no places, the migration not yet made.
        for sql in ["DELETE FROM place_links", "DELETE FROM places", "DELETE FROM schema_migrations WHERE version = 40"]
        {
            sqlx::query(sql).execute(&store.pool).await.unwrap();
        }
        drop(store);
        let store = Store::open(&url).await.unwrap();
        let (of_a, of_b) = (store.places_of_person(&a.id).await.unwrap(), store.places_of_person(&b.id).await.unwrap());
        assert_eq!((of_a.len(), of_b.len()), (1, 1));
        assert_eq!(of_a[0].1.id, of_b[0].1.id, "one household, one place");
        assert_eq!(of_a[0].0.role, PlaceRole::LivesAt);
        assert!(of_a[0].0.derived);
    }
}
