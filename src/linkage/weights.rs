//! What each level of a comparison weighs: the defaults, the thresholds,
//! and the weights resolved from configuration and the data (Fellegi–Sunter
//! log2(m/u), m how often true matches show the level, u how often
//! non-matches do).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::frequencies::{Agreement, Frequencies};
use super::levels::{forename_key, surname_key, Level, DOB_LEVELS};
use crate::domain::FieldError;

/// m for exact name agreement, and the bounds on a name's share used as u.
pub(super) const EXACT_M: f64 = 0.8;
pub(super) const MIN_U: f64 = 0.0005;
pub(super) const MAX_U: f64 = 0.1;

/// (field.level, m, u): the defaults, from how records of the same person
/// differ in practice; a deployment may override any weight. Dates of birth
/// are graded by the precision both records share: m is the chance that a
/// person's two records agree at that precision, u the chance that two
/// persons do (about one in 20,000 for a whole date, one in 800 for a month
/// and year, one in 60 for a year).
const DEFAULT_MU: &[(&str, f64, f64)] = &[
    ("surname.exact", 0.80, 0.004),
    ("surname.close", 0.10, 0.002),
    ("surname.phonetic", 0.05, 0.01),
    ("surname.differs", 0.02, 0.984),
    ("surname.differs_female", 0.12, 0.984),
    ("forename.exact", 0.80, 0.01),
    // A forename shared by two of one surname: names run in families and
    // communities, so strangers of one surname share a forename about five
    // times as often as the two shares multiplied would say.
    ("forename.exact_same_surname", 0.80, 0.015),
    ("forename.nickname", 0.08, 0.002),
    ("forename.close", 0.06, 0.002),
    ("forename.phonetic", 0.03, 0.005),
    // One side gives only the initial and the other's agrees: where a source
    // gives initials, a person's records agree on the first letter nearly
    // always, strangers about one time in fifteen.
    ("forename.initial", 0.01, 0.001),
    ("forename.differs", 0.01, 0.98),
    // Further forenames, where both records give some (initials aside): a
    // person's records mostly keep them. Strangers of one forename share
    // one far more often than strangers at large: u is counted between
    // persons of the same forename once enough are known. m is not learnt
    // (see `Scorer::middle_names`).
    ("middle.agrees", 0.85, 0.01),
    ("middle.differs", 0.15, 0.99),
    ("dob.exact", 0.90, 0.000_05),
    ("dob.month", 0.90, 0.001_25),
    // A year alone (a record that gives no more): a person's records agree
    // on it as often as on a month, and strangers of one name share it no
    // more often than strangers do.
    ("dob.year", 0.90, 0.017),
    ("dob.swapped", 0.02, 0.000_1),
    ("dob.near", 0.005, 0.01),
    // Whole dates under a year apart: next to never a person's own in the
    // synthetic exports, but some sources record dates weeks or months out
    // (a third of a person's records in Splink's fake_1000), where EM
    // learns it. Strangers are under a year apart about one time in fifty.
    ("dob.within_year", 0.000_2, 0.02),
    ("dob.differs", 0.002, 0.965),
    // A postcode shared: households share surnames too, so between persons
    // of different surnames it is rarer by chance.
    ("postcode.exact", 0.60, 0.005),
    ("postcode.exact_other_surname", 0.60, 0.001),
    ("postcode.differs", 0.40, 0.995),
    ("sex.agrees", 0.98, 0.5),
    ("sex.differs", 0.02, 0.5),
    ("pnc.agrees", 0.99, 0.000_001),
    ("cro.agrees", 0.99, 0.000_001),
    ("ni.agrees", 0.99, 0.000_001),
    ("ni.differs", 0.01, 0.999),
    ("phone.agrees", 0.5, 0.0001),
    // An identifier of kind `other` between records of the same label: the
    // same, one character apart (a slip), or different.
    ("other.exact", 0.90, 0.000_01),
    ("other.close", 0.05, 0.000_05),
    ("other.differs", 0.05, 0.999_9),
    // Address lines where the postcodes do not agree (or one is missing):
    // the same house and street, the same street with another number (or
    // none), only a place (locality, town) in common, or nothing.
    ("address.exact", 0.55, 0.000_5),
    ("address.street", 0.15, 0.003),
    ("address.place", 0.10, 0.03),
    ("address.differs", 0.20, 0.966),
    // Address lines where the postcodes agree, which says most of it: the
    // same house, or another house in the postcode (a neighbour, or a slip).
    ("address.same_house", 0.85, 0.3),
    ("address.other_house", 0.15, 0.7),
];

/// The levels whose u is estimated from the persons known, when no weight
/// is configured for them.
const ESTIMATED: &[(&str, Agreement)] = &[
    ("surname.exact", Agreement::Surname),
    ("forename.exact", Agreement::Forename),
    ("forename.exact_same_surname", Agreement::ForenameSameSurname),
    ("middle.agrees", Agreement::MiddleSameForename),
    ("dob.exact", Agreement::Date),
    ("dob.month", Agreement::Month),
    ("dob.year", Agreement::Year),
    ("postcode.exact", Agreement::PostcodeSameSurname),
    ("postcode.exact_other_surname", Agreement::PostcodeOtherSurname),
];

fn default_mu(key: &str) -> Option<(f64, f64)> {
    DEFAULT_MU.iter().find(|(k, _, _)| *k == key).map(|(_, m, u)| (*m, *u))
}

/// Thresholds and weights; every value may be overridden in configuration,
/// and a value left out keeps its default (see the `Default` below).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LinkageConfig {
    /// The match probability at or above which a record merges.
    pub upper: f64,
    /// The match probability at or above which (and below `upper`) a pair
    /// goes to review.
    pub lower: f64,
    /// "field.level" → weight (log2 m/u), overriding the default or the
    /// weight estimated from the data.
    pub weights: BTreeMap<String, f64>,
    /// Exact name agreement weighed by how common the name itself is in the
    /// data, rather than by how often names agree in general.
    pub frequency_weights: bool,
    /// An exact whole name (forename and surname) that fewer other persons
    /// carry than chance would give weighs more than its parts: see
    /// [`super::frequencies::Namesakes`] (on by default).
    pub name_rarity: bool,
    /// Estimate the weights from the data each import meets: m by
    /// expectation–maximisation over its candidate pairs, u from how common
    /// values are and from random pairs (on by default); off, the fixed
    /// defaults apply.
    pub estimate: bool,
    /// The fewest persons a record is assumed to be chosen from while the
    /// prior is not estimated: the prior odds that a record is one given
    /// person are one in the persons known, or in this many while fewer
    /// are known.
    pub min_population: f64,
    /// Identifiers unique to one person, besides the PNC ID: "ni", "cro" or
    /// the label of an identifier of kind `other`. Shared, they link
    /// outright; different, they keep two records apart. A mapping's
    /// `unique = true` adds its identifier here.
    pub unique: Vec<String>,
}

/// The default floor on the population.
pub const MIN_POPULATION: f64 = 1_000.0;

impl Default for LinkageConfig {
    fn default() -> Self {
        Self {
            upper: UPPER,
            lower: LOWER,
            weights: BTreeMap::new(),
            frequency_weights: false,
            name_rarity: true,
            estimate: true,
            min_population: MIN_POPULATION,
            unique: Vec::new(),
        }
    }
}

/// The default thresholds, as match probabilities: a record merges at 9 in
/// 10, and a possible match goes to review from 1 in 20 (a reviewer sees
/// the pairs a wrong merge or a missed one would come from; about where
/// review began when scores were log-odds, at 16 to 1 against).
///
/// A pair merged at probability p is right p times and wrong 1 - p times,
/// so merging from well below 0.99 finds more than it loses: at 0.99 the
/// pairs scored 0.9-0.99 at 100,000 nominals waited in review, though 96
/// in 100 of them were matches. The scores are somewhat too sure between
/// 0.5 and 0.9 at scale, which keeps the default at 0.9 rather than lower.
pub const UPPER: f64 = 0.9;
pub const LOWER: f64 = 0.05;

/// A probability as log2 odds, the scale scores add up on.
pub fn log_odds(p: f64) -> f64 {
    (p / (1.0 - p)).log2()
}

/// Log2 odds as a probability.
pub fn probability(log_odds: f64) -> f64 {
    1.0 / (1.0 + (-log_odds).exp2())
}

impl LinkageConfig {
    /// The defaults with the given overrides on top.
    pub fn with_overrides(overrides: &LinkageConfig) -> Self {
        overrides.clone()
    }

    /// The merge threshold on the score's scale (log2 odds).
    pub fn upper_score(&self) -> f64 {
        log_odds(self.upper)
    }

    /// The review threshold on the score's scale (log2 odds).
    pub fn lower_score(&self) -> f64 {
        log_odds(self.lower)
    }

    /// Whether an identifier ("ni", "cro", or an `other` label) is unique to one person.
    pub fn is_unique(&self, name: &str) -> bool {
        self.unique.iter().any(|u| u.eq_ignore_ascii_case(name) || fold_label(u) == name)
    }

    /// Every level's weight now: configured, else from m and u estimated
    /// from the data (u from the persons known where their values tell it),
    /// else the default.
    pub fn weights(&self, freq: Option<&Frequencies>, estimate: Option<&Estimated>) -> Weights {
        let mut w = Weights::default();
        for (i, (key, m, u)) in DEFAULT_MU.iter().enumerate() {
            let (m, u) = self.m_u(i, freq, estimate).unwrap_or((*m, *u));
            let weight = self.weights.get(*key).copied().unwrap_or_else(|| (m / u).log2());
            w.set(key, weight);
        }
        w.resolve()
    }

    /// m and u of the level at `index` in [`DEFAULT_MU`], from the data.
    fn m_u(&self, index: usize, freq: Option<&Frequencies>, estimate: Option<&Estimated>) -> Option<(f64, f64)> {
        let (key, m, u) = DEFAULT_MU[index];
        if !self.estimate {
            return None;
        }
        let estimated_m = estimate.and_then(|e| e.m[index]);
        // A date's level depends on the precision both records give as much
        // as on their agreement: m estimated over all pairs is a share of
        // all pairs, and so must u be (the random pairs'), not the share of
        // agreement among dates of that precision that the values give.
        let joint = key.starts_with("dob.") && estimated_m.is_some();
        let counted = ESTIMATED
            .iter()
            .filter(|_| !joint)
            .find(|(k, _)| *k == key)
            .and_then(|(_, field)| freq?.agreement(*field))
            .map(|e| e.clamp(u / 20.0, u * 20.0));
        let m = estimated_m.unwrap_or(m);
        let u = counted.or_else(|| estimate.and_then(|e| e.u[index])).unwrap_or(u);
        Some((m, u))
    }

    /// Each level with its m, u and weight now, and where each came from.
    pub fn table(&self, freq: Option<&Frequencies>, estimate: Option<&Estimated>) -> Vec<LevelWeight> {
        let weights = self.weights(freq, estimate);
        DEFAULT_MU
            .iter()
            .enumerate()
            .map(|(i, (key, m0, u0))| {
                let (m, u) = self.m_u(i, freq, estimate).unwrap_or((*m0, *u0));
                let from = if self.weights.contains_key(*key) {
                    "configured"
                } else if self.estimate && estimate.is_some_and(|e| e.m[i].is_some()) {
                    "estimated"
                } else {
                    "default"
                };
                LevelWeight { level: (*key).to_string(), m, u, weight: weights.get(key), from: from.into() }
            })
            .collect()
    }

    /// Refuses what cannot be meant: a weight of no level (a misspelt name
    /// would otherwise be ignored), a weight that is not a number, a
    /// threshold that is not a probability, thresholds the wrong way round.
    pub fn check(&self) -> Result<(), FieldError> {
        for (key, weight) in &self.weights {
            if default_mu(key).is_none() {
                let known: Vec<&str> = DEFAULT_MU.iter().map(|(k, _, _)| *k).collect();
                return Err(FieldError::new(
                    format!("weights.\"{key}\""),
                    format!("is not a linkage weight; the weights are {}", known.join(", ")),
                ));
            }
            if !weight.is_finite() {
                return Err(FieldError::new(format!("weights.\"{key}\""), "must be a number"));
            }
        }
        for (field, value) in [("upper", self.upper), ("lower", self.lower)] {
            if !(0.0..=1.0).contains(&value) {
                return Err(FieldError::new(field, format!("is a match probability, between 0 and 1 (it is {value})")));
            }
        }
        if !self.min_population.is_finite() {
            return Err(FieldError::new("min_population", "must be a number"));
        }
        if self.lower > self.upper {
            return Err(FieldError::new("lower", format!("is above upper ({} > {})", self.lower, self.upper)));
        }
        Ok(())
    }

    /// One level's weight with no data to estimate from (for reading).
    pub fn default_weight(&self, key: &str) -> Option<f64> {
        self.weights.get(key).copied().or_else(|| default_mu(key).map(|(m, u)| (m / u).log2()))
    }
}

/// An identifier label as linkage compares it: lower case, words single-spaced.
pub fn fold_label(label: &str) -> String {
    label
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// One level of the weights table: its m and u, the weight they give (or
/// the one configured), and where they came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelWeight {
    pub level: String,
    pub m: f64,
    pub u: f64,
    pub weight: f64,
    /// estimated, default or configured.
    pub from: String,
}

/// m and u estimated from the data, by level in the order of the defaults.
#[derive(Debug, Clone, Default)]
pub struct Estimated {
    pub m: Vec<Option<f64>>,
    pub u: Vec<Option<f64>>,
}

/// The levels weights are kept for, with their default m and u.
pub(crate) fn default_levels() -> &'static [(&'static str, f64, f64)] {
    DEFAULT_MU
}

/// The weight of every level, resolved once per decision, with the levels
/// every comparison needs laid out for reading without a lookup by name.
#[derive(Debug, Clone, Default)]
pub struct Weights {
    table: Vec<(&'static str, f64)>,
    pub(super) surname: [f64; NAME_LEVELS],
    pub(super) surname_differs_female: f64,
    pub(super) forename: [f64; NAME_LEVELS],
    pub(super) forename_same_surname: f64,
    /// Further forenames: one in common, none in common.
    pub(super) middle: [f64; 2],
    pub(super) dob: [f64; DOB_LEVELS.len()],
    pub(super) postcode: PostcodeWeights,
    pub(super) sex: [f64; 2],
    /// By [`ADDRESS_LEVELS`].
    pub(super) address: [f64; ADDRESS_LEVELS.len()],
}

/// The name levels, laid out in [`Weights`] by [`Level`].
const NAME_LEVELS: usize = Level::ALL.len();

/// The address levels, laid out in [`Weights`]: the first four in the
/// order of `compare::AddressLevel`.
pub(super) const ADDRESS_LEVELS: [&str; 6] = [
    "address.exact",
    "address.street",
    "address.place",
    "address.differs",
    "address.same_house",
    "address.other_house",
];

impl Weights {
    fn set(&mut self, key: &'static str, weight: f64) {
        self.table.push((key, weight));
    }

    /// Lays out the levels every comparison reads, once all are set.
    fn resolve(mut self) -> Self {
        for level in Level::ALL {
            self.surname[level as usize] = self.get(surname_key(level));
            self.forename[level as usize] = self.get(forename_key(level));
        }
        self.surname_differs_female = self.get("surname.differs_female");
        self.forename_same_surname = self.get("forename.exact_same_surname");
        self.middle = [self.get("middle.agrees"), self.get("middle.differs")];
        for (i, level) in DOB_LEVELS.iter().enumerate() {
            self.dob[i] = self.get(level);
        }
        self.postcode = PostcodeWeights {
            same_surname: self.get("postcode.exact"),
            other_surname: self.get("postcode.exact_other_surname"),
            differs: self.get("postcode.differs"),
        };
        self.sex = [self.get("sex.agrees"), self.get("sex.differs")];
        for (i, level) in ADDRESS_LEVELS.iter().enumerate() {
            self.address[i] = self.get(level);
        }
        self
    }

    pub fn get(&self, key: &str) -> f64 {
        self.table.iter().find(|(k, _)| *k == key).map_or(0.0, |(_, w)| *w)
    }
}

/// A shared postcode, between persons of the same surname or of
/// different ones, and postcodes that differ.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct PostcodeWeights {
    pub(super) same_surname: f64,
    pub(super) other_surname: f64,
    pub(super) differs: f64,
}

impl Weights {
    /// The most the names can add to a score. Kept tight, since it decides
    /// how many candidates have their names compared: an exact forename
    /// weighs less beside an exact surname than beside any other.
    /// `rare_surname` is the most the rarity of the record's surname can add
    /// (see [`super::frequencies::Carriers`]), `rare_name` the most its
    /// whole name can (see [`super::frequencies::Namesakes`]); `middle`, whether it gives middle
    /// names to compare.
    pub fn names_bound(&self, cfg: &LinkageConfig, rare_surname: f64, rare_name: f64, middle: bool) -> f64 {
        let most = |levels: &[f64]| levels.iter().copied().fold(f64::MIN, f64::max);
        let middle = if middle { most(&self.middle).max(0.0) } else { 0.0 };
        if cfg.frequency_weights {
            let frequency = (EXACT_M / MIN_U).log2();
            return most(&self.surname).max(self.surname_differs_female).max(frequency)
                + most(&self.forename).max(frequency)
                + middle;
        }
        let exact = Level::Exact as usize;
        let surname_inexact = most(&self.surname[exact + 1..]).max(self.surname_differs_female);
        let forename_inexact = most(&self.forename[exact + 1..]);
        // A name missing a part has the other compared alone.
        let one_part = (most(&self.surname) + rare_surname).max(self.surname_differs_female).max(most(&self.forename));
        (self.surname[exact] + rare_surname + forename_inexact.max(self.forename_same_surname + rare_name))
            .max(surname_inexact + forename_inexact.max(self.forename[exact]))
            .max(one_part)
            + middle
    }
}
