//! Bail on the wire: its actions on a custody record, and the bail diary.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::bail::Bail;
use crate::domain::bail_actions::BailAction;
use crate::domain::person::Flags;

/// `POST /custody/{id}/bail/actions`: the version the caller last saw, and the action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BailActionRequest {
    pub version: i64,
    pub action: BailAction,
}

/// `GET /custody/bail-diary`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct BailDiaryQuery {
    /// One station: a custody suite's code, name or id, in any case: the
    /// pre-charge bail answered there and the bail to court granted there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station: Option<String>,
    /// How many days ahead pre-charge bail ending is listed: 0 to 90, 7 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(minimum = 0, maximum = 90)]
    pub days: Option<i64>,
    /// Why the diary is read, for the audit log; "bail diary" when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(max_length = 500)]
    pub reason: Option<String>,
}

/// One person's bail in the diary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct BailDiaryRow {
    /// The custody record that granted the bail.
    pub custody_id: String,
    pub reference: String,
    pub version: i64,
    pub person_id: Option<String>,
    pub person_name: Option<String>,
    /// Where bail is answered, by name: the suite's name, or the court.
    pub place: Option<String>,
    /// The conditions, each in a line.
    pub conditions: Vec<String>,
    /// The person's WANTED, IN CUSTODY, ON BAIL, MISSING and AT RISK flags,
    /// those the caller's roles may be told.
    #[serde(default)]
    pub flags: Flags,
    pub bail: Bail,
}

/// The bail diary at `at`: each list soonest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct BailDiary {
    pub at: DateTime<Utc>,
    pub ending_days: i64,
    /// Answer bail later today.
    pub today: Vec<BailDiaryRow>,
    /// Past their return time, not answered.
    pub overdue: Vec<BailDiaryRow>,
    /// Pre-charge bail whose last day falls within `ending_days`.
    pub ending: Vec<BailDiaryRow>,
}
