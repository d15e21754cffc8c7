//! How many edits apart two name tokens are, and a cheap lower bound on it.
//!
//! The one definition is the optimal string alignment distance: insert,
//! delete, substitute, or swap two neighbouring letters, each one edit, no
//! letter edited twice. It is what both search (verifying the typos its
//! deletion neighbourhood finds) and linkage (grading names as close) had
//! computed for names of ordinary length, and it counts every slip an
//! officer or a clerk makes in a name (a transposition is one). True
//! Damerau–Levenshtein differs only where a swapped pair is edited again
//! ("ca" to "abc": 3 here, 2 there), two or more slips in a word, beyond
//! what either tolerates in a short name; it would need a table per letter.
//!
//! Tokens are folded ASCII (see `tokens`), so bytes are letters. Short ones,
//! which is every name, are done on the stack: no allocation per call, as
//! both search and linkage call this for many pairs.

/// Rows up to this long live on the stack; longer words allocate.
const STACK: usize = 40;

/// Edits between two tokens (optimal string alignment).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let width = b.len() + 1;
    if width <= STACK {
        let mut rows = [0u32; 3 * STACK];
        osa(a, b, &mut rows[..3 * width])
    } else {
        osa(a, b, &mut vec![0; 3 * width])
    }
}

/// The distance over three rows of `b.len() + 1` cells taken in turn: two
/// back (for transpositions), the last, the current.
fn osa(a: &[u8], b: &[u8], rows: &mut [u32]) -> usize {
    let width = b.len() + 1;
    let (mut before, mut prev, mut cur) = (0, width, 2 * width);
    for (j, cell) in rows[prev..prev + width].iter_mut().enumerate() {
        *cell = j as u32;
    }
    for i in 1..=a.len() {
        rows[cur] = i as u32;
        for j in 1..width {
            let cost = u32::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[prev + j] + 1).min(rows[cur + j - 1] + 1).min(rows[prev + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[before + j - 2] + 1);
            }
            rows[cur + j] = d;
        }
        (before, prev, cur) = (prev, cur, before);
    }
    rows[prev + b.len()] as usize
}

/// The letters one word has that the other lacks, the larger side: a lower
/// bound on the edits between them, and far cheaper (letters are counted in
/// 32 buckets, which can only lower it further).
pub fn bag_distance(a: &str, b: &str) -> usize {
    let mut counts = [0i32; 32];
    for &c in a.as_bytes() {
        counts[usize::from(c & 31)] += 1;
    }
    for &c in b.as_bytes() {
        counts[usize::from(c & 31)] -= 1;
    }
    let (more, fewer) = counts.iter().fold((0, 0), |(m, f), &c| if c > 0 { (m + c, f) } else { (m, f - c) });
    more.max(fewer) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transposition_is_one_edit() {
        assert_eq!(edit_distance("christopher", "kristopher"), 2);
        assert_eq!(edit_distance("smith", "smiht"), 1);
        for (a, b) in [("", "abc"), ("kitten", "sitting"), ("ca", "abc"), ("abcdef", "badcfe"), ("same", "same")] {
            assert_eq!(edit_distance(a, b), strsim::osa_distance(a, b), "{a} {b}");
        }
    }

    #[test]
    fn long_words_give_the_same_distance_off_the_stack() {
        let a = "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz";
        let b = "bacdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwyxzq";
        assert!(b.len() >= STACK);
        assert_eq!(edit_distance(a, b), strsim::osa_distance(a, b));
        assert_eq!(edit_distance(b, a), strsim::osa_distance(b, a));
        assert_eq!(edit_distance(a, a), 0);
    }

    #[test]
    fn the_bag_distance_never_exceeds_the_edits() {
        for (a, b) in [("smith", "smyth"), ("anna", "nana"), ("kitten", "sitting"), ("", "abc"), ("obrien", "brian")] {
            assert!(bag_distance(a, b) <= edit_distance(a, b), "{a} {b}");
        }
        assert_eq!(bag_distance("anna", "nana"), 0);
        assert_eq!(bag_distance("smith", "jones"), 4);
    }
}
