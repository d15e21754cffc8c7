//! A validation failure that names the field at fault and why.

use serde::Serialize;

/// Bad input, reported against the field that caused it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }

    /// Prefixes the field path, so a nested error reads `addresses[2].postcode`.
    pub fn within(mut self, parent: &str) -> Self {
        self.field = if self.field.starts_with('[') {
            format!("{parent}{}", self.field)
        } else {
            format!("{parent}.{}", self.field)
        };
        self
    }
}

/// Fails with `field` when a required text is blank, too long, or holds
/// what free text may not (see [`super::text::free_text`]).
pub fn require_text(field: &str, value: &str) -> Result<(), FieldError> {
    super::text::free_text(field, value)?;
    if value.trim().is_empty() {
        return Err(FieldError::new(field, "must not be empty"));
    }
    if value.chars().count() > 10_000 {
        return Err(FieldError::new(field, "is longer than 10000 characters"));
    }
    Ok(())
}
