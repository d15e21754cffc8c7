//! Mapping-driven import of legacy CSV exports. The file is streamed in
//! batches; each batch is linked and written in one transaction with its
//! provenance, so an interruption leaves whole rows only and a re-run picks
//! up where it stopped (rows already imported are skipped).

pub mod dates;
pub mod event_links;
pub mod event_mapping;
pub mod event_row;
mod events;
pub mod mapping;
mod merge;
mod review;
pub mod row;
mod split;
pub mod vehicle_part;

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::path::{Path, PathBuf};

use chrono::Utc;

use crate::domain::imported::{FindingRecord, ImportedRecord};
use crate::domain::person::{Person, PersonDetails};
use crate::domain::FieldError;
use crate::linkage::{Decision, EstimateReport, Features, LinkageConfig, Linker, Outcome};
use crate::store::{Actor, ImportWrite, ImportedRow, Rejoin, Store, StoreError};

pub use mapping::{Mapping, MappingError};
pub use merge::merge_into;
pub use review::accept;
pub use split::split;

/// Rows per transaction.
pub const BATCH: usize = 1_000;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Mapping(#[from] MappingError),
    #[error("cannot read {path}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("cannot read {path}")]
    Csv { path: PathBuf, source: csv::Error },
    #[error("row {row}: {reason}")]
    Strict { row: u64, reason: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub source: String,
    /// Stop at the first malformed row (a bad field included) instead of
    /// leaving the field out with a finding, or writing the row to the rejects.
    pub strict: bool,
    /// Where malformed rows are listed (row number, reason).
    pub rejects: Option<PathBuf>,
    pub linkage: LinkageConfig,
    /// Called with bytes read so far, for a progress bar.
    pub username: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportReport {
    pub rows: u64,
    pub imported: u64,
    pub skipped: u64,
    pub rejected: u64,
    pub created: u64,
    pub merged: u64,
    pub review: u64,
    /// Events made from the rows of an event file.
    pub events: u64,
    /// Persons of one earlier record joined into another through a row of
    /// this file that links both.
    pub joined: u64,
    /// Rows imported with a field left out (each field is a finding).
    pub with_findings: u64,
    /// How the linkage weights were estimated for this file, if they were.
    pub estimate: Option<EstimateReport>,
    /// The number under which the weights used were kept.
    pub weights: Option<i64>,
}

/// Where malformed rows are listed, with their row number and reason.
pub(crate) struct Rejects {
    writer: Option<(PathBuf, csv::Writer<File>)>,
}

impl Rejects {
    /// A rejected row as a finding kept with the import, by its reference
    /// when it has one.
    fn finding(
        source: &str,
        row: u64,
        reason: &str,
        record: &csv::StringRecord,
        plan: &mapping::Plan,
    ) -> FindingRecord {
        let parts: Vec<&str> = plan.reference.iter().map(|&i| record.get(i).unwrap_or_default().trim()).collect();
        let source_ref = if parts.iter().any(|p| p.is_empty()) { format!("row {row}") } else { parts.join("/") };
        FindingRecord {
            source: source.to_string(),
            source_ref,
            field: "row".into(),
            value: String::new(),
            reason: reason.to_string(),
            rejected: true,
            person_id: None,
        }
    }

    fn create(path: Option<&Path>) -> Result<Self, ImportError> {
        let Some(path) = path else { return Ok(Self { writer: None }) };
        // The reasons quote what the rows held: personal data, for the owner alone.
        let f = crate::store::create_private(path)
            .map_err(|source| ImportError::Io { path: path.to_path_buf(), source })?;
        let mut w = csv::Writer::from_writer(f);
        w.write_record(["row", "reason"]).map_err(|source| ImportError::Csv { path: path.to_path_buf(), source })?;
        Ok(Self { writer: Some((path.to_path_buf(), w)) })
    }

    /// Lists a malformed row, or stops the import under `--strict`.
    fn reject(
        &mut self,
        options: &ImportOptions,
        report: &mut ImportReport,
        row: u64,
        reason: String,
    ) -> Result<(), ImportError> {
        if options.strict {
            return Err(ImportError::Strict { row, reason });
        }
        report.rejected += 1;
        if let Some((path, w)) = self.writer.as_mut() {
            w.write_record([row.to_string(), reason])
                .map_err(|source| ImportError::Csv { path: path.clone(), source })?;
        }
        Ok(())
    }

    fn finish(self) -> Result<(), ImportError> {
        if let Some((path, mut w)) = self.writer {
            w.flush().map_err(|source| ImportError::Io { path, source })?;
        }
        Ok(())
    }
}

/// A mapping file read and checked for syntax; columns are checked against
/// the header when the import starts.
pub struct LoadedMapping {
    pub text: String,
    pub mapping: Mapping,
}

impl LoadedMapping {
    pub fn read(path: &Path) -> Result<Self, ImportError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| ImportError::Io { path: path.to_path_buf(), source })?;
        Self::parse(text)
    }

    pub fn parse(text: String) -> Result<Self, ImportError> {
        let mapping = Mapping::parse(&text)?;
        Ok(Self { text, mapping })
    }

    /// Opens a file laid out as this mapping says: its reader, and its header.
    pub fn open(&self, file: &Path) -> Result<(csv::Reader<File>, Vec<String>), ImportError> {
        let delimiter = self.mapping.delimiter_byte(&self.text)?;
        let open = File::open(file).map_err(|source| ImportError::Io { path: file.to_path_buf(), source })?;
        let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(open);
        let header = reader
            .headers()
            .map_err(|source| ImportError::Csv { path: file.to_path_buf(), source })?
            .iter()
            .map(str::to_string)
            .collect();
        Ok((reader, header))
    }
}

/// Loads every known person into a linker.
pub async fn linker_for(store: &Store, config: LinkageConfig) -> Result<Linker, ImportError> {
    let mut linker = Linker::new(config);
    let single = store.single_row_persons().await?;
    store
        .for_each_person(|p| {
            linker.add(&p.id, &p.details);
            // A person changed by hand since import is merged by hand only.
            if !single.contains(&p.id) || p.version > 1 {
                linker.pin(&p.id);
            }
        })
        .await?;
    Ok(linker)
}

struct Pending {
    write: ImportWrite,
    /// Persons created in this batch, by id, with their position in `write.created`.
    created: HashMap<String, usize>,
    /// Existing persons merged into in this batch.
    updated: HashMap<String, usize>,
}

/// Imports one file. `progress` is called with the bytes read so far.
pub async fn import_file(
    store: &Store,
    linker: &mut Linker,
    file: &Path,
    mapping: &LoadedMapping,
    options: &ImportOptions,
    mut progress: impl FnMut(u64),
) -> Result<ImportReport, ImportError> {
    let (mut reader, header) = mapping.open(file)?;
    let csv_err = |source| ImportError::Csv { path: file.to_path_buf(), source };
    if let Some(event) = &mapping.mapping.event {
        if mapping.mapping.name.is_some() {
            return Err(MappingError::Whole(
                "a mapping has either [name] (nominals) or [event] (events), not both".into(),
            )
            .into());
        }
        let plan = event.plan(&mapping.text, &header)?;
        let reference = mapping.mapping.reference_columns(&mapping.text, &header)?;
        store.register_source(&options.source, mapping.mapping.source_kind(&mapping.text)?).await?;
        let mut rejects = Rejects::create(options.rejects.as_deref())?;
        let report =
            events::import_events(store, file, &mut reader, &plan, &reference, options, &mut rejects, progress).await?;
        rejects.finish()?;
        return Ok(report);
    }
    let plan = mapping.mapping.plan(&mapping.text, &header)?;
    store.register_source(&options.source, mapping.mapping.source_kind(&mapping.text)?).await?;
    for name in &plan.unique {
        linker.mark_unique(name);
    }
    let mut report = ImportReport::default();
    if options.linkage.estimate {
        let estimate = estimate_weights(linker, file, mapping, &plan, &options.source)?;
        let body = serde_json::json!({ "estimate": estimate, "levels": linker.weights_table() });
        report.weights = Some(store.record_linkage_weights(&options.source, &body).await?);
        report.estimate = Some(estimate);
    }
    let mut rejects = Rejects::create(options.rejects.as_deref())?;
    let actor = Actor::new(&options.username, format!("import of legacy source {}", options.source));
    let mut rejected: Vec<FindingRecord> = Vec::new();
    let mut seen_refs: HashSet<String> = HashSet::new();
    let mut record = csv::StringRecord::new();
    let mut rows: Vec<(u64, row::Nominal)> = Vec::with_capacity(BATCH);
    let mut row_no = 1u64;
    let columns = reader.headers().map_err(csv_err)?.clone();
    // One batch is written while the next is linked: the linker works in
    // memory on this thread, the write on another.
    let mut writing: Option<tokio::task::JoinHandle<Result<(), StoreError>>> = None;
    let streamed: Result<(), ImportError> = async {
        loop {
            let more = reader.read_record(&mut record).map_err(csv_err)?;
            if more {
                row_no += 1;
                report.rows += 1;
                let read = row::check_cells(&columns, &record).and_then(|()| {
                    row::read(&plan, &record, &options.source, &options.username, Utc::now(), options.strict)
                });
                match read {
                    Ok(nominal) => rows.push((row_no, nominal)),
                    Err(reason) => {
                        rejected.push(Rejects::finding(&options.source, row_no, &reason, &record, &plan));
                        rejects.reject(options, &mut report, row_no, reason)?
                    }
                }
            }
            if rows.len() >= BATCH || (!more && !rows.is_empty()) {
                let batch = std::mem::take(&mut rows);
                let linked = link_batch(store, linker, options, batch, &mut seen_refs, &mut report).await?;
                finish_write(writing.take()).await?;
                let mut write = prepare_write(store, options, linked, &mut report).await?;
                write.findings.append(&mut rejected);
                if !write.rows.is_empty() || !write.findings.is_empty() {
                    let (store, actor) = (store.clone(), actor.clone());
                    writing = Some(tokio::spawn(async move { store.write_import(&actor, &write).await }));
                }
                progress(reader.position().byte());
            }
            if !more {
                return Ok(());
            }
        }
    }
    .await;
    // Whatever stopped the stream, the batch being written is seen through.
    let written = finish_write(writing).await;
    streamed.and(written)?;
    rejects.finish()?;
    progress(reader.position().byte());
    Ok(report)
}

/// Reads the whole file once to estimate the linkage weights for it (a
/// sample of a large one), and links with them from then on.
pub fn estimate_weights(
    linker: &mut Linker,
    file: &Path,
    mapping: &LoadedMapping,
    plan: &mapping::Plan,
    source: &str,
) -> Result<EstimateReport, ImportError> {
    let started = std::time::Instant::now();
    let (mut reader, _) = mapping.open(file)?;
    let mut sample = Sample::new(crate::linkage::SAMPLE);
    let mut record = csv::StringRecord::new();
    let now = Utc::now();
    while reader.read_record(&mut record).map_err(|source| ImportError::Csv { path: file.to_path_buf(), source })? {
        if let Ok(nominal) = row::read(plan, &record, source, "estimate", now, false) {
            sample.offer(nominal);
        }
    }
    let rows = sample.seen;
    let features: Vec<Features> = sample.kept.iter().map(|n| Features::of_row(&n.details, &n.left_out)).collect();
    let mut estimate = linker.estimate_for(&features, rows);
    estimate.report.seconds = started.elapsed().as_secs_f64();
    let report = estimate.report.clone();
    linker.use_estimate(estimate);
    Ok(report)
}

/// An even sample of rows streamed past (reservoir sampling), the same on every run.
pub struct Sample<T> {
    pub kept: Vec<T>,
    pub seen: usize,
    size: usize,
    rng: rand::rngs::StdRng,
}

impl<T> Sample<T> {
    pub fn new(size: usize) -> Self {
        use rand::SeedableRng;
        Self { kept: Vec::new(), seen: 0, size, rng: rand::rngs::StdRng::seed_from_u64(23) }
    }

    pub fn offer(&mut self, item: T) {
        use rand::Rng;
        self.seen += 1;
        if self.kept.len() < self.size {
            self.kept.push(item);
        } else {
            let j = self.rng.gen_range(0..self.seen);
            if j < self.size {
                self.kept[j] = item;
            }
        }
    }
}

/// Waits for a batch's write, if one is under way.
async fn finish_write(writing: Option<tokio::task::JoinHandle<Result<(), StoreError>>>) -> Result<(), ImportError> {
    if let Some(handle) = writing {
        handle
            .await
            .map_err(|e| StoreError::Invalid(FieldError::new("import", format!("the write failed: {e}"))))??;
    }
    Ok(())
}

/// A batch's rows with where linkage put them.
struct Linked {
    placed: Vec<(row::Nominal, Decision, String)>,
    /// Persons already in the store that rows were merged into.
    existing: Vec<String>,
    /// Persons already in the store joined into others.
    earlier: Vec<String>,
}

/// Links every new row of a batch, in order, in memory.
async fn link_batch(
    store: &Store,
    linker: &mut Linker,
    options: &ImportOptions,
    batch: Vec<(u64, row::Nominal)>,
    seen_refs: &mut HashSet<String>,
    report: &mut ImportReport,
) -> Result<Linked, ImportError> {
    let refs: Vec<String> = batch.iter().map(|(_, n)| n.reference.clone()).collect();
    let done = store.imported_refs(&options.source, &refs).await?;
    let mut placed = Vec::with_capacity(batch.len());
    let mut new_ids: HashSet<String> = HashSet::new();
    let mut existing: Vec<String> = Vec::new();
    let mut earlier: Vec<String> = Vec::new();
    for (_, nominal) in batch {
        if done.contains(&nominal.reference) || !seen_refs.insert(nominal.reference.clone()) {
            report.skipped += 1;
            continue;
        }
        // Time-ordered ids, so a batch's new persons land together at the
        // end of the id indexes instead of dirtying pages all over them.
        let record = Features::of_row(&nominal.details, &nominal.left_out);
        let (mut decision, person_id) =
            linker.place_features(&nominal.details, record, || uuid::Uuid::now_v7().to_string());
        decision.weights = report.weights;
        if decision.outcome == Outcome::Merged {
            if !new_ids.contains(&person_id) && !existing.contains(&person_id) {
                existing.push(person_id.clone());
            }
        } else {
            new_ids.insert(person_id.clone());
        }
        for joined in &decision.joined {
            if !new_ids.contains(&joined.person) {
                earlier.push(joined.person.clone());
            }
        }
        placed.push((nominal, decision, person_id));
    }
    Ok(Linked { placed, existing, earlier })
}

/// Reads the persons merged into (the batch before has been written) and
/// folds the rows in, in order.
async fn prepare_write(
    store: &Store,
    options: &ImportOptions,
    linked: Linked,
    report: &mut ImportReport,
) -> Result<ImportWrite, ImportError> {
    let now = Utc::now();
    let mut pending = Pending {
        write: ImportWrite { source: options.source.clone(), ..Default::default() },
        created: HashMap::new(),
        updated: HashMap::new(),
    };
    for person in store.persons_by_ids(&linked.existing).await? {
        let version = person.version;
        let mut next = person;
        next.version += 1;
        next.updated_at = now;
        pending.updated.insert(next.id.clone(), pending.write.updated.len());
        pending.write.updated.push((next, version));
    }
    let mut earlier: HashMap<String, ImportedRecord> = HashMap::new();
    for row in store.import_rows_of_persons(&linked.earlier).await? {
        earlier.insert(row.person_id.clone(), row);
    }
    // Rows in order; a row whose person is joined into another moves after
    // the row that joined it, so that a later split replays them in order.
    let mut rows: Vec<Option<PlacedRow>> = Vec::with_capacity(linked.placed.len());
    let mut row_of: HashMap<String, usize> = HashMap::new();
    let mut dropped: HashSet<String> = HashSet::new();
    let mut joined_into: HashMap<String, String> = HashMap::new();
    for (nominal, decision, person_id) in linked.placed {
        if !nominal.findings.is_empty() {
            report.with_findings += 1;
        }
        for f in &nominal.findings {
            pending.write.findings.push(FindingRecord {
                source: options.source.clone(),
                source_ref: nominal.reference.clone(),
                field: f.field.clone(),
                value: f.value.clone(),
                reason: f.reason.clone(),
                rejected: false,
                person_id: None,
            });
        }
        let mut before = None;
        if decision.outcome == Outcome::Merged && decision.candidate.is_some() {
            before = Some(merge_person(&mut pending, &person_id, &nominal.details)?);
            report.merged += 1;
        } else {
            let person = Person {
                id: person_id.clone(),
                version: 1,
                details: nominal.details.clone(),
                created_at: now,
                updated_at: now,
                provenance: nominal.details.names[0].provenance.clone(),
            };
            pending.created.insert(person_id.clone(), pending.write.created.len());
            pending.write.created.push(person);
            row_of.insert(person_id.clone(), rows.len());
            report.created += 1;
            if decision.outcome == Outcome::Review {
                report.review += 1;
            }
        }
        report.imported += 1;
        let through = format!("{}/{}", options.source, nominal.reference);
        let joined = decision.joined.clone();
        rows.push(Some(PlacedRow {
            reference: nominal.reference,
            person_id: person_id.clone(),
            details: nominal.details,
            decision,
            before,
            rejoin: None,
        }));
        for j in joined {
            let in_batch = row_of.get(&j.person).and_then(|&i| rows[i].take());
            let Some(mut row) = joined_row(in_batch, &mut earlier, &j.person, report)? else { continue };
            if row.rejoin.is_none() {
                dropped.insert(j.person.clone());
            }
            row.person_id = person_id.clone();
            row.before = Some(merge_person(&mut pending, &person_id, &row.details)?);
            row.decision.outcome = Outcome::Merged;
            row.decision.candidate = Some(person_id.clone());
            row.decision.score = Some(j.score);
            row.decision.note = Some(format!("joined into {person_id}: {through} links both (score {:.1})", j.score));
            report.joined += 1;
            joined_into.insert(j.person.clone(), person_id.clone());
            rows.push(Some(row));
        }
    }
    pending.write.created.retain(|p| !dropped.contains(&p.id));
    let mut rows: Vec<PlacedRow> = rows.into_iter().flatten().collect();
    // A row of this batch queued for review against a person since joined
    // is queued against the person it joined.
    for row in rows.iter_mut().filter(|r| r.decision.outcome == Outcome::Review) {
        if let Some(into) = row.decision.candidate.as_ref().and_then(|c| joined_into.get(c)) {
            if *into == row.person_id {
                report.review -= 1;
                row.decision.outcome = Outcome::New;
                row.decision.note = Some("its possible match was since joined into this person".into());
            }
            row.decision.candidate = Some(into.clone());
        }
    }
    pending.write.rows = rows.into_iter().map(PlacedRow::into_write).collect::<Result<_, _>>()?;
    Ok(pending.write)
}

/// A row as linkage placed it, while its batch is prepared: a later row of
/// the batch may still join it into another person and change its decision.
#[derive(Debug)]
struct PlacedRow {
    reference: String,
    person_id: String,
    details: PersonDetails,
    decision: Decision,
    /// For a merge: the person's details just before this row was folded in.
    before: Option<PersonDetails>,
    /// Set when the row was imported earlier and is now joined into `person_id`.
    rejoin: Option<Rejoin>,
}

impl PlacedRow {
    /// The row as the store writes it, the decision recorded as its evidence.
    fn into_write(self) -> Result<ImportedRow, StoreError> {
        let decision = &self.decision;
        let evidence = serde_json::value::to_raw_value(decision).map_err(|e| {
            StoreError::Invalid(FieldError::new("evidence", format!("the decision cannot be recorded: {e}")))
        })?;
        // A review against the row's own person (its candidate was since
        // joined into it) is settled, not queued.
        let review_against = match decision.outcome {
            Outcome::Review => decision.candidate.clone().filter(|c| *c != self.person_id),
            Outcome::New | Outcome::Merged => None,
        };
        Ok(ImportedRow {
            outcome: decision.outcome.as_str().to_string(),
            score: decision.score,
            evidence,
            review_against,
            reference: self.reference,
            person_id: self.person_id,
            details: self.details,
            before: self.before,
            rejoin: self.rejoin,
        })
    }
}

/// The row of a person being joined into another: made earlier in this
/// batch (`in_batch`, its counts undone), or imported before (`earlier`).
fn joined_row(
    in_batch: Option<PlacedRow>,
    earlier: &mut HashMap<String, ImportedRecord>,
    person: &str,
    report: &mut ImportReport,
) -> Result<Option<PlacedRow>, ImportError> {
    if let Some(row) = in_batch {
        report.created -= 1;
        report.merged += 1;
        if row.decision.outcome == Outcome::Review {
            report.review -= 1;
        }
        return Ok(Some(row));
    }
    let Some(stored) = earlier.remove(person) else { return Ok(None) };
    let unreadable = |field: &str, e: serde_json::Error| {
        StoreError::Invalid(FieldError::new(field, format!("a stored row cannot be read: {e}")))
    };
    Ok(Some(PlacedRow {
        reference: stored.source_ref,
        person_id: stored.person_id,
        details: serde_json::from_value(stored.record).map_err(|e| unreadable("record", e))?,
        decision: serde_json::from_value(stored.evidence).map_err(|e| unreadable("evidence", e))?,
        before: None,
        rejoin: Some(Rejoin { source: stored.source, person: person.to_string() }),
    }))
}

/// Folds a row into a person of this batch, returning the person's details
/// just before.
fn merge_person(pending: &mut Pending, id: &str, details: &PersonDetails) -> Result<PersonDetails, ImportError> {
    let target = match (pending.created.get(id), pending.updated.get(id)) {
        (Some(&i), _) => &mut pending.write.created[i].details,
        (None, Some(&i)) => &mut pending.write.updated[i].0.details,
        (None, None) => return Err(StoreError::NotFound { kind: "person", id: id.to_string() }.into()),
    };
    let before = target.clone();
    merge_into(target, details);
    Ok(before)
}
