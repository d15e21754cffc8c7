//! `bluelamp admin import`, `why`, `sources` and the legacy exports of
//! `admin seed`: legacy data in, and what came from where.

use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::Utc;
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use super::admin::{whoami, DatabaseArg};
use crate::api::linkage::{ImportedRecord, WhyReply};
use crate::console::config_error::ConfigError;
use crate::import::{import_file, linker_for, ImportOptions, LoadedMapping};
use crate::linkage::LinkageConfig;
use crate::seed::legacy;
use crate::store::{AuditRecord, Store};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The CSV export to import.
    pub file: PathBuf,
    /// The mapping file (TOML) saying how its columns become fields.
    #[arg(long)]
    pub mapping: PathBuf,
    /// The legacy system's name, kept as provenance on every row.
    #[arg(long)]
    pub source: String,
    /// Stop at the first malformed row, instead of leaving a bad field out with a finding.
    #[arg(long)]
    pub strict: bool,
    /// Where to list malformed rows; FILE.rejects.csv when absent.
    #[arg(long)]
    pub rejects: Option<PathBuf>,
    /// Linkage thresholds and weights overriding the defaults (TOML).
    #[arg(long)]
    pub linkage: Option<PathBuf>,
    #[command(flatten)]
    pub db: DatabaseArg,
}

#[derive(Debug, Args)]
pub struct WhyArgs {
    pub person_id: String,
    /// Why the person's records are consulted, for the audit log.
    #[arg(long, default_value = "linkage evidence consulted from the command line", value_parser = reason_arg)]
    pub reason: String,
    #[command(flatten)]
    pub db: DatabaseArg,
}

#[derive(Debug, Args)]
pub struct SplitArgs {
    pub source: String,
    pub reference: String,
    /// Why the merge is undone, for the audit log.
    #[arg(long, value_parser = reason_arg)]
    pub reason: String,
    #[command(flatten)]
    pub db: DatabaseArg,
}

#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// Open possible matches, highest score first.
    #[command(after_help = "Example:\n  bluelamp admin review list --database sqlite://bluelamp.db")]
    List(DatabaseArg),
    /// Merge the row into the candidate.
    #[command(
        after_help = "Example:\n  bluelamp admin review accept crime CR00000042 --reason 'same PNC photo' --database sqlite://bluelamp.db"
    )]
    Accept(SplitArgs),
    /// Keep the two apart.
    #[command(
        after_help = "Example:\n  bluelamp admin review reject crime CR00000042 --reason 'different mother' --database sqlite://bluelamp.db"
    )]
    Reject(SplitArgs),
}

#[derive(Debug, Args)]
pub struct SourcesArgs {
    /// Only the rows of this legacy source.
    #[arg(long)]
    pub source: Option<String>,
    /// The data-quality findings instead: each field left out of a person as
    /// the source had it, and each row rejected with its reason.
    #[arg(long)]
    pub quality: bool,
    #[command(flatten)]
    pub db: DatabaseArg,
}

/// A data-quality finding: the row, whether it was imported or rejected, the field, its value as the
/// source had it, and why.
const FINDING_COLUMNS: &[&str] = &["source", "source_ref", "row", "field", "value", "reason"];

pub fn write_legacy(dir: &Path, persons: usize, seed: u64) -> anyhow::Result<()> {
    let report = legacy::write_exports(dir, persons, seed, Utc::now())?;
    eprintln!("wrote {} legacy rows for {} persons into {}", report.total_rows(), report.persons, dir.display());
    for (source, rows) in report.rows {
        eprintln!("  {source}: {rows} rows");
    }
    Ok(())
}

/// A `--reason` an offline command writes to the audit log itself, by the
/// rule the server applies to the reasons it records.
fn reason_arg(text: &str) -> Result<String, String> {
    crate::domain::reason::checked(text).map_err(|e| e.message)
}

pub fn load_linkage_config(path: Option<&Path>) -> anyhow::Result<LinkageConfig> {
    match path {
        None => Ok(LinkageConfig::default()),
        Some(p) => {
            let origin = p.display().to_string();
            let text = std::fs::read_to_string(p).with_context(|| format!("cannot read {origin}"))?;
            let overrides: LinkageConfig = toml::from_str(&text)
                .map_err(|e| anyhow::anyhow!(ConfigError::toml_line(&origin, &text, &e, "linkage settings file")))?;
            overrides.check().map_err(|e| anyhow::anyhow!("{}: {}: {}", p.display(), e.field, e.message))?;
            Ok(LinkageConfig::with_overrides(&overrides))
        }
    }
}

pub async fn run(args: ImportArgs) -> anyhow::Result<()> {
    // The mapping is checked before the database is touched or a row is read.
    let mapping = LoadedMapping::read(&args.mapping)?;
    let config = load_linkage_config(args.linkage.as_deref())?;
    // So is the file: a missing one makes no database either.
    let size = std::fs::metadata(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?.len();
    let store = Store::open(&args.db.database).await?;
    // An event file links to nominals already imported: no persons to load.
    let mut linker = if mapping.mapping.event.is_some() {
        crate::linkage::Linker::new(config.clone())
    } else {
        linker_for(&store, config.clone()).await?
    };
    let bar = ProgressBar::new(size);
    bar.set_style(
        ProgressStyle::with_template("importing {bar:40} {bytes}/{total_bytes} ({bytes_per_sec}, {eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let rejects = args.rejects.clone().unwrap_or_else(|| args.file.with_extension("rejects.csv"));
    let options = ImportOptions {
        source: args.source.clone(),
        strict: args.strict,
        rejects: Some(rejects.clone()),
        linkage: config,
        username: format!("cli:{}", whoami()),
    };
    let report = import_file(&store, &mut linker, &args.file, &mapping, &options, |b| bar.set_position(b)).await?;
    bar.finish_and_clear();
    if mapping.mapping.event.is_some() {
        eprintln!(
            "{} rows: {} events imported, {} already imported, {} rejected{}",
            report.rows,
            report.events,
            report.skipped,
            report.rejected,
            if report.rejected > 0 { format!(" (see {})", rejects.display()) } else { String::new() }
        );
        return Ok(());
    }
    if let Some(estimate) = &report.estimate {
        match &estimate.warning {
            Some(warning) => eprintln!("warning: linkage weights: {warning}"),
            None => eprintln!(
                "linkage weights estimated from {} records and {} persons known ({} candidate pairs, EM settled in {} \
                 rounds), kept as number {number}: bluelamp admin linkage weights {number}",
                estimate.records,
                estimate.persons,
                estimate.pairs,
                estimate.iterations,
                number = report.weights.unwrap_or_default()
            ),
        }
        if let Some(note) = &estimate.note {
            eprintln!("note: linkage weights: {note}");
        }
    }
    eprintln!(
        "{} rows: {} imported ({} new persons, {} merged, {} for review; {} with a field left out), {} earlier \
         persons joined, {} already imported, {} rejected{}",
        report.rows,
        report.imported,
        report.created,
        report.merged,
        report.review,
        report.with_findings,
        report.joined,
        report.skipped,
        report.rejected,
        if report.rejected > 0 { format!(" (see {})", rejects.display()) } else { String::new() }
    );
    if report.with_findings > 0 {
        eprintln!(
            "the fields left out, as the source had them: bluelamp admin sources --quality --source {}",
            args.source
        );
    }
    Ok(())
}

/// `--format` is the global one. The reading is audited as the server's is.
pub async fn why(args: WhyArgs, format: super::output::Format) -> anyhow::Result<()> {
    let store = Store::open(&args.db.database).await?;
    let person = store.person(&args.person_id).await?;
    let actor = crate::store::Actor::new(format!("cli:{}", whoami()), args.reason);
    let consulted = AuditRecord {
        action: "consultation",
        record_kind: "person",
        record_id: &person.id,
        detail: "linkage evidence",
    };
    store.record_access(&actor, &[consulted]).await?;
    let records: Vec<ImportedRecord> = store.person_import_rows(&person.id).await?;
    let reply = WhyReply { person_id: person.id.clone(), records };
    super::why::print(&reply, format, async { person.display_name() }).await
}

pub async fn split(args: SplitArgs) -> anyhow::Result<()> {
    let store = Store::open(&args.db.database).await?;
    let actor = crate::store::Actor::new(format!("cli:{}", whoami()), args.reason);
    let (restored, separated) = crate::import::split(&store, &actor, &args.source, &args.reference).await?;
    eprintln!(
        "{}/{} is now person {} ({}); {} is back to its earlier state (version {})",
        args.source,
        args.reference,
        separated.id,
        separated.display_name(),
        restored.id,
        restored.version
    );
    Ok(())
}

/// `--format` is the global one, for `list`.
pub async fn review(cmd: ReviewCommand, format: super::output::Format) -> anyhow::Result<()> {
    match cmd {
        ReviewCommand::List(db) => {
            let store = Store::open(&db.database).await?;
            let mut printer = super::output::Printer::new(format, super::rows::REVIEW_COLUMNS)?;
            for item in store.review_queue(Some("open")).await? {
                printer.row(super::rows::review_item(&item))?;
            }
            printer.finish()?;
        }
        ReviewCommand::Accept(args) => {
            let store = Store::open(&args.db.database).await?;
            let actor = crate::store::Actor::new(format!("cli:{}", whoami()), args.reason);
            let merged = crate::import::accept(&store, &actor, &args.source, &args.reference).await?;
            eprintln!("{}/{} merged into {} ({})", args.source, args.reference, merged.id, merged.display_name());
        }
        ReviewCommand::Reject(args) => {
            let store = Store::open(&args.db.database).await?;
            let actor = crate::store::Actor::new(format!("cli:{}", whoami()), args.reason);
            store.reject_review(&actor, &args.source, &args.reference).await?;
            eprintln!("{}/{} kept apart", args.source, args.reference);
        }
    }
    Ok(())
}

/// The rows `query sources` prints, read straight from the database;
/// `--format` is the global one.
pub async fn sources(args: SourcesArgs, format: super::output::Format) -> anyhow::Result<()> {
    let store = Store::open(&args.db.database).await?;
    if args.quality {
        let mut printer = super::output::Printer::new(format, FINDING_COLUMNS)?;
        let mut after: Option<[String; 4]> = None;
        loop {
            let page = store
                .import_findings(
                    args.source.as_deref(),
                    after.as_ref().map(|[s, r, f, v]| [s.as_str(), r.as_str(), f.as_str(), v.as_str()]),
                    10_000,
                    // Offline, with the database in hand: every source.
                    crate::domain::kind_set::KindSet::ALL,
                )
                .await?;
            let full = page.len() == 10_000;
            after = page.last().map(|f| [f.source.clone(), f.source_ref.clone(), f.field.clone(), f.value.clone()]);
            for f in page {
                let outcome = if f.rejected { "rejected" } else { "imported" };
                printer.row(vec![
                    f.source.into(),
                    f.source_ref.into(),
                    outcome.into(),
                    f.field.into(),
                    f.value.into(),
                    f.reason.into(),
                ])?;
            }
            if !full {
                break;
            }
        }
        printer.finish()?;
        return Ok(());
    }
    let mut printer = super::output::Printer::new(format, super::rows::SOURCE_COLUMNS)?;
    let mut after: Option<(String, String)> = None;
    loop {
        let page = store
            .source_rows(
                args.source.as_deref(),
                after.as_ref().map(|(s, r)| (s.as_str(), r.as_str())),
                10_000,
                // Offline, with the database in hand: every source.
                crate::domain::kind_set::KindSet::ALL,
            )
            .await?;
        // Offline, every flag is told, as a reader of every kind would be.
        let ids: Vec<String> = page.iter().map(|r| r.person_id.clone()).collect();
        let flags = if ids.is_empty() { Default::default() } else { store.flags(Some(&ids)).await? };
        for row in &page {
            printer.row(super::rows::source(row, flags.get(&row.person_id).copied().unwrap_or_default()))?;
        }
        match page.last() {
            Some(last) if page.len() == 10_000 => after = Some((last.source.clone(), last.source_ref.clone())),
            _ => break,
        }
    }
    printer.finish()?;
    Ok(())
}
