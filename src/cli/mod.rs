//! The command line: one file per command group. Errors end here as one
//! clear line on stderr and an exit code scripts can act on.

mod admin;
mod bench;
pub mod demo;
pub(crate) mod import;
mod logging;
pub mod seeding;
mod serve;
mod session;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "bluelamp", version, about = "Integrated policing: one record per person, one search, a live console")]
pub struct Cli {
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
    /// Administration that works directly on the database, before any server runs.
    #[command(subcommand)]
    Admin(admin::AdminCommand),
    /// Benchmarks that print the performance figures.
    #[command(subcommand)]
    Bench(bench::BenchCommand),
}

/// Exit codes scripts can rely on.
pub mod exit {
    pub const ERROR: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const NOT_FOUND: u8 = 3;
    pub const NOT_ALLOWED: u8 = 4;
    pub const CONFLICT: u8 = 5;
}

pub fn run(cli: Cli) -> ExitCode {
    logging::init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return ExitCode::from(exit::ERROR);
        }
    };
    let result = runtime.block_on(async move {
        match cli.command {
            Command::Demo(args) => demo::run(args).await,
            Command::Serve(args) => serve::run(args).await,
            Command::Admin(cmd) => admin::run(cmd).await,
            Command::Bench(cmd) => bench::run(cmd).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(exit_code_for(&e))
        }
    }
}

fn exit_code_for(e: &anyhow::Error) -> u8 {
    use crate::store::StoreError;
    match e.downcast_ref::<StoreError>() {
        Some(StoreError::NotFound { .. }) => exit::NOT_FOUND,
        Some(StoreError::Conflict { .. } | StoreError::Duplicate(_)) => exit::CONFLICT,
        Some(StoreError::Invalid(_)) => exit::USAGE,
        _ => exit::ERROR,
    }
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
