//! What seven old systems would have exported for the synthetic London:
//! crime recording, intelligence, safeguarding, ASB, custody, case
//! preparation and warrants, each in its own CSV layout and with its own
//! habits, plus the truth (which rows are the same person) for tests.

mod event_files;
mod layouts;
mod noise;

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::pick::chance;
use super::{Generator, NamePool, SeedConfig};
use crate::domain::person::Person;

/// The file the truth is written to: `source,reference,person`.
pub const TRUTH_FILE: &str = "truth.csv";

/// The legacy source names, in the order they are written.
pub fn sources() -> Vec<&'static str> {
    layouts::LAYOUTS.iter().map(|l| l.source).collect()
}

/// The event files, each with the nominal source its rows refer to, in
/// the order they are written (import them after the nominals).
pub fn event_sources() -> Vec<(&'static str, &'static str)> {
    event_files::EVENT_LAYOUTS.iter().map(|l| (l.source, l.nominals)).collect()
}

/// The export file of a source inside the exports directory.
pub fn export_path(dir: &Path, source: &str) -> PathBuf {
    dir.join(format!("{source}.csv"))
}

#[derive(Debug, thiserror::Error)]
pub enum LegacyError {
    #[error("cannot write {path}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("cannot write {path}")]
    Csv { path: PathBuf, source: csv::Error },
}

/// Rows written per source.
#[derive(Debug, Clone, Default)]
pub struct LegacyReport {
    pub persons: usize,
    pub rows: Vec<(&'static str, usize)>,
    /// Rows written per event file.
    pub events: Vec<(&'static str, usize)>,
}

impl LegacyReport {
    pub fn total_rows(&self) -> usize {
        self.rows.iter().map(|(_, n)| n).sum()
    }
}

struct Out {
    path: PathBuf,
    writer: csv::Writer<BufWriter<File>>,
}

impl Out {
    fn create(path: PathBuf, delimiter: u8) -> Result<Self, LegacyError> {
        let file = File::create(&path).map_err(|source| LegacyError::Io { path: path.clone(), source })?;
        let writer = csv::WriterBuilder::new().delimiter(delimiter).from_writer(BufWriter::new(file));
        Ok(Self { path, writer })
    }

    fn row<I, T>(&mut self, cells: I) -> Result<(), LegacyError>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.writer.write_record(cells).map_err(|source| LegacyError::Csv { path: self.path.clone(), source })
    }

    fn finish(mut self) -> Result<(), LegacyError> {
        self.writer.flush().map_err(|source| LegacyError::Io { path: self.path.clone(), source })
    }
}

/// Writes the seven exports and the truth for the London that `persons`
/// and `seed` generate. Streams: memory holds one batch of persons.
/// Writes the exports of a London named from the realistic pools (see [`NamePool`]).
pub fn write_exports(dir: &Path, persons: usize, seed: u64, now: DateTime<Utc>) -> Result<LegacyReport, LegacyError> {
    write_exports_named(dir, persons, seed, now, NamePool::Realistic)
}

/// Writes the exports of a London whose surnames are drawn from `pool`.
pub fn write_exports_named(
    dir: &Path,
    persons: usize,
    seed: u64,
    now: DateTime<Utc>,
    pool: NamePool,
) -> Result<LegacyReport, LegacyError> {
    std::fs::create_dir_all(dir).map_err(|source| LegacyError::Io { path: dir.to_path_buf(), source })?;
    let mut outs = Vec::with_capacity(layouts::LAYOUTS.len());
    for layout in &layouts::LAYOUTS {
        let mut out = Out::create(export_path(dir, layout.source), layout.delimiter)?;
        out.row(layout.columns.iter().map(|(name, _)| *name))?;
        outs.push(out);
    }
    let mut event_outs = Vec::with_capacity(event_files::EVENT_LAYOUTS.len());
    for layout in &event_files::EVENT_LAYOUTS {
        let mut out = Out::create(export_path(dir, layout.source), b',')?;
        out.row(layout.columns)?;
        event_outs.push(out);
    }
    let mut truth = Out::create(dir.join(TRUTH_FILE), b',')?;
    truth.row(["source", "reference", "person"])?;

    let mut generator = Generator::with_names(SeedConfig { persons, seed, now }, pool);
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x1e9a_c7e5);
    // Events draw from their own stream so the nominals stay as they were.
    let mut event_rng = ChaCha8Rng::seed_from_u64(seed ^ 0x7e5e_17f1);
    let mut report = LegacyReport {
        persons,
        rows: layouts::LAYOUTS.iter().map(|l| (l.source, 0)).collect(),
        events: event_files::EVENT_LAYOUTS.iter().map(|l| (l.source, 0)).collect(),
    };
    while let Some(batch) = generator.next_batch(1_000) {
        for mut person in batch.persons {
            add_ni_number(&mut person);
            let mut on_any = false;
            for (i, layout) in layouts::LAYOUTS.iter().enumerate() {
                // Everyone is on at least one system: the last chance is certain.
                let last = i + 1 == layouts::LAYOUTS.len();
                if !chance(&mut rng, layout.coverage) && (!last || on_any) {
                    continue;
                }
                on_any = true;
                let copies = if chance(&mut rng, layout.duplicates) { 2 } else { 1 };
                for _ in 0..copies {
                    report.rows[i].1 += 1;
                    let reference = format!("{}{:08}", layout.prefix, report.rows[i].1);
                    let nominal = noise::nominal(&mut rng, &person, layout.habits);
                    outs[i].row(layout.columns.iter().map(|(_, col)| layouts::cell(*col, &reference, &nominal)))?;
                    truth.row([layout.source, reference.as_str(), person.id.as_str()])?;
                    if let Some(e) = event_files::EVENT_LAYOUTS.iter().position(|l| l.nominals == layout.source) {
                        report.events[e].1 += 1;
                        let cells = event_files::row(&mut event_rng, e, report.events[e].1, &reference, now);
                        event_outs[e].row(cells)?;
                    }
                }
            }
        }
    }
    for out in outs.into_iter().chain(event_outs) {
        out.finish()?;
    }
    truth.finish()?;
    Ok(report)
}

/// Old systems held National Insurance numbers the new one never had: one
/// derived from the person's id, for about half of the adults.
fn add_ni_number(person: &mut Person) {
    use crate::domain::person::{Identifier, IdentifierKind};
    let digits: Vec<u32> = person.id.chars().filter_map(|c| c.to_digit(16)).collect();
    if digits.len() < 10 || digits[0] % 2 == 1 {
        return;
    }
    const PREFIX: &[u8; 20] = b"ABCEGHJKLMNPRSTWXYZO";
    let letter = |d: u32| PREFIX[d as usize % PREFIX.len()] as char;
    let serial: String = digits[3..9].iter().map(|d| char::from_digit(d % 10, 10).unwrap_or('0')).collect();
    let suffix = ['A', 'B', 'C', 'D'][digits[9] as usize % 4];
    person.details.identifiers.push(Identifier {
        kind: IdentifierKind::NiNumber,
        value: format!("{}{}{serial}{suffix}", letter(digits[1]), letter(digits[2])),
        label: None,
        provenance: Default::default(),
    });
}
