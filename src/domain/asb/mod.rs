//! Anti-social behaviour (Airspace as a workflow): a case groups incidents
//! that are records in their own right — the control room's ASB incidents
//! and crime reports, linked by id, each with its time, place, category and
//! people — and works them: a risk assessment per victim, the case review
//! its victims may trigger, the tools of the 2014 Act as typed actions with
//! their dates, and a close with a result. Repeat and vulnerable victims
//! and the trigger are never stored: `standing.rs` derives them from the
//! linked incidents as of now. Pure.

mod apply;
pub mod lifecycle;
mod linking;
mod rules;
pub mod standing;
#[cfg(test)]
mod tests;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::error::require_text;
use super::event::OpenClosed;
use super::link::{EventPerson, LinkedRecord};
use super::FieldError;

pub use lifecycle::AsbAction;
pub use linking::{linked_incident, linking_at_open};
pub use rules::AsbRules;
pub use standing::{standing, AsbStanding, ReviewTrigger, VictimStanding};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AsbCategory {
    Personal,
    Nuisance,
    Environmental,
}

impl AsbCategory {
    pub const ALL: [AsbCategory; 3] = [AsbCategory::Personal, AsbCategory::Nuisance, AsbCategory::Environmental];

    pub fn as_str(self) -> &'static str {
        match self {
            AsbCategory::Personal => "personal",
            AsbCategory::Nuisance => "nuisance",
            AsbCategory::Environmental => "environmental",
        }
    }

    /// An ASB incident's sub-type (`personal`, `nuisance`, `environmental`).
    pub fn from_subtype(subtype: &str) -> Option<AsbCategory> {
        AsbCategory::ALL.into_iter().find(|c| c.as_str() == subtype)
    }
}

/// An incident or crime report linked to a case: the record by id, and
/// what the case's rules read of it, as it stood when it was linked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkedIncident {
    pub record: LinkedRecord,
    /// When it happened.
    pub at: DateTime<Utc>,
    pub category: AsbCategory,
    /// Where, in one line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// The people on the record with their parts in it.
    #[serde(default)]
    pub people: Vec<EventPerson>,
    pub linked_at: DateTime<Utc>,
    pub linked_by: String,
}

/// An incident the case system held as text before incidents were linked
/// records: kept as written, shown, never counted towards the trigger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NotedIncident {
    pub at: DateTime<Utc>,
    pub description: String,
}

/// The harm a victim is assessed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AsbRisk {
    Standard,
    Medium,
    High,
}

/// One victim's risk assessment, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskAssessment {
    pub person_id: String,
    pub risk: AsbRisk,
    pub reasons: String,
    pub at: DateTime<Utc>,
    pub by: String,
}

/// What a case review panel decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewOutcome {
    pub at: DateTime<Utc>,
    pub by: String,
    /// Who sat on the panel (agencies or people).
    pub panel: Vec<String>,
    pub decision: String,
    pub action_plan: String,
}

/// An ASB case review requested for the case's victims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseReview {
    pub requested_at: DateTime<Utc>,
    pub requested_by: String,
    /// Linked incidents inside the trigger's window when it was asked for.
    pub incidents_in_window: usize,
    pub trigger_met: bool,
    /// A supervisor's reason for a review before the trigger was met.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<ReviewOutcome>,
}

/// The tools of the Anti-social Behaviour, Crime and Policing Act 2014,
/// softer steps first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AsbTool {
    WarningLetter,
    AcceptableBehaviourContract,
    CommunityProtectionNotice,
    DispersalDirection,
    CivilInjunction,
    CriminalBehaviourOrder,
    ClosureNotice,
    ClosureOrder,
}

impl AsbTool {
    pub fn label(self) -> &'static str {
        match self {
            AsbTool::WarningLetter => "warning letter",
            AsbTool::AcceptableBehaviourContract => "acceptable behaviour contract",
            AsbTool::CommunityProtectionNotice => "community protection notice",
            AsbTool::DispersalDirection => "dispersal direction",
            AsbTool::CivilInjunction => "civil injunction",
            AsbTool::CriminalBehaviourOrder => "criminal behaviour order",
            AsbTool::ClosureNotice => "closure notice",
            AsbTool::ClosureOrder => "closure order",
        }
    }

    /// Made by a court (the rest are police or council steps).
    pub fn is_court_order(self) -> bool {
        matches!(self, AsbTool::CivilInjunction | AsbTool::CriminalBehaviourOrder | AsbTool::ClosureOrder)
    }
}

/// A tool used on the case: against whom, from when, until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ToolUsed {
    pub tool: AsbTool,
    /// The person it is served on or made against (none for a closure of premises).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_id: Option<String>,
    /// Served, signed or made on.
    pub from: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
    /// The court for an order; the terms in short.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub at: DateTime<Utc>,
    pub by: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AsbResult {
    /// The behaviour stopped.
    Resolved,
    /// Stopped under a tool still in force.
    ResolvedByTool,
    /// Passed to a partner (the council, a housing provider) to lead.
    PartnerLead,
    /// No further action possible: no evidence, the victim withdrew.
    NoFurtherAction,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AsbClosure {
    pub at: DateTime<Utc>,
    pub by: String,
    pub result: AsbResult,
    pub note: String,
}

/// A timed, attributed line of the case's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AsbLogEntry {
    pub at: DateTime<Utc>,
    pub by: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AsbDetails {
    pub category: AsbCategory,
    pub status: OpenClosed,
    /// The incidents and crime reports the case groups, oldest first.
    #[serde(default)]
    pub incidents: Vec<LinkedIncident>,
    /// Incidents recorded as text before they were linked records.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub noted_incidents: Vec<NotedIncident>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub risk_assessments: Vec<RiskAssessment>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviews: Vec<CaseReview>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tools: Vec<ToolUsed>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closure: Option<AsbClosure>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub log: Vec<AsbLogEntry>,
    /// The incident whose close opened this case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_incident: Option<LinkedRecord>,
}

impl AsbDetails {
    /// A new open case of `category` with nothing done to it yet.
    pub fn new(category: AsbCategory) -> AsbDetails {
        AsbDetails {
            category,
            status: OpenClosed::Open,
            incidents: Vec::new(),
            noted_incidents: Vec::new(),
            risk_assessments: Vec::new(),
            reviews: Vec::new(),
            tools: Vec::new(),
            closure: None,
            log: Vec::new(),
            from_incident: None,
        }
    }

    /// Whether anything has been done to it beyond being written (what
    /// `POST /asb` may not send: it comes through the actions).
    pub fn has_workflow(&self) -> bool {
        self.status != OpenClosed::Open
            || !self.incidents.is_empty()
            || !self.risk_assessments.is_empty()
            || !self.reviews.is_empty()
            || !self.tools.is_empty()
            || self.closure.is_some()
            || !self.log.is_empty()
    }

    /// The linked record with this id, if linked.
    pub fn linked(&self, record_id: &str) -> Option<&LinkedIncident> {
        self.incidents.iter().find(|i| i.record.id == record_id)
    }

    /// The review asked for and not yet held.
    pub fn pending_review(&self) -> Option<&CaseReview> {
        self.reviews.iter().find(|r| r.outcome.is_none())
    }

    pub fn validate(&self) -> Result<(), FieldError> {
        for (i, n) in self.noted_incidents.iter().enumerate() {
            require_text(&format!("noted_incidents[{i}].description"), &n.description)?;
        }
        // (A case imported closed may have no close of ours; one of ours is closed.)
        if self.closure.is_some() && self.status != OpenClosed::Closed {
            return Err(FieldError::new("status", "a case with its result is closed"));
        }
        Ok(())
    }

    /// Takes an erased person off the case's own records of them: the
    /// linked incidents' people, their risk assessments (whose reasons are
    /// about them), and the person a tool was used on. Whether any changed.
    pub fn take_off(&mut self, person_id: &str) -> bool {
        let mut changed = false;
        for i in &mut self.incidents {
            let before = i.people.len();
            i.people.retain(|p| p.person_id != person_id);
            changed |= i.people.len() < before;
        }
        let before = self.risk_assessments.len();
        self.risk_assessments.retain(|r| r.person_id != person_id);
        changed |= self.risk_assessments.len() < before;
        for t in self.tools.iter_mut().filter(|t| t.person_id.as_deref() == Some(person_id)) {
            t.person_id = None;
            changed = true;
        }
        changed
    }

    /// Every narrative field, where a name may be written (for erasure).
    pub fn free_text_mut(&mut self) -> Vec<&mut String> {
        let mut out: Vec<&mut String> = Vec::new();
        out.extend(self.incidents.iter_mut().filter_map(|i| i.place.as_mut()));
        out.extend(self.noted_incidents.iter_mut().map(|n| &mut n.description));
        out.extend(self.risk_assessments.iter_mut().map(|r| &mut r.reasons));
        for r in &mut self.reviews {
            out.extend(r.override_reason.as_mut());
            if let Some(o) = &mut r.outcome {
                out.extend(o.panel.iter_mut());
                out.push(&mut o.decision);
                out.push(&mut o.action_plan);
            }
        }
        out.extend(self.tools.iter_mut().filter_map(|t| t.note.as_mut()));
        out.extend(self.closure.iter_mut().map(|c| &mut c.note));
        out.extend(self.log.iter_mut().map(|e| &mut e.text));
        out
    }
}
