//! Keeping the in-memory subject index in step with the store: built whole
//! at start from the persons' stored summaries, then refreshed person by
//! person as the change log says.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};

use crate::domain::person::{marker_label, Flags};
use crate::domain::person_summary::PersonSummary;
use crate::search::{EntryName, SubjectDisplay, SubjectEntry, SubjectIndex};
use crate::store::{Store, StoreError};

/// What the index needs beyond the person's summary.
#[derive(Default)]
pub struct Extras {
    pub flags: Flags,
    pub vrms: Vec<String>,
    pub phones: Vec<String>,
    pub references: Vec<String>,
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
    let started = std::time::Instant::now();
    let total = store.count_persons().await?;
    tracing::info!(persons = total, "building the subject index");
    let mut extras: HashMap<String, Extras> = HashMap::new();
    for (id, flags) in store.flags(None).await? {
        extras.entry(id).or_default().flags = flags;
    }
    for (id, kind, key) in store.all_object_keys().await? {
        add_object(extras.entry(id).or_default(), &kind, key);
    }
    for (id, reference) in store.all_references().await? {
        extras.entry(id).or_default().references.push(reference);
    }
    tracing::info!(seconds = started.elapsed().as_secs_f64(), "read flags, objects and references");
    let today = Utc::now().date_naive();
    let mut entries = Vec::with_capacity(usize::try_from(total).unwrap_or(0));
    store
        .for_each_summary(|id, summary| {
            let x = extras.remove(&id).unwrap_or_default();
            entries.push(entry_for(id, summary, x, today));
            if entries.len() % 200_000 == 0 {
                tracing::info!(done = entries.len(), of = total, "reading persons");
            }
        })
        .await?;
    drop(extras);
    tracing::info!(seconds = started.elapsed().as_secs_f64(), "read persons");
    let index = tokio::task::spawn_blocking(move || SubjectIndex::build(entries))
        .await
        .map_err(|e| StoreError::Unavailable(e.to_string()))?;
    tracing::info!(persons = index.len(), seconds = started.elapsed().as_secs_f64(), "subject index ready");
    Ok(index)
}

/// The current entry for one person, or `None` when they no longer exist.
pub async fn load_entry(store: &Store, id: &str) -> Result<Option<SubjectEntry>, StoreError> {
    let summary = match store.person_summary(id).await {
        Ok(s) => s,
        Err(StoreError::NotFound { .. }) => return Ok(None),
        Err(e) => return Err(e),
    };
    let flags = store.flags(Some(&[id.to_string()])).await?.remove(id).unwrap_or_default();
    let mut extras = Extras { flags, references: store.references_for(id).await?, ..Extras::default() };
    for (kind, key) in store.object_keys_for(id).await? {
        add_object(&mut extras, &kind, key);
    }
    Ok(Some(entry_for(id.to_string(), summary, extras, Utc::now().date_naive())))
}
