//! Prosecution case files on the wire: their lifecycle actions.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::case_lifecycle::CaseAction;

/// `POST /cases/{id}/actions`: the version the caller last saw, and the action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseActionRequest {
    pub version: i64,
    pub action: CaseAction,
}
