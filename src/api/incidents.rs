//! The control room's incidents on the wire: opening one, its lifecycle
//! actions, and the live board of open incidents with their attendance
//! clocks and the people named on them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::event::Event;
use crate::domain::incident::{Clock, Grade, IncidentAction, IncidentCategory};
use crate::domain::link::EventRole;
use crate::domain::person::Flags;

/// `POST /incidents/{id}/actions`: the version the caller last saw, and the action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentActionRequest {
    pub version: i64,
    pub action: IncidentAction,
}

/// `GET /incidents/board`: the open incidents, every filter optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct IncidentBoardQuery {
    /// I, S, E or R.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<Grade>,
    /// A London borough, in any case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub borough: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<IncidentCategory>,
    /// `true`: only incidents with no resource assigned, en route or at the scene.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unresourced: Option<bool>,
    /// One incident: its row, if it is open and the other filters keep it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Why the board is read, for the audit log; "incident board" when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(max_length = 500)]
    pub reason: Option<String>,
}

/// A person named on an incident, with what keeps officers safe: their
/// warning markers and the WANTED, IN CUSTODY, MISSING and AT RISK flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct IncidentPerson {
    pub person_id: String,
    pub role: EventRole,
    pub name: String,
    /// Current warning markers as short labels (VI, WE, SH…).
    pub markers: Vec<String>,
    pub flags: Flags,
}

/// One open incident on the board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct IncidentRow {
    pub event: Event,
    pub clock: Clock,
    pub people: Vec<IncidentPerson>,
}

/// `GET /incidents/board`: open incidents, most urgent first (grade, then
/// those waiting for attendance by time left, then those attended).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct IncidentBoard {
    /// The instant the board was read.
    pub at: DateTime<Utc>,
    pub rows: Vec<IncidentRow>,
}
