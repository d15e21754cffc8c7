//! The console's own settings file, `config.toml` in the config dir
//! (`theme = "light"`, `keymap = "vim"`), and the recent reasons for access.

use std::path::Path;

use serde::Deserialize;

use super::config_error::ConfigError;
use super::keymap::read_optional;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsoleConfig {
    pub theme: Option<String>,
    pub keymap: Option<String>,
    /// The command line's settings share the file; the console is given
    /// the server it should use.
    pub server: Option<String>,
    pub format: Option<String>,
}

pub fn load(config_dir: Option<&Path>) -> Result<ConsoleConfig, ConfigError> {
    let Some(dir) = config_dir else {
        return Ok(ConsoleConfig::default());
    };
    let path = dir.join("config.toml");
    let Some(text) = read_optional(&path)? else {
        return Ok(ConsoleConfig::default());
    };
    let file = path.display().to_string();
    toml::from_str(&text).map_err(|e| ConfigError::from_toml(&file, &text, &e))
}

const REASONS_FILE: &str = "recent_reasons.json";

/// The recent reasons for access; a damaged file is simply forgotten.
pub fn load_reasons(config_dir: Option<&Path>) -> Vec<String> {
    config_dir
        .and_then(|dir| std::fs::read_to_string(dir.join(REASONS_FILE)).ok())
        .and_then(|text| serde_json::from_str::<Vec<String>>(&text).ok())
        .unwrap_or_default()
        .into_iter()
        .take(super::state::RECENT_REASONS)
        .collect()
}

pub fn save_reasons(config_dir: &Path, reasons: &[String]) -> std::io::Result<()> {
    std::fs::create_dir_all(config_dir)?;
    let text = serde_json::to_string_pretty(reasons).map_err(std::io::Error::other)?;
    std::fs::write(config_dir.join(REASONS_FILE), text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_config_file_is_optional_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(Some(dir.path())).unwrap(), ConsoleConfig::default());
        std::fs::write(
            dir.path().join("config.toml"),
            "server = \"http://x:1\"\nformat = \"json\"\ntheme = \"light\"\n",
        )
        .unwrap();
        assert_eq!(load(Some(dir.path())).unwrap().theme.as_deref(), Some("light"));
        std::fs::write(dir.path().join("config.toml"), "colour = \"light\"\n").unwrap();
        assert!(load(Some(dir.path())).unwrap_err().to_string().contains("config.toml:1:1"));
        save_reasons(dir.path(), &["Arrest enquiry".into()]).unwrap();
        assert_eq!(load_reasons(Some(dir.path())), vec!["Arrest enquiry".to_string()]);
    }
}
