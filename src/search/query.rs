//! Reads the search box: names (in either order, or "SURNAME, Forenames"),
//! a date of birth or age, and identifiers to try exactly.

use chrono::NaiveDate;

use crate::domain::dates::PartialDate;
use crate::domain::identifiers::{parse_cro, parse_phone, parse_pnc, parse_vrm};

use super::datetext::{self, DateText};
use super::dob::QueryDob;
use super::normalise::{compact, name_tokens};

/// At most this many name words are used; more is noise, not precision.
pub(crate) const MAX_NAME_TERMS: usize = 8;

/// One name word of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NameTerm {
    pub text: String,
    /// Where the officer put the surname: before a comma, or last.
    pub surname_slot: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ParsedQuery {
    pub names: Vec<NameTerm>,
    pub dob: QueryDob,
    /// Exact keys for the whole text read as one identifier.
    pub whole_keys: Vec<String>,
    /// Exact keys for single words that carry digits but are not dates.
    pub word_keys: Vec<String>,
}

/// The compact keys an identifier typed as `text` may be stored under.
pub(crate) fn identifier_keys(text: &str) -> Vec<String> {
    let mut keys = Vec::new();
    if !text.chars().any(|c| c.is_ascii_digit()) {
        return keys;
    }
    let candidates = [
        parse_pnc(text).ok(),
        parse_cro(text).ok(),
        parse_phone(text).ok(),
        parse_vrm(text).ok(),
        Some(text.to_string()),
    ];
    for key in candidates.into_iter().flatten().map(|k| compact(&k)) {
        if key.len() >= 2 && !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

pub(crate) fn parse(text: &str, dob: Option<PartialDate>, today: NaiveDate) -> ParsedQuery {
    let mut parsed = ParsedQuery { whole_keys: identifier_keys(text.trim()), ..ParsedQuery::default() };
    parsed.dob.dob = dob;
    let comma = text.contains(',');
    let mut before_comma = comma;
    for word in text.replace(',', " , ").split_whitespace() {
        if word == "," {
            before_comma = false;
            continue;
        }
        if word.chars().any(|c| c.is_ascii_digit()) {
            match datetext::parse(word, today) {
                Some(DateText::Dob(d)) if parsed.dob.dob.is_none() => parsed.dob.dob = Some(d),
                Some(DateText::Age(a)) if parsed.dob.age.is_none() => parsed.dob.age = Some(a),
                Some(_) => {}
                None => parsed.word_keys.extend(identifier_keys(word)),
            }
            continue;
        }
        for token in name_tokens(word) {
            if parsed.names.len() < MAX_NAME_TERMS {
                parsed.names.push(NameTerm { text: token, surname_slot: comma && before_comma });
            }
        }
    }
    if !comma {
        if let Some(last) = parsed.names.last_mut() {
            last.surname_slot = true;
        }
    }
    parsed.word_keys.retain(|k| !parsed.whole_keys.contains(k));
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    fn names(q: &ParsedQuery) -> Vec<(&str, bool)> {
        q.names.iter().map(|n| (n.text.as_str(), n.surname_slot)).collect()
    }

    #[test]
    fn surname_is_last_or_before_the_comma() {
        let q = parse("john smith", None, today());
        assert_eq!(names(&q), vec![("john", false), ("smith", true)]);
        let q = parse("SMITH, John Paul", None, today());
        assert_eq!(names(&q), vec![("smith", true), ("john", false), ("paul", false)]);
    }

    #[test]
    fn dates_and_ages_are_taken_out_of_the_names() {
        let q = parse("john smith 12/03/1985", None, today());
        assert_eq!(q.names.len(), 2);
        assert_eq!(q.dob.dob, Some("1985-03-12".parse().unwrap()));
        let q = parse("smith 35", None, today());
        assert_eq!(q.dob.age, Some(35));
        assert!(q.word_keys.is_empty());
    }

    #[test]
    fn identifiers_are_read_in_their_typed_forms() {
        let q = parse("AB12 CDE", None, today());
        assert!(q.whole_keys.contains(&"AB12CDE".to_string()));
        let pnc = crate::domain::identifiers::format_pnc(98, 123_456);
        let typed = format!("1998/0{}", &pnc[3..]);
        let q = parse(&typed, None, today());
        assert!(q.whole_keys.contains(&compact(&pnc)), "{:?}", q.whole_keys);
        let q = parse("1234/98x", None, today());
        assert!(q.whole_keys.contains(&"00123498X".to_string()));
        assert!(parse("john smith", None, today()).whole_keys.is_empty());
    }
}
