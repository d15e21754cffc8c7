//! A compact multimap from hashed keys to internal ordinals. Most keys point
//! at one ordinal, which lives inline in the map slot (8 to 16 bytes a key);
//! the few shared keys point into an overflow table. Keys are hashes, so
//! callers verify what they find against the real data.

use std::hash::Hash;

use super::hash::IntMap;

/// Marks a value as an index into the overflow table.
const SPILL: u32 = 1 << 31;

#[derive(Debug, Clone)]
pub(crate) struct MultiMap<K: Hash + Eq + Copy> {
    map: IntMap<K, u32>,
    overflow: Vec<Vec<u32>>,
    free: Vec<u32>,
}

impl<K: Hash + Eq + Copy> Default for MultiMap<K> {
    fn default() -> Self {
        Self { map: IntMap::default(), overflow: Vec::new(), free: Vec::new() }
    }
}

impl<K: Hash + Eq + Copy> MultiMap<K> {
    pub fn reserve(&mut self, additional: usize) {
        self.map.reserve(additional);
    }

    /// Number of distinct keys.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    #[cfg(test)]
    pub fn contains_key(&self, key: &K) -> bool {
        self.map.contains_key(key)
    }

    /// Adds `id` under `key` (ids must be below 2^31).
    pub fn add(&mut self, key: K, id: u32) {
        debug_assert!(id < SPILL);
        let Some(value) = self.map.get_mut(&key) else {
            self.map.insert(key, id);
            return;
        };
        if *value & SPILL != 0 {
            let list = &mut self.overflow[(*value & !SPILL) as usize];
            if !list.contains(&id) {
                list.push(id);
            }
        } else if *value != id {
            let list = vec![*value, id];
            let at = match self.free.pop() {
                Some(at) => {
                    self.overflow[at as usize] = list;
                    at
                }
                None => {
                    self.overflow.push(list);
                    (self.overflow.len() - 1) as u32
                }
            };
            *value = at | SPILL;
        }
    }

    /// Removes `id` from under `key`; the key goes when nothing is left.
    pub fn remove(&mut self, key: &K, id: u32) {
        let Some(value) = self.map.get_mut(key) else {
            return;
        };
        if *value & SPILL == 0 {
            if *value == id {
                self.map.remove(key);
            }
            return;
        }
        let at = *value & !SPILL;
        let list = &mut self.overflow[at as usize];
        if let Some(pos) = list.iter().position(|&x| x == id) {
            list.swap_remove(pos);
        }
        if list.len() == 1 {
            *value = list[0];
            self.overflow[at as usize] = Vec::new();
            self.free.push(at);
        }
    }

    pub fn get(&self, key: &K) -> &[u32] {
        match self.map.get(key) {
            None => &[],
            Some(value) if value & SPILL != 0 => &self.overflow[(value & !SPILL) as usize],
            Some(value) => std::slice::from_ref(value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_spills_and_shrinks_back() {
        let mut m: MultiMap<u64> = MultiMap::default();
        m.add(1, 3);
        m.add(1, 5);
        m.add(1, 5);
        m.add(2, 9);
        assert_eq!(m.get(&1), &[3, 5]);
        m.remove(&1, 3);
        assert_eq!(m.get(&1), &[5]);
        m.add(1, 6);
        assert_eq!(m.get(&1), &[5, 6]);
        m.remove(&1, 5);
        m.remove(&1, 6);
        assert!(!m.contains_key(&1));
        assert_eq!(m.get(&2), &[9]);
        assert_eq!(m.len(), 1);
    }
}
