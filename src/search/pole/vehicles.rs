//! Vehicles by their marks, current and former: whole marks by equality,
//! partial ones (`LB0? SE?`, `*SEO`) by the known characters at either
//! end, as a witness remembers a plate. Each (mark, vehicle) pair is held
//! twice in 24 bytes, once as written and once backwards, so a plate known
//! only at its end is a range too, and one whose first character alone is
//! unknown is a range for each character it could be.

use std::collections::{BTreeSet, HashMap};

use crate::domain::vrm_pattern::VrmQuery;

/// A mark: upper-case letters and digits, padded with zeros (a mark has at
/// most 7 characters; zeros sort before them, so a shorter mark first).
type Mark = [u8; 8];

fn mark(text: &str) -> Option<Mark> {
    let bytes = text.as_bytes();
    if bytes.is_empty() || bytes.len() > 8 || !bytes.iter().all(u8::is_ascii_alphanumeric) {
        return None;
    }
    let mut m = [0u8; 8];
    m[..bytes.len()].copy_from_slice(&bytes.to_ascii_uppercase());
    Some(m)
}

fn used(m: &Mark) -> &[u8] {
    let len = m.iter().position(|b| *b == 0).unwrap_or(m.len());
    &m[..len]
}

fn backwards(m: &Mark) -> Mark {
    let mut r = [0u8; 8];
    let u = used(m);
    for (i, b) in u.iter().rev().enumerate() {
        r[i] = *b;
    }
    r
}

#[derive(Default)]
pub(crate) struct VehicleMarks {
    forward: BTreeSet<(Mark, u128)>,
    backward: BTreeSet<(Mark, u128)>,
    of: HashMap<u128, Box<[Mark]>>,
}

impl VehicleMarks {
    /// The vehicle `id` is found by `keys` (its current and former marks)
    /// and no others.
    pub(crate) fn set(&mut self, id: u128, keys: &[String]) {
        self.remove(id);
        let mut marks: Vec<Mark> = keys.iter().filter_map(|k| mark(k)).collect();
        marks.sort_unstable();
        marks.dedup();
        if marks.is_empty() {
            return;
        }
        for m in &marks {
            self.forward.insert((*m, id));
            self.backward.insert((backwards(m), id));
        }
        self.of.insert(id, marks.into_boxed_slice());
    }

    /// Adds one more mark of `id` (building at start, a key row at a time).
    pub(crate) fn add(&mut self, id: u128, key: &str) {
        let Some(m) = mark(key) else { return };
        let mut marks: Vec<Mark> = self.of.remove(&id).map(Vec::from).unwrap_or_default();
        if !marks.contains(&m) {
            marks.push(m);
            self.forward.insert((m, id));
            self.backward.insert((backwards(&m), id));
        }
        self.of.insert(id, marks.into_boxed_slice());
    }

    pub(crate) fn remove(&mut self, id: u128) {
        if let Some(marks) = self.of.remove(&id) {
            for m in marks.iter() {
                self.forward.remove(&(*m, id));
                self.backward.remove(&(backwards(m), id));
            }
        }
    }

    pub(crate) fn holds(&self, id: u128) -> bool {
        self.of.contains_key(&id)
    }

    pub(crate) fn len(&self) -> usize {
        self.of.len()
    }

    pub(crate) fn marks(&self) -> usize {
        self.forward.len()
    }

    /// The vehicles `query` finds with the mark that matched, by mark then
    /// id (the order the store's key index gives), at most `most`.
    pub(crate) fn find(&self, query: &VrmQuery, most: usize) -> Vec<(u128, String)> {
        let pattern = match query {
            VrmQuery::Whole(v) => v.as_str(),
            VrmQuery::Partial(p) => p.as_str(),
        };
        let bytes = pattern.as_bytes();
        let wild = |b: &u8| *b == b'?' || *b == b'*';
        let head = bytes.iter().position(wild).unwrap_or(bytes.len());
        let tail = bytes.len() - bytes.iter().rposition(wild).map_or(0, |i| i + 1);
        let text = |m: &Mark| String::from_utf8_lossy(used(m)).into_owned();
        if most == 0 {
            return Vec::new();
        }
        if head >= 2 || (head > 0 && head >= tail) {
            // Known at the start: the run of marks that begin so.
            let start = mark(&pattern[..head]).unwrap_or_default();
            return self
                .forward
                .range((start, 0)..)
                .take_while(|(m, _)| used(m).starts_with(&bytes[..head]))
                .filter(|(m, _)| query.matches_stored(used(m)))
                .take(most)
                .map(|(m, id)| (*id, text(m)))
                .collect();
        }
        if tail > 0 {
            // Known at the end: the run of backward marks that begin so.
            let end: Vec<u8> = bytes[bytes.len() - tail..].iter().rev().copied().collect();
            let start = mark(std::str::from_utf8(&end).unwrap_or_default()).unwrap_or_default();
            let mut found: Vec<(Mark, u128)> = self
                .backward
                .range((start, 0)..)
                .take_while(|(m, _)| used(m).starts_with(&end))
                .map(|(b, id)| (backwards(b), *id))
                .filter(|(m, _)| query.matches_stored(used(m)))
                .collect();
            found.sort_unstable();
            return found.into_iter().take(most).map(|(m, id)| (id, text(&m))).collect();
        }
        if bytes.first() == Some(&b'?') && bytes.get(1).is_some_and(|b| !wild(b)) {
            // One unknown character first, then known ones: for each
            // character it could be, the run of marks that begin so. The
            // runs come in the marks' order, digits before letters.
            let known = 1 + bytes[1..].iter().take_while(|b| !wild(b)).count();
            let mut found = Vec::new();
            for first in (b'0'..=b'9').chain(b'A'..=b'Z') {
                let mut start = [0u8; 8];
                start[0] = first;
                start[1..known].copy_from_slice(&bytes[1..known]);
                let run = self
                    .forward
                    .range((start, 0)..)
                    .take_while(|(m, _)| used(m).starts_with(&start[..known]))
                    .filter(|(m, _)| query.matches_stored(used(m)))
                    .take(most - found.len())
                    .map(|(m, id)| (*id, text(m)));
                found.extend(run);
                if found.len() >= most {
                    break;
                }
            }
            return found;
        }
        // Unknown at both ends otherwise: every mark, in order, until enough.
        self.full_pass(query, most)
    }

    /// Every mark, in order, that `query` matches, at most `most`.
    fn full_pass(&self, query: &VrmQuery, most: usize) -> Vec<(u128, String)> {
        self.forward
            .iter()
            .filter(|(m, _)| query.matches_stored(used(m)))
            .take(most)
            .map(|(m, id)| (*id, String::from_utf8_lossy(used(m)).into_owned()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;

    /// Patterns whose known characters start at the second, read by their
    /// ranges, against a pass over every mark: the same vehicles in the
    /// same order, cut at the same number.
    #[test]
    fn an_unknown_first_character_reads_the_same_as_a_pass_over_every_mark() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let alphabet = b"0123456789ABCDEFXYZ";
        let mut marks = VehicleMarks::default();
        for id in 0..3_000u128 {
            let len = rng.gen_range(2..=7);
            let key: String = (0..len).map(|_| alphabet[rng.gen_range(0..alphabet.len())] as char).collect();
            marks.add(id % 2_500, &key);
        }
        for _ in 0..400 {
            let len = rng.gen_range(2..=7);
            let mut pattern: Vec<u8> = (0..len).map(|_| alphabet[rng.gen_range(0..alphabet.len())]).collect();
            pattern[0] = b'?';
            for byte in pattern.iter_mut().skip(2) {
                if rng.gen_bool(0.3) {
                    *byte = if rng.gen_bool(0.8) { b'?' } else { b'*' };
                }
            }
            let text = String::from_utf8(pattern).unwrap();
            let query = VrmQuery::Partial(text.clone());
            for most in [0, 1, 3, 50] {
                assert_eq!(marks.find(&query, most), marks.full_pass(&query, most), "{text}, at most {most}");
            }
        }
    }
}
