//! `bluelamp bench linkage`: imports one CSV file with its mapping into a
//! throwaway store and prints the time, the weights estimated for it, the
//! pairwise precision, recall and F1 against the truth, and how well the
//! scores read as probabilities. For public benchmark files (FEBRL) and a
//! force's own labelled samples.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use clap::Args;

use super::stats::{memory, mib};
use crate::import::{import_file, linker_for, ImportOptions, LoadedMapping};
use crate::linkage::{pair_scores, Calibration, Decision};
use crate::store::{DatabaseUrl, Store};

#[derive(Debug, Args)]
pub struct LinkageBenchArgs {
    /// The CSV file to import and link.
    #[arg(long)]
    pub csv: PathBuf,
    /// The mapping file (TOML) for it.
    #[arg(long)]
    pub mapping: PathBuf,
    /// The true duplicate pairs: a CSV of two row references per line
    /// (a header line is skipped).
    #[arg(long, conflicts_with = "truth_id")]
    pub truth: Option<PathBuf>,
    /// The truth read from each row's reference instead: `{}` marks the part
    /// that names the person, up to the text after it. `rec-{}-` reads
    /// rec-12-org and rec-12-dup-0 as one person.
    #[arg(long, conflicts_with = "truth_column")]
    pub truth_id: Option<String>,
    /// The truth read from a column of the file itself, naming each row's
    /// person (Splink's example files give a `cluster`).
    #[arg(long, conflicts_with = "truth")]
    pub truth_column: Option<String>,
    /// Linkage thresholds and weights overriding the defaults (TOML).
    #[arg(long)]
    pub linkage: Option<PathBuf>,
    /// Print every level's weight, not only those estimated.
    #[arg(long)]
    pub all_weights: bool,
    /// Print the rows whose best candidate was their own person yet were
    /// not merged into it, and the rows merged into another's, each with
    /// its evidence: what a migration team reads to see why.
    #[arg(long)]
    pub misses: bool,
}

pub async fn run(args: LinkageBenchArgs) -> anyhow::Result<()> {
    let config = crate::cli::import::load_linkage_config(args.linkage.as_deref())?;
    let mapping = LoadedMapping::read(&args.mapping)?;
    let truth_id = args.truth_id.as_deref().map(TruthId::parse).transpose()?;
    let mut pairs = args.truth.as_deref().map(read_pairs).transpose()?;
    if let Some(column) = &args.truth_column {
        pairs = Some(pairs_of_column(&args.csv, &mapping, column)?);
    }
    if truth_id.is_none() && pairs.is_none() {
        anyhow::bail!("give the truth: --truth PAIRS.csv, --truth-id PATTERN or --truth-column NAME");
    }
    let dir = std::env::temp_dir().join(format!("bluelamp-bench-linkage-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot make {}", dir.display()))?;
    let result = measure(&args, config, &mapping, &dir, truth_id, pairs).await;
    let _ = std::fs::remove_dir_all(&dir);
    result
}

async fn measure(
    args: &LinkageBenchArgs,
    config: crate::linkage::LinkageConfig,
    mapping: &LoadedMapping,
    dir: &Path,
    truth_id: Option<TruthId>,
    pairs: Option<Vec<(String, String)>>,
) -> anyhow::Result<()> {
    let store = Store::open(&DatabaseUrl::sqlite(&dir.join("bench.db"))).await?;
    let source = "bench";
    let options = ImportOptions {
        source: source.into(),
        strict: false,
        rejects: None,
        linkage: config.clone(),
        username: "bench".into(),
    };
    let started = Instant::now();
    let mut linker = linker_for(&store, config.clone()).await?;
    let report = import_file(&store, &mut linker, &args.csv, mapping, &options, |_| {}).await?;
    let seconds = started.elapsed().as_secs_f64();

    println!(
        "{}: {} rows, {} imported ({} with findings), {} rejected, {} lost; {} new, {} merged, {} review, {} joined",
        args.csv.display(),
        report.rows,
        report.imported,
        report.with_findings,
        report.rejected,
        report.rows - report.imported - report.rejected - report.skipped,
        report.created,
        report.merged,
        report.review,
        report.joined
    );
    println!("imported and linked in {seconds:.3} s, estimation included");
    if let Some((_, peak)) = memory() {
        println!("peak memory: {}", mib(peak));
    }
    if let Some(e) = &report.estimate {
        print_estimate(e);
    }
    print_weights(&linker, args.all_weights);

    let rows = store.import_rows(Some(source)).await?;
    let mut truth: HashMap<String, String> =
        rows.iter().map(|r| (r.source_ref.clone(), r.source_ref.clone())).collect();
    if let Some(t) = &truth_id {
        for (reference, person) in truth.iter_mut() {
            *person = t.person(reference);
        }
    }
    if let Some(pairs) = &pairs {
        clusters(&mut truth, pairs);
    }
    let items: Vec<(String, String)> =
        rows.iter().map(|r| (r.person_id.clone(), truth[&r.source_ref].clone())).collect();
    let scores = pair_scores(&items);
    println!(
        "pairwise precision {:.4}  recall {:.4}  F1 {:.4}  (merge at {}, review from {})",
        scores.precision, scores.recall, scores.f1, config.upper, config.lower
    );
    // Each person's truth, by the row that made it.
    let made_by: HashMap<&str, &str> = rows
        .iter()
        .filter(|r| r.outcome != "merged")
        .map(|r| (r.person_id.as_str(), truth[&r.source_ref].as_str()))
        .collect();
    let mut calibration = Calibration::default();
    for r in &rows {
        let Ok(decision) = serde_json::from_value::<Decision>(r.evidence.clone()) else { continue };
        let (Some(candidate), Some(p)) = (decision.candidate.as_deref(), decision.probability) else { continue };
        if let Some(t) = made_by.get(candidate) {
            let own = *t == truth[&r.source_ref];
            calibration.add(p, own);
            let merged = decision.outcome == crate::linkage::Outcome::Merged;
            if args.misses && own != merged {
                let what = if own { "HELD BACK" } else { "MERGED INTO ANOTHER" };
                println!(
                    "{what} {} {:?} p={p:.4}: {}",
                    r.source_ref,
                    decision.outcome,
                    super::import::evidence(&decision)
                );
            }
        }
    }
    print!("{}", calibration.table());
    Ok(())
}

/// The weights table: every level, or those not left at their defaults.
pub fn print_weights(linker: &crate::linkage::Linker, all: bool) {
    print_table(&linker.weights_table(), all);
}

pub fn print_table(levels: &[crate::linkage::LevelWeight], all: bool) {
    println!("{:<30} {:>10} {:>12} {:>8}  from", "level", "m", "u", "weight");
    for level in levels {
        if all || level.from != "default" {
            println!("{:<30} {:>10.5} {:>12.3e} {:>8.2}  {}", level.level, level.m, level.u, level.weight, level.from);
        }
    }
}

pub fn print_estimate(e: &crate::linkage::EstimateReport) {
    println!(
        "estimated from {} records and {} persons known: {} candidate pairs, {} random pairs; EM {} in {} rounds, \
         {:.2}% of pairs matches{}; {:.2} s",
        e.records,
        e.persons,
        e.pairs,
        e.random_pairs,
        if e.converged { "settled" } else { "did not settle" },
        e.iterations,
        e.match_share * 100.0,
        e.prior.map(|p| format!(", prior one in {:.0}", 1.0 / p)).unwrap_or_default(),
        e.seconds
    );
    if let Some(w) = &e.warning {
        println!("warning: {w}");
    }
    if let Some(n) = &e.note {
        println!("note: {n}");
    }
}

/// The part of a reference that names its person.
struct TruthId {
    prefix: String,
    suffix: String,
}

impl TruthId {
    fn parse(pattern: &str) -> anyhow::Result<Self> {
        let (prefix, suffix) = pattern
            .split_once("{}")
            .with_context(|| format!("--truth-id '{pattern}' has no {{}} to mark the part naming the person"))?;
        Ok(Self { prefix: prefix.into(), suffix: suffix.into() })
    }

    fn person(&self, reference: &str) -> String {
        let Some(rest) = reference.strip_prefix(&self.prefix) else { return reference.to_string() };
        match rest.find(&self.suffix).filter(|_| !self.suffix.is_empty()) {
            Some(end) => rest[..end].to_string(),
            None => rest.to_string(),
        }
    }
}

fn read_pairs(path: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_path(path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let mut pairs = Vec::new();
    for row in reader.records() {
        let row = row.with_context(|| format!("cannot read {}", path.display()))?;
        if let (Some(a), Some(b)) = (row.get(0), row.get(1)) {
            pairs.push((a.to_string(), b.to_string()));
        }
    }
    Ok(pairs)
}

/// The true pairs a column naming each row's person gives: each row's
/// reference (the mapping's reference columns joined by `/`, as the import
/// makes it) paired with the first row of the same person.
fn pairs_of_column(path: &Path, mapping: &LoadedMapping, column: &str) -> anyhow::Result<Vec<(String, String)>> {
    let delimiter = mapping.mapping.delimiter_byte(&mapping.text)?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .trim(csv::Trim::All)
        .from_path(path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let header = reader.headers()?.clone();
    let position = |name: &str| {
        header
            .iter()
            .position(|h| h == name.trim())
            .with_context(|| format!("{} has no column '{name}'", path.display()))
    };
    let truth = position(column)?;
    let reference: Vec<usize> =
        mapping.mapping.reference.iter().map(|c| position(c.get_ref())).collect::<Result<_, _>>()?;
    let mut first: HashMap<String, String> = HashMap::new();
    let mut pairs = Vec::new();
    for row in reader.records() {
        let row = row.with_context(|| format!("cannot read {}", path.display()))?;
        let cell = |i: usize| row.get(i).unwrap_or_default();
        let reference = reference.iter().map(|&i| cell(i)).collect::<Vec<_>>().join("/");
        let person = cell(truth);
        if person.is_empty() {
            continue;
        }
        match first.get(person) {
            Some(earlier) => pairs.push((earlier.clone(), reference)),
            None => {
                first.insert(person.to_string(), reference);
            }
        }
    }
    Ok(pairs)
}

/// Joins the references of each true pair into one person (union–find).
fn clusters(truth: &mut HashMap<String, String>, pairs: &[(String, String)]) {
    fn root(parent: &HashMap<String, String>, mut x: String) -> String {
        while let Some(p) = parent.get(&x).filter(|p| **p != x) {
            x = p.clone();
        }
        x
    }
    let mut parent: HashMap<String, String> = truth.clone();
    for (a, b) in pairs {
        let (ra, rb) = (root(&parent, a.clone()), root(&parent, b.clone()));
        if ra != rb {
            parent.insert(ra, rb);
        }
    }
    for (reference, person) in truth.iter_mut() {
        *person = root(&parent, reference.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_truth_reads_from_references_and_pairs() {
        let t = TruthId::parse("rec-{}-").unwrap();
        assert_eq!(t.person("rec-12-org"), "12");
        assert_eq!(t.person("rec-12-dup-3"), "12");
        assert_eq!(t.person("other"), "other");
        assert!(TruthId::parse("rec-").is_err());
        let mut truth: HashMap<String, String> = ["a", "b", "c", "d"].map(|r| (r.to_string(), r.to_string())).into();
        clusters(&mut truth, &[("a".into(), "b".into()), ("b".into(), "c".into())]);
        assert_eq!(truth["a"], truth["c"]);
        assert_ne!(truth["a"], truth["d"]);
    }
}
