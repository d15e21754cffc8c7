//! What is due and overdue on a custody record at an instant: the board's
//! view. An item is due soon from its threshold before it falls due, and
//! overdue the moment it falls due (a missed visit alerts at once).

use std::cmp::Reverse;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::entries::{self, in_time_order, APPROPRIATE_ADULT, APPROPRIATE_ADULT_REQUIRED};
use super::visits::{rousing_failed_since, Observation};
use super::{earlier, PaceRules};
use crate::domain::event::{CustodyDetails, OpenClosed};

/// Overdue ranks above due soon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    DueSoon,
    Overdue,
}

/// What an alert is about. Review and visit alerts carry either severity;
/// the clock has a kind for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    ReviewOverdue,
    VisitOverdue,
    ClockExpired,
    ClockDueSoon,
    /// A failed rousing check with no successful visit since: call a
    /// healthcare professional.
    RousingFailed,
    /// A juvenile or vulnerable adult booked in without an appropriate adult,
    /// and none recorded since.
    AppropriateAdultMissing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
pub struct Alert {
    pub kind: AlertKind,
    /// When the item fell or falls due.
    pub due: DateTime<Utc>,
    pub severity: Severity,
}

impl Alert {
    /// Words for the board, which mean the same without colour.
    pub fn label(&self) -> &'static str {
        match (self.kind, self.severity) {
            (AlertKind::ReviewOverdue, Severity::DueSoon) => "review due soon",
            (AlertKind::ReviewOverdue, Severity::Overdue) => "REVIEW OVERDUE",
            (AlertKind::VisitOverdue, Severity::DueSoon) => "visit due soon",
            (AlertKind::VisitOverdue, Severity::Overdue) => "VISIT OVERDUE",
            (AlertKind::ClockDueSoon, _) => "clock running out",
            (AlertKind::ClockExpired, _) => "CLOCK EXPIRED",
            (AlertKind::RousingFailed, _) => "ROUSING FAILED: call healthcare",
            (AlertKind::AppropriateAdultMissing, _) => "APPROPRIATE ADULT NEEDED",
        }
    }
}

/// A custody record at an instant; on the wire as it is, with the time
/// remaining in whole seconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CustodyStatus {
    /// When detention without charge ends; `None` once charged or released,
    /// when the clock no longer applies.
    pub clock_limit: Option<DateTime<Utc>>,
    /// Time left on the clock; negative when overdue; `None` as `clock_limit`.
    #[serde(rename = "remaining_seconds", with = "seconds")]
    #[schema(value_type = Option<i64>)]
    pub remaining: Option<Duration>,
    pub charged: bool,
    /// `None` once released.
    pub next_review_due: Option<DateTime<Utc>>,
    /// The review now due was postponed, with its reason in the log.
    pub review_postponed: bool,
    /// `None` once released or under continuous observation (see `observation`).
    pub next_visit_due: Option<DateTime<Utc>>,
    pub observation: Observation,
    /// Overdue first, then soonest due first.
    pub alerts: Vec<Alert>,
}

impl CustodyStatus {
    /// The soonest time anything on the record is due: the board's sort key.
    pub fn soonest_due(&self) -> Option<DateTime<Utc>> {
        let alerts = self.alerts.iter().map(|a| a.due);
        [self.clock_limit, self.next_review_due, self.next_visit_due].into_iter().flatten().chain(alerts).min()
    }

    /// Sort the board ascending by this: soonest due first, records with
    /// nothing due last.
    pub fn sort_key(&self) -> DateTime<Utc> {
        self.soonest_due().unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    /// The worst alert, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.alerts.iter().map(|a| a.severity).max()
    }
}

impl PaceRules {
    /// Everything due or overdue on the record at `now`. A closed record has
    /// nothing due; a charged detainee has no clock but still reviews and visits.
    pub fn status_at(&self, record: &CustodyDetails, now: DateTime<Utc>) -> CustodyStatus {
        let observation = Observation::from_level(record.observation_level);
        let charged = entries::is_charged(record);
        if record.status == OpenClosed::Closed {
            return CustodyStatus {
                clock_limit: None,
                remaining: None,
                charged,
                next_review_due: None,
                review_postponed: false,
                next_visit_due: None,
                observation,
                alerts: Vec::new(),
            };
        }
        let mut alerts = Vec::new();
        let clock_limit = (!charged).then(|| self.detention_limit(record));
        if let Some(limit) = clock_limit {
            match severity(limit, now, self.clock_due_soon) {
                Some(Severity::Overdue) => alerts.push(alert(AlertKind::ClockExpired, limit, Severity::Overdue)),
                Some(Severity::DueSoon) => alerts.push(alert(AlertKind::ClockDueSoon, limit, Severity::DueSoon)),
                None => {}
            }
        }
        let reviews = self.review_schedule(record);
        if let Some(s) = severity(reviews.due, now, self.review_due_soon) {
            alerts.push(alert(AlertKind::ReviewOverdue, reviews.due, s));
        }
        let next_visit_due = self.next_visit_due(record);
        if let Some(s) = next_visit_due.and_then(|due| severity(due, now, self.visit_due_soon).map(|s| (due, s))) {
            alerts.push(alert(AlertKind::VisitOverdue, s.0, s.1));
        }
        if let Some(failed) = rousing_failed_since(record) {
            alerts.push(alert(AlertKind::RousingFailed, failed, Severity::Overdue));
        }
        if let Some(since) = appropriate_adult_missing_since(record) {
            alerts.push(alert(AlertKind::AppropriateAdultMissing, since, Severity::Overdue));
        }
        alerts.sort_by_key(|a| (Reverse(a.severity), a.due));
        CustodyStatus {
            clock_limit,
            remaining: clock_limit.map(|limit| limit - now),
            charged,
            next_review_due: Some(reviews.due),
            review_postponed: reviews.postponed,
            next_visit_due,
            observation,
            alerts,
        }
    }
}

/// A duration as whole seconds on the wire.
mod seconds {
    use chrono::Duration;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
        d.map(|d| d.num_seconds()).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
        let secs = Option::<i64>::deserialize(d)?;
        secs.map(|s| {
            Duration::try_seconds(s).ok_or_else(|| serde::de::Error::custom("remaining_seconds is out of range"))
        })
        .transpose()
    }
}

fn alert(kind: AlertKind, due: DateTime<Utc>, severity: Severity) -> Alert {
    Alert { kind, due, severity }
}

fn severity(due: DateTime<Utc>, now: DateTime<Utc>, soon: Duration) -> Option<Severity> {
    if now >= due {
        Some(Severity::Overdue)
    } else if now >= earlier(due, soon) {
        Some(Severity::DueSoon)
    } else {
        None
    }
}

/// The latest "appropriate adult required" with no appropriate adult recorded
/// at or after it.
fn appropriate_adult_missing_since(record: &CustodyDetails) -> Option<DateTime<Utc>> {
    let mut missing = None;
    for e in in_time_order(record) {
        match e.kind.as_str() {
            APPROPRIATE_ADULT_REQUIRED => missing = Some(e.at),
            APPROPRIATE_ADULT => missing = None,
            _ => {}
        }
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::super::entries::{CHARGED, EXTENSION, REVIEW, REVIEW_POSTPONED, ROUSING_FAILED, VISIT};
    use super::super::fixtures::{at, record, with};
    use super::*;
    use crate::domain::event::CustodyOutcome;

    fn status(r: &CustodyDetails, now: DateTime<Utc>) -> CustodyStatus {
        PaceRules::default().status_at(r, now)
    }

    fn kinds(s: &CustodyStatus) -> Vec<(AlertKind, Severity)> {
        s.alerts.iter().map(|a| (a.kind, a.severity)).collect()
    }

    /// Level 3, so visits stay out of the way of the other tests.
    fn watched() -> CustodyDetails {
        let mut r = record();
        r.observation_level = 3;
        r
    }

    #[test]
    fn the_status_goes_over_the_wire_and_back() {
        let r = with(record(), &[(at(0, 20), APPROPRIATE_ADULT_REQUIRED, "aged 15")]);
        let s = status(&r, at(1, 5));
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["remaining_seconds"], 82_500);
        assert_eq!(json["observation"], "general");
        assert_eq!(json["alerts"][0]["kind"], "appropriate_adult_missing");
        assert_eq!(json["alerts"][0]["severity"], "overdue");
        assert_eq!(json["alerts"][1]["severity"], "due_soon");
        assert_eq!(serde_json::from_value::<CustodyStatus>(json).unwrap(), s);
        let closed = CustodyStatus { remaining: None, ..s };
        let back: CustodyStatus = serde_json::from_value(serde_json::to_value(&closed).unwrap()).unwrap();
        assert_eq!(back.remaining, None);
    }

    #[test]
    fn a_fresh_record_has_nothing_due() {
        let s = status(&record(), at(0, 20));
        assert_eq!(s.clock_limit, Some(at(24, 0)));
        assert_eq!(s.remaining, Some(Duration::minutes(23 * 60 + 40)));
        assert_eq!(s.next_review_due, Some(at(6, 15)));
        assert_eq!(s.next_visit_due, Some(at(1, 15)));
        assert!(s.alerts.is_empty());
        assert_eq!(s.soonest_due(), Some(at(1, 15)));
        assert_eq!(s.worst(), None);
    }

    #[test]
    fn a_visit_is_due_soon_15_min_before_and_overdue_the_moment_it_falls_due() {
        let r = record(); // visit due at 01:15
        assert!(status(&r, at(0, 59) + Duration::seconds(59)).alerts.is_empty());
        assert_eq!(kinds(&status(&r, at(1, 0))), vec![(AlertKind::VisitOverdue, Severity::DueSoon)]);
        assert_eq!(kinds(&status(&r, at(1, 15))), vec![(AlertKind::VisitOverdue, Severity::Overdue)]);
        assert_eq!(status(&r, at(1, 15)).alerts[0].label(), "VISIT OVERDUE");
    }

    #[test]
    fn a_review_is_due_soon_30_min_before() {
        let r = watched(); // review due at 06:15
        assert!(status(&r, at(5, 44)).alerts.is_empty());
        assert_eq!(kinds(&status(&r, at(5, 45))), vec![(AlertKind::ReviewOverdue, Severity::DueSoon)]);
        assert_eq!(kinds(&status(&r, at(6, 15))), vec![(AlertKind::ReviewOverdue, Severity::Overdue)]);
        let done = with(r, &[(at(6, 0), REVIEW, "")]);
        assert!(status(&done, at(6, 15)).alerts.is_empty());
    }

    #[test]
    fn a_postponed_review_stays_due_and_is_flagged() {
        let r = with(watched(), &[(at(6, 0), REVIEW_POSTPONED, "in interview")]);
        let s = status(&r, at(6, 30));
        assert!(s.review_postponed);
        assert_eq!(kinds(&s), vec![(AlertKind::ReviewOverdue, Severity::Overdue)]);
    }

    #[test]
    fn the_clock_is_due_soon_2h_before_and_expired_at_the_limit() {
        let mut r = with(watched(), &[(at(5, 0), REVIEW, ""), (at(14, 0), REVIEW, ""), (at(21, 0), REVIEW, "")]);
        r.indictable = false;
        assert!(status(&r, at(21, 59)).alerts.is_empty());
        assert_eq!(kinds(&status(&r, at(22, 0))), vec![(AlertKind::ClockDueSoon, Severity::DueSoon)]);
        let s = status(&r, at(24, 0));
        assert_eq!(kinds(&s), vec![(AlertKind::ClockExpired, Severity::Overdue)]);
        assert_eq!(s.remaining, Some(Duration::zero()));
        assert_eq!(status(&r, at(25, 0)).remaining, Some(Duration::hours(-1)));
    }

    #[test]
    fn the_due_soon_thresholds_are_configurable() {
        let rules = PaceRules { clock_due_soon: Duration::hours(4), ..PaceRules::default() };
        let r = with(watched(), &[(at(5, 0), REVIEW, ""), (at(14, 0), REVIEW, "")]);
        assert_eq!(kinds(&rules.status_at(&r, at(20, 0))), vec![(AlertKind::ClockDueSoon, Severity::DueSoon)]);
    }

    #[test]
    fn after_charge_the_clock_no_longer_shows_but_reviews_and_visits_do() {
        let r = with(record(), &[(at(5, 0), REVIEW, ""), (at(20, 0), CHARGED, "burglary")]);
        let s = status(&r, at(30, 0));
        assert!(s.charged);
        assert_eq!(s.clock_limit, None);
        assert_eq!(s.remaining, None);
        assert_eq!(
            kinds(&s),
            vec![(AlertKind::VisitOverdue, Severity::Overdue), (AlertKind::ReviewOverdue, Severity::Overdue)]
        );
        // Charged by outcome alone, the time not logged.
        let mut by_outcome = record();
        by_outcome.outcome = Some(CustodyOutcome::ChargedRemanded);
        assert_eq!(status(&by_outcome, at(30, 0)).clock_limit, None);
    }

    #[test]
    fn a_closed_record_has_nothing_due() {
        let mut r = with(record(), &[(at(2, 0), ROUSING_FAILED, "")]);
        r.status = OpenClosed::Closed;
        let s = status(&r, at(90, 0));
        assert!(s.alerts.is_empty());
        assert_eq!((s.clock_limit, s.next_review_due, s.next_visit_due), (None, None, None));
        assert_eq!(s.sort_key(), DateTime::<Utc>::MAX_UTC);
    }

    #[test]
    fn a_failed_rousing_alerts_until_a_later_visit() {
        let mut r = with(record(), &[(at(1, 0), VISIT, ""), (at(1, 30), ROUSING_FAILED, "no response")]);
        r.observation_level = 2;
        let s = status(&r, at(1, 35));
        assert_eq!(kinds(&s), vec![(AlertKind::RousingFailed, Severity::Overdue)]);
        assert_eq!(s.alerts[0].due, at(1, 30));
        let r = with(r, &[(at(1, 40), VISIT, "roused, responded")]);
        assert!(status(&r, at(1, 45)).alerts.is_empty());
    }

    #[test]
    fn an_appropriate_adult_is_needed_until_one_is_recorded() {
        let r = with(watched(), &[(at(0, 20), APPROPRIATE_ADULT_REQUIRED, "aged 16")]);
        assert_eq!(kinds(&status(&r, at(0, 30))), vec![(AlertKind::AppropriateAdultMissing, Severity::Overdue)]);
        let r = with(r, &[(at(1, 0), APPROPRIATE_ADULT, "mother attended")]);
        assert!(status(&r, at(1, 10)).alerts.is_empty());
        // One recorded before the need was logged does not meet it.
        let early = with(watched(), &[(at(0, 10), APPROPRIATE_ADULT, ""), (at(0, 20), APPROPRIATE_ADULT_REQUIRED, "")]);
        assert_eq!(status(&early, at(0, 30)).alerts.len(), 1);
    }

    #[test]
    fn alerts_are_ordered_overdue_first_then_soonest() {
        let r = with(
            record(),
            &[(at(0, 20), APPROPRIATE_ADULT_REQUIRED, ""), (at(5, 0), REVIEW, ""), (at(12, 0), VISIT, "")],
        );
        let s = status(&r, at(13, 50)); // visit due 13:00 overdue, review due 14:00 soon
        assert_eq!(
            kinds(&s),
            vec![
                (AlertKind::AppropriateAdultMissing, Severity::Overdue),
                (AlertKind::VisitOverdue, Severity::Overdue),
                (AlertKind::ReviewOverdue, Severity::DueSoon),
            ]
        );
        assert_eq!(s.worst(), Some(Severity::Overdue));
        assert_eq!(s.sort_key(), at(0, 20));
    }

    #[test]
    fn the_board_sorts_by_the_soonest_due_item() {
        let a = with(record(), &[(at(3, 0), VISIT, "")]); // visit due 04:00
        let b = with(watched(), &[(at(3, 0), REVIEW, "")]); // review due 12:00, clock 24:00
        let c =
            with(with(record(), &[(at(5, 0), REVIEW, ""), (at(14, 0), REVIEW, "")]), &[(at(14, 0), EXTENSION, "g")]);
        let now = at(3, 30);
        let mut board = [("b", status(&b, now)), ("c", status(&c, now)), ("a", status(&a, now))];
        board.sort_by_key(|(_, s)| s.sort_key());
        let order: Vec<&str> = board.iter().map(|(name, _)| *name).collect();
        assert_eq!(order, ["c", "a", "b"]); // c's visit fell due at 01:15
    }
}
