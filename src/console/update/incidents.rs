//! The control room's incident pane: the open incidents, live, most urgent
//! first, filtered by grade, borough, category and "unresourced", with the
//! selected incident's people and log below. Its rows come whole from the
//! board (`GET /incidents/board`) and one at a time after a change; its
//! forms are `incident_form.rs`'s.

use crate::console::state::incidents::IncidentForm;
use ratatui::layout::Rect;
use ratatui::Frame;

use super::common::{expire, mark_updated};
use super::pane::{About, Key, Pane, Reply, SaveReply};
use super::{incident_form, picker};
use crate::api::incidents::{IncidentBoard, IncidentRow};
use crate::api::Change;
use crate::client::ClientError;
use crate::console::action::{Action, Command, CommandInfo};
use crate::console::effect::Effect;
use crate::console::panes;
use crate::console::state::incidents::IncidentFormKind;
use crate::console::state::{ListState, PaneId, State};
use crate::console::ui::Ui;
use crate::console::views;
use crate::domain::event::{Event, EventDetails, EventKind};
use crate::domain::incident::{Grade, IncidentCategory, IncidentStatus};

pub struct IncidentsPane;

fn grade_text(grade: &Grade) -> String {
    grade.letter().to_string()
}

fn category_text(category: &IncidentCategory) -> String {
    category.short().to_string()
}

pub const CYCLE_GRADE: Command = Command::Own("cycle_grade");
pub const CYCLE_BOROUGH: Command = Command::Own("cycle_incident_borough");
pub const CYCLE_CATEGORY: Command = Command::Own("cycle_category");
pub const TOGGLE_UNRESOURCED: Command = Command::Own("toggle_unresourced");
pub const NEW_INCIDENT: Command = Command::Own("new_incident");
pub const LOG_ENTRY: Command = Command::Own("log_entry");
pub const REGRADE: Command = Command::Own("regrade");
pub const ASSIGN: Command = Command::Own("assign_resource");
pub const EN_ROUTE: Command = Command::Own("resource_en_route");
pub const ARRIVE: Command = Command::Own("resource_at_scene");
pub const RELEASE: Command = Command::Own("release_resource");
pub const CLOSE: Command = Command::Own("close_incident");
pub const DUPLICATE: Command = Command::Own("close_as_repeat");
pub const LINK_PERSON: Command = Command::Own("link_person");

const ABOUT: About = About::new(PaneId::Incidents, "Incidents")
    .tab("Incident board")
    .palette("incidents", "the control room's incident board", &[])
    .commands(&[
        CommandInfo::new(CYCLE_GRADE, "Filter by grade", &["f"]),
        CommandInfo::new(CYCLE_BOROUGH, "Filter by borough", &["b"]),
        CommandInfo::new(CYCLE_CATEGORY, "Filter by category", &["c"]),
        CommandInfo::new(TOGGLE_UNRESOURCED, "Only unresourced", &["u"]),
        CommandInfo::new(NEW_INCIDENT, "Open an incident (a call)", &["n"]).writes(EventKind::Incident),
        CommandInfo::new(LOG_ENTRY, "Add a log entry", &["L"]).writes(EventKind::Incident),
        CommandInfo::new(REGRADE, "Regrade (with a reason)", &["R"]).writes(EventKind::Incident),
        CommandInfo::new(ASSIGN, "Assign a resource", &["a"]).writes(EventKind::Incident),
        CommandInfo::new(EN_ROUTE, "Resource en route", &["e"]).writes(EventKind::Incident),
        CommandInfo::new(ARRIVE, "Resource at scene", &["s"]).writes(EventKind::Incident),
        CommandInfo::new(RELEASE, "Release a resource", &["x"]).writes(EventKind::Incident),
        CommandInfo::new(LINK_PERSON, "Link a person (lookup)", &["p"]).writes(EventKind::Incident),
        CommandInfo::new(CLOSE, "Close with a result (asks)", &["C"]).writes(EventKind::Incident),
        CommandInfo::new(DUPLICATE, "Close as a repeat (asks)", &["D"]).writes(EventKind::Incident),
    ])
    .topics(&["incidents", "persons", "warrants"]);

impl Pane for IncidentsPane {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn list_rows(&self, body: u16) -> u16 {
        panes::incidents::list_height(body)
    }

    fn render(&self, state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
        panes::incidents::render(state, ui, frame, area);
    }

    fn render_dialog(&self, state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
        if let Some(form) = state.overlay.get_form::<IncidentForm>() {
            panes::incidents::form(form, ui, frame, area);
        }
    }

    fn ids(&self, state: &State) -> Vec<String> {
        state.incidents.visible().iter().map(|r| r.event.id.clone()).collect()
    }

    fn list<'a>(&self, state: &'a State) -> Option<&'a ListState> {
        Some(&state.incidents.list)
    }

    fn list_mut<'a>(&self, state: &'a mut State) -> Option<&'a mut ListState> {
        Some(&mut state.incidents.list)
    }

    fn load(&self, state: &mut State, force: bool) -> Vec<Effect> {
        let incidents = &mut state.incidents;
        if force || (!incidents.loaded && !incidents.loading) {
            incidents.loading = true;
            return vec![Effect::LoadIncidents];
        }
        Vec::new()
    }

    fn command(&self, state: &mut State, command: Command) -> Option<Vec<Effect>> {
        let form = match command {
            NEW_INCIDENT => Some(IncidentFormKind::Open),
            LOG_ENTRY => Some(IncidentFormKind::Log),
            REGRADE => Some(IncidentFormKind::Regrade),
            ASSIGN => Some(IncidentFormKind::Assign),
            EN_ROUTE => Some(IncidentFormKind::EnRoute),
            ARRIVE => Some(IncidentFormKind::Arrive),
            RELEASE => Some(IncidentFormKind::Release),
            CLOSE => Some(IncidentFormKind::Close),
            DUPLICATE => Some(IncidentFormKind::Duplicate),
            LINK_PERSON => Some(IncidentFormKind::Link),
            _ => None,
        };
        if let Some(kind) = form {
            return Some(incident_form::open_form(state, kind));
        }
        let i = &mut state.incidents;
        match command {
            CYCLE_GRADE => {
                let current = i.grade;
                let on = ("grade", "Grade");
                return Some(picker::open(state, on, &Grade::ALL, current.as_ref(), grade_text));
            }
            CYCLE_BOROUGH => {
                let current = i.borough.clone();
                let on = ("borough", "Borough");
                return Some(picker::open(state, on, &picker::boroughs(), current.as_ref(), String::clone));
            }
            CYCLE_CATEGORY => {
                let current = i.category;
                let on = ("category", "Category");
                return Some(picker::open(state, on, &IncidentCategory::ALL, current.as_ref(), category_text));
            }
            TOGGLE_UNRESOURCED => i.unresourced = !i.unresourced,
            _ => return None,
        }
        reselect(state);
        Some(Vec::new())
    }

    fn pick(&self, state: &mut State, filter: &'static str, value: Option<&str>) -> Vec<Effect> {
        let i = &mut state.incidents;
        match filter {
            "grade" => i.grade = picker::value(&Grade::ALL, grade_text, value),
            "borough" => i.borough = picker::value(&picker::boroughs(), String::clone, value),
            _ => i.category = picker::value(&IncidentCategory::ALL, category_text, value),
        }
        reselect(state);
        Vec::new()
    }

    fn clear_filters(&self, state: &mut State) -> Vec<Effect> {
        let i = &mut state.incidents;
        (i.grade, i.borough, i.category, i.unresourced) = (None, None, None, false);
        reselect(state);
        Vec::new()
    }

    /// The whole record, every field of it and its full log.
    fn open(&self, state: &mut State, id: String) -> Vec<Effect> {
        if let Some(row) = state.incidents.row(&id) {
            let event = row.event.clone();
            return super::event::show(state, event);
        }
        Vec::new()
    }

    fn dialog(&self, state: &mut State, key: &Key) -> Option<Vec<Effect>> {
        incident_form::key(state, key)
    }

    fn reply(&self, state: &mut State, action: Action) -> Reply {
        Reply::Done(match action {
            Action::IncidentsLoaded(result) => loaded(state, result),
            Action::IncidentRowLoaded { id, result } => row_loaded(state, &id, result),
            Action::IncidentOpened(result) => incident_form::opened(state, result),
            other => return Reply::NotMine(other),
        })
    }

    fn held(&self, state: &State, kind: EventKind, id: &str) -> Option<i64> {
        (kind == EventKind::Incident).then(|| state.incidents.row(id).map(|r| r.event.version)).flatten()
    }

    /// An incident changed elsewhere (or was opened): its row is read
    /// again, with its clock and its people, and takes its place.
    fn follow_record(&self, state: &mut State, kind: EventKind, change: &Change) -> Vec<Effect> {
        if kind != EventKind::Incident || !state.incidents.loaded {
            return Vec::new();
        }
        vec![Effect::LoadIncidentRow { id: change.record_id.clone() }]
    }

    /// A person named on an incident changed (a marker, a warrant that
    /// makes them WANTED): the rows naming them are read again.
    fn follow(&self, state: &mut State, change: &Change) -> Vec<Effect> {
        if change.topic == EventKind::Incident.collection() {
            return Vec::new();
        }
        state
            .incidents
            .rows
            .iter()
            .filter(|r| r.people.iter().any(|p| change.person_ids.contains(&p.person_id)))
            .map(|r| Effect::LoadIncidentRow { id: r.event.id.clone() })
            .collect()
    }

    /// An incident as it now stands (the answer to an action): its row
    /// follows, or leaves the board once closed. A person newly linked is
    /// read with their flags.
    fn put(&self, state: &mut State, event: &Event) -> Vec<Effect> {
        let Some(index) = state.incidents.rows.iter().position(|r| r.event.id == event.id) else {
            return Vec::new();
        };
        let row = &mut state.incidents.rows[index];
        if row.event.version > event.version {
            return Vec::new();
        }
        if !matches!(&event.details, EventDetails::Incident(d) if d.status != IncidentStatus::Closed) {
            state.incidents.rows.remove(index);
            return Vec::new();
        }
        let people_changed = row.event.people.len() != event.people.len();
        row.event = event.clone();
        state.incidents.sort();
        if people_changed {
            return vec![Effect::LoadIncidentRow { id: event.id.clone() }];
        }
        Vec::new()
    }

    fn remove(&self, state: &mut State, kind: EventKind, id: &str) {
        if kind == EventKind::Incident {
            state.incidents.rows.retain(|r| r.event.id != id);
        }
    }

    fn saved(&self, state: &mut State, save: &SaveReply) {
        incident_form::saved(state, save);
    }

    fn unsaved_work(&self, state: &State) -> Vec<&'static str> {
        let open = matches!(state.overlay.get_form::<IncidentForm>(), Some(f) if f.touched || f.saving);
        if open || state.incidents.draft.as_ref().is_some_and(|f| f.touched) {
            return vec!["An unsent incident form would be lost."];
        }
        Vec::new()
    }
}

/// The whole board: rows whose record moved on since the last load are marked.
fn loaded(state: &mut State, result: Result<IncidentBoard, ClientError>) -> Vec<Effect> {
    state.incidents.loading = false;
    match result {
        Ok(board) => {
            let now = state.now;
            let i = &mut state.incidents;
            if i.loaded {
                for row in &board.rows {
                    if i.row(&row.event.id).is_none_or(|r| r.event.version != row.event.version) {
                        state.changed.insert(row.event.id.clone(), now);
                    }
                }
            }
            i.rows = board.rows;
            i.sort();
            i.loaded = true;
            i.error = None;
            mark_updated(state);
            reselect(state);
            Vec::new()
        }
        Err(e) if e.is_unauthenticated() => expire(state, "Your session has expired: log in again."),
        Err(e) => {
            state.incidents.error = Some(e.to_string());
            Vec::new()
        }
    }
}

/// One incident's row as the board now has it: put in its place, or taken
/// off once it is closed (or no longer readable).
fn row_loaded(state: &mut State, id: &str, result: Result<Option<IncidentRow>, ClientError>) -> Vec<Effect> {
    let row = match result {
        Ok(row) => row,
        Err(e) if e.is_unauthenticated() => return expire(state, "Your session has expired: log in again."),
        // The next load of the board brings it; the rows shown still stand.
        Err(_) => return Vec::new(),
    };
    let i = &mut state.incidents;
    let at = i.rows.iter().position(|r| r.event.id == id);
    match (row, at) {
        (Some(row), Some(at)) if i.rows[at].event.version > row.event.version => return Vec::new(),
        (Some(row), Some(at)) => i.rows[at] = row,
        (Some(row), None) => i.rows.push(row),
        (None, Some(at)) => {
            i.rows.remove(at);
        }
        (None, None) => return Vec::new(),
    }
    i.sort();
    state.changed.insert(id.to_string(), state.now);
    mark_updated(state);
    reselect(state);
    Vec::new()
}

/// Keeps the selection on its incident after rows or filters changed.
fn reselect(state: &mut State) {
    let ids = IncidentsPane.ids(state);
    views::reselect(&mut state.incidents.list, &ids);
}
