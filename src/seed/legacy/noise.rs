//! The habits of old systems and the people typing into them: a nominal as
//! one legacy row would have recorded it.

use chrono::{Datelike, NaiveDate};
use rand::Rng;

use crate::domain::dates::PartialDate;
use crate::domain::person::{IdentifierKind, NameKind, Person, Sex};

use super::super::names;
use super::super::pick::chance;

/// One person as a legacy system holds them, noise included.
#[derive(Debug, Clone)]
pub(crate) struct Nominal {
    pub forenames: String,
    pub surname: String,
    pub dob: Option<PartialDate>,
    pub sex: Option<Sex>,
    pub lines: Vec<String>,
    pub postcode: String,
    pub phone: Option<String>,
    pub pnc: Option<String>,
    pub cro: Option<String>,
    pub ni: Option<String>,
    pub markers: Vec<String>,
}

/// How careful a system was: rates of each kind of slip.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Habits {
    pub typo: f64,
    pub missing_dob: f64,
    pub swapped_dob: f64,
    pub keeps_pnc: f64,
    pub old_address: f64,
    pub name_order: f64,
}

pub(crate) fn nominal(rng: &mut impl Rng, p: &Person, h: Habits) -> Nominal {
    let d = &p.details;
    let usable: Vec<_> = d.names.iter().filter(|n| n.kind != NameKind::Previous).collect();
    let name = if usable.len() > 1 && chance(rng, 0.3) {
        usable[rng.gen_range(1..usable.len())]
    } else {
        usable.first().copied().unwrap_or(&d.names[0])
    };
    let mut forenames = name.forenames.clone();
    let mut surname = name.surname.clone();
    // Middle names are often left off.
    if chance(rng, 0.4) {
        if let Some(first) = forenames.split_whitespace().next() {
            forenames = first.to_string();
        }
    }
    if chance(rng, 0.12) {
        let first = forenames.split_whitespace().next().unwrap_or_default().to_string();
        let rest = forenames[first.len()..].to_string();
        if let Some(nick) = names::nickname(&first) {
            forenames = format!("{nick}{rest}");
        } else if let Some(other) = names::respelling(rng, &first) {
            forenames = format!("{other}{rest}");
        }
    }
    if chance(rng, 0.08) {
        if let Some(other) = names::respelling(rng, &surname) {
            surname = other.to_string();
        }
    }
    if chance(rng, h.typo) {
        if chance(rng, 0.5) {
            surname = names::typo(rng, &surname);
        } else {
            forenames = names::typo(rng, &forenames);
        }
    }
    // A double-barrelled name recorded with a space, or with one half only.
    if surname.contains('-') && chance(rng, 0.3) {
        surname = if chance(rng, 0.5) {
            surname.replace('-', " ")
        } else {
            surname.split('-').next().unwrap_or_default().to_string()
        };
    }
    if chance(rng, h.name_order) {
        std::mem::swap(&mut forenames, &mut surname);
    }

    let mut dob = d.date_of_birth;
    if let Some(full) = dob.and_then(PartialDate::to_date) {
        if chance(rng, h.swapped_dob) && full.day() <= 12 && full.day() != full.month() {
            dob = NaiveDate::from_ymd_opt(full.year(), full.day(), full.month()).map(PartialDate::full);
        } else if chance(rng, 0.03) {
            dob = Some(PartialDate { year: full.year(), month: Some(full.month()), day: None });
        } else if chance(rng, 0.01) {
            dob = Some(PartialDate { year: full.year(), month: None, day: None });
        }
    }
    if chance(rng, h.missing_dob) {
        dob = None;
    }

    let (lines, postcode) = address(rng, p, h);
    let id = |kind: IdentifierKind| d.identifier(kind).map(str::to_string);
    Nominal {
        forenames,
        surname,
        dob,
        sex: d.sex.filter(|_| !chance(rng, 0.05)),
        lines,
        postcode,
        phone: d.phones.first().map(|ph| ph.number.clone()).filter(|_| chance(rng, 0.6)),
        pnc: id(IdentifierKind::Pnc).filter(|_| chance(rng, h.keeps_pnc)),
        cro: id(IdentifierKind::Cro).filter(|_| chance(rng, 0.5)),
        ni: id(IdentifierKind::NiNumber).filter(|_| chance(rng, 0.5)),
        markers: d.markers.iter().map(|m| m.category.clone()).collect(),
    }
}

/// The current address, or an older one the system never updated.
fn address(rng: &mut impl Rng, p: &Person, h: Habits) -> (Vec<String>, String) {
    let all = &p.details.addresses;
    let current = p.details.current_address();
    let old = all.iter().map(|a| &a.address).find(|a| Some(*a) != current);
    let chosen = match old {
        Some(old) if chance(rng, h.old_address) => Some(old),
        _ => current,
    };
    match chosen {
        Some(a) if !chance(rng, 0.05) => (a.lines.clone(), a.postcode.clone()),
        _ => (Vec::new(), String::new()),
    }
}
