//! Vehicles by their marks, current and former: whole marks by equality,
//! partial ones (`LB0? SE?`, `*SEO`) by the known characters at either
//! end, as a witness remembers a plate. Each (mark, vehicle) pair is held
//! twice in 24 bytes, once as written and once backwards, so a plate known
//! only at its end is a range too.

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
        // Unknown at both ends: every mark, in order, until enough.
        self.forward
            .iter()
            .filter(|(m, _)| query.matches_stored(used(m)))
            .take(most)
            .map(|(m, id)| (*id, text(m)))
            .collect()
    }
}
