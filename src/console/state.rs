//! The console's state: plain data, no I/O. A selection is a record id,
//! never a row index, so a live update cannot move the operator onto
//! another person.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::action::Scope;
use crate::api::warrants::QueueRow;
use crate::api::{Profile, SubjectHit};
use crate::client::ConnectionState;
use crate::domain::event::{CaseStatus, Event, WarrantKind};
use crate::domain::location::Location;
use crate::domain::person::Flags;
use crate::domain::priority::Bands;
use crate::domain::role::Roles;

/// How long a changed row stays marked.
pub const CHANGED_MARK_SECONDS: i64 = 3;
/// How many recent reasons for access the quick-pick offers.
pub const RECENT_REASONS: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Login,
    Main,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaneId {
    Lookup,
    Profile,
    Board,
    Warrants,
    Cases,
    /// One record opened from a list or a timeline.
    Event,
    /// Possible matches waiting for a reviewer.
    Review,
}

impl PaneId {
    /// The panes with a key of their own, in tab order.
    pub const MAIN: [PaneId; 6] =
        [PaneId::Lookup, PaneId::Profile, PaneId::Board, PaneId::Warrants, PaneId::Cases, PaneId::Review];

    pub fn scope(self) -> Scope {
        match self {
            PaneId::Lookup => Scope::Lookup,
            PaneId::Profile => Scope::Profile,
            PaneId::Board => Scope::Board,
            PaneId::Warrants => Scope::Warrants,
            PaneId::Cases => Scope::Cases,
            PaneId::Event => Scope::Event,
            PaneId::Review => Scope::Review,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            PaneId::Lookup => "Lookup",
            PaneId::Profile => "Profile",
            PaneId::Board => "Custody",
            PaneId::Warrants => "Warrants",
            PaneId::Cases => "Cases",
            PaneId::Event => "Record",
            PaneId::Review => "Review",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub username: String,
    pub roles: Roles,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LoginField {
    #[default]
    Username,
    Password,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoginForm {
    pub username: String,
    pub password: String,
    pub field: LoginField,
    pub busy: bool,
    pub error: Option<String>,
    /// Why the login screen is showing (an expired session, say).
    pub notice: Option<String>,
}

/// A dialog over the panes; it takes the keys while open.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Overlay {
    #[default]
    None,
    Help,
    Palette {
        input: String,
        error: Option<String>,
    },
    Reason(ReasonPrompt),
    Note(NoteInput),
    /// A review or cell move recorded from the detainee board.
    Custody(CustodyForm),
    /// Allocate, execute or withdraw a warrant.
    WarrantForm(WarrantForm),
    ConfirmQuit,
    /// The reason for a review decision (merge, keep apart, split).
    Decide(super::review::DecisionPrompt),
}

/// Asking why the operator opens a person's record (it is audited).
#[derive(Debug, Clone, PartialEq)]
pub struct ReasonPrompt {
    pub person_id: String,
    pub name: String,
    pub input: String,
    /// Index into the recent reasons, when one is picked.
    pub pick: Option<usize>,
}

/// A note being written: an attempt to execute a warrant.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteInput {
    pub record_id: String,
    pub title: String,
    pub text: String,
    pub saving: bool,
    pub error: Option<String>,
}

// ---- custody forms on the board -------------------------------------------

/// What a custody form records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustodyFormKind {
    /// A visit at a level that needs rousing: whether it worked, and notes.
    Visit,
    Review,
    CellMove,
}

/// One input of a form (custody and warrant forms alike). `name` is the
/// field's name in the API action, so a refusal naming `action.cell` lands
/// on that input.
#[derive(Debug, Clone, PartialEq)]
pub struct FormField {
    pub name: &'static str,
    pub label: &'static str,
    pub value: String,
    pub required: bool,
    /// A short hint shown beside the input (empty for none).
    pub hint: &'static str,
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

/// One list's view state: the selected id and the scroll position.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListState {
    pub selected: Option<String>,
    /// Where the selection was, to land near it if its row goes away.
    pub last_index: usize,
    /// The first row shown.
    pub offset: usize,
    pub filter: String,
    pub filter_editing: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LookupFocus {
    #[default]
    Input,
    List,
}

#[derive(Debug, Clone, Default)]
pub struct Lookup {
    pub query: String,
    pub focus: LookupFocus,
    pub hits: Vec<SubjectHit>,
    pub list: ListState,
    /// Sequence number of the newest search asked for, and of the one shown.
    pub issued: u64,
    pub shown: u64,
    /// The query the shown hits answer.
    pub answered: String,
    pub error: Option<String>,
}

impl Lookup {
    pub fn searching(&self) -> bool {
        self.issued > self.shown
    }
}

#[derive(Debug, Clone, Default)]
pub struct ProfileView {
    pub person_id: Option<String>,
    pub name: String,
    pub reason: Option<String>,
    pub profile: Option<Profile>,
    pub loading: bool,
    pub error: Option<String>,
    /// The timeline: selection by entry id.
    pub list: ListState,
}

/// A list of events loaded from one collection.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rows {
    pub items: Vec<Event>,
    /// More records are open than were loaded (the newest are): the list
    /// is not whole, and says so.
    pub partial: bool,
    pub loaded: bool,
    pub loading: bool,
    /// Records that changed while a load was on its way: the load may have
    /// been read before them, so they are kept and read again when it lands.
    pub touched_while_loading: Vec<String>,
    pub error: Option<String>,
    pub list: ListState,
}

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Allocation {
    #[default]
    All,
    Allocated,
    Unallocated,
    /// Allocated to the operator.
    Mine,
}

/// The warrant queue as the server orders it, loaded a page at a time.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueueRows {
    pub items: Vec<QueueRow>,
    /// Outstanding warrants matching the filters, loaded or not.
    pub total: usize,
    /// Where the next page starts; None once the last page is in.
    pub next: Option<String>,
    pub loaded: bool,
    pub loading: bool,
    pub error: Option<String>,
    pub list: ListState,
    /// The newest load asked for: older answers are dropped.
    pub seq: u64,
    /// Something changed while a load was out: load again when it lands.
    pub again: bool,
    /// The filters changed since the rows were loaded: the next answer is
    /// another list, not news of changed warrants.
    pub refiltered: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Warrants {
    pub kind: Option<WarrantKind>,
    pub borough: Option<String>,
    pub allocation: Allocation,
    /// The lowest priority score shown (a band's floor), or all.
    pub min_priority: Option<i32>,
    /// The bands scores are read in, as the server last said.
    pub bands: Bands,
    pub rows: QueueRows,
    /// An attempt note kept when its dialog was closed unsent.
    pub draft: Option<NoteInput>,
    /// A warrant form kept when it was closed unsent.
    pub form_draft: Option<WarrantForm>,
}

// ---- warrant forms ----------------------------------------------------------

/// What a warrant form does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarrantFormKind {
    Allocate,
    Execute,
    Withdraw,
}

/// A form for one lifecycle action on one warrant. Its input stays while
/// it is saving and after a refusal, so nothing typed is lost.
#[derive(Debug, Clone, PartialEq)]
pub struct WarrantForm {
    pub kind: WarrantFormKind,
    pub record_id: String,
    pub title: String,
    pub fields: Vec<FormField>,
    pub focus: usize,
    pub saving: bool,
    pub error: Option<String>,
    /// The field the error is about, by key.
    pub error_field: Option<String>,
    /// The operator has typed in it (prefilled values alone do not count).
    pub touched: bool,
}

impl WarrantForm {
    pub fn value(&self, key: &str) -> &str {
        self.fields.iter().find(|f| f.name == key).map(|f| f.value.as_str()).unwrap_or("")
    }
}

// ---- end of warrant forms -----------------------------------------------------

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cases {
    pub status: Option<CaseStatus>,
    pub officer: Option<String>,
    pub rows: Rows,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EventView {
    pub event: Event,
    pub return_to: PaneId,
    pub scroll: u16,
}

/// What the search knows of a person shown on a board or queue.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Brief {
    /// The detainee's name as the board had it (empty until known).
    pub name: String,
    pub markers: Vec<String>,
    pub flags: Flags,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LiveStatus {
    pub connection: ConnectionState,
    pub last_event_id: Option<i64>,
    /// When the data on screen was last known current.
    pub updated_at: Option<DateTime<Utc>>,
    /// Whether the stream was ever connected (before that, nothing is stale).
    pub ever_connected: bool,
}

impl Default for LiveStatus {
    fn default() -> Self {
        Self { connection: ConnectionState::Connecting, last_event_id: None, updated_at: None, ever_connected: false }
    }
}

impl LiveStatus {
    /// The panes may be out of date: the stream is down.
    pub fn stale(&self) -> bool {
        self.ever_connected && self.connection != ConnectionState::Connected
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub text: String,
    pub level: Level,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct State {
    /// The clock every pane reads; set by ticks, so tests inject it.
    pub now: DateTime<Utc>,
    pub size: (u16, u16),
    pub server: String,
    pub screen: Screen,
    pub pane: PaneId,
    pub overlay: Overlay,
    pub session: Option<Session>,
    pub login: LoginForm,
    pub lookup: Lookup,
    pub profile: ProfileView,
    pub board: Board,
    pub warrants: Warrants,
    pub cases: Cases,
    pub event: Option<EventView>,
    pub review: super::review::ReviewQueue,
    pub people: HashMap<String, Brief>,
    /// Records changed recently, by id, with when.
    pub changed: HashMap<String, DateTime<Utc>>,
    pub live: LiveStatus,
    pub message: Option<Message>,
    pub recent_reasons: Vec<String>,
    pub writes_in_flight: usize,
    pub quit: bool,
}

impl State {
    pub fn new(server: &str, now: DateTime<Utc>) -> State {
        State {
            now,
            size: (80, 24),
            server: server.to_string(),
            screen: Screen::Login,
            pane: PaneId::Lookup,
            overlay: Overlay::None,
            session: None,
            login: LoginForm::default(),
            lookup: Lookup::default(),
            profile: ProfileView::default(),
            board: Board::default(),
            warrants: Warrants::default(),
            cases: Cases::default(),
            event: None,
            review: Default::default(),
            people: HashMap::new(),
            changed: HashMap::new(),
            live: LiveStatus::default(),
            message: None,
            recent_reasons: Vec::new(),
            writes_in_flight: 0,
            quit: false,
        }
    }

    /// Whether the record was changed moments ago (to mark its row).
    pub fn recently_changed(&self, id: &str) -> bool {
        self.changed.get(id).is_some_and(|at| (self.now - *at).num_seconds() < CHANGED_MARK_SECONDS)
    }

    pub fn roles(&self) -> Roles {
        self.session.as_ref().map(|s| s.roles.clone()).unwrap_or_default()
    }

    /// Something would be lost by quitting now.
    pub fn has_unsaved_work(&self) -> bool {
        self.writes_in_flight > 0
            || self.warrants.draft.as_ref().is_some_and(|d| !d.text.trim().is_empty())
            || matches!(&self.overlay, Overlay::Note(n) if !n.text.trim().is_empty())
            || self.board.draft.as_ref().is_some_and(CustodyForm::has_text)
            || matches!(&self.overlay, Overlay::Custody(f) if f.has_text())
            || matches!(&self.overlay, Overlay::WarrantForm(f) if f.saving)
            || self.warrants.form_draft.as_ref().is_some_and(|f| f.touched)
    }
}
