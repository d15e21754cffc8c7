//! The flags, phones, vehicles and event references (each with the kind of
//! record it names) of every person, as a bulk build reads them before the
//! names: a few large arrays (the text in
//! one string, small fixed-size items pointing into it, grouped by person
//! once read) rather than a map of small vectors per person, so a million
//! persons' worth costs little and goes back to the system whole when the
//! build is done.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};

use crate::domain::event::{EventKind, Flag};
use crate::domain::person::Flags;
use crate::search::EntryReference;

use super::subject_index::Extras;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A reference to a record of this kind.
    Reference(EventKind),
    Vehicle,
    Phone,
}

/// One piece of text for one person.
struct Item {
    person: u32,
    kind: Kind,
    start: usize,
    len: u32,
}

#[derive(Default)]
pub struct ExtrasTable {
    hasher: RandomState,
    /// Hash of the person id to their number here; a collision between two
    /// ids goes to `collided`, so no one is ever given another's keys.
    by_hash: HashMap<u64, u32>,
    collided: HashMap<String, u32>,
    /// Each person's id, as a range of `text`.
    ids: Vec<(usize, u32)>,
    flags: Vec<Flags>,
    items: Vec<Item>,
    /// Once finished: where each person's items start in `items`.
    starts: Vec<u32>,
    text: String,
}

impl ExtrasTable {
    fn slice(&self, start: usize, len: u32) -> &str {
        self.text.get(start..start + len as usize).unwrap_or("")
    }

    fn push_text(&mut self, s: &str) -> (usize, u32) {
        let start = self.text.len();
        self.text.push_str(s);
        (start, u32::try_from(s.len()).unwrap_or(u32::MAX))
    }

    /// The person's number here, made on first sight.
    fn person(&mut self, id: &str) -> u32 {
        let hash = self.hasher.hash_one(id);
        if let Some(&n) = self.by_hash.get(&hash) {
            let (start, len) = self.ids[n as usize];
            if self.slice(start, len) == id {
                return n;
            }
            if let Some(&n) = self.collided.get(id) {
                return n;
            }
            let n = self.new_person(id);
            self.collided.insert(id.to_string(), n);
            return n;
        }
        let n = self.new_person(id);
        self.by_hash.insert(hash, n);
        n
    }

    fn new_person(&mut self, id: &str) -> u32 {
        let range = self.push_text(id);
        self.ids.push(range);
        self.flags.push(Flags::default());
        (self.ids.len() - 1) as u32
    }

    pub fn add(&mut self, id: &str, kind: Kind, text: &str) {
        let person = self.person(id);
        let (start, len) = self.push_text(text);
        self.items.push(Item { person, kind, start, len });
    }

    pub fn add_flag(&mut self, id: &str, flag: &str) {
        if let Some(flag) = Flag::parse(flag) {
            let person = self.person(id) as usize;
            self.flags[person].set(flag);
        }
    }

    /// Persons known here.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Groups the items by person, keeping the order they were read in.
    pub fn finish(mut self) -> Self {
        self.items.sort_by_key(|item| item.person);
        self.starts = Vec::with_capacity(self.ids.len() + 1);
        let mut at = 0usize;
        for person in 0..self.ids.len() {
            self.starts.push(at as u32);
            while self.items.get(at).is_some_and(|i| i.person as usize == person) {
                at += 1;
            }
        }
        self.starts.push(at as u32);
        self
    }

    fn find(&self, id: &str) -> Option<usize> {
        let n = *self.by_hash.get(&self.hasher.hash_one(id))? as usize;
        let (start, len) = self.ids[n];
        if self.slice(start, len) == id {
            return Some(n);
        }
        self.collided.get(id).map(|&n| n as usize)
    }

    /// What the table holds for `id` (after `finish`).
    pub fn extras(&self, id: &str) -> Extras {
        let Some(n) = self.find(id) else {
            return Extras::default();
        };
        let mut extras = Extras { flags: self.flags[n], ..Extras::default() };
        let (from, to) = (self.starts.get(n).copied().unwrap_or(0), self.starts.get(n + 1).copied().unwrap_or(0));
        for item in self.items.get(from as usize..to as usize).unwrap_or(&[]) {
            let text = self.slice(item.start, item.len).to_string();
            match item.kind {
                Kind::Reference(kind) => extras.references.push(EntryReference::new(kind, text)),
                Kind::Vehicle => extras.vrms.push(text),
                Kind::Phone => extras.phones.push(text),
            }
        }
        extras
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_by_person_in_reading_order() {
        let mut t = ExtrasTable::default();
        t.add("p1", Kind::Reference(EventKind::Crime), "CR/1");
        t.add("p2", Kind::Vehicle, "AB12CDE");
        t.add("p1", Kind::Phone, "07700900123");
        t.add("p1", Kind::Reference(EventKind::Intelligence), "IR/2");
        t.add_flag("p2", "wanted");
        t.add_flag("p3", "not a flag");
        assert_eq!(t.len(), 2);
        let t = t.finish();
        let p1 = t.extras("p1");
        assert_eq!(
            p1.references,
            vec![EntryReference::new(EventKind::Crime, "CR/1"), EntryReference::new(EventKind::Intelligence, "IR/2")]
        );
        assert_eq!(p1.phones, vec!["07700900123"]);
        assert!(!p1.flags.wanted);
        let p2 = t.extras("p2");
        assert_eq!(p2.vrms, vec!["AB12CDE"]);
        assert!(p2.flags.wanted);
        assert!(t.extras("p3").references.is_empty());
    }
}
