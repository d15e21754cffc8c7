//! Connecting to the server with the effective server address and the token
//! from `BLUELAMP_TOKEN` or the saved login.

use chrono::Utc;

use super::config::Settings;
use super::failure::CliError;
use crate::client::{credentials, Client};

/// A client carrying a token, or a clear refusal (exit code 4).
pub fn connect(settings: &Settings) -> anyhow::Result<Client> {
    let server = settings.server.value.as_deref().ok_or_else(|| {
        CliError::Usage("no server: pass --server URL, set BLUELAMP_SERVER, or run bluelamp login".into())
    })?;
    // The same form `login` saved, so `host:port` finds `http://host:port`.
    let client = settings.client(server)?;
    let resolved = credentials::resolve(Some(client.server()), Utc::now())?;
    let token = resolved.token.ok_or_else(|| {
        CliError::NotAllowed(format!("not logged in to {server}: run bluelamp login or set BLUELAMP_TOKEN"))
    })?;
    Ok(client.with_token(token))
}
