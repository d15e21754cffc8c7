//! Keeping the in-memory subject index in step with the store: built whole
//! at start from the persons' stored summaries, then refreshed person by
//! person as the change log says.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};

use crate::domain::person::{marker_label, Flags};
use crate::domain::person_summary::PersonSummary;
use crate::search::{EntryName, EntryReference, SubjectDisplay, SubjectEntry, SubjectIndex};
use crate::store::{Store, StoreError};

/// What the index needs beyond the person's summary.
#[derive(Default)]
pub struct Extras {
    pub flags: Flags,
    pub vrms: Vec<String>,
    pub phones: Vec<String>,
    pub references: Vec<EntryReference>,
}

pub fn entry_for(id: String, summary: PersonSummary, extras: Extras, today: NaiveDate) -> SubjectEntry {
    let display = display_for(&summary, extras.flags, today);
    let mut identifiers = summary.identifiers;
    identifiers.extend(extras.phones);
    SubjectEntry {
        id,
        names: summary
            .names
            .into_iter()
            .map(|n| EntryName { forenames: n.forenames, surname: n.surname, alias: n.alias })
            .collect(),
        date_of_birth: summary.date_of_birth,
        identifiers,
        vrms: extras.vrms,
        references: extras.references,
        display,
    }
}

pub fn display_for(summary: &PersonSummary, flags: Flags, today: NaiveDate) -> SubjectDisplay {
    SubjectDisplay {
        name: summary.display_name(),
        date_of_birth: summary.date_of_birth,
        area: summary.area.clone(),
        markers: summary
            .markers
            .iter()
            .filter(|m| m.expires_on.is_none_or(|e| e >= today))
            .map(|m| marker_label(&m.category).to_string())
            .collect(),
        flags,
    }
}

fn add_object(extras: &mut Extras, kind: &str, key: String) {
    match kind {
        "vehicle" => extras.vrms.push(key),
        "phone" => extras.phones.push(key),
        _ => {}
    }
}

/// Reads the whole store into a fresh index, logging progress.
pub async fn build(store: &Store) -> Result<SubjectIndex, StoreError> {
    super::index_build::build(store).await
}

/// The current entries for `ids`: `None` for a person who no longer exists.
/// A few queries for the whole batch, so a bulk load is followed quickly.
pub async fn load_entries(store: &Store, ids: &[String]) -> Result<Vec<(String, Option<SubjectEntry>)>, StoreError> {
    let mut summaries: HashMap<String, PersonSummary> = store.person_summaries(ids).await?.into_iter().collect();
    let mut extras: HashMap<String, Extras> = HashMap::new();
    for (id, flags) in store.flags(Some(ids)).await? {
        extras.entry(id).or_default().flags = flags;
    }
    for (id, reference, kind) in store.references_of(ids).await? {
        extras.entry(id).or_default().references.push(EntryReference::new(kind, reference));
    }
    for (id, kind, key) in store.object_keys_of(ids).await? {
        add_object(extras.entry(id).or_default(), &kind, key);
    }
    let today = Utc::now().date_naive();
    Ok(ids
        .iter()
        .map(|id| {
            let entry = summaries
                .remove(id)
                .map(|summary| entry_for(id.clone(), summary, extras.remove(id).unwrap_or_default(), today));
            (id.clone(), entry)
        })
        .collect())
}
