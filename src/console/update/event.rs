//! The record view: one record opened from a list or a timeline, scrolled,
//! kept current while open, and left for the pane it was opened from. Its
//! vehicles, phones and places are listed; `p` moves the arrows onto them
//! and Enter opens one's profile.

use ratatui::layout::Rect;
use ratatui::Frame;

use super::common::{error_message, fail};
use super::opening;
use super::pane::{About, Pane, Reply};
use super::record_nav;
use crate::api::{Change, EventRecord};
use crate::console::action::{Action, Command, CommandInfo};
use crate::console::effect::Effect;
use crate::console::layout;
use crate::console::panes;
use crate::console::state::{EventView, ListState, PaneId, State};
use crate::console::ui::Ui;
use crate::console::views;
use crate::domain::change::LINKED_OP;
use crate::domain::event::{Event, EventDetails, EventKind};

pub struct EventPane;

/// `p`: the arrows onto the record's vehicles, phones and places, and back.
pub const LINKED: Command = Command::Own("record_vehicles_phones_places");

/// Why a vehicle, phone or place is read when opened from a record.
pub const LINKED_REASON: &str = "linked to a record consulted in the console";

const ABOUT: About = About::new(PaneId::Event, "Record")
    .commands(&[CommandInfo::new(LINKED, "Its vehicles, phones and places (again: scroll the record)", &["p"])])
    .topics(&["objects", "places"]);

impl Pane for EventPane {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn list_rows(&self, body: u16) -> u16 {
        body.saturating_sub(2)
    }

    fn render(&self, state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
        panes::event::render(state, ui, frame, area);
    }

    fn ids(&self, state: &State) -> Vec<String> {
        state.event.as_ref().filter(|v| v.choosing).map(EventView::link_ids).unwrap_or_default()
    }

    fn list<'a>(&self, state: &'a State) -> Option<&'a ListState> {
        state.event.as_ref().filter(|v| v.choosing).map(|v| &v.list)
    }

    fn list_mut<'a>(&self, state: &'a mut State) -> Option<&'a mut ListState> {
        state.event.as_mut().filter(|v| v.choosing).map(|v| &mut v.list)
    }

    /// The arrows move over its links after `p`; otherwise they scroll the
    /// record, choosing each custody log entry as it comes; a page scrolls;
    /// Home and End go to the first and last line.
    fn move_by(&self, state: &mut State, delta: isize, height: usize) -> Vec<Effect> {
        if let Some(view) = state.event.as_mut().filter(|v| v.choosing) {
            let ids = view.link_ids();
            views::move_selection(&mut view.list, &ids, delta, height);
            return Vec::new();
        }
        if let Some((scroll, entry)) = record_nav::moved(state, delta, height) {
            if let Some(view) = &mut state.event {
                (view.scroll, view.entry) = (scroll, entry);
            }
        }
        Vec::new()
    }

    fn command(&self, state: &mut State, command: Command) -> Option<Vec<Effect>> {
        // Enter over the record (not its links) shows the chosen log entry
        // whole, or back in its line.
        if command == Command::Open && state.event.as_ref().is_some_and(|v| !v.choosing) {
            let height = usize::from(self.list_rows(layout::body_rows(state)).max(1));
            record_nav::toggle_entry(state, height);
            return Some(Vec::new());
        }
        if command != LINKED {
            return None;
        }
        let view = state.event.as_mut()?;
        if view.links.is_empty() && !view.choosing {
            state.message = Some(error_message(state, "No vehicle, phone or place is linked to this record."));
            return Some(Vec::new());
        }
        view.choosing = !view.choosing;
        let ids = view.link_ids();
        views::reselect(&mut view.list, &ids);
        Some(Vec::new())
    }

    /// Enter on a link opens its profile; Esc comes back to the record.
    fn open(&self, state: &mut State, id: String) -> Vec<Effect> {
        let Some(link) = state.event.as_ref().and_then(|v| v.links.iter().find(|l| l.target.id == id)).cloned() else {
            return Vec::new();
        };
        opening::entity(state, link.target.clone(), link.name(), LINKED_REASON.to_string())
    }

    fn load(&self, state: &mut State, force: bool) -> Vec<Effect> {
        match &state.event {
            Some(view) if force => vec![Effect::RefreshRecord { kind: view.event.kind, id: view.event.id.clone() }],
            _ => Vec::new(),
        }
    }

    fn back_doc(&self, _state: &State) -> Option<&'static str> {
        Some("back to the list")
    }

    fn back(&self, state: &mut State) -> Vec<Effect> {
        state.pane = state.event.as_ref().map(|v| v.return_to).unwrap_or(PaneId::Lookup);
        Vec::new()
    }

    fn reply(&self, state: &mut State, action: Action) -> Reply {
        match action {
            Action::EventLoaded(Ok(record)) => {
                show_record(state, record);
                Reply::Done(Vec::new())
            }
            Action::EventLoaded(Err(e)) => {
                // The view no longer says a name is on its way.
                if let Some(view) = state.event.as_mut().filter(|v| v.names.is_none()) {
                    view.read_failed = Some(e.to_string());
                }
                Reply::Done(fail(state, e, |s, text| s.message = Some(error_message(s, text))))
            }
            other => Reply::NotMine(other),
        }
    }

    fn held(&self, state: &State, _kind: EventKind, id: &str) -> Option<i64> {
        state.event.as_ref().filter(|v| v.event.id == id).map(|v| v.event.version)
    }

    fn follow_record(&self, state: &mut State, kind: EventKind, change: &Change) -> Vec<Effect> {
        if viewed(state, &change.record_id) {
            return vec![Effect::RefreshRecord { kind, id: change.record_id.clone() }];
        }
        Vec::new()
    }

    /// A vehicle, phone or place linked to the open record, or a new link
    /// to it (its version unchanged): its links are read again.
    fn follow(&self, state: &mut State, change: &Change) -> Vec<Effect> {
        let Some(view) = &state.event else { return Vec::new() };
        let linked_to_it = change.op == LINKED_OP && change.record_id == view.event.id;
        let one_of_its_links = matches!(change.topic.as_str(), "objects" | "places")
            && view.links.iter().any(|l| l.target.id == change.record_id);
        if linked_to_it || one_of_its_links {
            return vec![Effect::RefreshRecord { kind: view.event.kind, id: view.event.id.clone() }];
        }
        Vec::new()
    }

    fn put(&self, state: &mut State, event: &Event) -> Vec<Effect> {
        if let Some(view) = state.event.as_mut().filter(|v| v.event.id == event.id) {
            view.event = event.clone();
        }
        Vec::new()
    }

    fn remove(&self, state: &mut State, _kind: EventKind, id: &str) {
        if viewed(state, id) {
            state.message = Some(error_message(state, "The record on screen is no longer available."));
        }
    }
}

/// Whether record `id` is the one open in the record view.
pub fn viewed(state: &State, id: &str) -> bool {
    state.event.as_ref().is_some_and(|v| v.event.id == id)
}

/// Opens `event` in the record view at once, and reads it again with its
/// vehicles, phones and places (a timeline's copy carries none); Esc goes
/// back to the pane it was opened from (through any record opened from a
/// record).
pub fn show(state: &mut State, event: Event) -> Vec<Effect> {
    // A report under handling conditions opens only when they are acknowledged
    // on its own desk: it is not read again from here.
    let conditions = matches!(&event.details, EventDetails::Intelligence(d) if d.conditions().is_some());
    let read = (!conditions).then(|| Effect::OpenRecord { kind: event.kind, id: event.id.clone() });
    show_record(state, EventRecord::bare(event));
    if read.is_some() {
        // The copy shown names no one: the read brings the names.
        if let Some(view) = state.event.as_mut() {
            view.names = None;
        }
    }
    read.into_iter().collect()
}

/// Opens `record` in the record view; the same record read again keeps its
/// place on screen.
pub fn show_record(state: &mut State, record: EventRecord) {
    let on_screen = state.pane == PaneId::Event;
    if let Some(view) = state.event.as_mut().filter(|v| on_screen && v.event.id == record.event.id) {
        let (scroll, choosing, list) = (view.scroll, view.choosing, view.list.clone());
        *view = EventView { scroll, choosing, list, ..EventView::new(record, view.return_to) };
        return;
    }
    let return_to = match state.pane {
        PaneId::Event => state.event.as_ref().map(|v| v.return_to).unwrap_or(PaneId::Lookup),
        pane => pane,
    };
    state.event = Some(EventView::new(record, return_to));
    state.pane = PaneId::Event;
}
