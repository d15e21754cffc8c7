//! The crime, intelligence, safeguarding, ASB and case desks' requests: what their panes ask the
//! runtime for (`DeskEffect`) and the answers that come back (`DeskReply`,
//! in `Action::Desk`). `desk_runtime.rs` makes the requests.

use crate::api::asb::{AsbCasesPage, AsbCasesQuery};
use crate::api::cases::CtlWatch;
use crate::api::crimes::{CrimeQueuePage, CrimeQueueQuery, CrimeTablesView};
use crate::api::events::EventPage;
use crate::api::intelligence::{IntelligenceQueue, IntelligenceQueuePage};
use crate::api::safeguarding::{SafeguardingAgenciesView, SafeguardingQueuePage, SafeguardingQueueQuery};
use crate::client::ClientError;
use crate::domain::event::Event;

#[derive(Debug, Clone)]
pub enum DeskEffect {
    /// A page of a crime queue (`seq` comes back with it); `append` adds
    /// it to the rows loaded, else it replaces them.
    CrimeQueue { seq: u64, query: CrimeQueueQuery, append: bool },
    /// One crime's row in a queue (`query.id`), or none if it is not in it.
    CrimeRow { query: CrimeQueueQuery },
    /// The counting-rules classes and the outcome types.
    CrimeTables,
    /// The users a crime may be allocated to.
    CrimeOfficers,
    /// A page of an intelligence queue, or, with `text`, of the reports the
    /// server finds by those words (ranked by it, in place of the queue).
    IntelQueue { seq: u64, queue: IntelligenceQueue, text: Option<String>, after: Option<String>, limit: usize },
    /// One report read whole; `acknowledge` when its reader has just
    /// acknowledged its handling conditions (audited with the read).
    ReadIntel { id: String, acknowledge: bool },
    /// A page of a safeguarding queue.
    SafeguardingQueue { seq: u64, query: SafeguardingQueueQuery, append: bool },
    /// The partner agencies a report goes to.
    SafeguardingAgencies,
    /// A page of ASB cases.
    AsbCases { seq: u64, query: AsbCasesQuery, append: bool },
    /// The latest ASB incidents of a borough, to link one to case `case_id`.
    AsbIncidents { case_id: String, borough: Option<String> },
    /// The custody time limits due or expired, for the force's warning days.
    CtlWatch,
}

// A reply is handed on once, never kept: its size costs a move, not memory.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum DeskReply {
    CrimeQueue { seq: u64, append: bool, result: Result<CrimeQueuePage, ClientError> },
    CrimeRow { query: CrimeQueueQuery, result: Result<CrimeQueuePage, ClientError> },
    CrimeTables(Result<CrimeTablesView, ClientError>),
    CrimeOfficers(Result<Vec<String>, ClientError>),
    IntelQueue { seq: u64, append: bool, result: Result<IntelligenceQueuePage, ClientError> },
    IntelRead { id: String, result: Result<Event, ClientError> },
    SafeguardingQueue { seq: u64, append: bool, result: Result<SafeguardingQueuePage, ClientError> },
    SafeguardingAgencies(Result<SafeguardingAgenciesView, ClientError>),
    AsbCases { seq: u64, append: bool, result: Result<AsbCasesPage, ClientError> },
    AsbIncidents { case_id: String, result: Result<EventPage, ClientError> },
    CtlWatch(Result<CtlWatch, ClientError>),
}
