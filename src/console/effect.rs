//! What `update` asks the outside world to do. The runtime performs each
//! effect and sends its result back as an action.

use chrono::{DateTime, Utc};

use super::action::ListId;
use super::desks::DeskRead;
use crate::client::{LifecycleAction, QueueQuery};
use crate::domain::custody::BookIn;
use crate::domain::event::EventKind;
use crate::domain::incident::OpenIncident;

#[derive(Debug, Clone)]
pub enum Effect {
    Login {
        username: String,
        password: String,
    },
    CheckSession,
    /// A new token: use it from now on, save it, and (re)subscribe.
    UseSession {
        token: String,
        username: String,
        expires_at: DateTime<Utc>,
    },
    /// Start (or restart) the live stream of `topics` (those the panes
    /// follow) from the last event seen; where it starts comes back as
    /// `Live::Started` with `subscription`, so a late word from a stream
    /// since replaced is told apart.
    Subscribe {
        last_event_id: Option<i64>,
        topics: Vec<&'static str>,
        subscription: u64,
    },
    /// Forget the saved token (it was refused).
    DropSession,
    /// End the session on the server (the console locked itself).
    Logout,
    /// Search after a short pause, unless a newer search supersedes it.
    Search {
        seq: u64,
        query: String,
    },
    LoadProfile {
        person_id: String,
        reason: String,
    },
    /// A vehicle's, phone's or place's profile, read with the reason given:
    /// the newest page of its timeline, or the page after `after`.
    LoadEntity {
        target: super::state::EntityTarget,
        reason: String,
        after: Option<String>,
    },
    LoadList(ListId),
    LoadSuites,
    /// The users a warrant may be allocated to.
    LoadOfficers,
    /// Re-read one record after a live change.
    Refresh {
        kind: EventKind,
        id: String,
    },
    /// Re-read the record open in the record view, with its vehicles,
    /// phones and places, after a live change to it or to one of them.
    RefreshRecord {
        kind: EventKind,
        id: String,
    },
    /// A lifecycle action on a record, based on the version on screen;
    /// `what` names it for the operator when the answer comes back.
    Save {
        what: String,
        id: String,
        version: i64,
        action: LifecycleAction,
    },
    // ---- review queue ----
    LoadReview,
    /// Merge, keep apart or split a pair of the review queue.
    Decide {
        decision: super::state::Decision,
        source: String,
        source_ref: String,
        reason: String,
    },
    /// A page of the warrant queue (`seq` comes back with it).
    LoadQueue {
        seq: u64,
        query: QueueQuery,
        append: bool,
    },
    /// One warrant's row in the queue, and the queue's total, under the
    /// same filters (`seq` comes back with it).
    LoadQueueRow {
        seq: u64,
        id: String,
        query: QueueQuery,
    },
    /// Read one record and open it.
    OpenRecord {
        kind: EventKind,
        id: String,
    },
    // ---- incidents ----
    /// The board of open incidents.
    LoadIncidents,
    /// One incident's row on the board, after it or one of its people changed.
    LoadIncidentRow {
        id: String,
    },
    /// Record and grade a new call.
    OpenIncident(Box<OpenIncident>),
    /// A desk's read, made by its pane (`desks.rs`).
    Desk(Box<dyn super::desks::DeskRead>),
    // ---- custody ----
    /// Book a detainee in (the server checks a new person against those on record).
    BookIn(Box<BookIn>),
}

impl Effect {
    /// A desk's read of its pane's own type `T`.
    pub fn desk_read<T: DeskRead>(read: T) -> Effect {
        Effect::Desk(Box::new(read))
    }

    /// What it reads, if it is a desk's read of type `T`.
    pub fn desk<T: 'static>(&self) -> Option<&T> {
        match self {
            Effect::Desk(read) => read.as_any().downcast_ref(),
            _ => None,
        }
    }
}
