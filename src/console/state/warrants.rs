//! The warrant queue's state: its filters, the rows loaded a page at a time
//! in the server's order, and the forms and notes written on it.

use super::form::FormField;
use super::list::ListState;
use crate::api::warrants::{QueueRow, QueueSort};
use crate::domain::event::WarrantKind;
use crate::domain::priority::Bands;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Allocation {
    #[default]
    All,
    Allocated,
    Unallocated,
    /// Allocated to the operator.
    Mine,
}

/// The warrant queue as the server orders it, loaded a page at a time.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueueRows {
    pub items: Vec<QueueRow>,
    /// Outstanding warrants matching the filters, loaded or not.
    pub total: usize,
    /// Where the next page starts; None once the last page is in.
    pub next: Option<String>,
    pub loaded: bool,
    pub loading: bool,
    pub error: Option<String>,
    pub list: ListState,
    /// The newest load asked for: older answers are dropped.
    pub seq: u64,
    /// Something changed while a load was out: load again when it lands.
    pub again: bool,
    /// The filters changed since the rows were loaded: the next answer is
    /// another list, not news of changed warrants.
    pub refiltered: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Warrants {
    pub kind: Option<WarrantKind>,
    pub borough: Option<String>,
    pub allocation: Allocation,
    /// The lowest priority score shown (a band's floor), or all.
    pub min_priority: Option<i32>,
    /// The bands scores are read in, as the server last said.
    pub bands: Bands,
    pub rows: QueueRows,
    /// An attempt note kept when its dialog was closed unsent.
    pub draft: Option<NoteInput>,
    /// A warrant form kept when it was closed unsent.
    pub form_draft: Option<WarrantForm>,
    /// The users a warrant may be allocated to, as the server last said.
    pub officers: Vec<String>,
    /// The order the server reads the queue in (`S` steps through them).
    pub sort: QueueSort,
}

/// A note being written: an attempt to execute a warrant.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteInput {
    pub record_id: String,
    pub title: String,
    pub text: String,
    pub saving: bool,
    pub error: Option<String>,
}

/// What a warrant form does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarrantFormKind {
    Allocate,
    Execute,
    Withdraw,
}

/// A form for one lifecycle action on one warrant. Its input stays while
/// it is saving and after a refusal, so nothing typed is lost.
#[derive(Debug, Clone, PartialEq)]
pub struct WarrantForm {
    pub kind: WarrantFormKind,
    pub record_id: String,
    pub title: String,
    pub fields: Vec<FormField>,
    pub focus: usize,
    pub saving: bool,
    pub error: Option<String>,
    /// The field the error is about, by key.
    pub error_field: Option<String>,
    /// The operator has typed in it (prefilled values alone do not count).
    pub touched: bool,
    /// A question naming the warrant, asked before an action that cannot
    /// be undone is sent; Enter sends, Esc goes back to the inputs.
    pub confirming: Option<String>,
}

impl WarrantForm {
    pub fn value(&self, key: &str) -> &str {
        self.fields.iter().find(|f| f.name == key).map(|f| f.value.as_str()).unwrap_or("")
    }
}
