//! The places of one postcode district side by side: each place's slot,
//! postcode and address words in two flat vectors, and for each word the
//! entries using it, so that an address search in a district of twelve
//! thousand places scores only the few hundred holding its rarer words,
//! reading them nearly in order. A place gone leaves its entry marked
//! until the gone outnumber the rest, when the district is written again
//! without them.

use std::collections::HashMap;

/// "SW2 1AA", padded with zeros (a postcode has at most 8 characters).
pub(crate) type Postcode = [u8; 8];

pub(crate) fn postcode(text: &str) -> Postcode {
    let mut p = [0u8; 8];
    let bytes = text.as_bytes();
    let n = bytes.len().min(8);
    p[..n].copy_from_slice(&bytes[..n]);
    p
}

pub(crate) fn postcode_text(p: &Postcode) -> &str {
    let len = p.iter().position(|b| *b == 0).unwrap_or(p.len());
    std::str::from_utf8(&p[..len]).unwrap_or_default()
}

/// The district a postcode is in: "SW2" of "SW2 1AA".
pub(crate) fn outward(postcode: &str) -> &str {
    postcode.split(' ').next().unwrap_or_default()
}

/// The slot of an entry whose place is gone.
const GONE: u32 = u32::MAX;

struct Entry {
    slot: u32,
    /// Where its words begin in `words`; they end where the next entry's begin.
    words_at: u32,
    postcode: Postcode,
}

#[derive(Default)]
pub(crate) struct District {
    entries: Vec<Entry>,
    words: Vec<u32>,
    /// Each word used here, with the entries of the places using it, ascending.
    using: HashMap<u32, Vec<u32>>,
    gone: usize,
}

/// A place's words, each once, ascending.
pub(crate) fn distinct(words: &[u32]) -> Vec<u32> {
    let mut distinct = words.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    distinct
}

impl District {
    /// Adds the place in `slot`: the number of its entry.
    pub(crate) fn add(&mut self, slot: u32, code: Postcode, words: &[u32]) -> u32 {
        let words_at = u32::try_from(self.words.len()).expect("fewer than 4 billion words in a district");
        self.entries.push(Entry { slot, words_at, postcode: code });
        self.words.extend_from_slice(words);
        let at = u32::try_from(self.entries.len() - 1).expect("fewer than 4 billion places in a district");
        for w in distinct(words) {
            self.using.entry(w).or_default().push(at);
        }
        at
    }

    /// The entries of the places here using word `w`, ascending.
    pub(crate) fn using(&self, w: u32) -> &[u32] {
        self.using.get(&w).map_or(&[], Vec::as_slice)
    }

    /// The place of entry `at`, if not gone: slot, postcode and words.
    pub(crate) fn place(&self, at: u32) -> Option<(u32, &Postcode, &[u32])> {
        let entry = &self.entries[at as usize];
        (entry.slot != GONE).then(|| (entry.slot, &entry.postcode, self.words(at)))
    }

    /// The words of entry `at`.
    pub(crate) fn words(&self, at: u32) -> &[u32] {
        let at = at as usize;
        let start = self.entries[at].words_at as usize;
        let end = self.entries.get(at + 1).map_or(self.words.len(), |e| e.words_at as usize);
        &self.words[start..end]
    }

    pub(crate) fn postcode(&self, at: u32) -> &Postcode {
        &self.entries[at as usize].postcode
    }

    /// Every entry, gone or not.
    pub(crate) fn entries(&self) -> Vec<u32> {
        (0..self.entries.len() as u32).collect()
    }

    /// Every place here: slot, postcode and words.
    pub(crate) fn places(&self) -> impl Iterator<Item = (u32, &Postcode, &[u32])> {
        (0..self.entries.len() as u32).filter_map(|at| self.place(at))
    }

    /// Entry `at`'s place is gone. When the gone outnumber the rest the
    /// district is written again without them, and `moved(slot, at)` is
    /// told each place's new entry.
    pub(crate) fn remove(&mut self, at: u32, mut moved: impl FnMut(u32, u32)) {
        for w in distinct(self.words(at)) {
            if let Some(using) = self.using.get_mut(&w) {
                if let Ok(i) = using.binary_search(&at) {
                    using.remove(i);
                }
                if using.is_empty() {
                    self.using.remove(&w);
                }
            }
        }
        self.entries[at as usize].slot = GONE;
        self.gone += 1;
        if self.gone * 2 <= self.entries.len() {
            return;
        }
        let mut kept = District::default();
        for (slot, code, words) in self.places() {
            moved(slot, kept.add(slot, *code, words));
        }
        *self = kept;
    }

    /// Entries held, in use or gone.
    #[cfg(test)]
    pub(crate) fn held(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.entries.shrink_to_fit();
        self.words.shrink_to_fit();
        self.using.values_mut().for_each(Vec::shrink_to_fit);
        self.using.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_district_keeps_each_place_s_words_and_forgets_the_gone() {
        let mut district = District::default();
        let mut at: Vec<u32> =
            (0..10u32).map(|slot| district.add(slot, postcode("SW2 1AA"), &[slot, slot + 100])).collect();
        assert_eq!(district.words(3), [3, 103]);
        assert_eq!(district.using(103), [3]);
        for slot in 0..6u32 {
            district.remove(at[slot as usize], |moved, to| at[moved as usize] = to);
        }
        // Six of ten gone: written again with the four left, each told where it is.
        assert_eq!(district.held(), 4);
        let left: Vec<(u32, Vec<u32>)> = district.places().map(|(slot, _, words)| (slot, words.to_vec())).collect();
        assert_eq!(left, [(6, vec![6, 106]), (7, vec![7, 107]), (8, vec![8, 108]), (9, vec![9, 109])]);
        assert_eq!((district.words(at[8]), postcode_text(district.postcode(at[8]))), (&[8, 108][..], "SW2 1AA"));
        assert_eq!((district.using(108), district.using(103)), (&[at[8]][..], &[][..]));
        assert_eq!(district.place(at[9]).map(|(slot, _, _)| slot), Some(9));
        assert_eq!(outward("SW2 1AA"), "SW2");
    }
}
