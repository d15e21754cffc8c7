//! The subject index itself: entries in slots addressed by internal
//! ordinals (freed ordinals are reused), the name-token vocabulary with its
//! postings, exact maps for identifiers and dates of birth, and the search
//! that puts them together.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::domain::kind_set::KindSet;
use crate::matching::{swapped_date, Nicknames};

use super::candidates::{self, Term};
use super::dob;
use super::encoded;
#[cfg(test)]
use super::exact::compact;
use super::exact::packed_keys;
use super::hash::key32;
use super::ids::MultiMap;
use super::packed::Packed;
use super::prepared::Prepared;
use super::query::{self, ParsedQuery};
use super::rank;
use super::slot::Slot;
use super::vocab::Vocab;
use super::workers::prepare_in_parallel;
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

/// The in-memory subject index. See the module documentation for how a
/// query is answered.
#[derive(Default)]
pub struct SubjectIndex {
    slots: Vec<Slot>,
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

    /// Builds the index from every entry at once, preparing entries on
    /// every core while this thread adds them.
    pub fn build(entries: impl IntoIterator<Item = SubjectEntry>) -> Self {
        let entries: Vec<SubjectEntry> = entries.into_iter().collect();
        let mut index = Self::new();
        index.reserve(entries.len());
        prepare_in_parallel(&entries, |batch| {
            for p in batch {
                index.insert(p);
            }
        });
        index.shrink_to_fit();
        index
    }

    /// Room for `additional` more entries, so a bulk load does not regrow.
    pub fn reserve(&mut self, additional: usize) {
        self.slots.reserve_exact(additional);
        self.dobs.reserve_exact(additional);
        self.by_id.reserve(additional);
        // Identifiers, phones, vehicles and references: about six a person.
        self.exact.reserve(additional * 6);
        self.by_dob.reserve(additional / 2);
    }

    /// Gives back spare capacity after a bulk load.
    pub fn shrink_to_fit(&mut self) {
        self.slots.shrink_to_fit();
        self.dobs.shrink_to_fit();
        self.vocab.shrink_to_fit();
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

    /// The entry with this id, unpacked.
    pub fn get(&self, id: &str) -> Option<SubjectEntry> {
        self.ordinal(id).and_then(|ord| self.slot(ord)).map(|s| s.data().unpack())
    }

    /// The person `id` as found by a reference the index does not hold (an
    /// intelligence draft's, found for its author alone), first as any
    /// exact identifier is.
    pub fn found_by_reference(&self, id: &str, reference: &str) -> Option<Hit> {
        let slot = self.ordinal(id).and_then(|ord| self.slot(ord))?;
        let why = vec![format!("reference exact {}", reference.trim())];
        Some(Hit { id: id.to_string(), score: IDENTIFIER_SCORE, why, display: slot.data().display() })
    }

    fn ordinal(&self, id: &str) -> Option<u32> {
        self.by_id
            .get(&key32(id.as_bytes()))
            .iter()
            .copied()
            .find(|&ord| self.slot(ord).is_some_and(|s| *s.data().id() == *id))
    }

    fn slot(&self, ord: u32) -> Option<&Slot> {
        self.slots.get(ord as usize).filter(|s| !s.is_empty())
    }

    /// Inserts the entry, or replaces the one with the same id.
    pub fn upsert(&mut self, entry: SubjectEntry) {
        self.insert(Prepared::new(&entry));
    }

    /// Inserts a prepared entry, or replaces the one with the same id.
    pub fn insert(&mut self, p: Prepared) {
        self.remove(&p.id());
        let ord = match self.free.pop() {
            Some(ord) => ord,
            None => {
                self.slots.push(Slot::default());
                self.dobs.push(0);
                (self.slots.len() - 1) as u32
            }
        };
        let mut words = p.tokens.split(' ');
        let mut names = Vec::with_capacity(p.names.len());
        for shape in &p.names {
            let fore: Vec<u32> = words.by_ref().take(shape.fore).map(|t| self.vocab.intern(t)).collect();
            let sur: Vec<u32> = words.by_ref().take(shape.sur).map(|t| self.vocab.intern(t)).collect();
            names.push((shape.alias, fore, sur));
        }
        let names = encoded::encode(&names);
        for (token, roles) in encoded::distinct_tokens(&names) {
            self.vocab.add_posting(token, ord, roles);
        }
        for &key in &p.exact {
            self.exact.add(key, ord);
        }
        let packed = dob::pack(p.date_of_birth);
        self.dobs[ord as usize] = packed;
        if p.date_of_birth.is_some_and(|d| d.day.is_some()) {
            self.by_dob.add(packed, ord);
        }
        self.by_id.add(p.id_key, ord);
        self.live += 1;
        self.slots[ord as usize] = Slot::new(&names, &p.data);
    }

    /// Erases the entry from every structure; its tokens go too when no
    /// one else uses them. Returns whether it was there.
    pub fn remove(&mut self, id: &str) -> bool {
        let Some(ord) = self.ordinal(id) else {
            return false;
        };
        self.by_id.remove(&key32(id.as_bytes()), ord);
        self.live -= 1;
        let Some(slot) = self.slots.get_mut(ord as usize).map(std::mem::take) else {
            return false;
        };
        for (token, _) in encoded::distinct_tokens(slot.names()) {
            self.vocab.remove_posting(token, ord);
        }
        for key in packed_keys(slot.data()) {
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
            if let Some(slot) = self.slots.get_mut(ord as usize) {
                let mut entry = slot.data().unpack();
                entry.display = display;
                let updated = Slot::new(slot.names(), &Packed::pack(&entry));
                *slot = updated;
            }
        }
    }

    /// Entries holding one of `keys`, by keys open to a caller who may read
    /// `readable`: a reference to a record they may not read finds nobody.
    fn exact_hits(&self, keys: &[String], readable: KindSet) -> Vec<Hit> {
        let mut hits: Vec<Hit> = Vec::new();
        for key in keys {
            for &ord in self.exact.get(&key32(key.as_bytes())) {
                let Some(slot) = self.slot(ord) else { continue };
                let id = slot.data().id();
                for k in packed_keys(slot.data()).into_iter().filter(|k| &k.key == key && k.open_to(readable)) {
                    let reason = format!("{} exact {}", k.label, k.shown);
                    match hits.iter_mut().find(|h| *h.id == *id) {
                        Some(hit) if !hit.why.contains(&reason) => hit.why.push(reason),
                        Some(_) => {}
                        None => hits.push(Hit {
                            id: id.to_string(),
                            score: IDENTIFIER_SCORE,
                            why: vec![reason],
                            display: slot.data().display(),
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
        for d in std::iter::once(date).chain(swapped_date(date)) {
            ords.extend_from_slice(self.by_dob.get(&dob::pack(Some(d))));
        }
        ords.iter()
            .filter_map(|&ord| self.slot(ord))
            .filter_map(|slot| {
                let (adjust, reason) = dob::agreement(&parsed.dob, slot.data().date_of_birth(), today)?;
                Some(Hit {
                    id: slot.data().id().to_string(),
                    score: DOB_ONLY_SCORE + adjust,
                    why: vec![reason.describe()],
                    display: slot.data().display(),
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
                .then_with(|| sa.map(|s| s.data().shown_name()).cmp(&sb.map(|s| s.data().shown_name())))
                .then_with(|| sa.map(|s| s.data().id()).cmp(&sb.map(|s| s.data().id())))
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
            let Some(s) = rank::score(
                &terms,
                slot.names(),
                slot.data().date_of_birth(),
                &parsed.dob,
                today,
                &self.vocab,
                &mut ws,
            ) else {
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
                let why =
                    rank::explain(&terms, slot.names(), slot.data().date_of_birth(), &parsed.dob, today, &self.vocab);
                Some(Hit { id: slot.data().id().to_string(), score, why, display: slot.data().display() })
            })
            .collect()
    }

    /// Answers the search box for a caller who may read every kind of
    /// record (tests and benchmarks; the server asks `search_for`).
    pub fn search(&self, query: &SubjectQuery, today: NaiveDate) -> Vec<Hit> {
        self.search_for(query, today, KindSet::ALL)
    }

    /// Answers the search box for a caller who may read the kinds of record
    /// in `readable`: exact identifiers first, then names ranked by score,
    /// display name, id. A reference to a record of another kind finds
    /// nobody, and no hit's reasons name one.
    pub fn search_for(&self, query: &SubjectQuery, today: NaiveDate, readable: KindSet) -> Vec<Hit> {
        let limit = match query.limit {
            0 => SubjectQuery::DEFAULT_LIMIT,
            n => n.min(MAX_LIMIT),
        };
        let parsed = query::parse(&query.text, query.dob, today);
        let mut hits = self.exact_hits(&parsed.whole_keys, readable);
        if !hits.is_empty() {
            // The whole text is an identifier that exists: that is the answer.
            hits.sort_by(hit_order);
            hits.truncate(limit);
            return hits;
        }
        hits = self.exact_hits(&parsed.word_keys, readable);
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
        let id_left = self.by_id.contains_key(&key32(id.as_bytes()))
            || self.slots.iter().any(|s| !s.is_empty() && *s.data().id() == *id);
        let words_left = words.iter().any(|w| self.vocab.holds_trace_of(w));
        let keys_left = keys.iter().any(|k| self.exact.contains_key(&key32(compact(k).as_bytes())));
        id_left || words_left || keys_left
    }
}
