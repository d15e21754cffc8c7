//! The in-memory index of vehicles, phones and places behind the one search
//! box: a vehicle by any of its marks, whole or partial; a phone by its
//! number; a place by postcode, district or address words with typos.
//! Derived from the store (built at start, then kept current from the
//! change log, as the subject index is) and pure: no I/O.
//!
//! Held compact for a million-person force: ids as 16-byte numbers, marks
//! and numbers as fixed-size keys in ordered sets; places in slots, their
//! lines in one string, their words interned and laid out district by
//! district, each word with a list of places.

mod deletions;
mod districts;
pub(crate) mod ids;
mod lines;
mod phones;
mod place_words;
mod places;
mod slots;
mod vehicles;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;

use crate::domain::place::Place;
use crate::domain::place_lookup::PlaceQuery;
use crate::domain::vrm_pattern::VrmQuery;

/// A place that answers a lookup: what a hit shows, its score (0 to 1)
/// and what matched ("postcode SW2 1AA", "ACACAI ~ ACACIA").
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceFound {
    pub place_id: String,
    pub address: String,
    pub borough: Option<String>,
    pub warnings: Vec<String>,
    pub score: f64,
    pub why: Vec<String>,
}

/// How many of each kind the index holds, for the log and the benchmark.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PoleStats {
    pub vehicles: usize,
    pub marks: usize,
    pub phones: usize,
    pub places: usize,
    pub address_words: usize,
}

/// What the index's growing parts hold, in use or free: each stays near
/// the most ever in use at once, however many came and went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PoleHeld {
    pub word_ids: usize,
    pub deletion_nodes: usize,
    pub place_slots: usize,
    pub other_ids: usize,
}

#[derive(Default)]
pub struct PoleIndex {
    ids: ids::Ids,
    vehicles: vehicles::VehicleMarks,
    phones: phones::PhoneNumbers,
    places: places::PlaceIndex,
}

impl PoleIndex {
    pub fn new() -> PoleIndex {
        PoleIndex::default()
    }

    /// One key of an object as the store lists them (`object_keys`): a
    /// vehicle's marks arrive one row at a time, a phone's number in one.
    pub fn add_object_key(&mut self, id: &str, kind: &str, key: &str) {
        let n = self.ids.number(id);
        match kind {
            "vehicle" => self.vehicles.add(n, key),
            "phone" => self.phones.set(n, key),
            _ => {}
        }
        self.forget_unless_held(n);
    }

    /// The object `id` of `kind` is now found by `keys` and no others.
    pub fn set_object(&mut self, id: &str, kind: &str, keys: &[String]) {
        let n = self.ids.number(id);
        self.vehicles.remove(n);
        self.phones.remove(n);
        match kind {
            "vehicle" => self.vehicles.set(n, keys),
            "phone" => {
                if let Some(number) = keys.first() {
                    self.phones.set(n, number);
                }
            }
            _ => {}
        }
        self.forget_unless_held(n);
    }

    /// The object `id` is gone (erased).
    pub fn remove_object(&mut self, id: &str) {
        if let Some(n) = self.ids.find(id) {
            self.vehicles.remove(n);
            self.phones.remove(n);
            self.ids.forget(n);
        }
    }

    pub fn set_place(&mut self, place: &Place) {
        let n = self.ids.number(&place.id);
        self.places.set(n, place);
    }

    pub fn remove_place(&mut self, id: &str) {
        if let Some(n) = self.ids.find(id) {
            self.places.remove(n);
            self.ids.forget(n);
        }
    }

    /// An object found by nothing (a kind not indexed, no usable key)
    /// holds no number.
    fn forget_unless_held(&mut self, n: u128) {
        if !self.vehicles.holds(n) && !self.phones.holds(n) {
            self.ids.forget(n);
        }
    }

    /// What the index holds, in use or free, for the tests that churn it.
    pub fn held(&self) -> PoleHeld {
        let (word_ids, deletion_nodes) = self.places.words_held();
        PoleHeld { word_ids, deletion_nodes, place_slots: self.places.slots_held(), other_ids: self.ids.others_held() }
    }

    /// The vehicles `query` finds, with the mark that matched (current or
    /// former), by mark then id, at most `most`.
    pub fn vehicles(&self, query: &VrmQuery, most: usize) -> Vec<(String, String)> {
        self.vehicles.find(query, most).into_iter().map(|(n, mark)| (self.ids.text(n), mark)).collect()
    }

    /// The phones with `number` (E.164), by id, at most `most`.
    pub fn phones(&self, number: &str, most: usize) -> Vec<String> {
        self.phones.find(number, most).into_iter().map(|n| self.ids.text(n)).collect()
    }

    /// The places that answer `query`, best first, at most `limit`.
    pub fn places(&self, query: &PlaceQuery, limit: usize, today: NaiveDate) -> Vec<PlaceFound> {
        self.places.ranked(query, limit, today, &self.ids)
    }

    /// Gives back what growing left spare: called once the index is built.
    pub fn shrink_to_fit(&mut self) {
        self.vehicles.shrink_to_fit();
        self.phones.shrink_to_fit();
        self.places.shrink_to_fit();
    }

    pub fn stats(&self) -> PoleStats {
        PoleStats {
            vehicles: self.vehicles.len(),
            marks: self.vehicles.marks(),
            phones: self.phones.len(),
            places: self.places.len(),
            address_words: self.places.vocabulary(),
        }
    }
}
