//! The subject index: the fuzzy, ranked person search behind the one search
//! box. Derived from the store and held in memory; pure (no I/O, no async).
//!
//! A query is answered in three steps: exact identifiers first (PNC ID, CRO,
//! VRM, phone, NI number, event references); then candidate generation from
//! inverted indexes over interned name tokens, expanded through nicknames,
//! double metaphone keys and a deletion neighbourhood for typos; then a full
//! score of a bounded set of candidates. Ties are broken by score descending,
//! then display name, then id, so the same query always gives the same page.
//!
//! Work per query is capped, so a bare common surname answers at once: at
//! most 40 sound-alike and 40 typo tokens per word, 100,000 posting visits
//! and 600 full scores. Candidates are scored best upper bound first, and
//! scoring stops once the page is full and no later candidate could enter
//! it. Past the caps, which of many equal scores make the page follows the
//! order entries were indexed in. Each searching thread keeps a scratch
//! array of 8 bytes per entry (8 MB at a million).

mod candidates;
mod datetext;
mod dob;
mod encoded;
mod entry_id;
mod exact;
pub(crate) use exact::compact;
mod hash;
mod ids;
mod index;
pub mod intel;
mod packed;
pub mod pole;
mod prepared;
mod query;
mod rank;
mod slot;
mod typo;
mod varint;
mod vocab;
mod workers;

#[cfg(test)]
mod scale;
#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::domain::dates::PartialDate;
use crate::domain::event::EventKind;
use crate::domain::person::Flags;

pub use index::{IndexStats, SubjectIndex};
pub use prepared::Prepared;

/// One name a person is known by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryName {
    pub forenames: String,
    pub surname: String,
    pub alias: bool,
}

/// What a hit shows on a busy screen.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SubjectDisplay {
    pub name: String,
    pub date_of_birth: Option<PartialDate>,
    pub area: Option<String>,
    /// Short labels, e.g. "VI", "WE".
    pub markers: Vec<String>,
    pub flags: Flags,
}

/// Everything the index knows of one person.
#[derive(Clone, Debug, PartialEq)]
pub struct SubjectEntry {
    pub id: String,
    /// The first non-alias is the primary name.
    pub names: Vec<EntryName>,
    pub date_of_birth: Option<PartialDate>,
    /// Canonical PNC ID ("98/123456X"), CRO ("001234/98X"), phone digits, NI number.
    pub identifiers: Vec<String>,
    /// Vehicle marks without spaces, upper case.
    pub vrms: Vec<String>,
    /// Event references: crime numbers, URNs, custody record numbers, warrant numbers.
    pub references: Vec<EntryReference>,
    pub display: SubjectDisplay,
}

/// An event reference a person is found by, with the kind of record it
/// names: a search finds by it only for callers who may read that kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryReference {
    pub kind: EventKind,
    pub reference: String,
}

impl EntryReference {
    pub fn new(kind: EventKind, reference: impl Into<String>) -> Self {
        Self { kind, reference: reference.into() }
    }
}

/// What the officer typed, plus an optional separate date of birth.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubjectQuery {
    pub text: String,
    pub dob: Option<PartialDate>,
    /// Most hits to return; 0 means the default page of 20.
    pub limit: usize,
}

impl SubjectQuery {
    pub const DEFAULT_LIMIT: usize = 20;

    /// A query for `text` with the default page size.
    pub fn new(text: impl Into<String>) -> Self {
        Self { text: text.into(), dob: None, limit: Self::DEFAULT_LIMIT }
    }
}

/// One ranked answer, with the reasons it matched in short words.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hit {
    pub id: String,
    /// Higher is better. Names and dates score about 0 to 1.3; an exact
    /// identifier scores 2 so it always comes first.
    pub score: f32,
    pub why: Vec<String>,
    pub display: SubjectDisplay,
}
