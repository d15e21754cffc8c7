//! A record compared with a person field by field: each field graded at a
//! level (see `levels`), each level weighed (see `weights`), the score their
//! sum, with the values compared kept as evidence for a reader.

use serde::{Deserialize, Serialize};

use super::features::{Features, NameForm, Street, Token};
use super::frequencies::{Agreement, Carriers, Frequencies, Namesakes};
use super::levels::{dob_level, forename_key, surname_key, Level, DOB_LEVELS};
use super::weights::{LinkageConfig, Weights, ADDRESS_LEVELS, EXACT_M, MAX_U, MIN_U};
use crate::domain::dates::PartialDate;
use crate::domain::person::Sex;
use crate::matching::{bag_distance, edit_distance, jaro_winkler};

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

impl LinkageConfig {
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
}

fn token_level(a: &Token, b: &Token, forename: bool) -> Level {
    if a.text == b.text {
        return Level::Exact;
    }
    if forename && a.groups.iter().any(|g| b.groups.contains(g)) {
        return Level::Nickname;
    }
    let (x, y) = (a.text.as_str(), b.text.as_str());
    // An initial for a whole forename: nothing closer can be told of it.
    if forename && (x.len() == 1 || y.len() == 1) {
        return if x.as_bytes().first() == y.as_bytes().first() { Level::Initial } else { Level::Differs };
    }
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

/// The other persons known by a name's whole name (first forename and
/// surname), while whole names are weighed.
fn namesakes(cfg: &LinkageConfig, freq: Option<&Frequencies>, name: &NameForm) -> Option<Namesakes> {
    if !cfg.name_rarity || cfg.frequency_weights {
        return None;
    }
    let (forename, surname) = (name.forenames.first()?, name.surname.first()?);
    freq?.namesakes(&forename.text, &surname.text)
}

/// How many others carry a surname, while whole names are weighed.
fn carriers(cfg: &LinkageConfig, freq: Option<&Frequencies>, surname: &str) -> Option<Carriers> {
    if !cfg.name_rarity || cfg.frequency_weights {
        return None;
    }
    freq?.surname_carriers(surname)
}

/// The most a record's names can add to a score against any person (see
/// [`Weights::names_bound`]): its surname's and whole name's rarity and its
/// middle names count only where it has them.
pub fn names_bound(cfg: &LinkageConfig, w: &Weights, freq: Option<&Frequencies>, record: &Features) -> f64 {
    let rare_name = record.names.iter().filter_map(|n| namesakes(cfg, freq, n)).map(|n| n.bits()).fold(0.0, f64::max);
    let rare_surname = record
        .names
        .iter()
        .flat_map(|n| &n.surname)
        .filter_map(|t| carriers(cfg, freq, &t.text))
        .map(|c| c.bits())
        .fold(0.0, f64::max);
    let middle = record.names.iter().any(|n| middle_names(n).next().is_some());
    w.names_bound(cfg, rare_surname, rare_name, middle)
}

/// The forenames after the first, initials aside (too many strangers share one).
fn middle_names(name: &NameForm) -> impl Iterator<Item = &Token> {
    name.forenames.iter().skip(1).filter(|t| t.text.len() > 1)
}

/// The weight of a name level: for exact agreement, with frequency weights
/// on and enough persons known, u is the name's own share, so rare names
/// weigh more than common ones.
fn name_weight(cfg: &LinkageConfig, w: &Weights, freq: Option<&Frequencies>, field: Agreement, token: &str) -> f64 {
    let key = if field == Agreement::Surname { "surname.exact" } else { "forename.exact" };
    match freq.filter(|_| cfg.frequency_weights && !cfg.weights.contains_key(key)).and_then(|f| f.share(field, token)) {
        Some(u) => (EXACT_M / u.clamp(MIN_U, MAX_U)).log2(),
        None if field == Agreement::Surname => w.surname[Level::Exact as usize],
        None => w.forename[Level::Exact as usize],
    }
}

/// The best pairing of two names so far: total weight, which name of each,
/// order swapped, the surname's level, weight and word of the record's and
/// the forename's level and weight (each where both names give it).
type NamePairing<'n> = (f64, usize, usize, bool, Option<(Level, f64, &'n str)>, Option<(Level, f64)>);

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
    /// Who else carries the surname, where the surnames agree exactly.
    surname_carriers: Option<Carriers>,
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
            surname_carriers: None,
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
    fn within_surname(&self, surname: Option<Level>, forename: Level) -> bool {
        surname == Some(Level::Exact) && forename == Level::Exact && !self.cfg.frequency_weights
    }

    /// The best pairing of names, allowing forenames and surname swapped.
    /// A part missing from either name is not compared: it says nothing.
    /// While both sides have a name with forenames and surname, only such
    /// names are paired, so that a form lacking a surname cannot excuse one
    /// that differs.
    fn pair_names(&mut self, a: &[NameForm], b: &[NameForm], female: bool) {
        let whole = |n: &&NameForm| !n.surname.is_empty() && !n.forenames.is_empty();
        let only_whole = a.iter().any(|n| whole(&n)) && b.iter().any(|n| whole(&n));
        let mut best: Option<NamePairing> = None;
        for (i, x) in a.iter().enumerate().filter(|(_, x)| !only_whole || whole(x)) {
            for (j, y) in b.iter().enumerate().filter(|(_, y)| !only_whole || whole(y)) {
                for swap in [false, true] {
                    let (yf, ys, joined) = if swap {
                        (&y.surname, &y.forenames, &y.forenames_joined)
                    } else {
                        (&y.forenames, &y.surname, &y.joined)
                    };
                    let s = (!x.surname.is_empty() && !ys.is_empty()).then(|| {
                        let (s, token) = surname_level(x, ys, joined, swap);
                        (s, self.level_weight(true, s, token, female && !swap), token)
                    });
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
                            let weight = if self.within_surname(s.map(|(s, ..)| s), l) {
                                self.w.forename_same_surname
                            } else {
                                self.level_weight(false, l, &p.text, female)
                            };
                            Some((l, weight))
                        }
                        _ => None,
                    };
                    if s.is_none() && f.is_none() {
                        continue;
                    }
                    let total = s.map_or(0.0, |(_, w, _)| w) + f.map_or(0.0, |(_, w)| w);
                    if best.as_ref().is_none_or(|b| total > b.0) {
                        best = Some((total, i, j, swap, s, f));
                    }
                }
            }
        }
        let Some((_, i, j, swap, s, f)) = best else { return };
        // Swapped, a part that differs says no surname changed: the other
        // part agreeing reads as well as a surname in common (sisters at
        // one house, one of them recorded the wrong way round), so the
        // postcode weighs as within a surname and no married name excuses it.
        self.surname_differs = s.map(|(s, ..)| s == Level::Differs && !swap);
        let female = female && !swap;
        // Swapped, the surname met a forename, which is counted as none.
        self.surname_carriers = s
            .filter(|(s, ..)| *s == Level::Exact && !swap)
            .and_then(|(_, _, token)| carriers(self.cfg, self.freq, token));
        self.forename_exact = Some(f.is_some_and(|(l, _)| l == Level::Exact));
        let (x, y) = (&a[i], &b[j]);
        let texts =
            || if swap { (y.surname_text(), y.forenames_text()) } else { (y.forenames_text(), y.surname_text()) };
        if let Some((s, sw, _)) = s {
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
        }
        if let Some((l, fw)) = f {
            let within = self.within_surname(s.map(|(s, ..)| s), l);
            let (level, key) = if within {
                ("exact (same surname)", "forename.exact_same_surname")
            } else {
                (l.as_str(), forename_key(l))
            };
            let level = || if swap && s.is_none() { format!("{level} (order swapped)") } else { level.into() };
            self.add(Some(key), "forename", fw, level, || format!("{} / {}", x.forenames_text(), texts().0));
            if within {
                self.rare_name(x);
            }
        }
        if !swap {
            self.middle_names(x, b);
        }
    }

    /// Further forenames, where the record and the person both give some:
    /// one in common (whichever of the person's names carries it), or none.
    fn middle_names(&mut self, record: &NameForm, person: &[NameForm]) {
        if middle_names(record).next().is_none() || person.iter().flat_map(middle_names).next().is_none() {
            return;
        }
        let shared = person
            .iter()
            .flat_map(middle_names)
            .any(|t| middle_names(record).any(|o| token_level(o, t, true) <= Level::Close));
        let (key, weight) =
            if shared { ("middle.agrees", self.w.middle[0]) } else { ("middle.differs", self.w.middle[1]) };
        // Not a level EM learns: beside the names, it kept EM from settling
        // on the first file (300,000 nominals), and the defaults then stood.
        self.add(
            None,
            "middle names",
            weight,
            || key["middle.".len()..].into(),
            || {
                let text = |ts: Vec<&Token>| ts.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" ");
                let theirs = person.iter().flat_map(middle_names).collect();
                format!("{} / {}", text(middle_names(record).collect()), text(theirs))
            },
        );
    }

    /// An exact whole name carried by fewer other persons than chance
    /// would give says more than its parts (see [`Namesakes`]).
    fn rare_name(&mut self, name: &NameForm) {
        let Some(namesakes) = namesakes(self.cfg, self.freq, name) else { return };
        let bits = namesakes.bits();
        if bits > 0.0 {
            self.add(
                None,
                "whole name",
                bits,
                || format!("{}, {:.1} expected by chance", carried_by(namesakes.others), namesakes.expected),
                || {
                    name.forenames
                        .first()
                        .zip(name.surname.first())
                        .map_or(String::new(), |(f, s)| format!("{} {}", f.text, s.text))
                },
            );
        }
    }

    /// The names' part of a comparison: the best pairing, then how rare the
    /// surname it agrees on is.
    fn names(&mut self, record: &Features, person: &Features) {
        self.pair_names(&record.names, &person.names, female(record, person));
        self.surname_rarity(record, person);
    }

    /// A surname in common says more the fewer others carry it, and less
    /// the more; but not where a postcode is shared too: a rare surname at
    /// one address is one family's, which the postcode's weight within a
    /// surname already counts (with it, fathers and sons of one name at
    /// one house merged).
    fn surname_rarity(&mut self, record: &Features, person: &Features) {
        let Some(carriers) = self.surname_carriers else { return };
        if shared(&record.postcodes, &person.postcodes).is_some() {
            return;
        }
        self.add(
            None,
            "surname rarity",
            carriers.bits(),
            || format!("{}, {:.1} if it were as common as most", carried_by(carriers.others), carriers.expected()),
            String::new,
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

/// How many others carry a name, for a reader.
fn carried_by(others: u32) -> String {
    match others {
        1 => "1 other carries it".into(),
        n => format!("{n} others carry it"),
    }
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
    sc.names(record, person);
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
    sc.names(record, person);
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
    sc.names(record, person);
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

impl Scorer<'_> {
    /// Date of birth, postcode, address, sex and identifiers; returns
    /// (conflicting identifier unique to one person, shared one).
    fn rest(&mut self, record: &Features, person: &Features) -> (Option<String>, Option<String>) {
        let w = self.w;
        self.dob(&record.dobs, &person.dobs);
        let same_postcode = shared(&record.postcodes, &person.postcodes).is_some();
        if !record.postcodes.is_empty() && !person.postcodes.is_empty() {
            // Before the names are compared, a shared postcode counts at the
            // most it can weigh (see [`compare_names`]).
            let (weight, key, level) = match (same_postcode, self.surname_differs) {
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
        if let Some((level, a, b)) = address_level(&record.streets, &person.streets) {
            let i = match (same_postcode, level) {
                (false, level) => level as usize,
                (true, AddressLevel::Exact) => 4,
                // Neither gives a house number (a town alone, a named
                // house): the lines agree as far as they go, no other house.
                (true, AddressLevel::Street) if a.number.is_empty() && b.number.is_empty() => 4,
                (true, _) => 5,
            };
            let key = ADDRESS_LEVELS[i];
            // The detail is written out only for the evidence kept, not for
            // every candidate scored.
            self.add(
                Some(key),
                "address",
                w.address[i],
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

/// How far two addresses' lines agree; in the order of the address levels
/// laid out in [`Weights`].
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

/// Street names that are the same but for a slip or two.
fn same_street(a: &str, b: &str) -> bool {
    // The letters' difference bounds the edits from below, and is cheap.
    a == b
        || (a.len().min(b.len()) >= 6
            && a.len().abs_diff(b.len()) <= 2
            && bag_distance(a, b) <= 2
            && edit_distance(a, b) <= 2)
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
