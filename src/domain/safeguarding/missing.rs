//! A missing-person report: the risk grading (very low to high, reviewed
//! as enquiries go on, each regrade with its reason), the last sighting,
//! the enquiries log, and the "found" step with the return interview due.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::error::require_text;
use crate::domain::FieldError;

/// The missing-person risk grading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MissingGrade {
    VeryLow,
    Low,
    Medium,
    High,
}

impl MissingGrade {
    pub fn label(self) -> &'static str {
        match self {
            MissingGrade::VeryLow => "very low",
            MissingGrade::Low => "low",
            MissingGrade::Medium => "medium",
            MissingGrade::High => "high",
        }
    }
}

/// A grading decision: the grade, why, who and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MissingRegrade {
    pub grade: MissingGrade,
    pub reason: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// One enquiry made to find the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Enquiry {
    pub at: DateTime<Utc>,
    pub by: String,
    pub text: String,
}

/// The person found: when, where, and when the return interview is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Found {
    pub at: DateTime<Utc>,
    pub place: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The return (prevention) interview is offered by then.
    pub return_interview_due: DateTime<Utc>,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// What a missing-person report carries beyond the report itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MissingReport {
    pub last_seen_at: DateTime<Utc>,
    pub last_seen_place: String,
    /// The grade the report was made with.
    pub grade: MissingGrade,
    /// Why it was graded so.
    pub grade_reason: String,
    /// Every regrade, the current one last.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regrades: Vec<MissingRegrade>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enquiries: Vec<Enquiry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub found: Option<Found>,
}

impl MissingReport {
    /// The grade now: the latest regrade, or the first grade.
    pub fn current_grade(&self) -> MissingGrade {
        self.regrades.last().map_or(self.grade, |g| g.grade)
    }

    pub(super) fn has_workflow(&self) -> bool {
        !self.regrades.is_empty() || !self.enquiries.is_empty() || self.found.is_some()
    }

    pub(super) fn validate(&self) -> Result<(), FieldError> {
        require_text("last_seen_place", &self.last_seen_place)?;
        require_text("grade_reason", &self.grade_reason)?;
        Ok(())
    }
}
