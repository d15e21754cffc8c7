//! Phones by number: the E.164 digits as one 8-byte number, so 800,000
//! phones cost a few tens of megabytes.

use std::collections::{BTreeSet, HashMap};

/// `+447700900123` as 447700900123; `None` for anything else.
fn digits(number: &str) -> Option<u64> {
    let rest = number.strip_prefix('+')?;
    if rest.is_empty() || rest.len() > 18 || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    rest.parse().ok()
}

#[derive(Default)]
pub(crate) struct PhoneNumbers {
    by_number: BTreeSet<(u64, u128)>,
    of: HashMap<u128, u64>,
}

impl PhoneNumbers {
    /// The phone `id` has the number `key` (and no other).
    pub(crate) fn set(&mut self, id: u128, key: &str) {
        self.remove(id);
        if let Some(n) = digits(key) {
            self.by_number.insert((n, id));
            self.of.insert(id, n);
        }
    }

    pub(crate) fn remove(&mut self, id: u128) {
        if let Some(n) = self.of.remove(&id) {
            self.by_number.remove(&(n, id));
        }
    }

    pub(crate) fn holds(&self, id: u128) -> bool {
        self.of.contains_key(&id)
    }

    pub(crate) fn len(&self) -> usize {
        self.of.len()
    }

    /// The phones with `number` (E.164), by id, at most `most`.
    pub(crate) fn find(&self, number: &str, most: usize) -> Vec<u128> {
        let Some(n) = digits(number) else { return Vec::new() };
        self.by_number.range((n, 0)..=(n, u128::MAX)).take(most).map(|(_, id)| *id).collect()
    }
}
