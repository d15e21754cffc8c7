//! `bluelamp bench import`: writes the seven legacy exports for a synthetic
//! London, imports and links them all into an empty store, and prints the
//! time, the peak memory and the pairwise precision, recall and F1 against
//! the truth.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use chrono::{NaiveDate, Utc};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use super::stats::{memory, mib};
use crate::import::{estimate_weights, import_file, linker_for, row, ImportOptions, LoadedMapping};
use crate::linkage::{pair_scores, Calibration, Features, LinkageConfig, Linker};
use crate::seed::{legacy, NamePool};
use crate::store::{DatabaseUrl, Store};

#[derive(Debug, Args)]
pub struct ImportBenchArgs {
    /// Nominals (legacy rows) to aim for; persons are chosen to give about this many.
    #[arg(long, default_value_t = 1_000_000)]
    pub nominals: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The mappings directory.
    #[arg(long, default_value = "mappings")]
    pub mappings: PathBuf,
    /// Linkage thresholds and weights overriding the defaults (TOML).
    #[arg(long)]
    pub linkage: Option<PathBuf>,
    /// Where to write the exports and the database (kept afterwards); under the
    /// system's temporary directory when absent.
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// Link in memory and write nothing: linkage's own time and accuracy,
    /// for trying weights and thresholds quickly.
    #[arg(long)]
    pub link_only: bool,
    /// Print the weights estimated for each export.
    #[arg(long)]
    pub weights: bool,
    /// With --link-only: print every record not linked to its true person
    /// (whether a blocking key met them, the comparison and its score) and
    /// every one linked to another.
    #[arg(long)]
    pub misses: bool,
    /// The synthetic population's surnames: realistic (as concentrated as a
    /// real population's) or classic (the generator before, far more concentrated).
    #[arg(long, value_enum, default_value_t = Names::Realistic)]
    pub names: Names,
    /// The day the exports are written as of (YYYY-MM-DD): ages and the
    /// dates of events count to it. Fixed, so that a seed writes the same
    /// exports on any day and the figures can be made again; the default is
    /// the day the README's were measured.
    #[arg(long, default_value = AS_OF)]
    pub as_of: NaiveDate,
}

/// The day the README's synthetic figures were measured as of.
const AS_OF: &str = "2026-12-05";

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Names {
    Realistic,
    Classic,
}

impl From<Names> for NamePool {
    fn from(n: Names) -> Self {
        match n {
            Names::Realistic => NamePool::Realistic,
            Names::Classic => NamePool::Classic,
        }
    }
}

/// Legacy rows per person in the synthetic exports, measured.
const ROWS_PER_PERSON: f64 = 1.84;

pub async fn run(args: ImportBenchArgs) -> anyhow::Result<()> {
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join(format!("bluelamp-bench-import-{}", std::process::id())));
    if dir.join("bench.db").exists() {
        anyhow::bail!("{} already holds a benchmark database; give an empty --dir", dir.display());
    }
    // Read before the exports are written, which takes a while at a million
    // rows: a missing mapping or a bad setting is told at once.
    let config = crate::cli::import::load_linkage_config(args.linkage.as_deref())?;
    let mappings = read_mappings(&args.mappings)?;
    let exports = dir.join("exports");
    let persons = ((args.nominals as f64 / ROWS_PER_PERSON).ceil() as usize).max(1);
    let t = Instant::now();
    let as_of = args.as_of.and_hms_opt(12, 0, 0).context("--as-of")?.and_utc();
    let written = legacy::write_exports_named(&exports, persons, args.seed, as_of, args.names.into())?;
    println!("wrote {} legacy rows for {persons} persons in {:.1} s", written.total_rows(), t.elapsed().as_secs_f64());

    if args.link_only {
        return link_only(&mappings, &exports, &written, config, args.weights, args.misses);
    }
    let store = Store::open(&DatabaseUrl::sqlite(&dir.join("bench.db"))).await?;
    let started = Instant::now();
    let mut linker = linker_for(&store, config.clone()).await?;
    let bar = ProgressBar::new(written.total_rows() as u64);
    bar.set_style(
        ProgressStyle::with_template("importing {bar:40} {pos}/{len} rows ({per_sec}, {eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    for (source, rows) in &written.rows {
        let mapping = &mappings[source];
        let options = ImportOptions {
            source: source.to_string(),
            strict: false,
            rejects: None,
            linkage: config.clone(),
            username: "bench".into(),
        };
        let report =
            import_file(&store, &mut linker, &legacy::export_path(&exports, source), mapping, &options, |_| {}).await?;
        bar.inc(*rows as u64);
        let estimated = report.estimate.as_ref().map(|e| format!(", weights estimated in {:.2} s", e.seconds));
        bar.println(format!(
            "{source}: {} rows, {} new, {} merged, {} review, {} joined, {} rejected{}",
            report.rows,
            report.created,
            report.merged,
            report.review,
            report.joined,
            report.rejected,
            estimated.unwrap_or_default()
        ));
    }
    bar.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    let peak = memory().map(|(_, peak)| peak);

    let mut truth = read_truth(&exports)?;
    // Read as a migration team reconciles: what came from where, a page at a time.
    let mut items = Vec::with_capacity(truth.len());
    let mut after: Option<(String, String)> = None;
    loop {
        let from = after.as_ref().map(|(s, r)| (s.as_str(), r.as_str()));
        let page = store.source_rows(None, from, 50_000, crate::domain::kind_set::KindSet::ALL).await?;
        let Some(last) = page.last() else { break };
        after = Some((last.source.clone(), last.source_ref.clone()));
        for r in page {
            if let Some(t) = truth.remove(&(r.source, r.source_ref)) {
                items.push((r.person_id, t));
            }
        }
    }
    let scores = pair_scores(&items);
    println!(
        "imported and linked {} nominals into {} persons in {seconds:.1} s ({:.0} nominals/s)",
        items.len(),
        store.count_persons().await?,
        items.len() as f64 / seconds.max(0.001)
    );
    if let Some(peak) = peak {
        println!("peak memory during import: {}", mib(peak));
    }
    println!(
        "pairwise precision {:.4}  recall {:.4}  F1 {:.4}  (upper {}, lower {})",
        scores.precision, scores.recall, scores.f1, config.upper, config.lower
    );
    print!("{}", calibration(&store, &exports).await?.table());
    println!("exports and database kept in {}", dir.display());
    Ok(())
}

/// The calibration of the imported rows' decisions against the truth, each
/// candidate judged by the row that made its person. The rows are read a
/// page at a time, twice (who made each person, then each decision), so
/// that a million rows' evidence is never in memory at once.
async fn calibration(store: &Store, exports: &Path) -> anyhow::Result<Calibration> {
    const PAGE: usize = 5_000;
    let truth = read_truth(exports)?;
    let mut made_by: HashMap<String, &String> = HashMap::new();
    let mut calibration = Calibration::default();
    for making in [true, false] {
        for source in legacy::sources() {
            let mut after = String::new();
            loop {
                let page = store.import_rows_page(source, &after, PAGE).await?;
                for r in &page {
                    let Some(t) = truth.get(&(r.source.clone(), r.source_ref.clone())) else { continue };
                    if making {
                        if r.outcome != "merged" {
                            made_by.insert(r.person_id.clone(), t);
                        }
                        continue;
                    }
                    let candidate = r.evidence["candidate"].as_str().and_then(|c| made_by.get(c));
                    if let (Some(made), Some(p)) = (candidate, r.evidence["probability"].as_f64()) {
                        calibration.add(p, *made == t);
                    }
                }
                match page.last() {
                    Some(last) if page.len() == PAGE => after = last.source_ref.clone(),
                    _ => break,
                }
            }
        }
    }
    Ok(calibration)
}

/// A decision's evidence on one line: each field's level and weight.
pub(super) fn evidence(d: &crate::linkage::Decision) -> String {
    let fields: Vec<String> =
        d.fields.iter().map(|f| format!("{} {} {:+.1} [{}]", f.field, f.level, f.weight, f.detail)).collect();
    format!("{}{}", fields.join("; "), d.note.as_ref().map(|n| format!(" ({n})")).unwrap_or_default())
}

/// A record linked to a person not its own, or not to its own: which
/// blocking keys met the true person, and the comparison with each.
fn print_miss(
    linker: &Linker,
    record: &Features,
    decision: &crate::linkage::Decision,
    truly: Option<&str>,
    items: &[(String, String)],
    rows_of: &HashMap<String, Vec<usize>>,
    truth: &str,
) {
    let merged = decision.outcome == crate::linkage::Outcome::Merged;
    let into = decision.candidate.as_deref().filter(|_| merged);
    let wrong = into.is_some_and(|c| rows_of.get(c).is_some_and(|rows| rows.iter().all(|&i| items[i].1 != truth)));
    if wrong {
        println!("FALSE MERGE p={:.4}: {}", decision.probability.unwrap_or(0.0), evidence(decision));
    }
    let Some(truly) = truly else { return };
    if into == Some(truly) {
        return;
    }
    let Some(e) = linker.explain(record, truly) else { return };
    let p = crate::linkage::probability(e.comparison.score);
    let fields: Vec<String> = e
        .comparison
        .fields
        .iter()
        .map(|f| format!("{} {} {:+.1} [{}]", f.field, f.level, f.weight, f.detail))
        .collect();
    println!(
        "MISSED {:?} p={p:.4} keys {:?} common {:?} best {}: {}",
        decision.outcome,
        e.met,
        e.common,
        if decision.candidate.as_deref() == Some(truly) { "is it" } else { "another" },
        fields.join("; ")
    );
}

/// m as the truth gives it (each level's share of its field among records
/// and their true persons) beside the last estimate's.
fn print_true_m(linker: &Linker, counts: &HashMap<&'static str, usize>) {
    let mut fields: HashMap<&str, usize> = HashMap::new();
    for (level, n) in counts {
        *fields.entry(level.split('.').next().unwrap_or(level)).or_default() += n;
    }
    println!("{:<32} {:>9} {:>9}", "level", "true m", "estimated");
    for w in linker.weights_table() {
        let field = w.level.split('.').next().unwrap_or(&w.level);
        let total = fields.get(field).copied().unwrap_or(0).max(1) as f64;
        let n = counts.get(w.level.as_str()).copied().unwrap_or(0) as f64;
        println!("{:<32} {:>9.5} {:>9.5}", w.level, n / total, w.m);
    }
}

/// The shipped mapping of each legacy source, from `dir`.
fn read_mappings(dir: &Path) -> anyhow::Result<HashMap<&'static str, LoadedMapping>> {
    legacy::sources()
        .into_iter()
        .map(|source| {
            let mapping = LoadedMapping::read(&dir.join(format!("{source}.toml"))).with_context(|| {
                format!(
                    "the legacy mappings are read from {}: run from the checkout or give --mappings DIR",
                    dir.display()
                )
            })?;
            Ok((source, mapping))
        })
        .collect()
}

/// (source, source reference) → the true person.
fn read_truth(exports: &Path) -> anyhow::Result<HashMap<(String, String), String>> {
    let mut truth = HashMap::new();
    for row in csv::Reader::from_path(exports.join(legacy::TRUTH_FILE))?.into_records() {
        let row = row?;
        truth.insert((row[0].to_string(), row[1].to_string()), row[2].to_string());
    }
    Ok(truth)
}

/// Reads every export with its mapping and links the rows in memory, in the
/// order an import would, writing nothing.
fn link_only(
    mappings: &HashMap<&'static str, LoadedMapping>,
    exports: &Path,
    written: &legacy::LegacyReport,
    config: LinkageConfig,
    show_weights: bool,
    show_misses: bool,
) -> anyhow::Result<()> {
    let mut truth = read_truth(exports)?;
    let started = Instant::now();
    let mut linker = Linker::new(config.clone());
    let mut items: Vec<(String, String)> = Vec::with_capacity(truth.len());
    // Each person's rows among `items`, to follow joins.
    let mut rows_of: HashMap<String, Vec<usize>> = HashMap::new();
    let mut calibration = Calibration::default();
    // Each true person's first row among `items`.
    let mut first_row: HashMap<String, usize> = HashMap::new();
    // How often each level shows between a record and its true person.
    let mut true_levels: HashMap<&'static str, usize> = HashMap::new();
    let now = Utc::now();
    for (source, _) in &written.rows {
        let mapping = &mappings[source];
        let (mut reader, header) = mapping.open(&legacy::export_path(exports, source))?;
        let plan = mapping.mapping.plan(&mapping.text, &header)?;
        let path = legacy::export_path(exports, source);
        let known_before = linker.persons();
        let mut estimated_prior = None;
        if config.estimate {
            let report = estimate_weights(&mut linker, &path, mapping, &plan, source)?;
            estimated_prior = report.prior;
            print!("{source}: ");
            super::linkage::print_estimate(&report);
            if show_weights {
                super::linkage::print_weights(&linker, false);
            }
        }
        let (mut rows, mut with_person) = (0usize, 0usize);
        for record in reader.records() {
            let Ok(nominal) = row::read(&plan, &record?, source, "bench", now, false) else { continue };
            rows += 1;
            let features = Features::of_row(&nominal.details, &nominal.left_out);
            // The levels between the record and its true person, read
            // before the record is filed into a person (it would then be
            // compared with itself).
            let truly_before = truth
                .get(&(source.to_string(), nominal.reference.clone()))
                .and_then(|t| first_row.get(t))
                .map(|&i| items[i].0.clone());
            if show_misses {
                if let Some(e) = truly_before.as_deref().and_then(|p| linker.explain(&features, p)) {
                    for level in e.levels {
                        *true_levels.entry(level).or_default() += 1;
                    }
                }
            }
            let (decision, person_id) =
                linker.place_features(&nominal.details, features.clone(), || uuid::Uuid::now_v7().to_string());
            for joined in &decision.joined {
                for i in rows_of.remove(&joined.person).unwrap_or_default() {
                    items[i].0 = person_id.clone();
                    rows_of.entry(person_id.clone()).or_default().push(i);
                }
            }
            let reference = nominal.reference.clone();
            if show_misses {
                if let Some(t) = truth.get(&(source.to_string(), reference.clone())) {
                    let truly = first_row.get(t).map(|&i| items[i].0.clone());
                    with_person += usize::from(truly.is_some());
                    print_miss(&linker, &features, &decision, truly.as_deref(), &items, &rows_of, t);
                }
            }
            if let Some(t) = truth.remove(&(source.to_string(), reference)) {
                first_row.entry(t.clone()).or_insert(items.len());
                let candidate = decision.candidate.as_ref().and_then(|c| rows_of.get(c)?.first());
                if let (Some(&i), Some(p)) = (candidate, decision.probability) {
                    let matched = items[i].1 == t;
                    calibration.add(p, matched);
                    if show_weights && matched != (decision.outcome == crate::linkage::Outcome::Merged) {
                        println!("{:?} p={p:.4} truth {matched}: {}", decision.outcome, evidence(&decision));
                    }
                }
                rows_of.entry(person_id.clone()).or_default().push(items.len());
                items.push((person_id, t));
            }
        }
        if show_misses {
            let chosen_from = known_before as f64 + rows as f64 / 2.0;
            println!(
                "{source}: {with_person} of {rows} records ({:.3}) have their person among those known or earlier rows; \
                 the estimated prior says {:.3}",
                with_person as f64 / rows.max(1) as f64,
                estimated_prior.map_or(f64::NAN, |p| p * chosen_from)
            );
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    if show_misses {
        print_true_m(&linker, &true_levels);
    }
    let scores = pair_scores(&items);
    print!("{}", calibration.table());
    println!(
        "linked {} nominals into {} persons in memory in {seconds:.1} s ({:.0} nominals/s), nothing written",
        items.len(),
        linker.persons(),
        items.len() as f64 / seconds.max(0.001)
    );
    if let Some((_, peak)) = memory() {
        println!("peak memory: {}", mib(peak));
    }
    println!(
        "pairwise precision {:.4}  recall {:.4}  F1 {:.4}  (upper {}, lower {})",
        scores.precision, scores.recall, scores.f1, config.upper, config.lower
    );
    Ok(())
}
