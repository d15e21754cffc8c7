//! Everything that can happen to the console: commands a key can be bound
//! to (the shared ones described here; each pane describes its own, and
//! `update/registry.rs` puts them all in help order for keymaps, hints and
//! help), and the results of effects coming back.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use super::state::PaneId;
use crate::api::custody::Board;
use crate::api::incidents::{IncidentBoard, IncidentRow};
use crate::api::warrants::{QueuePage, QueueRow};
use crate::api::{Change, EventPage, LoginResponse, Me, Profile, SearchResponse};
use crate::client::{ClientError, ConnectionState};
use crate::domain::event::{Event, EventKind};
use crate::domain::location::Location;

/// A keymap table: `[global]` or one pane's (named like the pane).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    Global,
    Pane(PaneId),
}

impl Scope {
    pub fn name(self) -> &'static str {
        match self {
            Scope::Global => "global",
            Scope::Pane(pane) => pane.name(),
        }
    }
}

/// What a key can be bound to: a command every pane shares, the key of a
/// pane's tab, or a command of one pane's own (declared with the pane, in
/// its `About`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Command {
    Quit,
    ForceQuit,
    Help,
    Palette,
    Filter,
    /// Clears every filter of the pane on screen.
    ClearFilters,
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
    /// Switch to this pane: its tab's key, `pane_NAME` in keymaps.
    Show(PaneId),
    /// A command of one pane's own, by the name keymaps give it; the pane
    /// names it once as a constant and matches on that.
    Own(&'static str),
}

impl Command {
    /// Its name in keymap files.
    pub fn id(self) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            Command::Quit => "quit",
            Command::ForceQuit => "force_quit",
            Command::Help => "help",
            Command::Palette => "palette",
            Command::Filter => "filter",
            Command::ClearFilters => "clear_filters",
            Command::NextPane => "next_pane",
            Command::PrevPane => "prev_pane",
            Command::Refresh => "refresh",
            Command::Back => "back",
            Command::Up => "up",
            Command::Down => "down",
            Command::PageUp => "page_up",
            Command::PageDown => "page_down",
            Command::FirstRow => "first_row",
            Command::LastRow => "last_row",
            Command::Open => "open",
            Command::Show(pane) => return Cow::Owned(format!("pane_{}", pane.name())),
            Command::Own(id) => id,
        })
    }
}

/// A command as help shows it: its line, and the record kind it writes
/// (for role checks). A pane's own commands carry their keys in the
/// built-in default keymap, in the pane's table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CommandInfo {
    pub command: Command,
    pub doc: &'static str,
    pub writes: Option<EventKind>,
    pub keys: &'static [&'static str],
}

impl CommandInfo {
    /// `command`, described for help, with its default keys.
    pub const fn new(command: Command, doc: &'static str, keys: &'static [&'static str]) -> CommandInfo {
        CommandInfo { command, doc, writes: None, keys }
    }

    /// A command that writes records of `kind` (help leaves it out for a
    /// role that may not).
    pub const fn writes(self, kind: EventKind) -> CommandInfo {
        CommandInfo { writes: Some(kind), ..self }
    }
}

const fn shared(command: Command, doc: &'static str) -> CommandInfo {
    CommandInfo::new(command, doc, &[])
}

// The shared commands, in three runs: help lists the moves, then each
// pane's own commands, then the pane's work, then each pane's tab, then
// the rest (`update/registry.rs` puts them together). Their keys are in
// `keymaps/default.toml`.

/// Moving in a list and opening its row.
pub const MOVES: &[CommandInfo] = &[
    shared(Command::Open, "Open the selected row"),
    shared(Command::Up, "Move up"),
    shared(Command::Down, "Move down"),
    shared(Command::PageUp, "Move up a page"),
    shared(Command::PageDown, "Move down a page"),
    shared(Command::FirstRow, "Go to the first row"),
    shared(Command::LastRow, "Go to the last row"),
];

/// What every pane does its way: filter, reload, go back.
pub const PANE_WORK: &[CommandInfo] = &[
    shared(Command::Filter, "Filter the list"),
    shared(Command::ClearFilters, "Clear every filter"),
    shared(Command::Refresh, "Reload the pane"),
    shared(Command::Back, "Go back"),
];

/// The console itself: panes, palette, help, quit.
pub const CONSOLE: &[CommandInfo] = &[
    shared(Command::NextPane, "Next pane"),
    shared(Command::PrevPane, "Previous pane"),
    shared(Command::Palette, "Command palette"),
    shared(Command::Help, "Show these keys"),
    shared(Command::Quit, "Quit (asks if unsaved)"),
    shared(Command::ForceQuit, "Quit at once"),
];

/// The palette's words of the console's own, after the panes' (each pane
/// gives its own in its `About`): `(usage, what it does)`.
pub const CONSOLE_PALETTE: &[(&str, &str)] = &[
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
    /// The Delete key: in a filter's picker it clears the filter.
    Delete,
}

/// A message from the live stream.
#[derive(Debug, Clone, PartialEq)]
pub enum Live {
    /// The stream of subscription `subscription` delivers every change
    /// after `from` (told once, before any change it brings).
    Started {
        subscription: u64,
        from: i64,
    },
    Change(Change),
    State(ConnectionState),
    /// The stream gave up, or sent something unreadable.
    Failed(ClientError),
}

/// Which list a page of events was loaded for. (The warrant queue is
/// paged by the server: `QueueLoaded`.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListId {
    /// The detainee board, read whole with its markers (`BoardLoaded`).
    Board,
    /// Every open record of one kind, read page by page with the reason
    /// recorded in the audit (a pane names its list once as a constant).
    Events { kind: EventKind, reason: &'static str },
}

impl ListId {
    pub fn kind(self) -> EventKind {
        match self {
            ListId::Board => EventKind::Custody,
            ListId::Events { kind, .. } => kind,
        }
    }

    /// The reason recorded in the audit when the list is read.
    pub fn reason(self) -> &'static str {
        match self {
            ListId::Board => "Custody board in the console",
            ListId::Events { reason, .. } => reason,
        }
    }
}

#[derive(Debug)]
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
    /// Tab in the command palette: complete the word being typed.
    Complete,
    /// A mouse click on a tab or a row.
    Click(super::hits::Target),
    /// A letter no key is bound to, typed over a list: it enters the
    /// pane's box (its search, its filter) and is typed there.
    TypeAhead(char),
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
    /// A vehicle's, phone's or place's profile; with `after`, the page of
    /// its timeline that follows the one shown.
    EntityLoaded {
        target: super::state::EntityTarget,
        after: Option<String>,
        result: Result<super::state::EntityProfile, ClientError>,
    },
    EventLoaded(Result<crate::api::EventRecord, ClientError>),
    ListLoaded {
        list: ListId,
        result: Result<EventPage, ClientError>,
    },
    SuitesLoaded(Result<Vec<Location>, ClientError>),
    /// The users a warrant may be allocated to.
    OfficersLoaded(Result<Vec<String>, ClientError>),
    /// A single record re-read after a live change.
    Refreshed {
        kind: EventKind,
        id: String,
        result: Result<Event, ClientError>,
    },
    /// The record open in the record view re-read with its links.
    RecordRefreshed {
        kind: EventKind,
        id: String,
        result: Result<crate::api::EventRecord, ClientError>,
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
    // ---- incidents ----
    /// The open incidents, most urgent first, with their people.
    IncidentsLoaded(Result<IncidentBoard, ClientError>),
    /// One incident's row (None when it is no longer open).
    IncidentRowLoaded {
        id: String,
        result: Result<Option<IncidentRow>, ClientError>,
    },
    /// The server's answer to a new incident.
    IncidentOpened(Result<Event, ClientError>),
    /// The answer to a desk's read, for the pane that asked (`desks.rs`).
    Desk(super::desks::DeskReply),
    /// The server's answer to a booking in.
    BookedIn(Result<crate::client::Booking, ClientError>),
}

impl Action {
    /// The answer to a desk's read, of its pane's own type.
    pub fn desk<T: std::any::Any + Send>(reply: T) -> Action {
        Action::Desk(super::desks::DeskReply::new(reply))
    }

    /// The answer to a desk's read, if it is one of type `T`; else itself.
    // The action is handed on at once, never kept: its size costs a move.
    #[allow(clippy::result_large_err)]
    pub fn desk_reply<T: std::any::Any>(self) -> Result<T, Action> {
        match self {
            Action::Desk(reply) => reply.take().map_err(Action::Desk),
            other => Err(other),
        }
    }

    /// The operator did something (a key): the console is in use.
    pub fn is_input(&self) -> bool {
        matches!(
            self,
            Action::Command(_)
                | Action::Run(_)
                | Action::Edit(_)
                | Action::Submit
                | Action::Cancel
                | Action::Pick(_)
                | Action::Complete
                | Action::Click(_)
                | Action::TypeAhead(_)
        )
    }
}
