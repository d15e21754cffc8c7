//! Reads the search box: names (in either order, or "SURNAME, Forenames"),
//! a date of birth or age, and identifiers to try exactly.

use chrono::NaiveDate;

use crate::domain::dates::{PartialDate, MONTH_NAMES};
use crate::domain::identifiers::{parse_cro, parse_phone, parse_pnc, parse_vrm};
use crate::matching::name_tokens;

use super::datetext::{self, DateText};
use super::dob::QueryDob;
use super::exact::compact;

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
    // Identifiers are ASCII; the parsers slice by byte, so keep others away.
    if !text.is_ascii() || !text.chars().any(|c| c.is_ascii_digit()) {
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

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// The month a word names ("mar", "March", "sept"), if any.
fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 || !w.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let found = MONTH_NAMES.iter().position(|m| m.starts_with(&w)).filter(|&i| w.starts_with(MONTHS[i]));
    found.map(|i| i as u32 + 1)
}

/// Joins "12 March 1985" and "12 mar" into numeric dates. A month word
/// counts only after a day number, so June and May stay forenames.
fn join_month_names(words: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let day = words[i].parse::<u32>().ok().filter(|d| (1..=31).contains(d) && words[i].len() <= 2);
        let month = words.get(i + 1).and_then(|w| month_number(w));
        if let (Some(day), Some(month)) = (day, month) {
            let year =
                words.get(i + 2).filter(|y| (y.len() == 2 || y.len() == 4) && y.bytes().all(|b| b.is_ascii_digit()));
            match year {
                Some(y) => {
                    out.push(format!("{day}/{month}/{y}"));
                    i += 3;
                }
                None => {
                    // Day and month with no year cannot be a date of birth: drop both.
                    i += 2;
                }
            }
            continue;
        }
        out.push(words[i].clone());
        i += 1;
    }
    out
}

/// Short name particles that are often typed apart: "Mc Donald", "O Brien".
const PARTICLES: [&str; 19] = [
    "mc", "mac", "o", "de", "da", "di", "du", "del", "della", "le", "la", "van", "von", "st", "al", "el", "abu", "ben",
    "bin",
];

/// Runs a particle into the next word when the index knows the joined form.
pub(crate) fn join_particles(names: &mut Vec<NameTerm>, known: impl Fn(&str) -> bool) {
    let mut i = 0;
    while i + 1 < names.len() {
        if PARTICLES.contains(&names[i].text.as_str()) {
            let joined = format!("{}{}", names[i].text, names[i + 1].text);
            if known(&joined) {
                let next = names.remove(i + 1);
                names[i].text = joined;
                names[i].surname_slot |= next.surname_slot;
            }
        }
        i += 1;
    }
}

pub(crate) fn parse(text: &str, dob: Option<PartialDate>, today: NaiveDate) -> ParsedQuery {
    let mut parsed = ParsedQuery { whole_keys: identifier_keys(text.trim()), ..ParsedQuery::default() };
    parsed.dob.dob = dob;
    let comma = text.contains(',');
    let mut before_comma = comma;
    let words: Vec<String> = text.replace(',', " , ").split_whitespace().map(str::to_string).collect();
    for word in join_month_names(words).iter().map(String::as_str) {
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
    fn month_names_make_dates_but_june_stays_a_name() {
        let q = parse("john smith 12 March 1985", None, today());
        assert_eq!(q.dob.dob, Some("1985-03-12".parse().unwrap()));
        assert_eq!(q.names.len(), 2);
        let q = parse("june smith 1985", None, today());
        assert_eq!(names(&q), vec![("june", false), ("smith", true)]);
        assert_eq!(q.dob.dob, Some("1985".parse().unwrap()));
        let q = parse("smith 3 sept 85", None, today());
        assert_eq!(q.dob.dob, Some("1985-09-03".parse().unwrap()));
    }

    #[test]
    fn particles_join_when_the_joined_name_is_known() {
        let mut q = parse("mary mc donald", None, today());
        join_particles(&mut q.names, |w| w == "mcdonald");
        assert_eq!(names(&q), vec![("mary", false), ("mcdonald", true)]);
        let mut q = parse("de niro", None, today());
        join_particles(&mut q.names, |_| false);
        assert_eq!(q.names.len(), 2);
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
