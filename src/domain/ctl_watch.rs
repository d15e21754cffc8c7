//! Custody time limits on watch: a running limit is due once it is within
//! the force's warning days of expiry (`[cases] ctl_warning_days`) and an
//! alarm once it has expired, since a defendant held past it must be
//! released on bail. Pure.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::case_lifecycle::CustodyTimeLimit;

/// Where a running custody time limit stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CtlStanding {
    /// Expiry is further off than the warning days.
    Running,
    /// Expiry is within the warning days (or today).
    Due,
    /// The limit has passed: the defendant may not lawfully be held on it.
    Expired,
}

impl CtlStanding {
    /// How `limit` stands with `warning_days` of warning.
    pub fn of(limit: &CustodyTimeLimit, warning_days: i64) -> CtlStanding {
        if limit.days_remaining < 0 {
            CtlStanding::Expired
        } else if limit.days_remaining <= warning_days {
            CtlStanding::Due
        } else {
            CtlStanding::Running
        }
    }

    /// Its name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            CtlStanding::Running => "running",
            CtlStanding::Due => "due",
            CtlStanding::Expired => "expired",
        }
    }

    /// Whether it is flagged: due or expired.
    pub fn flagged(self) -> bool {
        self != CtlStanding::Running
    }

    /// The word shown beside it, so that it reads the same without colour.
    pub fn word(self) -> &'static str {
        match self {
            CtlStanding::Running => "running",
            CtlStanding::Due => "CTL DUE",
            CtlStanding::Expired => "CTL EXPIRED",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn limit(days_remaining: i64) -> CustodyTimeLimit {
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        CustodyTimeLimit { remanded_since: day, expires_on: day, days_remaining, crown_court: false }
    }

    #[test]
    fn a_limit_is_due_within_the_warning_days_and_expired_after_its_last_day() {
        assert_eq!(CtlStanding::of(&limit(29), 28), CtlStanding::Running);
        assert_eq!(CtlStanding::of(&limit(28), 28), CtlStanding::Due);
        assert_eq!(CtlStanding::of(&limit(0), 28), CtlStanding::Due, "its last day is still within it");
        assert_eq!(CtlStanding::of(&limit(-1), 28), CtlStanding::Expired);
        assert_eq!(CtlStanding::of(&limit(5), 3), CtlStanding::Running, "the warning is the force's");
        assert!(!CtlStanding::Running.flagged());
        assert!(CtlStanding::Due.flagged() && CtlStanding::Expired.flagged());
    }
}
