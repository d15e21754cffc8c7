//! The safeguarding desk's pane: one queue of open reports at a time —
//! those awaiting the operator's sign-off first, then referrals whose
//! response is overdue, then the people missing now — loaded a page at a
//! time, each report with its people (flags and all) and its clocks, and
//! the forms worked on the selected report.

use super::desk_form::DeskForm;
use super::list::ListState;
use crate::api::list_sort::ListSort;
use crate::api::safeguarding::{SafeguardingQueue, SafeguardingRow};
use crate::domain::event::{Event, EventDetails};
use crate::domain::safeguarding::{Agency, SafeguardingDetails};

/// The queues, in the order `v` goes through them; None is every open
/// report (those signed off and waiting to be shared or referred among them).
pub const QUEUES: [Option<SafeguardingQueue>; 4] = [
    Some(SafeguardingQueue::AwaitingSignOff),
    Some(SafeguardingQueue::ResponseOverdue),
    Some(SafeguardingQueue::Missing),
    None,
];

/// A queue in the operator's words.
pub fn queue_name(queue: Option<SafeguardingQueue>) -> &'static str {
    let Some(queue) = queue else { return "all open" };
    match queue {
        SafeguardingQueue::AwaitingSignOff => "awaiting my sign-off",
        SafeguardingQueue::SignOffOverdue => "sign-off overdue",
        SafeguardingQueue::AwaitingResponse => "awaiting a response",
        SafeguardingQueue::ResponseOverdue => "referral response overdue",
        SafeguardingQueue::Overdue => "overdue",
        SafeguardingQueue::Missing => "missing now",
        SafeguardingQueue::AtRisk => "at risk",
        SafeguardingQueue::Drafts => "drafts",
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Safeguarding {
    pub queue: Option<SafeguardingQueue>,
    /// The server's order of the queue (`S`): newest or oldest first (an
    /// overdue queue's: the most overdue or the latest due first).
    pub sort: ListSort,
    /// The queue's reports loaded so far, in the server's order.
    pub rows: Vec<SafeguardingRow>,
    /// Where the next page starts; None once the last page is in.
    pub next: Option<String>,
    /// How many more the queue holds beyond the rows loaded, as the
    /// server counted them with the last page.
    pub more: usize,
    /// True when the server stopped counting at `more`: there are at least that many.
    pub more_at_least: bool,
    pub loaded: bool,
    pub loading: bool,
    pub error: Option<String>,
    pub list: ListState,
    /// The newest load asked for: older answers are dropped.
    pub seq: u64,
    /// The partner agencies a report goes to, once asked for.
    pub agencies: Vec<Agency>,
    /// A form closed unsent, resumed by the same key on the same report.
    pub draft: Option<SafeguardingForm>,
}

impl Default for Safeguarding {
    fn default() -> Self {
        Safeguarding {
            queue: QUEUES[0],
            sort: Safeguarding::default_sort(QUEUES[0]),
            rows: Vec::new(),
            next: None,
            more: 0,
            more_at_least: false,
            loaded: false,
            loading: false,
            error: None,
            list: ListState::default(),
            seq: 0,
            agencies: Vec::new(),
            draft: None,
        }
    }
}

impl Safeguarding {
    /// The order as the title says it: an overdue queue is sorted by when
    /// each report fell due.
    pub fn sort_label(&self) -> &'static str {
        match (self.queue.is_some_and(SafeguardingQueue::is_overdue), self.sort) {
            (true, ListSort::Oldest) => "most overdue first",
            (true, ListSort::Newest) => "latest due first",
            (false, sort) => sort.label(),
        }
    }

    /// The order as a query sends it; always said for an overdue queue,
    /// whose server default is the most overdue first.
    pub fn sort_param(&self) -> Option<ListSort> {
        if self.queue.is_some_and(SafeguardingQueue::is_overdue) {
            Some(self.sort)
        } else {
            self.sort.param()
        }
    }

    /// The order a queue opens in: an overdue queue, the most overdue
    /// first; any other, the newest.
    pub fn default_sort(queue: Option<SafeguardingQueue>) -> ListSort {
        if queue.is_some_and(SafeguardingQueue::is_overdue) {
            ListSort::Oldest
        } else {
            ListSort::Newest
        }
    }

    /// The rows the typed filter keeps, in order; in "awaiting my
    /// sign-off" not the `signer`'s own reports, which they may not sign.
    pub fn visible(&self, signer: Option<&str>) -> Vec<&SafeguardingRow> {
        let words: Vec<String> = self.list.filter.split_whitespace().map(str::to_lowercase).collect();
        let mine = |r: &SafeguardingRow| Some(r.event.provenance.entered_by.as_str()) == signer;
        self.rows
            .iter()
            .filter(|r| self.queue != Some(SafeguardingQueue::AwaitingSignOff) || !mine(r))
            .filter(|r| {
                let names: Vec<&str> = r.people.iter().map(|p| p.name.as_str()).collect();
                let category = report(&r.event).map(|d| d.category.label()).unwrap_or_default();
                let text = format!("{} {} {} {}", r.event.reference, r.event.summary, names.join(" "), category)
                    .to_lowercase();
                words.iter().all(|w| text.contains(w.as_str()))
            })
            .collect()
    }

    pub fn row(&self, id: &str) -> Option<&SafeguardingRow> {
        self.rows.iter().find(|r| r.event.id == id)
    }

    /// The report under the selection, if the filter shows it.
    pub fn selected(&self, signer: Option<&str>) -> Option<&SafeguardingRow> {
        let id = self.list.selected.as_deref()?;
        self.visible(signer).into_iter().find(|r| r.event.id == id)
    }
}

/// The report of an event.
pub fn report(event: &Event) -> Option<&SafeguardingDetails> {
    match &event.details {
        EventDetails::Safeguarding(d) => Some(d),
        _ => None,
    }
}

/// What a safeguarding form does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SafeguardingFormKind {
    /// A supervisor signs the report off.
    SignOff,
    /// Refer it formally to a partner agency.
    Refer,
    /// The agency's response to a referral.
    Response,
    /// The missing person found.
    Found,
}

pub type SafeguardingForm = DeskForm<SafeguardingFormKind>;
