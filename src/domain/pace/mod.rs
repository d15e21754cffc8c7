//! The custody rules of PACE 1984 and Code C: the detention clock and its
//! extensions, reviews, cell visits, and what is due or overdue at any
//! instant. Pure functions of a custody record (`CustodyDetails`) and a time;
//! decisions made in custody are entries in the record's timed log, of the
//! kinds in [`entries`].
//!
//! Every rule is a method of [`PaceRules`], whose `Default` holds the
//! statutory figures; the free functions below use those defaults.

mod clock;
pub mod due;
pub mod entries;
mod error;
pub mod london_time;
mod reviews;
mod rules;
mod validate;
mod visits;

#[cfg(test)]
pub(crate) mod fixtures;
#[cfg(test)]
mod properties;

use chrono::{DateTime, Duration, Utc};

use crate::domain::event::{CustodyDetails, CustodyEntry};

pub use due::{Alert, AlertKind, CustodyStatus, Severity};
pub use entries::{charged_at, is_charged};
pub use error::PaceError;
pub use reviews::ReviewSchedule;
pub use rules::PaceRules;
pub use visits::{rousing_failed_since, Observation};

/// When detention without charge must end, with the statutory defaults.
pub fn detention_limit(record: &CustodyDetails) -> DateTime<Utc> {
    PaceRules::default().detention_limit(record)
}

/// Time left on the detention clock at `now`; negative when overdue.
pub fn time_remaining(record: &CustodyDetails, now: DateTime<Utc>) -> Duration {
    PaceRules::default().time_remaining(record, now)
}

/// Whether a superintendent's extension may be given at `at`.
pub fn check_extension(record: &CustodyDetails, at: DateTime<Utc>) -> Result<(), PaceError> {
    PaceRules::default().check_extension(record, at)
}

/// When the next review of detention is due; `None` once the record is closed.
pub fn next_review_due(record: &CustodyDetails) -> Option<DateTime<Utc>> {
    PaceRules::default().next_review_due(record)
}

/// When the next cell visit is due; `None` once closed or under constant
/// observation or close proximity.
pub fn next_visit_due(record: &CustodyDetails) -> Option<DateTime<Utc>> {
    PaceRules::default().next_visit_due(record)
}

/// Everything due or overdue on the record at `now`.
pub fn status_at(record: &CustodyDetails, now: DateTime<Utc>) -> CustodyStatus {
    PaceRules::default().status_at(record, now)
}

/// Whether `entry` may be appended to the record's log at `now`.
pub fn validate_entry(record: &CustodyDetails, entry: &CustodyEntry, now: DateTime<Utc>) -> Result<(), PaceError> {
    PaceRules::default().validate_entry(record, entry, now)
}

/// `t + d`, saturating instead of panicking at the end of representable time,
/// so no stored date can crash a rule.
fn later(t: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
    t.checked_add_signed(d).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// `t - d`, saturating at the start of representable time.
fn earlier(t: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
    t.checked_sub_signed(d).unwrap_or(DateTime::<Utc>::MIN_UTC)
}
