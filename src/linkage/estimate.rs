//! Weights learnt from the data an import meets, without labels, the
//! Fellegi–Sunter way (as Splink and the `recordlinkage` ECM classifier do):
//!
//! - u, how often two different persons agree at a level, from random pairs
//!   of records (the persons known for names, dates and postcodes, by how
//!   common each value is: see [`super::Frequencies`]);
//! - m, how often two records of one person agree at a level, and the share
//!   of matches among the pairs, by expectation–maximisation over the
//!   comparison vectors of the pairs blocking brings together: each pair
//!   is weighed by how likely it is a match under the current m and u, and
//!   m and u are counted again from the weighed pairs, until they settle.
//!
//! Blocking biases the pairs: two records that share a name key agree on the
//! name by construction. So, as Splink runs one EM session per blocking
//! rule, each pair is counted under every kind of key it shares with the
//! fields that kind agrees on left out, and each kind has its own share of
//! matches. Within the blocked pairs strangers agree far more often than
//! random ones (households share surnames and addresses), so EM keeps its
//! own u for them; only its m, and the matches it counts (which give the
//! prior), are taken. Levels too rare to learn keep their defaults, and m
//! is bounded away from 0 and 1.
//!
//! What a namesake or a household shares with a person (a date of birth,
//! a postcode, an address, a sex) has its m learnt from the pairs met
//! through identifiers, which are nearly all matches, wherever they show it
//! often enough: EM's matches among pairs met through names hold namesakes
//! and households too; the date of birth, which is what tells them apart,
//! keeps its defaults where those pairs show it too seldom, but for how a
//! person's whole dates slip, which the pairs sure on all else show. A postcode
//! shared within a surname has its u from the persons known or, while they
//! are few, from the sample's pairs of one surname told apart by their
//! dates of birth: never from random pairs, which are nearly all of
//! different surnames.

use std::collections::HashMap;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use super::compare::comparison_levels;
use super::features::{Features, KEY_KINDS};
use super::levels::dates_rule_out;
use super::weights::{default_levels, Estimated};
use super::Linker;

/// Records of the file an estimate reads at most (sampled evenly).
pub const SAMPLE: usize = 10_000;
/// Random pairs counted for u.
const RANDOM_PAIRS: usize = 100_000;
/// Fewer records and persons than this give too few different pairs to
/// count u from: the defaults and the persons' frequencies stand.
const MIN_POOL: usize = 500;
/// Candidate pairs EM is run over at most. EM fits m and u of some forty
/// levels and each blocking rule's share of matches; fifty thousand pairs
/// give it thousands of matches and tens of thousands of strangers to count
/// them from, and link as well as 300,000 did (FEBRL and the synthetic
/// exports: F1 within 0.002) for a third of the candidate comparisons at
/// 100,000 nominals (about 145,000 a file).
const MAX_PAIRS: usize = 50_000;
/// Blocks of more persons than this are passed over while estimating: a
/// common name's block brings strangers by the hundred and costs the most
/// to compare, and the pairs it holds are met through rarer keys too.
const MAX_ESTIMATE_BLOCK: usize = 100;
/// Fewer candidate pairs than this say too little: the defaults stand.
const MIN_PAIRS: usize = 200;
const MAX_ITERATIONS: usize = 500;
/// EM has settled when no m, u or share moves by more than this in a round.
const TOLERANCE: f64 = 1e-6;
/// m is kept within these bounds, so that no level rules a pair in or out alone.
const MIN_M: f64 = 1e-3;
const MAX_M: f64 = 0.9999;
/// A level seen in fewer weighed matches than this keeps its default m.
const MIN_EVIDENCE: f64 = 2.0;
/// Random pairs a default u counts as, when the data's u is smoothed toward it.
const PRIOR_PAIRS: f64 = 1000.0;
/// The kinds of blocking key that are identifiers: pairs met through one
/// are nearly all matches, whatever their other fields show.
const IDENTIFIER_RULES: [&str; 5] = ["p", "c", "n", "o", "t"];
/// Fields whose m is learnt from the pairs met through identifiers, where
/// they show it often enough ([`MIN_TRUSTED`], and see [`TRUSTED_PRIOR`]): those whose agreement
/// a person shares with a namesake or a household. Among pairs met through
/// names, namesakes and households outnumber a person's own records once
/// the persons known are many, and EM counts them with the matches: a date
/// of birth that differs then came out as common among matches (m 0.39 at
/// 100,000 nominals, where the truth gives 0.00005) and weighed next to
/// nothing against a namesake. Names are still learnt from every pair.
const TRUSTED_FIELDS: [&str; 4] = ["dob", "postcode", "address", "sex"];
/// Weighed matches met through identifiers that a field must show for its
/// m to be learnt from them.
const MIN_TRUSTED: f64 = 20.0;
/// The matches what every pair shows of a field counts as, beside those met
/// through identifiers, when a field's m is learnt from the latter: a file's
/// sample holds a few dozen such matches that show an address (it is
/// compared only where the postcodes differ), too few to say that a level
/// none of them showed never happens among matches. Without it, m of a
/// level they did not show went to its bound and an address that differs
/// weighed -9.8 bits in one file of the 100,000-nominal exports and
/// +0.2 in the next (one in four records missed at that scale met its
/// person and was held at 0.5-0.99 by it); with it, a field the identifiers
/// show hundreds of times (a date of birth) is still learnt from them.
const TRUSTED_PRIOR: f64 = 50.0;
/// The one trusted field that EM's count over every pair cannot stand in
/// for at all: the date of birth, which is what tells a namesake or a
/// household member from the person. Its [`TRUSTED_PRIOR`] matches are
/// spread as the defaults' m is (a typing slip seldom makes a date differ
/// wholly), not as every pair shows it, and where the pairs met through
/// identifiers show it too seldom its m stays the defaults' (but for its
/// slips: see [`date_slips`]). Taken from
/// every pair, m of a date that differs came out 0.34, 0.16 and 0.15 in
/// three of the seven files at 300,000 nominals (the truth: 0.001), a date
/// that differs weighed -1.5 bits, and fathers and sons of one name at one
/// house merged by the hundred.
const DATE_FIELD: &str = "dob";
/// A person's records differ in forename in a tenth to a seventh of pairs
/// in the public benchmark files (FEBRL, Splink's: nicknames, slips, names
/// in the wrong columns). Where EM's matches differ more often, they hold
/// the families that share surnames and addresses (in a large file of
/// few duplicates, most pairs blocking finds are such): see [`NAME_FIELDS`].
const MAX_FORENAME_DIFFERS: f64 = 0.2;
/// The fields whose m is held at the defaults' where EM's matches are
/// families ([`MAX_FORENAME_DIFFERS`]).
const NAME_FIELDS: [&str; 2] = ["surname", "forename"];
/// A pair is sure enough, on all but its date, for its date to show how a
/// person's dates slip where EM gives it this chance of a match from its
/// other fields alone (see [`date_slips`]).
const SURE: f64 = 0.99;
/// The levels of two whole dates of birth short of differing wholly: the
/// one that agrees first, then its slips (see [`date_slips`]).
const WHOLE_DATE_LEVELS: [&str; 4] = ["dob.exact", "dob.swapped", "dob.near", "dob.within_year"];
/// Pairs of persons of one surname a sample must hold for its own share of
/// them at one postcode to stand as u of a shared postcode.
const MIN_SURNAME_PAIRS: u64 = 100;

/// What an estimation did: how much it read, whether EM settled, and why
/// it fell back to the defaults if it did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EstimateReport {
    /// Records of the file read (a sample of a large file).
    pub records: usize,
    /// Persons already known, that the records were compared with too.
    pub persons: usize,
    /// Candidate pairs blocking brought together.
    pub pairs: usize,
    pub random_pairs: usize,
    pub iterations: usize,
    pub converged: bool,
    /// The share of candidate pairs EM takes for matches.
    pub match_share: f64,
    /// The prior as a probability: that a record is one given person.
    pub prior: Option<f64>,
    /// Time taken, reading the file included.
    #[serde(default)]
    pub seconds: f64,
    /// Why the defaults stand, if they do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
    /// Part of the estimate left at the defaults, and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// m and u by level, the prior, and the report.
#[derive(Debug, Clone, Default)]
pub struct Estimate {
    pub levels: Estimated,
    /// Log2 odds that a record is one given person, estimated.
    pub prior: Option<f64>,
    pub report: EstimateReport,
}

/// Levels that stand for another under a condition the comparison knows
/// (a woman's surname, a forename beside the same surname, a postcode
/// between different surnames): counted as that level, their u comes from
/// the persons known or the defaults, and their m follows the other's in the
/// defaults' proportion. None: left out of estimation (address lines beside
/// an agreeing postcode, which says most of what they would).
const VARIANTS: [(&str, Option<&str>); 5] = [
    ("surname.differs_female", Some("surname.differs")),
    ("forename.exact_same_surname", Some("forename.exact")),
    ("postcode.exact_other_surname", Some("postcode.exact")),
    ("address.same_house", None),
    ("address.other_house", None),
];

/// Levels grouped by field ("surname", "dob"…): the field of each level,
/// by its index among the defaults.
struct Fields {
    names: Vec<&'static str>,
    field_of: Vec<usize>,
    count: usize,
    index: HashMap<&'static str, usize>,
}

impl Fields {
    fn new() -> Self {
        let mut names: Vec<&str> = Vec::new();
        let mut field_of = Vec::new();
        let mut index = HashMap::new();
        for (i, (key, _, _)) in default_levels().iter().enumerate() {
            let field = key.split('.').next().unwrap_or(key);
            let f = names.iter().position(|n| *n == field).unwrap_or_else(|| {
                names.push(field);
                names.len() - 1
            });
            field_of.push(f);
            index.insert(*key, i);
        }
        Fields { count: names.len(), names, field_of, index }
    }

    /// A comparison's levels as a vector: one level index per field, or
    /// `u16::MAX` for a field not compared.
    fn vector(&self, levels: &[&'static str]) -> Vec<u16> {
        let mut v = vec![u16::MAX; self.count];
        for key in levels {
            if let Some(i) = self.counted_as(key) {
                v[self.field_of[i]] = i as u16;
            }
        }
        v
    }

    /// The level a level is counted as (see [`VARIANTS`]).
    fn counted_as(&self, key: &str) -> Option<usize> {
        match VARIANTS.iter().find(|(v, _)| *v == key) {
            Some((_, base)) => self.index.get((*base)?).copied(),
            None => self.index.get(key).copied(),
        }
    }
}

/// What two records that share a blocking key of each kind agree on by
/// construction: those fields say nothing of whether such a pair matches,
/// and are left out of its comparison vector.
const CONDITIONED: [(&str, &[&str]); 10] = [
    ("p", &["pnc"]),
    ("c", &["cro"]),
    ("n", &["ni"]),
    ("o", &["other"]),
    ("t", &["phone"]),
    ("d", &["dob"]),
    ("s", &["address"]),
    ("a", &["surname", "forename", "postcode"]),
    ("y", &["surname", "forename", "dob"]),
    ("nm", &["surname", "forename"]),
];

impl Linker {
    /// Estimates m, u and the prior for linking `records`, a sample of a
    /// file of `file_rows` rows, into the persons known.
    ///
    /// Each candidate pair is counted under the first kind of blocking key
    /// that brings it together (in the order of [`KEY_KINDS`]), as a
    /// blocking rule of its own with its own share of matches, and the
    /// fields that kind agrees on are left out of its vector: so names are
    /// learnt from pairs met through dates and identifiers, and dates from
    /// pairs met through names.
    pub fn estimate_for(&self, records: &[Features], file_rows: usize) -> Estimate {
        let fields = Fields::new();
        let levels = default_levels();
        let freq = Some(&self.frequencies);
        let weights = self.config.weights(freq, None);
        let known: Vec<u32> = (0..self.entries.len() as u32).filter(|s| !self.entries[*s as usize].joined).collect();
        let mut report = EstimateReport { records: records.len(), persons: known.len(), ..Default::default() };
        let masks: Vec<Vec<usize>> = KEY_KINDS
            .iter()
            .map(|kind| {
                let conditioned = CONDITIONED.iter().find(|(k, _)| k == kind).map_or(&[][..], |(_, f)| *f);
                conditioned.iter().filter_map(|f| fields.names.iter().position(|n| n == f)).collect()
            })
            .collect();

        // Candidate pairs, as the linker finds them: through the known
        // persons' blocks, and through the sample's own.
        let mut blocks: HashMap<u64, Vec<usize>> = HashMap::new();
        // Each pair under every kind of key it shares (EM's sessions), and
        // under the first alone (counting the matches, once each).
        let mut patterns: HashMap<(u8, Vec<u16>), Pattern> = HashMap::new();
        let mut firsts: HashMap<(u8, Vec<u16>), Pattern> = HashMap::new();
        let (mut within, mut across) = (0usize, 0usize);
        // Records in an order spread over the whole sample, so that the
        // pairs read before the cap come from all of it, not its first rows.
        let order = spread(records.len());
        let mut read = 0;
        for &i in &order {
            if within + across >= MAX_PAIRS {
                break;
            }
            read += 1;
            let record = &records[i];
            let mut keys = record.tagged_keys();
            let rank = |tag: &str| KEY_KINDS.iter().position(|k| *k == tag).unwrap_or(KEY_KINDS.len() - 1) as u8;
            keys.sort_by_key(|(tag, _)| rank(tag));
            // (known, index, the first kind of key that met it)
            let mut others: Vec<(bool, usize, u8)> = Vec::new();
            for (tag, key) in &keys {
                let r = rank(tag);
                if let Some(block) = self.blocks.get(key).filter(|b| b.len() <= MAX_ESTIMATE_BLOCK) {
                    others.extend(
                        block.iter().filter(|s| !self.entries[**s as usize].joined).map(|s| (true, *s as usize, r)),
                    );
                }
                if let Some(block) = blocks.get(key).filter(|b| b.len() <= MAX_ESTIMATE_BLOCK) {
                    others.extend(block.iter().map(|j| (false, *j, r)));
                }
            }
            for (_, key) in keys {
                blocks.entry(key).or_default().push(i);
            }
            others.sort_unstable();
            let mut at = 0;
            while at < others.len() {
                let (is_known, j, first) = others[at];
                let mut rules = 0u32;
                while at < others.len() && (others[at].0, others[at].1) == (is_known, j) {
                    rules |= 1 << others[at].2;
                    at += 1;
                }
                let person = if is_known { &self.entries[j].features } else { &records[j] };
                let (keys, _) = comparison_levels(&self.config, &weights, freq, record, person);
                let vector = fields.vector(&keys);
                let masked = |rule: u8| {
                    let mut v = vector.clone();
                    for &f in &masks[rule as usize] {
                        v[f] = u16::MAX;
                    }
                    v
                };
                for rule in (0..KEY_KINDS.len() as u8).filter(|r| rules & (1 << r) != 0) {
                    patterns.entry((rule, masked(rule))).or_default().add(is_known);
                }
                firsts.entry((first, masked(first))).or_default().add(is_known);
                if is_known {
                    across += 1;
                } else {
                    within += 1;
                }
            }
        }
        report.records = read;
        report.pairs = within + across;

        // u from random pairs of records and persons: of every record of
        // the sample, not only those read for candidate pairs.
        let mut rng = StdRng::seed_from_u64(0x5eed);
        let sampled = records.len();
        let pool = sampled + known.len();
        let side =
            |k: usize| if k < sampled { &records[k] } else { &self.entries[known[k - sampled] as usize].features };
        let mut seen = vec![0f64; levels.len()];
        let mut present = vec![0f64; fields.count];
        if pool >= MIN_POOL {
            for _ in 0..RANDOM_PAIRS {
                let (a, b) = (rng.gen_range(0..pool), rng.gen_range(0..pool));
                if a == b {
                    continue;
                }
                report.random_pairs += 1;
                let (keys, _) = comparison_levels(&self.config, &weights, freq, side(a), side(b));
                for key in keys {
                    if let Some(i) = fields.counted_as(key) {
                        seen[i] += 1.0;
                        present[fields.field_of[i]] += 1.0;
                    }
                }
            }
        }
        let mut u: Vec<Option<f64>> = levels
            .iter()
            .enumerate()
            .map(|(i, (key, _, default))| {
                if VARIANTS.iter().any(|(v, _)| v == key) {
                    return None;
                }
                let n = present[fields.field_of[i]];
                // Smoothed toward the default; a level never seen is rarer
                // than one pair in those compared, or than the default.
                (n > 0.0).then(|| ((seen[i] + PRIOR_PAIRS * default) / (n + PRIOR_PAIRS)).max(default.min(0.5 / n)))
            })
            .collect();
        // A postcode shared by two of one surname is a household's as
        // often as one person's: its u is the persons known's (see
        // `Frequencies`) or, while they are too few, the sample's own, never
        // the random pairs', which are nearly all of different surnames.
        if let Some(&i) = fields.index.get("postcode.exact") {
            u[i] = households(records);
        }
        // EM starts from the random pairs' u, or the default.
        let fixed_u: Vec<f64> = u.iter().zip(levels).map(|(u, (_, _, d))| u.unwrap_or(*d)).collect();

        let mut estimate = Estimate { levels: Estimated { m: vec![None; levels.len()], u }, prior: None, report };
        if estimate.report.pairs < MIN_PAIRS {
            estimate.report.warning = Some(format!(
                "{} candidate pairs are too few to estimate m from: the defaults stand",
                estimate.report.pairs
            ));
            return estimate;
        }
        let patterns: Vec<(u8, Vec<u16>, Pattern)> = patterns.into_iter().map(|((r, v), p)| (r, v, p)).collect();
        let mut em = expectation_maximisation(&fields, &patterns, &fixed_u, true, &[]);
        let mut learnt_u = true;
        let mut notes = Vec::new();
        if let Some(problem) = em.problem(&fields) {
            // Where nearly every pair blocking finds is a match, the pairs
            // hold too few strangers to learn their own u from, and the two
            // classes wander (a file of one person's many noisy records);
            // with u held at the random pairs', as Splink holds it, m and
            // the shares are well defined.
            let held = expectation_maximisation(&fields, &patterns, &fixed_u, false, &[]);
            if held.problem(&fields).is_none() {
                notes.push(format!("{problem} learning u too: it settled with u held at the random pairs'"));
                em = held;
                learnt_u = false;
            }
        }
        // Matches that look like families, not like one person's records:
        // the names' m is held at the defaults', so that the class EM
        // settles on is persons, and the rest is learnt beside them.
        let mut names_held: Vec<usize> = Vec::new();
        if let Some(families) = em.families(&fields) {
            let names: Vec<usize> =
                NAME_FIELDS.iter().filter_map(|f| fields.names.iter().position(|n| n == f)).collect();
            let held = expectation_maximisation(&fields, &patterns, &fixed_u, learnt_u, &names);
            if held.problem(&fields).is_none() {
                notes.push(format!("{families}: the names' m stays the defaults'"));
                em = held;
                names_held = names;
            }
        }
        estimate.report.iterations = em.iterations;
        estimate.report.converged = em.converged;
        let total: f64 = firsts.values().map(Pattern::count).sum();
        let (matched_within, matched_across) = firsts.iter().fold((0.0, 0.0), |(w, a), ((r, v), p)| {
            let posterior = em.posterior(*r, v);
            (w + posterior * p.within as f64, a + posterior * p.across as f64)
        });
        estimate.report.match_share = (matched_within + matched_across) / total;
        if let Some(problem) = em.problem(&fields) {
            estimate.report.warning = Some(format!("{problem}: the default m and prior stand"));
            return estimate;
        }
        let mut slips = None;
        if em.unproven.iter().any(|u| *u) {
            slips = date_slips(&fields, &em, &patterns);
            let kept = if slips.is_some() {
                "how whole dates slip was learnt from the pairs sure on all else, the rest of the date's m \
                 stays the defaults'"
            } else {
                "the date's m stays the defaults'"
            };
            notes.push(format!("the pairs met through identifiers show too few dates of birth to learn from: {kept}"));
        }
        estimate.report.note = (!notes.is_empty()).then(|| notes.join("; "));
        for (i, m) in em.m.iter().enumerate() {
            if VARIANTS.iter().any(|(v, _)| *v == levels[i].0) {
                continue;
            }
            if em.unproven[fields.field_of[i]] || names_held.contains(&fields.field_of[i]) {
                continue;
            }
            if em.evidence[i] >= MIN_EVIDENCE || em.field_evidence[fields.field_of[i]] >= MIN_EVIDENCE * 10.0 {
                estimate.levels.m[i] = Some(m.clamp(MIN_M, MAX_M));
            }
        }
        for (i, m) in slips.into_iter().flatten() {
            estimate.levels.m[i] = Some(m.clamp(MIN_M, MAX_M));
        }
        floor_at_differs(&fields, &em.m, &mut estimate.levels);
        for (variant, base) in VARIANTS {
            let (Some(v), Some(b)) = (fields.index.get(variant), base.and_then(|b| fields.index.get(b))) else {
                continue;
            };
            if let Some(m) = estimate.levels.m[*b] {
                estimate.levels.m[*v] = Some((m * levels[*v].1 / levels[*b].1).clamp(MIN_M, MAX_M));
            }
        }
        // The prior: matches a record has among the persons known, and
        // among the file's earlier rows, over the persons it is chosen from.
        let s = read as f64;
        let rows = file_rows.max(read) as f64;
        let per_record = matched_across / s + matched_within * rows / (s * s);
        let chosen_from = known.len() as f64 + rows / 2.0;
        let prior = (per_record / chosen_from.max(1.0)).clamp(1e-12, 0.5);
        estimate.prior = Some(super::weights::log_odds(prior));
        estimate.report.prior = Some(prior);
        estimate
    }
}

/// The bound on m keeps a level from ruling a pair out alone, not a level
/// that weighs against a match from weighing as much as its field's
/// `differs`: a date under a year out, which a person's records next to
/// never show, weighs as a date that differs wholly, not 5 bits less.
/// `raw` is EM's m before the bound.
fn floor_at_differs(fields: &Fields, raw: &[f64], estimated: &mut Estimated) {
    let levels = default_levels();
    let u_of = |e: &Estimated, i: usize| e.u[i].unwrap_or(levels[i].2);
    for (i, &m) in raw.iter().enumerate().filter(|(i, _)| levels[*i].1 < levels[*i].2) {
        let field = fields.names[fields.field_of[i]];
        let Some(&d) = fields.index.get(format!("{field}.differs").as_str()) else { continue };
        if let (Some(bounded), Some(md)) = (estimated.m[i], estimated.m[d]) {
            let floor = u_of(estimated, i) * md / u_of(estimated, d);
            if i != d && m < MIN_M && floor < bounded {
                estimated.m[i] = Some(m.max(floor));
            }
        }
    }
}

/// The share of pairs of records of one surname, told apart by their dates
/// of birth (so two persons, not one person's two records), that share a
/// postcode: u of a postcode shared within a surname, if the sample holds
/// enough such pairs to say. Households make it far higher than the random
/// pairs' chance of sharing a postcode.
fn households(records: &[Features]) -> Option<f64> {
    let mut by_surname: HashMap<&str, Vec<&Features>> = HashMap::new();
    for r in records.iter().filter(|r| !r.dobs.is_empty() && !r.postcodes.is_empty()) {
        if let Some(surname) = r.names.first().and_then(|n| n.surname.first()) {
            by_surname.entry(surname.text.as_str()).or_default().push(r);
        }
    }
    let (mut pairs, mut shared) = (0u64, 0u64);
    for group in by_surname.values().filter(|g| g.len() <= MAX_ESTIMATE_BLOCK) {
        for (i, a) in group.iter().enumerate() {
            for b in &group[i + 1..] {
                if dates_rule_out(a, b) {
                    pairs += 1;
                    shared += u64::from(a.postcodes.iter().any(|p| b.postcodes.contains(p)));
                }
            }
        }
    }
    (pairs >= MIN_SURNAME_PAIRS).then(|| (shared as f64 / pairs as f64).clamp(1e-4, 0.5))
}

/// The indices `0..n` in an order whose every beginning is spread evenly
/// over them: a stride of about n times the golden ratio's fraction, prime
/// to n so that every index comes once.
fn spread(n: usize) -> Vec<usize> {
    fn gcd(a: usize, b: usize) -> usize {
        if b == 0 {
            a
        } else {
            gcd(b, a % b)
        }
    }
    let mut step = ((n as f64 * 0.618_034) as usize).max(1);
    while n > 1 && gcd(step, n) != 1 {
        step += 1;
    }
    (0..n).map(|k| (k * step) % n.max(1)).collect()
}

/// The candidate pairs of one blocking rule sharing one comparison vector.
#[derive(Debug, Default, Clone, Copy)]
struct Pattern {
    /// Pairs of two records of the sample.
    within: u64,
    /// Pairs of a record and a person known.
    across: u64,
}

impl Pattern {
    fn add(&mut self, known: bool) {
        if known {
            self.across += 1;
        } else {
            self.within += 1;
        }
    }

    fn count(&self) -> f64 {
        (self.within + self.across) as f64
    }
}

/// Where EM settled.
struct Em {
    /// m by level; u stays where it was given.
    m: Vec<f64>,
    u: Vec<f64>,
    /// The share of matches among each rule's pairs.
    shares: Vec<f64>,
    /// Weighed matches that showed each level, and each field at all.
    evidence: Vec<f64>,
    field_evidence: Vec<f64>,
    /// Fields whose m only the pairs met through identifiers may tell, and
    /// they showed too few: their m is not taken (see [`DATE_FIELD`]).
    unproven: Vec<bool>,
    iterations: usize,
    converged: bool,
}

impl Em {
    /// The chance that pairs of this rule and vector are matches.
    fn posterior(&self, rule: u8, v: &[u16]) -> f64 {
        self.posterior_of(rule, v.iter().copied())
    }

    /// The chance from the levels given alone.
    fn posterior_of(&self, rule: u8, levels: impl Iterator<Item = u16>) -> f64 {
        let share = self.shares[rule as usize];
        let (mut lm, mut lu) = (share.ln(), (1.0 - share).ln());
        for l in levels.filter(|l| *l != u16::MAX) {
            lm += self.m[l as usize].max(1e-300).ln();
            lu += self.u[l as usize].max(1e-300).ln();
        }
        1.0 / (1.0 + (lu - lm).exp())
    }

    /// Whether the class taken for matches is families rather than
    /// persons: its pairs differ in forename more often than
    /// [`MAX_FORENAME_DIFFERS`].
    fn families(&self, fields: &Fields) -> Option<String> {
        let differs = self.m[fields.index.get("forename.differs").copied()?];
        (differs > MAX_FORENAME_DIFFERS).then(|| {
            format!(
                "the pairs EM took for matches differ in forename in {:.0}% of them, as families do",
                differs * 100.0
            )
        })
    }

    /// Why the result cannot be used, if it cannot.
    fn problem(&self, fields: &Fields) -> Option<String> {
        if !self.converged {
            return Some(format!("the estimation did not settle in {} rounds", self.iterations));
        }
        if self.shares.iter().any(|s| s.is_nan()) || self.m.iter().any(|m| m.is_nan()) {
            return Some("the estimation gave no number".into());
        }
        // The class taken for matches must be the one that agrees on names.
        let exact = fields.index.get("surname.exact").copied()?;
        if self.m[exact] <= self.u[exact] {
            return Some("the estimation took non-matches for matches (surnames agree less among its matches)".into());
        }
        None
    }
}

/// Fellegi–Sunter EM over the patterns: m, the blocked pairs' own u (or,
/// without `learn_u`, the given u held), and each rule's share of matches.
/// Starts from the default m, the given u (the random pairs') and a share
/// of one in ten; a field no pair shows keeps its start.
fn expectation_maximisation(
    fields: &Fields,
    patterns: &[(u8, Vec<u16>, Pattern)],
    u: &[f64],
    learn_u: bool,
    held: &[usize],
) -> Em {
    let levels = default_levels();
    let mut m: Vec<f64> = levels.iter().map(|(_, m, _)| *m).collect();
    normalise(fields, &mut m);
    let mut em = Em {
        m,
        u: u.to_vec(),
        shares: vec![0.1; KEY_KINDS.len()],
        evidence: vec![0.0; levels.len()],
        field_evidence: vec![0.0; fields.count],
        unproven: vec![false; fields.count],
        iterations: 0,
        converged: false,
    };
    let trusted_fields: Vec<usize> =
        TRUSTED_FIELDS.iter().filter_map(|f| fields.names.iter().position(|n| n == f)).collect();
    let identifier_rule: Vec<bool> = KEY_KINDS.iter().map(|k| IDENTIFIER_RULES.contains(k)).collect();
    let date = fields.names.iter().position(|n| *n == DATE_FIELD);
    while em.iterations < MAX_ITERATIONS {
        em.iterations += 1;
        let mut m_trusted = vec![0.0; levels.len()];
        let mut m_next = vec![0.0; levels.len()];
        let mut u_next = vec![0.0; levels.len()];
        let mut matched = vec![0.0; KEY_KINDS.len()];
        let mut pairs = vec![0.0; KEY_KINDS.len()];
        for (rule, v, p) in patterns {
            let posterior = em.posterior(*rule, v);
            let a = posterior * p.count();
            matched[*rule as usize] += a;
            pairs[*rule as usize] += p.count();
            for &l in v.iter().filter(|l| **l != u16::MAX) {
                m_next[l as usize] += a;
                u_next[l as usize] += p.count() - a;
                if identifier_rule[*rule as usize] {
                    m_trusted[l as usize] += a;
                }
            }
        }
        if learn_u {
            normalise(fields, &mut u_next);
            for (i, x) in u_next.iter_mut().enumerate() {
                *x = if *x > 0.0 { x.max(1e-9) } else { em.u[i] };
            }
        } else {
            u_next.clone_from(&em.u);
        }
        em.evidence.clone_from(&m_next);
        em.field_evidence = vec![0.0; fields.count];
        for (i, e) in m_next.iter().enumerate() {
            em.field_evidence[fields.field_of[i]] += e;
        }
        for &f in &trusted_fields {
            let shown: f64 = (0..levels.len()).filter(|i| fields.field_of[*i] == f).map(|i| m_trusted[i]).sum();
            em.unproven[f] = Some(f) == date && shown < MIN_TRUSTED;
            if shown >= MIN_TRUSTED {
                // What every pair shows, or for the date the defaults,
                // stands for TRUSTED_PRIOR matches beside them (see
                // [`TRUSTED_PRIOR`] and [`DATE_FIELD`]).
                let start: Vec<(usize, f64)> = (0..levels.len())
                    .filter(|i| fields.field_of[*i] == f)
                    .map(|i| (i, if Some(f) == date { levels[i].1 } else { m_next[i] }))
                    .collect();
                let all: f64 = start.iter().map(|(_, s)| s).sum();
                for (i, s) in start {
                    let prior = if all > 0.0 { TRUSTED_PRIOR * s / all } else { 0.0 };
                    m_next[i] = m_trusted[i] + prior;
                }
            }
        }
        normalise(fields, &mut m_next);
        for (i, (x, before)) in m_next.iter_mut().zip(&em.m).enumerate() {
            // A field no pair showed keeps its m, as does a field held.
            if em.field_evidence[fields.field_of[i]] == 0.0 || held.contains(&fields.field_of[i]) {
                *x = *before;
            }
            *x = x.clamp(MIN_M / 10.0, 1.0);
        }
        let shares: Vec<f64> = matched
            .iter()
            .zip(&pairs)
            .zip(&em.shares)
            .map(|((m, n), s)| if *n > 0.0 { (m / n).clamp(1e-9, 1.0 - 1e-9) } else { *s })
            .collect();
        let moved = m_next
            .iter()
            .zip(&em.m)
            .chain(u_next.iter().zip(&em.u))
            .chain(shares.iter().zip(&em.shares))
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        em.m = m_next;
        em.u = u_next;
        em.shares = shares;
        if moved < TOLERANCE {
            em.converged = true;
            break;
        }
    }
    em
}

/// m of the levels at which a person's two whole dates slip (days and
/// months swapped, days out, under a year out) where the pairs met through
/// identifiers show the date too seldom to learn it from: from the pairs
/// EM is sure of on all else ([`SURE`]), as a share of those that agree
/// wholly, with [`TRUSTED_PRIOR`] such pairs spread as the defaults' m
/// is. A share of whole dates, so which sources give whole dates does not
/// bear on it, and no namesake's date is a slip away; a date that differs
/// wholly is what tells a father from his son of one name at one house,
/// which those pairs cannot, and keeps the defaults' m with the rest, as
/// does a slip shown fewer than [`MIN_EVIDENCE`] times (one pair of
/// namesakes at one house is not a habit of the source). None where the
/// sure pairs show too few whole dates.
fn date_slips(fields: &Fields, em: &Em, patterns: &[(u8, Vec<u16>, Pattern)]) -> Option<Vec<(usize, f64)>> {
    let levels = default_levels();
    let whole: Vec<usize> = WHOLE_DATE_LEVELS.iter().filter_map(|l| fields.index.get(l).copied()).collect();
    let exact = *whole.first()?;
    let mut shown = vec![0.0; levels.len()];
    for (rule, v, p) in patterns {
        if let Some(&l) = v.iter().find(|l| whole.contains(&(**l as usize))) {
            let sure = em.posterior_of(*rule, v.iter().copied().filter(|x| *x != l));
            if sure >= SURE {
                shown[l as usize] += sure * p.count();
            }
        }
    }
    let all: f64 = whole.iter().map(|i| shown[*i]).sum();
    if all < MIN_TRUSTED {
        return None;
    }
    let default_sum: f64 = whole.iter().map(|i| levels[*i].1).sum();
    let with_prior = |i: usize| shown[i] + TRUSTED_PRIOR * levels[i].1 / default_sum;
    Some(
        whole[1..]
            .iter()
            .filter(|i| shown[**i] >= MIN_EVIDENCE)
            .map(|&i| (i, levels[exact].1 * with_prior(i) / with_prior(exact)))
            .collect(),
    )
}

/// Makes each field's levels sum to one.
fn normalise(fields: &Fields, values: &mut [f64]) {
    let mut sums = vec![0.0; fields.count];
    for (i, v) in values.iter().enumerate() {
        sums[fields.field_of[i]] += v;
    }
    for (i, v) in values.iter_mut().enumerate() {
        let s = sums[fields.field_of[i]];
        if s > 0.0 {
            *v /= s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (level, m, u) for four fields, as data might show them.
    const TRUE: &[(&str, f64, f64)] = &[
        ("surname.exact", 0.85, 0.30),
        ("surname.close", 0.10, 0.05),
        ("surname.differs", 0.05, 0.65),
        ("forename.exact", 0.80, 0.05),
        ("forename.nickname", 0.05, 0.01),
        ("forename.differs", 0.15, 0.94),
        ("dob.exact", 0.75, 0.001),
        ("dob.year", 0.15, 0.05),
        ("dob.differs", 0.10, 0.949),
        ("postcode.exact", 0.60, 0.02),
        ("postcode.differs", 0.40, 0.98),
    ];

    fn draw(rng: &mut StdRng, levels: &[(&'static str, f64)]) -> &'static str {
        let mut x: f64 = rng.gen();
        for (key, p) in levels {
            if x < *p {
                return key;
            }
            x -= p;
        }
        levels[levels.len() - 1].0
    }

    /// The blocking rule of a kind of key, as patterns number it.
    fn rule(kind: &str) -> u8 {
        KEY_KINDS.iter().position(|k| *k == kind).unwrap() as u8
    }

    /// `pairs` candidate pairs under one blocking rule, a `share` of them
    /// matches, their levels drawn with the m and u of [`TRUE`]; each field
    /// shown with chance `shown` (records lack fields).
    fn pairs_made_with(
        fields: &Fields,
        seed: u64,
        share: f64,
        pairs: usize,
        shown: f64,
    ) -> Vec<(u8, Vec<u16>, Pattern)> {
        let mut rng = StdRng::seed_from_u64(seed);
        let by_field = |field: &str, m: bool| -> Vec<(&'static str, f64)> {
            TRUE.iter()
                .filter(|(k, _, _)| k.starts_with(field))
                .map(|(k, pm, pu)| (*k, if m { *pm } else { *pu }))
                .collect()
        };
        let mut patterns: HashMap<Vec<u16>, Pattern> = HashMap::new();
        for _ in 0..pairs {
            let matched = rng.gen_bool(share);
            let mut keys = Vec::new();
            for field in ["surname.", "forename.", "dob.", "postcode."] {
                if rng.gen_bool(shown) {
                    keys.push(draw(&mut rng, &by_field(field, matched)));
                }
            }
            patterns.entry(fields.vector(&keys)).or_default().add(false);
        }
        patterns.into_iter().map(|(v, p)| (0, v, p)).collect()
    }

    #[test]
    fn em_recovers_the_m_and_u_the_pairs_were_made_with() {
        let fields = Fields::new();
        let share = 0.04;
        // Some pairs lack a field, as records do.
        let patterns = pairs_made_with(&fields, 7, share, 200_000, 0.9);
        // Started from the defaults' u, not the true one.
        let start: Vec<f64> = default_levels().iter().map(|(_, _, u)| *u).collect();
        let em = expectation_maximisation(&fields, &patterns, &start, true, &[]);
        assert!(em.converged, "{} rounds", em.iterations);
        assert!(em.problem(&fields).is_none());
        assert!((em.shares[0] - share).abs() < 0.005, "share {}", em.shares[0]);
        for (key, m, u) in TRUE {
            let i = fields.index[key];
            assert!((em.m[i] - m).abs() < 0.03, "{key}: m {} against {m}", em.m[i]);
            assert!((em.u[i] - u).abs() < 0.01, "{key}: u {} against {u}", em.u[i]);
        }
    }

    #[test]
    fn a_field_held_keeps_the_defaults_m_while_the_rest_is_learnt() {
        let fields = Fields::new();
        let patterns = pairs_made_with(&fields, 7, 0.04, 200_000, 0.9);
        let start: Vec<f64> = default_levels().iter().map(|(_, _, u)| *u).collect();
        let forename = fields.names.iter().position(|n| *n == "forename").unwrap();
        let em = expectation_maximisation(&fields, &patterns, &start, true, &[forename]);
        assert!(em.converged, "{} rounds", em.iterations);
        let mut defaults: Vec<f64> = default_levels().iter().map(|(_, m, _)| *m).collect();
        normalise(&fields, &mut defaults);
        for (i, (key, _, _)) in default_levels().iter().enumerate() {
            if key.starts_with("forename.") {
                assert!((em.m[i] - defaults[i]).abs() < 1e-12, "{key}: m {} against {}", em.m[i], defaults[i]);
            }
        }
        // The rest moves from the defaults toward what the pairs were made
        // with (not all the way: the held forename's m is not theirs).
        assert!(em.problem(&fields).is_none());
        let (i, m) = (fields.index["dob.exact"], 0.75);
        assert!((em.m[i] - m).abs() < (defaults[i] - m).abs(), "dob.exact: m {} against {m}", em.m[i]);
    }

    #[test]
    fn matches_that_differ_in_forename_more_than_a_persons_records_do_are_families() {
        let fields = Fields::new();
        let patterns = pairs_made_with(&fields, 7, 0.04, 50_000, 0.9);
        let start: Vec<f64> = default_levels().iter().map(|(_, _, u)| *u).collect();
        let mut em = expectation_maximisation(&fields, &patterns, &start, true, &[]);
        // The pairs were made with forenames differing in 15% of matches.
        assert_eq!(em.families(&fields), None);
        let (differs, exact) = (fields.index["forename.differs"], fields.index["forename.exact"]);
        em.m[differs] = 0.45;
        em.m[exact] = 0.5;
        let seen = em.families(&fields).expect("families");
        assert!(seen.contains("45%"), "{seen}");
    }

    #[test]
    fn with_u_held_em_settles_where_nearly_every_pair_is_a_match() {
        // A file of few persons with many records each: blocking finds
        // hardly any strangers to learn their u from.
        let fields = Fields::new();
        let share = 0.95;
        let patterns = pairs_made_with(&fields, 11, share, 20_000, 1.0);
        // u as random pairs would give it: the true one.
        let mut u: Vec<f64> = default_levels().iter().map(|(_, _, u)| *u).collect();
        for (key, _, true_u) in TRUE {
            u[fields.index[key]] = *true_u;
        }
        let em = expectation_maximisation(&fields, &patterns, &u, false, &[]);
        assert!(em.converged && em.problem(&fields).is_none(), "{} rounds", em.iterations);
        assert_eq!(em.u, u, "u is held");
        assert!((em.shares[0] - share).abs() < 0.01, "share {}", em.shares[0]);
        for (key, m, _) in TRUE {
            let i = fields.index[key];
            assert!((em.m[i] - m).abs() < 0.03, "{key}: m {} against {m}", em.m[i]);
        }
    }

    #[test]
    fn a_level_against_a_match_may_weigh_as_much_as_its_fields_differs_but_no_more() {
        let fields = Fields::new();
        let n = default_levels().len();
        let (within, differs, exact) =
            (fields.index["dob.within_year"], fields.index["dob.differs"], fields.index["dob.exact"]);
        let mut estimated = Estimated { m: vec![None; n], u: vec![None; n] };
        estimated.m[within] = Some(MIN_M);
        estimated.m[differs] = Some(MIN_M);
        estimated.m[exact] = Some(MIN_M);
        estimated.u[within] = Some(0.02);
        estimated.u[differs] = Some(0.97);
        estimated.u[exact] = Some(0.0001);
        let mut raw = vec![0.5; n];
        raw[within] = 1e-6;
        raw[exact] = 1e-6;
        floor_at_differs(&fields, &raw, &mut estimated);
        let weight = |i: usize| (estimated.m[i].unwrap() / estimated.u[i].unwrap()).log2();
        // Held at the bound, a date under a year out weighed 4.3 bits less
        // against than one that differs wholly; now as much, and no more.
        assert!((weight(within) - weight(differs)).abs() < 1e-9, "{} {}", weight(within), weight(differs));
        // A level for a match keeps the bound.
        assert_eq!(estimated.m[exact], Some(MIN_M));
    }

    #[test]
    fn a_level_the_few_matches_met_through_identifiers_do_not_show_is_not_ruled_out() {
        let fields = Fields::new();
        let mut patterns: Vec<(u8, Vec<u16>, Pattern)> = Vec::new();
        let mut add = |rule: u8, keys: &[&'static str], within: u64| {
            patterns.push((rule, fields.vector(keys), Pattern { within, across: 0 }));
        };
        // Thirty pairs met through a PNC ID, every one an address in the
        // same place; through an initial and a date of birth, matches and
        // strangers by the thousand, the matches' addresses differing three
        // times in four.
        add(rule("p"), &["surname.exact", "forename.exact", "dob.exact", "address.place"], 30);
        add(rule("d"), &["surname.exact", "forename.exact", "address.place"], 500);
        add(rule("d"), &["surname.exact", "forename.exact", "address.differs"], 1_500);
        add(rule("d"), &["surname.differs", "forename.differs", "address.differs"], 20_000);
        add(rule("d"), &["surname.differs", "forename.differs", "address.place"], 4_000);
        let u: Vec<f64> = default_levels().iter().map(|(_, _, u)| *u).collect();
        let em = expectation_maximisation(&fields, &patterns, &u, true, &[]);
        assert!(em.converged);
        let m = |key: &str| em.m[fields.index[key]];
        // Thirty matches cannot say that an address never differs among
        // matches: the pairs met through names still count.
        assert!(m("address.differs") > 0.3, "m of a differing address {}", m("address.differs"));
        assert!(m("address.place") > 0.4, "m of a place in common {}", m("address.place"));
    }

    #[test]
    fn a_date_the_pairs_met_through_identifiers_do_not_show_keeps_its_defaults() {
        let fields = Fields::new();
        // A person's records met through their names agree on the date; a
        // father and son of one name at one house agree on all but the
        // date, and outnumber them; strangers agree on nothing.
        let households = |identified: u64| {
            let mut patterns: Vec<(u8, Vec<u16>, Pattern)> = Vec::new();
            let mut add = |rule: u8, keys: &[&'static str], within: u64| {
                patterns.push((rule, fields.vector(keys), Pattern { within, across: 0 }));
            };
            add(rule("p"), &["surname.exact", "forename.exact", "dob.exact", "postcode.exact"], identified);
            add(rule("nm"), &["dob.exact", "postcode.exact", "address.same_house"], 300);
            add(rule("nm"), &["dob.differs", "postcode.exact", "address.same_house"], 700);
            add(rule("nm"), &["dob.differs", "postcode.differs", "address.differs"], 20_000);
            let u: Vec<f64> = default_levels().iter().map(|(_, _, u)| *u).collect();
            expectation_maximisation(&fields, &patterns, &u, true, &[])
        };
        let dob = fields.names.iter().position(|n| *n == DATE_FIELD).unwrap();
        let differs = fields.index["dob.differs"];
        // Thirty matches met through an identifier show the date, each
        // exact: a date that differs stays rare among matches.
        let em = households(30);
        assert!(!em.unproven[dob], "{} rounds", em.iterations);
        assert!(em.m[differs] < 0.005, "m of a differing date {}", em.m[differs]);
        // None: the date every pair shows is not taken; the defaults stand.
        let em = households(0);
        assert!(em.unproven[dob]);
    }

    #[test]
    fn how_whole_dates_slip_is_learnt_from_the_pairs_sure_on_all_else_where_no_identifier_shows_it() {
        let fields = Fields::new();
        let mut patterns: Vec<(u8, Vec<u16>, Pattern)> = Vec::new();
        let mut add = |keys: &[&'static str], within: u64| {
            patterns.push((rule("nm"), fields.vector(keys), Pattern { within, across: 0 }));
        };
        // A source that records a person's date months out one time in
        // three, and no identifier: the pairs of one name at one house.
        add(&["dob.exact", "postcode.exact", "address.same_house"], 300);
        add(&["dob.within_year", "postcode.exact", "address.same_house"], 150);
        add(&["dob.differs", "postcode.differs", "address.differs"], 20_000);
        let u: Vec<f64> = default_levels().iter().map(|(_, _, u)| *u).collect();
        let em = expectation_maximisation(&fields, &patterns, &u, true, &[]);
        let dob = fields.field_of[fields.index["dob.exact"]];
        assert!(em.converged && em.unproven[dob]);
        let slips: HashMap<usize, f64> =
            date_slips(&fields, &em, &patterns).expect("slips learnt").into_iter().collect();
        // As a share of whole dates that agree (the defaults' 0.9), with
        // the defaults' fifty such pairs beside the 450 shown.
        let within_year = slips[&fields.index["dob.within_year"]];
        assert!((0.35..0.42).contains(&within_year), "m of a date under a year out {within_year}");
        // A slip never shown keeps its default.
        assert!(!slips.contains_key(&fields.index["dob.swapped"]));
        // A date that differs wholly, and whole dates that agree, are not
        // learnt here.
        assert!(!slips.contains_key(&fields.index["dob.differs"]) && !slips.contains_key(&fields.index["dob.exact"]));
        // Pairs not sure on all else show nothing.
        let unsure = [(
            rule("nm"),
            fields.vector(&["dob.exact", "postcode.differs", "address.differs"]),
            Pattern { within: 300, across: 0 },
        )];
        assert!(date_slips(&fields, &em, &unsure).is_none());
    }

    #[test]
    fn a_shared_postcode_within_a_surname_is_counted_between_persons_not_records() {
        use crate::domain::dates::PartialDate;
        use crate::linkage::features::NameForm;
        // Each person born ten years and a few days after the one before,
        // so no two dates are a slip apart.
        let record = |surname: &str, person: u8, postcode: &str| Features {
            names: vec![NameForm::new("Sam", surname)],
            dobs: vec![PartialDate {
                year: 1950 + 10 * i32::from(person),
                month: Some(3),
                day: Some(14 + u32::from(person)),
            }],
            postcodes: vec![postcode.to_string()],
            ..Features::default()
        };
        let mut records = Vec::new();
        for family in 0..30u8 {
            let surname = format!("okafor{}{}", char::from(b'a' + family / 26), char::from(b'a' + family % 26));
            // Five persons of one surname, three of them at one house.
            for person in 0..5u8 {
                let postcode = if person < 3 { format!("H{family}") } else { format!("E{family}X{person}") };
                records.push(record(&surname, person, &postcode));
            }
            // The first person's second record: with the first, one person
            // and not counted; with the other four, two persons.
            records.push(record(&surname, 0, &format!("H{family}")));
        }
        // Of the 14 pairs of persons in each family, 3 + 2 share the house.
        let u = households(&records).unwrap();
        assert!((u - 5.0 / 14.0).abs() < 1e-9, "{u}");
        // Too few pairs of one surname to say.
        assert_eq!(households(&records[..12]), None);
    }

    #[test]
    fn the_records_are_visited_once_each_and_spread_from_the_start() {
        for n in [0, 1, 2, 10, 9_999, 10_000] {
            let order = spread(n);
            let mut sorted = order.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..n).collect::<Vec<_>>(), "n = {n}");
        }
        // The first tenth of the order reaches into every tenth of the records.
        let order = spread(10_000);
        let mut tenths: Vec<usize> = order[..1_000].iter().map(|i| i / 1_000).collect();
        tenths.sort_unstable();
        tenths.dedup();
        assert_eq!(tenths.len(), 10);
    }

    #[test]
    fn too_few_pairs_leave_the_defaults_with_a_warning() {
        let linker = Linker::new(crate::linkage::LinkageConfig::default());
        let estimate = linker.estimate_for(&[Features::default(), Features::default()], 2);
        assert!(estimate.levels.m.iter().all(Option::is_none));
        assert!(estimate.prior.is_none());
        assert!(estimate.report.warning.is_some_and(|w| w.contains("too few")));
    }

    #[test]
    fn an_estimation_that_does_not_settle_or_swaps_the_classes_is_not_used() {
        let fields = Fields::new();
        let n = default_levels().len();
        let unsettled = Em {
            m: vec![0.5; n],
            u: vec![0.1; n],
            shares: vec![0.1; KEY_KINDS.len()],
            evidence: vec![0.0; n],
            field_evidence: vec![0.0; fields.count],
            unproven: vec![false; fields.count],
            iterations: MAX_ITERATIONS,
            converged: false,
        };
        assert_eq!(unsettled.problem(&fields).unwrap(), "the estimation did not settle in 500 rounds");
        let swapped = Em { converged: true, m: vec![0.01; n], ..unsettled };
        assert!(swapped.problem(&fields).unwrap().contains("took non-matches for matches"));
    }
}
