//! Safeguarding (Merlin as a workflow): a "coming to notice" report on a
//! child or adult at risk, written as a draft, submitted, signed off by a
//! safeguarding supervisor who is not its author, then shared with a partner
//! agency for information or referred to it formally (time sent, recipient,
//! and the agency's response when it comes), and closed with a result. Its
//! category, risk with the reasons, the people at risk and around them, the
//! police checks done; for a missing person the risk grading, the enquiries
//! and the "found" step.

pub mod agencies;
mod apply;
pub mod clock;
pub mod lifecycle;
pub mod missing;
pub mod referral;
#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::error::require_text;
use super::FieldError;

pub use agencies::{Agency, AgencyKind, SafeguardingRules};
pub use clock::SafeguardingDue;
pub use lifecycle::SafeguardingAction;
pub use missing::{Found, MissingGrade, MissingReport};
pub use referral::{AgencyDecision, AgencyResponse, Closure, ClosureResult, Referral};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SafeguardingCategory {
    ChildWelfare,
    DomesticAbuse,
    MissingPerson,
    ChildSexualExploitation,
    ForcedMarriage,
    AdultAtRisk,
}

impl SafeguardingCategory {
    pub fn label(self) -> &'static str {
        match self {
            SafeguardingCategory::ChildWelfare => "child welfare",
            SafeguardingCategory::DomesticAbuse => "domestic abuse",
            SafeguardingCategory::MissingPerson => "missing person",
            SafeguardingCategory::ChildSexualExploitation => "child sexual exploitation",
            SafeguardingCategory::ForcedMarriage => "forced marriage",
            SafeguardingCategory::AdultAtRisk => "adult at risk",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    High,
    Medium,
    Low,
}

/// How the report went to partners: for their information, or as a formal
/// referral that asks for their response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sharing {
    InformationOnly,
    FormalReferral,
}

/// Where a report stands: written (`draft`), `submitted` for sign-off,
/// `signed_off` by a supervisor, `shared` for information or `referred`
/// formally to a partner agency, `closed` with a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SafeguardingStatus {
    Draft,
    Submitted,
    SignedOff,
    Shared,
    Referred,
    Closed,
}

impl SafeguardingStatus {
    pub fn label(self) -> &'static str {
        match self {
            SafeguardingStatus::Draft => "a draft",
            SafeguardingStatus::Submitted => "submitted",
            SafeguardingStatus::SignedOff => "signed off",
            SafeguardingStatus::Shared => "shared",
            SafeguardingStatus::Referred => "referred",
            SafeguardingStatus::Closed => "closed",
        }
    }
}

/// Who did something, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Stamp {
    pub by: String,
    pub at: DateTime<Utc>,
}

/// A supervisor's sign-off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignOff {
    pub by: String,
    pub at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A risk assessment: the level and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskAssessment {
    pub risk: RiskLevel,
    pub reasons: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// The police systems checked for a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CheckSystem {
    /// The Police National Computer.
    Pnc,
    /// The Police National Database.
    Pnd,
    /// The force's own records and intelligence.
    LocalRecords,
    /// Previous safeguarding reports on the people named.
    PreviousReports,
    /// Domestic abuse history (including Clare's Law disclosures).
    DomesticAbuseHistory,
    /// Open warrants and bail conditions.
    WarrantsAndBail,
}

/// One police check: which system, what it found, who checked and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PoliceCheck {
    pub system: CheckSystem,
    pub result: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// One timed, attributed entry of the report's log, written by each action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SafeguardingLogEntry {
    pub at: DateTime<Utc>,
    pub by: String,
    pub text: String,
}

/// A safeguarding report. The report's own fields come first; everything
/// from `submitted` on is written by the desk's actions, never by the caller
/// directly (a missing person's grade and last sighting come with the report).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SafeguardingDetails {
    pub category: SafeguardingCategory,
    pub status: SafeguardingStatus,
    pub risk: RiskLevel,
    /// Why the risk is what it is; needed before the report is submitted.
    #[serde(default)]
    pub risk_reasons: String,
    /// The results of police checks as written on the report (and on
    /// imported records); the checks done one by one are in `checks`.
    #[serde(default)]
    pub police_checks: String,
    pub officer_in_charge: String,
    /// A missing-person report's grading, last sighting, enquiries and return.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing: Option<MissingReport>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<PoliceCheck>,
    /// Every reassessment of the risk, the latest last.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub risk_history: Vec<RiskAssessment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted: Option<Stamp>,
    /// When the sign-off falls due, set at submission from the force's hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_off_due: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_off: Option<SignOff>,
    /// The route taken: shared for information, or referred formally.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sharing: Option<Sharing>,
    /// Each time the report went to a partner agency, for information or as
    /// a referral, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub referrals: Vec<Referral>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closure: Option<Closure>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub log: Vec<SafeguardingLogEntry>,
}

impl SafeguardingDetails {
    /// A report as first written: a draft with nothing done to it.
    pub fn draft(category: SafeguardingCategory, risk: RiskLevel, officer_in_charge: String) -> SafeguardingDetails {
        SafeguardingDetails {
            category,
            status: SafeguardingStatus::Draft,
            risk,
            risk_reasons: String::new(),
            police_checks: String::new(),
            officer_in_charge,
            missing: None,
            checks: Vec::new(),
            risk_history: Vec::new(),
            submitted: None,
            sign_off_due: None,
            sign_off: None,
            sharing: None,
            referrals: Vec::new(),
            closure: None,
            log: Vec::new(),
        }
    }

    pub fn is_open(&self) -> bool {
        self.status != SafeguardingStatus::Closed
    }

    /// Missing now: a missing-person report, open, with no "found" recorded.
    pub fn is_missing(&self) -> bool {
        self.is_open()
            && self.category == SafeguardingCategory::MissingPerson
            && self.missing.as_ref().is_some_and(|m| m.found.is_none())
    }

    /// Every field where a name may be written, for erasure.
    pub fn free_text_mut(&mut self) -> Vec<&mut String> {
        let mut out = vec![&mut self.risk_reasons, &mut self.police_checks];
        out.extend(self.checks.iter_mut().map(|c| &mut c.result));
        out.extend(self.risk_history.iter_mut().map(|r| &mut r.reasons));
        out.extend(self.sign_off.as_mut().and_then(|s| s.note.as_mut()));
        for r in &mut self.referrals {
            out.push(&mut r.recipient);
            out.extend(r.response.as_mut().map(|a| &mut a.text));
        }
        out.extend(self.closure.as_mut().map(|c| &mut c.note));
        out.extend(self.log.iter_mut().map(|e| &mut e.text));
        if let Some(m) = &mut self.missing {
            out.push(&mut m.last_seen_place);
            out.push(&mut m.grade_reason);
            out.extend(m.regrades.iter_mut().map(|g| &mut g.reason));
            out.extend(m.enquiries.iter_mut().map(|e| &mut e.text));
            if let Some(f) = &mut m.found {
                out.push(&mut f.place);
                out.extend(f.note.as_mut());
            }
        }
        out
    }

    /// Whether anything only the desk's actions write is set: a new report
    /// starts without it.
    pub fn has_workflow(&self) -> bool {
        self.status != SafeguardingStatus::Draft
            || !self.checks.is_empty()
            || !self.risk_history.is_empty()
            || self.submitted.is_some()
            || self.sign_off_due.is_some()
            || self.sign_off.is_some()
            || self.sharing.is_some()
            || !self.referrals.is_empty()
            || self.closure.is_some()
            || !self.log.is_empty()
            || self.missing.as_ref().is_some_and(|m| m.has_workflow())
    }

    /// The report's own fields; what the actions write they check.
    pub fn validate(&mut self) -> Result<(), FieldError> {
        require_text("officer_in_charge", &self.officer_in_charge)?;
        if !self.risk_reasons.is_empty() {
            require_text("risk_reasons", &self.risk_reasons)?;
        }
        if !self.police_checks.is_empty() {
            require_text("police_checks", &self.police_checks)?;
        }
        match (&mut self.missing, self.category) {
            (Some(m), SafeguardingCategory::MissingPerson) => m.validate().map_err(|e| e.within("missing"))?,
            (Some(_), _) => return Err(FieldError::new("missing", "only a missing-person report has these")),
            // Required of a new report (the server asks); an imported one may lack it.
            (None, _) => {}
        }
        Ok(())
    }
}
