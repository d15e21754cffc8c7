//! Undoing a merge: a row taken back out of the person it was merged into.
//! The person is rebuilt from its details just before that merge with every
//! later merge replayed, and the row becomes a person of its own: the one it
//! was before it was joined in, under the same id, or else a new one.

use chrono::Utc;

use super::merge::merge_into;
use super::ImportError;
use crate::domain::person::{Person, PersonDetails};
use crate::domain::FieldError;
use crate::store::{Actor, SplitWrite, Store, StoreError};

/// Splits `source`/`source_ref` out of its person; returns (the person as
/// rebuilt, the row's own person).
pub async fn split(
    store: &Store,
    actor: &Actor,
    source: &str,
    source_ref: &str,
) -> Result<(Person, Person), ImportError> {
    let row = store.import_row(source, source_ref).await?;
    let Some(before) = row.before.clone() else {
        return Err(StoreError::Invalid(FieldError::new(
            "reference",
            format!("{source}/{source_ref} was not merged into another record"),
        ))
        .into());
    };
    let record: PersonDetails = serde_json::from_value(row.record.clone())
        .map_err(|e| StoreError::Invalid(FieldError::new("record", format!("the stored row cannot be read: {e}"))))?;
    let person = store.person(&row.person_id).await?;
    // Later merges are replayed on the earlier state, and each one's
    // "before" rewritten so that it too can be split exactly afterwards.
    let mut details = before;
    let mut rebased = Vec::new();
    for later in store.person_import_rows(&row.person_id).await?.into_iter().filter(|r| r.seq > row.seq) {
        if later.before.is_some() {
            if let Ok(d) = serde_json::from_value::<PersonDetails>(later.record) {
                rebased.push((later.source, later.source_ref, details.clone()));
                merge_into(&mut details, &d);
            }
        }
    }
    let now = Utc::now();
    let expected = person.version;
    let restored = Person { version: expected + 1, details, updated_at: now, ..person };
    // A joined person was unchanged since import (or it would not have been
    // joined), so its row's record is the whole of it.
    let own_id = match row.joined_from {
        Some(id) if matches!(store.person(&id).await, Err(StoreError::NotFound { .. })) => id,
        _ => uuid::Uuid::new_v4().to_string(),
    };
    let separated = Person {
        id: own_id,
        version: 1,
        provenance: record.names.first().map(|n| n.provenance.clone()).unwrap_or_default(),
        details: record,
        created_at: now,
        updated_at: now,
    };
    let write = SplitWrite {
        source: source.to_string(),
        source_ref: source_ref.to_string(),
        restored: restored.clone(),
        expected,
        separated: separated.clone(),
        rebased,
    };
    store.write_split(actor, &write).await?;
    Ok((restored, separated))
}
