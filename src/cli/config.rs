//! Effective settings: a flag first, then `BLUELAMP_*` in the environment,
//! then `config.toml` in the user's config dir, then the default; each value
//! remembers where it came from, for `bluelamp config show`.

use std::path::PathBuf;

use anyhow::Context;
use serde::Deserialize;

use super::failure::CliError;
use super::output::Format;
use crate::client::credentials;

const FILE_NAME: &str = "config.toml";
/// A PEM file of certificate authorities to trust (a self-signed server's).
pub const CA_CERT_ENV: &str = "BLUELAMP_CA_CERT";

/// The config file: every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub server: Option<String>,
    pub format: Option<String>,
    pub theme: Option<String>,
    pub keymap: Option<String>,
    pub ca_cert: Option<String>,
    /// The console's (see `console::config`).
    pub mouse: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Flag,
    Environment(&'static str),
    File,
    Login,
    Default,
}

impl Source {
    pub fn describe(self) -> String {
        match self {
            Source::Flag => "flag".into(),
            Source::Environment(name) => format!("environment ({name})"),
            Source::File => "config file".into(),
            Source::Login => "saved login".into(),
            Source::Default => "default".into(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Setting<T> {
    pub value: Option<T>,
    pub source: Source,
}

/// What a command runs with.
#[derive(Debug)]
pub struct Settings {
    pub path: Option<PathBuf>,
    pub server: Setting<String>,
    pub format: Setting<Format>,
    pub theme: Setting<String>,
    pub keymap: Setting<String>,
    /// A PEM file of certificate authorities to trust besides the system's.
    pub ca_cert: Setting<String>,
    /// Whether the console takes the mouse (the file's `mouse`, else on).
    pub mouse: Setting<bool>,
}

pub fn config_path() -> Option<PathBuf> {
    credentials::config_dir().map(|d| d.join(FILE_NAME))
}

fn read_file(path: Option<&PathBuf>) -> anyhow::Result<ConfigFile> {
    let Some(path) = path else {
        return Ok(ConfigFile::default());
    };
    match std::fs::read_to_string(path) {
        Ok(text) => toml::from_str(&text).with_context(|| format!("{} is not a valid config file", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ConfigFile::default()),
        Err(e) => Err(anyhow::anyhow!("cannot read {}: {e}", path.display())),
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn pick(flag: Option<String>, env_name: &'static str, file: Option<String>) -> Setting<String> {
    if let Some(v) = flag {
        return Setting { value: Some(v), source: Source::Flag };
    }
    if let Some(v) = env(env_name) {
        return Setting { value: Some(v), source: Source::Environment(env_name) };
    }
    match file {
        Some(v) => Setting { value: Some(v), source: Source::File },
        None => Setting { value: None, source: Source::Default },
    }
}

impl Settings {
    pub fn load(
        server_flag: Option<String>,
        format_flag: Option<Format>,
        ca_cert_flag: Option<String>,
    ) -> anyhow::Result<Settings> {
        let path = config_path();
        let file = read_file(path.as_ref())?;
        let mut server = pick(server_flag, credentials::SERVER_ENV, file.server);
        if server.value.is_none() {
            if let Ok(Some(saved)) = credentials::load() {
                server = Setting { value: Some(saved.server), source: Source::Login };
            }
        }
        let format_text = pick(format_flag.map(|f| f.as_str().to_string()), "BLUELAMP_FORMAT", file.format);
        let format = match &format_text.value {
            Some(text) => {
                let parsed = Format::parse(text).ok_or_else(|| {
                    CliError::Usage(format!(
                        "format '{text}' (from {}) is not one of table, json, jsonl, csv, text",
                        format_text.source.describe()
                    ))
                })?;
                Setting { value: Some(parsed), source: format_text.source }
            }
            None => Setting { value: Some(Format::for_stdout()), source: Source::Default },
        };
        let theme = pick(None, "BLUELAMP_THEME", file.theme);
        let theme =
            if theme.value.is_none() { Setting { value: Some("dark".into()), source: Source::Default } } else { theme };
        let keymap = pick(None, "BLUELAMP_KEYMAP", file.keymap);
        let keymap = if keymap.value.is_none() {
            Setting { value: Some("default".into()), source: Source::Default }
        } else {
            keymap
        };
        let ca_cert = pick(ca_cert_flag, CA_CERT_ENV, file.ca_cert);
        let mouse = match file.mouse {
            Some(on) => Setting { value: Some(on), source: Source::File },
            None => Setting { value: Some(true), source: Source::Default },
        };
        Ok(Settings { path, server, format, theme, keymap, ca_cert, mouse })
    }

    pub fn format(&self) -> Format {
        self.format.value.unwrap_or(Format::Table)
    }

    pub fn ca_cert(&self) -> Option<&std::path::Path> {
        self.ca_cert.value.as_deref().map(std::path::Path::new)
    }

    /// A client for `server` that trusts the configured authorities too.
    pub fn client(&self, server: &str) -> Result<crate::client::Client, crate::client::ClientError> {
        crate::client::Client::trusting(server, self.ca_cert())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flag_beats_everything_and_a_file_beats_nothing() {
        let s = pick(Some("f".into()), "BLUELAMP_TEST_UNSET_VARIABLE", Some("file".into()));
        assert_eq!((s.value.as_deref(), s.source), (Some("f"), Source::Flag));
        let s = pick(None, "BLUELAMP_TEST_UNSET_VARIABLE", Some("file".into()));
        assert_eq!((s.value.as_deref(), s.source), (Some("file"), Source::File));
        let s = pick(None, "BLUELAMP_TEST_UNSET_VARIABLE", None);
        assert_eq!(s.source, Source::Default);
    }

    #[test]
    fn the_file_refuses_unknown_keys() {
        assert!(toml::from_str::<ConfigFile>("server = 'http://a'\nformat = 'csv'").is_ok());
        // The console's keys share the file.
        assert!(toml::from_str::<ConfigFile>("keymap = 'vim'\ntheme = 'light'\nmouse = false").is_ok());
        assert!(toml::from_str::<ConfigFile>("colour = 'red'").is_err());
    }
}
