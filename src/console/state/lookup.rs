//! The lookup pane's state: the search box, the hits, and which answer is shown.

use super::list::ListState;
use crate::api::SubjectHit;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LookupFocus {
    Input,
    /// At start: digits and the global keys work; `/` or a letter types.
    #[default]
    List,
}

#[derive(Debug, Clone, Default)]
pub struct Lookup {
    pub query: String,
    pub focus: LookupFocus,
    pub hits: Vec<SubjectHit>,
    pub list: ListState,
    /// Sequence number of the newest search asked for, and of the one shown.
    pub issued: u64,
    pub shown: u64,
    /// The query the shown hits answer.
    pub answered: String,
    pub error: Option<String>,
}

impl Lookup {
    pub fn searching(&self) -> bool {
        self.issued > self.shown
    }
}

/// Asking why the operator opens a person's record (it is audited).
#[derive(Debug, Clone, PartialEq)]
pub struct ReasonPrompt {
    pub person_id: String,
    pub name: String,
    pub input: String,
    /// Index into the recent reasons, when one is picked.
    pub pick: Option<usize>,
}
