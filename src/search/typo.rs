//! The deletion neighbourhood (SymSpell): every token is stored under the
//! hashes of its prefix with up to one or two letters deleted; a query token
//! looks up its own deletions, and the few tokens met are verified with the
//! real edit distance. This finds typos without comparing the vocabulary.

use std::collections::HashSet;

use super::hash::fnv1a;

/// Deletions are taken over this many leading letters; beyond it the real
/// distance check decides. Keeps long names from flooding the map.
const PREFIX: usize = 8;

/// Edits tolerated in a token of this length: none for initials and two-letter
/// names, one for ordinary names, two for long ones.
pub(crate) fn max_distance(len: usize) -> usize {
    match len {
        0..=2 => 0,
        3..=7 => 1,
        _ => 2,
    }
}

/// Hashes of the token's prefix with up to `max_distance` letters deleted,
/// the prefix itself included, without repeats.
pub(crate) fn deletion_keys(token: &str) -> Vec<u64> {
    let depth = max_distance(token.len());
    let prefix: Vec<u8> = token.bytes().take(PREFIX).collect();
    let mut seen: HashSet<Vec<u8>> = HashSet::new();
    let mut frontier = vec![prefix.clone()];
    seen.insert(prefix);
    for _ in 0..depth {
        let mut next = Vec::new();
        for word in &frontier {
            if word.len() <= 1 {
                continue;
            }
            for i in 0..word.len() {
                let mut shorter = word.clone();
                shorter.remove(i);
                if seen.insert(shorter.clone()) {
                    next.push(shorter);
                }
            }
        }
        frontier = next;
    }
    seen.iter().map(|w| fnv1a(w)).collect()
}

/// The edit distance allowed between two tokens: that of the shorter one.
pub(crate) fn allowed(a: &str, b: &str) -> usize {
    max_distance(a.len().min(b.len()))
}

/// Optimal string alignment distance, so a transposition costs one edit.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meet(a: &str, b: &str) -> bool {
        let b = deletion_keys(b);
        deletion_keys(a).iter().any(|k| b.contains(k))
    }

    #[test]
    fn single_edits_share_a_key() {
        assert!(meet("smith", "smiht"));
        assert!(meet("smith", "smth"));
        assert!(meet("smith", "smitth"));
        assert!(meet("smith", "smoth"));
        assert!(!meet("smith", "jones"));
    }

    #[test]
    fn long_names_tolerate_two_edits() {
        assert!(meet("christopher", "kristopher"));
        assert!(meet("alexander", "alexandre"));
        assert_eq!(allowed("christopher", "kristopher"), 2);
        assert_eq!(distance("christopher", "kristopher"), 2);
        assert_eq!(distance("smith", "smiht"), 1);
    }
}
