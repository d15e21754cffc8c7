//! Intelligence handling (CrimInt as a workflow): a report graded 3x5x2
//! (or the older 5x5x5 kept on historic records), drafted and submitted by
//! an officer, evaluated by an intelligence officer other than its
//! submitter, sanitised (the sanitised text approved, by whom), disseminated
//! to recipients each recorded, and reviewed for retention.

pub mod lifecycle;
#[cfg(test)]
mod tests;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::FieldError;

pub use lifecycle::IntelligenceAction;

/// 3x5x2 grading, or the older 5x5x5 kept on historic records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "scheme", rename_all = "snake_case", deny_unknown_fields)]
pub enum Grading {
    /// source 1–3, intelligence A–E, handling P or C (with conditions).
    #[serde(rename = "3x5x2")]
    ThreeFiveTwo {
        source: u8,
        intelligence: char,
        handling: char,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        conditions: Option<String>,
    },
    /// source A–E, intelligence 1–5, handling 1–5 (historic records only).
    #[serde(rename = "5x5x5")]
    FiveFiveFive { source: char, intelligence: u8, handling: u8 },
}

impl Grading {
    pub fn validate(&self) -> Result<(), FieldError> {
        match self {
            Grading::ThreeFiveTwo { source, intelligence, handling, conditions } => {
                if !(1..=3).contains(source) {
                    return Err(FieldError::new("source", "must be 1, 2 or 3"));
                }
                if !('A'..='E').contains(intelligence) {
                    return Err(FieldError::new("intelligence", "must be A, B, C, D or E"));
                }
                match handling {
                    'P' => {}
                    'C' if conditions.as_deref().is_some_and(|c| !c.trim().is_empty()) => {}
                    'C' => return Err(FieldError::new("conditions", "handling C needs its conditions recorded")),
                    _ => return Err(FieldError::new("handling", "must be P or C")),
                }
            }
            Grading::FiveFiveFive { source, intelligence, handling } => {
                if !('A'..='E').contains(source) {
                    return Err(FieldError::new("source", "must be A to E"));
                }
                if !(1..=5).contains(intelligence) || !(1..=5).contains(handling) {
                    return Err(FieldError::new("intelligence", "5x5x5 codes must be 1 to 5"));
                }
            }
        }
        Ok(())
    }

    /// As it is written on the report, such as `1B P` or `B2 4`.
    pub fn code(&self) -> String {
        match self {
            Grading::ThreeFiveTwo { source, intelligence, handling, .. } => {
                format!("{source}{intelligence} {handling}")
            }
            Grading::FiveFiveFive { source, intelligence, handling } => format!("{source}{intelligence} {handling}"),
        }
    }
}

/// Ordered most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    High,
    Medium,
    Low,
}

/// Where a report stands. Drafted, then submitted for evaluation;
/// evaluated (graded by an intelligence officer); sanitised (its
/// disseminable text approved); disseminated; reviewed for retention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum IntelligenceStatus {
    #[default]
    Draft,
    Submitted,
    Evaluated,
    Sanitised,
    Disseminated,
    Reviewed,
}

impl IntelligenceStatus {
    pub const ALL: [IntelligenceStatus; 6] = [
        IntelligenceStatus::Draft,
        IntelligenceStatus::Submitted,
        IntelligenceStatus::Evaluated,
        IntelligenceStatus::Sanitised,
        IntelligenceStatus::Disseminated,
        IntelligenceStatus::Reviewed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IntelligenceStatus::Draft => "draft",
            IntelligenceStatus::Submitted => "submitted",
            IntelligenceStatus::Evaluated => "evaluated",
            IntelligenceStatus::Sanitised => "sanitised",
            IntelligenceStatus::Disseminated => "disseminated",
            IntelligenceStatus::Reviewed => "reviewed",
        }
    }
}

/// Who did something, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Stamp {
    pub at: DateTime<Utc>,
    pub by: String,
}

/// An intelligence officer's evaluation: the grading given, beside the
/// submitter's, and why where they differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    /// The grading the submitter gave.
    pub submitted: Grading,
    /// The grading the evaluator gave (the report's grading from then on).
    pub evaluated: Grading,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
    pub at: DateTime<Utc>,
    pub by: String,
}

/// The sanitised text approved for dissemination, and by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Sanitisation {
    pub approved_by: String,
    pub at: DateTime<Utc>,
}

/// One dissemination: to whom (people or units), why, by whom, and the
/// handling conditions it went with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Dissemination {
    pub recipients: Vec<String>,
    pub purpose: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<String>,
    pub at: DateTime<Utc>,
    pub by: String,
}

/// What a retention review decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RetentionDecision {
    /// Still needed for a policing purpose: kept, and reviewed again.
    Retain,
    /// No longer needed: to be disposed of (erasure is an administrator's step).
    Dispose,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RetentionReview {
    pub decision: RetentionDecision,
    pub note: String,
    /// When to review again (a retained report).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_review: Option<NaiveDate>,
    pub at: DateTime<Utc>,
    pub by: String,
}

/// An intelligence report. Everything from `submission` on is written by
/// the desk's actions, never by the caller directly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IntelligenceDetails {
    /// The current grading: the submitter's until evaluated, then the evaluator's.
    pub grading: Grading,
    pub priority: Priority,
    /// Safe to disseminate: nothing that identifies a source.
    pub sanitised_text: String,
    /// Shown only to intelligence roles; withheld by the server otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unsanitised_text: Option<String>,
    /// A report is recorded as a draft (or submitted at once).
    #[serde(default)]
    pub status: IntelligenceStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submission: Option<Stamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluation: Option<Evaluation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sanitisation: Option<Sanitisation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disseminations: Vec<Dissemination>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retention_reviews: Vec<RetentionReview>,
}

impl IntelligenceDetails {
    /// A new report as its author drafts it.
    pub fn draft(
        grading: Grading,
        priority: Priority,
        sanitised_text: String,
        unsanitised_text: Option<String>,
    ) -> Self {
        IntelligenceDetails {
            grading,
            priority,
            sanitised_text,
            unsanitised_text,
            status: IntelligenceStatus::Draft,
            submission: None,
            evaluation: None,
            sanitisation: None,
            disseminations: Vec::new(),
            retention_reviews: Vec::new(),
        }
    }

    /// Every field where a name may be written, for erasure.
    pub fn free_text_mut(&mut self) -> Vec<&mut String> {
        let mut out = vec![&mut self.sanitised_text];
        out.extend(self.unsanitised_text.as_mut());
        out.extend(self.evaluation.as_mut().and_then(|e| e.rationale.as_mut()));
        for d in &mut self.disseminations {
            out.push(&mut d.purpose);
            out.extend(d.conditions.as_mut());
        }
        out.extend(self.retention_reviews.iter_mut().map(|r| &mut r.note));
        out
    }

    /// Whether anything only the desk's actions write is set: a new report
    /// starts without it (a draft, or submitted by its author at once).
    pub fn has_workflow(&self) -> bool {
        !matches!(self.status, IntelligenceStatus::Draft | IntelligenceStatus::Submitted)
            || self.submission.is_some()
            || self.evaluation.is_some()
            || self.sanitisation.is_some()
            || !self.disseminations.is_empty()
            || !self.retention_reviews.is_empty()
    }

    /// The handling conditions anyone who opens the report must acknowledge
    /// (handling code C).
    pub fn conditions(&self) -> Option<&str> {
        match &self.grading {
            Grading::ThreeFiveTwo { handling: 'C', conditions, .. } => conditions.as_deref(),
            _ => None,
        }
    }

    /// When the next retention review is due, for a retained report.
    pub fn retention_due(&self) -> Option<NaiveDate> {
        self.retention_reviews.last().and_then(|r| r.next_review)
    }

    /// The report's own fields; what the actions write they check.
    pub fn validate(&self) -> Result<(), FieldError> {
        self.grading.validate().map_err(|e| e.within("grading"))?;
        super::error::require_text("sanitised_text", &self.sanitised_text)?;
        Ok(())
    }
}
