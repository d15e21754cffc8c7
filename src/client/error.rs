//! What can go wrong talking to the server, and the exit code each maps to.

use reqwest::StatusCode;

use crate::api::ErrorBody;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    /// The server answered with its error shape (or, failing that, a status).
    #[error("{message}{}", field.as_ref().map(|f| format!(" (field {f})")).unwrap_or_default())]
    Api { status: u16, code: String, message: String, field: Option<String> },
    /// The server could not be reached, or the connection broke.
    #[error("cannot reach the server: {0}")]
    Network(String),
    /// The server answered with something that is not the expected JSON.
    #[error("unexpected reply from the server: {0}")]
    Decode(String),
    /// A bad server address or an unreadable credentials file.
    #[error("{0}")]
    Config(String),
}

impl ClientError {
    /// The process exit code for this error, the same for every command.
    pub fn exit_code(&self) -> i32 {
        match self.code() {
            Some("not_found") => 3,
            Some("unauthenticated" | "forbidden" | "too_many_attempts") => 4,
            Some("conflict") => 5,
            _ => 1,
        }
    }

    /// The server's machine code, when the server answered.
    pub fn code(&self) -> Option<&str> {
        match self {
            ClientError::Api { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The token is missing, expired or revoked: log in again.
    pub fn is_unauthenticated(&self) -> bool {
        self.code() == Some("unauthenticated")
    }

    /// Worth retrying later: the network, or the server being unavailable.
    pub fn is_transient(&self) -> bool {
        match self {
            ClientError::Network(_) => true,
            ClientError::Api { status, .. } => matches!(*status, 502..=504),
            _ => false,
        }
    }

    /// Builds the error from a failed reply's status and body.
    pub fn from_reply(status: StatusCode, body: &[u8]) -> Self {
        if let Ok(parsed) = serde_json::from_slice::<ErrorBody>(body) {
            return ClientError::Api {
                status: status.as_u16(),
                code: parsed.error.code,
                message: parsed.error.message,
                field: parsed.error.field,
            };
        }
        // Not our shape (a proxy page, an empty body): keep the status meaning.
        let code = match status.as_u16() {
            400 => "invalid",
            401 => "unauthenticated",
            403 => "forbidden",
            404 => "not_found",
            409 => "conflict",
            413 => "too_large",
            429 => "too_many_attempts",
            _ => "http_error",
        };
        let text = String::from_utf8_lossy(body);
        let text: String = text.trim().chars().take(200).collect();
        let message = if text.is_empty() {
            format!("the server answered {status}")
        } else {
            format!("the server answered {status}: {text}")
        };
        ClientError::Api { status: status.as_u16(), code: code.to_string(), message, field: None }
    }
}

impl From<reqwest::Error> for ClientError {
    fn from(error: reqwest::Error) -> Self {
        if error.is_decode() {
            return ClientError::Decode(error.to_string());
        }
        // reqwest's top-level message hides the cause ("error sending request").
        let mut text = error.to_string();
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            text.push_str(": ");
            text.push_str(&cause.to_string());
            source = cause.source();
        }
        ClientError::Network(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_shape_is_parsed() {
        let body = br#"{"error":{"code":"conflict","message":"changed by someone else","field":"version"}}"#;
        let err = ClientError::from_reply(StatusCode::CONFLICT, body);
        assert_eq!(
            err,
            ClientError::Api {
                status: 409,
                code: "conflict".into(),
                message: "changed by someone else".into(),
                field: Some("version".into()),
            }
        );
        assert_eq!(err.exit_code(), 5);
        assert_eq!(err.to_string(), "changed by someone else (field version)");
    }

    #[test]
    fn a_foreign_body_keeps_the_status_meaning() {
        let err = ClientError::from_reply(StatusCode::NOT_FOUND, b"<html>nope</html>");
        assert_eq!(err.code(), Some("not_found"));
        assert_eq!(err.exit_code(), 3);
        let err = ClientError::from_reply(StatusCode::BAD_GATEWAY, b"");
        assert!(err.is_transient());
        assert_eq!(err.exit_code(), 1);
    }

    #[test]
    fn exit_codes_follow_the_code() {
        let api = |code: &str| ClientError::Api { status: 400, code: code.into(), message: String::new(), field: None };
        assert_eq!(api("unauthenticated").exit_code(), 4);
        assert_eq!(api("forbidden").exit_code(), 4);
        assert_eq!(api("too_many_attempts").exit_code(), 4, "a locked account is not allowed in");
        assert_eq!(api("reason_required").exit_code(), 1);
        assert_eq!(ClientError::Network("down".into()).exit_code(), 1);
    }
}
