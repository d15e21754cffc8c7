//! The safeguarding desk on the wire: its lifecycle actions, its queues
//! with each report's clocks, and the partner agencies a report goes to.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::incidents::IncidentPerson;
use crate::domain::event::Event;
use crate::domain::safeguarding::{Agency, SafeguardingAction, SafeguardingCategory, SafeguardingDue};

/// `POST /safeguarding/{id}/actions`: the version the caller last saw, and the action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SafeguardingActionRequest {
    pub version: i64,
    pub action: SafeguardingAction,
}

/// The desk's queues of open reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SafeguardingQueue {
    /// Submitted, waiting for a supervisor's sign-off.
    AwaitingSignOff,
    /// Submitted and unsigned past the force's hours, by when the sign-off
    /// fell due: the most overdue first (`sort=newest`: the latest due first).
    SignOffOverdue,
    /// Referred, with an agency's response still awaited.
    AwaitingResponse,
    /// A referral with no response past its time, the most overdue first.
    ResponseOverdue,
    /// Either overdue: unsigned or unanswered past its time, the most
    /// overdue first.
    Overdue,
    /// Missing persons not yet found.
    Missing,
    /// High-risk reports (the AT RISK flag).
    AtRisk,
    /// Drafts not yet submitted.
    Drafts,
}

impl SafeguardingQueue {
    /// A queue of what is overdue, paged by when it fell due.
    pub fn is_overdue(self) -> bool {
        matches!(self, Self::SignOffOverdue | Self::ResponseOverdue | Self::Overdue)
    }
}

/// `GET /safeguarding/queue`: one queue, newest first (an overdue queue the
/// most overdue first), a page at a time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SafeguardingQueueQuery {
    /// Every open report when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<SafeguardingQueue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<SafeguardingCategory>,
    /// The officer in charge, as written on the report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub officer: Option<String>,
    /// A London borough, in any case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub borough: Option<String>,
    /// 1 to 1000; 50 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
    /// The newest first when absent, or `oldest`; a cursor from one order
    /// is refused under the other. An overdue queue sorts by when each
    /// report fell due, the most overdue (`oldest`) first when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<crate::api::list_sort::ListSort>,
    /// The `next` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// Why the queue is read, for the audit log; "safeguarding queue" when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(max_length = 500)]
    pub reason: Option<String>,
}

/// One report in a queue, with what is due on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SafeguardingRow {
    pub event: Event,
    pub due: SafeguardingDue,
    /// The people on the report by name, with their markers and flags.
    #[serde(default)]
    pub people: Vec<IncidentPerson>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SafeguardingQueuePage {
    /// The instant the queue was read; the clocks are as of then.
    pub at: DateTime<Utc>,
    pub rows: Vec<SafeguardingRow>,
    /// How many more the queue holds beyond this page, so a list can say
    /// "50 of 312".
    #[serde(default)]
    pub more: usize,
    /// True when the queue holds at least `more` beyond this page: the
    /// count stops at 1,000, so a long queue costs no more than a short one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub more_at_least: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// `GET /safeguarding/agencies`: where a report may go, and the force's clocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SafeguardingAgenciesView {
    pub agencies: Vec<Agency>,
    pub sign_off_hours: u32,
    pub response_hours: u32,
    pub return_interview_hours: u32,
}
