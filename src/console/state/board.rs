//! The detainee board's state: the suites, the open custody records, and
//! the custody forms written on it.

use super::form::FormField;
use super::list::Rows;
use crate::domain::location::Location;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Board {
    pub suites: Vec<Location>,
    /// The suite shown, by location id; None shows all.
    pub suite: Option<String>,
    /// A suite asked for by name before the suites were loaded.
    pub pending_suite: Option<String>,
    pub rows: Rows,
    /// A custody form closed unsent, resumed by the same key on the same record.
    pub draft: Option<CustodyForm>,
}

/// What a custody form records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustodyFormKind {
    /// A visit at a level that needs rousing: whether it worked, and notes.
    Visit,
    Review,
    CellMove,
}

/// A custody action being written on the board. A refusal keeps every
/// input and names the field the server objected to.
#[derive(Debug, Clone, PartialEq)]
pub struct CustodyForm {
    pub kind: CustodyFormKind,
    pub record_id: String,
    pub title: String,
    /// A line of context under the title (when the review is due, the cell now).
    pub context: String,
    pub fields: Vec<FormField>,
    pub focus: usize,
    pub saving: bool,
    pub error: Option<String>,
    /// The input the refusal names, marked in the form.
    pub error_field: Option<String>,
}

impl CustodyForm {
    pub fn has_text(&self) -> bool {
        self.fields.iter().any(|f| !f.value.trim().is_empty())
    }
}
