//! `bluelamp admin linkage …`: the weights linkage would estimate for a file
//! before it is imported, and the weights an import kept.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand};

use super::admin::DatabaseArg;
use crate::import::{estimate_weights, linker_for, LoadedMapping};
use crate::store::Store;

#[derive(Debug, Subcommand)]
pub enum LinkageCommand {
    /// Estimate the weights for a file (m, u and weight of each level) without importing it.
    #[command(
        after_help = "Example:\n  bluelamp admin linkage estimate crime.csv --mapping mappings/crime.toml --database sqlite://bluelamp.db"
    )]
    Estimate(EstimateArgs),
    /// The weights an import linked with, by the number its evidence names.
    #[command(after_help = "Example:\n  bluelamp admin linkage weights 3 --database sqlite://bluelamp.db")]
    Weights(WeightsArgs),
}

#[derive(Debug, Args)]
pub struct EstimateArgs {
    /// The CSV export the weights are for.
    pub file: PathBuf,
    /// The mapping file (TOML) for it.
    #[arg(long)]
    pub mapping: PathBuf,
    /// Linkage thresholds and weights overriding the defaults (TOML).
    #[arg(long)]
    pub linkage: Option<PathBuf>,
    /// The store whose persons the file would be linked with (read only).
    #[command(flatten)]
    pub db: DatabaseArg,
}

#[derive(Debug, Args)]
pub struct WeightsArgs {
    pub number: i64,
    #[command(flatten)]
    pub db: DatabaseArg,
}

pub async fn run(cmd: LinkageCommand) -> anyhow::Result<()> {
    match cmd {
        LinkageCommand::Estimate(args) => estimate(args).await,
        LinkageCommand::Weights(args) => weights(args).await,
    }
}

async fn estimate(args: EstimateArgs) -> anyhow::Result<()> {
    let mapping = LoadedMapping::read(&args.mapping)?;
    let config = super::import::load_linkage_config(args.linkage.as_deref())?;
    std::fs::metadata(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    let (_, header) = mapping.open(&args.file)?;
    let plan = mapping.mapping.plan(&mapping.text, &header)?;
    let store = Store::open(&args.db.database).await?;
    let mut linker = linker_for(&store, config).await?;
    for name in &plan.unique {
        linker.mark_unique(name);
    }
    let report = estimate_weights(&mut linker, &args.file, &mapping, &plan, "estimate")?;
    super::bench::print_estimate(&report);
    super::bench::print_weights(&linker, true);
    Ok(())
}

async fn weights(args: WeightsArgs) -> anyhow::Result<()> {
    let store = Store::open(&args.db.database).await?;
    let Some(body) = store.linkage_weights(args.number).await? else {
        anyhow::bail!("no import kept linkage weights under number {}", args.number);
    };
    if let Ok(report) = serde_json::from_value::<crate::linkage::EstimateReport>(body["estimate"].clone()) {
        super::bench::print_estimate(&report);
    }
    let levels: Vec<crate::linkage::LevelWeight> = serde_json::from_value(body["levels"].clone())?;
    super::bench::print_table(&levels, true);
    Ok(())
}
