//! The crime, intelligence and case desks' requests: what their panes ask the
//! runtime for (`DeskEffect`) and the answers that come back (`DeskReply`,
//! in `Action::Desk`). `desk_runtime.rs` makes the requests.

use crate::api::cases::CtlWatch;
use crate::api::crimes::{CrimeQueuePage, CrimeQueueQuery, CrimeTablesView};
use crate::api::intelligence::{IntelligenceQueue, IntelligenceQueuePage};
use crate::client::ClientError;
use crate::domain::event::Event;

#[derive(Debug, Clone)]
pub enum DeskEffect {
    /// A page of a crime queue (`seq` comes back with it); `append` adds
    /// it to the rows loaded, else it replaces them.
    CrimeQueue { seq: u64, query: CrimeQueueQuery, append: bool },
    /// The counting-rules classes and the outcome types.
    CrimeTables,
    /// The users a crime may be allocated to.
    CrimeOfficers,
    /// A page of an intelligence queue.
    IntelQueue { seq: u64, queue: IntelligenceQueue, after: Option<String>, limit: usize },
    /// One report read whole; `acknowledge` when its reader has just
    /// acknowledged its handling conditions (audited with the read).
    ReadIntel { id: String, acknowledge: bool },
    /// The custody time limits due or expired, for the force's warning days.
    CtlWatch,
}

// A reply is handed on once, never kept: its size costs a move, not memory.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum DeskReply {
    CrimeQueue { seq: u64, append: bool, result: Result<CrimeQueuePage, ClientError> },
    CrimeTables(Result<CrimeTablesView, ClientError>),
    CrimeOfficers(Result<Vec<String>, ClientError>),
    IntelQueue { seq: u64, append: bool, result: Result<IntelligenceQueuePage, ClientError> },
    IntelRead { id: String, result: Result<Event, ClientError> },
    CtlWatch(Result<CtlWatch, ClientError>),
}
