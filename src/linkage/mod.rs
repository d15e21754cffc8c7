//! Record linkage: each incoming nominal is compared, through blocking keys
//! (never all pairs), with the persons already known, scored Fellegi–Sunter
//! style, and merged, queued for review or kept apart. Every decision
//! carries its evidence.

mod compare;
mod features;
mod frequencies;

#[cfg(test)]
mod tests;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

pub use compare::{compare, compare_with, Comparison, FieldEvidence, LinkageConfig, Weights, LOWER, UPPER};
pub use features::Features;
pub use frequencies::Frequencies;

use crate::domain::person::PersonDetails;

/// Blocks larger than this are too common to tell anyone apart.
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
    pub score: Option<f64>,
    pub fields: Vec<FieldEvidence>,
    /// Why a high score did not merge, or why a low one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The persons known so far, by blocking key.
pub struct Linker {
    config: LinkageConfig,
    entries: Vec<(String, Features)>,
    by_id: HashMap<String, u32>,
    blocks: HashMap<u64, Vec<u32>>,
    frequencies: Frequencies,
}

impl Linker {
    pub fn new(config: LinkageConfig) -> Self {
        Self {
            config,
            entries: Vec::new(),
            by_id: HashMap::new(),
            blocks: HashMap::new(),
            frequencies: Frequencies::default(),
        }
    }

    pub fn persons(&self) -> usize {
        self.entries.len()
    }

    /// Adds a person, or more variants of one already known.
    pub fn add(&mut self, person_id: &str, details: &PersonDetails) {
        let slot = match self.by_id.get(person_id) {
            Some(&i) => {
                self.entries[i as usize].1.add(details);
                i
            }
            None => {
                self.frequencies.count(details);
                let i = self.entries.len() as u32;
                self.entries.push((person_id.to_string(), Features::of(details)));
                self.by_id.insert(person_id.to_string(), i);
                i
            }
        };
        for key in self.entries[slot as usize].1.keys() {
            let block = self.blocks.entry(key).or_default();
            if block.len() < MAX_BLOCK && block.last() != Some(&slot) && !block.contains(&slot) {
                block.push(slot);
            }
        }
    }

    /// Decides where a record belongs.
    pub fn decide(&self, details: &PersonDetails) -> Decision {
        let record = Features::of(details);
        let mut seen: Vec<u32> = Vec::new();
        for key in record.keys() {
            if let Some(block) = self.blocks.get(&key) {
                seen.extend(block);
            }
        }
        seen.sort_unstable();
        seen.dedup();
        let freq = Some(&self.frequencies);
        let weights = self.config.weights(freq);
        let rank = |c: &Comparison| (c.conflict.is_none() && c.shared_pnc, c.conflict.is_none(), c.score);
        let mut best: Option<(u32, Comparison)> = None;
        for slot in seen {
            // Scored without the values for a reader; the winner is explained below.
            let c = compare_with(&self.config, &weights, freq, &record, &self.entries[slot as usize].1, false);
            if best.as_ref().is_none_or(|(_, b)| rank(&c) > rank(b)) {
                best = Some((slot, c));
            }
        }
        let Some((slot, _)) = best else {
            return Decision { outcome: Outcome::New, candidate: None, score: None, fields: Vec::new(), note: None };
        };
        let person = &self.entries[slot as usize];
        let mut c = compare_with(&self.config, &weights, freq, &record, &person.1, true);
        // The prior odds that the record is this one person among all those known.
        let prior = self.config.prior(self.entries.len());
        c.score += prior.weight;
        c.fields.push(prior);
        let candidate = Some(person.0.clone());
        let (outcome, note) = if let Some(conflict) = &c.conflict {
            let outcome = if c.score >= self.config.lower { Outcome::Review } else { Outcome::New };
            (outcome, Some(format!("conflicting strong identifier: {conflict}")))
        } else if c.shared_pnc {
            (Outcome::Merged, Some("a valid PNC ID is shared".to_string()))
        } else if c.score >= self.config.upper {
            (Outcome::Merged, None)
        } else if c.score >= self.config.lower {
            (Outcome::Review, None)
        } else {
            (Outcome::New, None)
        };
        Decision { outcome, candidate, score: Some(c.score), fields: c.fields, note }
    }
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
