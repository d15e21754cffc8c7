//! The subject index itself: entries in slots addressed by internal
//! ordinals (freed ordinals are reused), the name-token vocabulary with its
//! postings, exact maps for identifiers and dates of birth, and the search
//! that puts them together.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::domain::identifiers::{display_vrm, parse_cro, parse_phone, parse_pnc};

use super::candidates::{self, Term};
use super::dob;
use super::encoded::{self, MAX_PART};
use super::hash::key32;
use super::ids::MultiMap;
use super::nicknames::Nicknames;
use super::normalise::{compact, name_tokens, surname_tokens};
use super::query::{self, ParsedQuery};
use super::rank;
use super::vocab::Vocab;
use super::{Hit, SubjectDisplay, SubjectEntry, SubjectQuery};

/// An exact identifier scores above any name match, so it always comes first.
const IDENTIFIER_SCORE: f32 = 2.0;
/// A date-of-birth-only query: the date is all there is.
const DOB_ONLY_SCORE: f32 = 0.7;
/// The most hits one query returns, whatever limit is asked for.
const MAX_LIMIT: usize = 500;

/// Sizes of the index's parts, for health checks and benchmarks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct IndexStats {
    pub entries: usize,
    /// Slots freed by removals, waiting for reuse.
    pub free_slots: usize,
    /// Distinct name tokens.
    pub tokens: usize,
    /// Entry references from name tokens.
    pub postings: usize,
    pub phonetic_keys: usize,
    pub deletion_keys: usize,
    pub exact_keys: usize,
}

struct Slot {
    entry: SubjectEntry,
    names: Box<[u32]>,
}

/// The in-memory subject index. See the module documentation for how a
/// query is answered.
#[derive(Default)]
pub struct SubjectIndex {
    /// Boxed, so the table itself stays at 8 bytes a slot as it grows.
    slots: Vec<Option<Box<Slot>>>,
    /// Each slot's date of birth, packed, for the quick candidate estimate.
    dobs: Vec<u32>,
    free: Vec<u32>,
    /// Hash of the id to its slot; verified against the entry's id.
    by_id: MultiMap<u32>,
    live: usize,
    vocab: Vocab,
    /// Hash of a compact identifier key to the slots holding it; verified
    /// against the entry on lookup, so a hash collision cannot mislead.
    exact: MultiMap<u32>,
    /// Full dates of birth (packed) to slots, for a query that is only a date.
    by_dob: MultiMap<u32>,
    /// None: the shipped table.
    nicknames: Option<Arc<Nicknames>>,
}

/// One exact key an entry can be found by, and how to say so.
struct ExactKey {
    key: String,
    label: &'static str,
    shown: String,
}

fn exact_keys(entry: &SubjectEntry) -> Vec<ExactKey> {
    let mut keys = Vec::new();
    for id in &entry.identifiers {
        // The parsers slice by byte: only ASCII text may reach them.
        let ascii = id.is_ascii();
        let (label, shown) = if let Some(pnc) = ascii.then(|| parse_pnc(id).ok()).flatten() {
            ("PNC ID", pnc)
        } else if let Some(cro) = ascii.then(|| parse_cro(id).ok()).flatten() {
            ("CRO", cro)
        } else if let Ok(phone) = parse_phone(id) {
            ("phone", phone)
        } else {
            ("identifier", id.trim().to_string())
        };
        keys.push(ExactKey { key: compact(&shown), label, shown });
    }
    for vrm in &entry.vrms {
        keys.push(ExactKey { key: compact(vrm), label: "VRM", shown: display_vrm(&compact(vrm)) });
    }
    for reference in &entry.references {
        keys.push(ExactKey { key: compact(reference), label: "reference", shown: reference.trim().to_string() });
    }
    keys.retain(|k| !k.key.is_empty());
    keys
}

/// Gives back spare capacity: a million entries are held for the life of
/// the server, and strings built up piece by piece carry slack.
fn shrink(entry: &mut SubjectEntry) {
    entry.id.shrink_to_fit();
    entry.names.shrink_to_fit();
    for name in &mut entry.names {
        name.forenames.shrink_to_fit();
        name.surname.shrink_to_fit();
    }
    for list in [&mut entry.identifiers, &mut entry.vrms, &mut entry.references] {
        list.shrink_to_fit();
        list.iter_mut().for_each(String::shrink_to_fit);
    }
    let display = &mut entry.display;
    display.name.shrink_to_fit();
    if let Some(area) = &mut display.area {
        area.shrink_to_fit();
    }
    display.markers.shrink_to_fit();
}

fn hit_order(a: &Hit, b: &Hit) -> Ordering {
    b.score.total_cmp(&a.score).then_with(|| a.display.name.cmp(&b.display.name)).then_with(|| a.id.cmp(&b.id))
}

impl SubjectIndex {
    /// An empty index with the shipped nickname table.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty index with a force's own nickname table.
    pub fn with_nicknames(table: Nicknames) -> Self {
        Self { nicknames: Some(Arc::new(table)), ..Self::default() }
    }

    /// Builds the index from every entry at once.
    pub fn build(entries: impl IntoIterator<Item = SubjectEntry>) -> Self {
        let mut index = Self::new();
        let entries = entries.into_iter();
        let (low, _) = entries.size_hint();
        index.slots.reserve(low);
        index.dobs.reserve(low);
        index.by_id.reserve(low);
        index.exact.reserve(low * 2);
        for entry in entries {
            index.upsert(entry);
        }
        index
    }

    fn nicknames(&self) -> &Nicknames {
        self.nicknames.as_deref().unwrap_or_else(|| Nicknames::shipped())
    }

    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    pub fn stats(&self) -> IndexStats {
        let (postings, phonetic_keys, deletion_keys) = self.vocab.sizes();
        IndexStats {
            entries: self.live,
            free_slots: self.free.len(),
            tokens: self.vocab.len(),
            postings,
            phonetic_keys,
            deletion_keys,
            exact_keys: self.exact.len(),
        }
    }

    pub fn get(&self, id: &str) -> Option<&SubjectEntry> {
        self.ordinal(id).and_then(|ord| self.slot(ord)).map(|s| &s.entry)
    }

    fn ordinal(&self, id: &str) -> Option<u32> {
        self.by_id
            .get(&key32(id.as_bytes()))
            .iter()
            .copied()
            .find(|&ord| self.slot(ord).is_some_and(|s| s.entry.id == id))
    }

    fn slot(&self, ord: u32) -> Option<&Slot> {
        self.slots.get(ord as usize).and_then(|s| s.as_deref())
    }

    /// Inserts the entry, or replaces the one with the same id.
    pub fn upsert(&mut self, mut entry: SubjectEntry) {
        shrink(&mut entry);
        self.remove(&entry.id);
        let ord = match self.free.pop() {
            Some(ord) => ord,
            None => {
                self.slots.push(None);
                self.dobs.push(0);
                (self.slots.len() - 1) as u32
            }
        };
        let mut names = Vec::with_capacity(entry.names.len());
        for name in &entry.names {
            let fore: Vec<u32> =
                name_tokens(&name.forenames).iter().take(MAX_PART).map(|t| self.vocab.intern(t)).collect();
            let sur: Vec<u32> =
                surname_tokens(&name.surname).iter().take(MAX_PART).map(|t| self.vocab.intern(t)).collect();
            names.push((name.alias, fore, sur));
        }
        let names = encoded::encode(&names);
        for (token, roles) in encoded::distinct_tokens(&names) {
            self.vocab.add_posting(token, ord, roles);
        }
        for key in exact_keys(&entry) {
            self.exact.add(key32(key.key.as_bytes()), ord);
        }
        let packed = dob::pack(entry.date_of_birth);
        self.dobs[ord as usize] = packed;
        if entry.date_of_birth.is_some_and(|d| d.day.is_some()) {
            self.by_dob.add(packed, ord);
        }
        self.by_id.add(key32(entry.id.as_bytes()), ord);
        self.live += 1;
        self.slots[ord as usize] = Some(Box::new(Slot { entry, names }));
    }

    /// Erases the entry from every structure; its tokens go too when no
    /// one else uses them. Returns whether it was there.
    pub fn remove(&mut self, id: &str) -> bool {
        let Some(ord) = self.ordinal(id) else {
            return false;
        };
        self.by_id.remove(&key32(id.as_bytes()), ord);
        self.live -= 1;
        let Some(slot) = self.slots.get_mut(ord as usize).and_then(Option::take) else {
            return false;
        };
        for (token, _) in encoded::distinct_tokens(&slot.names) {
            self.vocab.remove_posting(token, ord);
        }
        for key in exact_keys(&slot.entry) {
            self.exact.remove(&key32(key.key.as_bytes()), ord);
        }
        let packed = self.dobs[ord as usize];
        self.by_dob.remove(&packed, ord);
        self.dobs[ord as usize] = 0;
        self.free.push(ord);
        true
    }

    /// Replaces what a hit shows (flags or markers changed); names are untouched.
    pub fn set_display(&mut self, id: &str, display: SubjectDisplay) {
        if let Some(ord) = self.ordinal(id) {
            if let Some(Some(slot)) = self.slots.get_mut(ord as usize) {
                slot.entry.display = display;
            }
        }
    }

    fn exact_hits(&self, keys: &[String]) -> Vec<Hit> {
        let mut hits: Vec<Hit> = Vec::new();
        for key in keys {
            for &ord in self.exact.get(&key32(key.as_bytes())) {
                let Some(slot) = self.slot(ord) else { continue };
                for k in exact_keys(&slot.entry).into_iter().filter(|k| &k.key == key) {
                    let reason = format!("{} exact {}", k.label, k.shown);
                    match hits.iter_mut().find(|h| h.id == slot.entry.id) {
                        Some(hit) if !hit.why.contains(&reason) => hit.why.push(reason),
                        Some(_) => {}
                        None => hits.push(Hit {
                            id: slot.entry.id.clone(),
                            score: IDENTIFIER_SCORE,
                            why: vec![reason],
                            display: slot.entry.display.clone(),
                        }),
                    }
                }
            }
        }
        hits
    }

    fn dob_only_hits(&self, parsed: &ParsedQuery, today: NaiveDate) -> Vec<Hit> {
        let Some(date) = parsed.dob.dob.filter(|d| d.day.is_some()) else {
            return Vec::new();
        };
        let mut ords: Vec<u32> = Vec::new();
        for d in std::iter::once(date).chain(dob::swapped(date)) {
            ords.extend_from_slice(self.by_dob.get(&dob::pack(Some(d))));
        }
        ords.iter()
            .filter_map(|&ord| self.slot(ord))
            .filter_map(|slot| {
                let (adjust, reason) = dob::agreement(&parsed.dob, slot.entry.date_of_birth, today)?;
                Some(Hit {
                    id: slot.entry.id.clone(),
                    score: DOB_ONLY_SCORE + adjust,
                    why: vec![reason.describe()],
                    display: slot.entry.display.clone(),
                })
            })
            .collect()
    }

    fn name_hits(&self, parsed: &ParsedQuery, today: NaiveDate, limit: usize) -> Vec<Hit> {
        let mut names = parsed.names.clone();
        query::join_particles(&mut names, |w| self.vocab.get(w).is_some());
        let terms: Vec<Term> = names.iter().map(|n| Term::new(n, &self.vocab, self.nicknames())).collect();
        if terms.iter().all(|t| t.initial) {
            return Vec::new();
        }
        let candidates = candidates::gather(&terms, &self.vocab, self.slots.len(), &self.dobs, &parsed.dob, today);
        let mut ws = rank::Workspace::default();
        let order = |a: &(f32, u32), b: &(f32, u32)| {
            let (sa, sb) = (self.slot(a.1), self.slot(b.1));
            b.0.total_cmp(&a.0)
                .then_with(|| sa.map(|s| &s.entry.display.name).cmp(&sb.map(|s| &s.entry.display.name)))
                .then_with(|| sa.map(|s| &s.entry.id).cmp(&sb.map(|s| &s.entry.id)))
        };
        // Candidates come best bound first: once the page is full and the
        // next bound is below its lowest score, nothing later can enter.
        // Scores are positive here, so their bit patterns order like them.
        let mut scored: Vec<(f32, u32)> = Vec::new();
        let mut page: BinaryHeap<Reverse<u32>> = BinaryHeap::with_capacity(limit + 1);
        for c in candidates {
            let floor = page.peek().map(|r| f32::from_bits(r.0));
            if page.len() >= limit && floor.is_some_and(|f| c.bound < f) {
                break;
            }
            let Some(slot) = self.slot(c.ordinal) else {
                continue;
            };
            let Some(s) =
                rank::score(&terms, &slot.names, slot.entry.date_of_birth, &parsed.dob, today, &self.vocab, &mut ws)
            else {
                continue;
            };
            scored.push((s, c.ordinal));
            page.push(Reverse(s.max(0.0).to_bits()));
            if page.len() > limit {
                page.pop();
            }
        }
        if scored.len() > limit {
            scored.select_nth_unstable_by(limit - 1, order);
            scored.truncate(limit);
        }
        scored.sort_by(order);
        scored
            .into_iter()
            .filter_map(|(score, ord)| {
                let slot = self.slot(ord)?;
                let why = rank::explain(&terms, &slot.names, slot.entry.date_of_birth, &parsed.dob, today, &self.vocab);
                Some(Hit { id: slot.entry.id.clone(), score, why, display: slot.entry.display.clone() })
            })
            .collect()
    }

    /// Answers the search box: exact identifiers first, then names ranked
    /// by score, display name, id.
    pub fn search(&self, query: &SubjectQuery, today: NaiveDate) -> Vec<Hit> {
        let limit = match query.limit {
            0 => SubjectQuery::DEFAULT_LIMIT,
            n => n.min(MAX_LIMIT),
        };
        let parsed = query::parse(&query.text, query.dob, today);
        let mut hits = self.exact_hits(&parsed.whole_keys);
        if !hits.is_empty() {
            // The whole text is an identifier that exists: that is the answer.
            hits.sort_by(hit_order);
            hits.truncate(limit);
            return hits;
        }
        hits = self.exact_hits(&parsed.word_keys);
        let more = if parsed.names.is_empty() {
            self.dob_only_hits(&parsed, today)
        } else {
            self.name_hits(&parsed, today, limit)
        };
        for hit in more {
            if !hits.iter().any(|h| h.id == hit.id) {
                hits.push(hit);
            }
        }
        hits.sort_by(hit_order);
        hits.truncate(limit);
        hits
    }

    /// Whether any structure still holds anything of `id` or of the given
    /// name words and identifiers: the erasure check used by tests.
    #[cfg(test)]
    pub(crate) fn holds_trace(&self, id: &str, words: &[&str], keys: &[&str]) -> bool {
        let id_left =
            self.by_id.contains_key(&key32(id.as_bytes())) || self.slots.iter().flatten().any(|s| s.entry.id == id);
        let words_left = words.iter().any(|w| self.vocab.holds_trace_of(w));
        let keys_left = keys.iter().any(|k| self.exact.contains_key(&key32(compact(k).as_bytes())));
        id_left || words_left || keys_left
    }
}
