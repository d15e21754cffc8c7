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
pub(crate) const VISIT_BUDGET: usize = 150_000;
/// Candidates given a full score per query at most.
pub(crate) const SCORE_CAP: usize = 2_500;

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
            matches: if initial { IntMap::default() } else { expand(&name.text, vocab, nicknames) },
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
        keep_best(&mut map, t, TokenMatch { weight: EXACT, kind: Kind::Exact });
    }
    for variant in nicknames.variants(text) {
        if let Some(t) = vocab.get(variant) {
            keep_best(&mut map, t, TokenMatch { weight: NICKNAME, kind: Kind::Nickname });
        }
    }
    for t in vocab.sounds_like(text) {
        let jw = jaro_winkler(text, vocab.text(t)) as f32;
        let weight = 0.72 + 0.18 * jw;
        keep_best(&mut map, t, TokenMatch { weight, kind: Kind::Phonetic });
    }
    for (t, distance) in vocab.typos_of(text) {
        let jw = jaro_winkler(text, vocab.text(t)) as f32;
        let base = if distance <= 1 { 0.70 } else { 0.58 };
        keep_best(&mut map, t, TokenMatch { weight: base + 0.18 * jw, kind: Kind::Typo });
    }
    map
}

/// Per-thread scratch over entry ordinals, reset by bumping an epoch rather
/// than clearing, so a query touches only the entries it meets.
#[derive(Default)]
struct Scratch {
    stamp: Vec<u32>,
    mask: Vec<u16>,
    sum: Vec<f32>,
    epoch: u32,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// The ordinals worth a full score, best first by a quick estimate (sum of
/// word weights plus date agreement), at most `SCORE_CAP` of them.
pub(crate) fn gather(
    terms: &[Term],
    vocab: &Vocab,
    slots: usize,
    dobs: &[u32],
    query_dob: &QueryDob,
    today: NaiveDate,
) -> Vec<u32> {
    let mut walk: Vec<(f32, usize, u32, usize)> = Vec::new();
    for (i, term) in terms.iter().enumerate() {
        for (&token, m) in &term.matches {
            walk.push((m.weight, i, token, vocab.postings(token).len()));
        }
    }
    walk.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.3.cmp(&b.3)).then(a.2.cmp(&b.2)));

    SCRATCH.with(|cell| {
        let mut scratch = cell.borrow_mut();
        let s = &mut *scratch;
        if s.stamp.len() < slots {
            s.stamp.resize(slots, 0);
            s.mask.resize(slots, 0);
            s.sum.resize(slots, 0.0);
        }
        s.epoch = s.epoch.wrapping_add(1);
        if s.epoch == 0 {
            s.stamp.iter_mut().for_each(|x| *x = 0);
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
            let bit = 1u16 << i;
            for &ord in &postings[..take] {
                let o = ord as usize;
                if o >= slots {
                    continue;
                }
                if s.stamp[o] != epoch {
                    s.stamp[o] = epoch;
                    s.mask[o] = 0;
                    s.sum[o] = 0.0;
                    found.push(ord);
                }
                // Best weights are walked first, so the first touch per word counts.
                if s.mask[o] & bit == 0 {
                    s.mask[o] |= bit;
                    s.sum[o] += weight;
                }
            }
        }
        let quick = |ord: u32| -> f32 {
            let mut q = s.sum[ord as usize];
            if !query_dob.is_empty() {
                let entry = dobs.get(ord as usize).and_then(|&p| dob::unpack(p));
                q += dob::agreement(query_dob, entry, today).map_or(0.0, |a| a.0);
            }
            q
        };
        let mut ranked: Vec<(f32, u32)> = found.into_iter().map(|o| (quick(o), o)).collect();
        let order = |a: &(f32, u32), b: &(f32, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        if ranked.len() > SCORE_CAP {
            ranked.select_nth_unstable_by(SCORE_CAP - 1, order);
            ranked.truncate(SCORE_CAP);
        }
        ranked.into_iter().map(|(_, o)| o).collect()
    })
}
