//! What erasing a person takes out of text that is not theirs alone: their
//! names, date of birth, identifiers, phones and addresses inside free text
//! (event summaries, intelligence and custody text, other records' linkage
//! evidence, audit reasons and search queries), each replaced by the marker
//! [`ERASED`]. Matching is by whole words, case and punctuation aside, so
//! "T. HARTINGTON", "Hartington, Thomas" and "02/01/1980" all go.
//!
//! How far it reaches depends on how sure it can be that the text means
//! this person ([`Reach`]): a surname alone may be a namesake's, so it is
//! taken out only where the person is known to be meant.

use aho_corasick::AhoCorasick;
use chrono::Datelike;

pub use super::audit_chain::ERASED;
use super::dates::MONTH_NAMES;
use super::event::{Event, EventDetails};
use super::person::{IdentifierKind, PersonDetails};

/// How sure the text is about the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// A record the person was on, their own: full names, a surname alone,
    /// date of birth, identifiers, phones and addresses.
    Theirs,
    /// The audit: searches and reasons about anyone. Everything as for
    /// [`Reach::Theirs`], a namesake's search for the surname included:
    /// erasure errs on forgetting.
    Audit,
    /// Anything else: only what names them beyond doubt (full names,
    /// identifiers, phones).
    Anywhere,
}

/// A kind of phrase, for [`Reach`] to choose from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    FullName,
    Surname,
    Identifier,
    BirthDate,
    Address,
}

impl Kind {
    fn within(self, reach: Reach) -> bool {
        match reach {
            Reach::Theirs | Reach::Audit => true,
            Reach::Anywhere => matches!(self, Kind::FullName | Kind::Identifier),
        }
    }
}

/// One way of writing something that names the person: words in order.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Phrase {
    kind: Kind,
    words: Vec<String>,
    /// The word a database looks for first: the surname for a name (rarer
    /// than a forename), else the longest.
    needle: String,
}

/// Finds and replaces what names one person.
#[derive(Debug, Clone)]
pub struct Redactor {
    phrases: Vec<Phrase>,
    /// A quick first look (any phrase's longest word anywhere in the
    /// lowercased text) before the word-by-word match.
    quick: Option<AhoCorasick>,
}

/// A word of a text: where it is, lowercased.
struct Word {
    start: usize,
    end: usize,
    text: String,
}

fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(Word { start: s, end: i, text: text[s..i].to_lowercase() });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Word { start: s, end: text.len(), text: text[s..].to_lowercase() });
    }
    out
}

fn tokens(text: &str) -> Vec<String> {
    words(text).into_iter().map(|w| w.text).collect()
}

impl Redactor {
    pub fn for_person(p: &PersonDetails) -> Redactor {
        let mut phrases: Vec<Phrase> = Vec::new();
        let mut add_with = |kind: Kind, words: Vec<String>, needle: Option<&String>| {
            let Some(needle) = needle.or_else(|| words.iter().max_by_key(|w| w.chars().count())).cloned() else {
                return;
            };
            let phrase = Phrase { kind, words, needle };
            if !phrases.contains(&phrase) {
                phrases.push(phrase);
            }
        };
        for name in &p.names {
            let (forenames, surname) = (tokens(&name.forenames), tokens(&name.surname));
            let Some(needle) = surname.iter().max_by_key(|w| w.chars().count()) else { continue };
            add_with(Kind::Surname, surname.clone(), Some(needle));
            if let Some(first) = forenames.first() {
                let initial: String = first.chars().take(1).collect();
                for given in [forenames.clone(), vec![first.clone()], vec![initial]] {
                    add_with(Kind::FullName, [given.clone(), surname.clone()].concat(), Some(needle));
                    add_with(Kind::FullName, [surname.clone(), given].concat(), Some(needle));
                }
            }
        }
        let mut add = |kind: Kind, words: Vec<String>| add_with(kind, words, None);
        if let Some(dob) = p.date_of_birth.and_then(|dob| dob.to_date()) {
            let (y, m, d) = (dob.year(), dob.month(), dob.day());
            let month = MONTH_NAMES[(m - 1) as usize];
            for words in [
                vec![format!("{y:04}"), format!("{m:02}"), format!("{d:02}")],
                vec![format!("{d:02}"), format!("{m:02}"), format!("{y:04}")],
                vec![d.to_string(), m.to_string(), y.to_string()],
                vec![format!("{y:04}{m:02}{d:02}")],
                vec![format!("{d:02}{m:02}{y:04}")],
                vec![d.to_string(), month.to_string(), y.to_string()],
                vec![d.to_string(), month[..3].to_string(), y.to_string()],
            ] {
                add(Kind::BirthDate, words);
            }
        }
        for id in &p.identifiers {
            add(Kind::Identifier, tokens(&id.value));
            // A PNC ID is also written with its serial padded to seven digits.
            if id.kind == IdentifierKind::Pnc {
                if let Some((year, rest)) = id.value.split_once('/') {
                    add(Kind::Identifier, vec![year.to_lowercase(), format!("{rest:0>8}").to_lowercase()]);
                }
            }
        }
        for phone in &p.phones {
            let digits: String = phone.number.chars().filter(char::is_ascii_digit).collect();
            add(Kind::Identifier, vec![digits.clone()]);
            if digits.len() == 11 {
                add(Kind::Identifier, vec![digits[..5].to_string(), digits[5..].to_string()]);
                add(Kind::Identifier, vec![digits[..4].to_string(), digits[4..7].to_string(), digits[7..].to_string()]);
            }
        }
        for a in &p.addresses {
            let lines: Vec<Vec<String>> = a.address.lines.iter().map(|l| tokens(l)).collect();
            add(Kind::Address, lines.concat());
            // A line with its house number (or flat) is theirs; a street alone may be anyone's.
            for line in
                lines.into_iter().filter(|l| l.len() >= 2 && l.iter().any(|w| w.chars().any(|c| c.is_ascii_digit())))
            {
                add(Kind::Address, line);
            }
            let postcode = tokens(&a.address.postcode);
            add(Kind::Address, vec![postcode.concat()]);
            add(Kind::Address, postcode);
        }
        let quick = AhoCorasick::new(needles_of(&phrases, Reach::Audit)).ok();
        Redactor { phrases, quick }
    }

    /// Words to look for in stored text to find what may name the person
    /// (a word of each phrase, lowercased), for a database's first pass.
    pub fn needles(&self, reach: Reach) -> Vec<String> {
        needles_of(&self.phrases, reach)
    }

    /// Leaves out the surnames of `others` (people also on the record):
    /// "Mark Hartington" keeps his surname when Thomas Hartington is erased.
    pub fn sparing(&self, others: &[&PersonDetails]) -> Redactor {
        let shared: Vec<Vec<String>> = others.iter().flat_map(|o| o.names.iter().map(|n| tokens(&n.surname))).collect();
        let phrases =
            self.phrases.iter().filter(|p| !(p.kind == Kind::Surname && shared.contains(&p.words))).cloned().collect();
        Redactor { phrases, quick: self.quick.clone() }
    }

    /// `text` with everything naming the person within `reach` replaced by
    /// the marker; `None` when nothing does.
    pub fn redact(&self, text: &str, reach: Reach) -> Option<String> {
        if let Some(quick) = &self.quick {
            if !quick.is_match(&text.to_lowercase()) {
                return None;
            }
        }
        let words = words(text);
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        let mut i = 0;
        let mut found = false;
        while i < words.len() {
            let longest = self
                .phrases
                .iter()
                .filter(|p| p.kind.within(reach) && i + p.words.len() <= words.len())
                .filter(|p| p.words.iter().zip(&words[i..]).all(|(a, b)| *a == b.text))
                .map(|p| p.words.len())
                .max();
            match longest {
                Some(n) => {
                    out.push_str(&text[copied..words[i].start]);
                    out.push_str(ERASED);
                    copied = words[i + n - 1].end;
                    i += n;
                    found = true;
                }
                None => i += 1,
            }
        }
        if !found {
            return None;
        }
        out.push_str(&text[copied..]);
        Some(out)
    }

    /// Redacts every string inside a JSON document; whether any changed.
    pub fn redact_json(&self, value: &mut serde_json::Value, reach: Reach) -> bool {
        match value {
            serde_json::Value::String(s) => match self.redact(s, reach) {
                Some(r) => {
                    *s = r;
                    true
                }
                None => false,
            },
            serde_json::Value::Array(items) => self.redact_all(items.iter_mut(), reach),
            serde_json::Value::Object(map) => self.redact_all(map.values_mut(), reach),
            _ => false,
        }
    }

    /// Redacts each value (none left out once one changes).
    fn redact_all<'v>(&self, values: impl Iterator<Item = &'v mut serde_json::Value>, reach: Reach) -> bool {
        let mut changed = false;
        for v in values {
            changed |= self.redact_json(v, reach);
        }
        changed
    }

    /// Redacts an event's free text (its summary and every narrative field);
    /// whether any changed. Structured fields (offences, courts, officers)
    /// are the force's record and stay.
    pub fn redact_event(&self, event: &mut Event, reach: Reach) -> bool {
        let mut changed = false;
        for text in free_text(event) {
            if let Some(r) = self.redact(text, reach) {
                *text = r;
                changed = true;
            }
        }
        changed
    }
}

fn needles_of(phrases: &[Phrase], reach: Reach) -> Vec<String> {
    let mut out: Vec<String> = phrases.iter().filter(|p| p.kind.within(reach)).map(|p| p.needle.clone()).collect();
    out.sort();
    out.dedup();
    out
}

/// The narrative fields of an event, where a name may be written.
fn free_text(event: &mut Event) -> Vec<&mut String> {
    let mut out = vec![&mut event.summary];
    match &mut event.details {
        EventDetails::Crime(d) => out.extend(d.free_text_mut()),
        EventDetails::Intelligence(d) => out.extend(d.free_text_mut()),
        EventDetails::Safeguarding(d) => out.extend(d.free_text_mut()),
        EventDetails::Asb(d) => out.extend(d.free_text_mut()),
        EventDetails::Custody(d) => {
            out.push(&mut d.arrest_reason);
            out.extend(d.entries.iter_mut().map(|e| &mut e.text));
            out.extend(d.bail.iter_mut().flat_map(|b| b.free_text()));
        }
        EventDetails::Case(d) => {
            out.extend(d.rejected_reason.as_mut());
            out.extend(d.hearings.iter_mut().filter_map(|h| h.outcome.as_mut()));
        }
        EventDetails::Warrant(d) => {
            out.extend(d.attempts.iter_mut().map(|a| &mut a.note));
            out.extend(d.execution.as_mut().map(|e| &mut e.place));
            out.extend(d.closure.as_mut().map(|c| &mut c.reason));
        }
        EventDetails::Incident(d) => {
            // The caller may be the person erased: their name and number as given.
            out.push(&mut d.caller.name);
            out.extend(d.caller.phone.as_mut());
            out.extend(d.location.description.as_mut());
            out.extend(d.grading.iter_mut().filter_map(|g| g.reason.as_mut()));
            out.extend(d.log.iter_mut().map(|e| &mut e.text));
            out.extend(d.closure.as_mut().map(|c| &mut c.note));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn thomas() -> PersonDetails {
        serde_json::from_value(serde_json::json!({
            "names": [
                {"forenames": "Thomas James", "surname": "Hartington"},
                {"forenames": "Tom", "surname": "Harte", "kind": "alias"}
            ],
            "date_of_birth": "1980-01-02",
            "identifiers": [{"kind": "pnc", "value": "80/1234A"}],
            "phones": [{"number": "07700900123"}],
            "addresses": [{"address": {"lines": ["12 Acre Lane", "Brixton"], "postcode": "SW2 5SG"}}]
        }))
        .unwrap()
    }

    #[test]
    fn names_in_any_order_case_and_punctuation_are_replaced() {
        let r = Redactor::for_person(&thomas());
        let cases = [
            ("Thomas Hartington seen at the address", "[erased] seen at the address"),
            ("HARTINGTON, Thomas James arrested", "[erased] arrested"),
            ("T. Hartington and Tom Harte, same man", "[erased] and [erased], same man"),
            ("q=thomas hartington dob=1980-01-02", "q=[erased] dob=[erased]"),
            ("born 2/1/1980, PNC 80/1234A", "born [erased], PNC [erased]"),
            ("called 07700 900123 from 12 Acre Lane, SW2 5SG", "called [erased] from [erased], [erased]"),
        ];
        for (text, want) in cases {
            assert_eq!(r.redact(text, Reach::Theirs).as_deref(), Some(want), "{text}");
        }
        assert_eq!(r.redact("Thomas Hartingtonshire", Reach::Theirs), None);
        assert_eq!(r.redact("nothing about him", Reach::Audit), None);
    }

    #[test]
    fn a_surname_alone_only_where_the_person_is_meant() {
        let r = Redactor::for_person(&thomas());
        assert_eq!(r.redact("Hartington ran off", Reach::Theirs).as_deref(), Some("[erased] ran off"));
        assert_eq!(r.redact("q=hartington", Reach::Audit).as_deref(), Some("q=[erased]"));
        assert_eq!(r.redact("Hartington ran off", Reach::Anywhere), None);
        assert_eq!(r.redact("Thomas Hartington ran off", Reach::Anywhere).as_deref(), Some("[erased] ran off"));
        // Nor a date or an address in someone else's record.
        assert_eq!(r.redact("on 1980-01-02 at 12 Acre Lane", Reach::Anywhere), None);
        // A brother on the same record keeps his surname.
        let mark: PersonDetails =
            serde_json::from_value(serde_json::json!({"names": [{"forenames": "Mark", "surname": "Hartington"}]}))
                .unwrap();
        let spared = r.sparing(&[&mark]);
        assert_eq!(
            spared.redact("Thomas Hartington and Mark Hartington", Reach::Theirs).as_deref(),
            Some("[erased] and Mark Hartington")
        );
    }

    #[test]
    fn json_and_event_text_are_redacted_in_place() {
        let r = Redactor::for_person(&thomas());
        let mut evidence =
            serde_json::json!({"fields": [{"field": "surname", "detail": "Hartingdon / Hartington"}], "score": 9.5});
        assert!(r.redact_json(&mut evidence, Reach::Theirs));
        assert_eq!(evidence["fields"][0]["detail"], "Hartingdon / [erased]");
        assert_eq!(evidence["score"], 9.5);
        let mut event: Event = serde_json::from_value(serde_json::json!({
            "id": "e1", "kind": "intelligence", "reference": "IR/26/0000001", "version": 1, "status": "high",
            "occurred_at": "2026-11-01T10:00:00Z", "summary": "Hartington supplying in Brixton",
            "people": [], "created_at": "2026-11-01T10:00:00Z", "updated_at": "2026-11-01T10:00:00Z",
            "provenance": {"entered_by": "dc.white", "entered_at": "2026-11-01T10:00:00Z"},
            "details": {"kind": "intelligence", "grading": {"scheme": "3x5x2", "source": 1, "intelligence": "B", "handling": "P"},
                        "priority": "high", "sanitised_text": "Subject Thomas Hartington (1980-01-02) is supplying"}
        }))
        .unwrap();
        assert!(r.redact_event(&mut event, Reach::Theirs));
        assert_eq!(event.summary, "[erased] supplying in Brixton");
        let EventDetails::Intelligence(d) = &event.details else { panic!() };
        assert_eq!(d.sanitised_text, "Subject [erased] ([erased]) is supplying");
    }

    #[test]
    fn needles_are_a_surname_or_the_longest_word() {
        let r = Redactor::for_person(&thomas());
        let anywhere = r.needles(Reach::Anywhere);
        assert_eq!(anywhere, ["0001234a", "0123", "07700900123", "1234a", "900123", "harte", "hartington"]);
        assert!(!anywhere.contains(&"1980".to_string()), "{anywhere:?}");
        assert!(r.needles(Reach::Audit).contains(&"1980".to_string()));
    }
}
