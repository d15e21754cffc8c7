//! The ASB case's lifecycle as typed actions: link an incident or crime
//! report (never one already linked) and unlink one with why; assess a
//! victim's risk; request a case review (refused before the trigger is met
//! unless a supervisor overrides with a reason) and record what its panel
//! decided; record a tool used with its dates; close with a result. Each
//! writes its line in the case's log.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{AsbCategory, AsbDetails, AsbResult, AsbRisk, AsbRules, AsbTool, LinkedIncident};
use crate::domain::event::OpenClosed;
use crate::domain::link::EventPerson;

/// Something done to an ASB case. On the wire:
/// `{"type": "link_incident", "record_id": "7c1e…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum AsbAction {
    /// An ASB incident or a crime report joins the case. A crime report's
    /// category is the case's unless given.
    LinkIncident {
        record_id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        category: Option<AsbCategory>,
    },
    /// A record linked in error leaves the case, with why.
    UnlinkIncident { record_id: String, reason: String },
    /// A victim's risk assessed, with why.
    AssessRisk { person_id: String, risk: AsbRisk, reasons: String },
    /// An ASB case review asked for: once the trigger is met, or before it
    /// by a supervisor giving `override_reason`.
    RequestReview {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        override_reason: Option<String>,
    },
    /// The review held: its panel, decision and action plan.
    RecordReview { panel: Vec<String>, decision: String, action_plan: String },
    /// A tool used: served, signed or made `from`, in force `until`.
    RecordTool {
        tool: AsbTool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        person_id: Option<String>,
        from: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        until: Option<NaiveDate>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// Closed with a result; no review may be left waiting.
    Close { result: AsbResult, note: String },
}

/// Who may take an action, beyond those who work ASB cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Authority {
    Anyone,
    Supervisor,
}

impl AsbAction {
    pub fn name(&self) -> &'static str {
        match self {
            AsbAction::LinkIncident { .. } => "link an incident to",
            AsbAction::UnlinkIncident { .. } => "unlink an incident from",
            AsbAction::AssessRisk { .. } => "assess a victim's risk on",
            AsbAction::RequestReview { .. } => "request a case review of",
            AsbAction::RecordReview { .. } => "record the case review of",
            AsbAction::RecordTool { .. } => "record a tool on",
            AsbAction::Close { .. } => "close",
        }
    }

    /// An override of the trigger is a supervisor's.
    pub fn authority(&self) -> Authority {
        match self {
            AsbAction::RequestReview { override_reason: Some(_) } => Authority::Supervisor,
            _ => Authority::Anyone,
        }
    }

    /// The reason recorded in the audit entry for this action.
    pub fn audit_reason(&self) -> String {
        match self {
            AsbAction::LinkIncident { .. } => "ASB case: incident linked".into(),
            AsbAction::UnlinkIncident { reason, .. } => format!("ASB case: incident unlinked: {}", reason.trim()),
            AsbAction::AssessRisk { .. } => "ASB case: victim's risk assessed".into(),
            AsbAction::RequestReview { override_reason: None } => "ASB case review requested".into(),
            AsbAction::RequestReview { override_reason: Some(r) } => {
                format!("ASB case review requested before the trigger: {}", r.trim())
            }
            AsbAction::RecordReview { .. } => "ASB case review recorded".into(),
            AsbAction::RecordTool { tool, .. } => format!("ASB case: {} recorded", tool.label()),
            AsbAction::Close { .. } => "ASB case closed".into(),
        }
    }
}

/// A case's state: its details and the people on it.
#[derive(Debug, Clone, PartialEq)]
pub struct AsbState {
    pub details: AsbDetails,
    pub people: Vec<EventPerson>,
}

/// Who acts, when, under which rules; for a link, the record as read.
pub struct Acting<'a> {
    pub by: &'a str,
    pub now: DateTime<Utc>,
    pub rules: &'a AsbRules,
    /// The record a `link_incident` names, read by the server.
    pub linking: Option<LinkedIncident>,
}

/// Whether a case in this status may take actions at all.
pub(super) fn is_open(d: &AsbDetails) -> bool {
    d.status == OpenClosed::Open
}

pub use super::apply::apply;
