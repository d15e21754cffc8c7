//! What linkage compares, reduced from a person's details: folded name
//! tokens, their phonetic keys, dates of birth, postcodes and identifiers.
//! A person merged from several records keeps every variant seen.

use rphonetic::DoubleMetaphone;

use crate::domain::dates::PartialDate;
use crate::domain::person::{IdentifierKind, PersonDetails, Sex};
use crate::search::Nicknames;

#[derive(Debug, Clone, Default)]
pub struct NameForm {
    pub forenames: Vec<String>,
    pub surname: Vec<String>,
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

/// The ASCII letters an accented letter folds to (Öztürk is "ozturk").
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' | 'ģ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' | 'į' => "i",
        'ł' | 'ľ' | 'ļ' => "l",
        'ñ' | 'ń' | 'ň' | 'ņ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// Lower-case ASCII tokens; accents folded, apostrophes dropped, other marks break.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if matches!(c, '\'' | '’' | '`') {
            continue;
        }
        if c.is_ascii_lowercase() {
            current.push(c);
        } else if let Some(letters) = fold(c) {
            current.push_str(letters);
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

pub fn phonetic(token: &str) -> String {
    if token.len() < 2 {
        return token.to_string();
    }
    DoubleMetaphone::new(Some(6)).double_metaphone(token).primary()
}

/// One name for a nickname group (Bill, Will, William → the first in
/// alphabetical order), so short forms share blocks with full forms.
pub fn canonical_forename(token: &str) -> String {
    let mut best = token.to_string();
    for v in Nicknames::shipped().variants(token) {
        if v < best.as_str() {
            best = v.to_string();
        }
    }
    best
}

fn push_unique<T: PartialEq>(list: &mut Vec<T>, value: T) {
    if !list.contains(&value) {
        list.push(value);
    }
}

impl Features {
    pub fn of(details: &PersonDetails) -> Self {
        let mut f = Features { sex: details.sex, ..Default::default() };
        f.add(details);
        f
    }

    /// Adds the variants of another record of the same person.
    pub fn add(&mut self, details: &PersonDetails) {
        for n in &details.names {
            let form = NameForm { forenames: tokens(&n.forenames), surname: tokens(&n.surname) };
            if !self.names.iter().any(|x| x.forenames == form.forenames && x.surname == form.surname) {
                self.names.push(form);
            }
        }
        if let Some(d) = details.date_of_birth {
            push_unique(&mut self.dobs, d);
        }
        if self.sex.is_none() {
            self.sex = details.sex;
        }
        for a in &details.addresses {
            push_unique(&mut self.postcodes, a.address.postcode.replace(' ', ""));
        }
        for id in &details.identifiers {
            let list = match id.kind {
                IdentifierKind::Pnc => &mut self.pnc,
                IdentifierKind::Cro => &mut self.cro,
                IdentifierKind::NiNumber => &mut self.ni,
                IdentifierKind::Other => continue,
            };
            push_unique(list, id.value.clone());
        }
        for p in &details.phones {
            push_unique(&mut self.phones, p.number.clone());
        }
    }

    /// Blocking keys: a record is compared only with persons sharing one.
    pub fn keys(&self) -> Vec<String> {
        let mut keys = Vec::new();
        for id in &self.pnc {
            keys.push(format!("p:{id}"));
        }
        for id in &self.cro {
            keys.push(format!("c:{id}"));
        }
        for id in &self.ni {
            keys.push(format!("n:{id}"));
        }
        let years: Vec<i32> = self.dobs.iter().map(|d| d.year).collect();
        for name in &self.names {
            // Every name word with the birth year, so order swaps and
            // double-barrelled names still meet.
            let first = name.forenames.first().map(|t| canonical_forename(t));
            // The whole name, for records with neither date nor address.
            if let Some(f) = &first {
                let fc = phonetic(f);
                for s in &name.surname {
                    let sc = phonetic(s);
                    push_unique(&mut keys, format!("n:{sc}:{fc}"));
                    push_unique(&mut keys, format!("n:{fc}:{sc}"));
                }
            }
            let words = name.surname.iter().cloned().chain(first.clone());
            for word in words {
                let code = phonetic(&word);
                for y in &years {
                    push_unique(&mut keys, format!("y:{code}:{y}"));
                }
                for pc in &self.postcodes {
                    push_unique(&mut keys, format!("a:{code}:{pc}"));
                }
            }
            // A changed surname: the forename's initial with the whole date.
            if let Some(initial) = first.as_ref().and_then(|f| f.chars().next()) {
                for d in &self.dobs {
                    push_unique(&mut keys, format!("d:{initial}:{d}"));
                }
            }
            if let Some(initial) = name.surname.first().and_then(|s| s.chars().next()) {
                for d in &self.dobs {
                    push_unique(&mut keys, format!("d:{initial}:{d}"));
                }
            }
        }
        // Day and month swapped: the same keys under the swapped date.
        for d in &self.dobs {
            if let (Some(m), Some(day)) = (d.month, d.day) {
                if day <= 12 {
                    let swapped = PartialDate { year: d.year, month: Some(day), day: Some(m) };
                    for name in &self.names {
                        if let Some(s) = name.surname.first().and_then(|s| s.chars().next()) {
                            push_unique(&mut keys, format!("d:{s}:{swapped}"));
                        }
                    }
                }
            }
        }
        keys
    }
}
