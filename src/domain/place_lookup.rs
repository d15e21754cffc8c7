//! Finding a place from what an operator types: a postcode (with or
//! without its space), an outward code, address words with typos
//! ("12 acacai ave sw2"), ranked, each hit saying why it matched.

use super::address_key::{address_words, is_thoroughfare};
use super::location::{is_outward, is_postcode, Address};
use super::FieldError;

/// What a lookup was read as.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlaceQuery {
    /// A whole postcode, normalised ("SW2 1AA").
    pub postcode: Option<String>,
    /// An outward code alone ("SW2"), when no whole postcode was typed.
    pub outward: Option<String>,
    /// The other words, written out as address keys write them.
    pub words: Vec<String>,
}

impl PlaceQuery {
    /// Reads the text of a lookup; refuses one with nothing to look for.
    pub fn read(text: &str) -> Result<PlaceQuery, FieldError> {
        if text.chars().count() > 200 {
            return Err(FieldError::new("q", "longer than 200 characters"));
        }
        let mut words = address_words(&[text.to_string()], "");
        let mut query = PlaceQuery::default();
        let mut i = 0;
        while i < words.len() {
            let pair = words.get(i + 1).map(|next| format!("{}{next}", words[i]));
            if is_postcode(&words[i]) && query.postcode.is_none() {
                let (outward, inward) = words[i].split_at(words[i].len() - 3);
                query.postcode = Some(format!("{outward} {inward}"));
                words.remove(i);
            } else if query.postcode.is_none() && pair.as_deref().is_some_and(is_postcode) {
                query.postcode = Some(format!("{} {}", words[i], words[i + 1]));
                words.drain(i..i + 2);
            } else {
                i += 1;
            }
        }
        if query.postcode.is_none() {
            if let Some(at) = words.iter().position(|w| is_outward(w.as_bytes()) && w.len() >= 2) {
                query.outward = Some(words.remove(at));
            }
        }
        query.words = words;
        if query.postcode.is_none() && query.outward.is_none() && query.words.iter().all(|w| w.len() < 2) {
            return Err(FieldError::new("q", "give a postcode or some words of the address"));
        }
        Ok(query)
    }

    /// Whether the text reads as an address rather than a name: it has a
    /// postcode or a postcode district, or a house number and a street
    /// type ("12 acacia ave"). The subject search asks places only then.
    pub fn is_address(&self) -> bool {
        let numbered = self.words.iter().any(|w| w.starts_with(|c: char| c.is_ascii_digit()));
        let street = self.words.iter().any(|w| is_thoroughfare(w));
        self.postcode.is_some() || self.outward.is_some() || (numbered && street)
    }

    /// How in words the query was read: "postcode SW2 1AA; words 12 ACACIA".
    pub fn reading(&self) -> String {
        let mut parts = Vec::new();
        if let Some(p) = &self.postcode {
            parts.push(format!("postcode {p}"));
        }
        if let Some(o) = &self.outward {
            parts.push(format!("postcode district {o}"));
        }
        if !self.words.is_empty() {
            parts.push(format!("address words {}", self.words.join(" ")));
        }
        parts.join("; ")
    }

    /// How well `address` answers the query (0 to 1), and why; `None` when
    /// it does not.
    pub fn score(&self, address: &Address) -> Option<(f64, Vec<String>)> {
        let compact: String = address.postcode.chars().filter(|c| !c.is_whitespace()).collect();
        let theirs = address_words(&address.lines, &compact);
        self.score_by(&address.postcode, |i| best(&self.words[i], theirs.iter().map(String::as_str)))
    }

    /// The score of a place at `postcode` given, for each typed word (by
    /// its position), the points of its best match among the place's words
    /// and how it matched (see `word_points`): shared by the lookup over
    /// stored addresses and the in-memory place index.
    pub fn score_by(
        &self,
        postcode: &str,
        mut best_of: impl FnMut(usize) -> (f64, Option<String>),
    ) -> Option<(f64, Vec<String>)> {
        let mut how: Vec<Option<String>> = Vec::with_capacity(self.words.len());
        let score = self.score_alone(postcode, |i| {
            let (points, said) = best_of(i);
            how.push(said);
            points
        })?;
        let mut why = Vec::new();
        if let Some(p) = &self.postcode {
            why.push(format!("postcode {p}"));
        }
        if let Some(o) = &self.outward {
            why.push(format!("postcode district {o}"));
        }
        why.extend(how.into_iter().flatten());
        Some((score, why))
    }

    /// The score alone, as `score_by` gives it, given the points of each
    /// typed word's best match: what ranking thousands of places needs,
    /// nothing written of why.
    pub fn score_alone(&self, postcode: &str, mut points_of: impl FnMut(usize) -> f64) -> Option<f64> {
        if self.postcode.as_deref().is_some_and(|p| p != postcode) {
            return None;
        }
        if let Some(o) = &self.outward {
            if postcode.split(' ').next() != Some(o.as_str()) {
                return None;
            }
        }
        if self.words.is_empty() {
            return Some(1.0);
        }
        let mut total = 0.0;
        for i in 0..self.words.len() {
            total += points_of(i);
        }
        let score = total / self.words.len() as f64;
        (score >= 0.5).then_some(score)
    }
}

/// How well one typed word matches one word of an address: its points and
/// how, or `None`. A house or flat number is right or wrong, never close.
pub fn word_points(word: &str, w: &str) -> Option<(f64, String)> {
    let numeric = word.chars().any(|c| c.is_ascii_digit());
    if w == word {
        Some((1.0, word.to_string()))
    } else if numeric {
        None
    } else if word.len() >= 3 && w.starts_with(word) {
        Some((0.8, format!("{word}… = {w}")))
    } else if word.len() >= 4 && strsim::osa_distance(word, w) == 1 {
        Some((0.7, format!("{word} ~ {w}")))
    } else if word.len() >= 7 && strsim::osa_distance(word, w) == 2 {
        Some((0.5, format!("{word} ~ {w}")))
    } else {
        None
    }
}

/// How well one typed word matches the best of an address's words.
fn best<'a>(word: &str, theirs: impl Iterator<Item = &'a str>) -> (f64, Option<String>) {
    let mut found = (0.0, None);
    for w in theirs {
        if let Some((points, how)) = word_points(word, w) {
            if points > found.0 {
                found = (points, Some(how));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(lines: &[&str], postcode: &str) -> Address {
        Address {
            lines: lines.iter().map(|l| l.to_string()).collect(),
            postcode: postcode.into(),
            borough: None,
            lat: None,
            lon: None,
        }
    }

    #[test]
    fn a_query_is_read_as_postcode_district_and_words() {
        let q = PlaceQuery::read("12 Acacia Ave, sw2 1aa").unwrap();
        assert_eq!(q.postcode.as_deref(), Some("SW2 1AA"));
        assert_eq!(q.words, ["12", "ACACIA", "AVENUE"]);
        let q = PlaceQuery::read("SW21AA").unwrap();
        assert_eq!(q.postcode.as_deref(), Some("SW2 1AA"));
        assert!(q.words.is_empty());
        let q = PlaceQuery::read("acacia avenue SW2").unwrap();
        assert_eq!(q.outward.as_deref(), Some("SW2"));
        assert!(q.is_address());
        assert!(PlaceQuery::read("12 acacia ave").unwrap().is_address());
        assert!(!PlaceQuery::read("john smith").unwrap().is_address());
        assert!(!PlaceQuery::read("smith 1985").unwrap().is_address());
        assert_eq!(PlaceQuery::read(" , ").unwrap_err().field, "q");
    }

    #[test]
    fn typos_are_forgiven_but_house_numbers_are_not() {
        let home = address(&["12 Acacia Avenue", "Brixton", "London"], "SW2 1AA");
        let (exact, _) = PlaceQuery::read("12 Acacia Avenue").unwrap().score(&home).unwrap();
        let (typo, why) = PlaceQuery::read("12 Acacai Avenue").unwrap().score(&home).unwrap();
        assert!(exact > typo && typo >= 0.5, "{exact} {typo}");
        assert!(why.iter().any(|w| w.contains("ACACAI ~ ACACIA")), "{why:?}");
        assert!(PlaceQuery::read("14 Acacia Avenue").unwrap().score(&home).unwrap().0 < exact);
        assert!(PlaceQuery::read("Acacia Avenue SW2 1AB").unwrap().score(&home).is_none());
        assert!(PlaceQuery::read("Mare Street").unwrap().score(&home).is_none());
        assert!(PlaceQuery::read("acac ave brixton").unwrap().score(&home).is_some());
    }
}
