//! Small, fixed hashes: FNV-1a for strings we keep only as hashes, and a
//! mixing hasher for maps whose keys are already integers or hashes.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a over bytes: stable across runs, good enough for keys that are
/// always verified against the real text after lookup.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// A 32-bit key for maps that verify every hit against the real data: half
/// the size of a 64-bit one, and a rare collision only costs a comparison.
pub(crate) fn key32(bytes: &[u8]) -> u32 {
    let h = fnv1a(bytes);
    (h ^ (h >> 32)) as u32
}

/// Hasher for integer keys: one multiply and a fold, far cheaper than SipHash.
#[derive(Default, Clone, Copy)]
pub(crate) struct IntHasher(u64);

impl Hasher for IntHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        let x = (self.0 ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = x ^ (x >> 32);
    }
}

pub(crate) type IntMap<K, V> = HashMap<K, V, BuildHasherDefault<IntHasher>>;
