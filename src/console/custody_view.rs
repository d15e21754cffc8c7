//! The PACE times the detainee board shows, in the shape of the domain's
//! PACE module (`domain::pace::status_at`), so the board switches to it in
//! this one place. Until then: the 24 h clock, reviews at 6 h then every
//! 9 h, and visits every 60 or 30 minutes by observation level.

use chrono::{DateTime, Duration, Utc};

use crate::domain::event::{CustodyDetails, OpenClosed};

/// What the board needs to know about one detention at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustodyStatus {
    /// When detention without charge must end (24 h from the relevant
    /// time); None once the record is closed.
    pub clock_limit: Option<DateTime<Utc>>,
    /// Time left on the clock; negative once past the limit.
    pub remaining: Option<Duration>,
    pub next_review_due: Option<DateTime<Utc>>,
    /// None under constant observation (levels 3 and 4).
    pub next_visit_due: Option<DateTime<Utc>>,
}

/// How close a due time is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Urgency {
    Fine,
    DueSoon,
    Overdue,
}

/// Due-soon windows: how early the board turns amber.
pub const CLOCK_SOON: Duration = Duration::hours(2);
pub const REVIEW_SOON: Duration = Duration::minutes(30);
pub const VISIT_SOON: Duration = Duration::minutes(10);

pub fn status_at(details: &CustodyDetails, now: DateTime<Utc>) -> CustodyStatus {
    if details.status == OpenClosed::Closed {
        return CustodyStatus { clock_limit: None, remaining: None, next_review_due: None, next_visit_due: None };
    }
    let clock_limit = details.relevant_time + Duration::hours(24);
    // s.40: first review 6 h after detention was authorised, then every 9 h.
    let next_review_due = match details.last_review_at {
        Some(last) => last + Duration::hours(9),
        None => details.detention_authorised_at + Duration::hours(6),
    };
    let interval = match details.observation_level {
        1 => Some(Duration::minutes(60)),
        2 => Some(Duration::minutes(30)),
        _ => None,
    };
    let since = details.last_visit_at.unwrap_or(details.detention_authorised_at);
    CustodyStatus {
        clock_limit: Some(clock_limit),
        remaining: Some(clock_limit - now),
        next_review_due: Some(next_review_due),
        next_visit_due: interval.map(|i| since + i),
    }
}

/// How urgent a time `due` is at `now`, turning amber `soon` before.
pub fn urgency(due: DateTime<Utc>, now: DateTime<Utc>, soon: Duration) -> Urgency {
    if now >= due {
        Urgency::Overdue
    } else if due - now <= soon {
        Urgency::DueSoon
    } else {
        Urgency::Fine
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn details() -> CustodyDetails {
        CustodyDetails {
            suite_id: "s1".into(),
            cell: "C4".into(),
            arrested_at: t("2026-11-25T08:00:00Z"),
            relevant_time: t("2026-11-25T08:30:00Z"),
            detention_authorised_at: t("2026-11-25T08:45:00Z"),
            arrest_reason: "x".into(),
            offences: vec!["Theft".into()],
            indictable: false,
            arresting_officer: "PC 1".into(),
            observation_level: 2,
            last_visit_at: Some(t("2026-11-25T11:00:00Z")),
            last_review_at: None,
            status: OpenClosed::Open,
            outcome: None,
            entries: vec![],
        }
    }

    #[test]
    fn the_clock_reviews_and_visits_follow_pace() {
        let status = status_at(&details(), t("2026-11-25T11:20:00Z"));
        assert_eq!(status.clock_limit, Some(t("2026-11-26T08:30:00Z")));
        assert_eq!(status.remaining, Some(Duration::minutes(21 * 60 + 10)));
        assert_eq!(status.next_review_due, Some(t("2026-11-25T14:45:00Z")));
        assert_eq!(status.next_visit_due, Some(t("2026-11-25T11:30:00Z")));
        let mut reviewed = details();
        reviewed.last_review_at = Some(t("2026-11-25T14:00:00Z"));
        reviewed.observation_level = 3;
        let status = status_at(&reviewed, t("2026-11-25T15:00:00Z"));
        assert_eq!(status.next_review_due, Some(t("2026-11-25T23:00:00Z")));
        assert_eq!(status.next_visit_due, None);
        reviewed.status = OpenClosed::Closed;
        assert_eq!(status_at(&reviewed, t("2026-11-25T15:00:00Z")).clock_limit, None);
    }

    #[test]
    fn urgency_turns_amber_then_alarm() {
        let due = t("2026-11-25T12:00:00Z");
        assert_eq!(urgency(due, t("2026-11-25T11:00:00Z"), VISIT_SOON), Urgency::Fine);
        assert_eq!(urgency(due, t("2026-11-25T11:55:00Z"), VISIT_SOON), Urgency::DueSoon);
        assert_eq!(urgency(due, t("2026-11-25T12:00:00Z"), VISIT_SOON), Urgency::Overdue);
    }
}
