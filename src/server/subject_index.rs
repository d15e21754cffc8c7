//! Keeping the in-memory subject index in step with the store: built whole
//! at start, then refreshed person by person as the change log says.

use std::collections::HashMap;

use chrono::Utc;

use crate::domain::person::{marker_label, Flags, IdentifierKind, Person};
use crate::search::{EntryName, SubjectDisplay, SubjectEntry, SubjectIndex};
use crate::store::{Store, StoreError};

/// What the index needs beyond the person record itself.
#[derive(Default)]
pub struct Extras {
    pub flags: Flags,
    pub vrms: Vec<String>,
    pub phones: Vec<String>,
    pub references: Vec<String>,
}

pub fn entry_for(person: &Person, extras: Extras) -> SubjectEntry {
    let today = Utc::now().date_naive();
    let d = &person.details;
    let mut identifiers: Vec<String> = d
        .identifiers
        .iter()
        .filter(|i| i.kind != IdentifierKind::Other || !i.value.is_empty())
        .map(|i| i.value.clone())
        .collect();
    identifiers.extend(d.phones.iter().map(|p| p.number.clone()));
    identifiers.extend(extras.phones);
    let primary = d.primary_name();
    SubjectEntry {
        id: person.id.clone(),
        names: d
            .names
            .iter()
            .map(|n| EntryName {
                forenames: n.forenames.clone(),
                surname: n.surname.clone(),
                alias: !std::ptr::eq(n, primary.unwrap_or(n)),
            })
            .collect(),
        date_of_birth: d.date_of_birth,
        identifiers,
        vrms: extras.vrms,
        references: extras.references,
        display: display_for(person, extras.flags, today),
    }
}

pub fn display_for(person: &Person, flags: Flags, today: chrono::NaiveDate) -> SubjectDisplay {
    let d = &person.details;
    SubjectDisplay {
        name: person.display_name(),
        date_of_birth: d.date_of_birth,
        area: d.current_address().map(|a| a.area()),
        markers: d
            .markers
            .iter()
            .filter(|m| m.is_current(today))
            .map(|m| marker_label(&m.category).to_string())
            .collect(),
        flags,
    }
}

/// Reads the whole store into a fresh index, logging progress.
pub async fn build(store: &Store) -> Result<SubjectIndex, StoreError> {
    let started = std::time::Instant::now();
    let total = store.count_persons().await?;
    tracing::info!(persons = total, "building the subject index");
    let mut extras: HashMap<String, Extras> = HashMap::new();
    for (id, flags) in store.flags(None).await? {
        extras.entry(id).or_default().flags = flags;
    }
    for (id, kind, key) in store.all_object_keys().await? {
        let e = extras.entry(id).or_default();
        match kind.as_str() {
            "vehicle" => e.vrms.push(key),
            "phone" => e.phones.push(key),
            _ => {}
        }
    }
    for (id, reference) in store.all_references().await? {
        extras.entry(id).or_default().references.push(reference);
    }
    let mut entries = Vec::with_capacity(usize::try_from(total).unwrap_or(0));
    let mut seen = 0usize;
    store
        .for_each_person(|person| {
            let x = extras.remove(&person.id).unwrap_or_default();
            entries.push(entry_for(&person, x));
            seen += 1;
            if seen % 100_000 == 0 {
                tracing::info!(done = seen, of = total, "reading persons");
            }
        })
        .await?;
    let index = tokio::task::spawn_blocking(move || SubjectIndex::build(entries))
        .await
        .map_err(|e| StoreError::Unavailable(e.to_string()))?;
    tracing::info!(persons = index.len(), seconds = started.elapsed().as_secs_f64(), "subject index ready");
    Ok(index)
}

/// The current entry for one person, or `None` when they no longer exist.
pub async fn load_entry(store: &Store, id: &str) -> Result<Option<SubjectEntry>, StoreError> {
    let person = match store.person(id).await {
        Ok(p) => p,
        Err(StoreError::NotFound { .. }) => return Ok(None),
        Err(e) => return Err(e),
    };
    let flags = store.flags(Some(&[id.to_string()])).await?.remove(id).unwrap_or_default();
    let mut extras = Extras { flags, references: store.references_for(id).await?, ..Extras::default() };
    for (kind, key) in store.object_keys_for(id).await? {
        match kind.as_str() {
            "vehicle" => extras.vrms.push(key),
            "phone" => extras.phones.push(key),
            _ => {}
        }
    }
    Ok(Some(entry_for(&person, extras)))
}
