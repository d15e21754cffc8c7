//! The intelligence desk's pane: one queue of reports at a time — the
//! evaluation queue first (submitted, highest priority then the longest
//! waiting) — loaded a page at a time, the reports opened in full (their
//! handling conditions acknowledged where they have any), and the forms
//! worked on the selected report.

use super::desk_form::DeskForm;
use super::list::ListState;
use crate::api::intelligence::IntelligenceQueue;
use crate::api::list_sort::ListSort;
use crate::domain::event::{Event, EventDetails};
use crate::domain::intelligence::IntelligenceDetails;

/// The queues, in the order `v` goes through them.
pub const QUEUES: [IntelligenceQueue; 5] = [
    IntelligenceQueue::Evaluation,
    IntelligenceQueue::Sanitisation,
    IntelligenceQueue::Dissemination,
    IntelligenceQueue::MyDrafts,
    IntelligenceQueue::RetentionDue,
];

/// A queue in the operator's words.
pub fn queue_name(queue: IntelligenceQueue) -> &'static str {
    match queue {
        IntelligenceQueue::Evaluation => "evaluation",
        IntelligenceQueue::Sanitisation => "sanitisation",
        IntelligenceQueue::Dissemination => "dissemination",
        IntelligenceQueue::MyDrafts => "my drafts",
        IntelligenceQueue::RetentionDue => "retention review due",
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Intelligence {
    pub queue: IntelligenceQueue,
    /// The server's order of the queues that take one (`o`): newest or
    /// oldest first. The evaluation queue keeps its own.
    pub sort: ListSort,
    /// The queue's reports loaded so far, as the role may see them, in the
    /// server's order.
    pub rows: Vec<Event>,
    /// Where the next page starts; None once the last page is in.
    pub next: Option<String>,
    /// How many more the queue holds beyond the rows loaded.
    pub more: usize,
    /// True when the server stopped counting at `more`: there are at least that many.
    pub more_at_least: bool,
    pub loaded: bool,
    pub loading: bool,
    pub error: Option<String>,
    pub list: ListState,
    /// The newest load asked for: older answers are dropped.
    pub seq: u64,
    /// Reports read whole in this session (a handling code C one only once
    /// its conditions were acknowledged), by id: their text is shown.
    pub opened: Vec<Event>,
    /// A form closed unsent, resumed by the same key on the same report.
    pub draft: Option<IntelForm>,
}

impl Default for Intelligence {
    fn default() -> Self {
        Intelligence {
            queue: IntelligenceQueue::Evaluation,
            sort: ListSort::Newest,
            rows: Vec::new(),
            next: None,
            more: 0,
            more_at_least: false,
            loaded: false,
            loading: false,
            error: None,
            list: ListState::default(),
            seq: 0,
            opened: Vec::new(),
            draft: None,
        }
    }
}

impl Intelligence {
    /// The order asked of the server: none for the evaluation queue, which
    /// keeps its own, nor for the default; always said for retention
    /// reviews, whose server default is the most overdue first.
    pub fn sort_param(&self) -> Option<ListSort> {
        match self.queue {
            IntelligenceQueue::Evaluation => None,
            IntelligenceQueue::RetentionDue => Some(self.sort),
            _ => self.sort.param(),
        }
    }

    /// The order as the title says it.
    pub fn order_label(&self) -> &'static str {
        match (self.queue, self.sort) {
            (IntelligenceQueue::Evaluation, _) => "by priority",
            (IntelligenceQueue::RetentionDue, ListSort::Oldest) => "most overdue first",
            (IntelligenceQueue::RetentionDue, ListSort::Newest) => "latest due first",
            (_, sort) => sort.label(),
        }
    }

    /// The order a queue opens in: retention reviews, the most overdue
    /// first; any other, the newest (the evaluation queue ignores it).
    pub fn default_sort(queue: IntelligenceQueue) -> ListSort {
        match queue {
            IntelligenceQueue::RetentionDue => ListSort::Oldest,
            _ => ListSort::Newest,
        }
    }

    /// The rows, in the server's order: the queue's, or, while words are
    /// typed in the filter, the reports the server finds by them.
    pub fn visible(&self) -> Vec<&Event> {
        self.rows.iter().collect()
    }

    /// The words the server is asked to find, if any are typed.
    pub fn search(&self) -> Option<String> {
        Some(self.list.filter.trim().to_string()).filter(|w| !w.is_empty())
    }

    pub fn row(&self, id: &str) -> Option<&Event> {
        self.rows.iter().find(|e| e.id == id)
    }

    /// The report under the selection, if the filter shows it.
    pub fn selected(&self) -> Option<&Event> {
        let id = self.list.selected.as_deref()?;
        self.visible().into_iter().find(|e| e.id == id)
    }

    /// The report as read whole, if it was (at its newest version).
    pub fn opened(&self, id: &str) -> Option<&Event> {
        let newest = self.row(id).map(|e| e.version).unwrap_or(0);
        self.opened.iter().find(|e| e.id == id && e.version >= newest)
    }
}

/// The report of an event.
pub fn report(event: &Event) -> Option<&IntelligenceDetails> {
    match &event.details {
        EventDetails::Intelligence(d) => Some(d),
        _ => None,
    }
}

/// What an intelligence form does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntelFormKind {
    /// Grade 3x5x2 beside the submitter's grading.
    Evaluate,
    /// Approve the text that may be disseminated.
    Sanitise,
    /// Send the sanitised report to recipients, for a purpose.
    Disseminate,
    /// Acknowledge a handling code C report's conditions, to read it.
    Acknowledge,
    /// The author changes their draft.
    Revise,
    /// The author sends their draft for evaluation.
    Submit,
    /// An intelligence officer sends a submitted report back to its author.
    Return,
    /// An intelligence officer decides whether the report is still needed.
    Retention,
}

pub type IntelForm = DeskForm<IntelFormKind>;
