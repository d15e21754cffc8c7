//! The command line: one file per command group. Errors end here as one
//! clear line on stderr (JSON with `--format json`) and an exit code scripts
//! can act on: 0 success, 1 error, 2 usage, 3 not found, 4 not
//! authenticated or not allowed, 5 conflict.

mod admin;
mod asb;
mod asb_words;
mod audit;
mod bail;
mod bench;
mod case;
mod choice;
mod config;
mod config_show;
mod connect;
mod console;
mod crime;
mod custody;
mod custody_log;
pub mod demo;
mod erasures;
mod failure;
mod generate;
pub(crate) mod import;
mod incident;
mod intel;
mod linkage;
mod list_order;
mod logging;
mod login;
pub mod output;
mod paging;
mod person_linked;
mod query;
mod query_asb;
mod query_cases;
mod query_crimes;
mod query_event;
mod query_intel;
mod query_objects;
mod query_places;
mod query_safeguarding;
mod query_warrant_queue;
mod record_text;
mod rows;
mod safeguarding;
mod safeguarding_record;
pub mod seeding;
mod serve;
mod serve_config;
mod serve_safeguarding;
mod session;
mod warrant;
mod why;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use failure::exit;
use output::Format;

#[derive(Debug, Parser)]
#[command(
    name = "bluelamp",
    version,
    about = "Integrated policing: one record per person, one search, a live console",
    after_help = "Example:\n  bluelamp query warrants --status circulated --format csv > warrants.csv"
)]
pub struct Cli {
    /// Output format (default: table on a terminal, json when piped).
    #[arg(long, global = true, value_enum)]
    pub format: Option<Format>,
    /// The server, such as http://127.0.0.1:8700 (else BLUELAMP_SERVER, the config file, the saved login).
    #[arg(long, global = true)]
    pub server: Option<String>,
    /// Trust the certificate authorities in this PEM file too, for an HTTPS server whose certificate
    /// a force signed itself (else BLUELAMP_CA_CERT, the config file's ca_cert).
    #[arg(long, global = true, value_name = "FILE")]
    pub ca_cert: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run an embedded server over a local SQLite file, seeded with a synthetic London.
    #[command(after_help = "Example:\n  bluelamp demo")]
    Demo(demo::DemoArgs),
    /// Run the central API server.
    #[command(after_help = "Example:\n  bluelamp serve --database sqlite://bluelamp.db --listen 127.0.0.1:8700")]
    Serve(serve::ServeArgs),
    /// Open the operational console: subject lookup, detainee board, warrant queue, case status, live.
    #[command(after_help = "Example:\n  bluelamp console --server http://127.0.0.1:8700 --theme high-contrast")]
    Console(console::ConsoleArgs),
    /// Log in to a server and save the token for later commands.
    #[command(
        after_help = "Example:\n  echo \"$PASSWORD\" | bluelamp login --server http://127.0.0.1:8700 --user pc.adams --password-stdin"
    )]
    Login(login::LoginArgs),
    /// End the saved login's session on the server and forget it.
    #[command(after_help = "Example:\n  bluelamp logout")]
    Logout,
    /// Ask the server: people, custody, warrants, cases, the audit log.
    #[command(subcommand, after_help = "Example:\n  bluelamp query custody --overdue --format table")]
    Query(query::QueryCommand),
    /// Custody actions: book in, risk assessment, rights, visits, reviews, extensions, cell moves, release…
    #[command(
        subcommand,
        after_help = "Example:\n  bluelamp custody review 7c1e… --outcome 'Detention continues: interview pending'"
    )]
    Custody(custody::CustodyCommand),
    /// Incident actions: open, log, regrade, assign, en route, arrive, release, link a person, close…
    #[command(subcommand, after_help = "Example:\n  bluelamp incident assign 7c1e… --call-sign LX21")]
    Incident(incident::IncidentCommand),
    /// Case file hearing results: the outcome, the result, a failure to appear (which issues the bench warrant).
    #[command(subcommand, after_help = "Example:\n  bluelamp case failed-to-appear 7c1e… --hearing 1")]
    Case(case::CaseCommand),
    /// Warrants readied for the street: validated, then circulated (WANTED).
    #[command(subcommand, after_help = "Example:\n  bluelamp warrant circulate 7c1e…")]
    Warrant(warrant::WarrantCommand),
    /// Bail: the diary (today, overdue, ending), and extending, answering or ending bail.
    #[command(subcommand, after_help = "Example:\n  bluelamp bail diary --station BX")]
    Bail(bail::BailCommand),
    /// Crime desk actions: record, classify, allocate, log, review, propose/approve/return an outcome, cancel…
    #[command(subcommand, after_help = "Example:\n  bluelamp crime classify 7c1e… --code 28E")]
    Crime(crime::CrimeCommand),
    /// Intelligence desk actions: record, revise, submit, return, evaluate, sanitise, disseminate, review.
    #[command(
        subcommand,
        after_help = "Example:\n  bluelamp intel evaluate 7c1e… --source 2 --intelligence B --handling P"
    )]
    Intel(intel::IntelCommand),
    /// Safeguarding desk actions: record, submit, sign off, share, refer, respond, close, missing persons…
    #[command(
        subcommand,
        after_help = "Example:\n  bluelamp safeguarding refer 7c1e… --agency lambeth-mash --recipient 'Duty team'"
    )]
    Safeguarding(safeguarding::SafeguardingCommand),
    /// ASB desk actions: open a case, link or unlink incidents, assess risk, case reviews, tools, close.
    #[command(subcommand, after_help = "Example:\n  bluelamp asb link 7c1e… --record 5d4f…")]
    Asb(asb::AsbCommand),
    /// Administration: users, seeding, backup, restore, subject access export.
    #[command(subcommand, after_help = "Example:\n  bluelamp admin user list --database sqlite://bluelamp.db")]
    Admin(admin::AdminCommand),
    /// Show the effective settings.
    #[command(subcommand, after_help = "Example:\n  bluelamp config show")]
    Config(ConfigCommand),
    /// Print a shell completion script.
    #[command(after_help = "Example:\n  bluelamp completions bash > /etc/bash_completion.d/bluelamp")]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff).
    #[command(after_help = "Example:\n  bluelamp man > bluelamp.1 && man ./bluelamp.1")]
    Man,
    /// Benchmarks that print their figures.
    #[command(subcommand, after_help = "Example:\n  bluelamp bench csv --warrants 50000")]
    Bench(bench::BenchCommand),
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print each setting's effective value and where it came from.
    #[command(after_help = "Example:\n  BLUELAMP_FORMAT=csv bluelamp config show")]
    Show,
}

pub fn run(cli: Cli) -> ExitCode {
    let terminal_ui = match &cli.command {
        Command::Console(_) => true,
        Command::Demo(args) => !args.headless,
        _ => false,
    };
    logging::init(terminal_ui);
    // Errors are JSON when JSON was asked for (flag, environment or config
    // file), not merely because output is piped.
    let json_errors = config::Settings::load(cli.server.clone(), cli.format, cli.ca_cert.clone()).is_ok_and(|s| {
        s.format.source != config::Source::Default && matches!(s.format(), Format::Json | Format::Jsonl)
    });
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return ExitCode::from(exit::ERROR);
        }
    };
    let result = runtime.block_on(dispatch(cli));
    if std::env::var_os(bench::csv::REPORT_PEAK_ENV).is_some() {
        if let Some(kib) = bench::csv::peak_memory_kib() {
            eprintln!("peak memory: {kib} KiB");
        }
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped early (`| head`) is not a failure.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => ExitCode::from(failure::report(&e, json_errors)),
    }
}

async fn dispatch(cli: Cli) -> anyhow::Result<()> {
    let settings = || config::Settings::load(cli.server.clone(), cli.format, cli.ca_cert.clone());
    match cli.command {
        Command::Demo(args) => demo::run(args).await,
        Command::Serve(args) => serve::run(args).await,
        Command::Console(args) => console::run(args, &settings()?).await,
        Command::Login(args) => login::run(args, &settings()?).await,
        Command::Logout => login::logout(&settings()?).await,
        Command::Query(cmd) => query::run(cmd, &settings()?).await,
        Command::Custody(cmd) => custody::run(cmd, &settings()?).await,
        Command::Incident(cmd) => incident::run(cmd, &settings()?).await,
        Command::Crime(cmd) => crime::run(cmd, &settings()?).await,
        Command::Intel(cmd) => intel::run(cmd, &settings()?).await,
        Command::Safeguarding(cmd) => safeguarding::run(cmd, &settings()?).await,
        Command::Asb(cmd) => asb::run(cmd, &settings()?).await,
        Command::Case(cmd) => case::run(cmd, &settings()?).await,
        Command::Warrant(cmd) => warrant::run(cmd, &settings()?).await,
        Command::Bail(cmd) => bail::run(cmd, &settings()?).await,
        Command::Admin(cmd) => admin::run(cmd, &settings()?).await,
        Command::Config(ConfigCommand::Show) => config_show::run(&settings()?),
        Command::Completions { shell } => generate::completions(shell),
        Command::Man => generate::man(),
        Command::Bench(cmd) => bench::run(cmd).await,
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}

/// Waits for Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
