//! The deletion neighbourhood (SymSpell): every token is stored under the
//! hashes of its prefix with up to one or two letters deleted; a query token
//! looks up its own deletions, and the few tokens met are verified with the
//! real edit distance (`matching::edit_distance`). This finds typos without
//! comparing the vocabulary.

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

/// FNV-1a over the bytes of `word` other than positions `skip_a` and `skip_b`.
fn hash_without(word: &[u8], skip_a: usize, skip_b: usize) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for (i, &b) in word.iter().enumerate() {
        if i != skip_a && i != skip_b {
            hash ^= u32::from(b);
            hash = hash.wrapping_mul(0x0100_0193);
        }
    }
    hash
}

/// Hashes of the token's prefix with up to `max_distance` letters deleted,
/// the prefix itself included, without repeats. No allocation per deletion:
/// positions are skipped while hashing.
pub(crate) fn deletion_keys(token: &str) -> Vec<u32> {
    let depth = max_distance(token.len());
    let word = &token.as_bytes()[..token.len().min(PREFIX)];
    let n = word.len();
    let none = usize::MAX;
    let mut keys = Vec::with_capacity(1 + n + if depth > 1 { n * n / 2 } else { 0 });
    keys.push(hash_without(word, none, none));
    if depth >= 1 && n > 1 {
        for i in 0..n {
            keys.push(hash_without(word, i, none));
        }
    }
    if depth >= 2 && n > 2 {
        for i in 0..n {
            for j in i + 1..n {
                keys.push(hash_without(word, i, j));
            }
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The edit distance allowed between two tokens: that of the shorter one.
pub(crate) fn allowed(a: &str, b: &str) -> usize {
    max_distance(a.len().min(b.len()))
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
    }

    #[test]
    fn repeated_letters_give_each_deletion_once() {
        let keys = deletion_keys("anna");
        assert_eq!(keys.len(), 4, "anna, nna, ana, ann");
    }
}
