//! What linkage compares, reduced from a person's details: folded name
//! tokens, their phonetic keys, dates of birth, postcodes and identifiers.
//! A person merged from several records keeps every variant seen.

use std::hash::{DefaultHasher, Hash, Hasher};

use crate::domain::dates::PartialDate;
use crate::domain::person::{IdentifierKind, PersonDetails, Sex};
use crate::matching::{name_tokens, primary_code, swapped_date, Nicknames};

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
        let surname: Vec<Token> = name_tokens(surname).into_iter().map(Token::new).collect();
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
            push_unique(&mut f.postcodes, a.address.postcode.replace(' ', ""));
        }
        for id in &details.identifiers {
            let list = match id.kind {
                IdentifierKind::Pnc => &mut f.pnc,
                IdentifierKind::Cro => &mut f.cro,
                IdentifierKind::NiNumber => &mut f.ni,
                IdentifierKind::Other => continue,
            };
            push_unique(list, id.value.clone());
        }
        for p in &details.phones {
            push_unique(&mut f.phones, p.number.clone());
        }
        f
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
    }

    /// Blocking keys: a record is compared only with persons sharing one.
    /// Hashed, so a million persons' blocks fit in memory.
    pub fn keys(&self) -> Vec<u64> {
        let mut keys = Vec::new();
        let mut push = |parts: &[&dyn std::fmt::Display]| {
            let mut h = DefaultHasher::new();
            for p in parts {
                p.to_string().hash(&mut h);
            }
            let k = h.finish();
            if !keys.contains(&k) {
                keys.push(k);
            }
        };
        for id in &self.pnc {
            push(&[&"p", id]);
        }
        for id in &self.cro {
            push(&[&"c", id]);
        }
        for id in &self.ni {
            push(&[&"n", id]);
        }
        for ph in &self.phones {
            push(&[&"t", ph]);
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
                    push(&[&"nm", &s.code, fc]);
                    push(&[&"nm", fc, &s.code]);
                }
            }
            // Every name word with the birth year or a postcode, so order
            // swaps and double-barrelled names still meet.
            let words = name.surname.iter().map(|t| t.code.clone()).chain(fcs.iter().cloned()).chain(sound);
            for code in words {
                for d in &self.dobs {
                    push(&[&"y", &code, &d.year]);
                }
                for pc in &self.postcodes {
                    push(&[&"a", &code, pc]);
                }
            }
            // A changed surname or a misspelt one: an initial with the whole date.
            let initials = first.into_iter().chain(name.surname.first()).filter_map(|t| t.text.chars().next());
            for initial in initials {
                for d in dates.iter().filter(|d| d.day.is_some()) {
                    push(&[&"d", &initial, d]);
                }
            }
        }
        keys
    }
}
