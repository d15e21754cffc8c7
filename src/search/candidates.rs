//! Candidate generation: each query word is expanded to the vocabulary
//! tokens it may stand for (exact, nickname, sound, typo), and the postings
//! of those tokens are walked best first under a fixed budget, so a bare
//! common surname costs no more than a rare full name.

use std::cell::RefCell;

use chrono::NaiveDate;
use strsim::jaro_winkler;

use super::dob::{self, QueryDob};
use super::hash::IntMap;
use super::nicknames::Nicknames;
use super::query::NameTerm;
use super::vocab::Vocab;

/// Posting entries visited per query at most.
pub(crate) const VISIT_BUDGET: usize = 100_000;
/// Candidates given a full score per query at most.
pub(crate) const SCORE_CAP: usize = 1_000;

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
            matches: if initial {
                IntMap::default()
            } else {
                expand(&name.text, vocab, nicknames)
            },
        }
    }
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
        keep_best(
            &mut map,
            t,
            TokenMatch {
                weight: EXACT,
                kind: Kind::Exact,
            },
        );
    }
    for variant in nicknames.variants(text) {
        if let Some(t) = vocab.get(variant) {
            keep_best(
                &mut map,
                t,
                TokenMatch {
                    weight: NICKNAME,
                    kind: Kind::Nickname,
                },
            );
        }
    }
    for t in vocab.sounds_like(text) {
        let jw = jaro_winkler(text, vocab.text(t)) as f32;
        let weight = 0.72 + 0.18 * jw;
        keep_best(
            &mut map,
            t,
            TokenMatch {
                weight,
                kind: Kind::Phonetic,
            },
        );
    }
    for (t, distance) in vocab.typos_of(text) {
        let jw = jaro_winkler(text, vocab.text(t)) as f32;
        let base = if distance <= 1 { 0.70 } else { 0.58 };
        keep_best(
            &mut map,
            t,
            TokenMatch {
                weight: base + 0.18 * jw,
                kind: Kind::Typo,
            },
        );
    }
    map
}

/// Per-thread scratch over entry ordinals, one word each (epoch, matched
/// words, weight sum) so a posting visit costs one cache line; reset by
/// bumping the epoch rather than clearing.
#[derive(Default)]
struct Scratch {
    cells: Vec<u64>,
    epoch: u32,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Weight sums are kept in thousandths in 16 bits.
const SCALE: f32 = 1000.0;

fn cell(epoch: u32, mask: u8, sum: u16) -> u64 {
    (u64::from(epoch) << 32) | (u64::from(mask) << 16) | u64::from(sum)
}

/// The most a candidate can score given the sum of its words' best weights
/// (`sum`, over `n` words) and its date agreement: each word counts at most
/// its weight, and the surname and forename shares at most the best weight.
pub(crate) fn upper_bound(sum: f32, n: usize, date: f32) -> f32 {
    let name = if n <= 1 {
        sum
    } else {
        0.5 * sum / n as f32 + 0.5 * sum.min(1.0)
    };
    name + date
}

/// A candidate worth a full score, with the most it could score.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    pub ordinal: u32,
    pub bound: f32,
}

/// The candidates worth a full score, best bound first, at most `SCORE_CAP`.
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
            let add = (weight * SCALE) as u16;
            for &ord in &postings[..take] {
                let Some(c) = s.cells.get_mut(ord as usize) else {
                    continue;
                };
                if (*c >> 32) as u32 != epoch {
                    *c = cell(epoch, 0, 0);
                    found.push(ord);
                }
                // Best weights are walked first, so the first touch per word counts.
                let mask = (*c >> 16) as u8;
                if mask & bit == 0 {
                    let sum = (*c as u16).saturating_add(add);
                    *c = cell(epoch, mask | bit, sum);
                }
            }
        }
        let n = terms.len();
        // Initials are matched only in the full score: count them at full weight.
        let initials = terms.iter().filter(|t| t.initial).count() as f32 * INITIAL;
        let mut ranked: Vec<Candidate> = found
            .into_iter()
            .map(|ordinal| {
                let sum = f32::from(s.cells[ordinal as usize] as u16) / SCALE + initials;
                let date = if query_dob.is_empty() {
                    0.0
                } else {
                    let entry = dobs.get(ordinal as usize).and_then(|&p| dob::unpack(p));
                    dob::agreement(query_dob, entry, today).map_or(0.0, |a| a.0)
                };
                Candidate {
                    ordinal,
                    // Margin for the thousandths the sums were rounded down to.
                    bound: upper_bound(sum, n, date) + 0.01,
                }
            })
            .collect();
        let order = |a: &Candidate, b: &Candidate| {
            b.bound.total_cmp(&a.bound).then(a.ordinal.cmp(&b.ordinal))
        };
        if ranked.len() > SCORE_CAP {
            ranked.select_nth_unstable_by(SCORE_CAP - 1, order);
            ranked.truncate(SCORE_CAP);
        }
        ranked.sort_unstable_by(order);
        ranked
    })
}
