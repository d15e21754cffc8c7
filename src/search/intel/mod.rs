//! The in-memory index of intelligence text behind `GET /intelligence/search`:
//! each word with the reports that use it, kept apart by where it is written
//! (the sanitised text, which every reader of intelligence is shown, or only
//! the unsanitised text, shown to intelligence roles alone), so a search
//! matches only what its caller would be shown. A handling code C report's
//! text is never indexed (everywhere but its own opened page it stands
//! behind a placeholder), and a draft answers only its author. Derived from
//! the store (built at start, then kept current from the change log, as the
//! vehicle, phone and place index is) and pure: no I/O.
//!
//! Ranked by how many of the words asked for a report holds, then newest,
//! then id; paged by a cursor on that order. A search reads its page
//! without scoring every match (see `top`): each word's reports are kept
//! newest first, so the newest reports holding the most words are met first.
//! What follows a page is counted to [`COUNTED`] at most, so a search that
//! matches most of a million reports costs what a narrow one does.

mod build;
mod order;
mod top;
mod words;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_random;

use std::cmp::Reverse;
use std::collections::HashMap;

use super::pole::ids::Ids;
use crate::domain::FieldError;

pub use build::IntelBuilder;
pub use words::words;

/// What the index keeps of one report.
#[derive(Debug, Clone)]
pub struct ReportText {
    pub id: String,
    /// When it happened, in seconds since 1970: the newer first among equals.
    pub occurred_at: i64,
    /// Its author, when it is a draft (a draft answers only them).
    pub draft_of: Option<String>,
    /// Handling code C: its text is never matched.
    pub code_c: bool,
    pub sanitised: String,
    pub unsanitised: Option<String>,
}

/// Who is searching: a draft answers only its author, and the unsanitised
/// text only intelligence roles.
#[derive(Debug, Clone, Copy)]
pub struct Viewer<'a> {
    pub username: &'a str,
    pub reads_unsanitised: bool,
}

/// A place in the ranking: words in common, when, id; and how many reports
/// the pages before it showed (to say how many remain).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    words: u32,
    occurred_at: i64,
    id: u128,
    shown: usize,
}

impl Cursor {
    /// A cursor as a previous page gave it (`next`).
    pub fn parse(text: &str, ids: &IntelIndex) -> Result<Cursor, FieldError> {
        let bad = || FieldError::new("after", "is not a cursor from a previous page");
        let mut parts = text.splitn(4, '|');
        let words = parts.next().and_then(|w| w.parse().ok()).ok_or_else(bad)?;
        let occurred_at = parts.next().and_then(|t| t.parse().ok()).ok_or_else(bad)?;
        let id = parts.next().and_then(|id| ids.ids.find(id)).ok_or_else(bad)?;
        let shown = match parts.next() {
            Some(n) => n.parse().map_err(|_| bad())?,
            None => 0,
        };
        Ok(Cursor { words, occurred_at, id, shown })
    }

    /// Its place in the order reports are kept in (oldest first).
    fn order_key(&self) -> (i64, Reverse<u128>) {
        (self.occurred_at, Reverse(self.id))
    }
}

/// One report found: its id and how many of the words asked for it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub id: String,
    pub words: u32,
}

/// Reports counted beyond a page at most (as the desk queues count).
pub const COUNTED: usize = 1_000;

/// One page of a search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FoundPage {
    pub found: Vec<Found>,
    /// How many more match beyond this page, [`COUNTED`] at most.
    pub more: usize,
    /// True when at least `more` match beyond this page (the count stopped).
    pub more_at_least: bool,
    /// The cursor of the next page, while there is one.
    pub next: Option<String>,
}

/// How much the index holds, for the log and the benchmark.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IntelStats {
    pub reports: usize,
    pub words: usize,
    pub postings: usize,
    /// An estimate of the memory it holds.
    pub bytes: usize,
}

/// No draft: read by all who read intelligence.
const NOBODY: u32 = u32::MAX;
/// Not in the newest-first order (a draft, or a report with no words).
const UNORDERED: u32 = u32::MAX;

struct Report {
    id: u128,
    occurred_at: i64,
    /// The author of a draft, interned; `NOBODY` for any other report.
    draft_of: u32,
    /// Its ordinal: ordinals rise with `order_key` (see `order`).
    ord: u32,
    /// The words it is found by, `word * 2`, plus one where the word is
    /// only in the unsanitised text.
    words: Box<[u32]>,
}

impl Report {
    /// Oldest first, and among reports of the same second the greater id
    /// first, so that newest-first reads ids ascending.
    fn order_key(&self) -> (i64, Reverse<u128>) {
        (self.occurred_at, Reverse(self.id))
    }
}

#[derive(Default)]
pub struct IntelIndex {
    ids: Ids,
    slot_of: HashMap<u128, u32>,
    /// By slot; `None` where a report was erased.
    reports: Vec<Option<Report>>,
    authors: Vec<Box<str>>,
    author_at: HashMap<Box<str>, u32>,
    word_at: HashMap<Box<str>, u32>,
    /// For each word, the reports other than drafts holding it: `ord * 2`,
    /// plus one where the word is only in the unsanitised text, ascending
    /// (so newest last).
    postings: Vec<Vec<u32>>,
    /// For each word, how many of its postings are unsanitised only.
    unsanitised_only: Vec<u32>,
    /// The slots of the reports in `postings`, by ordinal.
    order: Vec<u32>,
    /// Each author's drafts (slots): few, and scored whole for their author.
    drafts: HashMap<u32, Vec<u32>>,
    /// How many times the ordinals were given again (for the tests).
    relabelled: usize,
}

impl IntelIndex {
    pub fn new() -> IntelIndex {
        IntelIndex::default()
    }

    fn author(&mut self, name: &str) -> u32 {
        if let Some(n) = self.author_at.get(name) {
            return *n;
        }
        let n = u32::try_from(self.authors.len()).unwrap_or(NOBODY - 1);
        self.authors.push(name.into());
        self.author_at.insert(name.into(), n);
        n
    }

    fn word(&mut self, text: &str) -> u32 {
        if let Some(n) = self.word_at.get(text) {
            return *n;
        }
        let n = u32::try_from(self.postings.len()).unwrap_or(u32::MAX);
        self.postings.push(Vec::new());
        self.unsanitised_only.push(0);
        self.word_at.insert(text.into(), n);
        n
    }

    fn report(&self, slot: u32) -> Option<&Report> {
        self.reports.get(slot as usize).and_then(|r| r.as_ref())
    }

    /// Stores the report as it now stands, its words interned, and gives
    /// its slot; it is not yet in the postings (the caller posts it).
    fn store(&mut self, report: &ReportText) -> u32 {
        let id = self.ids.number(&report.id);
        let slot = match self.slot_of.get(&id).copied() {
            Some(slot) => {
                self.take_out(slot);
                slot
            }
            None => {
                let slot = u32::try_from(self.reports.len()).unwrap_or(u32::MAX);
                self.reports.push(None);
                self.slot_of.insert(id, slot);
                slot
            }
        };
        let mut codes: Vec<u32> = Vec::new();
        if !report.code_c {
            let sanitised = words(&report.sanitised);
            for w in &sanitised {
                codes.push(self.word(w) * 2);
            }
            for w in report.unsanitised.as_deref().map(words).unwrap_or_default() {
                if !sanitised.contains(&w) {
                    codes.push(self.word(&w) * 2 + 1);
                }
            }
        }
        let draft_of = report.draft_of.as_deref().map_or(NOBODY, |a| self.author(a));
        let words = codes.into_boxed_slice();
        self.reports[slot as usize] =
            Some(Report { id, occurred_at: report.occurred_at, draft_of, ord: UNORDERED, words });
        slot
    }

    /// Puts the report in the index as it now stands (replacing what it held).
    pub fn set(&mut self, report: &ReportText) {
        let slot = self.store(report);
        self.put_in(slot);
    }

    /// Takes the report out (erased).
    pub fn remove(&mut self, id: &str) {
        let Some(slot) = self.ids.find(id).and_then(|n| self.slot_of.get(&n).copied()) else { return };
        self.take_out(slot);
        self.reports[slot as usize] = None;
    }

    pub fn stats(&self) -> IntelStats {
        let postings: usize = self.postings.iter().map(Vec::len).sum();
        let posting_bytes: usize = self.postings.iter().map(|p| p.capacity() * 4 + 24 + 4).sum();
        let report_bytes: usize = self
            .reports
            .iter()
            .map(|r| std::mem::size_of::<Option<Report>>() + r.as_ref().map_or(0, |r| r.words.len() * 4))
            .sum();
        // A hash map entry costs its key and value and about a byte of control.
        let word_bytes: usize = self.word_at.keys().map(|w| w.len() + 16 + 4 + 1).sum();
        let slot_bytes = self.slot_of.capacity() * (16 + 4 + 1);
        let order_bytes = self.order.capacity() * 4;
        IntelStats {
            reports: self.reports.iter().flatten().count(),
            words: self.word_at.len(),
            postings,
            bytes: posting_bytes + report_bytes + word_bytes + slot_bytes + order_bytes,
        }
    }
}
