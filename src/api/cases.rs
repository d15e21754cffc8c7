//! Prosecution case files on the wire: their lifecycle actions, and the
//! custody time limits on watch.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::case_lifecycle::{CaseAction, CustodyTimeLimit};
use crate::domain::ctl_watch::CtlStanding;

/// `POST /cases/{id}/actions`: the version the caller last saw, and the action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseActionRequest {
    pub version: i64,
    pub action: CaseAction,
}

/// `GET /cases/custody-time-limits`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CtlWatchQuery {
    /// Only limits that are due (within the warning days) or expired.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<bool>,
    /// Why the cases are read, for the audit log; "custody time limits" when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(max_length = 500)]
    pub reason: Option<String>,
}

/// One case's running custody time limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CtlRow {
    pub case_id: String,
    /// The case's URN.
    pub reference: String,
    pub version: i64,
    pub limit: CustodyTimeLimit,
    pub standing: CtlStanding,
}

/// The custody time limits running on open cases at `at`, expired first,
/// then soonest to expire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CtlWatch {
    pub at: DateTime<Utc>,
    /// A limit this many days or fewer from expiry is due (`[cases] ctl_warning_days`).
    pub warning_days: i64,
    pub cases: Vec<CtlRow>,
}
