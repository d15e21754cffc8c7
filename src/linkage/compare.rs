//! Field comparisons with graded agreement levels, and the Fellegi–Sunter
//! weight each level carries: log2(m/u), where m is how often true matches
//! show the level and u how often non-matches do.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use strsim::{damerau_levenshtein, jaro_winkler};

use super::features::{Features, NameForm, Token};
use super::frequencies::Frequencies;

use super::frequencies::Agreement;
use crate::domain::dates::PartialDate;
use crate::domain::person::Sex;

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
    ("forename.nickname", 0.08, 0.002),
    ("forename.close", 0.06, 0.002),
    ("forename.phonetic", 0.03, 0.005),
    ("forename.differs", 0.01, 0.98),
    ("dob.exact", 0.90, 0.000_05),
    ("dob.month", 0.90, 0.001_25),
    // A year alone is what most same-named strangers share, so it counts
    // for little.
    ("dob.year", 0.10, 0.017),
    ("dob.swapped", 0.02, 0.000_1),
    ("dob.near", 0.005, 0.01),
    ("dob.differs", 0.002, 0.985),
    ("postcode.exact", 0.60, 0.005),
    ("postcode.differs", 0.40, 0.995),
    ("sex.agrees", 0.98, 0.5),
    ("sex.differs", 0.02, 0.5),
    ("pnc.agrees", 0.99, 0.000_001),
    ("cro.agrees", 0.99, 0.000_001),
    ("ni.agrees", 0.99, 0.000_001),
    ("ni.differs", 0.01, 0.999),
    ("phone.agrees", 0.5, 0.0001),
];

/// The levels whose u is estimated from the persons known, when no weight
/// is configured for them.
const ESTIMATED: &[(&str, Agreement)] = &[
    ("surname.exact", Agreement::Surname),
    ("forename.exact", Agreement::Forename),
    ("dob.exact", Agreement::Date),
    ("dob.month", Agreement::Month),
    ("dob.year", Agreement::Year),
];

fn default_mu(key: &str) -> Option<(f64, f64)> {
    DEFAULT_MU.iter().find(|(k, _, _)| *k == key).map(|(_, m, u)| (*m, *u))
}

/// Thresholds and weights; every value may be overridden in configuration.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkageConfig {
    /// Scores at or above merge.
    pub upper: f64,
    /// Scores at or above (and below `upper`) go to review.
    pub lower: f64,
    /// "field.level" → weight (log2 m/u), overriding the default or the
    /// weight estimated from the data.
    #[serde(default)]
    pub weights: BTreeMap<String, f64>,
    /// Exact name agreement weighed by how common the name itself is in the
    /// data, rather than by how often names agree in general.
    #[serde(default)]
    pub frequency_weights: bool,
    /// Estimate u for names and dates of birth from the persons known
    /// (on by default); off, the fixed defaults apply.
    #[serde(default = "yes")]
    pub estimate: bool,
    /// The fewest persons a record is assumed to be chosen from: the prior
    /// odds that a record is one given person are one in the persons known,
    /// or in this many while fewer are known.
    #[serde(default = "min_population")]
    pub min_population: f64,
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
        }
    }
}

/// The default thresholds.
/// Scores include the prior, so they are log2 odds that the record is the
/// person: 5 is 32 to 1 on, -4 is 16 to 1 against.
pub const UPPER: f64 = 5.0;
pub const LOWER: f64 = -4.0;

impl LinkageConfig {
    /// The defaults with the given overrides on top.
    pub fn with_overrides(overrides: &LinkageConfig) -> Self {
        overrides.clone()
    }

    /// Every level's weight now: configured, else estimated from the
    /// persons known, else the default.
    pub fn weights(&self, freq: Option<&Frequencies>) -> Weights {
        let mut w = Weights::default();
        for (key, m, u) in DEFAULT_MU {
            let estimated = ESTIMATED
                .iter()
                .find(|(k, _)| k == key)
                .and_then(|(_, field)| freq.filter(|_| self.estimate)?.agreement(*field));
            let u = estimated.map_or(*u, |e| e.clamp(u / 20.0, u * 20.0));
            let weight = self.weights.get(*key).copied().unwrap_or_else(|| (m / u).log2());
            w.set(key, weight);
        }
        w
    }

    /// The prior weight of a record being one given person among `persons`.
    pub fn prior(&self, persons: usize) -> FieldEvidence {
        let n = (persons as f64).max(self.min_population).max(1.0);
        FieldEvidence {
            field: "prior".into(),
            level: "one person among those known".into(),
            weight: -n.log2(),
            detail: format!("{persons} persons known"),
        }
    }

    /// One level's weight with no data to estimate from (for reading).
    pub fn default_weight(&self, key: &str) -> Option<f64> {
        self.weights.get(key).copied().or_else(|| default_mu(key).map(|(m, u)| (m / u).log2()))
    }
}

/// The weight of every level, resolved once per decision.
#[derive(Debug, Clone, Default)]
pub struct Weights {
    table: Vec<(&'static str, f64)>,
}

impl Weights {
    fn set(&mut self, key: &'static str, weight: f64) {
        self.table.push((key, weight));
    }

    pub fn get(&self, key: &str) -> f64 {
        self.table.iter().find(|(k, _)| *k == key).map_or(0.0, |(_, w)| *w)
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
    /// A strong identifier held by both and different: never merge.
    pub conflict: Option<String>,
    /// A valid PNC ID shared: link outright.
    pub shared_pnc: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Exact,
    Nickname,
    Close,
    Phonetic,
    Differs,
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
    let (x, y) = (a.text.as_bytes(), b.text.as_bytes());
    let n = x.len().min(y.len());
    // Only names of about the same length with the same first letter can be
    // close; the rest are told apart without the dearer measures.
    if x.len().abs_diff(y.len()) <= 2 && n >= 4 {
        let dl = transpositions_distance(x, y);
        if dl <= 1 || (n >= 7 && dl <= 2) || (x[0] == y[0] && jaro_winkler(&a.text, &b.text) >= 0.93) {
            return Level::Close;
        }
    }
    if a.code == b.code {
        return Level::Phonetic;
    }
    Level::Differs
}

/// Edits (insert, delete, substitute, swap two neighbours) between two
/// words of folded ASCII letters; names are short, so the rows fit on the stack.
fn transpositions_distance(a: &[u8], b: &[u8]) -> usize {
    const MAX: usize = 40;
    if a.len() >= MAX || b.len() >= MAX {
        return damerau_levenshtein(&String::from_utf8_lossy(a), &String::from_utf8_lossy(b));
    }
    let mut before = [0usize; MAX];
    let mut prev = [0usize; MAX];
    let mut cur = [0usize; MAX];
    for (j, p) in prev.iter_mut().enumerate().take(b.len() + 1) {
        *p = j;
    }
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            cur[j] = d;
        }
        before = prev;
        prev = cur;
    }
    prev[b.len()]
}

/// The best level between any word of one surname and any of the other,
/// with the parts run together too (Smith-Jones, Smith Jones, Smithjones),
/// and the word of `a` that gave it.
fn surname_level<'a>(a: &'a NameForm, b: &[Token], b_joined: &Token) -> (Level, &'a str) {
    let mut best = (Level::Differs, "");
    for x in &a.surname {
        for y in b {
            let l = token_level(x, y, false);
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
    explain: bool,
}

impl Scorer<'_> {
    fn evidence(&self, field: &str, level: &str, weight: f64, detail: impl FnOnce() -> String) -> FieldEvidence {
        FieldEvidence {
            field: field.into(),
            level: level.into(),
            weight,
            detail: if self.explain { detail() } else { String::new() },
        }
    }

    fn level_weight(&self, field: &str, level: Level, token: &str, female: bool) -> f64 {
        match (field, level) {
            ("surname", Level::Exact) => name_weight(self.cfg, self.w, self.freq, Agreement::Surname, token),
            ("forename", Level::Exact) => name_weight(self.cfg, self.w, self.freq, Agreement::Forename, token),
            ("surname", Level::Differs) if female => self.w.get("surname.differs_female"),
            _ => self.w.get(match (field, level) {
                ("surname", Level::Exact) => "surname.exact",
                ("surname", Level::Close) | ("surname", Level::Nickname) => "surname.close",
                ("surname", Level::Phonetic) => "surname.phonetic",
                ("surname", Level::Differs) => "surname.differs",
                (_, Level::Exact) => "forename.exact",
                (_, Level::Nickname) => "forename.nickname",
                (_, Level::Close) => "forename.close",
                (_, Level::Phonetic) => "forename.phonetic",
                (_, Level::Differs) => "forename.differs",
            }),
        }
    }

    /// The best pairing of names, allowing forenames and surname swapped.
    fn names(&self, a: &[NameForm], b: &[NameForm], female: bool) -> Vec<FieldEvidence> {
        let mut best: Option<NamePairing> = None;
        for (i, x) in a.iter().enumerate() {
            for (j, y) in b.iter().enumerate() {
                for swap in [false, true] {
                    let (yf, ys, joined) = if swap {
                        (&y.surname, &y.forenames, None)
                    } else {
                        (&y.forenames, &y.surname, Some(&y.joined))
                    };
                    if ys.is_empty() {
                        continue;
                    }
                    let swapped_joined;
                    let joined = match joined {
                        Some(j) => j,
                        None => {
                            swapped_joined = Token {
                                text: ys.iter().map(|t| t.text.as_str()).collect(),
                                code: String::new(),
                                groups: Vec::new(),
                            };
                            &swapped_joined
                        }
                    };
                    let (s, token) = surname_level(x, ys, joined);
                    let sw = self.level_weight("surname", s, token, female);
                    let f = match (x.forenames.first(), yf.first()) {
                        (Some(p), Some(q)) => {
                            let l = token_level(p, q, true);
                            Some((l, self.level_weight("forename", l, &p.text, female)))
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
        let Some((_, i, j, swap, (s, sw), f)) = best else { return Vec::new() };
        let (x, y) = (&a[i], &b[j]);
        let (yf, ys) =
            if swap { (y.surname_text(), y.forenames_text()) } else { (y.forenames_text(), y.surname_text()) };
        let mut level = s.as_str().to_string();
        if s == Level::Differs && female {
            level = "differs (female)".into();
        }
        if swap {
            level.push_str(" (order swapped)");
        }
        let mut fields = vec![self.evidence("surname", &level, sw, || format!("{} / {ys}", x.surname_text()))];
        if let Some((l, fw)) = f {
            fields.push(self.evidence("forename", l.as_str(), fw, || format!("{} / {yf}", x.forenames_text())));
        }
        fields
    }

    fn dob(&self, a: &[PartialDate], b: &[PartialDate]) -> Option<FieldEvidence> {
        let mut best: Option<(f64, &'static str, PartialDate, PartialDate)> = None;
        for x in a {
            for y in b {
                let level = dob_level(*x, *y);
                let weight = self.w.get(level);
                if best.is_none_or(|b| weight > b.0) {
                    best = Some((weight, level, *x, *y));
                }
            }
        }
        let (weight, level, x, y) = best?;
        Some(self.evidence("date_of_birth", &level["dob.".len()..], weight, || format!("{x} / {y}")))
    }
}

/// The level two dates of birth agree at: to the precision both give.
fn dob_level(a: PartialDate, b: PartialDate) -> &'static str {
    if a.year == b.year {
        match (a.month, a.day, b.month, b.day) {
            (Some(am), Some(ad), Some(bm), Some(bd)) if am == bm && ad == bd => "dob.exact",
            (Some(am), Some(ad), Some(bm), Some(bd)) if am == bd && ad == bm => "dob.swapped",
            (Some(am), Some(ad), Some(bm), Some(bd)) if am == bm || ad == bd => "dob.near",
            (Some(_), Some(_), Some(_), Some(_)) => "dob.differs",
            (Some(am), _, Some(bm), _) if am == bm => "dob.month",
            // A month against a full date whose day and month may be swapped.
            (Some(am), None, Some(_), Some(bd)) | (Some(_), Some(bd), Some(am), None) if am == bd => "dob.year",
            (Some(_), _, Some(_), _) => "dob.differs",
            _ => "dob.year",
        }
    } else if (a.year - b.year).abs() == 1 && a.month == b.month && a.day == b.day && a.day.is_some() {
        "dob.near"
    } else {
        "dob.differs"
    }
}

fn shared(a: &[String], b: &[String]) -> Option<String> {
    a.iter().find(|x| b.contains(x)).cloned()
}

/// Compares a record with a person, with the values compared for a reader.
pub fn compare(cfg: &LinkageConfig, freq: Option<&Frequencies>, record: &Features, person: &Features) -> Comparison {
    compare_with(cfg, &cfg.weights(freq), freq, record, person, true)
}

/// Compares a record with a person under resolved weights; `explain` adds
/// the values compared to the evidence.
pub fn compare_with(
    cfg: &LinkageConfig,
    w: &Weights,
    freq: Option<&Frequencies>,
    record: &Features,
    person: &Features,
    explain: bool,
) -> Comparison {
    let sc = Scorer { cfg, w, freq, explain };
    // Women change surname on marriage far more often than men.
    let female = record.sex == Some(Sex::Female) || person.sex == Some(Sex::Female);
    let mut fields = sc.names(&record.names, &person.names, female);
    fields.extend(sc.dob(&record.dobs, &person.dobs));
    if !record.postcodes.is_empty() && !person.postcodes.is_empty() {
        let level = if shared(&record.postcodes, &person.postcodes).is_some() { "exact" } else { "differs" };
        let weight = w.get(if level == "exact" { "postcode.exact" } else { "postcode.differs" });
        fields.push(sc.evidence("postcode", level, weight, || {
            format!("{} / {}", record.postcodes.join(" "), person.postcodes.join(" "))
        }));
    }
    if let (Some(a), Some(b)) = (record.sex, person.sex) {
        let level = if a == b { "agrees" } else { "differs" };
        fields.push(sc.evidence("sex", level, w.get(if a == b { "sex.agrees" } else { "sex.differs" }), || {
            format!("{a:?} / {b:?}")
        }));
    }
    let mut conflict = None;
    let mut shared_pnc = false;
    for (name, a, b) in [
        ("pnc", &record.pnc, &person.pnc),
        ("cro", &record.cro, &person.cro),
        ("ni", &record.ni, &person.ni),
        ("phone", &record.phones, &person.phones),
    ] {
        if a.is_empty() || b.is_empty() {
            continue;
        }
        match shared(a, b) {
            Some(v) => {
                shared_pnc |= name == "pnc";
                fields.push(sc.evidence(
                    name,
                    "agrees",
                    w.get(match name {
                        "pnc" => "pnc.agrees",
                        "cro" => "cro.agrees",
                        "ni" => "ni.agrees",
                        _ => "phone.agrees",
                    }),
                    || v,
                ));
            }
            None if name == "pnc" || name == "cro" => {
                conflict = Some(format!("{name} {} / {}", a.join(" "), b.join(" ")));
            }
            None if name == "ni" => fields.push(
                sc.evidence(name, "differs", w.get("ni.differs"), || format!("{} / {}", a.join(" "), b.join(" "))),
            ),
            None => {}
        }
    }
    let score = fields.iter().map(|f| f.weight).sum();
    Comparison { score, fields, conflict, shared_pnc }
}
