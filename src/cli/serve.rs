//! `bluelamp serve`: the central API server.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::serve_config::ServeConfigFile;
use crate::server::checkpoints::AuditSigning;
use crate::server::{self, AppState, ServerConfig};
use crate::store::{DatabaseUrl, Store};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// sqlite://PATH or postgres://USER@HOST/DB
    #[arg(long, env = "BLUELAMP_DATABASE")]
    pub database: DatabaseUrl,
    /// Address to listen on.
    #[arg(long, env = "BLUELAMP_LISTEN", default_value = "127.0.0.1:8700")]
    pub listen: std::net::SocketAddr,
    /// How long a login lasts, in hours.
    #[arg(long, default_value_t = 12)]
    pub token_hours: i64,
    /// A TOML file of server settings, such as `[warrant_priority]` weights.
    #[arg(long, env = "BLUELAMP_SERVER_CONFIG")]
    pub config: Option<std::path::PathBuf>,
    /// The Ed25519 key that signs the audit's checkpoints (`bluelamp admin audit keygen FILE`), kept outside the database.
    #[arg(long, env = "BLUELAMP_AUDIT_KEY", value_name = "FILE")]
    pub audit_key: Option<PathBuf>,
    /// Where erasures are logged outside the database, for replay after a restore (SQLite: beside the database file).
    #[arg(long, env = "BLUELAMP_ERASURE_LOG", value_name = "FILE")]
    pub erasure_log: Option<PathBuf>,
}

pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    let file = match &args.config {
        Some(path) => ServeConfigFile::load(path)?,
        None => ServeConfigFile::default(),
    };
    let store = Store::open(&args.database).await?;
    let audit_signing = audit_signing(args.audit_key.or(file.audit.key.clone()), &file);
    if audit_signing.is_none() {
        eprintln!(
            "warning: no audit key: the audit log is hash-chained but its head is never signed, so a chain \
             rebuilt by someone with database access cannot be told from the real one (bluelamp admin audit \
             keygen FILE, then --audit-key FILE)"
        );
    }
    let erasure_log = args.erasure_log.or(file.erasure.log).or_else(|| args.database.default_erasure_log());
    if erasure_log.is_none() {
        eprintln!(
            "warning: no erasure log (--erasure-log FILE): an erasure made after a backup is replayed after a \
             restore only from the database being replaced"
        );
    }
    let config = ServerConfig {
        token_ttl_secs: args.token_hours.clamp(1, 72) * 3600,
        warrant_priority: file.warrant_priority,
        incidents: file.incidents,
        audit_signing: audit_signing.clone(),
        erasure_log,
        ..ServerConfig::default()
    };
    let state = AppState::start(store, config).await?;
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    eprintln!("Bluelamp API on http://{}/api/v1 ({})", listener.local_addr()?, state.store.backend.as_str());
    let store = state.store.clone();
    server::serve(state, listener, super::shutdown_signal()).await?;
    // Sign for what was written since the last checkpoint before going.
    if let Some(signing) = audit_signing {
        store.checkpoint_head(&signing.load_key()?, &signing.log).await?;
    }
    Ok(())
}

/// The checkpoint settings: the key from the flag or the file, the rest
/// from the file's `[audit]` or the defaults.
fn audit_signing(key: Option<PathBuf>, file: &ServeConfigFile) -> Option<AuditSigning> {
    let mut signing = AuditSigning::with_key(key?);
    if let Some(log) = &file.audit.checkpoint_log {
        signing.log = log.clone();
    }
    if let Some(n) = file.audit.checkpoint_every_entries {
        signing.every_entries = n;
    }
    if let Some(secs) = file.audit.checkpoint_every_seconds {
        signing.every = Duration::from_secs(secs);
    }
    Some(signing)
}
