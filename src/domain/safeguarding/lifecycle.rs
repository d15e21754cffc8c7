//! The safeguarding lifecycle as typed actions: submit a draft, sign it off
//! or return it (a safeguarding supervisor other than its author), share it
//! for information or refer it formally to a partner agency, record the
//! agency's response, close it with a result; on the way, reassess the risk
//! with its reasons, record police checks, link the people at risk and
//! around them; for a missing person, regrade, log enquiries and record the
//! person found. Each action writes its own entry in the report's log.
//! Pure: the server loads the report, applies an action here and writes
//! the result.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    AgencyDecision, CheckSystem, ClosureResult, MissingGrade, RiskLevel, SafeguardingDetails, SafeguardingRules,
    SafeguardingStatus as S,
};
use crate::domain::link::{EventPerson, EventRole};

/// The parts people play on a safeguarding report: the child or adult at
/// risk (`subject`), and around them.
pub const PERSON_ROLES: [EventRole; 6] = [
    EventRole::Subject,
    EventRole::ReportingPerson,
    EventRole::Suspect,
    EventRole::Witness,
    EventRole::Carer,
    EventRole::HouseholdMember,
];

/// Something done to a safeguarding report. On the wire:
/// `{"type": "refer", "agency": "lambeth-childrens", "recipient": "Duty team"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum SafeguardingAction {
    /// A draft goes to a supervisor for sign-off; it needs the reasons for
    /// its risk and the police checks done.
    Submit,
    /// A safeguarding supervisor, not the report's author, signs it off.
    SignOff {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// A safeguarding supervisor sends a submitted report back to a draft.
    Return {
        reason: String,
    },
    /// To a partner agency (from the agency table) for its information.
    Share {
        agency: String,
        recipient: String,
        /// When it was sent; now when left out.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sent_at: Option<DateTime<Utc>>,
    },
    /// To a partner agency as a formal referral, whose response falls due
    /// after the force's hours.
    Refer {
        agency: String,
        recipient: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sent_at: Option<DateTime<Utc>>,
    },
    /// The agency's response to a referral: the `referral` numbered from 1
    /// in the report's list, or the oldest still waiting.
    RecordResponse {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        referral: Option<usize>,
        decision: AgencyDecision,
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<DateTime<Utc>>,
    },
    /// Closed with a result, every referral answered.
    Close {
        result: ClosureResult,
        note: String,
    },
    /// The risk reassessed, with why.
    AssessRisk {
        risk: RiskLevel,
        reasons: String,
    },
    /// A police check done, and what it found.
    RecordCheck {
        system: CheckSystem,
        result: String,
    },
    LinkPerson {
        person_id: String,
        role: EventRole,
    },
    /// A missing person regraded, with why.
    GradeMissing {
        grade: MissingGrade,
        reason: String,
    },
    /// An enquiry made to find a missing person.
    LogEnquiry {
        text: String,
    },
    /// The missing person found: when, where; the return interview falls due.
    Found {
        at: DateTime<Utc>,
        place: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
}

/// Who may take an action, beyond those who work safeguarding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Authority {
    Anyone,
    Supervisor,
}

const LIVE: &[S] = &[S::Draft, S::Submitted, S::SignedOff, S::Shared, S::Referred];
const SENDABLE: &[S] = &[S::SignedOff, S::Shared, S::Referred];

impl SafeguardingAction {
    pub fn name(&self) -> &'static str {
        match self {
            SafeguardingAction::Submit => "submit",
            SafeguardingAction::SignOff { .. } => "sign off",
            SafeguardingAction::Return { .. } => "return",
            SafeguardingAction::Share { .. } => "share",
            SafeguardingAction::Refer { .. } => "refer",
            SafeguardingAction::RecordResponse { .. } => "record a response on",
            SafeguardingAction::Close { .. } => "close",
            SafeguardingAction::AssessRisk { .. } => "reassess the risk of",
            SafeguardingAction::RecordCheck { .. } => "record a check on",
            SafeguardingAction::LinkPerson { .. } => "link a person to",
            SafeguardingAction::GradeMissing { .. } => "regrade",
            SafeguardingAction::LogEnquiry { .. } => "log an enquiry on",
            SafeguardingAction::Found { .. } => "record found on",
        }
    }

    pub fn authority(&self) -> Authority {
        match self {
            SafeguardingAction::SignOff { .. } | SafeguardingAction::Return { .. } => Authority::Supervisor,
            _ => Authority::Anyone,
        }
    }

    /// The statuses this action may be taken from.
    pub fn allowed_from(&self) -> &'static [S] {
        match self {
            SafeguardingAction::Submit => &[S::Draft],
            SafeguardingAction::SignOff { .. } | SafeguardingAction::Return { .. } => &[S::Submitted],
            SafeguardingAction::Share { .. } | SafeguardingAction::Refer { .. } => SENDABLE,
            SafeguardingAction::RecordResponse { .. } => &[S::Referred],
            SafeguardingAction::Close { .. } => &[S::Shared, S::Referred],
            _ => LIVE,
        }
    }

    /// The reason recorded in the audit entry for this action.
    pub fn audit_reason(&self) -> String {
        match self {
            SafeguardingAction::Submit => "safeguarding report submitted".into(),
            SafeguardingAction::SignOff { .. } => "safeguarding report signed off".into(),
            SafeguardingAction::Return { .. } => "safeguarding report returned".into(),
            SafeguardingAction::Share { agency, .. } => format!("safeguarding report shared with {agency}"),
            SafeguardingAction::Refer { agency, .. } => format!("safeguarding report referred to {agency}"),
            SafeguardingAction::RecordResponse { .. } => "safeguarding: agency response recorded".into(),
            SafeguardingAction::Close { .. } => "safeguarding report closed".into(),
            SafeguardingAction::AssessRisk { .. } => "safeguarding: risk reassessed".into(),
            SafeguardingAction::RecordCheck { .. } => "safeguarding: police check recorded".into(),
            SafeguardingAction::LinkPerson { .. } => "safeguarding: person linked".into(),
            SafeguardingAction::GradeMissing { .. } => "missing person regraded".into(),
            SafeguardingAction::LogEnquiry { .. } => "missing person: enquiry logged".into(),
            SafeguardingAction::Found { .. } => "missing person found".into(),
        }
    }
}

/// A report's state: its details and the people on it.
#[derive(Debug, Clone, PartialEq)]
pub struct SafeguardingState {
    pub details: SafeguardingDetails,
    pub people: Vec<EventPerson>,
}

/// Who acts, when, on whose report, under which rules.
pub struct Acting<'a> {
    pub by: &'a str,
    pub now: DateTime<Utc>,
    /// Who wrote the report (its record's `entered_by`).
    pub author: &'a str,
    pub rules: &'a SafeguardingRules,
}

pub(super) fn role_name(role: EventRole) -> String {
    serde_json::to_value(role).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

pub use super::apply::apply;
