//! What the control room's incidents need beyond the common event writes:
//! a reference in the force's format, numbered within its day inside the
//! opening's own transaction; a close that opens a crime report or ASB case
//! and links the two both ways, as one write; and a repeat call closed
//! together with the incident it repeats.

use super::codec::new_id;
use super::idempotency::{Claim, IdempotencyKey};
use super::write::{Actor, WriteTx};
use super::{Result, Store, StoreError};
use crate::domain::event::{Event, EventDetails, EventInput, EventKind};
use crate::domain::incident::ReferenceFormat;
use crate::domain::link::LinkedRecord;

impl Store {
    /// Opens an incident (`input` validated, without a reference): the next
    /// serial of its day in `format`, the record, its audit and change-log
    /// entries. A retry under `key` returns the first incident.
    pub async fn open_incident(
        &self,
        actor: &Actor,
        input: EventInput,
        format: &ReferenceFormat,
        key: Option<&IdempotencyKey>,
    ) -> Result<Event> {
        let mut w = self.begin_write().await?;
        let id = new_id();
        if let Claim::Made(existing) = w.claim(actor, key, EventKind::Incident.as_str(), &id).await? {
            drop(w);
            return self.event(EventKind::Incident, &existing).await;
        }
        w.check_people(&input).await?;
        let reference = w.incident_reference(format, &input).await?;
        let event = w.insert_new_event(actor, id, EventInput { reference: Some(reference), ..input }).await?;
        w.commit().await?;
        Ok(event)
    }

    /// Closes incident `id` (seen at `expected`) with `incident`, and opens
    /// `record` (a crime report or ASB case naming the incident) in the same
    /// transaction; the incident's closure names the new record. Neither is
    /// written without the other. Returns the incident.
    pub async fn close_incident_opening(
        &self,
        actor: &Actor,
        id: &str,
        expected: i64,
        mut incident: EventInput,
        record: EventInput,
    ) -> Result<Event> {
        let mut w = self.begin_write().await?;
        let opened = w.insert_new_event(actor, new_id(), record).await?;
        if let EventDetails::Incident(d) = &mut incident.details {
            if let Some(closure) = &mut d.closure {
                closure.record = Some(LinkedRecord {
                    kind: opened.kind,
                    id: opened.id.clone(),
                    reference: opened.reference.clone(),
                });
            }
        }
        let closed = w.update_event(actor, EventKind::Incident, id, expected, incident).await?;
        w.commit().await?;
        Ok(closed)
    }

    /// Writes several versioned updates of records of `kind` as one: each
    /// must still be at the version it was read at, or none is written.
    pub async fn update_events_together(
        &self,
        actor: &Actor,
        kind: EventKind,
        updates: Vec<(String, i64, EventInput)>,
    ) -> Result<Vec<Event>> {
        let mut w = self.begin_write().await?;
        let mut written = Vec::with_capacity(updates.len());
        for (id, expected, input) in updates {
            written.push(w.update_event(actor, kind, &id, expected, input).await?);
        }
        w.commit().await?;
        Ok(written)
    }
}

impl WriteTx<'_> {
    /// The next reference of the incident's day not already taken (a
    /// seeded or imported incident may hold a serial the counter has not
    /// reached).
    async fn incident_reference(&mut self, format: &ReferenceFormat, input: &EventInput) -> Result<String> {
        let day = ReferenceFormat::day_of(input.occurred_at);
        let counter = format.counter(day);
        for _ in 0..10_000 {
            let reference = format.render(self.next_counter(&counter).await?, day);
            let taken: Option<String> = sqlx::query_scalar("SELECT id FROM events WHERE kind = $1 AND reference = $2")
                .bind(EventKind::Incident.as_str())
                .bind(&reference)
                .fetch_optional(&mut *self.tx)
                .await?;
            if taken.is_none() {
                return Ok(reference);
            }
        }
        Err(StoreError::Duplicate(format!("no free incident reference left on {day} in the format '{format}'")))
    }
}
