//! Field comparisons with graded agreement levels, and the Fellegi–Sunter
//! weight each level carries: log2(m/u), where m is how often true matches
//! show the level and u how often non-matches do.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::features::{Features, NameForm, Street, Token};
use super::frequencies::{Agreement, Frequencies};
use crate::domain::dates::PartialDate;
use crate::domain::person::Sex;
use crate::domain::FieldError;
use crate::matching::{bag_distance, dob_agreement, edit_distance, jaro_winkler, DobAgreement};

/// m for exact name agreement, and the bounds on a name's share used as u.
const EXACT_M: f64 = 0.8;
const MIN_U: f64 = 0.0005;
const MAX_U: f64 = 0.1;

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
    ("forename.differs", 0.01, 0.98),
    ("dob.exact", 0.90, 0.000_05),
    ("dob.month", 0.90, 0.001_25),
    // A year alone (a record that gives no more): a person's records agree
    // on it as often as on a month, and strangers of one name share it no
    // more often than strangers do.
    ("dob.year", 0.90, 0.017),
    ("dob.swapped", 0.02, 0.000_1),
    ("dob.near", 0.005, 0.01),
    ("dob.differs", 0.002, 0.985),
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
    ("dob.exact", Agreement::Date),
    ("dob.month", Agreement::Month),
    ("dob.year", Agreement::Year),
    ("postcode.exact", Agreement::PostcodeSameSurname),
    ("postcode.exact_other_surname", Agreement::PostcodeOtherSurname),
];

fn default_mu(key: &str) -> Option<(f64, f64)> {
    DEFAULT_MU.iter().find(|(k, _, _)| *k == key).map(|(_, m, u)| (*m, *u))
}

/// Thresholds and weights; every value may be overridden in configuration.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkageConfig {
    /// The match probability at or above which a record merges.
    pub upper: f64,
    /// The match probability at or above which (and below `upper`) a pair
    /// goes to review.
    pub lower: f64,
    /// "field.level" → weight (log2 m/u), overriding the default or the
    /// weight estimated from the data.
    #[serde(default)]
    pub weights: BTreeMap<String, f64>,
    /// Exact name agreement weighed by how common the name itself is in the
    /// data, rather than by how often names agree in general.
    #[serde(default)]
    pub frequency_weights: bool,
    /// Estimate the weights from the data each import meets: m by
    /// expectation–maximisation over its candidate pairs, u from how common
    /// values are and from random pairs (on by default); off, the fixed
    /// defaults apply.
    #[serde(default = "yes")]
    pub estimate: bool,
    /// The fewest persons a record is assumed to be chosen from while the
    /// prior is not estimated: the prior odds that a record is one given
    /// person are one in the persons known, or in this many while fewer
    /// are known.
    #[serde(default = "min_population")]
    pub min_population: f64,
    /// Identifiers unique to one person, besides the PNC ID: "ni", "cro" or
    /// the label of an identifier of kind `other`. Shared, they link
    /// outright; different, they keep two records apart. A mapping's
    /// `unique = true` adds its identifier here.
    #[serde(default)]
    pub unique: Vec<String>,
}

fn min_population() -> f64 {
    MIN_POPULATION
}

/// The default floor on the population.
pub const MIN_POPULATION: f64 = 1_000.0;

fn yes() -> bool {
    true
}

impl Default for LinkageConfig {
    fn default() -> Self {
        Self {
            upper: UPPER,
            lower: LOWER,
            weights: BTreeMap::new(),
            frequency_weights: false,
            estimate: true,
            min_population: MIN_POPULATION,
            unique: Vec::new(),
        }
    }
}

/// The default thresholds, as match probabilities: a record merges at 99 in
/// 100, and a possible match goes to review from 1 in 20 (a reviewer sees
/// the pairs a wrong merge or a missed one would come from; about where
/// review began when scores were log-odds, at 16 to 1 against).
pub const UPPER: f64 = 0.99;
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

    /// The prior weight of a record being one given person among `persons`,
    /// while none is estimated from the data.
    pub fn prior(&self, persons: usize) -> FieldEvidence {
        let n = (persons as f64).max(self.min_population).max(1.0);
        FieldEvidence {
            field: "prior".into(),
            level: "one person among those known".into(),
            weight: -n.log2(),
            detail: format!("{persons} persons known"),
        }
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
    surname: [f64; 5],
    surname_differs_female: f64,
    forename: [f64; 5],
    forename_same_surname: f64,
    dob: [f64; DOB_LEVELS.len()],
    postcode: PostcodeWeights,
    sex: [f64; 2],
}

impl Weights {
    fn set(&mut self, key: &'static str, weight: f64) {
        self.table.push((key, weight));
    }

    /// Lays out the levels every comparison reads, once all are set.
    fn resolve(mut self) -> Self {
        for level in [Level::Exact, Level::Nickname, Level::Close, Level::Phonetic, Level::Differs] {
            self.surname[level as usize] = self.get(surname_key(level));
            self.forename[level as usize] = self.get(forename_key(level));
        }
        self.surname_differs_female = self.get("surname.differs_female");
        self.forename_same_surname = self.get("forename.exact_same_surname");
        for (i, level) in DOB_LEVELS.iter().enumerate() {
            self.dob[i] = self.get(level);
        }
        self.postcode = PostcodeWeights {
            same_surname: self.get("postcode.exact"),
            other_surname: self.get("postcode.exact_other_surname"),
            differs: self.get("postcode.differs"),
        };
        self.sex = [self.get("sex.agrees"), self.get("sex.differs")];
        self
    }

    pub fn get(&self, key: &str) -> f64 {
        self.table.iter().find(|(k, _)| *k == key).map_or(0.0, |(_, w)| *w)
    }
}

/// A shared postcode, between persons of the same surname or of
/// different ones, and postcodes that differ.
#[derive(Debug, Clone, Copy, Default)]
struct PostcodeWeights {
    same_surname: f64,
    other_surname: f64,
    differs: f64,
}

fn surname_key(level: Level) -> &'static str {
    match level {
        Level::Exact => "surname.exact",
        Level::Nickname | Level::Close => "surname.close",
        Level::Phonetic => "surname.phonetic",
        Level::Differs => "surname.differs",
    }
}

fn forename_key(level: Level) -> &'static str {
    match level {
        Level::Exact => "forename.exact",
        Level::Nickname => "forename.nickname",
        Level::Close => "forename.close",
        Level::Phonetic => "forename.phonetic",
        Level::Differs => "forename.differs",
    }
}

/// One field's part in a score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldEvidence {
    pub field: String,
    pub level: String,
    pub weight: f64,
    /// The two values compared, for a reader.
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub score: f64,
    pub fields: Vec<FieldEvidence>,
    /// An identifier unique to one person held by both and different: never merge.
    pub conflict: Option<String>,
    /// An identifier unique to one person shared (a valid PNC ID, or one
    /// the mapping marks unique): link outright. Names it.
    pub outright: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Exact = 0,
    Nickname = 1,
    Close = 2,
    Phonetic = 3,
    Differs = 4,
}

impl Level {
    fn as_str(self) -> &'static str {
        match self {
            Level::Exact => "exact",
            Level::Nickname => "nickname",
            Level::Close => "close",
            Level::Phonetic => "phonetic",
            Level::Differs => "differs",
        }
    }
}

fn token_level(a: &Token, b: &Token, forename: bool) -> Level {
    if a.text == b.text {
        return Level::Exact;
    }
    if forename && a.groups.iter().any(|g| b.groups.contains(g)) {
        return Level::Nickname;
    }
    let (x, y) = (a.text.as_str(), b.text.as_str());
    let n = x.len().min(y.len());
    // Only names of about the same length with the same first letter can be
    // close; the rest are told apart without the dearer measures.
    if x.len().abs_diff(y.len()) <= 2 && n >= 4 {
        let edits = if n >= 7 { 2 } else { 1 };
        // The letters' difference bounds the edits from below, and is cheap.
        let within = bag_distance(x, y) <= edits && edit_distance(x, y) <= edits;
        if within || (x.as_bytes()[0] == y.as_bytes()[0] && jaro_winkler(x, y) >= 0.93) {
            return Level::Close;
        }
    }
    if a.code == b.code {
        return Level::Phonetic;
    }
    Level::Differs
}

/// The best level between any word of one surname and any of the other,
/// with the parts run together too (Smith-Jones, Smith Jones, Smithjones),
/// and the word of `a` that gave it. `b` holds forenames when the order is
/// swapped, and then short forms count as nicknames.
fn surname_level<'a>(a: &'a NameForm, b: &[Token], b_joined: &Token, swapped: bool) -> (Level, &'a str) {
    let mut best = (Level::Differs, "");
    for x in &a.surname {
        for y in b {
            let l = token_level(x, y, swapped);
            if l < best.0 {
                best = (l, x.text.as_str());
            }
        }
    }
    if best.0 > Level::Exact && (a.surname.len() > 1 || b.len() > 1) {
        let l = token_level(&a.joined, b_joined, false);
        if l < best.0 {
            best = (l, a.surname.first().map_or("", |t| t.text.as_str()));
        }
    }
    best
}

/// The weight of a name level: for exact agreement, with frequency weights
/// on and enough persons known, u is the name's own share, so rare names
/// weigh more than common ones.
fn name_weight(cfg: &LinkageConfig, w: &Weights, freq: Option<&Frequencies>, field: Agreement, token: &str) -> f64 {
    let key = if field == Agreement::Surname { "surname.exact" } else { "forename.exact" };
    match freq.filter(|_| cfg.frequency_weights && !cfg.weights.contains_key(key)).and_then(|f| f.share(field, token)) {
        Some(u) => (EXACT_M / u.clamp(MIN_U, MAX_U)).log2(),
        None => w.get(key),
    }
}

/// The best pairing of two names so far: total weight, which name of each,
/// order swapped, the surname's level and weight, the forename's.
type NamePairing = (f64, usize, usize, bool, (Level, f64), Option<(Level, f64)>);

struct Scorer<'a> {
    cfg: &'a LinkageConfig,
    w: &'a Weights,
    freq: Option<&'a Frequencies>,
    score: f64,
    /// The parts of the score for a reader; None while only the score is
    /// wanted, so that scoring the many candidates allocates nothing.
    fields: Option<Vec<FieldEvidence>>,
    /// Whether the surnames differ; None until the names are compared.
    surname_differs: Option<bool>,
    /// Whether the first forenames agree exactly; None until the names are
    /// compared.
    forename_exact: Option<bool>,
    /// The level of each field compared, when asked for (the comparison
    /// vectors weights are estimated from).
    levels: Option<Vec<&'static str>>,
}

impl<'a> Scorer<'a> {
    /// `explain` keeps each field's part for a reader.
    fn new(cfg: &'a LinkageConfig, w: &'a Weights, freq: Option<&'a Frequencies>, explain: bool) -> Self {
        Scorer {
            cfg,
            w,
            freq,
            score: 0.0,
            fields: explain.then(Vec::new),
            surname_differs: None,
            forename_exact: None,
            levels: None,
        }
    }

    /// Adds one field's part: `key` names its level (none where the part
    /// stands for no level of its own).
    fn add(
        &mut self,
        key: Option<&'static str>,
        field: &str,
        weight: f64,
        level: impl FnOnce() -> String,
        detail: impl FnOnce() -> String,
    ) {
        if let (Some(levels), Some(key)) = (self.levels.as_mut(), key) {
            levels.push(key);
        }
        self.score += weight;
        if let Some(fields) = self.fields.as_mut() {
            fields.push(FieldEvidence { field: field.into(), level: level(), weight, detail: detail() });
        }
    }

    fn level_weight(&self, surname: bool, level: Level, token: &str, female: bool) -> f64 {
        match (surname, level) {
            (true, Level::Exact) => name_weight(self.cfg, self.w, self.freq, Agreement::Surname, token),
            (false, Level::Exact) => name_weight(self.cfg, self.w, self.freq, Agreement::Forename, token),
            (true, Level::Differs) if female => self.w.surname_differs_female,
            (true, level) => self.w.surname[level as usize],
            (false, level) => self.w.forename[level as usize],
        }
    }

    /// Whether a forename's agreement is weighed as between two of the same
    /// surname (frequency weights weigh the name itself instead).
    fn within_surname(&self, surname: Level, forename: Level) -> bool {
        surname == Level::Exact && forename == Level::Exact && !self.cfg.frequency_weights
    }

    /// The best pairing of names, allowing forenames and surname swapped.
    fn names(&mut self, a: &[NameForm], b: &[NameForm], female: bool) {
        let mut best: Option<NamePairing> = None;
        for (i, x) in a.iter().enumerate() {
            for (j, y) in b.iter().enumerate() {
                for swap in [false, true] {
                    let (yf, ys, joined) = if swap {
                        (&y.surname, &y.forenames, &y.forenames_joined)
                    } else {
                        (&y.forenames, &y.surname, &y.joined)
                    };
                    if ys.is_empty() {
                        continue;
                    }
                    let (s, token) = surname_level(x, ys, joined, swap);
                    let sw = self.level_weight(true, s, token, female);
                    let f = match (x.forenames.first(), yf.first()) {
                        (Some(p), Some(q)) => {
                            let mut l = token_level(p, q, true);
                            // Forenames run together: "Soniaasha" for "Sonia Asha".
                            if l > Level::Close && (x.forenames.len() > 1 || yf.len() > 1) {
                                let yj = if swap { &y.joined } else { &y.forenames_joined };
                                let joined = token_level(&x.forenames_joined, yj, false);
                                if joined <= Level::Close {
                                    l = joined;
                                }
                            }
                            let weight = if self.within_surname(s, l) {
                                self.w.forename_same_surname
                            } else {
                                self.level_weight(false, l, &p.text, female)
                            };
                            Some((l, weight))
                        }
                        _ => None,
                    };
                    let total = sw + f.map_or(0.0, |(_, w)| w);
                    if best.as_ref().is_none_or(|b| total > b.0) {
                        best = Some((total, i, j, swap, (s, sw), f));
                    }
                }
            }
        }
        let Some((_, i, j, swap, (s, sw), f)) = best else {
            self.forenames_alone(a, b, female);
            return;
        };
        self.surname_differs = Some(s == Level::Differs);
        self.forename_exact = Some(f.is_some_and(|(l, _)| l == Level::Exact));
        let (x, y) = (&a[i], &b[j]);
        let texts =
            || if swap { (y.surname_text(), y.forenames_text()) } else { (y.forenames_text(), y.surname_text()) };
        let level = || {
            let mut level = s.as_str().to_string();
            if s == Level::Differs && female {
                level = "differs (female)".into();
            }
            if swap {
                level.push_str(" (order swapped)");
            }
            level
        };
        let surname_key = if s == Level::Differs && female { "surname.differs_female" } else { surname_key(s) };
        self.add(Some(surname_key), "surname", sw, level, || format!("{} / {}", x.surname_text(), texts().1));
        if let Some((l, fw)) = f {
            let within = self.within_surname(s, l);
            let (level, key) = if within {
                ("exact (same surname)", "forename.exact_same_surname")
            } else {
                (l.as_str(), forename_key(l))
            };
            self.add(Some(key), "forename", fw, || level.into(), || format!("{} / {}", x.forenames_text(), texts().0));
        }
    }

    /// Names of which one has no surname known: the first forenames alone.
    fn forenames_alone(&mut self, a: &[NameForm], b: &[NameForm], female: bool) {
        let mut best: Option<(Level, &Token, &Token)> = None;
        for x in a.iter().filter_map(|n| n.forenames.first()) {
            for y in b.iter().filter_map(|n| n.forenames.first()) {
                let l = token_level(x, y, true);
                if best.is_none_or(|(b, ..)| l < b) {
                    best = Some((l, x, y));
                }
            }
        }
        let Some((l, x, y)) = best else { return };
        self.forename_exact = Some(l == Level::Exact);
        let weight = self.level_weight(false, l, &x.text, female);
        self.add(
            Some(forename_key(l)),
            "forename",
            weight,
            || l.as_str().into(),
            || format!("{} / {}", x.text, y.text),
        );
    }

    fn dob(&mut self, a: &[PartialDate], b: &[PartialDate]) {
        let mut best: Option<(f64, usize, PartialDate, PartialDate)> = None;
        for x in a {
            for y in b {
                let level = dob_level(*x, *y) as usize;
                let weight = self.w.dob[level];
                if best.is_none_or(|b| weight > b.0) {
                    best = Some((weight, level, *x, *y));
                }
            }
        }
        if let Some((weight, level, x, y)) = best {
            let key = DOB_LEVELS[level];
            self.add(Some(key), "date_of_birth", weight, || key["dob.".len()..].into(), || format!("{x} / {y}"));
        }
    }
}

/// The levels dates of birth are weighed at, named in [`DOB_LEVELS`] in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DobLevel {
    Exact,
    Month,
    Year,
    Swapped,
    Near,
    Differs,
}

const DOB_LEVELS: [&str; 6] = ["dob.exact", "dob.month", "dob.year", "dob.swapped", "dob.near", "dob.differs"];

/// The level two dates of birth agree at, by the shared ladder: to the
/// precision both give. A month that may be the other's day (swapped before
/// the day was lost) agrees to the year alone; a slip is near. A partial
/// date a year out differs: no day and month say it is a slip, and weighed
/// as near it sends namesakes to review (in the synthetic exports, all it
/// sends are namesakes).
fn dob_level(a: PartialDate, b: PartialDate) -> DobLevel {
    match dob_agreement(a, b) {
        DobAgreement::Exact => DobLevel::Exact,
        DobAgreement::Month => DobLevel::Month,
        DobAgreement::Year | DobAgreement::MonthIsDay => DobLevel::Year,
        DobAgreement::Swapped => DobLevel::Swapped,
        DobAgreement::Near(_) => DobLevel::Near,
        DobAgreement::YearApart | DobAgreement::Differs => DobLevel::Differs,
    }
}

/// Whether two persons' dates of birth rule each other out: both are known
/// and no date of one agrees with any of the other even in part (a day and
/// month swapped, a one-digit slip and a partial date all still agree).
pub fn dates_rule_out(a: &Features, b: &Features) -> bool {
    !a.dobs.is_empty()
        && !b.dobs.is_empty()
        && a.dobs.iter().all(|x| b.dobs.iter().all(|y| dob_level(*x, *y) == DobLevel::Differs))
}

fn shared<'a>(a: &'a [String], b: &[String]) -> Option<&'a String> {
    a.iter().find(|x| b.contains(x))
}

/// Compares a record with a person, with the values compared for a reader.
pub fn compare(cfg: &LinkageConfig, freq: Option<&Frequencies>, record: &Features, person: &Features) -> Comparison {
    compare_with(cfg, &cfg.weights(freq, None), freq, record, person, true)
}

/// The level of each field a record and a person are compared at: their
/// comparison vector, with the score under `w`.
pub(crate) fn comparison_levels(
    cfg: &LinkageConfig,
    w: &Weights,
    freq: Option<&Frequencies>,
    record: &Features,
    person: &Features,
) -> (Vec<&'static str>, f64) {
    let mut sc = Scorer::new(cfg, w, freq, false);
    sc.levels = Some(Vec::new());
    sc.names(&record.names, &person.names, female(record, person));
    sc.rest(record, person);
    (sc.levels.unwrap_or_default(), sc.score)
}

/// Compares a record with a person under resolved weights; `explain` keeps
/// each field's part with the values compared, for a reader.
pub fn compare_with(
    cfg: &LinkageConfig,
    w: &Weights,
    freq: Option<&Frequencies>,
    record: &Features,
    person: &Features,
    explain: bool,
) -> Comparison {
    let mut sc = Scorer::new(cfg, w, freq, explain);
    sc.names(&record.names, &person.names, female(record, person));
    let (conflict, outright) = sc.rest(record, person);
    Comparison { score: sc.score, fields: sc.fields.unwrap_or_default(), conflict, outright }
}

/// Everything but the names, unexplained: cheap, so that candidates can be
/// ordered by it and the dearer name comparison skipped for those that
/// cannot beat the best (see [`Weights::names_bound`]). A shared postcode
/// counts at the most it can weigh; [`compare_names`] takes back the rest.
pub fn compare_rest(
    cfg: &LinkageConfig,
    w: &Weights,
    freq: Option<&Frequencies>,
    record: &Features,
    person: &Features,
) -> Comparison {
    let mut sc = Scorer::new(cfg, w, freq, false);
    let (conflict, outright) = sc.rest(record, person);
    Comparison { score: sc.score, fields: Vec::new(), conflict, outright }
}

/// The names' part of the score alone, unexplained.
pub fn compare_names(
    cfg: &LinkageConfig,
    w: &Weights,
    freq: Option<&Frequencies>,
    record: &Features,
    person: &Features,
) -> f64 {
    let mut sc = Scorer::new(cfg, w, freq, false);
    sc.names(&record.names, &person.names, female(record, person));
    // [`compare_rest`] counted a shared postcode at the most it can weigh,
    // between different surnames; between the same, it weighs less.
    if sc.surname_differs == Some(false) && shared(&record.postcodes, &person.postcodes).is_some() {
        sc.score -= w.postcode.other_surname - w.postcode.same_surname;
    }
    // Likewise an agreeing sex, which adds nothing to an agreeing forename.
    if sc.forename_exact == Some(true) && record.sex.is_some() && record.sex == person.sex {
        sc.score -= w.sex[0];
    }
    sc.score
}

/// Women change surname on marriage far more often than men.
fn female(record: &Features, person: &Features) -> bool {
    record.sex == Some(Sex::Female) || person.sex == Some(Sex::Female)
}

impl Weights {
    /// The most the names can add to a score. Kept tight, since it decides
    /// how many candidates have their names compared: an exact forename
    /// weighs less beside an exact surname than beside any other.
    pub fn names_bound(&self, cfg: &LinkageConfig) -> f64 {
        let most = |levels: &[f64]| levels.iter().copied().fold(f64::MIN, f64::max);
        if cfg.frequency_weights {
            let frequency = (EXACT_M / MIN_U).log2();
            return most(&self.surname).max(self.surname_differs_female).max(frequency)
                + most(&self.forename).max(frequency);
        }
        let exact = Level::Exact as usize;
        let surname_inexact = most(&self.surname[exact + 1..]).max(self.surname_differs_female);
        let forename_inexact = most(&self.forename[exact + 1..]);
        (self.surname[exact] + forename_inexact.max(self.forename_same_surname))
            .max(surname_inexact + forename_inexact.max(self.forename[exact]))
    }
}

impl Scorer<'_> {
    /// Date of birth, postcode, address, sex and identifiers; returns
    /// (conflicting identifier unique to one person, shared one).
    fn rest(&mut self, record: &Features, person: &Features) -> (Option<String>, Option<String>) {
        let w = self.w;
        self.dob(&record.dobs, &person.dobs);
        if !record.postcodes.is_empty() && !person.postcodes.is_empty() {
            let agrees = shared(&record.postcodes, &person.postcodes).is_some();
            // Before the names are compared, a shared postcode counts at the
            // most it can weigh (see [`compare_names`]).
            let (weight, key, level) = match (agrees, self.surname_differs) {
                (true, Some(false)) => (w.postcode.same_surname, "postcode.exact", "exact"),
                (true, _) => (w.postcode.other_surname, "postcode.exact_other_surname", "exact (other surname)"),
                (false, _) => (w.postcode.differs, "postcode.differs", "differs"),
            };
            self.add(
                Some(key),
                "postcode",
                weight,
                || level.into(),
                || format!("{} / {}", record.postcodes.join(" "), person.postcodes.join(" ")),
            );
        }
        let same_postcode = shared(&record.postcodes, &person.postcodes).is_some();
        if let Some((level, a, b)) = address_level(&record.streets, &person.streets) {
            let key = match (same_postcode, level) {
                (false, level) => level.key(),
                (true, AddressLevel::Exact) => "address.same_house",
                (true, _) => "address.other_house",
            };
            // The detail is written out only for the evidence kept, not for
            // every candidate scored.
            self.add(
                Some(key),
                "address",
                w.get(key),
                || key["address.".len()..].into(),
                || format!("{} / {}", show_street(a), show_street(b)),
            );
        }
        if let (Some(a), Some(b)) = (record.sex, person.sex) {
            // A forename tells the sex, so agreeing on both counts once.
            // Before the names are compared, it counts at its weight.
            let (weight, key, level) = match (a == b, self.forename_exact) {
                (true, Some(true)) => (0.0, None, "agrees (as the forename says)"),
                (true, _) => (w.sex[0], Some("sex.agrees"), "agrees"),
                (false, _) => (w.sex[1], Some("sex.differs"), "differs"),
            };
            self.add(key, "sex", weight, || level.into(), || format!("{a:?} / {b:?}"));
        }
        let mut conflict = None;
        let mut outright = None;
        for (name, a, b) in [
            ("pnc", &record.pnc, &person.pnc),
            ("cro", &record.cro, &person.cro),
            ("ni", &record.ni, &person.ni),
            ("phone", &record.phones, &person.phones),
        ] {
            if a.is_empty() || b.is_empty() {
                continue;
            }
            // A PNC ID is one person's; a CRO number is never two people's;
            // others are so where the configuration says.
            let unique = name == "pnc" || self.cfg.is_unique(name);
            match shared(a, b) {
                Some(v) => {
                    if unique && name != "cro" {
                        outright = Some(format!("{name} {v}"));
                    }
                    let key = match name {
                        "pnc" => "pnc.agrees",
                        "cro" => "cro.agrees",
                        "ni" => "ni.agrees",
                        _ => "phone.agrees",
                    };
                    self.add(Some(key), name, w.get(key), || "agrees".into(), || v.clone());
                }
                None if unique || name == "cro" => {
                    conflict = Some(format!("{name} {} / {}", a.join(" "), b.join(" ")));
                }
                None if name == "ni" => self.add(
                    Some("ni.differs"),
                    name,
                    w.get("ni.differs"),
                    || "differs".into(),
                    || format!("{} / {}", a.join(" "), b.join(" ")),
                ),
                None => {}
            }
        }
        for (label, level, x, y) in other_levels(&record.others, &person.others) {
            let key = level.key();
            let unique = self.cfg.is_unique(label);
            match level {
                OtherLevel::Exact if unique => outright = Some(format!("{label} {x}")),
                OtherLevel::Differs if unique => conflict = Some(format!("{label} {x} / {y}")),
                _ => {}
            }
            let level = key["other.".len()..].to_string();
            self.add(Some(key), label, w.get(key), || level, || format!("{x} / {y}"));
        }
        (conflict, outright)
    }
}

/// How far two identifiers of kind `other` with the same label agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum OtherLevel {
    Exact,
    /// One character different, added, dropped, or two swapped.
    Close,
    Differs,
}

impl OtherLevel {
    fn key(self) -> &'static str {
        match self {
            OtherLevel::Exact => "other.exact",
            OtherLevel::Close => "other.close",
            OtherLevel::Differs => "other.differs",
        }
    }
}

/// For each label both hold, the best level between their values, with
/// the values that gave it.
fn other_levels<'a>(
    a: &'a [(String, String)],
    b: &'a [(String, String)],
) -> Vec<(&'a str, OtherLevel, &'a str, &'a str)> {
    let mut out: Vec<(&str, OtherLevel, &str, &str)> = Vec::new();
    for (la, x) in a {
        for (lb, y) in b.iter().filter(|(lb, _)| lb == la) {
            let level = if x == y {
                OtherLevel::Exact
            } else if x.len().abs_diff(y.len()) <= 1 && edit_distance(x, y) <= 1 {
                OtherLevel::Close
            } else {
                OtherLevel::Differs
            };
            match out.iter_mut().find(|(l, ..)| *l == la.as_str()) {
                Some(best) if level < best.1 => *best = (lb, level, x, y),
                Some(_) => {}
                None => out.push((la, level, x, y)),
            }
        }
    }
    out
}

/// How far two addresses' lines agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum AddressLevel {
    /// The same house number on the same street.
    Exact,
    /// The same street, another number or none.
    Street,
    /// Only a place in common (a locality, a town).
    Place,
    Differs,
}

impl AddressLevel {
    fn key(self) -> &'static str {
        match self {
            AddressLevel::Exact => "address.exact",
            AddressLevel::Street => "address.street",
            AddressLevel::Place => "address.place",
            AddressLevel::Differs => "address.differs",
        }
    }
}

/// Street names that are the same but for a slip or two.
fn same_street(a: &str, b: &str) -> bool {
    a == b || (a.len().min(b.len()) >= 6 && a.len().abs_diff(b.len()) <= 2 && edit_distance(a, b) <= 2)
}

fn street_level(a: &Street, b: &Street) -> AddressLevel {
    if !a.street.is_empty() && same_street(&a.street, &b.street) {
        if !a.number.is_empty() && a.number == b.number {
            return AddressLevel::Exact;
        }
        return AddressLevel::Street;
    }
    if a.places.iter().any(|p| b.places.contains(p)) {
        return AddressLevel::Place;
    }
    AddressLevel::Differs
}

/// The best level between any address of one and any of the other.
fn address_level<'a>(a: &'a [Street], b: &'a [Street]) -> Option<(AddressLevel, &'a Street, &'a Street)> {
    let mut best: Option<(AddressLevel, &Street, &Street)> = None;
    for x in a {
        for y in b {
            let level = street_level(x, y);
            if best.is_none_or(|(l, ..)| level < l) {
                best = Some((level, x, y));
            }
        }
    }
    best
}

/// A street as the evidence shows it: number and street.
fn show_street(s: &Street) -> String {
    format!("{} {}", s.number, s.street).trim().to_string()
}
