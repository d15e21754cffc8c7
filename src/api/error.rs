//! The one error shape of every route.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The one error shape: `{"error": {"code", "message", "field"}}`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable machine code: `invalid`, `unauthenticated`, `forbidden`,
    /// `not_found`, `conflict`, `possible_match`, `reason_required`,
    /// `too_large`, `too_many_attempts`, `internal`, `unavailable`.
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}
