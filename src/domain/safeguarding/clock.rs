//! What is due on a safeguarding report now: the supervisor's sign-off
//! within the force's hours of submission, each formal referral's response
//! within the agency's hours, and a found person's return interview.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{SafeguardingDetails, SafeguardingRules, SafeguardingStatus};

/// A report's clocks, read at one instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SafeguardingDue {
    /// When the sign-off is due, while the report waits for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_off_due: Option<DateTime<Utc>>,
    /// Unsigned past its time.
    pub sign_off_overdue: bool,
    /// When the earliest outstanding referral's response is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_due: Option<DateTime<Utc>>,
    /// A referral without a response past its time.
    pub response_overdue: bool,
    /// A found person's return interview, while the report is open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_interview_due: Option<DateTime<Utc>>,
}

impl SafeguardingDue {
    pub fn overdue(&self) -> bool {
        self.sign_off_overdue || self.response_overdue
    }
}

/// When the sign-off falls due, for a report submitted and not yet signed
/// (set at submission from the force's hours).
pub fn sign_off_due(d: &SafeguardingDetails) -> Option<DateTime<Utc>> {
    d.sign_off_due.filter(|_| d.status == SafeguardingStatus::Submitted)
}

/// The sign-off due for a report submitted at `at`.
pub fn sign_off_due_from(rules: &SafeguardingRules, at: DateTime<Utc>) -> DateTime<Utc> {
    at + Duration::hours(i64::from(rules.sign_off_hours))
}

/// When the earliest response still awaited falls due.
pub fn response_due(d: &SafeguardingDetails) -> Option<DateTime<Utc>> {
    if !d.is_open() {
        return None;
    }
    d.referrals.iter().filter(|r| r.awaits_response()).filter_map(|r| r.response_due).min()
}

/// The earliest thing due on the report (the store's `due_at`, which the
/// overdue queues read).
pub fn next_due(d: &SafeguardingDetails) -> Option<DateTime<Utc>> {
    [sign_off_due(d), response_due(d)].into_iter().flatten().min()
}

/// The report's clocks at `now`.
pub fn due(d: &SafeguardingDetails, now: DateTime<Utc>) -> SafeguardingDue {
    let sign_off = sign_off_due(d);
    let response = response_due(d);
    let return_interview =
        d.missing.as_ref().and_then(|m| m.found.as_ref()).filter(|_| d.is_open()).map(|f| f.return_interview_due);
    SafeguardingDue {
        sign_off_due: sign_off,
        sign_off_overdue: sign_off.is_some_and(|t| t <= now),
        response_due: response,
        response_overdue: response.is_some_and(|t| t <= now),
        return_interview_due: return_interview,
    }
}
