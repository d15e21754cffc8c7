//! `bluelamp bench …`: the benchmarks that the performance goals are
//! measured with. They print figures; nothing here asserts on time.

mod audit;
mod console_queue;
mod crimes;
pub mod csv;
mod import;
mod intel;
mod linkage;
mod login_flood;
mod loopback;
mod pg_design;
mod pole;
mod pole_seed;
mod profiles;
mod queries;
mod report;
mod search;
pub mod stats;
mod warrants;

pub use linkage::{print_estimate, print_table, print_weights};

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Subject-search latency and accuracy over a seeded London, through the real HTTP API.
    #[command(after_help = "Example:\n  bluelamp bench search --persons 100000 --compare-postgres")]
    Search(search::SearchBenchArgs),
    /// The search box answering plates, phones, postcodes and addresses at the Aim's ratios, through the real HTTP API.
    #[command(after_help = "Example:\n  bluelamp bench pole --persons 100000")]
    Pole(pole::PoleBenchArgs),
    /// The profile of a vehicle and of a place, each with N linked records, through the real HTTP API.
    #[command(after_help = "Example:\n  bluelamp bench profiles --events 1000")]
    Profiles(profiles::ProfileBenchArgs),
    /// Intelligence text search over N reports: the index's build time and memory, search p50/p95/p99 over HTTP.
    #[command(after_help = "Example:\n  bluelamp bench intel --reports 100000")]
    Intel(intel::IntelBenchArgs),
    /// The crime desk's queues over N crimes: a page of 50, p50/p95/p99 over HTTP.
    #[command(after_help = "Example:\n  bluelamp bench crimes --crimes 500000")]
    Crimes(crimes::CrimeBenchArgs),
    /// Warrant queue latency with 50,000 outstanding warrants, through the real HTTP API.
    #[command(after_help = "Example:\n  bluelamp bench warrants --warrants 50000")]
    Warrants(warrants::WarrantBenchArgs),
    /// Stream warrants as CSV through the real binary; print time and peak memory.
    #[command(after_help = "Example:\n  bluelamp bench csv --warrants 50000")]
    Csv(csv::CsvArgs),
    /// Legacy import and linkage of the seven synthetic exports, scored against the truth.
    #[command(after_help = "Example:\n  bluelamp bench import --nominals 1000000")]
    Import(import::ImportBenchArgs),
    /// Import and link one CSV file into a throwaway store; print time, estimated weights, precision, recall and F1.
    #[command(
        after_help = "Example:\n  bluelamp bench linkage --csv dataset1.csv --mapping mappings/febrl.toml --truth-id 'rec-{}-'"
    )]
    Linkage(linkage::LinkageBenchArgs),
    /// Another officer's search latency while clients flood the login with wrong passwords.
    #[command(after_help = "Example:\n  bluelamp bench login-flood --clients 32 --seconds 15")]
    LoginFlood(login_flood::LoginFloodArgs),
    /// The audit chain: append cost, and how long verify takes over a long chain in SQLite.
    #[command(after_help = "Example:\n  bluelamp bench audit --entries 10000000")]
    Audit(audit::AuditBenchArgs),
}

pub async fn run(cmd: BenchCommand) -> anyhow::Result<()> {
    match cmd {
        BenchCommand::Search(args) => search::run(args).await,
        BenchCommand::Pole(args) => pole::run(args).await,
        BenchCommand::Profiles(args) => profiles::run(args).await,
        BenchCommand::Intel(args) => intel::run(args).await,
        BenchCommand::Crimes(args) => crimes::run(args).await,
        BenchCommand::Warrants(args) => warrants::run(args).await,
        BenchCommand::Csv(args) => csv::run(args).await,
        BenchCommand::Import(args) => import::run(args).await,
        BenchCommand::Linkage(args) => linkage::run(args).await,
        BenchCommand::LoginFlood(args) => login_flood::run(args).await,
        BenchCommand::Audit(args) => audit::run(args).await,
    }
}
