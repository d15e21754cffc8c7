//! What a subject access disclosure may leave out, and how: other people's
//! personal data (Data Protection Act 2018 s.45(4)(e), the rights and
//! freedoms of others) and intelligence whose disclosure would prejudice
//! the prevention or detection of crime (s.45(4)(b)). The disclosure says
//! what was left out and under which exemption; nothing is left out
//! unless the disclosing officer chooses it.

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::FieldError;

/// What stands in for a third party's name or id.
pub const THIRD_PARTY: &str = "[third party]";

/// What stands in for intelligence withheld.
pub const WITHHELD: &str = "[withheld: exempt from disclosure]";

/// A redaction a disclosing officer may choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Redaction {
    /// Other people on the subject's records, associates and possible
    /// matches: their names and ids become "[third party]", in free text too.
    ThirdParties,
    /// The unsanitised text of intelligence reports (source-revealing).
    Intelligence,
    /// Whole intelligence reports: listed as withheld, with the exemption.
    IntelligenceRecords,
}

impl Redaction {
    pub const ALL: [Redaction; 3] = [Redaction::ThirdParties, Redaction::Intelligence, Redaction::IntelligenceRecords];

    pub fn as_str(self) -> &'static str {
        match self {
            Redaction::ThirdParties => "third_parties",
            Redaction::Intelligence => "intelligence",
            Redaction::IntelligenceRecords => "intelligence_records",
        }
    }

    /// The exemption the disclosure cites for it.
    pub fn exemption(self) -> &'static str {
        match self {
            Redaction::ThirdParties => {
                "Data Protection Act 2018 s.45(4)(e): other people's personal data, to protect their rights and freedoms"
            }
            Redaction::Intelligence | Redaction::IntelligenceRecords => {
                "Data Protection Act 2018 s.45(4)(b): disclosure would prejudice the prevention, detection or \
                 investigation of crime"
            }
        }
    }

    /// A comma-separated list as a query gives it (`third_parties,intelligence`),
    /// sorted, each once; `field` names the parameter in an error.
    pub fn parse_list(field: &str, list: &str) -> Result<Vec<Redaction>, FieldError> {
        let mut out: Vec<Redaction> = list
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().map_err(|e: String| FieldError::new(field, e)))
            .collect::<Result<_, _>>()?;
        out.sort();
        out.dedup();
        Ok(out)
    }
}

impl fmt::Display for Redaction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Redaction {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Redaction::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| {
            let names: Vec<&str> = Redaction::ALL.iter().map(|r| r.as_str()).collect();
            format!("'{s}' is not a redaction ({})", names.join(", "))
        })
    }
}

/// Someone other than the subject whose data a disclosure may hold: their
/// id, and the names they are known by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThirdParty {
    pub id: String,
    /// Each name as "forenames surname".
    pub names: Vec<(String, String)>,
}

/// Replaces third parties in every string of `document`: a string that is
/// a third party's id becomes "[third party]", and their names within text
/// too — full names first, then surnames and forenames alone, except words
/// the subject's own names share (`own_words`: a relative's surname is the
/// subject's too, and stays).
pub fn redact_third_parties(document: &mut serde_json::Value, parties: &[ThirdParty], own_words: &[String]) {
    let ids: HashSet<&str> = parties.iter().map(|p| p.id.as_str()).collect();
    let own: HashSet<String> = own_words.iter().map(|w| w.to_lowercase()).collect();
    let mut phrases: Vec<String> = Vec::new();
    for (forenames, surname) in parties.iter().flat_map(|p| &p.names) {
        phrases.push(format!("{forenames} {surname}").trim().to_string());
        phrases.push(format!("{surname}, {forenames}"));
        for word in forenames.split_whitespace().chain(surname.split_whitespace()) {
            if word.chars().count() > 1 && !own.contains(&word.to_lowercase()) {
                phrases.push(word.to_string());
            }
        }
    }
    // An id written inside text ("joined into …") goes too.
    phrases.extend(ids.iter().map(|id| id.to_string()));
    // Longest first, so a full name goes whole before its parts.
    phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
    phrases.dedup();
    redact_strings(document, &mut |text| {
        if ids.contains(text.as_str()) {
            *text = THIRD_PARTY.to_string();
            return;
        }
        *text = replace_words(text, &phrases, THIRD_PARTY);
    });
}

/// Calls `each` on every string value of `document` (not on keys).
pub fn redact_strings(document: &mut serde_json::Value, each: &mut impl FnMut(&mut String)) {
    match document {
        serde_json::Value::String(text) => each(text),
        serde_json::Value::Array(items) => items.iter_mut().for_each(|item| redact_strings(item, each)),
        serde_json::Value::Object(fields) => fields.values_mut().for_each(|item| redact_strings(item, each)),
        serde_json::Value::Null | serde_json::Value::Bool(_) | serde_json::Value::Number(_) => {}
    }
}

/// `text` with each whole-word occurrence of any of `phrases` (the first
/// that matches at a place; ASCII case ignored) replaced by `with`, in one
/// pass, so what replaces one is never taken for another.
fn replace_words(text: &str, phrases: &[String], with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut previous: Option<char> = None;
    while let Some(c) = rest.chars().next() {
        let at_word_start = previous.is_none_or(|p| !p.is_alphanumeric());
        let found = phrases.iter().filter(|p| at_word_start && !p.is_empty()).find(|phrase| {
            rest.is_char_boundary(phrase.len().min(rest.len()))
                && rest.len() >= phrase.len()
                && rest[..phrase.len()].eq_ignore_ascii_case(phrase)
                && rest[phrase.len()..].chars().next().is_none_or(|next| !next.is_alphanumeric())
        });
        match found {
            Some(phrase) => {
                out.push_str(with);
                previous = phrase.chars().last();
                rest = &rest[phrase.len()..];
            }
            None => {
                out.push(c);
                previous = Some(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_of_redactions_reads_and_names_a_stranger() {
        let list = Redaction::parse_list("redact", "intelligence, third_parties,intelligence").unwrap();
        assert_eq!(list, vec![Redaction::ThirdParties, Redaction::Intelligence]);
        assert!(Redaction::parse_list("redact", "").unwrap().is_empty());
        let err = Redaction::parse_list("redact", "third_parties,everything").unwrap_err();
        assert_eq!(err.field, "redact");
        assert!(err.message.contains("everything"));
    }

    #[test]
    fn words_are_replaced_whole_and_in_any_case() {
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(replace_words("Cole hit COLE; Coleman left", &words(&["Cole"]), "X"), "X hit X; Coleman left");
        assert_eq!(replace_words("Darren Cole - Theft", &words(&["Darren Cole", "Cole"]), "X"), "X - Theft");
        assert_eq!(replace_words("Zoë Cole", &words(&["Cole"]), "X"), "Zoë X");
        assert_eq!(replace_words("", &words(&["Cole"]), "X"), "");
        // What replaces a name is not read again: a Mr Party stays one marker.
        assert_eq!(
            replace_words("Ann Party", &words(&["Ann", "Party"]), "[third party]"),
            "[third party] [third party]"
        );
    }

    #[test]
    fn third_parties_lose_ids_and_names_but_the_subject_keeps_theirs() {
        let mut doc = serde_json::json!({
            "summary": "Darren Cole assaulted Mary Cole; Cole, Darren arrested",
            "people": [{"person_id": "p-victim"}, {"person_id": "p-subject"}],
            "note": "witness DARREN saw it",
        });
        let victim = ThirdParty { id: "p-victim".into(), names: vec![("Mary".into(), "Cole".into())] };
        let suspect = ThirdParty { id: "p-suspect".into(), names: vec![("Darren".into(), "Cole".into())] };
        // The subject is Mary Cole's relative Ann Cole: "Cole" alone stays.
        redact_third_parties(&mut doc, &[victim, suspect], &["Ann".into(), "Cole".into()]);
        assert_eq!(doc["summary"], "[third party] assaulted [third party]; [third party] arrested");
        assert_eq!(doc["people"][0]["person_id"], THIRD_PARTY);
        assert_eq!(doc["people"][1]["person_id"], "p-subject");
        assert_eq!(doc["note"], "witness [third party] saw it");
    }
}
