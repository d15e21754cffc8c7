//! A charge in custody as one write: the custody record closed with its
//! charged outcome, the prosecution case it opens (under a URN issued in
//! the same transaction) or joins, and the crime report charged on, each
//! naming the others. A refusal of any of them writes none.

use super::codec::new_id;
use super::write::{Actor, WriteTx};
use super::{Result, Store, StoreError};
use crate::domain::charge_case::push_once;
use crate::domain::event::{Event, EventDetails, EventInput, EventKind};
use crate::domain::link::LinkedRecord;

/// The case side of a charge.
#[derive(Debug, Clone)]
pub enum CaseWrite {
    /// A new case (`input` validated); its reference is the URN given, or
    /// the next of `urn_prefix` (force and unit, 4 characters) this year.
    Open { input: EventInput, urn_prefix: String },
    /// The existing case `id`, seen at `expected`, rewritten as `input`.
    Join { id: String, expected: i64, input: EventInput },
}

/// Everything a charge writes.
#[derive(Debug, Clone)]
pub struct ChargeWrite {
    pub custody_id: String,
    pub custody_expected: i64,
    /// The closed custody record; its link to the case is filled in here.
    pub custody: EventInput,
    pub case: CaseWrite,
    /// The crime report charged on, linked back to the case.
    pub crime_id: Option<String>,
}

impl Store {
    /// Writes a charge in one transaction; returns the custody record and
    /// the case as written.
    pub async fn charge_with_case(&self, actor: &Actor, charge: ChargeWrite) -> Result<(Event, Event)> {
        let mut w = self.begin_write().await?;
        let case = match charge.case {
            CaseWrite::Open { mut input, urn_prefix } => {
                if input.reference.is_none() {
                    input.reference = Some(w.next_urn(&urn_prefix).await?);
                }
                w.check_people(&input).await?;
                w.insert_new_event(actor, new_id(), input).await?
            }
            CaseWrite::Join { id, expected, input } => {
                w.update_event(actor, EventKind::Case, &id, expected, input).await?
            }
        };
        let mut custody = charge.custody;
        if let EventDetails::Custody(d) = &mut custody.details {
            d.case = Some(LinkedRecord::to(&case));
        }
        let closed =
            w.update_event(actor, EventKind::Custody, &charge.custody_id, charge.custody_expected, custody).await?;
        if let Some(crime_id) = &charge.crime_id {
            w.link_crime_to_case(actor, crime_id, &case).await?;
        }
        w.commit().await?;
        Ok((closed, case))
    }
}

impl Store {
    /// The record of `kind` under `reference` (a crime number, a URN), if any.
    pub async fn event_of_reference(&self, kind: EventKind, reference: &str) -> Result<Option<Event>> {
        let id: Option<String> = sqlx::query_scalar("SELECT id FROM events WHERE kind = $1 AND reference = $2")
            .bind(kind.as_str())
            .bind(reference)
            .fetch_optional(&self.pool)
            .await?;
        match id {
            Some(id) => Ok(Some(self.event(kind, &id).await?)),
            None => Ok(None),
        }
    }
}

impl WriteTx<'_> {
    /// The crime report names the case, as read inside this transaction.
    async fn link_crime_to_case(&mut self, actor: &Actor, crime_id: &str, case: &Event) -> Result<()> {
        let crime = self.current_event(EventKind::Crime, crime_id).await?;
        let mut details = crime.details.clone();
        if let EventDetails::Crime(d) = &mut details {
            if d.cases.iter().any(|l| l.id == case.id) {
                return Ok(());
            }
            push_once(&mut d.cases, &LinkedRecord::to(case));
        }
        let input = EventInput { details, ..crime.as_input() };
        self.update_event(actor, EventKind::Crime, crime_id, crime.version, input).await?;
        Ok(())
    }

    /// The next URN of `prefix` (force and unit) this year not already
    /// taken: five-digit serials, so a unit issues 99,999 a year.
    async fn next_urn(&mut self, prefix: &str) -> Result<String> {
        let year = self.now.format("%y").to_string();
        let counter = format!("urn:{prefix}{year}");
        loop {
            let serial = self.next_counter(&counter).await?;
            if serial > 99_999 {
                return Err(StoreError::Duplicate(format!("no URN left for unit {prefix} in 20{year}")));
            }
            let urn = format!("{prefix}{serial:05}{year}");
            let taken: Option<String> = sqlx::query_scalar("SELECT id FROM events WHERE kind = $1 AND reference = $2")
                .bind(EventKind::Case.as_str())
                .bind(&urn)
                .fetch_optional(&mut *self.tx)
                .await?;
            if taken.is_none() {
                return Ok(urn);
            }
        }
    }
}
