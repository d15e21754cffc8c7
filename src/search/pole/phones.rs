//! Phones by number: the E.164 digits as one 8-byte number beside the
//! phone's slot, so 800,000 phones cost a few tens of megabytes.

use std::collections::BTreeSet;

use super::slots::Slots;

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
    slots: Slots,
    /// Each slot's number.
    numbers: Vec<u64>,
    by_number: BTreeSet<(u64, u32)>,
}

impl PhoneNumbers {
    /// The phone `id` has the number `key` (and no other).
    pub(crate) fn set(&mut self, id: u128, key: &str) {
        self.remove(id);
        if let Some(n) = digits(key) {
            let slot = self.slots.take(id);
            match self.numbers.get_mut(slot as usize) {
                Some(held) => *held = n,
                None => self.numbers.push(n),
            }
            self.by_number.insert((n, slot));
        }
    }

    pub(crate) fn remove(&mut self, id: u128) {
        if let Some(slot) = self.slots.release(id) {
            self.by_number.remove(&(self.numbers[slot as usize], slot));
        }
    }

    pub(crate) fn holds(&self, id: u128) -> bool {
        self.slots.find(id).is_some()
    }

    pub(crate) fn len(&self) -> usize {
        self.slots.len()
    }

    /// The phones with `number` (E.164), by id, at most `most`.
    pub(crate) fn find(&self, number: &str, most: usize) -> Vec<u128> {
        let Some(n) = digits(number) else { return Vec::new() };
        let mut found: Vec<u128> =
            self.by_number.range((n, 0)..=(n, u32::MAX)).filter_map(|(_, slot)| self.slots.id(*slot)).collect();
        found.sort_unstable();
        found.truncate(most);
        found
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.slots.shrink_to_fit();
        self.numbers.shrink_to_fit();
    }
}
