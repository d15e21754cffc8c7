//! What the custody routes need beyond the common event writes: knowing a
//! retried booking before anything is checked again, booking a detainee in
//! as one write (a new person and the record together, never one alone),
//! an arrest on a warrant as one write (the record and the executed
//! warrant together), and an arrest on answering bail likewise.

use super::cells::CellClaim;
use super::codec::new_id;
use super::idempotency::{Claim, IdempotencyKey};
use super::persons::insert_person;
use super::write::{Actor, WriteTx};
use super::{Result, Store, StoreError};
use crate::domain::event::{Event, EventDetails, EventInput, EventKind, Flag};
use crate::domain::link::{EventPerson, EventRole};
use crate::domain::person::{Person, PersonDetails};
use crate::domain::provenance::Provenance;

/// Who is booked in.
#[derive(Debug, Clone)]
pub enum Detainee {
    /// Someone on record, by person id.
    Existing(String),
    /// A new person (already validated), created in the booking's own
    /// transaction so a refused booking leaves no person behind.
    New(Box<PersonDetails>),
}

impl Store {
    /// The custody record a write by `username` under `key` created, if
    /// that key was seen before: a retry is answered with the first result.
    /// A key that made another kind of record, or came with another
    /// request, is refused.
    pub async fn written_under_key(&self, username: &str, key: impl Into<IdempotencyKey>) -> Result<Option<String>> {
        self.made_under_key(username, &key.into(), EventKind::Custody.as_str()).await
    }

    /// Opens a custody record for `detainee` in one transaction: the new
    /// person (if any), the record, their audit and change-log entries.
    /// `input` must already be validated; its people are replaced by the
    /// detainee. Someone already on an open custody record is refused, and
    /// that is checked inside the transaction, so two bookings of one person
    /// at once cannot both succeed; so is the cell (see [`CellClaim`]). A
    /// retry under `key` returns the first record.
    pub async fn book_in(
        &self,
        actor: &Actor,
        detainee: Detainee,
        input: EventInput,
        cell: &CellClaim,
        key: Option<&IdempotencyKey>,
    ) -> Result<Event> {
        let mut w = self.begin_write().await?;
        let event = w.book_in(actor, detainee, input, cell, key).await?;
        w.commit().await?;
        Ok(event)
    }

    /// An arrest on a warrant, in one transaction: the custody record it
    /// opens for `person_id` (as [`Store::book_in`], `booking` validated),
    /// the case the record names (a bench warrant's) linked back to it,
    /// and `warrant`, executed, naming that record. A refusal of either,
    /// such as a warrant changed since `expected`, writes neither.
    #[allow(clippy::too_many_arguments)]
    pub async fn execute_warrant(
        &self,
        actor: &Actor,
        person_id: &str,
        booking: EventInput,
        cell: &CellClaim,
        key: &str,
        warrant_id: &str,
        expected: i64,
        mut warrant: EventInput,
    ) -> Result<Event> {
        let mut w = self.begin_write().await?;
        let key = IdempotencyKey::from(key);
        let custody = w.book_in(actor, Detainee::Existing(person_id.to_string()), booking, cell, Some(&key)).await?;
        if let EventDetails::Custody(d) = &custody.details {
            if let Some(case) = &d.case {
                w.link_custody_to_case(actor, &case.id, &custody).await?;
            }
        }
        if let EventDetails::Warrant(d) = &mut warrant.details {
            if let Some(execution) = &mut d.execution {
                execution.custody_record_id = Some(custody.id);
            }
        }
        let executed = w.update_event(actor, EventKind::Warrant, warrant_id, expected, warrant).await?;
        w.commit().await?;
        Ok(executed)
    }
}

impl Store {
    /// Bail answered with an arrest, in one transaction: the custody record
    /// the arrest opens for `person_id` (as [`Store::book_in`], `booking`
    /// validated), and the record that granted the bail, its bail answered
    /// and naming the new record. A refusal of either, such as a cell in
    /// use or a record changed since `expected`, writes neither.
    #[allow(clippy::too_many_arguments)]
    pub async fn answer_bail_rearrested(
        &self,
        actor: &Actor,
        person_id: &str,
        booking: EventInput,
        cell: &CellClaim,
        bailed_id: &str,
        expected: i64,
        mut answered: EventInput,
    ) -> Result<(Event, Event)> {
        let mut w = self.begin_write().await?;
        let custody = w.book_in(actor, Detainee::Existing(person_id.to_string()), booking, cell, None).await?;
        if let EventDetails::Custody(d) = &mut answered.details {
            if let Some(closure) = d.bail.as_mut().and_then(|b| b.closure.as_mut()) {
                closure.custody_record_id = Some(custody.id.clone());
            }
        }
        let answered = w.update_event(actor, EventKind::Custody, bailed_id, expected, answered).await?;
        w.commit().await?;
        Ok((answered, custody))
    }
}

impl Store {
    /// A custody record's change that puts its detainee in a cell (a move or
    /// a transfer), written as [`Store::update_event`] with the cell checked
    /// in the same transaction.
    pub async fn update_custody_placed(
        &self,
        actor: &Actor,
        id: &str,
        expected: i64,
        mut input: EventInput,
        cell: &CellClaim,
    ) -> Result<Event> {
        let mut w = self.begin_write().await?;
        w.claim_cell(cell, Some(id), &mut input).await?;
        let event = w.update_event(actor, EventKind::Custody, id, expected, input).await?;
        w.commit().await?;
        Ok(event)
    }
}

impl WriteTx<'_> {
    /// [`Store::book_in`] within this transaction.
    async fn book_in(
        &mut self,
        actor: &Actor,
        detainee: Detainee,
        mut input: EventInput,
        cell: &CellClaim,
        key: Option<&IdempotencyKey>,
    ) -> Result<Event> {
        let id = new_id();
        if let Claim::Made(existing) = self.claim(actor, key, EventKind::Custody.as_str(), &id).await? {
            return self.current_event(EventKind::Custody, &existing).await;
        }
        let person_id = match detainee {
            Detainee::Existing(id) => {
                self.refuse_if_in_custody(&id).await?;
                id
            }
            Detainee::New(details) => {
                let person = Person {
                    id: new_id(),
                    version: 1,
                    details: *details,
                    created_at: self.now,
                    updated_at: self.now,
                    provenance: Provenance::entered(&actor.username, self.now),
                };
                insert_person(self, &person).await?;
                self.audit(actor, "collection", "person", &person.id, "person created at booking in").await?;
                self.change("persons", "created", &person.id, 1, std::slice::from_ref(&person.id)).await?;
                person.id
            }
        };
        input.people = vec![EventPerson { person_id: person_id.clone(), role: EventRole::Detainee }];
        self.claim_cell(cell, None, &mut input).await?;
        self.insert_new_event(actor, id, input).await
    }

    /// Refuses a person who does not exist or is on an open custody record.
    async fn refuse_if_in_custody(&mut self, person_id: &str) -> Result<()> {
        let found: Option<String> = sqlx::query_scalar("SELECT id FROM persons WHERE id = $1")
            .bind(person_id)
            .fetch_optional(&mut *self.tx)
            .await?;
        if found.is_none() {
            return Err(StoreError::NotFound { kind: "person", id: person_id.to_string() });
        }
        let open: Option<String> =
            sqlx::query_scalar("SELECT reference FROM event_people WHERE person_id = $1 AND flag = $2")
                .bind(person_id)
                .bind(Flag::InCustody.as_str())
                .fetch_optional(&mut *self.tx)
                .await?;
        match open {
            Some(reference) => Err(StoreError::Duplicate(format!(
                "person {person_id} is already in custody on open record {reference}: release or transfer them first"
            ))),
            None => Ok(()),
        }
    }
}
