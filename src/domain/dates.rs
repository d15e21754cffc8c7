//! Dates of birth as people give them: full, month and year, or year only.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::FieldError;

/// The months' names in English, lower case, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A date that may be known only to the month or the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl PartialDate {
    pub fn full(date: NaiveDate) -> Self {
        Self { year: date.year(), month: Some(date.month()), day: Some(date.day()) }
    }

    /// The full date, when day and month are both known.
    pub fn to_date(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month?, self.day?)
    }

    /// Age in whole years on `today`; for a partial date, the age assuming the
    /// earliest possible birthday in the known period.
    pub fn age_on(self, today: NaiveDate) -> i32 {
        let month = self.month.unwrap_or(1);
        let day = self.day.unwrap_or(1);
        let mut age = today.year() - self.year;
        if (today.month(), today.day()) < (month, day) {
            age -= 1;
        }
        age
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.month, self.day) {
            (Some(m), Some(d)) => write!(f, "{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => write!(f, "{:04}-{:02}", self.year, m),
            _ => write!(f, "{:04}", self.year),
        }
    }
}

impl FromStr for PartialDate {
    type Err = String;

    /// Accepts `YYYY`, `YYYY-MM` and `YYYY-MM-DD`; refuses impossible dates.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parts: Vec<&str> = s.trim().split('-').collect();
        let number = |p: &str, what: &str| -> Result<u32, String> {
            if p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()) || p.len() > 4 {
                return Err(format!("'{s}' has a {what} that is not a number"));
            }
            p.parse::<u32>().map_err(|_| format!("'{s}' has a bad {what}"))
        };
        let year = number(parts[0], "year")? as i32;
        if !(1850..=2200).contains(&year) || parts[0].len() != 4 {
            return Err(format!("'{s}' is not a date: the year must have four digits, 1850 or later"));
        }
        let date = match parts.len() {
            1 => Self { year, month: None, day: None },
            2 => {
                let month = number(parts[1], "month")?;
                if !(1..=12).contains(&month) {
                    return Err(format!("'{s}' is not a date: month {month} does not exist"));
                }
                Self { year, month: Some(month), day: None }
            }
            3 => {
                let month = number(parts[1], "month")?;
                let day = number(parts[2], "day")?;
                if NaiveDate::from_ymd_opt(year, month, day).is_none() {
                    return Err(format!("'{s}' is not a date that exists"));
                }
                Self { year, month: Some(month), day: Some(day) }
            }
            _ => return Err(format!("'{s}' is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")),
        };
        Ok(date)
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl utoipa::PartialSchema for PartialDate {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some("YYYY-MM-DD, YYYY-MM or YYYY"))
            .into()
    }
}

impl utoipa::ToSchema for PartialDate {}

/// The first year a record may be dated in: nobody alive was born before
/// it, and no record held goes back further.
pub const EARLIEST_YEAR: i32 = 1900;

/// How many years ahead a date may lie (a hearing, an expiry): beyond this
/// it is a typing error, not a plan.
pub const YEARS_AHEAD: i32 = 10;

/// Any date a record holds lies from 1900 to ten years ahead of `today`.
/// Beyond those, a date is a mistake, and arithmetic on it (a PACE clock, a
/// due time) could overflow.
pub fn check_in_range(field: &str, date: NaiveDate, today: NaiveDate) -> Result<(), FieldError> {
    if date.year() < EARLIEST_YEAR {
        return Err(FieldError::new(field, format!("is before {EARLIEST_YEAR}: no record is dated that early")));
    }
    let latest = today.with_year(today.year() + YEARS_AHEAD).unwrap_or(today);
    if date > latest {
        return Err(FieldError::new(field, format!("is more than {YEARS_AHEAD} years ahead")));
    }
    Ok(())
}

/// When something happened: from 1900 up to now, allowing a clock a few
/// minutes fast.
pub fn check_happened(field: &str, at: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), FieldError> {
    if at > now + chrono::Duration::minutes(5) {
        return Err(FieldError::new(field, "is in the future"));
    }
    check_in_range(field, at.date_naive(), now.date_naive())
}

/// A date of birth lies from 1900 to today.
pub fn check_birth_date(field: &str, dob: PartialDate, today: NaiveDate) -> Result<(), FieldError> {
    if dob.year < EARLIEST_YEAR {
        return Err(FieldError::new(field, format!("is before {EARLIEST_YEAR}")));
    }
    let earliest = NaiveDate::from_ymd_opt(dob.year, dob.month.unwrap_or(1), dob.day.unwrap_or(1));
    match earliest {
        Some(d) if d > today => Err(FieldError::new(field, "is in the future")),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_full_partial_and_year_only() {
        assert_eq!("1985-03-12".parse::<PartialDate>().unwrap().to_string(), "1985-03-12");
        assert_eq!("1985-03".parse::<PartialDate>().unwrap().to_string(), "1985-03");
        assert_eq!("1985".parse::<PartialDate>().unwrap().to_string(), "1985");
    }

    #[test]
    fn refuses_impossible_dates() {
        assert!("1985-02-30".parse::<PartialDate>().is_err());
        assert!("1985-13".parse::<PartialDate>().is_err());
        assert!("85-01-01".parse::<PartialDate>().is_err());
        assert!("".parse::<PartialDate>().is_err());
        assert!("1985-01-01-01".parse::<PartialDate>().is_err());
    }

    #[test]
    fn dates_lie_between_1900_and_ten_years_ahead() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let today = d("2026-11-25");
        assert!(check_in_range("at", d("1900-01-01"), today).is_ok());
        assert!(check_in_range("at", d("2036-11-25"), today).is_ok());
        assert!(check_in_range("at", d("1899-12-31"), today).unwrap_err().message.contains("1900"));
        assert!(check_in_range("at", d("2036-11-26"), today).is_err());
        assert!(check_birth_date("dob", "1899".parse().unwrap(), today).is_err());
        assert!(check_birth_date("dob", "1900".parse().unwrap(), today).is_ok());
        let now = d("2026-11-25").and_hms_opt(12, 0, 0).unwrap().and_utc();
        assert!(check_happened("occurred_at", now + chrono::Duration::minutes(4), now).is_ok());
        assert!(check_happened("occurred_at", now + chrono::Duration::hours(1), now).is_err());
        let long_ago = NaiveDate::MIN.and_hms_opt(0, 0, 0).unwrap().and_utc();
        assert!(check_happened("occurred_at", long_ago, now).unwrap_err().message.contains("1900"));
    }

    #[test]
    fn age_counts_whole_years() {
        let dob: PartialDate = "2000-06-15".parse().unwrap();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(dob.age_on(d("2018-06-14")), 17);
        assert_eq!(dob.age_on(d("2018-06-15")), 18);
    }
}
