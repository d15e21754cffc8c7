//! The distinct name tokens, interned to u32 ids, each with the ordinals of
//! the entries that use it, and the two maps that find a token by sound and
//! by typo. A token no entry uses any more is erased from every map.

use std::collections::HashMap;

use super::hash::IntMap;
use super::ids::{self, Ids};
use super::{phonetic, typo};

#[derive(Default)]
struct Token {
    /// Empty while the slot is free.
    text: Box<str>,
    /// Ordinals of the entries using the token, each once.
    postings: Vec<u32>,
}

#[derive(Default)]
pub(crate) struct Vocab {
    ids: HashMap<Box<str>, u32>,
    tokens: Vec<Token>,
    free: Vec<u32>,
    phonetic: HashMap<Box<str>, Vec<u32>>,
    deletions: IntMap<u64, Ids>,
}

impl Vocab {
    pub fn get(&self, text: &str) -> Option<u32> {
        self.ids.get(text).copied()
    }

    pub fn text(&self, token: u32) -> &str {
        self.tokens.get(token as usize).map_or("", |t| &t.text)
    }

    pub fn postings(&self, token: u32) -> &[u32] {
        self.tokens.get(token as usize).map_or(&[], |t| &t.postings)
    }

    /// Number of distinct tokens in use.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// The id of `text`, creating the token (and its keys) when new.
    pub fn intern(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.ids.get(text) {
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
        self.ids.insert(text.into(), id);
        for code in phonetic::codes(text) {
            self.phonetic.entry(code.into()).or_default().push(id);
        }
        for key in typo::deletion_keys(text) {
            ids::add(&mut self.deletions, key, id);
        }
        id
    }

    pub fn add_posting(&mut self, token: u32, ordinal: u32) {
        if let Some(t) = self.tokens.get_mut(token as usize) {
            t.postings.push(ordinal);
        }
    }

    /// Removes the ordinal; a token left unused is erased everywhere.
    pub fn remove_posting(&mut self, token: u32, ordinal: u32) {
        let Some(t) = self.tokens.get_mut(token as usize) else {
            return;
        };
        if let Some(pos) = t.postings.iter().position(|&o| o == ordinal) {
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
        self.ids.remove(&text);
        for code in phonetic::codes(&text) {
            if let Some(list) = self.phonetic.get_mut(code.as_str()) {
                list.retain(|&t| t != token);
                if list.is_empty() {
                    self.phonetic.remove(code.as_str());
                }
            }
        }
        for key in typo::deletion_keys(&text) {
            ids::remove(&mut self.deletions, &key, token);
        }
        self.free.push(token);
    }

    /// Tokens sharing a double metaphone key with `text`.
    pub fn sounds_like(&self, text: &str) -> Vec<u32> {
        let mut out = Vec::new();
        for code in phonetic::codes(text) {
            if let Some(list) = self.phonetic.get(code.as_str()) {
                out.extend_from_slice(list);
            }
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
            if let Some(list) = self.deletions.get(&key) {
                seen.extend_from_slice(list.as_slice());
            }
        }
        seen.sort_unstable();
        seen.dedup();
        seen.into_iter()
            .filter_map(|id| {
                let other = self.text(id);
                let d = typo::distance(text, other);
                (d > 0 && d <= typo::allowed(text, other)).then_some((id, d))
            })
            .collect()
    }

    /// Whether any trace of `text` remains (for erasure checks).
    #[cfg(test)]
    pub fn holds_trace_of(&self, text: &str) -> bool {
        let id_known = self.ids.contains_key(text);
        let in_slots = self.tokens.iter().any(|t| &*t.text == text);
        let keys_alive = typo::deletion_keys(text)
            .iter()
            .any(|k| self.deletions.get(k).is_some_and(|l| l.as_slice().iter().any(|&id| self.text(id) == text)));
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
        v.add_posting(a, 7);
        assert_eq!(v.typos_of("smiht").first().map(|p| p.0), Some(a));
        v.remove_posting(a, 7);
        assert!(!v.holds_trace_of("smith"));
        assert!(v.typos_of("smiht").is_empty());
        assert!(v.sounds_like("smyth").is_empty());
        assert_eq!(v.len(), 0);
        let b = v.intern("jones");
        assert_eq!(a, b);
    }
}
