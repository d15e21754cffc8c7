//! The profile of a vehicle, a phone or a place, opened from the lookup or
//! from a person's profile with the reason already given: its people and
//! records in one list, Enter opening a person's profile (with the same
//! reason) or a record; Esc goes back to where it was opened from.

use ratatui::layout::Rect;
use ratatui::Frame;

use super::common::{error_message, fail, mark_updated};
use super::event;
use super::opening;
use super::pane::{About, Pane, Reply};
use crate::api::Change;
use crate::client::ClientError;
use crate::console::action::Action;
use crate::console::effect::Effect;
use crate::console::layout::profile_split;
use crate::console::panes;
use crate::console::state::{
    EntityProfile, EntityTarget, EntityView, ListState, PaneId, State, MORE_ROW, WITHHELD_ROW,
};
use crate::console::ui::Ui;

pub struct EntityPane;

const ABOUT: About = About::new(PaneId::Entity, "Vehicle, phone or place").topics(&["persons"]);

impl Pane for EntityPane {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn list_rows(&self, body: u16) -> u16 {
        profile_split(body).1.saturating_sub(3)
    }

    fn render(&self, state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
        panes::entity::render(state, ui, frame, area);
    }

    fn ids(&self, state: &State) -> Vec<String> {
        row_ids(&state.entity)
    }

    fn list<'a>(&self, state: &'a State) -> Option<&'a ListState> {
        Some(&state.entity.list)
    }

    fn list_mut<'a>(&self, state: &'a mut State) -> Option<&'a mut ListState> {
        Some(&mut state.entity.list)
    }

    fn load(&self, state: &mut State, force: bool) -> Vec<Effect> {
        match reload(state) {
            Some(effect) if force => {
                state.entity.loading = true;
                vec![effect]
            }
            _ => Vec::new(),
        }
    }

    /// A person opens their profile, a record opens as a record.
    fn open(&self, state: &mut State, id: String) -> Vec<Effect> {
        let Some(loaded) = &state.entity.profile else { return Vec::new() };
        let reason = state.entity.reason.clone().unwrap_or_default();
        if let Some(person_id) = id.split_once(':').map(|(p, _)| p.to_string()) {
            let name = loaded.people().into_iter().find(|(p, _)| *p == person_id).map(|(_, n)| n).unwrap_or_default();
            return opening::profile(state, person_id, name, reason);
        }
        if id == MORE_ROW {
            return more(state);
        }
        if id == WITHHELD_ROW {
            let text = "Those records are withheld: your role may not see them.";
            state.message = Some(error_message(state, text));
            return Vec::new();
        }
        let record = match loaded {
            EntityProfile::Object(p) => p.timeline.iter().find(|t| t.id == id).map(|t| t.event.clone()),
            EntityProfile::Place(p) => p.timeline.iter().find(|t| t.id == id).map(|t| t.event.clone()),
        };
        match record {
            Some(record) => event::show(state, record),
            None => Vec::new(),
        }
    }

    fn back_doc(&self, _state: &State) -> Option<&'static str> {
        Some("back to where it was opened from")
    }

    fn back(&self, state: &mut State) -> Vec<Effect> {
        state.pane = state.entity.return_to;
        Vec::new()
    }

    fn reply(&self, state: &mut State, action: Action) -> Reply {
        match action {
            Action::EntityLoaded { target, after: None, result } => Reply::Done(loaded(state, &target, result)),
            Action::EntityLoaded { target, after: Some(after), result } => {
                Reply::Done(more_loaded(state, &target, &after, result))
            }
            other => Reply::NotMine(other),
        }
    }

    /// One of its people or records changed: read it again.
    fn follow(&self, state: &mut State, change: &Change) -> Vec<Effect> {
        let ids = row_ids(&state.entity);
        let touches = ids.iter().any(|row| {
            let id = row.split_once(':').map(|(p, _)| p).unwrap_or(row);
            change.record_id == id || change.person_ids.iter().any(|p| p == id)
        });
        match reload(state) {
            Some(effect) if touches => vec![effect],
            _ => Vec::new(),
        }
    }
}

fn reload(state: &State) -> Option<Effect> {
    let view = &state.entity;
    Some(Effect::LoadEntity { target: view.target.clone()?, reason: view.reason.clone()?, after: None })
}

/// The page of records after those shown, asked for once.
fn more(state: &mut State) -> Vec<Effect> {
    let view = &mut state.entity;
    let after = view.profile.as_ref().and_then(|p| p.timeline_next()).map(str::to_string);
    let (Some(target), Some(reason), Some(after)) = (view.target.clone(), view.reason.clone(), after) else {
        return Vec::new();
    };
    if view.loading {
        return Vec::new();
    }
    view.loading = true;
    vec![Effect::LoadEntity { target, reason, after: Some(after) }]
}

/// The page after `after`, added under the records shown; dropped when the
/// pane has moved on (another record, or read again from the top).
fn more_loaded(
    state: &mut State,
    target: &EntityTarget,
    after: &str,
    result: Result<EntityProfile, ClientError>,
) -> Vec<Effect> {
    let view = &mut state.entity;
    let current = view.profile.as_ref().and_then(|p| p.timeline_next());
    if view.target.as_ref() != Some(target) || current != Some(after) {
        return Vec::new();
    }
    view.loading = false;
    match result {
        Ok(page) => {
            if let Some(profile) = view.profile.as_mut() {
                profile.append(page);
            }
            mark_updated(state);
            Vec::new()
        }
        Err(e) => fail(state, e, |s, text| s.message = Some(error_message(s, text))),
    }
}

/// The list's ids (none until the profile comes).
pub fn row_ids(view: &EntityView) -> Vec<String> {
    view.profile.as_ref().map(EntityProfile::row_ids).unwrap_or_default()
}

fn loaded(state: &mut State, target: &EntityTarget, result: Result<EntityProfile, ClientError>) -> Vec<Effect> {
    // An answer for one no longer open is dropped.
    if state.entity.target.as_ref() != Some(target) {
        return Vec::new();
    }
    state.entity.loading = false;
    match result {
        Ok(profile) => {
            state.entity.profile = Some(profile);
            state.entity.error = None;
            mark_updated(state);
            let ids = row_ids(&state.entity);
            crate::console::views::reselect(&mut state.entity.list, &ids);
            Vec::new()
        }
        Err(e) => fail(state, e, |s, text| s.entity.error = Some(text)),
    }
}
