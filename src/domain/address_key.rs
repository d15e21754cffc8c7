//! The stable key of a place: the same address written two ways ("12 Acacia
//! Ave, SW2 1AA" and "12 ACACIA AVENUE SW21AA") gives one key, so it is one
//! place; a flat keeps its number, so two flats in one house are two places.
//!
//! The key is the postcode without its space, then the premises and street
//! in capitals with street types written out ("AVE" → "AVENUE"), punctuation
//! dropped, and the locality and town after the street left off (one writer
//! adds "Brixton, London", another does not).

use super::location::Address;

/// Abbreviations and the word they stand for (a word maps to itself so that
/// both spellings meet). `ST` is decided by where it stands: see `expand`.
const WORDS: &[(&str, &str)] = &[
    ("AVE", "AVENUE"),
    ("AV", "AVENUE"),
    ("RD", "ROAD"),
    ("LN", "LANE"),
    ("CL", "CLOSE"),
    ("CT", "COURT"),
    ("CRT", "COURT"),
    ("CRES", "CRESCENT"),
    ("CRESC", "CRESCENT"),
    ("DR", "DRIVE"),
    ("GDNS", "GARDENS"),
    ("GRN", "GREEN"),
    ("GRO", "GROVE"),
    ("GR", "GROVE"),
    ("PL", "PLACE"),
    ("SQ", "SQUARE"),
    ("TER", "TERRACE"),
    ("TERR", "TERRACE"),
    ("TCE", "TERRACE"),
    ("PDE", "PARADE"),
    ("HWY", "HIGHWAY"),
    ("MWS", "MEWS"),
    ("WY", "WAY"),
    ("WLK", "WALK"),
    ("BDWY", "BROADWAY"),
    ("PK", "PARK"),
    ("HSE", "HOUSE"),
    ("TWR", "TOWER"),
    ("EST", "ESTATE"),
    ("FLT", "FLAT"),
    ("APT", "FLAT"),
    ("APARTMENT", "FLAT"),
];

/// Words that end a street's name: what follows them is locality and town.
const THOROUGHFARES: &[&str] = &[
    "ROAD", "STREET", "AVENUE", "LANE", "CLOSE", "COURT", "CRESCENT", "DRIVE", "GARDENS", "GROVE", "PLACE", "SQUARE",
    "TERRACE", "PARADE", "HIGHWAY", "MEWS", "WAY", "WALK", "BROADWAY", "HILL", "ROW",
];

/// Whether a written-out word ends a street's name (ROAD, AVENUE…).
pub fn is_thoroughfare(word: &str) -> bool {
    THOROUGHFARES.contains(&word)
}

/// The words of one written segment (a line, or a part of one between
/// commas), capitals, apostrophes dropped, other punctuation a space.
fn words(segment: &str) -> Vec<String> {
    let cleaned: String = segment
        .chars()
        .filter(|c| *c != '\'' && *c != '’')
        .map(|c| if c.is_alphanumeric() { c.to_ascii_uppercase() } else { ' ' })
        .collect();
    cleaned.split_whitespace().map(str::to_string).collect()
}

/// Writes out abbreviations. `ST` at the end of a segment (or before a
/// locality, after a street name) is STREET; before a name it is SAINT
/// ("St John's Road").
fn expand(words: Vec<String>) -> Vec<String> {
    let n = words.len();
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if w == "ST" {
                let first = i == 0 || words[i - 1].chars().all(|c| c.is_ascii_digit());
                return if first && i + 1 < n { "SAINT".into() } else { "STREET".into() };
            }
            WORDS.iter().find(|(short, _)| short == w).map(|(_, long)| long.to_string()).unwrap_or_else(|| w.clone())
        })
        .collect()
}

/// The words of an address's lines, segment by segment, written out, with
/// the postcode left out wherever it was also typed into a line.
pub fn address_words(lines: &[String], compact_postcode: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in lines {
        for segment in line.split(',') {
            out.extend(expand(words(segment)));
        }
    }
    strip_postcode(&mut out, compact_postcode);
    out
}

fn strip_postcode(words: &mut Vec<String>, compact: &str) {
    if compact.is_empty() {
        return;
    }
    let mut i = 0;
    while i < words.len() {
        if words[i] == compact {
            words.remove(i);
        } else if i + 1 < words.len() && format!("{}{}", words[i], words[i + 1]) == compact {
            words.drain(i..i + 2);
        } else {
            i += 1;
        }
    }
}

/// The premises and street: the words up to the last street type, else all
/// but a trailing LONDON.
fn premises(mut words: Vec<String>) -> Vec<String> {
    if let Some(last) = words.iter().rposition(|w| THOROUGHFARES.contains(&w.as_str())) {
        words.truncate(last + 1);
    } else if words.last().is_some_and(|w| w == "LONDON") {
        words.pop();
    }
    words
}

/// The key of an address whose postcode is already normalised.
pub fn key(address: &Address) -> String {
    let compact: String = address.postcode.chars().filter(|c| !c.is_whitespace()).collect();
    let words = premises(address_words(&address.lines, &compact));
    format!("{compact}:{}", words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(lines: &[&str], postcode: &str) -> String {
        let mut a = Address {
            lines: lines.iter().map(|l| l.to_string()).collect(),
            postcode: postcode.into(),
            borough: None,
            lat: None,
            lon: None,
        };
        a.validate().unwrap();
        key(&a)
    }

    #[test]
    fn one_address_written_two_ways_is_one_key() {
        let first = at(&["12 Acacia Ave"], "SW2 1AA");
        assert_eq!(first, "SW21AA:12 ACACIA AVENUE");
        assert_eq!(at(&["12 ACACIA AVENUE SW21AA"], "sw21aa"), first);
        assert_eq!(at(&["12, Acacia Avenue.", "Brixton", "London"], "SW2 1AA"), first);
        assert_eq!(at(&["12 acacia av", "LONDON"], "SW2 1AA"), first);
    }

    #[test]
    fn flats_and_houses_stay_distinct() {
        let house = at(&["12 Acacia Ave"], "SW2 1AA");
        let flat = at(&["Flat 2", "12 Acacia Ave"], "SW2 1AA");
        assert_ne!(house, flat);
        assert_eq!(at(&["Apt 2, 12 Acacia Avenue"], "SW2 1AA"), flat);
        assert_ne!(at(&["Flat 3", "12 Acacia Ave"], "SW2 1AA"), flat);
        assert_ne!(at(&["14 Acacia Ave"], "SW2 1AA"), house);
        assert_ne!(at(&["12 Acacia Ave"], "SW2 1AB"), house);
    }

    #[test]
    fn st_is_street_at_the_end_and_saint_before_a_name() {
        assert_eq!(at(&["4 High St", "Brixton"], "SW9 8JA"), "SW98JA:4 HIGH STREET");
        assert_eq!(at(&["4 St John's Rd"], "SW9 8JA"), "SW98JA:4 SAINT JOHNS ROAD");
        assert_eq!(at(&["4 Saint Johns Road"], "SW9 8JA"), "SW98JA:4 SAINT JOHNS ROAD");
    }
}
