//! How common each value is among the persons known: the data's own u
//! probabilities. For a field, u of exact agreement is the chance that two
//! persons drawn at random agree on it, the sum of the squared shares of
//! its values; for one name, its own share.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::domain::dates::PartialDate;
use crate::domain::person::PersonDetails;
use crate::matching::name_tokens;

use super::features::surname_words;

/// Below this many persons shares are too noisy and the fixed weights apply.
const MIN_PERSONS: u64 = 500;

/// Persons carrying surnames as at large, beside those known, when the
/// chance of a surname is counted (see [`Carriers::u`]).
const RARITY_PRIOR: f64 = 150.0;

/// Counts of one field's values and the sum of their squares.
#[derive(Debug)]
struct Tally<K = String> {
    counts: HashMap<K, u32>,
    squares: u64,
    total: u64,
}

impl<K> Default for Tally<K> {
    fn default() -> Self {
        Self { counts: HashMap::new(), squares: 0, total: 0 }
    }
}

impl<K: Hash + Eq> Tally<K> {
    fn count(&mut self, value: K) {
        let c = self.counts.entry(value).or_default();
        self.squares += 2 * u64::from(*c) + 1;
        *c += 1;
        self.total += 1;
    }

    /// Ordered pairs of different persons with the same value.
    fn pairs(&self) -> f64 {
        (self.squares - self.total) as f64
    }

    /// The chance that two different persons drawn at random have the
    /// same value (each person's agreement with itself left out).
    fn agreement(&self) -> Option<f64> {
        let n = self.total as f64;
        (self.total >= MIN_PERSONS).then(|| self.pairs() / (n * (n - 1.0)))
    }
}

impl Tally {
    fn share(&self, value: &str) -> Option<f64> {
        if self.total < MIN_PERSONS || value.is_empty() {
            return None;
        }
        let n = self.counts.get(value).copied().unwrap_or(0);
        Some(f64::from(n + 1) / (self.total + 1) as f64)
    }
}

/// Two names together, as a key: hashed rather than joined, so that
/// looking one up for every candidate compared allocates nothing.
fn whole_name(forename: &str, surname: &str) -> u64 {
    hashed((forename, surname))
}

fn hashed(key: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    key.hash(&mut h);
    h.finish()
}

/// How many other persons carry a whole name, and how many would by chance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Namesakes {
    pub others: u32,
    pub expected: f64,
}

impl Namesakes {
    /// What agreeing on the whole name says beyond the weights of its
    /// parts, in bits: log2 of (expected + 1) / (others + 1), where the
    /// parts' weights assume the expected number. A name no one else
    /// carries says more the more namesakes were to be expected; with few
    /// persons known (under one expected) it says nothing more. Only ever
    /// added: a name's count holds the person's own records not yet linked
    /// as well as its namesakes, and taking weight off a common name lost
    /// more matches than it saved wrong merges (F1 0.9812 against 0.9817
    /// at a million nominals).
    pub fn bits(&self) -> f64 {
        ((self.expected + 1.0) / (f64::from(self.others) + 1.0)).log2().max(0.0)
    }
}

/// How many other persons carry a surname, among the persons known.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Carriers {
    pub others: u32,
    /// u of surname agreement at large: the chance that two persons share
    /// a surname, whichever it is.
    pub at_large: f64,
    pub persons: u64,
}

impl Carriers {
    /// How many others would carry it if it were as common as surnames at
    /// large.
    pub fn expected(&self) -> f64 {
        self.at_large * self.persons.saturating_sub(1) as f64
    }

    /// The chance that another person carries the surname: counted from
    /// the others known, with [`RARITY_PRIOR`] persons more carrying it
    /// as surnames at large are carried, so that a surname few carry is
    /// taken for rare only once many persons are known.
    pub fn u(&self) -> f64 {
        (f64::from(self.others) + RARITY_PRIOR * self.at_large) / (self.persons.saturating_sub(1) as f64 + RARITY_PRIOR)
    }

    /// What agreeing on this surname says beyond agreeing on a surname at
    /// large, in bits: less than nothing for a common one.
    pub fn bits(&self) -> f64 {
        (self.at_large / self.u()).log2()
    }
}

/// Which of a field's exact agreements a u is wanted for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agreement {
    Surname,
    Forename,
    /// Full dates of birth.
    Date,
    /// Year and month of birth.
    Month,
    Year,
    Postcode,
    /// A postcode, between persons of the same surname: a household's.
    PostcodeSameSurname,
    /// A postcode, between persons of different surnames.
    PostcodeOtherSurname,
    /// A forename, between persons of the same surname: names run in
    /// families and communities, so it is shared more often than alone.
    ForenameSameSurname,
    /// A middle name, between persons of the same first forename: the two
    /// run together too (Ravi Nikhil, Xiu Ying), far more than at random.
    MiddleSameForename,
}

#[derive(Debug, Default)]
pub struct Frequencies {
    surnames: Tally,
    forenames: Tally,
    dates: Tally,
    months: Tally,
    years: Tally,
    postcodes: Tally,
    /// Surname and postcode together.
    households: Tally,
    /// Surname and forename together.
    full_names: Tally<u64>,
    /// Surname, and the whole name, each with the year of birth (or none):
    /// pairs of persons these join are not told apart by their years, and
    /// while a source's records of one person are not yet linked they are
    /// mostly such pairs (see [`Frequencies::forename_given_surname`]).
    surname_years: Tally<u64>,
    full_name_years: Tally<u64>,
    /// First forenames of persons with a further one, and the two together.
    forenames_with_middle: Tally,
    forename_and_middle: Tally<u64>,
}

impl Frequencies {
    /// Counts a new person's primary name, date of birth and first postcode.
    pub fn count(&mut self, details: &PersonDetails) {
        let postcode = details.addresses.first().map(|a| a.address.postcode.replace(' ', ""));
        if let Some(name) = details.primary_name() {
            // A surname recorded as unknown is none, as linkage compares
            // it: counted, a file's missing surnames made every two of them
            // agree, and a surname in common weighed 5 bits, not 10.
            let surname = surname_words(&name.surname).into_iter().next();
            let forenames = name_tokens(&name.forenames);
            if let [first, middle, ..] = forenames.as_slice() {
                if middle.len() > 1 {
                    self.forenames_with_middle.count(first.clone());
                    self.forename_and_middle.count(whole_name(first, middle));
                }
            }
            let forename = forenames.into_iter().next();
            if let (Some(s), Some(postcode)) = (&surname, &postcode) {
                self.households.count(format!("{s} {postcode}"));
            }
            let year = details.date_of_birth.map(|d| d.year);
            if let (Some(f), Some(s)) = (&forename, &surname) {
                self.full_names.count(whole_name(f, s));
                self.full_name_years.count(hashed((f, s, year)));
            }
            if let Some(s) = surname {
                self.surname_years.count(hashed((&s, year)));
                self.surnames.count(s);
            }
            if let Some(f) = forename {
                self.forenames.count(f);
            }
        }
        if let Some(d) = details.date_of_birth {
            self.years.count(d.year.to_string());
            if let Some(m) = d.month {
                self.months.count(format!("{}-{m}", d.year));
                if d.day.is_some() {
                    self.dates.count(d.to_string());
                }
            }
        }
        if let Some(postcode) = postcode {
            self.postcodes.count(postcode);
        }
    }

    fn tally(&self, field: Agreement) -> &Tally {
        match field {
            Agreement::Surname => &self.surnames,
            // A middle name's share is a forename's.
            Agreement::Forename | Agreement::ForenameSameSurname | Agreement::MiddleSameForename => &self.forenames,
            Agreement::Date => &self.dates,
            Agreement::Month => &self.months,
            Agreement::Year => &self.years,
            Agreement::Postcode | Agreement::PostcodeSameSurname | Agreement::PostcodeOtherSurname => &self.postcodes,
        }
    }

    /// u of exact agreement on the field, once enough persons are known.
    pub fn agreement(&self, field: Agreement) -> Option<f64> {
        match field {
            Agreement::PostcodeSameSurname | Agreement::PostcodeOtherSurname => self.postcode_given_surname(field),
            Agreement::ForenameSameSurname => self.forename_given_surname(),
            Agreement::MiddleSameForename => self.middle_given_forename(),
            _ => self.tally(field).agreement(),
        }
    }

    /// u of postcode agreement between persons of the same surname, or of
    /// different ones. Households share both, so a postcode in common says
    /// far less between two Smiths than between a Smith and a Jones.
    fn postcode_given_surname(&self, field: Agreement) -> Option<f64> {
        let n = self.surnames.total as f64;
        if self.surnames.total < MIN_PERSONS || self.postcodes.total < MIN_PERSONS {
            return None;
        }
        let both = self.households.pairs();
        let u = match field {
            Agreement::PostcodeSameSurname => both / self.surnames.pairs().max(1.0),
            _ => (self.postcodes.pairs() - both).max(0.0) / (n * (n - 1.0) - self.surnames.pairs()).max(1.0),
        };
        Some(u)
    }

    /// u of forename agreement between persons of the same surname. Where
    /// surnames are as varied as a real population's, pairs of one surname
    /// are few, and a person's records not yet linked (counted as two
    /// persons of one whole name) weigh heavily among them: so it is held
    /// to five times the rate of forename agreement at large, about what
    /// families and communities make it (measured on the synthetic exports).
    fn forename_given_surname(&self) -> Option<f64> {
        if self.full_names.total < MIN_PERSONS {
            return None;
        }
        // Among pairs of persons of one surname told apart by their years
        // of birth: a person's records not yet linked, each a person of
        // its own, share the forename and the year, and counted they made
        // a forename in common within a surname weigh 3 bits, not 6, in a
        // file of ten records a person.
        let within = (self.full_names.pairs() - self.full_name_years.pairs())
            / (self.surnames.pairs() - self.surname_years.pairs()).max(1.0);
        // Names run in families and communities: strangers of one surname
        // share a forename at least as often as strangers at large.
        Some(self.forenames.agreement().map_or(within, |at_large| within.clamp(at_large, 5.0 * at_large)))
    }

    /// u of middle-name agreement between persons of the same first
    /// forename (the first middle name of each).
    fn middle_given_forename(&self) -> Option<f64> {
        if self.forenames_with_middle.total < MIN_PERSONS {
            return None;
        }
        Some(self.forename_and_middle.pairs() / self.forenames_with_middle.pairs().max(1.0))
    }

    /// How many other persons carry a surname, beside how many would if
    /// it were as common as surnames at large; None while too few persons
    /// are known to say.
    pub fn surname_carriers(&self, surname: &str) -> Option<Carriers> {
        let at_large = self.surnames.agreement()?;
        // The person compared with was counted under its own surname.
        let others = self.surnames.counts.get(surname).map_or(0, |c| c.saturating_sub(1));
        Some(Carriers { others, at_large, persons: self.surnames.total })
    }

    /// The share of persons carrying `token` as a surname or forename.
    pub fn share(&self, field: Agreement, token: &str) -> Option<f64> {
        self.tally(field).share(token)
    }

    /// The other persons known by a whole name (first forename and
    /// surname, folded), beside how many would carry it by chance; None
    /// while too few persons are known to say.
    pub fn namesakes(&self, forename: &str, surname: &str) -> Option<Namesakes> {
        // By the surname's own share, not surnames' at large: how rare the
        // surname is weighs on its own (see [`Carriers`]), and counted here
        // too it would weigh twice.
        let carriers = self.surname_carriers(surname)?;
        let expected = self.expected_namesakes()? * carriers.u() / carriers.at_large;
        // The person compared with was counted under its own name.
        let others = self.full_names.counts.get(&whole_name(forename, surname)).map_or(0, |n| n.saturating_sub(1));
        Some(Namesakes { others, expected })
    }

    /// How many other persons would share one's whole name by chance: the
    /// chance that two share it, as the name weights take it (u of the
    /// surname times u of a forename within it), times the others known.
    pub fn expected_namesakes(&self) -> Option<f64> {
        if self.full_names.total < MIN_PERSONS {
            return None;
        }
        let by_chance = self.agreement(Agreement::Surname)? * self.agreement(Agreement::ForenameSameSurname)?;
        Some(by_chance * (self.full_names.total - 1) as f64)
    }

    /// The share of persons born on the date (to its precision).
    pub fn date_share(&self, d: PartialDate) -> Option<f64> {
        match (d.month, d.day) {
            (Some(_), Some(_)) => self.dates.share(&d.to_string()),
            (Some(m), None) => self.months.share(&format!("{}-{m}", d.year)),
            _ => self.years.share(&d.year.to_string()),
        }
    }
}
