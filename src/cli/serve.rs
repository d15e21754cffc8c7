//! `bluelamp serve`: the central API server, over TLS when given a
//! certificate, and loud about listening beyond this machine without it.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::serve_config::ServeConfigFile;
use crate::server::checkpoints::AuditSigning;
use crate::server::{self, transport, AppState, ServerConfig};
use crate::store::{DatabaseUrl, Store};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// sqlite://PATH or postgres://USER@HOST/DB
    #[arg(long, env = "BLUELAMP_DATABASE")]
    pub database: DatabaseUrl,
    /// Address to listen on.
    #[arg(long, env = "BLUELAMP_LISTEN", default_value = "127.0.0.1:8700")]
    pub listen: SocketAddr,
    /// How long a login lasts at most, in hours (else `[session] lifetime_hours`, else 12).
    #[arg(long)]
    pub token_hours: Option<i64>,
    /// A TOML file of server settings: `[warrant_priority]`, `[login]`, `[session]`, `[audit]`, `[erasure]`.
    #[arg(long, env = "BLUELAMP_SERVER_CONFIG")]
    pub config: Option<PathBuf>,
    /// Serve HTTPS with this certificate chain (PEM); needs --tls-key.
    #[arg(long, env = "BLUELAMP_TLS_CERT", value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert (PEM).
    #[arg(long, env = "BLUELAMP_TLS_KEY", value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
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
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(transport::acceptor(cert, key)?),
        _ => None,
    };
    let store = Store::open(&args.database).await?;
    let lifetime_hours = args.token_hours.or(file.session.lifetime_hours).unwrap_or(12);
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
        token_ttl_secs: lifetime_hours.clamp(1, 72) * 3600,
        idle_timeout_secs: file.session.idle_minutes * 60,
        login: file.login,
        warrant_priority: file.warrant_priority,
        incidents: file.incidents,
        cases: file.cases,
        crimes: file.crimes.rules()?,
        safeguarding: file.safeguarding.rules()?,
        asb: file.asb,
        audit_signing: audit_signing.clone(),
        erasure_log,
        ..ServerConfig::default()
    };
    let state = AppState::start(store, config).await?;
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    let addr = listener.local_addr()?;
    let backend = state.store.backend.as_str();
    let store = state.store.clone();
    match tls {
        Some(tls) => {
            eprintln!("Bluelamp API on https://{addr}/api/v1 ({backend})");
            server::serve_tls(state, listener, tls, super::shutdown_signal()).await?;
        }
        None => {
            if let Some(warning) = plaintext_warning(addr) {
                tracing::warn!(%addr, "{warning}");
                eprintln!("WARNING: {warning}");
            }
            eprintln!("Bluelamp API on http://{addr}/api/v1 ({backend})");
            server::serve(state, listener, super::shutdown_signal()).await?;
        }
    }
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

/// What to say when passwords, tokens and personal data would cross a
/// network in clear: listening beyond loopback without TLS.
fn plaintext_warning(addr: SocketAddr) -> Option<String> {
    (!addr.ip().is_loopback()).then(|| {
        format!(
            "listening on {addr} WITHOUT TLS: passwords, tokens and personal data cross the network in clear. \
             Pass --tls-cert and --tls-key, or listen on 127.0.0.1 behind a TLS-terminating proxy."
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_listening_beyond_loopback_in_clear_is_warned_of() {
        assert!(plaintext_warning("127.0.0.1:8700".parse().unwrap()).is_none());
        assert!(plaintext_warning("[::1]:8700".parse().unwrap()).is_none());
        let warning = plaintext_warning("0.0.0.0:8700".parse().unwrap()).unwrap();
        assert!(warning.contains("WITHOUT TLS") && warning.contains("--tls-cert"), "{warning}");
        assert!(plaintext_warning("10.1.2.3:443".parse().unwrap()).is_some());
    }
}
