//! The words of every indexed address, interned, each with the places that
//! use it; and, for a typed word, the address words it matches with the
//! points the place lookup gives them (`word_points`), found by a pass over
//! the vocabulary that compares only the words a cheap test lets through.

use std::collections::HashMap;

use crate::domain::place_lookup::word_points;

struct Word {
    text: Box<str>,
    /// Which letters and digits occur in it: k edits change at most 2k of these bits.
    letters: u64,
    /// The slots of the places using the word, each once, unordered.
    places: Vec<u32>,
}

fn letters(text: &str) -> u64 {
    text.bytes().fold(0u64, |acc, b| acc | 1u64 << u32::from(b.wrapping_sub(b'0')).min(63))
}

#[derive(Default)]
pub(crate) struct PlaceWords {
    words: Vec<Word>,
    at: HashMap<Box<str>, u32>,
}

impl PlaceWords {
    /// The id of `text`, interned if new.
    pub(crate) fn intern(&mut self, text: &str) -> u32 {
        if let Some(id) = self.at.get(text) {
            return *id;
        }
        let id = u32::try_from(self.words.len()).unwrap_or(u32::MAX);
        self.words.push(Word { text: text.into(), letters: letters(text), places: Vec::new() });
        self.at.insert(text.into(), id);
        id
    }

    pub(crate) fn text(&self, id: u32) -> &str {
        &self.words[id as usize].text
    }

    /// Notes that the place in `slot` uses the word (once: the caller
    /// passes each of a place's words once).
    pub(crate) fn add_place(&mut self, id: u32, slot: u32) {
        self.words[id as usize].places.push(slot);
    }

    pub(crate) fn remove_place(&mut self, id: u32, slot: u32) {
        let places = &mut self.words[id as usize].places;
        if let Some(at) = places.iter().position(|s| *s == slot) {
            places.swap_remove(at);
        }
    }

    pub(crate) fn places(&self, id: u32) -> &[u32] {
        &self.words[id as usize].places
    }

    pub(crate) fn len(&self) -> usize {
        self.words.len()
    }

    /// The words `typed` matches, with their points; words no place uses
    /// any more are left out.
    pub(crate) fn matches(&self, typed: &str) -> Vec<(u32, f64)> {
        let numeric = typed.chars().any(|c| c.is_ascii_digit());
        if numeric {
            // A house or flat number is right or wrong, never close.
            let id = self.at.get(typed).filter(|id| !self.places(**id).is_empty());
            return id.map(|id| vec![(*id, 1.0)]).unwrap_or_default();
        }
        let mine = letters(typed);
        let mut out = Vec::new();
        for (id, w) in self.words.iter().enumerate() {
            if w.places.is_empty() {
                continue;
            }
            let close =
                typed.len() >= 4 && w.text.len().abs_diff(typed.len()) <= 2 && (w.letters ^ mine).count_ones() <= 4;
            let prefix = typed.len() >= 3 && w.text.starts_with(typed);
            if !(close || prefix || *w.text == *typed) {
                continue;
            }
            if let Some((points, _)) = word_points(typed, &w.text) {
                out.push((id as u32, points));
            }
        }
        out
    }
}
