//! Places: custody suites, courts and addresses.

use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

/// `GET /locations`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct LocationQuery {
    /// custody_suite, court or address; every kind when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(value_type = Option<crate::domain::location::LocationKind>)]
    pub kind: Option<String>,
}
