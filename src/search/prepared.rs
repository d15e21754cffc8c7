//! An entry made ready for the index away from it: text packed, names split
//! into tokens, exact keys hashed. This is most of the work of adding an
//! entry and needs nothing from the index, so a build spreads it over
//! threads and leaves the index only the interning and the postings.

use crate::domain::dates::PartialDate;
use crate::matching::{name_tokens, surname_tokens};

use super::encoded::MAX_PART;
use super::entry_id::IdText;
use super::exact::entry_keys;
use super::hash::key32;
use super::packed::Packed;
use super::SubjectEntry;

/// One name as token counts over `Prepared::tokens`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NameShape {
    pub alias: bool,
    pub fore: usize,
    pub sur: usize,
}

pub struct Prepared {
    pub(crate) id_key: u32,
    pub(crate) data: Packed,
    pub(crate) date_of_birth: Option<PartialDate>,
    pub(crate) names: Vec<NameShape>,
    /// Every name token in order, each followed by a space (tokens are
    /// letters only, so the space cannot occur in one).
    pub(crate) tokens: String,
    /// Hashes of the compact exact keys.
    pub(crate) exact: Vec<u32>,
}

impl Prepared {
    pub fn new(entry: &SubjectEntry) -> Self {
        let mut tokens = String::new();
        let mut names = Vec::with_capacity(entry.names.len());
        for name in &entry.names {
            let fore = name_tokens(&name.forenames);
            let sur = surname_tokens(&name.surname);
            let (fore, sur) = (&fore[..fore.len().min(MAX_PART)], &sur[..sur.len().min(MAX_PART)]);
            for t in fore.iter().chain(sur) {
                tokens.push_str(t);
                tokens.push(' ');
            }
            names.push(NameShape { alias: name.alias, fore: fore.len(), sur: sur.len() });
        }
        tokens.shrink_to_fit();
        Prepared {
            id_key: key32(entry.id.as_bytes()),
            data: Packed::pack(entry),
            date_of_birth: entry.date_of_birth,
            names,
            tokens,
            exact: entry_keys(entry).iter().map(|k| key32(k.key.as_bytes())).collect(),
        }
    }

    pub(crate) fn id(&self) -> IdText<'_> {
        self.data.view().id()
    }
}
