//! Everything that can happen to the console: commands a key can be bound
//! to (with one registry that help, hints and keymap checks all read), and
//! the results of effects coming back.

use chrono::{DateTime, Utc};

use crate::api::custody::Board;
use crate::api::warrants::{QueuePage, QueueRow};
use crate::api::{Change, EventPage, LoginResponse, Me, Profile, SearchResponse};
use crate::client::{ClientError, ConnectionState};
use crate::domain::event::{Event, EventKind};
use crate::domain::location::Location;

/// A keymap table: `[global]` or one pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    Global,
    Lookup,
    Profile,
    Board,
    Warrants,
    Cases,
    Event,
    Review,
}

impl Scope {
    pub const ALL: [Scope; 8] = [
        Scope::Global,
        Scope::Lookup,
        Scope::Profile,
        Scope::Board,
        Scope::Warrants,
        Scope::Cases,
        Scope::Event,
        Scope::Review,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Scope::Global => "global",
            Scope::Lookup => "lookup",
            Scope::Profile => "profile",
            Scope::Board => "board",
            Scope::Warrants => "warrants",
            Scope::Cases => "cases",
            Scope::Event => "event",
            Scope::Review => "review",
        }
    }

    pub fn from_name(name: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// What a key can be bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Command {
    Quit,
    ForceQuit,
    Help,
    Palette,
    Filter,
    PaneLookup,
    PaneProfile,
    PaneBoard,
    PaneWarrants,
    PaneCases,
    NextPane,
    PrevPane,
    Refresh,
    Back,
    Up,
    Down,
    PageUp,
    PageDown,
    FirstRow,
    LastRow,
    Open,
    FocusSearch,
    ClearSearch,
    NextSuite,
    PrevSuite,
    RecordVisit,
    CycleKind,
    CycleBorough,
    CycleAllocation,
    RecordAttempt,
    CycleStatus,
    CycleOfficer,
    // ---- custody board forms ----
    RecordReview,
    MoveCell,
    // ---- review queue ----
    PaneReview,
    AcceptMatch,
    RejectMatch,
    SplitMatch,
    // ---- warrant queue work ----
    CyclePriority,
    AllocateToMe,
    AllocateWarrant,
    ExecuteWarrant,
    WithdrawWarrant,
    // ---- end of warrant queue work ----
}

/// One registry row: the name used in keymap files, the help line, where
/// it may be bound, and the record kind it writes (for role checks).
#[derive(Debug, Clone, Copy)]
pub struct CommandInfo {
    pub command: Command,
    pub id: &'static str,
    pub doc: &'static str,
    pub scopes: &'static [Scope],
    pub writes: Option<EventKind>,
}

const ANY: &[Scope] = &[Scope::Global];
const LISTS: &[Scope] =
    &[Scope::Global, Scope::Lookup, Scope::Profile, Scope::Board, Scope::Warrants, Scope::Cases, Scope::Review];

const fn info(
    command: Command,
    id: &'static str,
    doc: &'static str,
    scopes: &'static [Scope],
    writes: Option<EventKind>,
) -> CommandInfo {
    CommandInfo { command, id, doc, scopes, writes }
}

/// Every command, in help order.
pub const REGISTRY: &[CommandInfo] = &[
    info(Command::Open, "open", "Open the selected row", LISTS, None),
    info(Command::Up, "up", "Move up", ANY, None),
    info(Command::Down, "down", "Move down", ANY, None),
    info(Command::PageUp, "page_up", "Move up a page", ANY, None),
    info(Command::PageDown, "page_down", "Move down a page", ANY, None),
    info(Command::FirstRow, "first_row", "Go to the first row", ANY, None),
    info(Command::LastRow, "last_row", "Go to the last row", ANY, None),
    info(Command::FocusSearch, "focus_search", "Type in the search box", &[Scope::Lookup], None),
    info(Command::ClearSearch, "clear_search", "Clear the search", &[Scope::Lookup], None),
    info(Command::NextSuite, "next_suite", "Next suite (or all)", &[Scope::Board], None),
    info(Command::PrevSuite, "prev_suite", "Previous suite (or all)", &[Scope::Board], None),
    info(Command::RecordVisit, "record_visit", "Record a cell visit", &[Scope::Board], Some(EventKind::Custody)),
    // ---- custody board forms ----
    info(Command::RecordReview, "record_review", "Record a review", &[Scope::Board], Some(EventKind::Custody)),
    info(Command::MoveCell, "move_cell", "Move to another cell", &[Scope::Board], Some(EventKind::Custody)),
    // ----
    info(Command::CycleKind, "cycle_kind", "Filter by warrant kind", &[Scope::Warrants], None),
    info(Command::CycleBorough, "cycle_borough", "Filter by borough", &[Scope::Warrants], None),
    info(Command::CycleAllocation, "cycle_allocation", "Filter by allocation", &[Scope::Warrants], None),
    info(
        Command::RecordAttempt,
        "record_attempt",
        "Log an attempt to execute",
        &[Scope::Warrants],
        Some(EventKind::Warrant),
    ),
    // ---- warrant queue work ----
    info(Command::CyclePriority, "cycle_priority", "Filter by priority band", &[Scope::Warrants], None),
    info(Command::AllocateToMe, "allocate_to_me", "Allocate to me", &[Scope::Warrants], Some(EventKind::Warrant)),
    info(
        Command::AllocateWarrant,
        "allocate_warrant",
        "Allocate to an officer",
        &[Scope::Warrants],
        Some(EventKind::Warrant),
    ),
    info(Command::ExecuteWarrant, "execute_warrant", "Mark executed", &[Scope::Warrants], Some(EventKind::Warrant)),
    info(
        Command::WithdrawWarrant,
        "withdraw_warrant",
        "Withdraw (with a reason)",
        &[Scope::Warrants],
        Some(EventKind::Warrant),
    ),
    // ---- end of warrant queue work ----
    info(Command::CycleStatus, "cycle_status", "Filter by case status", &[Scope::Cases], None),
    info(Command::CycleOfficer, "cycle_officer", "Filter by officer in case", &[Scope::Cases], None),
    // ---- review queue ----
    info(Command::AcceptMatch, "accept_match", "Merge: the same person", &[Scope::Review], None),
    info(Command::RejectMatch, "reject_match", "Keep apart: two people", &[Scope::Review], None),
    info(Command::SplitMatch, "split_match", "Split a merged pair again", &[Scope::Review], None),
    info(Command::Filter, "filter", "Filter the list", ANY, None),
    info(Command::Refresh, "refresh", "Reload the pane", ANY, None),
    info(Command::Back, "back", "Go back", ANY, None),
    info(Command::PaneLookup, "pane_lookup", "Subject lookup", ANY, None),
    info(Command::PaneProfile, "pane_profile", "Subject profile", ANY, None),
    info(Command::PaneBoard, "pane_board", "Detainee board", ANY, None),
    info(Command::PaneWarrants, "pane_warrants", "Warrant queue", ANY, None),
    info(Command::PaneCases, "pane_cases", "Case status", ANY, None),
    info(Command::PaneReview, "pane_review", "Review queue", ANY, None),
    info(Command::NextPane, "next_pane", "Next pane", ANY, None),
    info(Command::PrevPane, "prev_pane", "Previous pane", ANY, None),
    info(Command::Palette, "palette", "Command palette", ANY, None),
    info(Command::Help, "help", "Show these keys", ANY, None),
    info(Command::Quit, "quit", "Quit (asks if unsaved)", ANY, None),
    info(Command::ForceQuit, "force_quit", "Quit at once", ANY, None),
];

impl Command {
    pub fn info(self) -> &'static CommandInfo {
        // Every command has a row; the test below keeps it so.
        REGISTRY.iter().find(|i| i.command == self).unwrap_or(&REGISTRY[0])
    }

    pub fn id(self) -> &'static str {
        self.info().id
    }

    pub fn from_id(id: &str) -> Option<Command> {
        REGISTRY.iter().find(|i| i.id == id).map(|i| i.command)
    }

    /// May this command be bound in `scope`? Commands allowed in `[global]`
    /// may be rebound in any pane.
    pub fn allowed_in(self, scope: Scope) -> bool {
        let scopes = self.info().scopes;
        scopes.contains(&scope) || scopes.contains(&Scope::Global)
    }
}

/// The palette's commands in help order, for help and for the error that
/// lists them when one is mistyped.
pub const PALETTE_COMMANDS: &[(&str, &str)] = &[
    ("subject TEXT", "look a subject up (also :s, :lookup)"),
    ("custody [SUITE]", "detainee board, one suite or all (also :board)"),
    ("warrants [BOROUGH]", "warrant queue, optionally one borough"),
    ("cases [TEXT]", "case status, optionally filtered"),
    ("profile", "the open subject profile"),
    ("review", "the review queue of possible matches"),
    ("split SOURCE REF", "take a merged record back out of its person"),
    ("refresh", "reload the current pane"),
    ("help", "the keys of this pane"),
    ("quit", "quit"),
];

/// A text edit applied to whichever input has the focus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    Insert(char),
    Backspace,
    DeleteWord,
    Clear,
}

/// A message from the live stream.
#[derive(Debug, Clone, PartialEq)]
pub enum Live {
    Change(Change),
    State(ConnectionState),
    /// The stream gave up, or sent something unreadable.
    Failed(ClientError),
}

/// Which list a page of events was loaded for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
/// (The warrant queue is paged by the server: `QueueLoaded`.)
pub enum ListId {
    Board,
    Cases,
}

impl ListId {
    pub fn kind(self) -> EventKind {
        match self {
            ListId::Board => EventKind::Custody,
            ListId::Cases => EventKind::Case,
        }
    }

    /// The reason recorded in the audit when the list is read.
    pub fn reason(self) -> &'static str {
        match self {
            ListId::Board => "Custody board in the console",
            ListId::Cases => "Case status in the console",
        }
    }
}

#[derive(Debug, Clone)]
pub enum Action {
    Command(Command),
    /// A palette command line (without the leading `:`).
    Run(String),
    Edit(Edit),
    /// Enter in an input or dialog.
    Submit,
    /// Esc in an input or dialog.
    Cancel,
    /// Up/Down (or Tab) inside a dialog: quick-pick, login field.
    Pick(i32),
    Tick(DateTime<Utc>),
    Resize(u16, u16),
    LoggedIn(Result<LoginResponse, ClientError>),
    SessionChecked(Result<Me, ClientError>),
    SearchDone {
        seq: u64,
        result: Result<SearchResponse, ClientError>,
    },
    ProfileLoaded {
        person_id: String,
        result: Result<Profile, ClientError>,
    },
    EventLoaded(Result<Event, ClientError>),
    ListLoaded {
        list: ListId,
        result: Result<EventPage, ClientError>,
    },
    SuitesLoaded(Result<Vec<Location>, ClientError>),
    /// A single record re-read after a live change.
    Refreshed {
        kind: EventKind,
        id: String,
        result: Result<Event, ClientError>,
    },
    /// The custody board in one reply: every open record with its
    /// detainee's warning markers.
    BoardLoaded(Result<Board, ClientError>),
    /// The server's answer to a lifecycle action on record `id` of `kind`.
    Saved {
        kind: EventKind,
        id: String,
        what: String,
        result: Result<Event, ClientError>,
    },
    Live(Live),
    // ---- review queue ----
    /// The first open pairs (highest scores first), and how many are open in all.
    ReviewLoaded(Result<(Vec<crate::api::linkage::ReviewPair>, usize), ClientError>),
    /// The server's answer to a review decision: what became of the row.
    Decided {
        decision: super::state::Decision,
        source: String,
        source_ref: String,
        result: Result<String, ClientError>,
    },
    /// A page of the warrant queue: the first (replacing) or the next (appended).
    QueueLoaded {
        seq: u64,
        append: bool,
        result: Result<QueuePage, ClientError>,
    },
    /// One warrant's row (None when it is not in the queue) and the queue's total.
    QueueRowLoaded {
        seq: u64,
        id: String,
        result: Result<(Option<QueueRow>, usize), ClientError>,
    },
}

impl Action {
    /// The operator did something (a key): the console is in use.
    pub fn is_input(&self) -> bool {
        matches!(
            self,
            Action::Command(_) | Action::Run(_) | Action::Edit(_) | Action::Submit | Action::Cancel | Action::Pick(_)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_is_complete_and_unique() {
        let mut ids: Vec<&str> = REGISTRY.iter().map(|i| i.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), REGISTRY.len());
        for info in REGISTRY {
            assert_eq!(info.command.info().id, info.id);
            assert_eq!(Command::from_id(info.id), Some(info.command));
        }
    }
}
