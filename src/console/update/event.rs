//! The record view: one record opened from a list or a timeline, scrolled,
//! kept current while open, and left for the pane it was opened from.

use ratatui::layout::Rect;
use ratatui::Frame;

use super::common::{error_message, fail};
use super::pane::{About, Pane, Reply};
use super::record_nav;
use crate::api::Change;
use crate::console::action::{Action, Command};
use crate::console::effect::Effect;
use crate::console::layout;
use crate::console::panes;
use crate::console::state::{EventView, PaneId, State};
use crate::console::ui::Ui;
use crate::domain::event::{Event, EventKind};

pub struct EventPane;

const ABOUT: About = About::new(PaneId::Event, "Record");

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

    /// The arrows scroll the record, choosing each custody log entry as it
    /// comes; a page scrolls; Home and End go to the first and last line.
    fn move_by(&self, state: &mut State, delta: isize, height: usize) -> Vec<Effect> {
        if let Some((scroll, entry)) = record_nav::moved(state, delta, height) {
            if let Some(view) = &mut state.event {
                (view.scroll, view.entry) = (scroll, entry);
            }
        }
        Vec::new()
    }

    /// Enter shows the chosen log entry whole, or back in its line.
    fn command(&self, state: &mut State, command: Command) -> Option<Vec<Effect>> {
        if command != Command::Open {
            return None;
        }
        let height = usize::from(self.list_rows(layout::body_rows(state)).max(1));
        record_nav::toggle_entry(state, height);
        Some(Vec::new())
    }

    fn load(&self, state: &mut State, force: bool) -> Vec<Effect> {
        match &state.event {
            Some(view) if force => vec![Effect::Refresh { kind: view.event.kind, id: view.event.id.clone() }],
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
            Action::EventLoaded(Ok(event)) => {
                show(state, event);
                Reply::Done(Vec::new())
            }
            Action::EventLoaded(Err(e)) => {
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
            return vec![Effect::Refresh { kind, id: change.record_id.clone() }];
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

/// Opens `event` in the record view; Esc goes back to the pane it was
/// opened from (through any record opened from a record).
pub fn show(state: &mut State, event: Event) {
    let return_to = match state.pane {
        PaneId::Event => state.event.as_ref().map(|v| v.return_to).unwrap_or(PaneId::Lookup),
        pane => pane,
    };
    state.event = Some(EventView::new(event, return_to));
    state.pane = PaneId::Event;
}
