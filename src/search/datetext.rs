//! Dates of birth and ages as officers type them: "12/03/1985", "12.3.85",
//! "1985-03-12", "12031985", "03/1985", "1985", or an age such as "35".

use chrono::{Datelike, NaiveDate};

use crate::domain::dates::PartialDate;

/// What a number-bearing word of the query turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateText {
    Dob(PartialDate),
    Age(i32),
}

/// Reads one word (no spaces) as a date of birth or an age.
pub(crate) fn parse(word: &str, today: NaiveDate) -> Option<DateText> {
    let parts: Vec<&str> = word.split(['/', '.', '-']).collect();
    if parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    match parts.as_slice() {
        [one] => single(one, today),
        [a, b] => month_year(a, b, today).map(DateText::Dob),
        [a, b, c] => three(a, b, c, today).map(DateText::Dob),
        _ => None,
    }
}

fn number(text: &str) -> Option<u32> {
    if text.len() > 4 {
        return None;
    }
    text.parse().ok()
}

/// A year of four digits, or two digits read as the latest year not after today.
fn year(text: &str, today: NaiveDate) -> Option<i32> {
    let n = number(text)? as i32;
    let y = match text.len() {
        4 => n,
        2 => {
            let century = today.year() / 100 * 100;
            if century + n <= today.year() {
                century + n
            } else {
                century - 100 + n
            }
        }
        _ => return None,
    };
    (1850..=today.year()).contains(&y).then_some(y)
}

fn full(y: i32, m: u32, d: u32) -> Option<PartialDate> {
    NaiveDate::from_ymd_opt(y, m, d).map(PartialDate::full)
}

fn single(text: &str, today: NaiveDate) -> Option<DateText> {
    match text.len() {
        1..=3 => {
            let age = number(text)? as i32;
            (age <= 130).then_some(DateText::Age(age))
        }
        4 => year(text, today).map(|year| DateText::Dob(PartialDate { year, month: None, day: None })),
        6 => {
            let (d, m, y) = (&text[..2], &text[2..4], &text[4..]);
            full(year(y, today)?, number(m)?, number(d)?).map(DateText::Dob)
        }
        8 => {
            // ddmmyyyy as written in the UK; yyyymmdd as machines write it.
            let dmy = year(&text[4..], today).and_then(|y| full(y, number(&text[2..4])?, number(&text[..2])?));
            let ymd = year(&text[..4], today).and_then(|y| full(y, number(&text[4..6])?, number(&text[6..])?));
            dmy.or(ymd).map(DateText::Dob)
        }
        _ => None,
    }
}

fn month_year(a: &str, b: &str, today: NaiveDate) -> Option<PartialDate> {
    let (m, y) = if a.len() == 4 { (b, a) } else { (a, b) };
    let month = number(m)?;
    if !(1..=12).contains(&month) || m.len() > 2 {
        return None;
    }
    Some(PartialDate { year: year(y, today)?, month: Some(month), day: None })
}

fn three(a: &str, b: &str, c: &str, today: NaiveDate) -> Option<PartialDate> {
    if a.len() == 4 {
        return full(year(a, today)?, number(b)?, number(c)?);
    }
    if a.len() > 2 || b.len() > 2 {
        return None;
    }
    let y = year(c, today)?;
    let (first, second) = (number(a)?, number(b)?);
    // Day first, as in the UK; month first only when day first is impossible.
    full(y, second, first).or_else(|| full(y, first, second))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    fn dob(s: &str) -> Option<DateText> {
        Some(DateText::Dob(s.parse().unwrap()))
    }

    #[test]
    fn reads_the_common_forms() {
        let t = today();
        assert_eq!(parse("12/03/1985", t), dob("1985-03-12"));
        assert_eq!(parse("12.3.85", t), dob("1985-03-12"));
        assert_eq!(parse("1985-03-12", t), dob("1985-03-12"));
        assert_eq!(parse("12031985", t), dob("1985-03-12"));
        assert_eq!(parse("120385", t), dob("1985-03-12"));
        assert_eq!(parse("03/1985", t), dob("1985-03"));
        assert_eq!(parse("1985", t), dob("1985"));
        assert_eq!(parse("12/03/05", t), dob("2005-03-12"));
        assert_eq!(parse("35", t), Some(DateText::Age(35)));
    }

    #[test]
    fn month_first_only_when_day_first_is_impossible() {
        assert_eq!(parse("03/25/1985", today()), dob("1985-03-25"));
        assert_eq!(parse("31/02/1985", today()), None);
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        let t = today();
        assert_eq!(parse("AB12", t), None);
        assert_eq!(parse("2099", t), None);
        assert_eq!(parse("13/1985", t), None);
        assert_eq!(parse("1/2/3/4", t), None);
        assert_eq!(parse("12345", t), None);
    }
}
