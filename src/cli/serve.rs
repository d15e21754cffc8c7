//! `bluelamp serve`: the central API server.

use clap::Args;

use super::serve_config::ServeConfigFile;
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
}

pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    let file = match &args.config {
        Some(path) => ServeConfigFile::load(path)?,
        None => ServeConfigFile::default(),
    };
    let store = Store::open(&args.database).await?;
    let config = ServerConfig {
        token_ttl_secs: args.token_hours.clamp(1, 72) * 3600,
        warrant_priority: file.warrant_priority,
        incidents: file.incidents,
        ..ServerConfig::default()
    };
    let state = AppState::start(store, config).await?;
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    eprintln!("Bluelamp API on http://{}/api/v1 ({})", listener.local_addr()?, state.store.backend.as_str());
    server::serve(state, listener, super::shutdown_signal()).await
}
