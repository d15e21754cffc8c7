//! The change stream (`GET /events`): the change log as Server-Sent Events.

use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

/// Which changes to stream, and from where.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct StreamQuery {
    /// Comma-separated topics (`persons`, `warrants`, `custody`…); all when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topics: Option<String>,
    /// Resume after this sequence (as the Last-Event-ID header does).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<i64>,
}
