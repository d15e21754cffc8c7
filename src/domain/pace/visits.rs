//! Cell visits by observation level (Code C Annex H): level 1 general, a
//! visit at least every 60 min; level 2 intermittent, every 30 min with
//! rousing; level 3 constant observation and level 4 close proximity, where
//! someone is always watching, so no visit is scheduled.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::entries::{in_time_order, ROUSING_FAILED, VISIT};
use super::{later, PaceRules};
use crate::domain::event::{CustodyDetails, OpenClosed};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Observation {
    /// Level 1.
    General,
    /// Level 2: visited and roused.
    Intermittent,
    /// Level 3.
    Constant,
    /// Level 4.
    CloseProximity,
}

impl Observation {
    /// The level on the record. A level outside 1–4 (which validation refuses)
    /// is read as level 2, the most frequent scheduled visits, so a bad value
    /// can never silence the board.
    pub fn from_level(level: u8) -> Self {
        match level {
            1 => Observation::General,
            3 => Observation::Constant,
            4 => Observation::CloseProximity,
            _ => Observation::Intermittent,
        }
    }

    pub fn level(self) -> u8 {
        match self {
            Observation::General => 1,
            Observation::Intermittent => 2,
            Observation::Constant => 3,
            Observation::CloseProximity => 4,
        }
    }

    /// How often a visit is due; `None` when observation is continuous.
    pub fn visit_interval(self, rules: &PaceRules) -> Option<Duration> {
        match self {
            Observation::General => Some(rules.level1_visit),
            Observation::Intermittent => Some(rules.level2_visit),
            Observation::Constant | Observation::CloseProximity => None,
        }
    }

    /// Someone watches all the time: the board shows "continuous", not a time.
    pub fn is_continuous(self) -> bool {
        matches!(self, Observation::Constant | Observation::CloseProximity)
    }

    /// Each visit must rouse the detainee.
    pub fn needs_rousing(self) -> bool {
        self == Observation::Intermittent
    }

    pub fn label(self) -> &'static str {
        match self {
            Observation::General => "every 60 min",
            Observation::Intermittent => "every 30 min, roused",
            Observation::Constant => "constant observation",
            Observation::CloseProximity => "close proximity",
        }
    }
}

impl PaceRules {
    /// When the next visit is due: one interval after the last visit (or
    /// failed rousing), or after detention was authorised if none yet. `None`
    /// once the record is closed or under continuous observation.
    pub fn next_visit_due(&self, record: &CustodyDetails) -> Option<DateTime<Utc>> {
        if record.status == OpenClosed::Closed {
            return None;
        }
        let interval = Observation::from_level(record.observation_level).visit_interval(self)?;
        let logged = record.entries.iter().filter(|e| e.kind == VISIT || e.kind == ROUSING_FAILED).map(|e| e.at).max();
        let from = [Some(record.detention_authorised_at), record.last_visit_at, logged].into_iter().flatten().max()?;
        Some(later(from, interval))
    }
}

/// The failed rousing that still stands: the latest one with no successful
/// visit after it. A healthcare professional must be called.
pub fn rousing_failed_since(record: &CustodyDetails) -> Option<DateTime<Utc>> {
    let mut failed = None;
    for e in in_time_order(record) {
        match e.kind.as_str() {
            ROUSING_FAILED => failed = Some(e.at),
            VISIT if failed.is_some_and(|f| e.at > f) => failed = None,
            _ => {}
        }
    }
    failed
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{at, record, with};
    use super::*;

    fn due(r: &CustodyDetails) -> Option<DateTime<Utc>> {
        PaceRules::default().next_visit_due(r)
    }

    #[test]
    fn level_1_is_every_60_min_from_authorisation_then_from_the_last_visit() {
        assert_eq!(due(&record()), Some(at(1, 15)));
        let r = with(record(), &[(at(1, 0), VISIT, "")]);
        assert_eq!(due(&r), Some(at(2, 0)));
    }

    #[test]
    fn level_2_is_every_30_min() {
        let mut r = with(record(), &[(at(1, 0), VISIT, "roused, responded")]);
        r.observation_level = 2;
        assert_eq!(due(&r), Some(at(1, 30)));
        assert!(Observation::from_level(2).needs_rousing());
    }

    #[test]
    fn levels_3_and_4_are_continuous() {
        for level in [3, 4] {
            let mut r = record();
            r.observation_level = level;
            assert_eq!(due(&r), None);
            assert!(Observation::from_level(level).is_continuous());
        }
        assert_eq!(Observation::from_level(4).label(), "close proximity");
    }

    #[test]
    fn an_impossible_level_is_read_as_level_2() {
        for level in [0, 5, 255] {
            let mut r = record();
            r.observation_level = level;
            assert_eq!(due(&r), Some(at(0, 45)), "level {level}");
        }
    }

    #[test]
    fn the_stored_last_visit_counts_too() {
        let mut r = with(record(), &[(at(1, 0), VISIT, "")]);
        r.last_visit_at = Some(at(1, 40));
        assert_eq!(due(&r), Some(at(2, 40)));
        r.last_visit_at = Some(at(0, 20));
        assert_eq!(due(&r), Some(at(2, 0)));
    }

    #[test]
    fn the_latest_visit_counts_whatever_order_they_were_recorded_in() {
        let r = with(record(), &[(at(3, 0), VISIT, ""), (at(2, 0), VISIT, "")]);
        assert_eq!(due(&r), Some(at(4, 0)));
    }

    #[test]
    fn a_failed_rousing_stands_until_a_later_visit() {
        let failed = with(record(), &[(at(1, 0), VISIT, ""), (at(2, 0), ROUSING_FAILED, "no response; nurse called")]);
        assert_eq!(rousing_failed_since(&failed), Some(at(2, 0)));
        assert_eq!(due(&failed), Some(at(3, 0)), "the failed check was a visit");
        let same_instant = with(failed.clone(), &[(at(2, 0), VISIT, "")]);
        assert_eq!(rousing_failed_since(&same_instant), Some(at(2, 0)));
        let later_visit = with(failed, &[(at(2, 10), VISIT, "roused, responded")]);
        assert_eq!(rousing_failed_since(&later_visit), None);
        let again = with(later_visit, &[(at(2, 40), ROUSING_FAILED, "")]);
        assert_eq!(rousing_failed_since(&again), Some(at(2, 40)));
    }

    #[test]
    fn no_visit_is_due_once_closed() {
        let mut r = record();
        r.status = OpenClosed::Closed;
        assert_eq!(due(&r), None);
    }
}
