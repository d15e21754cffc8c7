//! The bail diary: of the bail still running, who answers it today (London
//! day), who is overdue (past their return time, not answered) and whose
//! pre-charge bail ends within the next days (7 by default). Pure.

use chrono::{DateTime, Utc};
use chrono_tz::Europe::London;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::bail::{Bail, BailKind, BailStatus};

/// The days ahead the diary warns of pre-charge bail ending.
pub const ENDING_DAYS: i64 = 7;

/// A list of the diary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DiaryList {
    /// Answers bail later today.
    Today,
    /// Past the return time and not answered.
    Overdue,
    /// Pre-charge bail whose last day is within the window.
    Ending,
}

/// The lists `bail` is on at `now`; `ending_days` the window for ending bail.
pub fn lists(bail: &Bail, now: DateTime<Utc>, ending_days: i64) -> Vec<DiaryList> {
    let mut on = Vec::new();
    if bail.status != BailStatus::Running {
        return on;
    }
    let today = now.with_timezone(&London).date_naive();
    if let Some(back) = bail.return_at {
        if back < now {
            on.push(DiaryList::Overdue);
        } else if back.with_timezone(&London).date_naive() == today {
            on.push(DiaryList::Today);
        }
    }
    if bail.kind == BailKind::PreCharge {
        if let Some(last) = bail.limit_on {
            let left = (last - today).num_days();
            if (0..=ending_days).contains(&left) {
                on.push(DiaryList::Ending);
            }
        }
    }
    on
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::bail::{BailAuthority, BailTerms};
    use chrono::{Duration, NaiveDate, TimeZone};

    fn bail(granted: DateTime<Utc>, back: DateTime<Utc>) -> Bail {
        let terms = BailTerms { return_at: Some(back), ..BailTerms::default() };
        let by = BailAuthority { by: "ps.patel".into(), role: "custody_sergeant".into() };
        Bail::grant(BailKind::PreCharge, &terms, "suite-brixton", granted, by, None, None).unwrap()
    }

    #[test]
    fn today_overdue_and_ending() {
        // 09:00 London in winter.
        let now = Utc.with_ymd_and_hms(2026, 12, 2, 9, 0, 0).unwrap();
        let granted = now - Duration::days(30);
        assert_eq!(lists(&bail(granted, now + Duration::hours(5)), now, ENDING_DAYS), [DiaryList::Today]);
        assert_eq!(lists(&bail(granted, now - Duration::hours(1)), now, ENDING_DAYS), [DiaryList::Overdue]);
        assert!(lists(&bail(granted, now + Duration::days(1)), now, ENDING_DAYS).is_empty());
        // Granted 3 months less 5 days ago: it ends in 5 days.
        let old = Utc.with_ymd_and_hms(2026, 9, 7, 12, 0, 0).unwrap();
        let b = bail(old, now + Duration::days(3));
        assert_eq!(b.limit_on, Some(NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()));
        assert_eq!(lists(&b, now, ENDING_DAYS), [DiaryList::Ending]);
        assert!(lists(&b, now, 4).is_empty());
        // Answered bail is on no list.
        let mut done = bail(granted, now - Duration::hours(1));
        done.status = BailStatus::Answered;
        assert!(lists(&done, now, ENDING_DAYS).is_empty());
    }
}
