//! The reason given for reading a record, logged with the consultation.

use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

/// `?reason=`: why a record is consulted. Some routes require it; the rest
/// log a default of their own when it is absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReasonQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl ReasonQuery {
    pub fn new(reason: &str) -> Self {
        Self { reason: Some(reason.to_string()) }
    }
}
