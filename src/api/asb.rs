//! The ASB desk on the wire: its lifecycle actions, a case with what its
//! linked incidents say as of now (the trigger, repeat and vulnerable
//! victims), and the list of cases with the desk's filters.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::asb::{AsbAction, AsbCategory, AsbStanding};
use crate::domain::event::{Event, OpenClosed};

/// `POST /asb/{id}/actions`: the version the caller last saw, and the action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AsbActionRequest {
    pub version: i64,
    pub action: AsbAction,
}

/// A case and its standing as of `standing.at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AsbCaseView {
    pub event: Event,
    pub standing: AsbStanding,
}

/// `GET /asb/cases`: cases newest first, a page at a time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AsbCasesQuery {
    /// Only cases whose review trigger is (true) or is not (false) met now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_met: Option<bool>,
    /// Open or closed; open cases when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<OpenClosed>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<AsbCategory>,
    /// A London borough, in any case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub borough: Option<String>,
    /// 1 to 1000; 50 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
    /// The newest first when absent, or `oldest`; a cursor from one order
    /// is refused under the other.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<crate::api::list_sort::ListSort>,
    /// The `next` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// Why the cases are read, for the audit log; "ASB cases" when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(max_length = 500)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AsbCasesPage {
    /// The instant the cases were read; their standing is as of then.
    pub at: DateTime<Utc>,
    pub rows: Vec<AsbCaseView>,
    /// How many more cases the filter holds beyond this page, so a list can
    /// say "50 of 312" (counted before `trigger_met`, which sorts the page).
    #[serde(default)]
    pub more: usize,
    /// True when the queue holds at least `more` beyond this page: the
    /// count stops at 1,000, so a long queue costs no more than a short one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub more_at_least: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}
