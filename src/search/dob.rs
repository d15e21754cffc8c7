//! What a date of birth (or age) in the query does to a hit's score: the
//! shared ladder (`matching`) says how far the dates agree, and each rung
//! lifts or lowers the hit here. Agreement lifts a hit; a contradiction
//! lowers it without hiding a strong name match.

use chrono::NaiveDate;

use crate::domain::dates::PartialDate;
use crate::matching::{age_agreement, dob_agreement, AgeAgreement, DobAgreement, Slip};

/// The date facts a query carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct QueryDob {
    pub dob: Option<PartialDate>,
    pub age: Option<i32>,
}

impl QueryDob {
    pub fn is_empty(&self) -> bool {
        self.dob.is_none() && self.age.is_none()
    }
}

pub(crate) const FULL: f32 = 0.30;
const SWAPPED: f32 = 0.20;
const PARTIAL: f32 = 0.15;
const NEAR_YEAR: f32 = 0.06;
const CONTRADICTS: f32 = -0.25;

/// Why a date agreed or not; turned into words only for hits shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reason {
    Dob(&'static str),
    Age { typed: i32, actual: i32, verdict: &'static str },
}

impl Reason {
    pub fn describe(self) -> String {
        match self {
            Reason::Dob(words) => words.to_string(),
            Reason::Age { typed, verdict: "consistent", .. } => format!("age {typed} consistent"),
            Reason::Age { typed, actual, verdict } => format!("age {typed} {verdict} ({actual})"),
        }
    }
}

/// The score adjustment and its reason; None when there is nothing to compare.
pub(crate) fn agreement(query: &QueryDob, entry: Option<PartialDate>, today: NaiveDate) -> Option<(f32, Reason)> {
    let entry = entry?;
    if let Some(q) = query.dob {
        let (score, words) = lift(dob_agreement(q, entry));
        return Some((score, Reason::Dob(words)));
    }
    let typed = query.age?;
    let (agreement, actual) = age_agreement(typed, entry, today);
    let (score, verdict) = match agreement {
        AgeAgreement::Consistent => (PARTIAL, "consistent"),
        AgeAgreement::Near => (NEAR_YEAR, "near"),
        AgeAgreement::Differs => (CONTRADICTS, "differs"),
    };
    Some((score, Reason::Age { typed, actual, verdict }))
}

/// What each rung of the ladder adds to a hit, and how it is said. Search
/// does not tell a month from a year: the typed date is as precise as the
/// officer knew it, so agreeing on all of it counts the same.
fn lift(agreement: DobAgreement) -> (f32, &'static str) {
    match agreement {
        DobAgreement::Exact => (FULL, "dob exact"),
        DobAgreement::Swapped => (SWAPPED, "dob day/month swapped"),
        DobAgreement::Month | DobAgreement::Year => (PARTIAL, "dob consistent"),
        // Below a month that agrees as given, so a namesake born on that
        // day never ties with the person born in that month.
        DobAgreement::MonthIsDay => (NEAR_YEAR, "dob consistent if day/month swapped"),
        DobAgreement::Near(Slip::Day) => (NEAR_YEAR, "dob same month and year"),
        DobAgreement::Near(Slip::Month) => (NEAR_YEAR, "dob same day and year"),
        DobAgreement::Near(Slip::Year) => (NEAR_YEAR, "dob year ±1 or one digit out"),
        // The officer may have worked the year out from a rough age.
        DobAgreement::YearApart => (NEAR_YEAR, "dob near year"),
        DobAgreement::Differs => (CONTRADICTS, "dob differs"),
    }
}

/// Packs a date into a u32 (0 = none) so every entry's date fits a flat array.
pub(crate) fn pack(date: Option<PartialDate>) -> u32 {
    match date {
        Some(d) if (1..=0x3_ffff).contains(&d.year) => {
            ((d.year as u32) << 9) | (d.month.unwrap_or(0).min(15) << 5) | d.day.unwrap_or(0).min(31)
        }
        _ => 0,
    }
}

pub(crate) fn unpack(packed: u32) -> Option<PartialDate> {
    if packed == 0 {
        return None;
    }
    let month = (packed >> 5) & 15;
    let day = packed & 31;
    Some(PartialDate {
        year: (packed >> 9) as i32,
        month: (month != 0).then_some(month),
        day: (day != 0).then_some(day),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        s.parse().unwrap()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    fn score(q: &str, e: &str) -> f32 {
        let query = QueryDob { dob: Some(d(q)), age: None };
        agreement(&query, Some(d(e)), today()).unwrap().0
    }

    #[test]
    fn grades_agreement() {
        assert_eq!(score("1985-03-12", "1985-03-12"), FULL);
        assert_eq!(score("1985-12-03", "1985-03-12"), SWAPPED);
        assert_eq!(score("1985", "1985-03-12"), PARTIAL);
        assert_eq!(score("1985-03", "1985-03-12"), PARTIAL);
        assert_eq!(score("1985-03-12", "1985"), PARTIAL);
        assert_eq!(score("1986-03-12", "1985-03-12"), NEAR_YEAR);
        assert_eq!(score("1984", "1985-03-12"), NEAR_YEAR);
        assert_eq!(score("1970-01-01", "1985-03-12"), CONTRADICTS);
    }

    #[test]
    fn a_slip_of_the_month_or_a_month_that_may_be_the_day_lifts_a_little() {
        assert_eq!(score("1985-08-12", "1985-03-12"), NEAR_YEAR);
        assert_eq!(score("1985-12", "1985-03-12"), NEAR_YEAR);
        assert!(score("1985-12", "1985-03-12") < score("1985-03", "1985-03-12"));
        assert!(score("1985-04", "1985-03-12") < 0.0);
    }

    #[test]
    fn ages_are_checked_against_today() {
        let q = QueryDob { dob: None, age: Some(41) };
        let (s, why) = agreement(&q, Some(d("1985-03-12")), today()).unwrap();
        assert_eq!(s, PARTIAL);
        assert_eq!(why.describe(), "age 41 consistent");
        let q = QueryDob { dob: None, age: Some(20) };
        assert!(agreement(&q, Some(d("1985-03-12")), today()).unwrap().0 < 0.0);
    }

    #[test]
    fn packing_round_trips() {
        for s in ["1985-03-12", "1985-03", "1985"] {
            assert_eq!(unpack(pack(Some(d(s)))), Some(d(s)));
        }
        assert_eq!(unpack(pack(None)), None);
    }
}
