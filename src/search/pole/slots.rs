//! Record numbers (`Ids`) given slots 0, 1, 2…: what a slot holds sits in
//! plain vectors indexed by it, and the number's slot is found through a
//! table of slots alone (about 10 bytes a record, where a map from 16-byte
//! numbers to slots took 70). A slot freed is given to the next record.

use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashTable};

/// What a free slot holds: no number `Ids` gives is 0 (a v4 UUID has its
/// version bits set; others are numbered down from the top).
const FREE: u128 = 0;

#[derive(Default)]
pub(crate) struct Slots {
    ids: Vec<u128>,
    table: HashTable<u32>,
    free: Vec<u32>,
    hasher: DefaultHashBuilder,
}

impl Slots {
    fn hash(&self, id: u128) -> u64 {
        self.hasher.hash_one(id)
    }

    /// The slot of `id`, if held.
    pub(crate) fn find(&self, id: u128) -> Option<u32> {
        self.table.find(self.hash(id), |s| self.ids[*s as usize] == id).copied()
    }

    /// A slot for `id`, which must not be held (`release` it first).
    pub(crate) fn take(&mut self, id: u128) -> u32 {
        debug_assert!(id != FREE && self.find(id).is_none());
        let slot = match self.free.pop() {
            Some(slot) => {
                self.ids[slot as usize] = id;
                slot
            }
            None => {
                self.ids.push(id);
                u32::try_from(self.ids.len() - 1).expect("fewer than 4 billion records in the index")
            }
        };
        let (hasher, ids) = (&self.hasher, &self.ids);
        self.table.insert_unique(hasher.hash_one(id), slot, |s| hasher.hash_one(ids[*s as usize]));
        slot
    }

    /// Frees the slot of `id`: which it was, if held.
    pub(crate) fn release(&mut self, id: u128) -> Option<u32> {
        let hash = self.hash(id);
        let ids = &self.ids;
        let (slot, _) = self.table.find_entry(hash, |s| ids[*s as usize] == id).ok()?.remove();
        self.ids[slot as usize] = FREE;
        self.free.push(slot);
        Some(slot)
    }

    /// The number in `slot`, if one is there.
    pub(crate) fn id(&self, slot: u32) -> Option<u128> {
        self.ids.get(slot as usize).copied().filter(|id| *id != FREE)
    }

    /// Records held.
    pub(crate) fn len(&self) -> usize {
        self.table.len()
    }

    /// Slots held, in use or free.
    pub(crate) fn held(&self) -> usize {
        self.ids.len()
    }

    /// Gives back what growing left spare (after the build at start).
    pub(crate) fn shrink_to_fit(&mut self) {
        self.ids.shrink_to_fit();
        self.free.shrink_to_fit();
        let (hasher, ids) = (&self.hasher, &self.ids);
        self.table.shrink_to_fit(|s| hasher.hash_one(ids[*s as usize]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_find_their_slots_and_freed_slots_are_given_again() {
        let mut slots = Slots::default();
        let numbers: Vec<u128> =
            (1..=1_000u128).map(|n| n.wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c834)).collect();
        for (i, n) in numbers.iter().enumerate() {
            assert_eq!(slots.take(*n), i as u32);
        }
        for (i, n) in numbers.iter().enumerate() {
            assert_eq!((slots.find(*n), slots.id(i as u32)), (Some(i as u32), Some(*n)));
        }
        assert_eq!(slots.release(numbers[10]), Some(10));
        assert_eq!(slots.release(numbers[10]), None);
        assert_eq!((slots.find(numbers[10]), slots.id(10), slots.len()), (None, None, 999));
        assert_eq!(slots.take(7), 10);
        assert_eq!((slots.find(7), slots.held()), (Some(10), 1_000));
        slots.shrink_to_fit();
        assert_eq!(slots.find(numbers[999]), Some(999));
    }
}
