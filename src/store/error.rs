//! What can go wrong in the store, in terms the server can answer with.

use crate::domain::FieldError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no {kind} with id '{id}'")]
    NotFound { kind: &'static str, id: String },
    #[error("{kind} '{id}' has changed since version {expected} (now version {current}); reload and try again")]
    Conflict { kind: &'static str, id: String, expected: i64, current: i64 },
    #[error("{0}")]
    Invalid(#[from] FieldError),
    #[error("{0}")]
    Duplicate(String),
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("stored data could not be read: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl StoreError {
    pub fn corrupt(e: impl std::fmt::Display) -> Self {
        StoreError::Corrupt(e.to_string())
    }

    /// Unique-constraint violations become a duplicate with a readable message.
    pub fn from_insert(e: sqlx::Error, what: &str) -> Self {
        match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Duplicate(what.to_string()),
            _ => StoreError::Database(e),
        }
    }
}
