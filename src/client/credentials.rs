//! The saved login: a small JSON file in the user's config dir, readable by
//! the user alone. `BLUELAMP_TOKEN` and `BLUELAMP_SERVER` override it, and
//! `BLUELAMP_CONFIG_DIR` moves the directory.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::error::ClientError;

pub const TOKEN_ENV: &str = "BLUELAMP_TOKEN";
pub const SERVER_ENV: &str = "BLUELAMP_SERVER";
pub const CONFIG_DIR_ENV: &str = "BLUELAMP_CONFIG_DIR";
/// The file name of the saved login inside the config dir.
pub const FILE_NAME: &str = "credentials.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    pub server: String,
    pub username: String,
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

impl Credentials {
    pub fn is_expired(&self, now: DateTime<Utc>) -> bool {
        self.expires_at <= now
    }
}

/// What to connect to and with, after the environment and the file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Resolved {
    pub server: Option<String>,
    pub token: Option<String>,
    /// Known only when the token came from the file.
    pub username: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// The directory for credentials, keymaps and themes.
pub fn config_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(CONFIG_DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "bluelamp").map(|dirs| dirs.config_dir().to_path_buf())
}

pub fn credentials_path() -> Option<PathBuf> {
    config_dir().map(|dir| dir.join(FILE_NAME))
}

/// The saved login, if there is one. A missing file is `Ok(None)`.
pub fn load() -> Result<Option<Credentials>, ClientError> {
    match credentials_path() {
        Some(path) => load_from(&path),
        None => Ok(None),
    }
}

pub fn load_from(path: &Path) -> Result<Option<Credentials>, ClientError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(ClientError::Config(format!("cannot read {}: {e}", path.display()))),
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| ClientError::Config(format!("{} is damaged ({e}); log in again", path.display())))
}

/// Saves the login where [`load`] finds it; returns the path written.
pub fn save(credentials: &Credentials) -> Result<PathBuf, ClientError> {
    let path = credentials_path()
        .ok_or_else(|| ClientError::Config("no config directory (set BLUELAMP_CONFIG_DIR)".to_string()))?;
    save_to(&path, credentials)?;
    Ok(path)
}

/// Writes with mode 0600 from the start, through a temporary file, so the
/// token is never readable by others nor left half-written.
pub fn save_to(path: &Path, credentials: &Credentials) -> Result<(), ClientError> {
    let text = serde_json::to_string_pretty(credentials).map_err(|e| ClientError::Config(e.to_string()))?;
    super::private_file::write(path, text.as_bytes())
        .map_err(|e| ClientError::Config(format!("cannot write {}: {e}", path.display())))
}

/// Forgets the saved login (logout). Succeeds when there was none.
pub fn remove() -> Result<(), ClientError> {
    let Some(path) = credentials_path() else {
        return Ok(());
    };
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(ClientError::Config(format!("cannot remove {}: {e}", path.display()))),
    }
}

/// Decides server and token: an explicit `server` first, then the
/// environment, then the saved file. The saved token is used only for the
/// server it was issued by, and only while it has not expired.
pub fn resolve(server: Option<&str>, now: DateTime<Utc>) -> Result<Resolved, ClientError> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    resolve_with(server, env(SERVER_ENV), env(TOKEN_ENV), load()?, now)
}

/// [`resolve`] with its inputs given, for tests.
pub fn resolve_with(
    server: Option<&str>,
    env_server: Option<String>,
    env_token: Option<String>,
    saved: Option<Credentials>,
    now: DateTime<Utc>,
) -> Result<Resolved, ClientError> {
    let server = server.map(str::to_string).or(env_server).or_else(|| saved.as_ref().map(|c| c.server.clone()));
    if let Some(token) = env_token {
        return Ok(Resolved { server, token: Some(token), username: None, expires_at: None });
    }
    let same_server = |saved: &Credentials| {
        server.as_deref().is_some_and(|s| s.trim_end_matches('/') == saved.server.trim_end_matches('/'))
    };
    match saved {
        Some(saved) if same_server(&saved) && !saved.is_expired(now) => Ok(Resolved {
            server,
            token: Some(saved.token),
            username: Some(saved.username),
            expires_at: Some(saved.expires_at),
        }),
        _ => Ok(Resolved { server, token: None, username: None, expires_at: None }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saved(server: &str, expires_at: &str) -> Credentials {
        Credentials {
            server: server.into(),
            username: "pc1".into(),
            token: "T".into(),
            expires_at: expires_at.parse().unwrap(),
        }
    }

    fn now() -> DateTime<Utc> {
        "2026-11-25T12:00:00Z".parse().unwrap()
    }

    #[test]
    fn saved_token_is_used_only_for_its_own_server_while_valid() {
        let s = saved("http://a:1/", "2026-11-26T00:00:00Z");
        let r = resolve_with(None, None, None, Some(s.clone()), now()).unwrap();
        assert_eq!((r.server.as_deref(), r.token.as_deref()), (Some("http://a:1/"), Some("T")));
        let r = resolve_with(Some("http://a:1"), None, None, Some(s.clone()), now()).unwrap();
        assert_eq!(r.token.as_deref(), Some("T"));
        let r = resolve_with(Some("http://b:1"), None, None, Some(s), now()).unwrap();
        assert_eq!(r.token, None);
        let expired = saved("http://a:1", "2026-11-25T11:00:00Z");
        assert_eq!(resolve_with(None, None, None, Some(expired), now()).unwrap().token, None);
    }

    #[test]
    fn environment_overrides_the_file() {
        let s = saved("http://a:1", "2026-11-26T00:00:00Z");
        let r = resolve_with(None, Some("http://env:2".into()), Some("E".into()), Some(s), now()).unwrap();
        assert_eq!(r.server.as_deref(), Some("http://env:2"));
        assert_eq!(r.token.as_deref(), Some("E"));
    }

    #[test]
    fn saved_file_round_trips_with_private_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join(FILE_NAME);
        assert_eq!(load_from(&path).unwrap(), None);
        let s = saved("http://a:1", "2026-11-26T00:00:00Z");
        save_to(&path, &s).unwrap();
        assert_eq!(load_from(&path).unwrap(), Some(s));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, "{not json").unwrap();
        assert!(matches!(load_from(&path), Err(ClientError::Config(_))));
    }
}
