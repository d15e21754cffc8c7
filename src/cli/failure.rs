//! How a failed command ends: one line on stderr (or one JSON object with
//! `--format json`/`jsonl`) and an exit code scripts can act on.

use crate::client::ClientError;
use crate::console::config_error::ConfigError;
use crate::store::StoreError;

/// Exit codes scripts can rely on.
pub mod exit {
    pub const ERROR: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const NOT_FOUND: u8 = 3;
    pub const NOT_ALLOWED: u8 = 4;
    pub const CONFLICT: u8 = 5;
}

/// A failure the command line found itself (rather than the server or store).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Wrong or missing arguments.
    #[error("{0}")]
    Usage(String),
    /// No token, or a token the server refused.
    #[error("{0}")]
    NotAllowed(String),
    #[error("{0}")]
    NotFound(String),
}

/// The exit code and machine code for an error.
pub fn classify(e: &anyhow::Error) -> (u8, &'static str) {
    if let Some(e) = e.downcast_ref::<CliError>() {
        return match e {
            CliError::Usage(_) => (exit::USAGE, "usage"),
            CliError::NotAllowed(_) => (exit::NOT_ALLOWED, "not_allowed"),
            CliError::NotFound(_) => (exit::NOT_FOUND, "not_found"),
        };
    }
    if let Some(e) = e.downcast_ref::<ClientError>() {
        return match e.code() {
            Some("not_found") => (exit::NOT_FOUND, "not_found"),
            Some("unauthenticated") => (exit::NOT_ALLOWED, "unauthenticated"),
            Some("forbidden") => (exit::NOT_ALLOWED, "forbidden"),
            Some("too_many_attempts") => (exit::NOT_ALLOWED, "too_many_attempts"),
            Some("conflict") => (exit::CONFLICT, "conflict"),
            Some("invalid" | "reason_required" | "acknowledgement_required") => (exit::USAGE, "invalid"),
            _ => (exit::ERROR, "error"),
        };
    }
    if let Some(e) = e.downcast_ref::<StoreError>() {
        return match e {
            StoreError::NotFound { .. } => (exit::NOT_FOUND, "not_found"),
            StoreError::Conflict { .. } | StoreError::Duplicate(_) => (exit::CONFLICT, "conflict"),
            StoreError::Invalid(_) => (exit::USAGE, "invalid"),
            _ => (exit::ERROR, "error"),
        };
    }
    (exit::ERROR, "error")
}

/// Reports the error on stderr; returns the exit code.
pub fn report(e: &anyhow::Error, as_json: bool) -> u8 {
    let (code, kind) = classify(e);
    // One line, even when a cause carries newlines.
    let message = format!("{e:#}").replace('\n', " ");
    if as_json {
        let body = serde_json::json!({"error": {"code": kind, "message": message, "exit": code}});
        eprintln!("{body}");
    } else {
        eprintln!("error: {}", for_terminal(e).unwrap_or(message));
    }
    code
}

/// A configuration file's error as it reads on a terminal: where, then the
/// line with the caret under it and any "did you mean", each on its own line.
fn for_terminal(e: &anyhow::Error) -> Option<String> {
    e.chain().find_map(|cause| cause.downcast_ref::<ConfigError>()).map(ConfigError::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_error_keeps_its_caret_on_its_own_lines() {
        let source = "[board]\nv = \"record_vist\"\n";
        let error = ConfigError::at("k.toml", source, 12..25, "unknown action 'record_vist'")
            .suggesting("record_vist", ["record_visit"]);
        let shown = for_terminal(&anyhow::Error::from(error)).unwrap();
        assert_eq!(shown.lines().count(), 5, "{shown}");
        assert!(shown.lines().nth(3).unwrap().trim_start().starts_with("|     ^"), "{shown}");
        assert!(for_terminal(&anyhow::anyhow!("other")).is_none());
    }

    #[test]
    fn codes_follow_the_cause() {
        let api = |code: &str| {
            anyhow::Error::from(ClientError::Api { status: 400, code: code.into(), message: "m".into(), field: None })
        };
        assert_eq!(classify(&api("not_found")).0, 3);
        assert_eq!(classify(&api("forbidden")).0, 4);
        assert_eq!(classify(&api("unauthenticated")).0, 4);
        assert_eq!(classify(&api("too_many_attempts")), (4, "too_many_attempts"));
        assert_eq!(classify(&api("conflict")).0, 5);
        assert_eq!(classify(&api("internal")).0, 1);
        assert_eq!(classify(&anyhow::Error::from(CliError::Usage("x".into()))).0, 2);
        let dup = anyhow::Error::from(StoreError::Duplicate("user 'a' already exists".into()));
        assert_eq!(classify(&dup).0, 5);
    }
}
