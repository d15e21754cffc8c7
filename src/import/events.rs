//! Import of an event file: each row puts the person its nominal row was
//! linked to on an event (crime report, warrant…). Rows sharing the event's
//! own reference (a crime's suspect and victim) make one event with each
//! person on it, in one batch or across batches of the same source.
//! Streamed in batches written whole; rows already imported are skipped.

use std::collections::HashMap;

use chrono::Utc;

use super::event_links::RowLinks;
use super::event_mapping::EventPlan;
use super::event_row::{self, EventRow};
use super::row;
use super::{ImportError, ImportOptions, ImportReport, Rejects, BATCH};
use crate::domain::event::{Event, EventKind};
use crate::domain::imported::FindingRecord;
use crate::domain::link::EventPerson;
use crate::domain::provenance::Provenance;
use crate::store::{Actor, EventImportWrite, ImportedEvent, ImportedEventLinks, Store};

/// Reads `reader` to the end through `plan`.
#[allow(clippy::too_many_arguments)]
pub(super) async fn import_events<R: std::io::Read>(
    store: &Store,
    file: &std::path::Path,
    reader: &mut csv::Reader<R>,
    plan: &EventPlan,
    reference_columns: &[usize],
    options: &ImportOptions,
    rejects: &mut Rejects,
    mut progress: impl FnMut(u64),
) -> Result<ImportReport, ImportError> {
    let csv_err = |source| ImportError::Csv { path: file.to_path_buf(), source };
    let actor = Actor::new(&options.username, format!("import of legacy source {}", options.source));
    let nominal_source = plan.nominal_source.clone().unwrap_or_else(|| options.source.clone());
    let mut report = ImportReport::default();
    let mut record = csv::StringRecord::new();
    let mut rows: Vec<(u64, EventRow)> = Vec::with_capacity(BATCH);
    let mut seen = std::collections::HashSet::new();
    let mut row_no = 1u64;
    let columns = reader.headers().map_err(csv_err)?.clone();
    loop {
        let more = reader.read_record(&mut record).map_err(csv_err)?;
        if more {
            row_no += 1;
            report.rows += 1;
            let parts: Vec<&str> =
                reference_columns.iter().map(|&i| record.get(i).unwrap_or_default().trim()).collect();
            let read = if parts.iter().any(|p| p.is_empty()) {
                Err("the reference is empty".to_string())
            } else {
                row::check_cells(&columns, &record)
                    .and_then(|()| event_row::read(plan, parts.join("/"), &record, Utc::now()))
            };
            match read {
                Ok(row) if options.strict && !row.links.findings.is_empty() => {
                    let f = &row.links.findings[0];
                    return Err(ImportError::Strict { row: row_no, reason: format!("{}: {}", f.field, f.reason) });
                }
                Ok(row) => rows.push((row_no, row)),
                Err(reason) => rejects.reject(options, &mut report, row_no, reason)?,
            }
        }
        if rows.len() >= BATCH || (!more && !rows.is_empty()) {
            let batch = std::mem::take(&mut rows);
            let context = Batch { store, actor: &actor, options, nominal_source: &nominal_source };
            context.write(batch, &mut seen, rejects, &mut report).await?;
            progress(reader.position().byte());
        }
        if !more {
            break;
        }
    }
    progress(reader.position().byte());
    Ok(report)
}

/// Where an event a row puts its person on is in a batch's write: made by
/// this batch, or made by an earlier one and joined.
#[derive(Debug, Clone, Copy)]
enum InBatch {
    Made(usize),
    Joined(usize),
}

struct Batch<'a> {
    store: &'a Store,
    actor: &'a Actor,
    options: &'a ImportOptions,
    nominal_source: &'a str,
}

impl Batch<'_> {
    async fn write(
        &self,
        batch: Vec<(u64, EventRow)>,
        seen: &mut std::collections::HashSet<String>,
        rejects: &mut Rejects,
        report: &mut ImportReport,
    ) -> Result<(), ImportError> {
        let source = &self.options.source;
        let refs: Vec<String> = batch.iter().map(|(_, r)| r.reference.clone()).collect();
        let done = self.store.imported_event_refs(source, &refs).await?;
        let nominals: Vec<String> = batch.iter().map(|(_, r)| r.nominal_ref.clone()).collect();
        let persons = self.store.nominal_persons(self.nominal_source, &nominals).await?;
        let mut by_kind: HashMap<_, Vec<String>> = HashMap::new();
        // Rows imported before are skipped: a re-import looks nothing up for them.
        for (_, r) in batch.iter().filter(|(_, r)| !done.contains(&r.reference)) {
            if let Some(reference) = &r.input.reference {
                by_kind.entry(r.input.details.kind()).or_default().push(reference.clone());
            }
        }
        // Events under these references already: one this source made before
        // is joined by the rows naming it; any other is not this file's.
        let mut existing = HashMap::new();
        for (kind, references) in &by_kind {
            for (reference, ours) in self.store.events_by_reference(source, *kind, references).await? {
                existing.insert((*kind, reference), ours);
            }
        }
        let now = Utc::now();
        let mut write = EventImportWrite { source: source.clone(), ..EventImportWrite::default() };
        // (kind, reference) → where the event is in this batch's write.
        let mut pending: HashMap<(EventKind, String), InBatch> = HashMap::new();
        for (row_no, row) in batch {
            if done.contains(&row.reference) || !seen.insert(row.reference.clone()) {
                report.skipped += 1;
                continue;
            }
            let Some(person_id) = persons.get(&row.nominal_ref) else {
                let reason =
                    format!("the nominal '{}' has not been imported from {}", row.nominal_ref, self.nominal_source);
                rejects.reject(self.options, report, row_no, reason)?;
                continue;
            };
            let kind = row.input.details.kind();
            let reference = match row.input.reference.clone() {
                Some(r) => r,
                None => format!("{}/{}", kind.reference_prefix(), row.reference),
            };
            let key = (kind, reference.clone());
            let person = EventPerson { person_id: person_id.clone(), role: row.role };
            if !pending.contains_key(&key) {
                // Taken out once joined: the batch's own copy is pending from then on.
                match existing.get_mut(&key).map(Option::take) {
                    Some(Some(event)) => {
                        let expected = event.version;
                        let event = Event { version: expected + 1, updated_at: now, ..event };
                        pending.insert(key.clone(), InBatch::Joined(write.joined.len()));
                        write.joined.push((event, expected));
                    }
                    Some(None) => {
                        let reason = format!("a {kind} with reference '{reference}' already exists");
                        rejects.reject(self.options, report, row_no, reason)?;
                        continue;
                    }
                    None => {}
                }
            }
            let place = match pending.get(&key) {
                // Another person on an event of this file: a crime's suspect and victim.
                Some(&place) => place,
                None => {
                    let mut input = row.input;
                    input.people = Vec::new();
                    let provenance = Provenance {
                        entered_by: self.options.username.clone(),
                        entered_at: Some(now),
                        source: Some(source.clone()),
                        source_ref: Some(row.reference.clone()),
                    };
                    let event = input.into_event(uuid::Uuid::new_v4().to_string(), reference, now, provenance);
                    let place = InBatch::Made(write.created.len());
                    write.created.push(event);
                    pending.insert(key, place);
                    place
                }
            };
            let event = match place {
                InBatch::Made(i) => &mut write.created[i],
                InBatch::Joined(i) => &mut write.joined[i].0,
            };
            if !event.people.contains(&person) {
                event.people.push(person);
            }
            let event_id = event.id.clone();
            let RowLinks { place: address, vehicles, findings } = row.links;
            if address.is_some() || !vehicles.is_empty() {
                let (event_id, source_ref) = (event_id.clone(), row.reference.clone());
                write.links.push(ImportedEventLinks { event_id, source_ref, place: address, vehicles });
            }
            if !findings.is_empty() {
                report.with_findings += 1;
            }
            write.findings.extend(findings.into_iter().map(|f| FindingRecord {
                source: source.clone(),
                source_ref: row.reference.clone(),
                field: f.field,
                value: f.value,
                reason: f.reason,
                rejected: false,
                person_id: Some(person_id.clone()),
            }));
            write.rows.push(ImportedEvent {
                source_ref: row.reference,
                nominal_source: self.nominal_source.to_string(),
                nominal_ref: row.nominal_ref,
                event_id,
                kind,
                person_id: person_id.clone(),
            });
        }
        if !write.rows.is_empty() {
            self.store.write_event_import(self.actor, &write).await?;
            report.imported += write.rows.len() as u64;
            report.events += write.created.len() as u64;
        }
        Ok(())
    }
}
