//! The incident log pane: open crime reports, kept live.

use ratatui::layout::Rect;
use ratatui::Frame;

use super::pane::{About, Pane, Reply};
use super::{event, rows};
use crate::api::Change;
use crate::console::action::{Action, ListId};
use crate::console::effect::Effect;
use crate::console::panes;
use crate::console::state::{ListState, PaneId, State};
use crate::console::ui::Ui;
use crate::domain::event::{Event, EventKind};

pub struct IncidentsPane;

pub const LIST: ListId = ListId::Events { kind: EventKind::Crime, reason: "Incident log in the console" };

const ABOUT: About = About::new(PaneId::Incidents, "Incidents").tab("Incident log").topics(&["crimes"]);

impl Pane for IncidentsPane {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn list_rows(&self, body: u16) -> u16 {
        body.saturating_sub(4)
    }

    fn render(&self, state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
        panes::incidents::render(state, &state.incidents, ui, frame, area);
    }

    fn ids(&self, state: &State) -> Vec<String> {
        panes::incidents::rows(&state.incidents).iter().map(|e| e.id.clone()).collect()
    }

    fn list<'a>(&self, state: &'a State) -> Option<&'a ListState> {
        Some(&state.incidents.rows.list)
    }

    fn list_mut<'a>(&self, state: &'a mut State) -> Option<&'a mut ListState> {
        Some(&mut state.incidents.rows.list)
    }

    fn load(&self, state: &mut State, force: bool) -> Vec<Effect> {
        rows::load(&mut state.incidents.rows, LIST, force)
    }

    fn open(&self, state: &mut State, id: String) -> Vec<Effect> {
        if let Some(record) = state.incidents.rows.items.iter().find(|e| e.id == id).cloned() {
            event::show(state, record);
        }
        Vec::new()
    }

    fn reply(&self, state: &mut State, action: Action) -> Reply {
        match action {
            Action::ListLoaded { list: LIST, result } => {
                Reply::Done(rows::loaded(state, LIST, |s| &mut s.incidents.rows, result))
            }
            other => Reply::NotMine(other),
        }
    }

    fn held(&self, state: &State, kind: EventKind, id: &str) -> Option<i64> {
        (kind == EventKind::Crime).then(|| rows::held(&state.incidents.rows, id)).flatten()
    }

    fn follow_record(&self, state: &mut State, kind: EventKind, change: &Change) -> Vec<Effect> {
        if kind != EventKind::Crime {
            return Vec::new();
        }
        rows::follow(&mut state.incidents.rows, LIST, &change.record_id)
    }

    fn put(&self, state: &mut State, event: &Event) -> Vec<Effect> {
        if event.kind == EventKind::Crime {
            rows::put(&mut state.incidents.rows, event);
        }
        Vec::new()
    }

    fn remove(&self, state: &mut State, kind: EventKind, id: &str) {
        if kind == EventKind::Crime {
            rows::remove(&mut state.incidents.rows, id);
        }
    }
}
