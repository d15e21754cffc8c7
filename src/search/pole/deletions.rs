//! The address words within one or two edits of a typed word, found
//! without passing over the vocabulary: each word is filed under every
//! string its own deletions of one letter (two, for words of five letters
//! or more) leave, and a typed word looks up its own deletions. Two words
//! within k edits (insert, delete, change or swap two letters) share such a
//! string with at most k deletions on each side, so every close word is
//! among those found; the caller checks each one's distance.
//!
//! Held small: a deletion is filed by a 64-bit hash of it (a collision only
//! adds a candidate), with the words under one hash in a chain of nodes.

use std::collections::HashMap;

/// Words at least this long are filed under their two-letter deletions too:
/// two edits are forgiven only in a typed word of 7 letters, which is
/// within two letters of a word of 5.
const TWO_DELETIONS_FROM: usize = 5;

const END: u32 = u32::MAX;

#[derive(Default)]
pub(crate) struct Deletions {
    /// The first node of each hash's chain.
    heads: HashMap<u64, u32>,
    /// (word, next node).
    nodes: Vec<(u32, u32)>,
    free: Vec<u32>,
}

/// FNV-1a: quick, and good enough for a few short strings.
fn hash(bytes: impl Iterator<Item = u8>) -> u64 {
    bytes.fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

/// The hashes of `word` and of what deleting up to `depth` letters leaves
/// (each once).
fn keys(word: &str, depth: usize) -> Vec<u64> {
    let b = word.as_bytes();
    let n = b.len();
    let skip = |i: usize, j: usize| hash(b.iter().enumerate().filter(|(k, _)| *k != i && *k != j).map(|(_, c)| *c));
    let mut out = vec![hash(b.iter().copied())];
    if depth >= 1 {
        out.extend((0..n).map(|i| skip(i, i)));
    }
    if depth >= 2 {
        for i in 0..n {
            out.extend((i + 1..n).map(|j| skip(i, j)));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn depth_filed(word: &str) -> usize {
    if word.len() >= TWO_DELETIONS_FROM {
        2
    } else {
        1
    }
}

impl Deletions {
    pub(crate) fn add(&mut self, word: &str, id: u32) {
        for key in keys(word, depth_filed(word)) {
            let next = self.heads.get(&key).copied().unwrap_or(END);
            let node = match self.free.pop() {
                Some(node) => {
                    self.nodes[node as usize] = (id, next);
                    node
                }
                None => {
                    self.nodes.push((id, next));
                    u32::try_from(self.nodes.len() - 1).unwrap_or(END)
                }
            };
            self.heads.insert(key, node);
        }
    }

    pub(crate) fn remove(&mut self, word: &str, id: u32) {
        for key in keys(word, depth_filed(word)) {
            let Some(head) = self.heads.get(&key).copied() else { continue };
            let (mut before, mut at) = (END, head);
            while at != END {
                let (w, next) = self.nodes[at as usize];
                if w == id {
                    if before == END {
                        if next == END {
                            self.heads.remove(&key);
                        } else {
                            self.heads.insert(key, next);
                        }
                    } else {
                        self.nodes[before as usize].1 = next;
                    }
                    self.free.push(at);
                    break;
                }
                (before, at) = (at, next);
            }
        }
    }

    /// The words that may be within `edits` (1 or 2) of `typed`, each once.
    pub(crate) fn near(&self, typed: &str, edits: usize) -> Vec<u32> {
        let mut out = Vec::new();
        for key in keys(typed, edits) {
            let mut at = self.heads.get(&key).copied().unwrap_or(END);
            while at != END {
                let (w, next) = self.nodes[at as usize];
                out.push(w);
                at = next;
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Nodes held, in use or free: what the map costs.
    pub(crate) fn nodes(&self) -> usize {
        self.nodes.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_within_the_edits_is_found_and_a_removed_one_is_not() {
        let mut d = Deletions::default();
        let words = ["ACACIA", "AVENUE", "ACRE", "LANE", "BRIXTON", "STOCKWELL", "ACACIAS"];
        for (i, w) in words.iter().enumerate() {
            d.add(w, i as u32);
        }
        let near = |d: &Deletions, typed: &str, edits: usize| -> Vec<&str> {
            d.near(typed, edits).into_iter().map(|i| words[i as usize]).collect()
        };
        // A swap, a change, a letter left out, one too many.
        assert!(near(&d, "ACAICA", 1).contains(&"ACACIA"));
        assert!(near(&d, "LANR", 1).contains(&"LANE"));
        assert!(near(&d, "BRIXTN", 1).contains(&"BRIXTON"));
        assert!(near(&d, "AVENUES", 1).contains(&"AVENUE"));
        // Two edits in a long word.
        assert!(near(&d, "STOKWELLL", 2).contains(&"STOCKWELL"));
        assert!(near(&d, "BRIXTNO", 2).contains(&"BRIXTON"));
        d.remove("BRIXTON", 4);
        assert!(!near(&d, "BRIXTN", 1).contains(&"BRIXTON"));
        assert!(near(&d, "ACACIAS", 1).contains(&"ACACIA"));
    }
}
