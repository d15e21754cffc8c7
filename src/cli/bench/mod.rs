//! `bluelamp bench …`: the benchmarks that the performance goals are
//! measured with. They print figures; nothing here asserts on time.

mod import;
mod queries;
mod search;
pub mod stats;

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Subject-search latency and accuracy over a seeded London, through the real HTTP API.
    #[command(after_help = "Example:\n  bluelamp bench search --persons 100000")]
    Search(search::SearchBenchArgs),
    /// Legacy import and linkage of the seven synthetic exports, scored against the truth.
    #[command(after_help = "Example:\n  bluelamp bench import --nominals 1000000")]
    Import(import::ImportBenchArgs),
}

pub async fn run(cmd: BenchCommand) -> anyhow::Result<()> {
    match cmd {
        BenchCommand::Search(args) => search::run(args).await,
        BenchCommand::Import(args) => import::run(args).await,
    }
}
