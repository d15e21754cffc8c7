//! `bluelamp demo`: an embedded server on loopback over a SQLite file in the
//! user's data dir, seeded on first run, with a demo user for this run only.
//! Its audit key and erasure log sit in the same directory, beside the
//! database file.

use std::path::PathBuf;

use clap::Args;

use super::{seeding, session};
use crate::domain::role::Role;
use crate::server::checkpoints::AuditSigning;
use crate::server::{self, AppState, ServerConfig};
use crate::store::{audit_files, Actor, DatabaseUrl, Store};

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Persons to seed on first run.
    #[arg(long, default_value_t = 20_000)]
    pub persons: usize,
    /// Where the demo database lives (default: the user's data dir).
    #[arg(long, env = "BLUELAMP_DEMO_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Only run the server and print how to reach it; no console.
    #[arg(long)]
    pub headless: bool,
}

pub struct DemoSession {
    pub state: AppState,
    pub username: String,
    pub token: String,
}

fn data_dir(args: &DemoArgs) -> anyhow::Result<PathBuf> {
    if let Some(dir) = &args.data_dir {
        return Ok(dir.clone());
    }
    directories::ProjectDirs::from("", "", "bluelamp")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| anyhow::anyhow!("no home directory to keep the demo database in; pass --data-dir"))
}

/// Opens (seeding on first run) the demo database and makes this run's user.
pub async fn prepare(args: &DemoArgs) -> anyhow::Result<DemoSession> {
    let dir = data_dir(args)?;
    let db = DatabaseUrl::sqlite(&dir.join("demo.db"));
    let store = Store::open(&db).await?;
    let seeded = store.count_persons().await? as usize;
    if seeded < args.persons {
        eprintln!("First run: seeding a synthetic London of {} persons into {}", args.persons, dir.display());
        let report = seeding::seed(&store, args.persons, 1, true).await?;
        eprintln!("{report}");
    }
    // A user with every role, for this run only; its password is never shown.
    let (username, token) = session::throwaway_user(&store, "demo", &Role::ALL, 12).await?;
    // The audit key lives beside the database, not in it, made on first run.
    let key = dir.join("demo-audit.key");
    if !key.exists() {
        audit_files::generate_key(&key)?;
    }
    // Nobody knows the demo user's password, so the console could not be
    // unlocked after an idle lock: the demo's session lasts its run.
    let config = ServerConfig {
        idle_timeout_secs: 12 * 3600,
        audit_signing: Some(AuditSigning::with_key(key)),
        erasure_log: db.default_erasure_log(),
        ..ServerConfig::default()
    };
    let state = AppState::start(store, config).await?;
    Ok(DemoSession { state, username, token })
}

pub async fn run(args: DemoArgs) -> anyhow::Result<()> {
    let session = prepare(&args).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let url = format!("http://{addr}");
    let store = session.state.store.clone();
    let server = tokio::spawn(server::serve(session.state, listener, super::shutdown_signal()));
    eprintln!("Bluelamp demo server on {url}/api/v1 as {}", session.username);
    eprintln!("  export BLUELAMP_SERVER={url} BLUELAMP_TOKEN={}", session.token);
    let outcome = if args.headless {
        server.await.map_err(anyhow::Error::from).and_then(|r| r)
    } else {
        console(&url, &session.token).await
    };
    // The demo user lasts for this run only.
    let actor = Actor::new("demo", "demo session ended");
    let _ = store.update_user(&actor, &session.username, None, None, Some(true)).await;
    outcome
}

async fn console(url: &str, token: &str) -> anyhow::Result<()> {
    crate::console::run(crate::console::ConsoleOptions {
        server: url.to_string(),
        token: Some(token.to_string()),
        ..Default::default()
    })
    .await
}
