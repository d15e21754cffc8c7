//! Places by postcode, postcode district and the words of their address,
//! ranked as the place lookup ranks them (`PlaceQuery::score_alone`, the
//! score `score_by` gives, without writing why for every place), typos
//! forgiven. Each place keeps what a hit shows (its address in one line,
//! borough, warnings with their expiry) and its words as ids.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use super::ids::Ids;
use super::place_words::PlaceWords;
use super::PlaceFound;
use crate::domain::address_key::address_words;
use crate::domain::place::{one_line, Place};
use crate::domain::place_lookup::{word_points, PlaceQuery};

/// Places scored at most for one query (in the order they were indexed),
/// as the lookup over the store did: a vague query stays quick.
const CANDIDATES: usize = 5_000;

/// "SW2 1AA", padded with zeros (a postcode has at most 8 characters).
type Postcode = [u8; 8];

fn postcode(text: &str) -> Postcode {
    let mut p = [0u8; 8];
    let bytes = text.as_bytes();
    let n = bytes.len().min(8);
    p[..n].copy_from_slice(&bytes[..n]);
    p
}

fn postcode_text(p: &Postcode) -> &str {
    let len = p.iter().position(|b| *b == 0).unwrap_or(p.len());
    std::str::from_utf8(&p[..len]).unwrap_or_default()
}

const NO_BOROUGH: u32 = u32::MAX;

struct Entry {
    id: u128,
    postcode: Postcode,
    line: Box<str>,
    words: Box<[u32]>,
    borough: u32,
    warnings: Box<[(&'static str, Option<NaiveDate>)]>,
}

#[derive(Default)]
pub(crate) struct PlaceIndex {
    slots: Vec<Option<Entry>>,
    free: Vec<u32>,
    slot_of: HashMap<u128, u32>,
    by_postcode: BTreeSet<(Postcode, u32)>,
    words: PlaceWords,
    boroughs: Vec<Box<str>>,
    borough_at: HashMap<Box<str>, u32>,
}

impl PlaceIndex {
    pub(crate) fn set(&mut self, id: u128, place: &Place) {
        self.remove(id);
        let compact: String = place.address.postcode.chars().filter(|c| !c.is_whitespace()).collect();
        let mut words: Vec<u32> =
            address_words(&place.address.lines, &compact).iter().map(|w| self.words.intern(w)).collect();
        let slot = match self.free.pop() {
            Some(slot) => slot,
            None => {
                self.slots.push(None);
                u32::try_from(self.slots.len() - 1).unwrap_or(u32::MAX)
            }
        };
        let mut distinct = words.clone();
        distinct.sort_unstable();
        distinct.dedup();
        for w in distinct {
            self.words.add_place(w, slot);
        }
        words.shrink_to_fit();
        let borough = match &place.address.borough {
            Some(b) => self.borough(b),
            None => NO_BOROUGH,
        };
        let code = postcode(&place.address.postcode);
        self.by_postcode.insert((code, slot));
        self.slot_of.insert(id, slot);
        self.slots[slot as usize] = Some(Entry {
            id,
            postcode: code,
            line: one_line(&place.address).into(),
            words: words.into_boxed_slice(),
            borough,
            warnings: place.warnings.iter().map(|w| (w.category.label(), w.expires_on)).collect(),
        });
    }

    fn borough(&mut self, name: &str) -> u32 {
        if let Some(b) = self.borough_at.get(name) {
            return *b;
        }
        let b = u32::try_from(self.boroughs.len()).unwrap_or(NO_BOROUGH);
        self.boroughs.push(name.into());
        self.borough_at.insert(name.into(), b);
        b
    }

    pub(crate) fn remove(&mut self, id: u128) {
        let Some(slot) = self.slot_of.remove(&id) else { return };
        if let Some(entry) = self.slots[slot as usize].take() {
            self.by_postcode.remove(&(entry.postcode, slot));
            let mut distinct = entry.words.to_vec();
            distinct.sort_unstable();
            distinct.dedup();
            for w in distinct {
                self.words.remove_place(w, slot);
            }
        }
        self.free.push(slot);
    }

    pub(crate) fn len(&self) -> usize {
        self.slot_of.len()
    }

    pub(crate) fn vocabulary(&self) -> usize {
        self.words.len()
    }

    pub(crate) fn words_held(&self) -> (usize, usize) {
        self.words.held()
    }

    pub(crate) fn slots_held(&self) -> usize {
        self.slots.len()
    }

    /// The places that answer `query`, best first, at most `limit`.
    pub(crate) fn ranked(&self, query: &PlaceQuery, limit: usize, today: NaiveDate, ids: &Ids) -> Vec<PlaceFound> {
        // Each typed word's matches among the address words, ordered by word
        // so a place's words are looked up in them without hashing.
        let tables: Vec<Vec<(u32, f64)>> = query
            .words
            .iter()
            .map(|w| {
                let mut matches = self.words.matches(w);
                matches.sort_unstable_by_key(|(word, _)| *word);
                matches
            })
            .collect();
        let mut scored: Vec<(f64, u32)> = Vec::new();
        for slot in self.candidates(query, &tables) {
            let Some(entry) = &self.slots[slot as usize] else { continue };
            let best = |i: usize| {
                let mut found = 0.0;
                for w in entry.words.iter() {
                    if let Ok(at) = tables[i].binary_search_by_key(w, |(word, _)| *word) {
                        found = f64::max(found, tables[i][at].1);
                    }
                }
                found
            };
            if let Some(score) = query.score_alone(postcode_text(&entry.postcode), best) {
                scored.push(((score * 1000.0).round() / 1000.0, slot));
                if scored.len() >= CANDIDATES {
                    break;
                }
            }
        }
        let line = |slot: u32| self.slots[slot as usize].as_ref().map_or("", |e| &e.line);
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| line(a.1).cmp(line(b.1))));
        scored.truncate(limit);
        scored.into_iter().filter_map(|(score, slot)| self.hit(query, slot, score, today, ids)).collect()
    }

    /// The slots worth scoring: those at the postcode or in the district;
    /// else those using a word that could match, from the typed words with
    /// the fewest places among enough of them that a place matching none
    /// of those could not reach the score the lookup asks (half).
    fn candidates(&self, query: &PlaceQuery, tables: &[Vec<(u32, f64)>]) -> Vec<u32> {
        let ranged = |prefix: &[u8]| -> Vec<u32> {
            self.by_postcode
                .range((postcode(std::str::from_utf8(prefix).unwrap_or_default()), 0)..)
                .take_while(|(p, _)| p.starts_with(prefix))
                .map(|(_, slot)| *slot)
                .collect()
        };
        if let Some(p) = &query.postcode {
            return ranged(postcode(p).as_slice()).into_iter().filter(|s| self.is_at(*s, p)).collect();
        }
        if let Some(o) = &query.outward {
            let mut slots = ranged(format!("{o} ").as_bytes());
            slots.sort_unstable();
            return slots;
        }
        let n = tables.len();
        let needed = n.div_ceil(2);
        let mut sized: Vec<(usize, usize)> = tables
            .iter()
            .enumerate()
            .map(|(i, t)| (t.iter().map(|(w, _)| self.words.places(*w).len()).sum::<usize>(), i))
            .collect();
        sized.sort_unstable();
        let mut slots: Vec<u32> = Vec::new();
        for (_, i) in sized.into_iter().take(n + 1 - needed.max(1)) {
            for (w, _) in &tables[i] {
                slots.extend_from_slice(self.words.places(*w));
            }
        }
        slots.sort_unstable();
        slots.dedup();
        slots
    }

    fn is_at(&self, slot: u32, code: &str) -> bool {
        self.slots[slot as usize].as_ref().is_some_and(|e| postcode_text(&e.postcode) == code)
    }

    fn hit(&self, query: &PlaceQuery, slot: u32, score: f64, today: NaiveDate, ids: &Ids) -> Option<PlaceFound> {
        let entry = self.slots[slot as usize].as_ref()?;
        // Why it matched, now in words: the best word of the place for each typed word.
        let (_, why) = query.score_by(postcode_text(&entry.postcode), |i| {
            let mut found = (0.0, None);
            for w in entry.words.iter() {
                if let Some((points, how)) = word_points(&query.words[i], self.words.text(*w)) {
                    if points > found.0 {
                        found = (points, Some(how));
                    }
                }
            }
            found
        })?;
        Some(PlaceFound {
            place_id: ids.text(entry.id),
            address: entry.line.to_string(),
            borough: (entry.borough != NO_BOROUGH).then(|| self.boroughs[entry.borough as usize].to_string()),
            warnings: entry
                .warnings
                .iter()
                .filter(|(_, expires)| expires.is_none_or(|e| e >= today))
                .map(|(label, _)| label.to_string())
                .collect(),
            score,
            why,
        })
    }
}
