//! The ASB desk's pane: the open cases, by borough, each with its standing
//! (the review trigger met or not) as the server read it; the selected
//! case's linked incidents; the forms worked on it, and the ASB incidents
//! offered to link.

use super::desk_form::DeskForm;
use super::list::ListState;
use crate::api::asb::AsbCaseView;
use crate::api::list_sort::ListSort;
use crate::domain::asb::AsbDetails;
use crate::domain::event::{Event, EventDetails};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Asb {
    /// The server's order within a borough (`S`): newest or oldest first.
    pub sort: ListSort,
    /// Only this borough's cases; every borough's when None.
    pub borough: Option<String>,
    /// The cases loaded so far, by borough, newest first within one.
    pub rows: Vec<AsbCaseView>,
    /// Where the next page starts; None once the last page is in.
    pub next: Option<String>,
    /// How many more cases the server holds beyond the rows loaded, as it
    /// counted them with the last page.
    pub more: usize,
    /// True when the server stopped counting at `more`: there are at least that many.
    pub more_at_least: bool,
    pub loaded: bool,
    pub loading: bool,
    pub error: Option<String>,
    pub list: ListState,
    /// The newest load asked for: older answers are dropped.
    pub seq: u64,
    /// The ASB incidents the link form offers, for the case it is open on.
    pub linkable: Vec<Event>,
    /// A form closed unsent, resumed by the same key on the same case.
    pub draft: Option<AsbForm>,
}

impl Asb {
    /// The rows the typed filter keeps, in order.
    pub fn visible(&self) -> Vec<&AsbCaseView> {
        let words: Vec<String> = self.list.filter.split_whitespace().map(str::to_lowercase).collect();
        self.rows
            .iter()
            .filter(|r| {
                let borough = r.event.borough.as_deref().unwrap_or_default();
                let text = format!("{} {} {borough}", r.event.reference, r.event.summary).to_lowercase();
                words.iter().all(|w| text.contains(w.as_str()))
            })
            .collect()
    }

    pub fn row(&self, id: &str) -> Option<&AsbCaseView> {
        self.rows.iter().find(|r| r.event.id == id)
    }

    /// The case under the selection, if the filter shows it.
    pub fn selected(&self) -> Option<&AsbCaseView> {
        let id = self.list.selected.as_deref()?;
        self.visible().into_iter().find(|r| r.event.id == id)
    }
}

/// The case of an event.
pub fn case(event: &Event) -> Option<&AsbDetails> {
    match &event.details {
        EventDetails::Asb(d) => Some(d),
        _ => None,
    }
}

/// What an ASB form does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsbFormKind {
    /// Link an ASB incident (chosen from the list) or a crime report.
    Link,
    /// Ask for a case review (a supervisor may before the trigger, with why).
    Review,
    /// Record a tool used: a warning letter, a contract, an injunction…
    Action,
}

pub type AsbForm = DeskForm<AsbFormKind>;
