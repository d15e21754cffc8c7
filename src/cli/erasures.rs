//! `bluelamp admin erasures …`, and the replay `admin restore` runs: the
//! people erased, by id and time only, and making those erasures again in a
//! database restored from before them.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use serde_json::json;

use super::admin::{whoami, DatabaseArg};
use super::output::{Format, Printer};
use crate::store::{read_erasure_log, Actor, ErasureRecord, Store};

#[derive(Debug, Subcommand)]
pub enum ErasuresCommand {
    /// The erasures this database has made: person id, when, and the audit entry that records it.
    #[command(after_help = "Example:\n  bluelamp admin erasures list --database sqlite://bluelamp.db --format csv")]
    List(DatabaseArg),
    /// Make again each erasure of an erasure log that this database has not made (after a pg_restore).
    #[command(
        after_help = "Example:\n  bluelamp admin erasures replay --log /var/lib/bluelamp-erasures/erasures.jsonl --database postgres://…"
    )]
    Replay(ReplayArgs),
}

#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// The erasure log the servers write (`--erasure-log`, `[erasure] log`).
    #[arg(long, value_name = "FILE")]
    pub log: PathBuf,
    #[command(flatten)]
    pub db: DatabaseArg,
}

const COLUMNS: &[&str] = &["person_id", "erased_at", "audit_seq"];

pub async fn run(cmd: ErasuresCommand, format: Format) -> anyhow::Result<()> {
    match cmd {
        ErasuresCommand::List(db) => {
            let store = Store::open(&db.database).await?;
            let mut printer = Printer::new(format, COLUMNS)?;
            for e in store.erasures().await? {
                printer.row(vec![json!(e.person_id), json!(super::rows::time(e.erased_at)), json!(e.audit_seq)])?;
            }
            printer.finish()?;
            Ok(())
        }
        ErasuresCommand::Replay(args) => {
            if !args.log.is_file() {
                return Err(
                    super::failure::CliError::NotFound(format!("no erasure log at {}", args.log.display())).into()
                );
            }
            let records = read_erasure_log(&args.log)?;
            let store = Store::open(&args.db.database).await?;
            let n = replay(&store, &records, Some(&args.log), "erasure replayed from the erasure log").await?;
            eprintln!("{n} of the {} erasures in {} were made again", records.len(), args.log.display());
            Ok(())
        }
    }
}

/// Makes again each erasure of `records` the store has not made; how many.
pub async fn replay(store: &Store, records: &[ErasureRecord], log: Option<&Path>, why: &str) -> anyhow::Result<usize> {
    let actor = Actor::new(format!("cli:{}", whoami()), why);
    Ok(store.replay_erasures(&actor, records, log).await?)
}
