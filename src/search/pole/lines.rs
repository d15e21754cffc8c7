//! Every place's address lines, joined, as the numbers of their words in
//! one shared table: "231 Shakespeare Crescent, Heston, London" is five
//! numbers of a byte or two, where its text took 40 bytes, and the words
//! of a city's addresses are few beside its places. A line is split at
//! each space and joined again with one, so it comes back as written.
//! Lines of places gone are dropped when they outnumber the rest, the
//! whole (table included) written again. Offsets are 32 bits: 4 GiB of
//! numbers, some five hundred million places; a line past that is kept
//! empty (the place is still found, by its postcode and words).

use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashTable};

use crate::search::varint;

#[derive(Clone, Copy, Default)]
pub(crate) struct Line {
    at: u32,
    len: u32,
}

impl Line {
    pub(crate) fn is_empty(self) -> bool {
        self.len == 0
    }
}

#[derive(Default)]
pub(crate) struct Lines {
    /// Each line's word numbers (`varint`), one line after another.
    codes: Vec<u8>,
    words: Vec<Box<str>>,
    /// The number of each word, found by the word's hash.
    numbers: HashTable<u32>,
    hasher: DefaultHashBuilder,
    /// Bytes of `codes` no line uses any more.
    gone: usize,
}

/// The numbers in `codes`, in order.
fn numbers(codes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    let mut at = 0;
    // Every number was written from a u32.
    std::iter::from_fn(move || varint::read(codes, &mut at).map(|n| n as u32))
}

impl Lines {
    fn number(&mut self, word: &str) -> u32 {
        let hash = self.hasher.hash_one(word);
        let words = &self.words;
        if let Some(n) = self.numbers.find(hash, |n| &*words[*n as usize] == word) {
            return *n;
        }
        let n = u32::try_from(self.words.len()).expect("fewer than 4 billion address words");
        self.words.push(word.into());
        let (hasher, words) = (&self.hasher, &self.words);
        self.numbers.insert_unique(hash, n, |n| hasher.hash_one(&*words[*n as usize]));
        n
    }

    pub(crate) fn add(&mut self, line: &str) -> Line {
        let Ok(at) = u32::try_from(self.codes.len()) else { return Line::default() };
        if !line.is_empty() {
            for word in line.split(' ') {
                let n = self.number(word);
                varint::put(&mut self.codes, n as usize);
            }
        }
        match u32::try_from(self.codes.len()) {
            Ok(end) => Line { at, len: end - at },
            Err(_) => {
                self.codes.truncate(at as usize);
                Line::default()
            }
        }
    }

    /// The words of `line`, in order.
    fn words_of(&self, line: Line) -> impl Iterator<Item = &str> + '_ {
        let at = line.at as usize;
        let codes = self.codes.get(at..at + line.len as usize).unwrap_or_default();
        numbers(codes).map(|n| self.words.get(n as usize).map_or("", |w| &**w))
    }

    pub(crate) fn get(&self, line: Line) -> String {
        self.words_of(line).collect::<Vec<_>>().join(" ")
    }

    /// The bytes of `line` as `get` writes it, without writing it.
    pub(crate) fn bytes(&self, line: Line) -> impl Iterator<Item = u8> + '_ {
        self.words_of(line).enumerate().flat_map(|(i, word)| (i > 0).then_some(b' ').into_iter().chain(word.bytes()))
    }

    /// `line` is no longer used. When the unused outnumber the rest,
    /// `live` gives the lines still used, to be written again in place.
    pub(crate) fn remove<'a>(&mut self, line: Line, live: impl FnOnce() -> Vec<&'a mut Line>) {
        self.gone += line.len as usize;
        if self.gone * 2 <= self.codes.len() {
            return;
        }
        let mut kept = Lines::default();
        for held in live() {
            *held = kept.add(&self.get(*held));
        }
        *self = kept;
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.codes.shrink_to_fit();
        self.words.shrink_to_fit();
        let (hasher, words) = (&self.hasher, &self.words);
        self.numbers.shrink_to_fit(|n| hasher.hash_one(&*words[*n as usize]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_come_back_as_written_and_the_unused_are_dropped() {
        let mut lines = Lines::default();
        let mut held: Vec<Line> =
            ["12 Acacia Avenue", "14 Acacia Avenue", "3 Mare Street"].map(|l| lines.add(l)).to_vec();
        assert_eq!(lines.get(held[1]), "14 Acacia Avenue");
        let first = held.remove(0);
        lines.remove(first, Vec::new);
        assert_eq!(lines.get(held[0]), "14 Acacia Avenue");
        let second = held.remove(0);
        lines.remove(second, || held.iter_mut().collect());
        // Two of three gone: only Mare Street is left, where it now is,
        // and only its words are in the table.
        assert_eq!((lines.get(held[0]), lines.codes.len(), lines.words.len()), ("3 Mare Street".into(), 3, 3));
    }

    #[test]
    fn any_spacing_comes_back_as_written_and_bytes_agree() {
        let mut lines = Lines::default();
        let many: Vec<String> = (0..300).map(|n| format!("Flat {n}, Block {}", n % 7)).collect();
        let texts = ["", " ", "a", "  two  spaces ", "Flat 92, Grange Point, St John's Terrace", "Ünïcode Straße"];
        let held: Vec<(Line, &str)> =
            texts.iter().copied().chain(many.iter().map(String::as_str)).map(|t| (lines.add(t), t)).collect();
        for (line, text) in held {
            assert_eq!(lines.get(line), text);
            assert_eq!(lines.bytes(line).collect::<Vec<u8>>(), text.as_bytes());
            assert_eq!(line.is_empty(), text.is_empty());
        }
    }
}
