//! How common each name is among the persons known: the data's own u
//! probability for exact agreement on that name.

use std::collections::HashMap;

use super::features::tokens;
use crate::domain::person::PersonDetails;

/// Below this many persons shares are too noisy and the fixed weights apply.
const MIN_PERSONS: u32 = 500;

#[derive(Debug, Default)]
pub struct Frequencies {
    surnames: HashMap<String, u32>,
    forenames: HashMap<String, u32>,
    persons: u32,
}

impl Frequencies {
    /// Counts a new person's primary name.
    pub fn count(&mut self, details: &PersonDetails) {
        self.persons += 1;
        let Some(name) = details.primary_name() else { return };
        for t in tokens(&name.surname) {
            *self.surnames.entry(t).or_default() += 1;
        }
        if let Some(t) = tokens(&name.forenames).into_iter().next() {
            *self.forenames.entry(t).or_default() += 1;
        }
    }

    /// The share of persons carrying `token` as a surname or forename.
    pub fn share(&self, field: &str, token: &str) -> Option<f64> {
        if self.persons < MIN_PERSONS || token.is_empty() {
            return None;
        }
        let table = if field == "surname" { &self.surnames } else { &self.forenames };
        let n = table.get(token).copied().unwrap_or(0);
        Some(f64::from(n + 1) / f64::from(self.persons + 1))
    }
}
