//! The words of every indexed address, interned, each with how many places
//! use it (each district lists which); and, for a typed word, the address words it matches with the
//! points the place lookup gives them (`word_points`): the word itself,
//! the words it begins (an ordered range) and the words within one or two
//! edits (the deletion map), never a pass over the vocabulary. A word no
//! place uses any more is forgotten and its id used again, so the
//! vocabulary follows the places through any amount of change.

use std::collections::BTreeMap;

use super::deletions::Deletions;
use crate::domain::place_lookup::word_points;

#[derive(Default)]
struct Word {
    /// Empty while the id is free.
    text: Box<str>,
    /// How many places use the word.
    places: u32,
}

#[derive(Default)]
pub(crate) struct PlaceWords {
    words: Vec<Word>,
    at: BTreeMap<Box<str>, u32>,
    free: Vec<u32>,
    near: Deletions,
}

impl PlaceWords {
    /// The id of `text`, interned if new. A word interned is used by a
    /// place at once (`add_place`), or forgotten by the next `remove_place`
    /// that leaves it unused.
    pub(crate) fn intern(&mut self, text: &str) -> u32 {
        if let Some(id) = self.at.get(text) {
            return *id;
        }
        let word = Word { text: text.into(), places: 0 };
        let id = match self.free.pop() {
            Some(id) => {
                self.words[id as usize] = word;
                id
            }
            None => {
                self.words.push(word);
                u32::try_from(self.words.len() - 1).unwrap_or(u32::MAX)
            }
        };
        self.at.insert(text.into(), id);
        self.near.add(text, id);
        id
    }

    pub(crate) fn text(&self, id: u32) -> &str {
        &self.words[id as usize].text
    }

    /// Notes that one more place uses the word (the caller passes each of
    /// a place's words once).
    pub(crate) fn add_place(&mut self, id: u32) {
        self.words[id as usize].places += 1;
    }

    /// One place fewer uses the word; a word left unused is forgotten.
    pub(crate) fn remove_place(&mut self, id: u32) {
        let places = &mut self.words[id as usize].places;
        *places = places.saturating_sub(1);
        if *places == 0 {
            let word = std::mem::take(&mut self.words[id as usize]);
            self.at.remove(&word.text);
            self.near.remove(&word.text, id);
            self.free.push(id);
        }
    }

    /// Words in use.
    pub(crate) fn len(&self) -> usize {
        self.at.len()
    }

    /// What the vocabulary holds, in use or free: (word ids, deletion nodes).
    pub(crate) fn held(&self) -> (usize, usize) {
        (self.words.len(), self.near.nodes())
    }

    /// The words `typed` matches, with their points.
    pub(crate) fn matches(&self, typed: &str) -> Vec<(u32, f64)> {
        let numeric = typed.chars().any(|c| c.is_ascii_digit());
        if numeric {
            // A house or flat number is right or wrong, never close.
            return self.at.get(typed).map(|id| vec![(*id, 1.0)]).unwrap_or_default();
        }
        let mut candidates: Vec<u32> = self.at.get(typed).copied().into_iter().collect();
        if typed.len() >= 3 {
            let from: Box<str> = typed.into();
            let begun = self.at.range(from..).take_while(|(w, _)| w.starts_with(typed));
            candidates.extend(begun.map(|(_, id)| *id));
        }
        if typed.len() >= 4 {
            let edits = if typed.len() >= 7 { 2 } else { 1 };
            candidates.extend(self.near.near(typed, edits));
        }
        candidates.sort_unstable();
        candidates.dedup();
        candidates
            .into_iter()
            .filter(|id| self.words[*id as usize].places > 0)
            .filter_map(|id| word_points(typed, &self.words[id as usize].text).map(|(points, _)| (id, points)))
            .collect()
    }
}
