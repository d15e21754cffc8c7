//! Vehicles by their marks, current and former: whole marks by equality,
//! partial ones (`LB0? SE?`, `*SEO`) by the known characters at either
//! end, as a witness remembers a plate. Each (mark, vehicle slot) pair is
//! held twice in 12 bytes, once as written and once backwards, so a plate known
//! only at its end is a range too, and one whose first character alone is
//! unknown is a range for each character it could be.

use std::collections::{BTreeSet, HashMap};

use super::slots::Slots;
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
    slots: Slots,
    /// Each slot's first mark; the few vehicles with more keep the rest in `more`.
    first: Vec<Mark>,
    more: HashMap<u32, Box<[Mark]>>,
    forward: BTreeSet<(Mark, u32)>,
    backward: BTreeSet<(Mark, u32)>,
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
        let slot = self.slots.take(id);
        for m in &marks {
            self.forward.insert((*m, slot));
            self.backward.insert((backwards(m), slot));
        }
        match self.first.get_mut(slot as usize) {
            Some(first) => *first = marks[0],
            None => self.first.push(marks[0]),
        }
        if marks.len() > 1 {
            self.more.insert(slot, marks[1..].into());
        }
    }

    /// Adds one more mark of `id` (building at start, a key row at a time).
    pub(crate) fn add(&mut self, id: u128, key: &str) {
        let Some(m) = mark(key) else { return };
        let Some(slot) = self.slots.find(id) else {
            return self.set(id, &[key.to_string()]);
        };
        if self.marks_of(slot).contains(&m) {
            return;
        }
        self.forward.insert((m, slot));
        self.backward.insert((backwards(&m), slot));
        let mut more: Vec<Mark> = self.more.remove(&slot).map(Vec::from).unwrap_or_default();
        more.push(m);
        self.more.insert(slot, more.into_boxed_slice());
    }

    fn marks_of(&self, slot: u32) -> Vec<Mark> {
        let mut marks = vec![self.first[slot as usize]];
        marks.extend(self.more.get(&slot).into_iter().flat_map(|more| more.iter().copied()));
        marks
    }

    pub(crate) fn remove(&mut self, id: u128) {
        let Some(slot) = self.slots.release(id) else { return };
        for m in self.marks_of(slot) {
            self.forward.remove(&(m, slot));
            self.backward.remove(&(backwards(&m), slot));
        }
        self.more.remove(&slot);
    }

    pub(crate) fn holds(&self, id: u128) -> bool {
        self.slots.find(id).is_some()
    }

    pub(crate) fn len(&self) -> usize {
        self.slots.len()
    }

    pub(crate) fn marks(&self) -> usize {
        self.forward.len()
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.slots.shrink_to_fit();
        self.first.shrink_to_fit();
    }

    /// The first `most` of `run` (in mark order) by mark then id: the
    /// marks before the last one taken whole, and every vehicle with that
    /// one, so that their ids, not their slots, decide which are cut.
    fn by_mark_then_id(&self, run: impl Iterator<Item = (Mark, u32)>, most: usize) -> Vec<(u128, String)> {
        let mut found: Vec<(Mark, u128)> = Vec::new();
        for (m, slot) in run {
            if found.len() >= most && found.last().is_none_or(|(last, _)| *last != m) {
                break;
            }
            found.extend(self.slots.id(slot).map(|id| (m, id)));
        }
        found.sort_unstable();
        found.into_iter().take(most).map(|(m, id)| (id, String::from_utf8_lossy(used(&m)).into_owned())).collect()
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
        if most == 0 {
            return Vec::new();
        }
        let matching = |(m, _): &(Mark, u32)| query.matches_stored(used(m));
        if head >= 2 || (head > 0 && head >= tail) {
            // Known at the start: the run of marks that begin so.
            let start = mark(&pattern[..head]).unwrap_or_default();
            let run = self.forward.range((start, 0)..).take_while(|(m, _)| used(m).starts_with(&bytes[..head]));
            return self.by_mark_then_id(run.copied().filter(matching), most);
        }
        if tail > 0 {
            // Known at the end: the run of backward marks that begin so.
            let end: Vec<u8> = bytes[bytes.len() - tail..].iter().rev().copied().collect();
            let start = mark(std::str::from_utf8(&end).unwrap_or_default()).unwrap_or_default();
            let mut found: Vec<(Mark, u32)> = self
                .backward
                .range((start, 0)..)
                .take_while(|(m, _)| used(m).starts_with(&end))
                .map(|(b, slot)| (backwards(b), *slot))
                .filter(matching)
                .collect();
            found.sort_unstable();
            return self.by_mark_then_id(found.into_iter(), most);
        }
        if bytes.first() == Some(&b'?') && bytes.get(1).is_some_and(|b| !wild(b)) {
            // One unknown character first, then known ones: for each
            // character it could be, the run of marks that begin so. The
            // runs come in the marks' order, digits before letters.
            let known = 1 + bytes[1..].iter().take_while(|b| !wild(b)).count();
            let runs = (b'0'..=b'9').chain(b'A'..=b'Z').flat_map(|first| {
                let mut start = [0u8; 8];
                start[0] = first;
                start[1..known].copy_from_slice(&bytes[1..known]);
                self.forward.range((start, 0)..).take_while(move |(m, _)| used(m).starts_with(&start[..known]))
            });
            return self.by_mark_then_id(runs.copied().filter(matching), most);
        }
        // Unknown at both ends otherwise: every mark, in order, until enough.
        self.full_pass(query, most)
    }

    /// Every mark, in order, that `query` matches, at most `most`.
    fn full_pass(&self, query: &VrmQuery, most: usize) -> Vec<(u128, String)> {
        self.by_mark_then_id(self.forward.iter().copied().filter(|(m, _)| query.matches_stored(used(m))), most)
    }
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;

    /// Patterns of every shape, read by ranges where they can be, against
    /// every (mark, vehicle) pair held, matched one by one: the same
    /// vehicles in the same order (by mark, then id, not by when each came),
    /// cut at the same number.
    #[test]
    fn a_pattern_finds_what_a_check_of_every_mark_finds_in_the_same_order() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let alphabet = b"0123456789ABCDEFXYZ";
        let mut marks = VehicleMarks::default();
        let vehicles: Vec<u128> = (0..2_500).map(|_| rng.gen_range(1..u128::MAX)).collect();
        let mut held: Vec<(Mark, u128)> = Vec::new();
        for n in 0..3_000 {
            let len = rng.gen_range(2..=7);
            let key: String = (0..len).map(|_| alphabet[rng.gen_range(0..alphabet.len())] as char).collect();
            let id = vehicles[n % vehicles.len()];
            marks.add(id, &key);
            held.push((mark(&key).unwrap(), id));
        }
        held.sort_unstable();
        held.dedup();
        for _ in 0..1_000 {
            let len = rng.gen_range(2..=7);
            let mut pattern: Vec<u8> = (0..len).map(|_| alphabet[rng.gen_range(0..alphabet.len())]).collect();
            for byte in pattern.iter_mut() {
                if rng.gen_bool(0.3) {
                    *byte = if rng.gen_bool(0.8) { b'?' } else { b'*' };
                }
            }
            let text = String::from_utf8(pattern).unwrap();
            let query = VrmQuery::Partial(text.clone());
            for most in [0, 1, 3, 50] {
                let expected: Vec<(u128, String)> = held
                    .iter()
                    .filter(|(m, _)| query.matches_stored(used(m)))
                    .take(most)
                    .map(|(m, id)| (*id, String::from_utf8_lossy(used(m)).into_owned()))
                    .collect();
                assert_eq!(marks.find(&query, most), expected, "{text}, at most {most}");
            }
        }
    }
}
