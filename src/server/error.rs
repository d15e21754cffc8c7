//! One error type for every route, turned into the one JSON error shape.
//! Internal detail is logged, never sent.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::api::{ErrorBody, ErrorDetail};
use crate::domain::FieldError;
use crate::store::StoreError;

#[derive(Debug)]
pub enum ApiError {
    Invalid {
        field: Option<String>,
        message: String,
    },
    ReasonRequired,
    /// A handling code C report opened without acknowledging its
    /// conditions, which the message states.
    AcknowledgementRequired(String),
    Unauthenticated(String),
    Forbidden(String),
    NotFound(String),
    Conflict(String),
    TooLarge,
    /// Logins refused before a password is checked: too many attempts from
    /// an address or at an account, an account locked, or every password
    /// worker busy. `retry_after` is sent as `Retry-After`.
    TooManyAttempts {
        message: String,
        retry_after: std::time::Duration,
    },
    Unavailable(String),
    Internal(String),
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError::Invalid { field: Some(field.into()), message: message.into() }
    }

    fn parts(&self) -> (StatusCode, &'static str, String, Option<String>) {
        match self {
            ApiError::Invalid { field, message } => {
                (StatusCode::UNPROCESSABLE_ENTITY, "invalid", message.clone(), field.clone())
            }
            ApiError::ReasonRequired => (
                StatusCode::BAD_REQUEST,
                "reason_required",
                "a reason for access is required (Data Protection Act 2018 s.62)".into(),
                Some("reason".into()),
            ),
            ApiError::AcknowledgementRequired(m) => {
                (StatusCode::BAD_REQUEST, "acknowledgement_required", m.clone(), Some("acknowledge".into()))
            }
            ApiError::Unauthenticated(m) => (StatusCode::UNAUTHORIZED, "unauthenticated", m.clone(), None),
            ApiError::Forbidden(m) => (StatusCode::FORBIDDEN, "forbidden", m.clone(), None),
            ApiError::NotFound(m) => (StatusCode::NOT_FOUND, "not_found", m.clone(), None),
            ApiError::Conflict(m) => (StatusCode::CONFLICT, "conflict", m.clone(), None),
            ApiError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                "the request body is larger than the server accepts".into(),
                None,
            ),
            ApiError::TooManyAttempts { message, .. } => {
                (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts", message.clone(), None)
            }
            ApiError::Unavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "the database is unavailable; try again shortly".into(),
                None,
            ),
            ApiError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "something went wrong on the server; it has been logged".into(),
                None,
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(detail) | ApiError::Unavailable(detail) = &self {
            tracing::error!(%detail, "request failed");
        }
        let too_large = matches!(self, ApiError::TooLarge);
        let retry_after = match &self {
            // Whole seconds, rounded up: "0" would invite an immediate retry.
            ApiError::TooManyAttempts { retry_after, .. } => Some(retry_after.as_secs_f64().ceil().max(1.0) as u64),
            _ => None,
        };
        let (status, code, message, field) = self.parts();
        let body = ErrorBody { error: ErrorDetail { code: code.into(), message, field } };
        let mut response = (status, Json(body)).into_response();
        if too_large {
            // The body was left unread, so the connection cannot carry another
            // request: saying so keeps the client from sending its next one on it.
            response
                .headers_mut()
                .insert(axum::http::header::CONNECTION, axum::http::HeaderValue::from_static("close"));
        }
        if let Some(seconds) = retry_after {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}

impl From<FieldError> for ApiError {
    fn from(e: FieldError) -> Self {
        ApiError::Invalid { field: Some(e.field), message: e.message }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { .. } => ApiError::NotFound(e.to_string()),
            StoreError::Conflict { .. } => ApiError::Conflict(e.to_string()),
            StoreError::Invalid(f) => f.into(),
            StoreError::Duplicate(m) => ApiError::Conflict(m),
            StoreError::Unavailable(m) => ApiError::Unavailable(m),
            StoreError::Corrupt(m) => ApiError::Internal(m),
            StoreError::Database(e) => ApiError::Internal(e.to_string()),
        }
    }
}
