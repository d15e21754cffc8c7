//! Whether a detainee's cell is free, checked inside the transaction that
//! puts them there: two bookings or moves into one cell at the same moment
//! cannot both find it empty. The writers are serialised first (SQLite: the
//! store's write lock; PostgreSQL: the change log's order, taken before the
//! read and held to commit), so the read sees every placement committed
//! before it.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::codec::from_json;
use super::write::WriteTx;
use super::{Result, StoreError};
use crate::domain::custody::{check_cell, kinds, ActionError};
use crate::domain::event::{CustodyEntry, Event, EventDetails, EventInput, EventKind};
use crate::domain::link::EventRole;

/// A placement to check where it is written: doubling up only for
/// `share_reason`, which goes in the custody log as said `by` whom, `at`.
#[derive(Debug, Clone)]
pub struct CellClaim {
    pub share_reason: Option<String>,
    pub by: String,
    pub at: DateTime<Utc>,
}

impl WriteTx<'_> {
    /// Checks the cell `input` (a custody record, `record` when it exists
    /// already) puts its detainee in: refused while someone else is in it
    /// (naming them by reference and the suite by name), unless the claim
    /// gives a share reason, whose entry is then added to the record's log.
    pub(super) async fn claim_cell(
        &mut self,
        claim: &CellClaim,
        record: Option<&str>,
        input: &mut EventInput,
    ) -> Result<()> {
        let EventDetails::Custody(details) = &mut input.details else {
            return Ok(());
        };
        let me = detainee(&input.people);
        self.claim_change_order().await?;
        let rows = sqlx::query("SELECT id, body FROM events WHERE kind = $1 AND is_open = 1 AND suite = $2")
            .bind(EventKind::Custody.as_str())
            .bind(&details.suite_id)
            .fetch_all(&mut *self.tx)
            .await?;
        let mut occupants = Vec::new();
        for row in &rows {
            let id: String = row.try_get("id")?;
            if Some(id.as_str()) == record {
                continue;
            }
            let event: Event = from_json(&row.try_get::<String, _>("body")?)?;
            let in_cell =
                matches!(&event.details, EventDetails::Custody(d) if d.cell.eq_ignore_ascii_case(&details.cell));
            if in_cell && (me.is_none() || detainee(&event.people) != me) {
                occupants.push(event.reference);
            }
        }
        occupants.sort();
        match check_cell(details.cell.clone(), &occupants, claim.share_reason.as_deref()) {
            Ok(placement) => {
                if let Some(text) = placement.shared {
                    details.entries.push(CustodyEntry {
                        at: claim.at,
                        by: claim.by.clone(),
                        kind: kinds::CELL_SHARED.into(),
                        text,
                    });
                }
                Ok(())
            }
            Err(ActionError::Occupied(m)) => {
                let suite: Option<String> = sqlx::query_scalar("SELECT name FROM locations WHERE id = $1")
                    .bind(&details.suite_id)
                    .fetch_optional(&mut *self.tx)
                    .await?;
                Err(StoreError::Duplicate(format!("at {}, {m}", suite.unwrap_or_else(|| details.suite_id.clone()))))
            }
            Err(ActionError::Invalid(f)) => Err(f.into()),
            // The check refuses nothing else; said as it is, should it ever.
            Err(ActionError::Forbidden(m)) => Err(StoreError::Duplicate(m)),
        }
    }
}

/// The detainee among a record's people.
fn detainee(people: &[crate::domain::link::EventPerson]) -> Option<&str> {
    people.iter().find(|p| p.role == EventRole::Detainee).map(|p| p.person_id.as_str())
}
