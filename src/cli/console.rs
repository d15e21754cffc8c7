//! `bluelamp console`: the operational console against a running server.

use clap::Args;

use super::config::{Setting, Settings, Source};
use super::failure::CliError;
use crate::console::{self, ConsoleOptions};

#[derive(Debug, Args)]
pub struct ConsoleArgs {
    /// Colour theme: dark, light, high-contrast, colour-blind (NO_COLOR picks a monochrome one).
    #[arg(long, env = "BLUELAMP_THEME")]
    pub theme: Option<String>,
    /// Key bindings: default or vim (a keymap.toml in the config dir overrides single keys).
    #[arg(long, env = "BLUELAMP_KEYMAP")]
    pub keymap: Option<String>,
}

pub async fn run(args: ConsoleArgs, settings: &Settings) -> anyhow::Result<()> {
    let server = settings.server.value.clone().ok_or_else(|| {
        CliError::Usage("no server: pass --server URL, set BLUELAMP_SERVER, or run bluelamp login".into())
    })?;
    let token = std::env::var(crate::client::credentials::TOKEN_ENV).ok().filter(|t| !t.trim().is_empty());
    console::run(ConsoleOptions {
        server,
        token,
        theme: args.theme.or_else(|| chosen(&settings.theme)),
        keymap: args.keymap.or_else(|| chosen(&settings.keymap)),
        ca_cert: settings.ca_cert().map(std::path::Path::to_path_buf),
    })
    .await
}

/// A value someone chose; defaults are left to the console (NO_COLOR among them).
fn chosen(setting: &Setting<String>) -> Option<String> {
    (setting.source != Source::Default).then(|| setting.value.clone()).flatten()
}
