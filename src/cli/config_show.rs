//! `bluelamp config show`: the effective settings and where each came from.

use serde_json::json;

use super::config::Settings;
use super::output::{self, Format};
use crate::client::credentials;

pub fn run(settings: &Settings) -> anyhow::Result<()> {
    let token = match std::env::var(credentials::TOKEN_ENV).ok().filter(|t| !t.trim().is_empty()) {
        Some(_) => ("set (hidden)".to_string(), "environment (BLUELAMP_TOKEN)".to_string()),
        None => match credentials::load() {
            Ok(Some(saved)) => {
                (format!("saved for {} until {}", saved.username, saved.expires_at), "saved login".into())
            }
            _ => ("none".to_string(), "-".to_string()),
        },
    };
    let path = settings.path.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| "-".into());
    let entries = [
        ("server", settings.server.value.clone().unwrap_or_default(), settings.server.source.describe()),
        ("format", settings.format().as_str().to_string(), settings.format.source.describe()),
        ("theme", settings.theme.value.clone().unwrap_or_default(), settings.theme.source.describe()),
        ("keymap", settings.keymap.value.clone().unwrap_or_default(), settings.keymap.source.describe()),
        ("ca_cert", settings.ca_cert.value.clone().unwrap_or_default(), settings.ca_cert.source.describe()),
        ("mouse", settings.mouse.value.unwrap_or(true).to_string(), settings.mouse.source.describe()),
        ("token", token.0, token.1),
        ("config_file", path, "BLUELAMP_CONFIG_DIR or the user's config dir".to_string()),
    ];
    match settings.format() {
        Format::Json | Format::Jsonl => {
            let mut map = serde_json::Map::new();
            for (k, v, s) in &entries {
                map.insert(k.to_string(), json!({"value": v, "source": s}));
            }
            output::print_json(&map)?;
        }
        _ => {
            let rows: Vec<Vec<String>> =
                entries.iter().map(|(k, v, s)| vec![k.to_string(), v.clone(), s.clone()]).collect();
            output::write_table(&mut std::io::stdout(), &["setting", "value", "source"], &rows)?;
        }
    }
    Ok(())
}
