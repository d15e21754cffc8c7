//! The crime desk's pane: one queue of live crimes at a time ("my crimes",
//! "my unit", "unallocated", "awaiting classification", "review due"),
//! loaded a page at a time in the server's order, each row with its
//! clocks; and the forms worked on the selected crime.

use chrono::{DateTime, Utc};

use super::desk_form::DeskForm;
use super::list::ListState;
use crate::api::crimes::{CrimeQueue, CrimeRow, CrimeTablesView};
use crate::api::list_sort::ListSort;
use crate::domain::crime::CrimeDetails;
use crate::domain::event::EventDetails;

/// The queues, in the order `c` goes through them.
pub const QUEUES: [CrimeQueue; 6] = [
    CrimeQueue::Mine,
    CrimeQueue::Unit,
    CrimeQueue::Unallocated,
    CrimeQueue::AwaitingClassification,
    CrimeQueue::ReviewDue,
    CrimeQueue::AwaitingApproval,
];

/// A queue in the operator's words.
pub fn queue_name(queue: CrimeQueue) -> &'static str {
    match queue {
        CrimeQueue::Mine => "my crimes",
        CrimeQueue::Unit => "my unit",
        CrimeQueue::Unallocated => "unallocated",
        CrimeQueue::AwaitingClassification => "awaiting classification",
        CrimeQueue::ReviewDue => "review due",
        CrimeQueue::AwaitingApproval => "awaiting approval",
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Crimes {
    pub queue: CrimeQueue,
    /// The server's order of the queue (`S`): newest or oldest first (by
    /// when due, on the queue of reviews due).
    pub sort: ListSort,
    /// The operator's unit, for "my unit": as set with `u`, or else the
    /// unit of their own newest allocation.
    pub unit: Option<String>,
    /// The queue's rows loaded so far, in the server's order.
    pub rows: Vec<CrimeRow>,
    /// Where the next page starts; None once the last page is in.
    pub next: Option<String>,
    /// How many more the queue holds beyond the rows loaded, as the
    /// server counted them with the last page.
    pub more: usize,
    /// True when the server stopped counting at `more`: there are at least that many.
    pub more_at_least: bool,
    /// When the server read the rows (their clocks are as of then).
    pub at: Option<DateTime<Utc>>,
    pub loaded: bool,
    pub loading: bool,
    pub error: Option<String>,
    pub list: ListState,
    /// The newest load asked for: older answers are dropped.
    pub seq: u64,
    /// The counting-rules classes and outcome types, as the server said.
    pub tables: Option<CrimeTablesView>,
    /// The users a crime may be allocated to, as the server last said.
    pub officers: Vec<String>,
    /// A form closed unsent, resumed by the same key on the same crime.
    pub draft: Option<CrimeForm>,
    /// A person being found in the subject lookup, to link to a crime.
    pub linking: Option<CrimeLinking>,
}

/// The crime a person is being looked up for: the lookup's Enter picks the
/// person (and asks their part) instead of opening their record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrimeLinking {
    pub crime_id: String,
    pub reference: String,
    /// The person picked, once they are.
    pub person_id: Option<String>,
}

impl Crimes {
    /// The order as the title says it: a queue of reviews due is sorted by
    /// when each fell due.
    pub fn sort_label(&self) -> &'static str {
        match (self.queue, self.sort) {
            (CrimeQueue::ReviewDue, ListSort::Oldest) => "most overdue first",
            (CrimeQueue::ReviewDue, ListSort::Newest) => "latest due first",
            (_, sort) => sort.label(),
        }
    }

    /// The order as a query sends it; always said for reviews due, whose
    /// server default is the most overdue first.
    pub fn sort_param(&self) -> Option<ListSort> {
        match self.queue {
            CrimeQueue::ReviewDue => Some(self.sort),
            _ => self.sort.param(),
        }
    }

    /// The order a queue opens in: reviews due, the most overdue first;
    /// any other, the newest.
    pub fn default_sort(queue: CrimeQueue) -> ListSort {
        match queue {
            CrimeQueue::ReviewDue => ListSort::Oldest,
            _ => ListSort::Newest,
        }
    }
}

impl Default for Crimes {
    fn default() -> Self {
        Crimes {
            queue: CrimeQueue::Mine,
            sort: ListSort::Newest,
            unit: None,
            rows: Vec::new(),
            next: None,
            more: 0,
            more_at_least: false,
            at: None,
            loaded: false,
            loading: false,
            error: None,
            list: ListState::default(),
            seq: 0,
            tables: None,
            officers: Vec::new(),
            draft: None,
            linking: None,
        }
    }
}

impl Crimes {
    /// The rows the typed filter keeps, in order.
    pub fn visible(&self) -> Vec<&CrimeRow> {
        let words: Vec<String> = self.list.filter.split_whitespace().map(str::to_lowercase).collect();
        self.rows
            .iter()
            .filter(|r| {
                let Some(d) = details(r) else { return false };
                let text = format!(
                    "{} {} {} {} {}",
                    r.event.reference,
                    d.offence,
                    d.class().map(|c| format!("{} {}", c.code, c.name)).unwrap_or_default(),
                    d.allocation().map(|a| format!("{} {}", a.officer, a.unit)).unwrap_or_default(),
                    r.event.borough.as_deref().unwrap_or("")
                )
                .to_lowercase();
                words.iter().all(|w| text.contains(w.as_str()))
            })
            .collect()
    }

    pub fn row(&self, id: &str) -> Option<&CrimeRow> {
        self.rows.iter().find(|r| r.event.id == id)
    }

    /// The crime under the selection, if the filter shows it.
    pub fn selected(&self) -> Option<&CrimeRow> {
        let id = self.list.selected.as_deref()?;
        self.visible().into_iter().find(|r| r.event.id == id)
    }
}

/// The crime of a row.
pub fn details(row: &CrimeRow) -> Option<&CrimeDetails> {
    match &row.event.details {
        EventDetails::Crime(d) => Some(d),
        _ => None,
    }
}

/// What a crime form does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrimeFormKind {
    /// The officer in the case (from the list) and their unit.
    Allocate,
    Log,
    Classify,
    /// A supervisor's review.
    Review,
    ProposeOutcome,
    /// A supervisor approves the proposed outcome: the crime is finalised.
    ApproveOutcome,
    /// A supervisor sends the proposed outcome back to the investigation.
    ReturnOutcome,
    /// The crime registrar cancels the crime (no crime, transferred, duplicate).
    Cancel,
    /// A person picked in the lookup, with their part on the crime.
    Link,
    /// The operator's own unit, for "my unit" (kept in the console).
    Unit,
}

pub type CrimeForm = DeskForm<CrimeFormKind>;
