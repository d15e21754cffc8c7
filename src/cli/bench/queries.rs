//! Noisy queries made from real seeded persons, each with the person it
//! should find, one kind of noise per query.

use rand::seq::SliceRandom;
use rand::Rng;

use crate::domain::dates::PartialDate;
use crate::domain::person::Person;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Noise {
    Exact,
    Typo,
    Transposition,
    SwappedOrder,
    YearOnly,
    DayMonthSwapped,
}

impl Noise {
    pub const ALL: [Noise; 6] =
        [Noise::Exact, Noise::Typo, Noise::Transposition, Noise::SwappedOrder, Noise::YearOnly, Noise::DayMonthSwapped];

    pub fn name(self) -> &'static str {
        match self {
            Noise::Exact => "exact",
            Noise::Typo => "typo",
            Noise::Transposition => "transposition",
            Noise::SwappedOrder => "name order swapped",
            Noise::YearOnly => "year of birth only",
            Noise::DayMonthSwapped => "day/month swapped",
        }
    }
}

pub struct TestQuery {
    pub noise: Noise,
    pub text: String,
    pub dob: Option<String>,
    pub person_id: String,
}

fn replace_one(word: &str, rng: &mut impl Rng) -> String {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < 4 {
        return word.to_string();
    }
    let i = rng.gen_range(1..chars.len());
    let letters = "abcdefghijklmnopqrstuvwxyz";
    let c = letters.chars().nth(rng.gen_range(0..26)).unwrap_or('e');
    chars.iter().enumerate().map(|(j, &o)| if j == i { c } else { o }).collect()
}

fn transpose(word: &str, rng: &mut impl Rng) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    if chars.len() < 4 {
        return word.to_string();
    }
    let i = rng.gen_range(1..chars.len() - 1);
    chars.swap(i, i + 1);
    chars.into_iter().collect()
}

/// A query of the given kind for `person`, or `None` when the person lacks
/// what the noise needs (a full date of birth, say).
pub fn make(person: &Person, noise: Noise, rng: &mut impl Rng) -> Option<TestQuery> {
    let name = person.primary_name()?;
    let forename = name.forenames.split_whitespace().next()?.to_string();
    let surname = name.surname.clone();
    let dob = person.details.date_of_birth;
    let full = dob.and_then(PartialDate::to_date);
    let (text, dob) = match noise {
        Noise::Exact => (format!("{forename} {surname}"), dob.map(|d| d.to_string())),
        Noise::Typo => (format!("{forename} {}", replace_one(&surname, rng)), dob.map(|d| d.to_string())),
        Noise::Transposition => (format!("{} {surname}", transpose(&forename, rng)), dob.map(|d| d.to_string())),
        Noise::SwappedOrder => (format!("{surname} {forename}"), dob.map(|d| d.to_string())),
        Noise::YearOnly => (format!("{forename} {surname}"), Some(dob?.year.to_string())),
        Noise::DayMonthSwapped => {
            let d = full?;
            use chrono::Datelike;
            if d.day() > 12 || d.day() == d.month() {
                return None;
            }
            (format!("{forename} {surname}"), Some(format!("{:04}-{:02}-{:02}", d.year(), d.day(), d.month())))
        }
    };
    Some(TestQuery { noise, text, dob, person_id: person.id.clone() })
}

/// Up to `n` queries spread evenly over the kinds of noise.
pub fn make_set(persons: &[Person], n: usize, rng: &mut impl Rng) -> Vec<TestQuery> {
    let mut out = Vec::with_capacity(n);
    let mut tries = 0;
    while out.len() < n && tries < n * 10 {
        tries += 1;
        let Some(person) = persons.choose(rng) else { break };
        let noise = Noise::ALL[out.len() % Noise::ALL.len()];
        if let Some(q) = make(person, noise, rng) {
            out.push(q);
        }
    }
    out
}
