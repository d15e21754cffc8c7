//! Candidate generation: each query word is expanded to the vocabulary
//! tokens it may stand for (exact, nickname, sound, typo), and the postings
//! of those tokens are walked best first under a fixed budget, so a bare
//! common surname costs no more than a rare full name.

use std::cell::RefCell;

use chrono::NaiveDate;

use crate::matching::{jaro_winkler, Nicknames};

use super::dob::{self, QueryDob};
use super::encoded::{AS_FORENAME, AS_SURNAME};
use super::hash::IntMap;
use super::query::NameTerm;
use super::rank::MIN_SCORE;
use super::vocab::{Vocab, ORDINAL_MASK};

/// Posting entries visited per query at most.
pub(crate) const VISIT_BUDGET: usize = 100_000;
/// Candidates given a full score per query at most.
pub(crate) const SCORE_CAP: usize = 600;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Exact,
    Nickname,
    Phonetic,
    Typo,
    Initial,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TokenMatch {
    pub weight: f32,
    pub kind: Kind,
}

pub(crate) const EXACT: f32 = 1.0;
pub(crate) const NICKNAME: f32 = 0.9;
/// Another short form of the full name a nickname stands for.
pub(crate) const NICKNAME_SIBLING: f32 = 0.8;
pub(crate) const INITIAL: f32 = 0.5;

/// A query word with every token it may stand for.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    pub text: String,
    pub surname_slot: bool,
    /// A single letter: matched against forename initials only.
    pub initial: bool,
    pub matches: IntMap<u32, TokenMatch>,
}

impl Term {
    pub fn new(name: &NameTerm, vocab: &Vocab, nicknames: &Nicknames) -> Self {
        let initial = name.text.len() == 1;
        Self {
            text: name.text.clone(),
            surname_slot: name.surname_slot,
            initial,
            matches: if initial { IntMap::default() } else { expand(&name.text, vocab, nicknames) },
        }
    }
}

/// Sound-alikes must also look at least this alike (Jaro-Winkler).
const MIN_PHONETIC_LIKENESS: f32 = 0.7;
/// Most sound-alike or typo tokens kept per query word.
const MAX_FUZZY: usize = 40;

/// Keeps the `MAX_FUZZY` heaviest, ties to the lower token id.
fn keep_closest(found: &mut Vec<(f32, u32)>) {
    found.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    found.truncate(MAX_FUZZY);
}

fn keep_best(map: &mut IntMap<u32, TokenMatch>, token: u32, candidate: TokenMatch) {
    map.entry(token)
        .and_modify(|m| {
            if candidate.weight > m.weight {
                *m = candidate;
            }
        })
        .or_insert(candidate);
}

/// The tokens `text` may stand for, each with how strongly.
pub(crate) fn expand(text: &str, vocab: &Vocab, nicknames: &Nicknames) -> IntMap<u32, TokenMatch> {
    let mut map = IntMap::default();
    if let Some(t) = vocab.get(text) {
        keep_best(&mut map, t, TokenMatch { weight: EXACT, kind: Kind::Exact });
    }
    for variant in nicknames.variants(text) {
        if let Some(t) = vocab.get(variant) {
            // Bill is William; Liam, another form of William, is further off.
            let weight = if nicknames.direct(text, variant) { NICKNAME } else { NICKNAME_SIBLING };
            keep_best(&mut map, t, TokenMatch { weight, kind: Kind::Nickname });
        }
    }
    // Short phonetic keys are shared by hundreds of tokens: keep only the
    // ones that also look alike, and only the closest few, so one common
    // name cannot flood the candidates.
    let mut sounds: Vec<(f32, u32)> = vocab
        .sounds_like(text)
        .into_iter()
        .filter_map(|t| {
            let jw = jaro_winkler(text, vocab.text(t));
            (jw >= MIN_PHONETIC_LIKENESS).then_some((0.72 + 0.18 * jw, t))
        })
        .collect();
    keep_closest(&mut sounds);
    for (weight, t) in sounds {
        keep_best(&mut map, t, TokenMatch { weight, kind: Kind::Phonetic });
    }
    let mut typos: Vec<(f32, u32)> = vocab
        .typos_of(text)
        .into_iter()
        .map(|(t, distance)| {
            let jw = jaro_winkler(text, vocab.text(t));
            let base = if distance <= 1 { 0.70 } else { 0.58 };
            (base + 0.18 * jw, t)
        })
        .collect();
    keep_closest(&mut typos);
    for (weight, t) in typos {
        keep_best(&mut map, t, TokenMatch { weight, kind: Kind::Typo });
    }
    map
}

/// Per-thread scratch over entry ordinals, one word each so a posting
/// visit costs one cache line; reset by bumping the epoch, not clearing.
#[derive(Default)]
struct Scratch {
    cells: Vec<u64>,
    epoch: u16,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// What a query has met of one entry so far, packed in a u64: the epoch,
/// which words matched, the best weight met in a surname and in a forename
/// (in 255ths, rounded up) and the sum of the words' best weights (in
/// thousandths, rounded up), so the bound stays an upper bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Met {
    epoch: u16,
    mask: u8,
    surname: u8,
    forename: u8,
    sum: u16,
}

impl Met {
    fn unpack(c: u64) -> Self {
        Self {
            epoch: (c >> 48) as u16,
            mask: (c >> 32) as u8,
            surname: (c >> 24) as u8,
            forename: (c >> 16) as u8,
            sum: c as u16,
        }
    }

    fn pack(self) -> u64 {
        (u64::from(self.epoch) << 48)
            | (u64::from(self.mask) << 32)
            | (u64::from(self.surname) << 24)
            | (u64::from(self.forename) << 16)
            | u64::from(self.sum)
    }
}

fn in_255ths(weight: f32) -> u8 {
    (weight * 255.0).ceil().clamp(0.0, 255.0) as u8
}

fn in_1000ths(weight: f32) -> u16 {
    (weight * 1000.0).ceil().clamp(0.0, 1000.0) as u16
}

/// The most an entry can score: each word counts at most its best weight,
/// the surname share at most the best weight met in a surname, the forename
/// share at most the best met in a forename (see `rank`).
pub(crate) fn upper_bound(n: usize, sum: f32, surname: f32, forename: f32, date: f32) -> f32 {
    let name =
        if n <= 1 { surname.max(forename * 0.85) } else { 0.5 * sum / n as f32 + 0.3 * surname + 0.2 * forename };
    name + date
}

/// A candidate worth a full score, with the most it could score.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    pub ordinal: u32,
    pub bound: f32,
}

/// The candidates that could reach the bar, best bound first, at most `SCORE_CAP`.
pub(crate) fn gather(
    terms: &[Term],
    vocab: &Vocab,
    slots: usize,
    dobs: &[u32],
    query_dob: &QueryDob,
    today: NaiveDate,
) -> Vec<Candidate> {
    let mut walk: Vec<(f32, usize, u32, usize)> = Vec::new();
    for (i, term) in terms.iter().enumerate() {
        for (&token, m) in &term.matches {
            walk.push((m.weight, i, token, vocab.postings(token).len()));
        }
    }
    walk.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.3.cmp(&b.3)).then(a.2.cmp(&b.2)));

    SCRATCH.with(|shared| {
        let mut scratch = shared.borrow_mut();
        let s = &mut *scratch;
        if s.cells.len() < slots {
            s.cells.resize(slots, 0);
        }
        s.epoch = s.epoch.wrapping_add(1);
        if s.epoch == 0 {
            s.cells.iter_mut().for_each(|c| *c = 0);
            s.epoch = 1;
        }
        let epoch = s.epoch;
        let mut found: Vec<u32> = Vec::new();
        let mut budget = VISIT_BUDGET;
        for &(weight, i, token, _) in &walk {
            if budget == 0 {
                break;
            }
            let postings = vocab.postings(token);
            let take = postings.len().min(budget);
            budget -= take;
            let bit = 1u8 << i;
            let sum_add = in_1000ths(weight);
            let w = in_255ths(weight);
            for &p in &postings[..take] {
                let ord = p & ORDINAL_MASK;
                let Some(c) = s.cells.get_mut(ord as usize) else {
                    continue;
                };
                let mut met = Met::unpack(*c);
                if met.epoch != epoch {
                    met = Met { epoch, mask: 0, surname: 0, forename: 0, sum: 0 };
                    found.push(ord);
                }
                // Best weights are walked first, so the first touch per word counts.
                if met.mask & bit == 0 {
                    met.mask |= bit;
                    met.sum = met.sum.saturating_add(sum_add);
                }
                let roles = (p >> 30) as u8;
                if roles & AS_SURNAME != 0 {
                    met.surname = met.surname.max(w);
                }
                if roles & AS_FORENAME != 0 {
                    met.forename = met.forename.max(w);
                }
                *c = met.pack();
            }
        }
        let n = terms.len();
        // Initials are matched only in the full score: count them at full weight.
        let initials = terms.iter().filter(|t| t.initial).count() as f32 * INITIAL;
        let initial_fore = if initials > 0.0 { INITIAL } else { 0.0 };
        let mut ranked: Vec<Candidate> = found
            .into_iter()
            .filter_map(|ordinal| {
                let met = Met::unpack(s.cells[ordinal as usize]);
                let sum = f32::from(met.sum) / 1000.0 + initials;
                let surname = f32::from(met.surname) / 255.0;
                let forename = (f32::from(met.forename) / 255.0).max(initial_fore);
                let name_bound = upper_bound(n, sum, surname, forename, 0.0) + 0.001;
                // Not even the best date agreement could lift it to the bar.
                if name_bound + dob::FULL < MIN_SCORE {
                    return None;
                }
                let date = if query_dob.is_empty() {
                    0.0
                } else {
                    let entry = dobs.get(ordinal as usize).and_then(|&p| dob::unpack(p));
                    dob::agreement(query_dob, entry, today).map_or(0.0, |a| a.0)
                };
                let bound = name_bound + date;
                (bound >= MIN_SCORE).then_some(Candidate { ordinal, bound })
            })
            .collect();
        let order = |a: &Candidate, b: &Candidate| b.bound.total_cmp(&a.bound).then(a.ordinal.cmp(&b.ordinal));
        if ranked.len() > SCORE_CAP {
            ranked.select_nth_unstable_by(SCORE_CAP - 1, order);
            ranked.truncate(SCORE_CAP);
        }
        ranked.sort_unstable_by(order);
        ranked
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn met_packs_and_bounds_hold() {
        let met = Met { epoch: 9, mask: 0b101, surname: 200, forename: 255, sum: 1870 };
        assert_eq!(Met::unpack(met.pack()), met);
        // A full two-word exact match can reach 1; a forename alone cannot reach the bar.
        assert!((upper_bound(2, 2.0, 1.0, 1.0, 0.0) - 1.0).abs() < 1e-6);
        assert!(upper_bound(2, 1.0, 0.0, 1.0, 0.0) < MIN_SCORE);
        assert!(in_255ths(0.9) as f32 / 255.0 >= 0.9);
    }
}
