//! Crime recording (CRIS as a workflow): a crime report with its people,
//! its classification to a Home Office counting-rules class (and the
//! history of reclassifications), its allocation to an officer in the case
//! and a unit, a timed and attributed investigation log, supervisor
//! reviews, and the end of it: a Home Office outcome a supervisor approved,
//! or a cancellation by the designated decision maker.

pub mod clock;
pub mod lifecycle;
pub mod tables;
#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::link::LinkedRecord;
use super::location::Address;

pub use clock::CrimeDue;
pub use lifecycle::CrimeAction;
pub use tables::{CrimeClass, CrimeRules, CrimeTables, OutcomeType};

/// Where a crime stands. A crime is recorded `open`; allocated, it is
/// `under_investigation`; an outcome proposed waits for a supervisor
/// (`outcome_proposed`); approved, it is `closed`; found not to be a crime,
/// `cancelled`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CrimeStatus {
    Open,
    UnderInvestigation,
    OutcomeProposed,
    Closed,
    Cancelled,
}

impl CrimeStatus {
    pub fn is_live(self) -> bool {
        !matches!(self, CrimeStatus::Closed | CrimeStatus::Cancelled)
    }

    pub fn label(self) -> &'static str {
        match self {
            CrimeStatus::Open => "open",
            CrimeStatus::UnderInvestigation => "under investigation",
            CrimeStatus::OutcomeProposed => "outcome proposed",
            CrimeStatus::Closed => "finalised",
            CrimeStatus::Cancelled => "cancelled",
        }
    }
}

/// A classification decision: the class, who made it and when, and for a
/// reclassification why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Classification {
    pub code: String,
    pub name: String,
    pub at: DateTime<Utc>,
    pub by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// An allocation: the officer in the case and their unit; a reallocation
/// says why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Allocation {
    pub officer: String,
    pub unit: String,
    pub at: DateTime<Utc>,
    pub by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// What an investigation log entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CrimeLogKind {
    Action,
    Enquiry,
    VictimContact,
    Note,
    /// Written by the desk itself for each decision (class, allocation,
    /// review, outcome, cancellation).
    Decision,
}

/// One timed, attributed entry of the investigation log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CrimeLogEntry {
    pub at: DateTime<Utc>,
    pub by: String,
    pub kind: CrimeLogKind,
    pub text: String,
}

/// A supervisor's review of the investigation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CrimeReview {
    pub at: DateTime<Utc>,
    pub by: String,
    pub note: String,
}

/// An outcome proposed by the investigation, waiting for a supervisor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposedOutcome {
    /// The Home Office outcome number.
    pub outcome: u8,
    pub name: String,
    pub note: String,
    pub at: DateTime<Utc>,
    pub by: String,
}

/// The outcome a supervisor approved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Finalisation {
    pub outcome: u8,
    pub name: String,
    pub proposed_by: String,
    pub approved_by: String,
    pub at: DateTime<Utc>,
}

/// Why a recorded crime is cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CancellationReason {
    /// Additional verifiable information shows no crime took place.
    NoCrime,
    /// Committed in another force's area and transferred to it.
    TransferredToAnotherForce,
    /// Recorded twice.
    Duplicate,
}

/// A cancellation by the designated decision maker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Cancellation {
    pub reason: CancellationReason,
    /// The additional verifiable information the decision rests on.
    pub additional_information: String,
    pub decided_by: String,
    pub at: DateTime<Utc>,
}

/// A crime report. Everything after `from_incident` is written by the
/// desk's actions, never by the caller directly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CrimeDetails {
    /// The offence as reported, in words.
    pub offence: String,
    pub status: CrimeStatus,
    /// A legacy system's free-text outcome (imported records only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Address>,
    /// The incident whose close opened this report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_incident: Option<LinkedRecord>,
    /// The prosecution cases charged on this report.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cases: Vec<LinkedRecord>,
    /// When it was reported to the police; the 24-hour recording clock
    /// runs from here. (The record's `occurred_at` is when it was committed.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_at: Option<DateTime<Utc>>,
    /// The end of the time it may have been committed, when not known exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub committed_until: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modus_operandi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narrative: Option<String>,
    /// Every classification, the current one last.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub classifications: Vec<Classification>,
    /// Every allocation, the current one last.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allocations: Vec<Allocation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub log: Vec<CrimeLogEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviews: Vec<CrimeReview>,
    /// When the next supervisor review is due, set at allocation and at
    /// each review from the force's interval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_due: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposed_outcome: Option<ProposedOutcome>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finalisation: Option<Finalisation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellation: Option<Cancellation>,
}

impl CrimeDetails {
    /// A crime as first recorded: open, unclassified, unallocated.
    pub fn reported(offence: String, location: Option<Address>, reported_at: DateTime<Utc>) -> CrimeDetails {
        CrimeDetails {
            offence,
            status: CrimeStatus::Open,
            outcome: None,
            location,
            from_incident: None,
            cases: Vec::new(),
            reported_at: Some(reported_at),
            committed_until: None,
            modus_operandi: None,
            narrative: None,
            classifications: Vec::new(),
            allocations: Vec::new(),
            log: Vec::new(),
            reviews: Vec::new(),
            review_due: None,
            proposed_outcome: None,
            finalisation: None,
            cancellation: None,
        }
    }

    pub fn class(&self) -> Option<&Classification> {
        self.classifications.last()
    }

    pub fn allocation(&self) -> Option<&Allocation> {
        self.allocations.last()
    }

    /// Whether anything only the desk's actions write is set: a new crime
    /// starts without it.
    pub fn has_workflow(&self) -> bool {
        self.status != CrimeStatus::Open
            || !self.classifications.is_empty()
            || !self.allocations.is_empty()
            || !self.log.is_empty()
            || !self.reviews.is_empty()
            || self.proposed_outcome.is_some()
            || self.finalisation.is_some()
            || self.cancellation.is_some()
    }
}

impl CrimeDetails {
    /// The report's own fields; what the actions write they check.
    pub fn validate(&mut self) -> Result<(), super::FieldError> {
        use super::error::require_text;
        require_text("offence", &self.offence)?;
        if let Some(address) = &mut self.location {
            address.validate().map_err(|e| e.within("location"))?;
        }
        if let Some(mo) = &self.modus_operandi {
            require_text("modus_operandi", mo)?;
        }
        if let Some(narrative) = &self.narrative {
            require_text("narrative", narrative)?;
        }
        if let (Some(reported), Some(until)) = (self.reported_at, self.committed_until) {
            if until > reported + chrono::Duration::minutes(5) {
                return Err(super::FieldError::new("committed_until", "is after the crime was reported"));
            }
        }
        Ok(())
    }

    /// Every field where a name may be written, for erasure.
    pub fn free_text_mut(&mut self) -> Vec<&mut String> {
        let mut out: Vec<&mut String> = Vec::new();
        out.extend(self.outcome.as_mut());
        out.extend(self.modus_operandi.as_mut());
        out.extend(self.narrative.as_mut());
        out.extend(self.classifications.iter_mut().filter_map(|c| c.reason.as_mut()));
        out.extend(self.allocations.iter_mut().filter_map(|a| a.reason.as_mut()));
        out.extend(self.log.iter_mut().map(|e| &mut e.text));
        out.extend(self.reviews.iter_mut().map(|r| &mut r.note));
        out.extend(self.proposed_outcome.as_mut().map(|p| &mut p.note));
        out.extend(self.cancellation.as_mut().map(|c| &mut c.additional_information));
        out
    }
}
