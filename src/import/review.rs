//! The review queue's accept: a possible match confirmed by a reviewer, the
//! row's person folded into the candidate (and splittable again).

use chrono::Utc;

use super::merge::merge_into;
use super::ImportError;
use crate::domain::person::{Person, PersonDetails};
use crate::domain::FieldError;
use crate::store::{AcceptWrite, Actor, Store, StoreError};

/// Accepts `source`/`source_ref`'s possible match; returns the candidate as merged.
pub async fn accept(store: &Store, actor: &Actor, source: &str, source_ref: &str) -> Result<Person, ImportError> {
    let item = store.review_item(source, source_ref).await?;
    if item.status != "open" {
        return Err(StoreError::Invalid(FieldError::new("reference", format!("already {}", item.status))).into());
    }
    let row = store.import_row(source, source_ref).await?;
    let record: PersonDetails = serde_json::from_value(row.record)
        .map_err(|e| StoreError::Invalid(FieldError::new("record", format!("the stored row cannot be read: {e}"))))?;
    let candidate = store.person(&item.candidate_id).await?;
    let before = candidate.details.clone();
    let expected = candidate.version;
    let mut merged = Person { version: expected + 1, updated_at: Utc::now(), ..candidate };
    merge_into(&mut merged.details, &record);
    let write = AcceptWrite {
        source: source.to_string(),
        source_ref: source_ref.to_string(),
        candidate: merged.clone(),
        expected,
        before,
        absorbed: item.person_id,
    };
    store.write_accept(actor, &write).await?;
    Ok(merged)
}
