//! The console's state: plain data, no I/O. A selection is a record id,
//! never a row index, so a live update cannot move the operator onto
//! another person. Each pane's own state is in a file of its own here.

pub mod asb;
pub mod bail;
mod board;
mod cases;
pub mod crimes;
pub mod desk_form;
mod entity;
mod event;
mod form;
pub mod incidents;
pub mod intelligence;
mod list;
mod lookup;
mod palette;
mod pane_form;
mod picker;
mod profile;
mod review;
pub mod safeguarding;
mod warrants;

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::api::EventRecord;
use crate::client::ConnectionState;
use crate::domain::event::Event;
use crate::domain::person::Flags;
use crate::domain::role::Roles;

pub use board::{Board, CustodyForm, CustodyFormKind};
pub use cases::{CaseSort, CaseView, Cases};
pub use entity::{EntityKind, EntityProfile, EntityTarget, MORE_ROW, WITHHELD_ROW};
pub use event::{links_of, RecordLink};
pub use form::FormField;
pub use list::{ListState, Rows};
pub use lookup::{Lookup, LookupFocus, LookupRow, ReasonPrompt, SHOWN as LOOKUP_SHOWN};
pub use palette::PaletteMemory;
pub use pane_form::PaneForm;
pub use picker::{Picked, Picker};
pub use profile::ProfileView;
pub use review::{Decision, DecisionPrompt, ReviewQueue};
pub use warrants::{Allocation, NoteInput, QueueRows, WarrantForm, WarrantFormKind, Warrants};

/// How long a changed row stays marked.
pub const CHANGED_MARK_SECONDS: i64 = 3;
/// How many recent reasons for access the quick-pick offers.
pub const RECENT_REASONS: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Screen {
    #[default]
    Login,
    Main,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub username: String,
    pub roles: Roles,
    pub expires_at: DateTime<Utc>,
    /// The console locks after this long without a key pressed (the
    /// server's idle timeout, which live updates alone would never reach).
    pub idle_timeout: chrono::Duration,
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
    /// Whose session ended here: the panes and drafts on screen are theirs,
    /// kept for them and cleared for anyone else who logs in.
    pub previous_user: Option<String>,
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
    /// A custody form from the detainee board: a booking in, a visit, a
    /// review, a cell move, rights, a charge, a release…
    Custody(CustodyForm),
    /// Allocate, execute or withdraw a warrant.
    WarrantForm(WarrantForm),
    ConfirmQuit,
    /// A filter's values to pick from.
    Picker(Picker),
    /// The reason for a review decision (merge, keep apart, split).
    Decide(DecisionPrompt),
    /// A pane's own form (a desk's action on a record: open or log an
    /// incident, allocate a crime, refer a safeguarding report…), of a type
    /// only that pane knows.
    Form(Box<dyn PaneForm>),
}

impl Overlay {
    /// A pane's form, of its own type.
    pub fn form<T: PaneForm>(form: T) -> Overlay {
        Overlay::Form(Box::new(form))
    }

    /// The form open, if it is a `T`.
    pub fn get_form<T: PaneForm>(&self) -> Option<&T> {
        match self {
            Overlay::Form(form) => (**form).as_any().downcast_ref(),
            _ => None,
        }
    }

    pub fn form_mut<T: PaneForm>(&mut self) -> Option<&mut T> {
        match self {
            Overlay::Form(form) => (**form).as_any_mut().downcast_mut(),
            _ => None,
        }
    }

    /// The form open, taken out, if it is a `T`.
    pub fn take_form<T: PaneForm>(self) -> Option<T> {
        match self {
            Overlay::Form(form) => form.into_any().downcast().ok().map(|form| *form),
            _ => None,
        }
    }
}

/// The record view: the record open, where Esc goes back to, and the
/// vehicles, phones and places it lists.
#[derive(Debug, Clone, PartialEq)]
pub struct EventView {
    pub event: Event,
    pub return_to: PaneId,
    pub scroll: u16,
    /// Vehicles, then phones, then places.
    pub links: Vec<RecordLink>,
    /// Whether the arrows move over the links (`p`) rather than scroll.
    pub choosing: bool,
    pub list: ListState,
    /// The chosen custody log entry, in the log's (time) order.
    pub entry: Option<usize>,
    /// The log entries shown whole.
    pub expanded: std::collections::BTreeSet<usize>,
    /// The names of the record's people, as the server's read of the record
    /// brought them; None while that read is on its way (a record opened
    /// from a list's copy is shown at once and read again).
    pub names: Option<std::collections::BTreeMap<String, String>>,
    /// Why that read failed, when it did: the names are not coming.
    pub read_failed: Option<String>,
}

impl EventView {
    /// `record` opened, to go back to `return_to`, at its top.
    pub fn new(record: EventRecord, return_to: PaneId) -> Self {
        let links = event::links_of(&record);
        EventView {
            names: Some(record.names),
            event: record.event,
            return_to,
            scroll: 0,
            links,
            choosing: false,
            list: ListState::default(),
            entry: None,
            expanded: Default::default(),
            read_failed: None,
        }
    }

    /// The links' ids, in the order shown.
    pub fn link_ids(&self) -> Vec<String> {
        self.links.iter().map(|l| l.target.id.clone()).collect()
    }
}

/// A vehicle, phone or place open: which one, why, and its people and
/// records (one list, people first).
#[derive(Debug, Clone, Default)]
pub struct EntityView {
    pub target: Option<EntityTarget>,
    /// What it is called until its profile comes ("vehicle LB07SEO").
    pub name: String,
    pub reason: Option<String>,
    pub profile: Option<EntityProfile>,
    pub loading: bool,
    pub error: Option<String>,
    /// Selection by person (`id:part`) or record id.
    pub list: ListState,
    /// Where Esc goes back to.
    pub return_to: PaneId,
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
    /// The stream asked for last (`Effect::Subscribe`).
    pub subscription: u64,
    /// That stream was started without an event id and has not said yet
    /// where it starts: the panes read their lists once it has, so that no
    /// change falls between a list read and the stream.
    pub awaiting_origin: bool,
}

impl Default for LiveStatus {
    fn default() -> Self {
        Self {
            connection: ConnectionState::Connecting,
            last_event_id: None,
            updated_at: None,
            ever_connected: false,
            subscription: 0,
            awaiting_origin: false,
        }
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

/// Makes `PaneId` and `State` from the list of panes (`pane_list.rs`).
macro_rules! panes_and_state {
    ($($variant:ident => $field:ident: $state:ty, $pane:ident;)*) => {
        /// Which pane is on screen. What each pane is and does is its `Pane`
        /// in `update/`, found by this id in `update/registry.rs`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum PaneId {
            $($variant,)*
        }

        impl PaneId {
            /// Every pane, in the order of the list (and of the tabs).
            pub const ALL: &'static [PaneId] = &[$(PaneId::$variant,)*];

            /// Its name: its keymap table, and its word in the palette.
            pub fn name(self) -> &'static str {
                match self {
                    $(PaneId::$variant => stringify!($field),)*
                }
            }
        }

        #[derive(Debug, Clone, Default)]
        pub struct State {
            /// The clock every pane reads; set by ticks, so tests inject it.
            pub now: DateTime<Utc>,
            pub size: (u16, u16),
            pub server: String,
            pub screen: Screen,
            pub pane: PaneId,
            pub overlay: Overlay,
            /// The page of help shown when it is taller than the screen
            /// (turned either way, round from the last to the first).
            pub help_page: isize,
            pub session: Option<Session>,
            pub login: LoginForm,
            pub people: HashMap<String, Brief>,
            /// People's names as the lists gave them, by person id, so a
            /// record opened from a list names its people.
            pub names: HashMap<String, String>,
            /// People's flags as the lists gave them, by person id (the
            /// board's detainees keep theirs in `people`).
            pub flags: HashMap<String, Flags>,
            /// Records changed recently, by id, with when.
            pub changed: HashMap<String, DateTime<Utc>>,
            pub live: LiveStatus,
            pub message: Option<Message>,
            pub recent_reasons: Vec<String>,
            pub palette: PaletteMemory,
            pub writes_in_flight: usize,
            /// When the operator last pressed a key (for the idle lock).
            pub last_input: DateTime<Utc>,
            pub quit: bool,
            // Each pane's own state.
            $(pub $field: $state,)*
        }
    };
}

crate::console::pane_list::with_panes!(panes_and_state);

/// The first pane of the list is on screen at start.
impl Default for PaneId {
    fn default() -> Self {
        PaneId::ALL[0]
    }
}

impl State {
    /// The state at start: the login screen over empty panes. A pane's
    /// state starts as its `Default`.
    pub fn new(server: &str, now: DateTime<Utc>) -> State {
        State { now, size: (80, 24), server: server.to_string(), last_input: now, ..State::default() }
    }

    /// Whether the record was changed moments ago (to mark its row).
    pub fn recently_changed(&self, id: &str) -> bool {
        self.changed.get(id).is_some_and(|at| (self.now - *at).num_seconds() < CHANGED_MARK_SECONDS)
    }

    /// The safeguarding supervisor logged in, if it is one: their own
    /// reports are not theirs to sign off.
    pub fn safeguarding_signer(&self) -> Option<&str> {
        self.session.as_ref().filter(|s| s.roles.supervises_safeguarding()).map(|s| s.username.as_str())
    }

    pub fn roles(&self) -> Roles {
        self.session.as_ref().map(|s| s.roles.clone()).unwrap_or_default()
    }
}
