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
    pub ca_cert: Option<String>,
    /// `mouse = false` leaves the mouse to the terminal (its own text
    /// selection); on by default: the wheel scrolls, a click selects.
    pub mouse: Option<bool>,
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

/// Where consoles before this one kept recent reasons for access, in
/// plain text. Reasons name people and enquiries, so they are now kept in
/// memory only, for the session.
const REASONS_FILE: &str = "recent_reasons.json";

/// Removes a recent-reasons file an older console left on disk.
pub fn forget_saved_reasons(config_dir: Option<&Path>) {
    let Some(path) = config_dir.map(|dir| dir.join(REASONS_FILE)) else { return };
    match std::fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            tracing::warn!("could not remove {}: {e}", path.display());
        }
        _ => {}
    }
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
        // Every key the command line reads is the console's to read too.
        let shared = "server = \"https://x:1\"\nca_cert = \"/etc/ca.pem\"\nkeymap = \"vim\"\nmouse = false\n";
        std::fs::write(dir.path().join("config.toml"), shared).unwrap();
        assert_eq!(load(Some(dir.path())).unwrap().mouse, Some(false));
        std::fs::write(dir.path().join("config.toml"), "colour = \"light\"\n").unwrap();
        assert!(load(Some(dir.path())).unwrap_err().to_string().contains("config.toml:1:1"));
    }

    #[test]
    fn reasons_left_on_disk_by_an_older_console_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(REASONS_FILE);
        std::fs::write(&file, r#"["Arrest enquiry re John Smith"]"#).unwrap();
        forget_saved_reasons(Some(dir.path()));
        assert!(!file.exists());
        // Nothing there, or no directory: nothing to do.
        forget_saved_reasons(Some(dir.path()));
        forget_saved_reasons(None);
    }
}
