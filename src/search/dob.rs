//! How far a date of birth (or age) in the query agrees with a person's.
//! Agreement lifts a hit; a contradiction lowers it without hiding a strong
//! name match.

use chrono::NaiveDate;

use crate::domain::dates::PartialDate;

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
        let (score, words) = compare(q, entry);
        return Some((score, Reason::Dob(words)));
    }
    let typed = query.age?;
    let actual = entry.age_on(today);
    // A partial date only bounds the age, so allow the year either side.
    let slack = if entry.day.is_some() { 0 } else { 1 };
    let diff = (actual - typed).abs();
    let (score, verdict) = if diff <= slack {
        (PARTIAL, "consistent")
    } else if diff == slack + 1 {
        (NEAR_YEAR, "near")
    } else {
        (CONTRADICTS, "differs")
    };
    Some((score, Reason::Age { typed, actual, verdict }))
}

fn compare(q: PartialDate, e: PartialDate) -> (f32, &'static str) {
    let same_year = q.year == e.year;
    let near_year = (q.year - e.year).abs() == 1;
    match (q.month, q.day, e.month, e.day) {
        (Some(qm), Some(qd), Some(em), Some(ed)) => {
            if same_year && qm == em && qd == ed {
                (FULL, "dob exact")
            } else if same_year && qm == ed && qd == em {
                (SWAPPED, "dob day/month swapped")
            } else if near_year && qm == em && qd == ed {
                (NEAR_YEAR, "dob year ±1")
            } else if same_year && qm == em {
                (NEAR_YEAR, "dob same month and year")
            } else {
                (CONTRADICTS, "dob differs")
            }
        }
        _ => {
            // At least one side is partial: compare what both know.
            let month_ok = match (q.month, e.month) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            if same_year && month_ok {
                (PARTIAL, "dob consistent")
            } else if near_year && month_ok {
                (NEAR_YEAR, "dob near year")
            } else {
                (CONTRADICTS, "dob differs")
            }
        }
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

/// The full date with day and month exchanged, when that is a real date.
pub(crate) fn swapped(date: PartialDate) -> Option<PartialDate> {
    let (m, d) = (date.month?, date.day?);
    if m == d {
        return None;
    }
    NaiveDate::from_ymd_opt(date.year, d, m).map(PartialDate::full)
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
        assert_eq!(swapped(d("1985-03-12")), Some(d("1985-12-03")));
        assert_eq!(swapped(d("1985-03-13")), None);
    }
}
