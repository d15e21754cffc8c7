//! What linkage compares, reduced from a person's details: folded name
//! tokens, their phonetic keys, dates of birth, postcodes, address lines and
//! identifiers. A person merged from several records keeps every variant seen.

use std::collections::HashSet;
use std::fmt::Write;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::domain::dates::PartialDate;
use crate::domain::person::{IdentifierKind, PersonDetails, Sex};
use crate::matching::{name_tokens, primary_code, swapped_date, Nicknames};

/// The surname a person is recorded under when none is known.
pub const UNKNOWN_SURNAME: &str = "Unknown";

/// A surname's words as linkage compares and counts them: none for a
/// surname recorded as unknown.
pub(super) fn surname_words(surname: &str) -> Vec<String> {
    if surname.trim().eq_ignore_ascii_case(UNKNOWN_SURNAME) {
        return Vec::new();
    }
    name_tokens(surname)
}

/// A name word with what comparisons need of it, worked out once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    /// Double metaphone primary key.
    pub code: String,
    /// The nickname groups it belongs to (forenames only).
    pub groups: Vec<u32>,
}

impl Token {
    /// A name word, forename or surname: a surname keeps the nickname
    /// groups it would have as a forename, for names recorded in the wrong order.
    fn new(text: String) -> Self {
        let groups = Nicknames::shipped().groups_of(&text).to_vec();
        Self { code: primary_code(&text), groups, text }
    }
}

#[derive(Debug, Clone, Default)]
pub struct NameForm {
    pub forenames: Vec<Token>,
    pub surname: Vec<Token>,
    /// The surname's words run together (Smith-Jones as "smithjones").
    pub joined: Token,
    /// The forenames run together, for names recorded in the wrong order.
    pub forenames_joined: Token,
}

impl NameForm {
    pub fn new(forenames: &str, surname: &str) -> Self {
        let surname: Vec<Token> = surname_words(surname).into_iter().map(Token::new).collect();
        let joined = Token::new(surname.iter().map(|t| t.text.as_str()).collect());
        let forenames: Vec<Token> = name_tokens(forenames).into_iter().map(Token::new).collect();
        let forenames_joined = Token { text: forenames.iter().map(|t| t.text.as_str()).collect(), ..Token::default() };
        Self { forenames, surname, joined, forenames_joined }
    }

    pub fn forenames_text(&self) -> String {
        self.forenames.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" ")
    }

    pub fn surname_text(&self) -> String {
        self.surname.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" ")
    }
}

/// What a row gave that the domain's rules left out of its person, but
/// that still says whether two records are one person: linkage compares it
/// as the source gave it.
#[derive(Debug, Clone, Default)]
pub struct LeftOut {
    /// An address whose postcode is no UK postcode, say: lines and postcode.
    pub address: Option<(Vec<String>, String)>,
    /// A real date no living person was born on (before 1900, or to come).
    pub date_of_birth: Option<PartialDate>,
}

#[derive(Debug, Clone, Default)]
pub struct Features {
    pub names: Vec<NameForm>,
    pub dobs: Vec<PartialDate>,
    pub sex: Option<Sex>,
    pub postcodes: Vec<String>,
    pub pnc: Vec<String>,
    pub cro: Vec<String>,
    pub ni: Vec<String>,
    pub phones: Vec<String>,
    /// Identifiers of kind `other`: (label, folded; value), compared only
    /// between the same labels.
    pub others: Vec<(String, String)>,
    /// Address lines read as a house number, a street and the places around it.
    pub streets: Vec<Street>,
}

/// An address's lines as linkage reads them: "12a Acacia Road, Leyton" is
/// number "12a", street "acacia road" and place "leyton".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Street {
    pub number: String,
    pub street: String,
    /// The lines after the street (locality, town), folded.
    pub places: Vec<String>,
}

/// Lower-case letters and digits, words single-spaced.
fn fold(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Words that open a line naming a flat within a building.
const UNIT_WORDS: [&str; 5] = ["flat", "apartment", "apt", "unit", "room"];

impl Street {
    /// Reads address lines: a flat ("Flat 4") and the first word holding a
    /// digit make the house number, the rest of that line (or the next line,
    /// for a number alone) the street. Without a numbered line, the first
    /// line after the flat is the street (a named building).
    pub fn of(lines: &[String]) -> Option<Self> {
        let mut lines: Vec<String> = lines.iter().map(|l| fold(l)).filter(|l| !l.is_empty()).collect();
        let unit = match lines.first() {
            Some(first) if UNIT_WORDS.contains(&first.split(' ').next().unwrap_or_default()) => Some(lines.remove(0)),
            _ => None,
        };
        let numbered =
            lines.iter().position(|l| l.split(' ').next().is_some_and(|w| w.chars().any(|c| c.is_ascii_digit())));
        let (number, street, after) = match numbered {
            Some(i) => {
                let (word, rest) = lines[i].split_once(' ').unwrap_or((&lines[i], ""));
                if rest.is_empty() {
                    (word.to_string(), lines.get(i + 1).cloned().unwrap_or_default(), i + 2)
                } else {
                    (word.to_string(), rest.to_string(), i + 1)
                }
            }
            None => (String::new(), lines.first().cloned().unwrap_or_default(), 1),
        };
        let number = [unit.unwrap_or_default(), number].join(" ").trim().to_string();
        if number.is_empty() && street.is_empty() {
            return None;
        }
        Some(Street { number, street, places: lines.get(after..).unwrap_or_default().to_vec() })
    }
}

/// What a forename stands for in blocking: its nickname groups, or its
/// sound when it has none, so Bill meets William and Joe meets Joseph.
pub fn forename_keys(token: &Token) -> Vec<String> {
    if token.groups.is_empty() {
        vec![token.code.clone()]
    } else {
        token.groups.iter().map(|g| format!("g{g}")).collect()
    }
}

/// The kinds of blocking key, each a key's first part.
pub const KEY_KINDS: [&str; 10] = ["p", "c", "n", "o", "t", "d", "s", "a", "y", "nm"];

fn push_unique<T: PartialEq>(list: &mut Vec<T>, value: T) {
    if !list.contains(&value) {
        list.push(value);
    }
}

impl Features {
    pub fn of(details: &PersonDetails) -> Self {
        let mut f = Features { sex: details.sex, ..Default::default() };
        for n in &details.names {
            f.push_name(NameForm::new(&n.forenames, &n.surname));
        }
        if let Some(d) = details.date_of_birth {
            f.dobs.push(d);
        }
        for a in &details.addresses {
            f.push_address(&a.address.lines, &a.address.postcode);
        }
        for id in &details.identifiers {
            let list = match id.kind {
                IdentifierKind::Pnc => &mut f.pnc,
                IdentifierKind::Cro => &mut f.cro,
                IdentifierKind::NiNumber => &mut f.ni,
                IdentifierKind::Other => {
                    let label = id.label.as_deref().map(fold).unwrap_or_default();
                    push_unique(&mut f.others, (label, id.value.trim().to_ascii_uppercase()));
                    continue;
                }
            };
            push_unique(list, id.value.clone());
        }
        for p in &details.phones {
            push_unique(&mut f.phones, p.number.clone());
        }
        f
    }

    /// A row's features: its details', and what was left out of them,
    /// still compared as the source gave it.
    pub fn of_row(details: &PersonDetails, left_out: &LeftOut) -> Self {
        let mut f = Self::of(details);
        if let Some((lines, postcode)) = &left_out.address {
            f.push_address(lines, postcode);
        }
        if let Some(dob) = left_out.date_of_birth {
            push_unique(&mut f.dobs, dob);
        }
        f
    }

    /// An address, by its lines and postcode as given (a postcode that is
    /// no UK postcode still compares as text).
    pub fn push_address(&mut self, lines: &[String], postcode: &str) {
        let postcode: String = postcode.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
        if !postcode.is_empty() {
            push_unique(&mut self.postcodes, postcode);
        }
        if let Some(street) = Street::of(lines) {
            push_unique(&mut self.streets, street);
        }
    }

    /// A name form, unless one of the same words is held already.
    fn push_name(&mut self, form: NameForm) {
        if !self.names.iter().any(|x| x.forenames == form.forenames && x.surname == form.surname) {
            self.names.push(form);
        }
    }

    /// Takes in the variants of another record of the same person, or of a
    /// person joined into this one.
    pub fn absorb(&mut self, other: Features) {
        for form in other.names {
            self.push_name(form);
        }
        for d in other.dobs {
            push_unique(&mut self.dobs, d);
        }
        self.sex = self.sex.or(other.sex);
        for (mine, theirs) in [
            (&mut self.postcodes, other.postcodes),
            (&mut self.pnc, other.pnc),
            (&mut self.cro, other.cro),
            (&mut self.ni, other.ni),
            (&mut self.phones, other.phones),
        ] {
            for v in theirs {
                push_unique(mine, v);
            }
        }
        for v in other.others {
            push_unique(&mut self.others, v);
        }
        for v in other.streets {
            push_unique(&mut self.streets, v);
        }
    }

    /// Blocking keys: a record is compared only with persons sharing one.
    /// Hashed, so a million persons' blocks fit in memory.
    pub fn keys(&self) -> Vec<u64> {
        self.tagged_keys().into_iter().map(|(_, k)| k).collect()
    }

    /// Blocking keys with the kind of each (its first part: "p" a PNC ID,
    /// "nm" a whole name, "d" an initial and a date…), which says what two
    /// records sharing it agree on by construction.
    pub fn tagged_keys(&self) -> Vec<(&'static str, u64)> {
        let mut keys: Vec<(&'static str, u64)> = Vec::new();
        // Each part is written out into one buffer and hashed as the string
        // it reads as, allocating nothing per key; the keys already pushed
        // are found again through a set once they are many.
        let mut text = String::new();
        let mut pushed: HashSet<u64> = HashSet::new();
        let mut push = |tag: &'static str, parts: &[&dyn std::fmt::Display]| {
            let mut h = DefaultHasher::new();
            tag.hash(&mut h);
            for p in parts {
                text.clear();
                let _ = write!(text, "{p}");
                text.as_str().hash(&mut h);
            }
            let k = h.finish();
            let known = if keys.len() < 16 { keys.iter().any(|(_, x)| *x == k) } else { !pushed.insert(k) };
            if !known {
                keys.push((tag, k));
                if keys.len() == 16 {
                    pushed.extend(keys.iter().map(|(_, x)| *x));
                }
            }
        };
        for id in &self.pnc {
            push("p", &[id]);
        }
        for id in &self.cro {
            push("c", &[id]);
        }
        for id in &self.ni {
            push("n", &[id]);
        }
        for ph in &self.phones {
            push("t", &[ph]);
        }
        for (label, value) in &self.others {
            push("o", &[label, value]);
        }
        // A house and street, for records whose names are misspelt.
        for s in self.streets.iter().filter(|s| !s.number.is_empty() && !s.street.is_empty()) {
            push("s", &[&s.number, &s.street]);
        }
        let mut dates: Vec<PartialDate> = self.dobs.clone();
        // Day and month swapped: the same keys under the swapped date.
        for d in &self.dobs {
            if let Some(swapped) = swapped_date(*d) {
                push_unique(&mut dates, swapped);
            }
        }
        for name in &self.names {
            let first = name.forenames.first();
            // The whole name, for records with neither date nor address,
            // and the other way round for names recorded in the wrong order.
            // A forename stands by its sound too, to meet a record that has it
            // as the surname.
            let fcs = first.map(forename_keys).unwrap_or_default();
            let sound = first.filter(|t| !t.groups.is_empty()).map(|t| t.code.clone());
            for fc in fcs.iter().chain(&sound) {
                for s in &name.surname {
                    push("nm", &[&s.code, fc]);
                    push("nm", &[fc, &s.code]);
                }
            }
            // Every name word with the birth year or a postcode, so order
            // swaps and double-barrelled names still meet.
            let words = name.surname.iter().map(|t| t.code.clone()).chain(fcs.iter().cloned()).chain(sound);
            for code in words {
                for d in &self.dobs {
                    push("y", &[&code, &d.year]);
                }
                for pc in &self.postcodes {
                    push("a", &[&code, pc]);
                }
            }
            // A changed surname or a misspelt one: an initial with the whole date.
            let initials = first.into_iter().chain(name.surname.first()).filter_map(|t| t.text.chars().next());
            for initial in initials {
                for d in dates.iter().filter(|d| d.day.is_some()) {
                    push("d", &[&initial, d]);
                }
            }
        }
        keys
    }
}
