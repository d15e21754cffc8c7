//! The profile pane: one person's record, opened with a reason, over a
//! timeline whose entries open as records (unless withheld).

use ratatui::layout::Rect;
use ratatui::Frame;

use super::common::{error_message, fail, mark_updated};
use super::event;
use super::pane::{About, Pane, Reply};
use super::{opening, profile_linked};
use crate::api::{Change, Profile};
use crate::client::ClientError;
use crate::console::action::{Action, Command, CommandInfo};
use crate::console::effect::Effect;
use crate::console::layout::profile_split;
use crate::console::panes;
use crate::console::state::{ListState, PaneId, State};
use crate::console::ui::Ui;
use crate::console::views;

pub struct ProfilePane;

pub const LINKED: Command = Command::Own("places_vehicles_phones");

const ABOUT: About = About::new(PaneId::Profile, "Profile")
    .tab("Subject profile")
    .palette("profile", "the open subject profile", &["p"])
    .topics(&["persons"])
    .commands(&[CommandInfo::new(LINKED, "Their places, vehicles and phones (again: the timeline)", &["p"])]);

impl Pane for ProfilePane {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn list_rows(&self, body: u16) -> u16 {
        // The timeline, under the details, in a bordered list with a header.
        profile_split(body).1.saturating_sub(3)
    }

    fn render(&self, state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
        panes::profile::render(state, ui, frame, area);
    }

    fn ids(&self, state: &State) -> Vec<String> {
        if state.profile.linked {
            return profile_linked::rows(state).iter().map(|r| r.id.clone()).collect();
        }
        views::timeline_rows(state).iter().map(|t| t.id.clone()).collect()
    }

    fn list<'a>(&self, state: &'a State) -> Option<&'a ListState> {
        Some(if state.profile.linked { &state.profile.linked_list } else { &state.profile.list })
    }

    fn list_mut<'a>(&self, state: &'a mut State) -> Option<&'a mut ListState> {
        Some(if state.profile.linked { &mut state.profile.linked_list } else { &mut state.profile.list })
    }

    fn command(&self, state: &mut State, command: Command) -> Option<Vec<Effect>> {
        if command != LINKED {
            return None;
        }
        state.profile.linked = !state.profile.linked;
        // The selection shows from the first moment, on the row it was on.
        let ids = self.ids(state);
        if let Some(list) = self.list_mut(state) {
            views::reselect(list, &ids);
        }
        Some(Vec::new())
    }

    fn load(&self, state: &mut State, force: bool) -> Vec<Effect> {
        match (&state.profile.person_id, &state.profile.reason) {
            (Some(id), Some(reason)) if force => {
                let effect = Effect::LoadProfile { person_id: id.clone(), reason: reason.clone() };
                state.profile.loading = true;
                vec![effect]
            }
            _ => Vec::new(),
        }
    }

    /// A timeline entry opens as a record, unless the role may not see it;
    /// a place, vehicle or phone opens its profile with the same reason.
    fn open(&self, state: &mut State, id: String) -> Vec<Effect> {
        if state.profile.linked {
            let Some(row) = profile_linked::rows(state).into_iter().find(|r| r.id == id) else { return Vec::new() };
            let reason = state.profile.reason.clone().unwrap_or_default();
            return opening::entity(state, row.target(), row.name(), reason);
        }
        let entry = state.profile.profile.as_ref().and_then(|p| p.timeline.iter().find(|t| t.id == id)).cloned();
        match entry {
            Some(entry) if entry.withheld || entry.event.is_none() => {
                let text = format!("This {} record is withheld: your role may not see it.", entry.kind);
                state.message = Some(error_message(state, text));
            }
            Some(entry) => {
                if let Some(record) = entry.event {
                    return event::show(state, record);
                }
            }
            None => {}
        }
        Vec::new()
    }

    fn back_doc(&self, _state: &State) -> Option<&'static str> {
        Some("back to the lookup")
    }

    fn back(&self, state: &mut State) -> Vec<Effect> {
        state.pane = PaneId::Lookup;
        Vec::new()
    }

    fn reply(&self, state: &mut State, action: Action) -> Reply {
        match action {
            Action::ProfileLoaded { person_id, result } => Reply::Done(loaded(state, &person_id, result)),
            other => Reply::NotMine(other),
        }
    }

    /// The person's picture changed (or one of their records): read it again.
    fn follow(&self, state: &mut State, change: &Change) -> Vec<Effect> {
        let touches = |id: &str| change.person_ids.iter().any(|p| p == id) || change.record_id == id;
        match (&state.profile.person_id, &state.profile.reason) {
            (Some(id), Some(reason)) if touches(id) => {
                vec![Effect::LoadProfile { person_id: id.clone(), reason: reason.clone() }]
            }
            _ => Vec::new(),
        }
    }
}

fn loaded(state: &mut State, person_id: &str, result: Result<Profile, ClientError>) -> Vec<Effect> {
    // An answer for a person no longer open is dropped.
    if state.profile.person_id.as_deref() != Some(person_id) {
        return Vec::new();
    }
    state.profile.loading = false;
    match result {
        Ok(profile) => {
            state.profile.name = profile.person.display_name();
            state.profile.profile = Some(profile);
            state.profile.error = None;
            mark_updated(state);
            let ids: Vec<String> = views::timeline_rows(state).iter().map(|t| t.id.clone()).collect();
            views::reselect(&mut state.profile.list, &ids);
            let linked: Vec<String> = profile_linked::rows(state).iter().map(|r| r.id.clone()).collect();
            views::reselect(&mut state.profile.linked_list, &linked);
            Vec::new()
        }
        Err(e) => fail(state, e, |s, text| s.profile.error = Some(text)),
    }
}
