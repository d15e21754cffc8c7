//! Places by postcode, postcode district and the words of their address,
//! ranked as the place lookup ranks them (`PlaceQuery::score_alone`, the
//! score `score_by` gives, without writing why for every place), typos
//! forgiven. A place is a slot: its address lines sit in one shared string,
//! its postcode and words beside its district's other places (a search by
//! district or postcode reads them in order), and each address word knows
//! the places using it (a search by words alone starts there).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::districts::{distinct, outward, postcode, postcode_text, District, Postcode};
use super::ids::Ids;
use super::lines::{Line, Lines};
use super::place_words::PlaceWords;
use super::slots::Slots;
use super::PlaceFound;
use crate::domain::address_key::address_words;
use crate::domain::place::Place;
use crate::domain::place_lookup::{word_points, PlaceQuery};

/// Places scored at most for one query, as the lookup over the store did:
/// a vague query stays quick.
const CANDIDATES: usize = 5_000;

const NO_BOROUGH: u32 = u32::MAX;

/// What the index keeps of the place in a slot, besides its words.
#[derive(Clone, Copy, Default)]
struct Held {
    /// The address lines joined, without the postcode (`one_line` adds it).
    line: Line,
    borough: u32,
    district: u32,
    /// Its entry in the district.
    at: u32,
}

type Warnings = Box<[(&'static str, Option<NaiveDate>)]>;

#[derive(Default)]
pub(crate) struct PlaceIndex {
    slots: Slots,
    held: Vec<Held>,
    lines: Lines,
    /// Only the few places with warnings have an entry.
    warnings: HashMap<u32, Warnings>,
    districts: Vec<District>,
    district_at: HashMap<Box<str>, u32>,
    words: PlaceWords,
    boroughs: Vec<Box<str>>,
    borough_at: HashMap<Box<str>, u32>,
}

/// A place's address lines as `one_line` joins them, before the postcode.
fn joined(place: &Place) -> String {
    let lines: Vec<&str> = place.address.lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
    lines.join(", ")
}

impl PlaceIndex {
    pub(crate) fn set(&mut self, id: u128, place: &Place) {
        self.remove(id);
        let compact: String = place.address.postcode.chars().filter(|c| !c.is_whitespace()).collect();
        let words: Vec<u32> =
            address_words(&place.address.lines, &compact).iter().map(|w| self.words.intern(w)).collect();
        let slot = self.slots.take(id);
        for w in distinct(&words) {
            self.words.add_place(w);
        }
        let borough = match &place.address.borough {
            Some(b) => self.borough(b),
            None => NO_BOROUGH,
        };
        let code = postcode(&place.address.postcode);
        let district = self.district(outward(postcode_text(&code)));
        let at = self.districts[district as usize].add(slot, code, &words);
        let held = Held { line: self.lines.add(&joined(place)), borough, district, at };
        match self.held.get_mut(slot as usize) {
            Some(h) => *h = held,
            None => self.held.push(held),
        }
        if !place.warnings.is_empty() {
            let warnings = place.warnings.iter().map(|w| (w.category.label(), w.expires_on)).collect();
            self.warnings.insert(slot, warnings);
        }
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

    fn district(&mut self, code: &str) -> u32 {
        if let Some(d) = self.district_at.get(code) {
            return *d;
        }
        let d = u32::try_from(self.districts.len()).expect("fewer than 4 billion postcode districts");
        self.districts.push(District::default());
        self.district_at.insert(code.into(), d);
        d
    }

    pub(crate) fn remove(&mut self, id: u128) {
        let Some(slot) = self.slots.release(id) else { return };
        let gone = self.held[slot as usize];
        let district = &mut self.districts[gone.district as usize];
        for w in distinct(district.words(gone.at)) {
            self.words.remove_place(w);
        }
        let held = &mut self.held;
        district.remove(gone.at, |moved, at| held[moved as usize].at = at);
        let (slots, held) = (&self.slots, &mut self.held);
        self.lines.remove(gone.line, || {
            held.iter_mut()
                .enumerate()
                .filter(|(s, _)| slots.id(*s as u32).is_some())
                .map(|(_, h)| &mut h.line)
                .collect()
        });
        self.warnings.remove(&slot);
    }

    /// Gives back what growing left spare (after the build at start).
    pub(crate) fn shrink_to_fit(&mut self) {
        self.slots.shrink_to_fit();
        self.held.shrink_to_fit();
        self.lines.shrink_to_fit();
        self.districts.iter_mut().for_each(District::shrink_to_fit);
    }

    pub(crate) fn len(&self) -> usize {
        self.slots.len()
    }

    pub(crate) fn vocabulary(&self) -> usize {
        self.words.len()
    }

    pub(crate) fn words_held(&self) -> (usize, usize) {
        self.words.held()
    }

    pub(crate) fn slots_held(&self) -> usize {
        self.slots.held()
    }

    /// District entries held, in use or gone.
    #[cfg(test)]
    pub(crate) fn entries_held(&self) -> usize {
        self.districts.iter().map(District::held).sum()
    }

    /// The postcode and words of the place in `slot`.
    fn place(&self, slot: u32) -> (&Postcode, &[u32]) {
        let held = &self.held[slot as usize];
        let district = &self.districts[held.district as usize];
        (district.postcode(held.at), district.words(held.at))
    }

    /// The place's address in one line, as `domain::place::one_line` writes it.
    fn address(&self, slot: u32) -> String {
        let (code, _) = self.place(slot);
        let line = self.held[slot as usize].line;
        match line.is_empty() {
            true => postcode_text(code).to_string(),
            false => format!("{}, {}", self.lines.get(line), postcode_text(code)),
        }
    }

    /// Orders two places by their address in one line, without writing it.
    fn by_address(&self, a: u32, b: u32) -> std::cmp::Ordering {
        let bytes = |slot: u32| {
            let line = self.held[slot as usize].line;
            let code = postcode_text(self.place(slot).0).as_bytes();
            let comma: &[u8] = if line.is_empty() { b"" } else { b", " };
            self.lines.bytes(line).chain(comma.iter().chain(code).copied())
        };
        bytes(a).cmp(bytes(b))
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
        let mut score = |slot: u32, code: &Postcode, words: &[u32]| {
            let best = |i: usize| {
                let mut found = 0.0;
                for w in words {
                    if let Ok(at) = tables[i].binary_search_by_key(w, |(word, _)| *word) {
                        found = f64::max(found, tables[i][at].1);
                    }
                }
                found
            };
            if let Some(score) = query.score_alone(postcode_text(code), best) {
                scored.push(((score * 1000.0).round() / 1000.0, slot));
            }
            scored.len() < CANDIDATES
        };
        let in_district = |code: &str| self.district_at.get(outward(code)).map(|d| &self.districts[*d as usize]);
        if let Some(p) = query.postcode.as_deref().or(query.outward.as_deref()) {
            let wanted = query.postcode.as_deref().map(postcode);
            let Some(district) = in_district(p) else { return Vec::new() };
            for at in Self::worth_scoring(&tables, |w| district.using(w)).unwrap_or_else(|| district.entries()) {
                let Some((slot, code, words)) = district.place(at) else { continue };
                if wanted.is_none_or(|w| w == *code) && !score(slot, code, words) {
                    break;
                }
            }
        } else {
            'districts: for district in &self.districts {
                for at in Self::worth_scoring(&tables, |w| district.using(w)).unwrap_or_default() {
                    let Some((slot, code, words)) = district.place(at) else { continue };
                    if !score(slot, code, words) {
                        break 'districts;
                    }
                }
            }
        }
        // Best first, then by address, then by slot: only the page is sorted.
        let order = |a: &(f64, u32), b: &(f64, u32)| {
            b.0.total_cmp(&a.0).then_with(|| self.by_address(a.1, b.1)).then(a.1.cmp(&b.1))
        };
        if limit == 0 {
            return Vec::new();
        }
        if scored.len() > limit {
            scored.select_nth_unstable_by(limit - 1, order);
            scored.truncate(limit);
        }
        scored.sort_unstable_by(order);
        scored.into_iter().filter_map(|(score, slot)| self.hit(query, slot, score, today, ids)).collect()
    }

    /// The entries of a district worth scoring, ascending: those using a
    /// word that could match, from the typed words with the fewest places
    /// among enough of them that a place matching none of those could not
    /// reach the score the lookup asks (half). `None` when no word was
    /// typed: every place is worth it.
    fn worth_scoring<'a>(tables: &[Vec<(u32, f64)>], using: impl Fn(u32) -> &'a [u32]) -> Option<Vec<u32>> {
        let n = tables.len();
        if n == 0 {
            return None;
        }
        let mut sized: Vec<(usize, usize)> = tables
            .iter()
            .enumerate()
            .map(|(i, t)| (t.iter().map(|(w, _)| using(*w).len()).sum::<usize>(), i))
            .collect();
        sized.sort_unstable();
        let mut entries: Vec<u32> = Vec::new();
        for (_, i) in sized.into_iter().take(n / 2 + 1) {
            for (w, _) in &tables[i] {
                entries.extend_from_slice(using(*w));
            }
        }
        entries.sort_unstable();
        entries.dedup();
        Some(entries)
    }

    fn hit(&self, query: &PlaceQuery, slot: u32, score: f64, today: NaiveDate, ids: &Ids) -> Option<PlaceFound> {
        let id = self.slots.id(slot)?;
        let (code, words) = self.place(slot);
        // Why it matched, now in words: the best word of the place for each typed word.
        let (_, why) = query.score_by(postcode_text(code), |i| {
            let mut found = (0.0, None);
            for w in words {
                if let Some((points, how)) = word_points(&query.words[i], self.words.text(*w)) {
                    if points > found.0 {
                        found = (points, Some(how));
                    }
                }
            }
            found
        })?;
        let held = &self.held[slot as usize];
        let warnings = self.warnings.get(&slot).map_or(&[][..], |w| &w[..]);
        Some(PlaceFound {
            place_id: ids.text(id),
            address: self.address(slot),
            borough: (held.borough != NO_BOROUGH).then(|| self.boroughs[held.borough as usize].to_string()),
            warnings: warnings
                .iter()
                .filter(|(_, expires)| expires.is_none_or(|e| e >= today))
                .map(|(label, _)| label.to_string())
                .collect(),
            score,
            why,
        })
    }
}
