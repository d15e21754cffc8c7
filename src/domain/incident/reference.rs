//! Incident references in a force's own format, such as `CAD 1234 02DEC26`:
//! a template with a serial and the date (in London) the call came in.
//! The serial counts within the shortest period the template dates (a day
//! when it names the day, else a year), so the reference stays unique.
//!
//! Tokens: `{serial}` (at least four digits; `{serial:6}` for six), `{DD}`,
//! `{MM}`, `{MMM}` (`DEC`), `{YY}`, `{YYYY}`, and `{DDMMMYY}` (`02DEC26`).

use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::pace::london_time::to_london;
use crate::domain::FieldError;

const MONTHS: [&str; 12] = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

/// The longest reference a record may carry.
const MAX_LEN: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ReferenceFormat {
    template: String,
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Serial(usize),
    Day,
    Month,
    MonthName,
    Year2,
    Year4,
}

/// How long one run of serials lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Period {
    Day,
    Year,
    Ever,
}

impl Default for ReferenceFormat {
    fn default() -> Self {
        Self::parse("CAD {serial} {DDMMMYY}").unwrap_or_else(|_| Self { template: String::new(), parts: Vec::new() })
    }
}

impl ReferenceFormat {
    pub fn parse(template: &str) -> Result<ReferenceFormat, FieldError> {
        let bad = |m: String| FieldError::new("reference", m);
        let mut parts = Vec::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_string()));
            }
            let close = rest[open..].find('}').ok_or_else(|| bad(format!("'{template}' has a '{{' left open")))?;
            let token = &rest[open + 1..open + close];
            parts.extend(match token {
                "serial" => vec![Part::Serial(4)],
                "DD" => vec![Part::Day],
                "MM" => vec![Part::Month],
                "MMM" => vec![Part::MonthName],
                "YY" => vec![Part::Year2],
                "YYYY" => vec![Part::Year4],
                "DDMMMYY" => vec![Part::Day, Part::MonthName, Part::Year2],
                other => match other.strip_prefix("serial:").and_then(|w| w.parse::<usize>().ok()) {
                    Some(width) if (1..=9).contains(&width) => vec![Part::Serial(width)],
                    _ => {
                        return Err(bad(format!(
                            "'{{{other}}}' is not a token; use {{serial}}, {{serial:N}}, {{DD}}, {{MM}}, {{MMM}}, \
                             {{YY}}, {{YYYY}} or {{DDMMMYY}}"
                        )))
                    }
                },
            });
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_string()));
        }
        if parts.iter().filter(|p| matches!(p, Part::Serial(_))).count() != 1 {
            return Err(bad(format!("'{template}' needs {{serial}} exactly once")));
        }
        let format = ReferenceFormat { template: template.to_string(), parts };
        let day = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap_or_default();
        let longest = format.render(999_999_999, day);
        if longest.trim().is_empty() || longest.chars().count() > MAX_LEN {
            return Err(bad(format!("'{template}' makes references longer than {MAX_LEN} characters")));
        }
        Ok(format)
    }

    fn period(&self) -> Period {
        if self.parts.contains(&Part::Day) {
            Period::Day
        } else if self.parts.iter().any(|p| matches!(p, Part::Year2 | Part::Year4)) {
            Period::Year
        } else {
            Period::Ever
        }
    }

    /// The London date of a call received at `at`.
    pub fn day_of(at: DateTime<Utc>) -> NaiveDate {
        to_london(at).date_naive()
    }

    /// The name of the counter the serials of `day` are taken from.
    pub fn counter(&self, day: NaiveDate) -> String {
        match self.period() {
            Period::Day => format!("incident:{day}"),
            Period::Year => format!("incident:{}", day.year()),
            Period::Ever => "incident".into(),
        }
    }

    pub fn render(&self, serial: i64, day: NaiveDate) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Serial(width) => out.push_str(&format!("{serial:0width$}")),
                Part::Day => out.push_str(&format!("{:02}", day.day())),
                Part::Month => out.push_str(&format!("{:02}", day.month())),
                Part::MonthName => out.push_str(MONTHS[day.month0() as usize % 12]),
                Part::Year2 => out.push_str(&format!("{:02}", day.year().rem_euclid(100))),
                Part::Year4 => out.push_str(&format!("{:04}", day.year())),
            }
        }
        out
    }
}

impl TryFrom<String> for ReferenceFormat {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        ReferenceFormat::parse(&value)
    }
}

impl From<ReferenceFormat> for String {
    fn from(value: ReferenceFormat) -> Self {
        value.template
    }
}

impl fmt::Display for ReferenceFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.template)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
    }

    #[test]
    fn the_default_reads_as_a_cad_number_counted_by_the_day() {
        let f = ReferenceFormat::default();
        assert_eq!(f.render(1234, day()), "CAD 1234 02DEC26");
        assert_eq!(f.render(7, day()), "CAD 0007 02DEC26");
        assert_eq!(f.counter(day()), "incident:2026-12-02");
    }

    #[test]
    fn a_force_writes_its_own_and_mistakes_are_named() {
        let f = ReferenceFormat::parse("INC/{YYYY}/{serial:6}").unwrap();
        assert_eq!(f.render(42, day()), "INC/2026/000042");
        assert_eq!(f.counter(day()), "incident:2026");
        assert!(ReferenceFormat::parse("CAD {serial} {DAY}").unwrap_err().message.contains("'{DAY}'"));
        assert!(ReferenceFormat::parse("CAD {DD}").unwrap_err().message.contains("{serial}"));
        assert!(ReferenceFormat::parse("CAD {serial").is_err());
        assert!(ReferenceFormat::parse(&format!("{}{{serial}}", "X".repeat(40))).is_err());
        let f: ReferenceFormat = serde_json::from_value(serde_json::json!("CAD {serial:5}")).unwrap();
        assert_eq!(f.counter(day()), "incident");
        assert_eq!(serde_json::to_value(&f).unwrap(), "CAD {serial:5}");
    }

    #[test]
    fn the_day_is_londons() {
        // 23:30 UTC on 1 July is 00:30 on 2 July in London (BST).
        let at: DateTime<Utc> = "2026-07-01T23:30:00Z".parse().unwrap();
        assert_eq!(ReferenceFormat::day_of(at), NaiveDate::from_ymd_opt(2026, 7, 2).unwrap());
    }
}
