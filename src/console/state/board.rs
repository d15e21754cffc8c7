//! The detainee board's state: the suites, the open custody records, and
//! the custody forms written on it.

use super::form::FormField;
use super::list::Rows;
use crate::api::custody::MatchCandidate;
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
    /// The lookup is finding the person to book in: Enter there picks them.
    pub finding: bool,
}

/// What a custody form records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustodyFormKind {
    /// A visit at a level that needs rousing: whether it worked, and notes.
    Visit,
    Review,
    CellMove,
    /// A new detention: the person (found through the lookup, or new), the
    /// arrest, and the suite and cell.
    BookIn,
    RiskAssessment,
    /// Rights given, or one delayed on a superintendent's authority.
    Rights,
    AppropriateAdult,
    /// Charged: the case opened, remanded or bailed to court.
    Charge,
    /// Released with its outcome: pre-charge bail with its terms, under
    /// investigation, no further action, a caution…
    Release,
}

impl CustodyFormKind {
    /// Whether it opens a record rather than acting on one on the board.
    pub fn opens_record(self) -> bool {
        self == CustodyFormKind::BookIn
    }
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
    /// A booking in of someone on record: their person id and name.
    pub person: Option<(String, String)>,
    /// A new person the server found close matches for: the people to
    /// check, one of whom the form's `match` input may pick.
    pub candidates: Vec<MatchCandidate>,
    /// Something was typed: a form of only what it started with (the
    /// times now, the offences booked in) is not kept as a draft.
    pub touched: bool,
}

impl CustodyForm {
    /// A form with nothing typed yet, its first input focused.
    pub fn new(
        kind: CustodyFormKind,
        record_id: String,
        title: String,
        context: String,
        fields: Vec<FormField>,
    ) -> CustodyForm {
        CustodyForm {
            kind,
            record_id,
            title,
            context,
            fields,
            focus: 0,
            saving: false,
            error: None,
            error_field: None,
            person: None,
            candidates: Vec::new(),
            touched: false,
        }
    }

    pub fn has_text(&self) -> bool {
        self.touched && self.fields.iter().any(|f| !f.value.trim().is_empty())
    }
}
