//! The crime desk on the wire: its lifecycle actions, its queues with each
//! crime's clocks, and the tables a crime is classified and finalised from.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::crime::{CrimeAction, CrimeClass, CrimeDue, OutcomeType};
use crate::domain::event::Event;

/// `POST /crimes/{id}/actions`: the version the caller last saw, and the action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CrimeActionRequest {
    pub version: i64,
    pub action: CrimeAction,
}

/// The desk's queues of live crimes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CrimeQueue {
    /// Allocated to the caller (by username).
    Mine,
    /// Allocated to the `unit` given.
    Unit,
    /// Nobody in the case yet.
    Unallocated,
    /// Not yet classified (the recording decision is due or overdue).
    AwaitingClassification,
    /// A supervisor review due now or overdue, by when it fell due: the
    /// most overdue first (`sort=newest`: the latest due first).
    ReviewDue,
    /// An outcome proposed, waiting for a supervisor.
    AwaitingApproval,
}

/// `GET /crimes/queue`: one queue, newest first (reviews due: the most
/// overdue first), a page at a time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CrimeQueueQuery {
    /// Every live crime when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<CrimeQueue>,
    /// The unit, for the `unit` queue (or to narrow any other).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// A London borough, in any case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub borough: Option<String>,
    /// 1 to 1000; 50 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
    /// The newest first when absent, or `oldest`; a cursor from one order
    /// is refused under the other. The `review_due` queue sorts by when
    /// each review fell due, the most overdue (`oldest`) first when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<crate::api::list_sort::ListSort>,
    /// The `next` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// Only this crime: its row if it is in the queue, none if not (for a
    /// console following one crime's change without reading its whole page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Why the queue is read, for the audit log; "crime queue" when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(max_length = 500)]
    pub reason: Option<String>,
}

/// One crime in a queue, with what is due on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CrimeRow {
    pub event: Event,
    pub due: CrimeDue,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CrimeQueuePage {
    /// The instant the queue was read; the clocks are as of then.
    pub at: DateTime<Utc>,
    pub rows: Vec<CrimeRow>,
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

/// `GET /crimes/tables`: what a crime is classified and finalised from,
/// and the force's clocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CrimeTablesView {
    pub classes: Vec<CrimeClass>,
    pub outcomes: Vec<OutcomeType>,
    pub classification_hours: u32,
    pub review_every_days: u32,
}

/// `GET /crimes/officers`: the users a crime may be allocated to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CrimeOfficers {
    /// User names, in order, of the accounts in use whose roles work crimes.
    pub usernames: Vec<String>,
}
