//! Record linkage: each incoming nominal is compared, through blocking keys
//! (never all pairs), with the persons already known, scored Fellegi–Sunter
//! style, and merged, queued for review or kept apart. Every decision
//! carries its evidence.

mod calibration;
mod compare;
mod estimate;
mod features;
mod frequencies;
mod levels;
mod weights;

#[cfg(test)]
mod tests;

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

pub use calibration::Calibration;
pub use compare::{compare, compare_names, compare_rest, compare_with, names_bound, Comparison, FieldEvidence};
pub use estimate::{Estimate, EstimateReport, SAMPLE};
pub use features::{Features, LeftOut, UNKNOWN_SURNAME};
pub use frequencies::Frequencies;
use levels::{dates_rule_out, DobLevel};
pub use weights::{fold_label, log_odds, probability, Estimated, LevelWeight, LinkageConfig, Weights, LOWER, UPPER};

use crate::domain::person::PersonDetails;

/// A blocking key shared by more persons than this is too common to tell
/// anyone apart (a common name with a common birth year): it is dropped, and
/// records meet their persons through their rarer keys.
const MAX_BLOCK: usize = 2_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Became a new person.
    New,
    /// Merged into an existing person.
    Merged,
    /// A new person, with a possible match queued for review.
    Review,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::New => "new",
            Outcome::Merged => "merged",
            Outcome::Review => "review",
        }
    }
}

/// What linkage decided for one record, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub outcome: Outcome,
    /// The best candidate compared, if any.
    pub candidate: Option<String>,
    /// Log2 odds that the record is the candidate, prior included.
    pub score: Option<f64>,
    /// The score as a match probability.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<f64>,
    pub fields: Vec<FieldEvidence>,
    /// Why a high score did not merge, or why a low one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The number under which the import kept the weights it linked with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weights: Option<i64>,
    /// Persons of a single earlier record that this record also links to
    /// above the upper threshold: the same person, recorded too thinly at
    /// first to be linked. Each is joined into the candidate.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub joined: Vec<Joined>,
}

/// A person joined into the candidate through a record that links both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Joined {
    pub person: String,
    /// The record's score against that person.
    pub score: f64,
}

/// A person known to the linker.
struct Entry {
    id: String,
    features: Features,
    /// Records folded in; a person of one record may be joined into another.
    records: u32,
    /// Never joined into another: it holds more than its imported records.
    pinned: bool,
    /// Joined into another person, and no longer a candidate.
    joined: bool,
}

impl Entry {
    fn joinable(&self) -> bool {
        self.records == 1 && !self.pinned && !self.joined
    }
}

/// Hashes a blocking key, which is already a hash, as itself: hashing it
/// again would cost more than the lookup it serves.
#[derive(Default, Clone, Copy)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }
}

type ByKey<V> = HashMap<u64, V, std::hash::BuildHasherDefault<KeyHasher>>;

/// Reads, for a run of candidates at once, the memory their comparison
/// will read first (the person's entry, then the dates, postcodes and
/// streets it points to), so that the processor fetches it for all of them
/// together rather than waiting on each in turn: a million persons'
/// features are far beyond any cache, and comparing one costs little once
/// it is at hand. Changes nothing but the time.
fn warm(features: &[&Features]) {
    let mut sink = 0usize;
    for f in features {
        sink ^= f.dobs.as_ptr() as usize ^ f.postcodes.as_ptr() as usize ^ f.streets.as_ptr() as usize;
    }
    for f in features {
        if let Some(d) = f.dobs.first() {
            sink ^= d.year as usize;
        }
        if let Some(p) = f.postcodes.first() {
            sink ^= p.as_ptr() as usize;
        }
        if let Some(s) = f.streets.first() {
            sink ^= s.street.as_ptr() as usize ^ s.number.as_ptr() as usize;
        }
    }
    for f in features {
        if let Some(p) = f.postcodes.first() {
            sink ^= usize::from(p.as_bytes().first().copied().unwrap_or(0));
        }
        if let Some(s) = f.streets.first() {
            sink ^= usize::from(s.street.as_bytes().first().copied().unwrap_or(0));
        }
    }
    std::hint::black_box(sink);
}

/// The persons known so far, by blocking key.
pub struct Linker {
    config: LinkageConfig,
    entries: Vec<Entry>,
    /// Entries joined into others.
    joined: usize,
    by_id: HashMap<String, u32>,
    blocks: ByKey<Vec<u32>>,
    /// Keys whose blocks outgrew [`MAX_BLOCK`].
    common: HashSet<u64, std::hash::BuildHasherDefault<KeyHasher>>,
    frequencies: Frequencies,
    /// m, u and the prior estimated from the data being linked, if they were.
    estimate: Option<Estimate>,
}

impl Linker {
    pub fn new(config: LinkageConfig) -> Self {
        Self {
            config,
            entries: Vec::new(),
            joined: 0,
            by_id: HashMap::new(),
            blocks: ByKey::default(),
            common: HashSet::default(),
            frequencies: Frequencies::default(),
            estimate: None,
        }
    }

    pub fn config(&self) -> &LinkageConfig {
        &self.config
    }

    /// Marks an identifier ("ni", "cro" or an `other` label) as one person's
    /// alone, as a mapping says.
    pub fn mark_unique(&mut self, name: &str) {
        if !self.config.is_unique(name) {
            self.config.unique.push(name.to_string());
        }
    }

    /// Links with m, u and the prior estimated (see [`Linker::estimate_for`]).
    pub fn use_estimate(&mut self, estimate: Estimate) {
        self.estimate = Some(estimate);
    }

    pub fn estimated(&self) -> Option<&Estimate> {
        self.estimate.as_ref()
    }

    /// Every level's m, u and weight as linkage would weigh them now.
    pub fn weights_table(&self) -> Vec<LevelWeight> {
        self.config.table(Some(&self.frequencies), self.estimate.as_ref().map(|e| &e.levels))
    }

    /// The prior weight of a record being one given person: estimated, or
    /// one in the persons known.
    fn prior(&self) -> FieldEvidence {
        match self.estimate.as_ref().and_then(|e| e.prior.filter(|_| self.config.estimate)) {
            Some(weight) => FieldEvidence {
                field: "prior".into(),
                level: "estimated from the data".into(),
                weight,
                detail: format!("one in {:.0}", 1.0 / probability(weight)),
            },
            None => self.config.prior(self.persons()),
        }
    }

    pub fn persons(&self) -> usize {
        self.entries.len() - self.joined
    }

    /// Adds a person, or more variants of one already known.
    pub fn add(&mut self, person_id: &str, details: &PersonDetails) {
        self.file(person_id, details, Features::of(details));
    }

    /// Adds a record's features (of `details`) to a person, new or known.
    fn file(&mut self, person_id: &str, details: &PersonDetails, features: Features) {
        let slot = match self.by_id.get(person_id) {
            Some(&i) => {
                let entry = &mut self.entries[i as usize];
                entry.features.absorb(features);
                entry.records += 1;
                i
            }
            None => {
                self.frequencies.count(details);
                let i = self.entries.len() as u32;
                self.entries.push(Entry {
                    id: person_id.to_string(),
                    features,
                    records: 1,
                    pinned: false,
                    joined: false,
                });
                self.by_id.insert(person_id.to_string(), i);
                i
            }
        };
        self.index(slot);
    }

    /// Marks a person as one never to be joined into another (it holds more
    /// than one imported record, or records that were not imported).
    pub fn pin(&mut self, person_id: &str) {
        if let Some(&i) = self.by_id.get(person_id) {
            self.entries[i as usize].pinned = true;
        }
    }

    /// Joins `absorbed` into `into`: its variants become the other's, and it
    /// is no longer a candidate.
    pub fn join(&mut self, into: &str, absorbed: &str) {
        let (Some(&to), Some(&from)) = (self.by_id.get(into), self.by_id.get(absorbed)) else { return };
        if to == from || self.entries[from as usize].joined {
            return;
        }
        let features = std::mem::take(&mut self.entries[from as usize].features);
        self.entries[from as usize].joined = true;
        self.joined += 1;
        self.by_id.remove(absorbed);
        let target = &mut self.entries[to as usize];
        target.features.absorb(features);
        target.records += 1;
        self.index(to);
    }

    /// Files a person under each of its blocking keys.
    fn index(&mut self, slot: u32) {
        for key in self.entries[slot as usize].features.keys() {
            if self.common.contains(&key) {
                continue;
            }
            let block = self.blocks.entry(key).or_default();
            if block.contains(&slot) {
                continue;
            }
            if block.len() >= MAX_BLOCK {
                self.blocks.remove(&key);
                self.common.insert(key);
            } else {
                block.push(slot);
            }
        }
    }

    /// Decides where a record belongs and files it there: into its candidate
    /// when merged, else as a new person under `new_id`, with the persons it
    /// joins taken in. Returns the decision and the record's person.
    pub fn place(&mut self, details: &PersonDetails, new_id: impl FnOnce() -> String) -> (Decision, String) {
        self.place_features(details, Features::of(details), new_id)
    }

    /// As [`Linker::place`], with the record's features given: a row's
    /// details and what linkage compares besides (an address left out of
    /// the person, say).
    pub fn place_features(
        &mut self,
        details: &PersonDetails,
        record: Features,
        new_id: impl FnOnce() -> String,
    ) -> (Decision, String) {
        let decision = self.decide_features(&record);
        let person_id = match (decision.outcome, &decision.candidate) {
            (Outcome::Merged, Some(id)) => id.clone(),
            _ => new_id(),
        };
        self.file(&person_id, details, record);
        for joined in &decision.joined {
            self.join(&person_id, &joined.person);
        }
        (decision, person_id)
    }

    /// Decides where a record belongs.
    pub fn decide(&self, details: &PersonDetails) -> Decision {
        self.decide_features(&Features::of(details))
    }

    fn decide_features(&self, record: &Features) -> Decision {
        let freq = Some(&self.frequencies);
        let weights = self.config.weights(freq, self.estimate.as_ref().map(|e| &e.levels));
        // The prior odds that the record is this one person among all those known.
        let prior = self.prior();
        let (best, merging) = self.score_candidates(record, &weights, prior.weight);
        let Some(mut slot) = best else {
            return Decision {
                outcome: Outcome::New,
                candidate: None,
                score: None,
                probability: None,
                fields: Vec::new(),
                note: None,
                weights: None,
                joined: Vec::new(),
            };
        };
        // Of several persons the record links, the one of most records takes
        // the others that are persons of a single record.
        let joined = if merging.len() > 1 && merging.iter().any(|(s, _)| *s == slot) {
            let preference = |s: u32| {
                let e = &self.entries[s as usize];
                (e.joinable(), std::cmp::Reverse(e.records))
            };
            if let Some(&(other, _)) = merging.iter().filter(|(s, _)| *s != slot).min_by_key(|(s, _)| preference(*s)) {
                if self.entries[slot as usize].joinable() && preference(other) < preference(slot) {
                    slot = other;
                }
            }
            self.joins(slot, record, &merging, &weights, prior.weight)
        } else {
            Vec::new()
        };
        let person = &self.entries[slot as usize];
        // A record that links two persons told apart by their dates of birth
        // cannot say which it is (a namesake in the same household, most
        // often). Dates tell persons apart only where a date that differs
        // weighs more against a match than lies between the thresholds: in
        // data where one person's dates often differ, they do not.
        let (upper, lower) = (self.config.upper_score(), self.config.lower_score());
        let dates_tell_apart = -weights.dob[DobLevel::Differs as usize] >= upper - lower;
        let rival = merging.iter().map(|(s, _)| &self.entries[*s as usize]).find(|other| {
            dates_tell_apart && other.id != person.id && dates_rule_out(&other.features, &person.features)
        });
        let mut c = compare_with(&self.config, &weights, freq, record, &person.features, true);
        c.score += prior.weight;
        c.fields.push(prior);
        let candidate = Some(person.id.clone());
        let (outcome, note) = if let Some(conflict) = &c.conflict {
            let outcome = if c.score >= lower { Outcome::Review } else { Outcome::New };
            (outcome, Some(format!("conflicting strong identifier: {conflict}")))
        } else if let Some(shared) = &c.outright {
            (Outcome::Merged, Some(format!("an identifier unique to one person is shared: {shared}")))
        } else if let Some(rival) = rival {
            (
                Outcome::Review,
                Some(format!("also links {}, whose date of birth differs: which one is unclear", rival.id)),
            )
        } else if c.score >= upper {
            (Outcome::Merged, None)
        } else if c.score >= lower {
            (Outcome::Review, None)
        } else {
            (Outcome::New, None)
        };
        let joined = if outcome == Outcome::Merged { joined } else { Vec::new() };
        Decision {
            outcome,
            candidate,
            score: Some(c.score),
            probability: Some(probability(c.score)),
            fields: c.fields,
            note,
            weights: None,
            joined,
        }
    }

    /// How a record compares with one given person, for finding out why a
    /// pair was missed: whether any blocking key brings them together (and
    /// the kinds of the shared keys dropped as too common), and the full
    /// comparison with the prior included.
    pub fn explain(&self, record: &Features, person_id: &str) -> Option<Explained> {
        let &slot = self.by_id.get(person_id)?;
        let person = &self.entries[slot as usize];
        let theirs: HashSet<u64> = person.features.keys().into_iter().collect();
        let mut met = Vec::new();
        let mut common = Vec::new();
        for (tag, key) in record.tagged_keys() {
            if !theirs.contains(&key) {
                continue;
            }
            if self.blocks.get(&key).is_some_and(|b| b.contains(&slot)) {
                met.push(tag);
            } else if self.common.contains(&key) {
                common.push(tag);
            }
        }
        let freq = Some(&self.frequencies);
        let weights = self.config.weights(freq, self.estimate.as_ref().map(|e| &e.levels));
        let prior = self.prior();
        let mut comparison = compare_with(&self.config, &weights, freq, record, &person.features, true);
        comparison.score += prior.weight;
        comparison.fields.push(prior);
        let (levels, _) = compare::comparison_levels(&self.config, &weights, freq, record, &person.features);
        Some(Explained { met, common, comparison, levels })
    }

    /// The best candidate for a record, and every candidate it would merge
    /// with (with its score, prior included).
    fn score_candidates(&self, record: &Features, weights: &Weights, prior: f64) -> (Option<u32>, Vec<(u32, f64)>) {
        let mut seen: Vec<u32> = Vec::new();
        for key in record.keys() {
            if let Some(block) = self.blocks.get(&key) {
                seen.extend(block);
            }
        }
        seen.sort_unstable();
        seen.dedup();
        seen.retain(|&slot| !self.entries[slot as usize].joined);
        let (cfg, freq) = (&self.config, Some(&self.frequencies));
        let upper = cfg.upper_score();
        let rank = |c: &Comparison| (c.conflict.is_none() && c.outright.is_some(), c.conflict.is_none(), c.score);
        let merges = |c: &Comparison| c.conflict.is_none() && (c.outright.is_some() || c.score + prior >= upper);
        // Candidates in order of what they could score at most, so that the
        // names are compared only while a candidate could still beat the
        // best or merge.
        let bound = names_bound(cfg, weights, freq, record);
        let mut order: Vec<(u32, Comparison)> = Vec::with_capacity(seen.len());
        let mut features: Vec<&Features> = Vec::with_capacity(16);
        for run in seen.chunks(16) {
            features.clear();
            features.extend(run.iter().map(|&slot| &self.entries[slot as usize].features));
            warm(&features);
            for (&slot, &person) in run.iter().zip(&features) {
                let mut c = compare_rest(cfg, weights, freq, record, person);
                c.score += bound;
                order.push((slot, c));
            }
        }
        order.sort_by(|(sa, a), (sb, b)| rank(b).partial_cmp(&rank(a)).unwrap_or(Ordering::Equal).then(sa.cmp(sb)));
        let mut best: Option<(u32, Comparison)> = None;
        let mut merging: Vec<(u32, f64)> = Vec::new();
        for (slot, mut c) in order {
            if best.as_ref().is_some_and(|(_, b)| rank(&c) <= rank(b)) && !merges(&c) {
                break;
            }
            let names = compare_names(cfg, weights, freq, record, &self.entries[slot as usize].features);
            c.score += names - bound;
            if merges(&c) {
                merging.push((slot, c.score + prior));
            }
            if best.as_ref().is_none_or(|(_, b)| rank(&c) > rank(b)) {
                best = Some((slot, c));
            }
        }
        (best.map(|(slot, _)| slot), merging)
    }

    /// The persons of a single record, among those the record links, that
    /// join `target` once the record is merged into it: none whose strong
    /// identifiers conflict with it, and none that it strongly contradicts.
    fn joins(
        &self,
        target: u32,
        record: &Features,
        merging: &[(u32, f64)],
        weights: &Weights,
        prior: f64,
    ) -> Vec<Joined> {
        let freq = Some(&self.frequencies);
        let mut into = self.entries[target as usize].features.clone();
        into.absorb(record.clone());
        merging
            .iter()
            .filter(|(s, _)| *s != target && self.entries[*s as usize].joinable())
            .filter(|(s, _)| {
                let c = compare_with(&self.config, weights, freq, &self.entries[*s as usize].features, &into, false);
                c.conflict.is_none() && c.score + prior >= self.config.lower_score()
            })
            .map(|(s, score)| Joined { person: self.entries[*s as usize].id.clone(), score: *score })
            .collect()
    }
}

/// A record against one person: see [`Linker::explain`].
#[derive(Debug, Clone)]
pub struct Explained {
    /// The kinds of the blocking keys that bring the two together.
    pub met: Vec<&'static str>,
    /// The kinds of keys they share that were dropped as too common.
    pub common: Vec<&'static str>,
    pub comparison: Comparison,
    /// The level of each field compared ("surname.exact"…).
    pub levels: Vec<&'static str>,
}

/// Pairwise precision, recall and F1 of a clustering against the truth:
/// each pair of records placed together is right if the truth has them together.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairScores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// `items` is (predicted cluster, true cluster) per record.
pub fn pair_scores(items: &[(String, String)]) -> PairScores {
    fn pairs(counts: impl Iterator<Item = usize>) -> f64 {
        counts.map(|n| (n * n.saturating_sub(1) / 2) as f64).sum()
    }
    let mut predicted: HashMap<&str, usize> = HashMap::new();
    let mut truth: HashMap<&str, usize> = HashMap::new();
    let mut both: HashMap<(&str, &str), usize> = HashMap::new();
    for (p, t) in items {
        *predicted.entry(p).or_default() += 1;
        *truth.entry(t).or_default() += 1;
        *both.entry((p, t)).or_default() += 1;
    }
    let tp = pairs(both.into_values());
    let pp = pairs(predicted.into_values());
    let tt = pairs(truth.into_values());
    let precision = if pp > 0.0 { tp / pp } else { 1.0 };
    let recall = if tt > 0.0 { tp / tt } else { 1.0 };
    let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
    PairScores { precision, recall, f1 }
}
