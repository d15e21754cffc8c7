//! The distinct name tokens, interned to u32 ids, each with the ordinals of
//! the entries that use it, and the maps that find a token by text, by sound
//! and by typo. The maps hold hashes, not copies of the text; a token no
//! entry uses any more is erased from every map.

use crate::matching::{edit_distance, phonetic_codes};

use super::hash::fnv1a;
use super::ids::MultiMap;
use super::typo;

/// The ordinal part of a posting; ordinals stay below 2^30.
pub(crate) const ORDINAL_MASK: u32 = (1 << 30) - 1;

/// A posting: the entry's ordinal with its roles in the top bits.
pub(crate) fn posting(ordinal: u32, roles: u8) -> u32 {
    (ordinal & ORDINAL_MASK) | (u32::from(roles & 3) << 30)
}

#[derive(Default)]
struct Token {
    /// Empty while the slot is free.
    text: Box<str>,
    /// Entries using the token, each once: the ordinal in the low 30 bits,
    /// the roles it plays there (see `encoded`) in the top two.
    postings: Vec<u32>,
}

#[derive(Default)]
pub(crate) struct Vocab {
    /// Hash of the text to its token; verified against the text.
    ids: MultiMap<u64>,
    tokens: Vec<Token>,
    free: Vec<u32>,
    /// Hash of a double metaphone key to the tokens that have it.
    phonetic: MultiMap<u64>,
    /// Hash of a deletion variant to the tokens that have it.
    deletions: MultiMap<u32>,
    live: usize,
}

impl Vocab {
    pub fn get(&self, text: &str) -> Option<u32> {
        self.ids.get(&fnv1a(text.as_bytes())).iter().copied().find(|&t| self.text(t) == text)
    }

    pub fn text(&self, token: u32) -> &str {
        self.tokens.get(token as usize).map_or("", |t| &t.text)
    }

    pub fn postings(&self, token: u32) -> &[u32] {
        self.tokens.get(token as usize).map_or(&[], |t| &t.postings)
    }

    /// Number of distinct tokens in use.
    pub fn len(&self) -> usize {
        self.live
    }

    /// Sizes for the index's statistics: (postings, phonetic keys, deletion keys).
    pub fn sizes(&self) -> (usize, usize, usize) {
        let postings = self.tokens.iter().map(|t| t.postings.len()).sum();
        (postings, self.phonetic.len(), self.deletions.len())
    }

    /// The id of `text`, creating the token (and its keys) when new.
    pub fn intern(&mut self, text: &str) -> u32 {
        if let Some(id) = self.get(text) {
            return id;
        }
        let token = Token { text: text.into(), postings: Vec::new() };
        let id = match self.free.pop() {
            Some(id) => {
                self.tokens[id as usize] = token;
                id
            }
            None => {
                self.tokens.push(token);
                (self.tokens.len() - 1) as u32
            }
        };
        self.live += 1;
        self.ids.add(fnv1a(text.as_bytes()), id);
        for code in phonetic_codes(text) {
            self.phonetic.add(fnv1a(code.as_bytes()), id);
        }
        for key in typo::deletion_keys(text) {
            self.deletions.add(key, id);
        }
        id
    }

    /// Gives back the spare capacity postings grew with.
    pub fn shrink_to_fit(&mut self) {
        for t in &mut self.tokens {
            t.postings.shrink_to_fit();
        }
        self.tokens.shrink_to_fit();
    }

    pub fn add_posting(&mut self, token: u32, ordinal: u32, roles: u8) {
        if let Some(t) = self.tokens.get_mut(token as usize) {
            t.postings.push(posting(ordinal, roles));
        }
    }

    /// Removes the ordinal; a token left unused is erased everywhere.
    pub fn remove_posting(&mut self, token: u32, ordinal: u32) {
        let Some(t) = self.tokens.get_mut(token as usize) else {
            return;
        };
        if let Some(pos) = t.postings.iter().position(|&p| p & ORDINAL_MASK == ordinal) {
            t.postings.swap_remove(pos);
        }
        if t.postings.is_empty() {
            self.erase(token);
        }
    }

    fn erase(&mut self, token: u32) {
        let text = std::mem::take(&mut self.tokens[token as usize]).text;
        if text.is_empty() {
            return;
        }
        self.ids.remove(&fnv1a(text.as_bytes()), token);
        for code in phonetic_codes(&text) {
            self.phonetic.remove(&fnv1a(code.as_bytes()), token);
        }
        for key in typo::deletion_keys(&text) {
            self.deletions.remove(&key, token);
        }
        self.free.push(token);
        self.live -= 1;
    }

    /// Tokens sharing a double metaphone key with `text`.
    pub fn sounds_like(&self, text: &str) -> Vec<u32> {
        let mut out = Vec::new();
        for code in phonetic_codes(text) {
            out.extend_from_slice(self.phonetic.get(&fnv1a(code.as_bytes())));
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Tokens within the allowed edit distance of `text` (not `text` itself),
    /// with their distance.
    pub fn typos_of(&self, text: &str) -> Vec<(u32, usize)> {
        if typo::max_distance(text.len()) == 0 {
            return Vec::new();
        }
        let mut seen: Vec<u32> = Vec::new();
        for key in typo::deletion_keys(text) {
            seen.extend_from_slice(self.deletions.get(&key));
        }
        seen.sort_unstable();
        seen.dedup();
        seen.into_iter()
            .filter_map(|id| {
                let other = self.text(id);
                let allowed = typo::allowed(text, other);
                if text.len().abs_diff(other.len()) > allowed {
                    return None;
                }
                let d = edit_distance(text, other);
                (d > 0 && d <= allowed).then_some((id, d))
            })
            .collect()
    }

    /// Whether any trace of `text` remains (for erasure checks).
    #[cfg(test)]
    pub fn holds_trace_of(&self, text: &str) -> bool {
        let id_known = self.get(text).is_some();
        let in_slots = self.tokens.iter().any(|t| &*t.text == text);
        let keys_alive =
            typo::deletion_keys(text).iter().any(|k| self.deletions.get(k).iter().any(|&id| self.text(id) == text));
        id_known || in_slots || keys_alive
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unused_tokens_are_erased_and_their_ids_reused() {
        let mut v = Vocab::default();
        let a = v.intern("smith");
        v.add_posting(a, 7, 2);
        assert_eq!(v.typos_of("smiht").first().map(|p| p.0), Some(a));
        assert_eq!(v.sounds_like("smyth"), vec![a]);
        v.remove_posting(a, 7);
        assert!(!v.holds_trace_of("smith"));
        assert!(v.typos_of("smiht").is_empty());
        assert!(v.sounds_like("smyth").is_empty());
        assert_eq!(v.len(), 0);
        let b = v.intern("jones");
        assert_eq!(a, b);
    }
}
