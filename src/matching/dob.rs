//! How far two dates of birth agree, and an age with a date: one ladder for
//! search (a typed date against a person's) and linkage (a record's against
//! a person's). What each rung is worth is the caller's to say: search adds
//! a little to a hit's score, linkage a Fellegi–Sunter weight.
//!
//! The rungs, best first, for two dates either of which may be partial
//! (year only, or month and year):
//!
//! | rung | when | e.g. |
//! |---|---|---|
//! | exact | both full and the same | 12/03/1985, 12/03/1985 |
//! | swapped | both full, the same year, day and month exchanged | 12/03/1985, 03/12/1985 |
//! | month | the same year and month, one without a day | 03/1985, 12/03/1985 |
//! | year | the same year, one without a month | 1985, 12/03/1985 |
//! | month is day | the same year; one gives only a month, and it is the other's day: they agree if the full date's day and month were exchanged | 12/1985, 12/03/1985 |
//! | near | both full, one slip: only the day, only the month, or only the year (by one, or in one digit) differs | 14/03/1985, 12/08/1985, 12/03/1986, 12/03/1955 |
//! | year apart | one partial, the years one apart, the months the same where both give one | 1984, 03/1986 |
//! | differs | anything else | 1987; 04/1985 |
//!
//! (The examples are against 12/03/1985.) The rules are symmetric. They
//! join what search and linkage each knew: linkage's slip of the month and
//! its month that may be the day, search's year apart for partial dates.
//! A year apart is a rung of its own, below a slip, because no day and
//! month corroborate it: a year typed from a rough age is one, and so is a
//! stranger born the year before.
//!
//! An age is checked against a date on the day of the search: consistent
//! when it is the age then, or for a partial date (which only bounds the
//! age) a year either side; near one year further; else it differs.

use chrono::NaiveDate;

use crate::domain::dates::PartialDate;

/// How far two dates of birth agree (see the module's table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DobAgreement {
    Exact,
    Swapped,
    Month,
    Year,
    MonthIsDay,
    Near(Slip),
    YearApart,
    Differs,
}

/// Which part of a date one slip changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slip {
    Day,
    Month,
    /// One year out, or one digit of the year, the rest the same.
    Year,
}

/// The rung two dates of birth agree at.
pub fn dob_agreement(a: PartialDate, b: PartialDate) -> DobAgreement {
    use DobAgreement::*;
    let same_year = a.year == b.year;
    let year_apart = a.year.abs_diff(b.year) == 1;
    match (a.month.zip(a.day), b.month.zip(b.day)) {
        (Some((am, ad)), Some((bm, bd))) => match (same_year, am == bm, ad == bd) {
            (true, true, true) => Exact,
            (true, _, _) if am == bd && ad == bm => Swapped,
            (true, true, false) => Near(Slip::Day),
            (true, false, true) => Near(Slip::Month),
            // A year keyed with one digit wrong, the day and month the
            // same: a slip, not a stranger, who shares the day and month
            // one time in 365.
            (false, true, true) if year_apart || one_digit_apart(a.year, b.year) => Near(Slip::Year),
            _ => Differs,
        },
        (full_a, full_b) => {
            // At least one is partial: compare what both give.
            let months_agree = match (a.month, b.month) {
                (Some(x), Some(y)) => Some(x == y),
                _ => None,
            };
            match months_agree {
                Some(true) if same_year => Month,
                None if same_year => Year,
                Some(false) if same_year => {
                    let day_is_month = |full: Option<(u32, u32)>, other: PartialDate| {
                        full.is_some_and(|(_, day)| other.day.is_none() && other.month == Some(day))
                    };
                    if day_is_month(full_a, b) || day_is_month(full_b, a) {
                        MonthIsDay
                    } else {
                        Differs
                    }
                }
                Some(true) | None if year_apart => YearApart,
                _ => Differs,
            }
        }
    }
}

/// Two years written alike but for one digit (1985 and 1955). By
/// arithmetic, as it runs for every candidate compared.
fn one_digit_apart(a: i32, b: i32) -> bool {
    let (mut a, mut b, mut differ) = (a.unsigned_abs(), b.unsigned_abs(), 0);
    while a > 0 || b > 0 {
        differ += u32::from(a % 10 != b % 10);
        a /= 10;
        b /= 10;
    }
    differ == 1
}

/// The full date with day and month exchanged, when that is a real date
/// (and not the same one): where a record of it may have been filed.
pub fn swapped_date(date: PartialDate) -> Option<PartialDate> {
    let (m, d) = (date.month?, date.day?);
    if m == d {
        return None;
    }
    NaiveDate::from_ymd_opt(date.year, d, m).map(PartialDate::full)
}

/// How far a typed age agrees with a date of birth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeAgreement {
    Consistent,
    Near,
    Differs,
}

/// The age `dob` gives on `today`, and how far `typed` agrees with it.
pub fn age_agreement(typed: i32, dob: PartialDate, today: NaiveDate) -> (AgeAgreement, i32) {
    let actual = dob.age_on(today);
    // A partial date only bounds the age, so allow the year either side.
    let slack = if dob.day.is_some() { 0 } else { 1 };
    let diff = (actual - typed).abs();
    let agreement = if diff <= slack {
        AgeAgreement::Consistent
    } else if diff == slack + 1 {
        AgeAgreement::Near
    } else {
        AgeAgreement::Differs
    };
    (agreement, actual)
}

#[cfg(test)]
mod tests {
    use super::*;
    use DobAgreement::*;

    fn d(s: &str) -> PartialDate {
        s.parse().unwrap()
    }

    /// The rung both ways round: the rules are symmetric.
    fn rung(a: &str, b: &str) -> DobAgreement {
        let there = dob_agreement(d(a), d(b));
        assert_eq!(there, dob_agreement(d(b), d(a)), "{a} {b}");
        there
    }

    #[test]
    fn full_dates_agree_exactly_swapped_or_by_one_slip() {
        assert_eq!(rung("1985-03-12", "1985-03-12"), Exact);
        assert_eq!(rung("1985-03-12", "1985-12-03"), Swapped);
        assert_eq!(rung("1985-03-12", "1985-03-14"), Near(Slip::Day));
        assert_eq!(rung("1985-03-12", "1985-08-12"), Near(Slip::Month));
        assert_eq!(rung("1985-03-12", "1986-03-12"), Near(Slip::Year));
        assert_eq!(rung("1985-03-12", "1987-03-12"), Near(Slip::Year));
        assert_eq!(rung("1985-03-12", "1955-03-12"), Near(Slip::Year));
        assert_eq!(rung("1989-03-12", "1990-03-12"), Near(Slip::Year));
        assert_eq!(rung("1985-03-12", "1958-03-12"), Differs);
        assert_eq!(rung("1985-03-12", "1987-03-13"), Differs);
        assert_eq!(rung("1985-03-12", "1986-03-13"), Differs);
        assert_eq!(rung("1985-03-12", "1986-12-03"), Differs);
        assert_eq!(rung("1970-01-01", "1985-03-12"), Differs);
    }

    #[test]
    fn partial_dates_agree_to_the_precision_both_give() {
        assert_eq!(rung("1985-03", "1985-03-12"), Month);
        assert_eq!(rung("1985-03", "1985-03"), Month);
        assert_eq!(rung("1985", "1985-03-12"), Year);
        assert_eq!(rung("1985", "1985-03"), Year);
        assert_eq!(rung("1985", "1985"), Year);
        assert_eq!(rung("1985-03", "1985-04"), Differs);
        assert_eq!(rung("1985-03", "1985-04-12"), Differs);
        assert_eq!(rung("1986", "1985"), YearApart);
        assert_eq!(rung("1984", "1985-03-12"), YearApart);
        assert_eq!(rung("1986-03", "1985-03-12"), YearApart);
        assert_eq!(rung("1986-04", "1985-03-12"), Differs);
        assert_eq!(rung("1987", "1985-03-12"), Differs);
    }

    #[test]
    fn a_month_that_is_the_other_dates_day_may_be_a_swap() {
        assert_eq!(rung("1985-12", "1985-03-12"), MonthIsDay);
        assert_eq!(rung("1985-03", "1985-12-03"), MonthIsDay);
        assert_eq!(rung("1985-12", "1985-03-13"), Differs);
        assert_eq!(rung("1986-12", "1985-03-12"), Differs);
    }

    #[test]
    fn swapping_needs_a_real_and_different_date() {
        assert_eq!(swapped_date(d("1985-03-12")), Some(d("1985-12-03")));
        assert_eq!(swapped_date(d("1985-03-13")), None);
        assert_eq!(swapped_date(d("1985-03-03")), None);
        assert_eq!(swapped_date(d("1985-03")), None);
    }

    #[test]
    fn an_age_is_read_against_the_day_and_a_partial_date_bounds_it() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(age_agreement(41, d("1985-03-12"), today), (AgeAgreement::Consistent, 41));
        assert_eq!(age_agreement(40, d("1985-03-12"), today), (AgeAgreement::Near, 41));
        assert_eq!(age_agreement(20, d("1985-03-12"), today), (AgeAgreement::Differs, 41));
        // 1985 gives 41 (born by 1 January); 40 is as consistent.
        assert_eq!(age_agreement(40, d("1985"), today).0, AgeAgreement::Consistent);
        assert_eq!(age_agreement(39, d("1985"), today).0, AgeAgreement::Near);
    }
}
