//! What is due on a crime now: the recording decision within the force's
//! hours of the report (24 by the National Crime Recording Standard), and
//! the next supervisor review.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{CrimeDetails, CrimeRules};

/// A crime's clocks, read at one instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CrimeDue {
    /// When the classification is due, while the crime is unclassified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification_due: Option<DateTime<Utc>>,
    /// Unclassified past its time.
    pub classification_overdue: bool,
    /// When the next supervisor review is due, while the crime is live.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_due: Option<DateTime<Utc>>,
    pub review_overdue: bool,
}

/// When the report was made: as recorded, or else when the record was made.
pub fn reported_at(d: &CrimeDetails, created_at: DateTime<Utc>) -> DateTime<Utc> {
    d.reported_at.unwrap_or(created_at)
}

/// The crime's clocks at `now`.
pub fn due(d: &CrimeDetails, created_at: DateTime<Utc>, rules: &CrimeRules, now: DateTime<Utc>) -> CrimeDue {
    let live = d.status.is_live();
    let classification_due = (live && d.class().is_none())
        .then(|| reported_at(d, created_at) + Duration::hours(i64::from(rules.classification_hours)));
    let review_due = if live { d.review_due } else { None };
    CrimeDue {
        classification_overdue: classification_due.is_some_and(|t| t <= now),
        classification_due,
        review_overdue: review_due.is_some_and(|t| t <= now),
        review_due,
    }
}

/// The next review after one at `at`.
pub fn next_review(rules: &CrimeRules, at: DateTime<Utc>) -> DateTime<Utc> {
    at + Duration::days(i64::from(rules.review_every_days))
}
