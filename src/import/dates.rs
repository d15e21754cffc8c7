//! Legacy date formats, partial and unknown dates included: `00/06/1980` is
//! June 1980, `1980` alone is a year, an empty cell is no date.

use crate::domain::dates::PartialDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Day,
    Month,
    MonthName,
    Year,
    Literal(char),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateFormat {
    parts: Vec<Part>,
}

const MONTHS: [&str; 12] = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

impl DateFormat {
    /// Accepts `%d`, `%m`, `%b`, `%Y` and literal characters; needs a year.
    pub fn parse(format: &str) -> Result<Self, String> {
        let mut parts = Vec::new();
        let mut chars = format.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                parts.push(Part::Literal(c));
                continue;
            }
            parts.push(match chars.next() {
                Some('d') => Part::Day,
                Some('m') => Part::Month,
                Some('b') => Part::MonthName,
                Some('Y') => Part::Year,
                Some(other) => {
                    return Err(format!("'{format}' is not a date format: '%{other}' is not one of %d, %m, %b, %Y"))
                }
                None => return Err(format!("'{format}' is not a date format: it ends with '%'")),
            });
        }
        if !parts.contains(&Part::Year) {
            return Err(format!("'{format}' is not a date format: it has no year (%Y)"));
        }
        Ok(Self { parts })
    }

    /// The date a cell holds; Ok(None) for an empty cell.
    pub fn read(&self, text: &str) -> Result<Option<PartialDate>, String> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        let bad = || format!("'{text}' is not a date in the mapping's format");
        if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
            let year = text.parse().map_err(|_| bad())?;
            return Ok(Some(PartialDate { year, month: None, day: None }));
        }
        let (mut day, mut month, mut year) = (0u32, 0u32, None::<i32>);
        let bytes = text.as_bytes();
        let mut at = 0;
        let digits = |at: &mut usize, max: usize| -> Result<u32, String> {
            let start = *at;
            while *at < bytes.len() && *at - start < max && bytes[*at].is_ascii_digit() {
                *at += 1;
            }
            text[start..*at].parse().map_err(|_| bad())
        };
        for part in &self.parts {
            match part {
                Part::Day => day = digits(&mut at, 2)?,
                Part::Month => month = digits(&mut at, 2)?,
                Part::Year => year = Some(digits(&mut at, 4)? as i32),
                Part::MonthName => {
                    let word = text.get(at..at + 3).ok_or_else(bad)?.to_ascii_uppercase();
                    month = MONTHS.iter().position(|m| *m == word).map_or(0, |i| i as u32 + 1);
                    if month == 0 && word != "UNK" {
                        return Err(bad());
                    }
                    at += 3;
                }
                Part::Literal(c) => {
                    if !text[at..].starts_with(*c) {
                        return Err(bad());
                    }
                    at += c.len_utf8();
                }
            }
        }
        if at != text.len() {
            return Err(bad());
        }
        let year = year.ok_or_else(bad)?;
        let date = match (month, day) {
            (0, _) => PartialDate { year, month: None, day: None },
            (m, 0) => PartialDate { year, month: Some(m), day: None },
            (m, d) => PartialDate { year, month: Some(m), day: Some(d) },
        };
        if date.month.is_some_and(|m| m > 12) {
            return Err(format!("'{text}' has no month {month}"));
        }
        if date.day.is_some() && date.to_date().is_none() {
            return Err(format!("'{text}' is not a real date"));
        }
        Ok(Some(date))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_full_partial_and_unknown_dates() {
        let f = DateFormat::parse("%d/%m/%Y").unwrap();
        assert_eq!(f.read("02/01/1980").unwrap().unwrap().to_string(), "1980-01-02");
        assert_eq!(f.read("00/06/1980").unwrap().unwrap().to_string(), "1980-06");
        assert_eq!(f.read("00/00/1980").unwrap().unwrap().to_string(), "1980");
        assert_eq!(f.read("1980").unwrap().unwrap().to_string(), "1980");
        assert_eq!(f.read(" ").unwrap(), None);
        assert!(f.read("31/02/1980").is_err());
        assert!(f.read("1980-01-02").is_err());
        let compact = DateFormat::parse("%Y%m%d").unwrap();
        assert_eq!(compact.read("19800102").unwrap().unwrap().to_string(), "1980-01-02");
        let named = DateFormat::parse("%d-%b-%Y").unwrap();
        assert_eq!(named.read("02-jan-1980").unwrap().unwrap().to_string(), "1980-01-02");
        assert_eq!(named.read("00-UNK-1980").unwrap().unwrap().to_string(), "1980");
    }

    #[test]
    fn refuses_unknown_directives() {
        assert!(DateFormat::parse("%d/%m/%y").unwrap_err().contains("%y"));
        assert!(DateFormat::parse("%d/%m").unwrap_err().contains("no year"));
    }
}
