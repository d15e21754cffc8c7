//! Why a custody action was refused: the caller's role, or the input.

use crate::domain::pace::PaceError;
use crate::domain::FieldError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionError {
    /// The caller's roles do not allow this action; says who may.
    #[error("{0}")]
    Forbidden(String),
    /// The cell is taken: names the cell and who is in it.
    #[error("{0}")]
    Occupied(String),
    /// Bad input or against the law, naming the field.
    #[error(transparent)]
    Invalid(#[from] FieldError),
}

impl From<PaceError> for ActionError {
    fn from(e: PaceError) -> Self {
        ActionError::Invalid(e.into())
    }
}

impl ActionError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        ActionError::Invalid(FieldError::new(field, message))
    }
}
