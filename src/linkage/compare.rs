//! Field comparisons with graded agreement levels, and the Fellegi–Sunter
//! weight each level carries: log2(m/u), where m is how often true matches
//! show the level and u how often non-matches do.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use strsim::{damerau_levenshtein, jaro_winkler};

use super::features::{canonical_forename, phonetic, Features, NameForm};
use super::frequencies::Frequencies;

/// m for exact name agreement, and the bounds on a name's share used as u.
const EXACT_M: f64 = 0.8;
const MIN_U: f64 = 0.0005;
const MAX_U: f64 = 0.1;
use crate::domain::dates::PartialDate;
use crate::domain::person::Sex;

/// (field.level, m, u): the defaults, from how records of the same person
/// differ in practice; a deployment may override any weight.
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
    ("dob.exact", 0.90, 0.0001),
    ("dob.swapped", 0.02, 0.0001),
    ("dob.partial", 0.05, 0.01),
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

/// Thresholds and weights; every value may be overridden in configuration.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkageConfig {
    /// Scores at or above merge.
    pub upper: f64,
    /// Scores at or above (and below `upper`) go to review.
    pub lower: f64,
    /// "field.level" → weight (log2 m/u).
    #[serde(default)]
    pub weights: BTreeMap<String, f64>,
    /// Exact name agreement weighed by how common the name is in the data
    /// (off by default: it merges more same-named strangers than it finds).
    #[serde(default)]
    pub frequency_weights: bool,
}

impl Default for LinkageConfig {
    fn default() -> Self {
        let weights = DEFAULT_MU.iter().map(|(k, m, u)| (k.to_string(), (m / u).log2())).collect();
        Self { upper: 17.0, lower: 8.0, weights, frequency_weights: false }
    }
}

impl LinkageConfig {
    /// The defaults with the given overrides on top.
    pub fn with_overrides(overrides: &LinkageConfig) -> Self {
        let mut c = Self {
            upper: overrides.upper,
            lower: overrides.lower,
            frequency_weights: overrides.frequency_weights,
            ..Self::default()
        };
        c.weights.extend(overrides.weights.iter().map(|(k, v)| (k.clone(), *v)));
        c
    }

    fn weight(&self, key: &str) -> f64 {
        self.weights.get(key).copied().unwrap_or(0.0)
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

fn token_level(a: &str, b: &str, forename: bool) -> &'static str {
    if a == b {
        return "exact";
    }
    if forename && canonical_forename(a) == canonical_forename(b) {
        return "nickname";
    }
    let dl = damerau_levenshtein(a, b);
    if (a.len() >= 4 && dl <= 1) || (a.len() >= 7 && dl <= 2) || jaro_winkler(a, b) >= 0.93 {
        return "close";
    }
    if phonetic(a) == phonetic(b) {
        return "phonetic";
    }
    "differs"
}

fn rank(level: &str) -> u8 {
    match level {
        "exact" => 0,
        "nickname" => 1,
        "close" => 2,
        "phonetic" => 3,
        _ => 4,
    }
}

/// The best level between any token of one surname and any of the other,
/// with the parts run together too (Smith-Jones, Smith Jones, Smithjones),
/// and the token of `a` that gave it.
fn surname_level<'a>(a: &'a [String], b: &[String]) -> (&'static str, &'a str) {
    let mut best = ("differs", "");
    for x in a {
        for y in b.iter() {
            let l = token_level(x, y, false);
            if rank(l) < rank(best.0) {
                best = (l, x.as_str());
            }
        }
    }
    if a.len() > 1 || b.len() > 1 {
        let l = token_level(&a.concat(), &b.concat(), false);
        if rank(l) < rank(best.0) {
            best = (l, a.first().map_or("", String::as_str));
        }
    }
    best
}

fn forename_level(a: &[String], b: &[String]) -> Option<&'static str> {
    let (x, y) = (a.first()?, b.first()?);
    Some(token_level(x, y, true))
}

/// The weight of a name level: for exact agreement on a name seen often
/// enough to count, u is the name's share of the persons known, so rare
/// names weigh more than common ones.
fn name_weight(cfg: &LinkageConfig, freq: Option<&Frequencies>, field: &str, level: &str, token: &str) -> f64 {
    let fixed = cfg.weight(&format!("{field}.{level}"));
    match (level, freq.and_then(|f| f.share(field, token))) {
        ("exact", Some(u)) if cfg.frequency_weights => (EXACT_M / u.clamp(MIN_U, MAX_U)).log2(),
        _ => fixed,
    }
}

/// The best pairing of names, allowing forenames and surname swapped.
fn names(cfg: &LinkageConfig, freq: Option<&Frequencies>, a: &[NameForm], b: &[NameForm]) -> Vec<FieldEvidence> {
    let mut best: Option<(f64, Vec<FieldEvidence>)> = None;
    for x in a {
        for y in b {
            for swap in [false, true] {
                let (yf, ys) = if swap { (&y.surname, &y.forenames) } else { (&y.forenames, &y.surname) };
                if ys.is_empty() {
                    continue;
                }
                let (s, token) = surname_level(&x.surname, ys);
                let mut fields = vec![FieldEvidence {
                    field: "surname".into(),
                    level: s.into(),
                    weight: name_weight(cfg, freq, "surname", s, token),
                    detail: format!("{} / {}", x.surname.join(" "), ys.join(" ")),
                }];
                if let Some(f) = forename_level(&x.forenames, yf) {
                    let token = x.forenames.first().map_or("", String::as_str);
                    fields.push(FieldEvidence {
                        field: "forename".into(),
                        level: f.into(),
                        weight: name_weight(cfg, freq, "forename", f, token),
                        detail: format!("{} / {}", x.forenames.join(" "), yf.join(" ")),
                    });
                }
                if swap {
                    fields[0].level.push_str(" (order swapped)");
                }
                let total: f64 = fields.iter().map(|f| f.weight).sum();
                if best.as_ref().is_none_or(|(t, _)| total > *t) {
                    best = Some((total, fields));
                }
            }
        }
    }
    best.map(|(_, f)| f).unwrap_or_default()
}

fn dob_level(a: PartialDate, b: PartialDate) -> &'static str {
    if a == b {
        return "exact";
    }
    if a.year == b.year {
        match (a.month, a.day, b.month, b.day) {
            (Some(am), Some(ad), Some(bm), Some(bd)) if am == bd && ad == bm => return "swapped",
            (Some(am), _, Some(bm), _) if am == bm && (a.day.is_none() || b.day.is_none()) => return "partial",
            (None, _, _, _) | (_, _, None, _) => return "partial",
            (Some(am), Some(ad), Some(bm), Some(bd)) if am == bm || ad == bd => return "near",
            _ => {}
        }
    } else if (a.year - b.year).abs() == 1 && a.month == b.month && a.day == b.day && a.day.is_some() {
        return "near";
    }
    "differs"
}

fn dob(cfg: &LinkageConfig, a: &[PartialDate], b: &[PartialDate]) -> Option<FieldEvidence> {
    let mut best: Option<FieldEvidence> = None;
    for x in a {
        for y in b {
            let level = dob_level(*x, *y);
            let weight = cfg.weight(&format!("dob.{level}"));
            if best.as_ref().is_none_or(|e| weight > e.weight) {
                best = Some(FieldEvidence {
                    field: "date_of_birth".into(),
                    level: level.into(),
                    weight,
                    detail: format!("{x} / {y}"),
                });
            }
        }
    }
    best
}

fn shared(a: &[String], b: &[String]) -> Option<String> {
    a.iter().find(|x| b.contains(x)).cloned()
}

/// Compares a record with a person.
pub fn compare(cfg: &LinkageConfig, freq: Option<&Frequencies>, record: &Features, person: &Features) -> Comparison {
    let mut fields = names(cfg, freq, &record.names, &person.names);
    // Women change surname on marriage far more often than men.
    let female = record.sex == Some(Sex::Female) || person.sex == Some(Sex::Female);
    for f in fields.iter_mut().filter(|f| f.field == "surname" && f.level == "differs" && female) {
        f.level = "differs (female)".into();
        f.weight = cfg.weight("surname.differs_female");
    }
    fields.extend(dob(cfg, &record.dobs, &person.dobs));
    if !record.postcodes.is_empty() && !person.postcodes.is_empty() {
        let level = if shared(&record.postcodes, &person.postcodes).is_some() { "exact" } else { "differs" };
        fields.push(FieldEvidence {
            field: "postcode".into(),
            level: level.into(),
            weight: cfg.weight(&format!("postcode.{level}")),
            detail: format!("{} / {}", record.postcodes.join(" "), person.postcodes.join(" ")),
        });
    }
    if let (Some(a), Some(b)) = (record.sex, person.sex) {
        let level = if a == b { "agrees" } else { "differs" };
        fields.push(FieldEvidence {
            field: "sex".into(),
            level: level.into(),
            weight: cfg.weight(&format!("sex.{level}")),
            detail: format!("{a:?} / {b:?}"),
        });
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
                fields.push(FieldEvidence {
                    field: name.into(),
                    level: "agrees".into(),
                    weight: cfg.weight(&format!("{name}.agrees")),
                    detail: v,
                });
            }
            None if name == "pnc" || name == "cro" => {
                conflict = Some(format!("{name} {} / {}", a.join(" "), b.join(" ")));
            }
            None if name == "ni" => fields.push(FieldEvidence {
                field: name.into(),
                level: "differs".into(),
                weight: cfg.weight("ni.differs"),
                detail: format!("{} / {}", a.join(" "), b.join(" ")),
            }),
            None => {}
        }
    }
    let score = fields.iter().map(|f| f.weight).sum();
    Comparison { score, fields, conflict, shared_pnc }
}
