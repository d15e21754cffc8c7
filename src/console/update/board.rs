//! The detainee board: the open custody records of one suite or all, loaded
//! in one request with each detainee's warning markers, kept live, and the
//! cell visit recorded with one key (the other custody forms are in
//! `custody_form.rs`).

use ratatui::layout::Rect;
use ratatui::Frame;

use super::common::{cycle, error_message, fail};
use super::pane::{About, Key, Pane, Reply, SaveReply};
use super::{custody_book_in, custody_form, event, picker, rows};
use crate::api::custody::Board;
use crate::api::{Change, EventPage};
use crate::client::ClientError;
use crate::console::action::{Action, Command, CommandInfo, ListId};
use crate::console::effect::Effect;
use crate::console::panes;
use crate::console::state::{Brief, CustodyForm, CustodyFormKind, ListState, Overlay, PaneId, Rows, State};
use crate::console::ui::Ui;
use crate::console::views;
use crate::domain::event::{Event, EventKind};
use crate::domain::link::EventRole;

pub struct BoardPane;

pub const NEXT_SUITE: Command = Command::Own("next_suite");
pub const PREV_SUITE: Command = Command::Own("prev_suite");
pub const PICK_SUITE: Command = Command::Own("pick_suite");
pub const RECORD_VISIT: Command = Command::Own("record_visit");
pub const RECORD_REVIEW: Command = Command::Own("record_review");
pub const MOVE_CELL: Command = Command::Own("move_cell");
pub const BOOK_IN: Command = Command::Own("book_in");
pub const RISK_ASSESSMENT: Command = Command::Own("risk_assessment");
pub const RIGHTS: Command = Command::Own("rights");
pub const APPROPRIATE_ADULT: Command = Command::Own("appropriate_adult");
pub const CHARGE: Command = Command::Own("charge");
pub const RELEASE: Command = Command::Own("release");

const ABOUT: About = About::new(PaneId::Board, "Custody")
    .tab("Detainee board")
    .palette("custody [SUITE]", "detainee board, one suite or all (also :board)", &["board"])
    .commands(&[
        CommandInfo::new(NEXT_SUITE, "Next suite (or all)", &["right"]),
        CommandInfo::new(PREV_SUITE, "Previous suite (or all)", &["left"]),
        CommandInfo::new(PICK_SUITE, "Pick a suite", &["s"]),
        CommandInfo::new(RECORD_VISIT, "Record a cell visit", &["v"]).writes(EventKind::Custody),
        // The custody forms: a review of detention, a cell move.
        CommandInfo::new(RECORD_REVIEW, "Record a review", &["R"]).writes(EventKind::Custody),
        CommandInfo::new(MOVE_CELL, "Move to another cell", &["m"]).writes(EventKind::Custody),
        // The custody desk's work from arrival to release.
        CommandInfo::new(BOOK_IN, "Book a detainee in", &["b"]).writes(EventKind::Custody),
        CommandInfo::new(RISK_ASSESSMENT, "Risk assessment", &["a"]).writes(EventKind::Custody),
        CommandInfo::new(RIGHTS, "Rights given or delayed", &["i"]).writes(EventKind::Custody),
        CommandInfo::new(APPROPRIATE_ADULT, "Appropriate adult", &["A"]).writes(EventKind::Custody),
        CommandInfo::new(CHARGE, "Charge (opens the case)", &["c"]).writes(EventKind::Custody),
        CommandInfo::new(RELEASE, "Release: bail, NFA…", &["x"]).writes(EventKind::Custody),
    ])
    // Custody records, and the people on the board (their markers).
    .topics(&["custody", "persons"]);

impl Pane for BoardPane {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn list_rows(&self, body: u16) -> u16 {
        // A bordered list with a header and a line for its filters.
        body.saturating_sub(4)
    }

    fn render(&self, state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
        panes::board::render(state, ui, frame, area);
    }

    fn render_dialog(&self, state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
        if let Overlay::Custody(form) = &state.overlay {
            panes::custody_form::render(form, ui, frame, area);
        }
    }

    fn ids(&self, state: &State) -> Vec<String> {
        views::board_rows(state).iter().map(|(e, _)| e.id.clone()).collect()
    }

    fn list<'a>(&self, state: &'a State) -> Option<&'a ListState> {
        Some(&state.board.rows.list)
    }

    fn list_mut<'a>(&self, state: &'a mut State) -> Option<&'a mut ListState> {
        Some(&mut state.board.rows.list)
    }

    fn load(&self, state: &mut State, force: bool) -> Vec<Effect> {
        let mut effects = Vec::new();
        if state.board.suites.is_empty() || force {
            effects.push(Effect::LoadSuites);
        }
        effects.extend(rows::load(&mut state.board.rows, ListId::Board, force));
        effects
    }

    fn command(&self, state: &mut State, command: Command) -> Option<Vec<Effect>> {
        Some(match command {
            NEXT_SUITE | PREV_SUITE => {
                let ids: Vec<Option<String>> =
                    std::iter::once(None).chain(state.board.suites.iter().map(|s| Some(s.id.clone()))).collect();
                state.board.suite = cycle(&ids, &state.board.suite, command == NEXT_SUITE);
                reselect(state);
                Vec::new()
            }
            PICK_SUITE => {
                let names = suite_names(state);
                let current = state.board.suites.iter().find(|s| Some(&s.id) == state.board.suite.as_ref());
                let current = current.map(|s| s.name.clone());
                picker::open(state, ("suite", "Custody suite"), &names, current.as_ref(), String::clone)
            }
            RECORD_VISIT => record_visit(state),
            RECORD_REVIEW => custody_form::open(state, CustodyFormKind::Review),
            MOVE_CELL => custody_form::open(state, CustodyFormKind::CellMove),
            BOOK_IN => custody_book_in::start(state),
            RISK_ASSESSMENT => custody_form::open(state, CustodyFormKind::RiskAssessment),
            RIGHTS => custody_form::open(state, CustodyFormKind::Rights),
            APPROPRIATE_ADULT => custody_form::open(state, CustodyFormKind::AppropriateAdult),
            CHARGE => custody_form::open(state, CustodyFormKind::Charge),
            RELEASE => custody_form::open(state, CustodyFormKind::Release),
            _ => return None,
        })
    }

    fn pick(&self, state: &mut State, _filter: &'static str, value: Option<&str>) -> Vec<Effect> {
        state.board.suite =
            value.and_then(|name| state.board.suites.iter().find(|s| s.name == name)).map(|s| s.id.clone());
        reselect(state);
        Vec::new()
    }

    /// Every suite (the typed filter is cleared already).
    fn clear_filters(&self, state: &mut State) -> Vec<Effect> {
        state.board.suite = None;
        reselect(state);
        Vec::new()
    }

    /// `:custody SUITE` shows one suite (kept until the suites come, if
    /// they have not yet); `:custody` or `:custody all` every suite.
    fn palette(&self, state: &mut State, arg: &str, switched: Vec<Effect>) -> Vec<Effect> {
        if arg.is_empty() || arg == "all" {
            state.board.suite = None;
        } else if !select_suite(state, arg) {
            if state.board.suites.is_empty() {
                state.board.pending_suite = Some(arg.to_string());
            } else {
                state.message = Some(error_message(state, format!("no custody suite matches '{arg}'")));
            }
        }
        switched
    }

    fn open(&self, state: &mut State, id: String) -> Vec<Effect> {
        if let Some(record) = state.board.rows.items.iter().find(|e| e.id == id).cloned() {
            return event::show(state, record);
        }
        Vec::new()
    }

    fn dialog(&self, state: &mut State, key: &Key) -> Option<Vec<Effect>> {
        custody_form::key(state, key)
    }

    fn reply(&self, state: &mut State, action: Action) -> Reply {
        Reply::Done(match action {
            Action::BoardLoaded(result) => board_loaded(state, result),
            Action::ListLoaded { list: ListId::Board, result } => list_loaded(state, result),
            Action::SuitesLoaded(Ok(suites)) => {
                state.board.suites = suites;
                if let Some(wanted) = state.board.pending_suite.take() {
                    if !select_suite(state, &wanted) {
                        state.message = Some(error_message(state, format!("no custody suite matches '{wanted}'")));
                    }
                }
                reselect(state);
                Vec::new()
            }
            Action::BookedIn(result) => {
                let (mut effects, opened) = custody_book_in::booked(state, result);
                if let Some(event) = opened {
                    effects.extend(self.put(state, &event));
                    state.changed.insert(event.id, state.now);
                    reselect(state);
                }
                effects
            }
            Action::SuitesLoaded(Err(e)) => fail(state, e, |s, text| s.message = Some(error_message(s, text))),
            other => return Reply::NotMine(other),
        })
    }

    fn held(&self, state: &State, kind: EventKind, id: &str) -> Option<i64> {
        (kind == EventKind::Custody).then(|| rows::held(&state.board.rows, id)).flatten()
    }

    fn follow_record(&self, state: &mut State, kind: EventKind, change: &Change) -> Vec<Effect> {
        if kind != EventKind::Custody {
            return Vec::new();
        }
        rows::follow(&mut state.board.rows, ListId::Board, &change.record_id)
    }

    /// A person's markers may have changed: the board is asked again (a
    /// change to a custody record leaves its detainee's alone).
    fn follow(&self, state: &mut State, change: &Change) -> Vec<Effect> {
        if change.topic == "persons" {
            for id in &change.person_ids {
                state.people.remove(id);
            }
        }
        ensure_briefs(state)
    }

    fn put(&self, state: &mut State, event: &Event) -> Vec<Effect> {
        if event.kind != EventKind::Custody {
            return Vec::new();
        }
        rows::put(&mut state.board.rows, event);
        ensure_briefs(state)
    }

    fn remove(&self, state: &mut State, kind: EventKind, id: &str) {
        if kind == EventKind::Custody {
            rows::remove(&mut state.board.rows, id);
        }
    }

    fn saved(&self, state: &mut State, save: &SaveReply) {
        custody_form::saved(state, save);
    }

    fn unsaved_work(&self, state: &State) -> Vec<&'static str> {
        let open = matches!(&state.overlay, Overlay::Custody(f) if f.has_text());
        if open || state.board.draft.as_ref().is_some_and(CustodyForm::has_text) {
            return vec!["An unsent custody form would be lost."];
        }
        Vec::new()
    }
}

/// Keeps the board's selection on its record after its rows changed.
fn reselect(state: &mut State) {
    let ids = BoardPane.ids(state);
    views::reselect(&mut state.board.rows.list, &ids);
}

/// Chooses the suite `text` names (its id, code or name, in any case), else
/// the first whose name contains it.
pub fn select_suite(state: &mut State, text: &str) -> bool {
    let wanted = text.to_lowercase();
    let suites = &state.board.suites;
    let found = crate::domain::location::find_place(suites, text)
        .or_else(|| suites.iter().find(|s| s.name.to_lowercase().contains(&wanted)));
    match found {
        Some(suite) => {
            state.board.suite = Some(suite.id.clone());
            true
        }
        None => false,
    }
}

fn list_loaded(state: &mut State, result: Result<EventPage, ClientError>) -> Vec<Effect> {
    let mut effects = rows::loaded(state, ListId::Board, |s| &mut s.board.rows, result);
    reselect(state);
    effects.extend(ensure_briefs(state));
    effects
}

/// The board's reply: its records go in the list like any page, and each
/// detainee's warning markers come with it (no search per detainee).
fn board_loaded(state: &mut State, result: Result<Board, ClientError>) -> Vec<Effect> {
    let page = result.map(|board| {
        let mut items = Vec::with_capacity(board.rows.len());
        for row in board.rows {
            if let Some(id) = row.person_id {
                let brief = state.people.entry(id).or_default();
                brief.name = row.name;
                brief.markers = row.markers;
                brief.flags = row.flags;
                brief.flags.in_custody = true;
            }
            items.push(row.event);
        }
        EventPage { items, next: None, ..Default::default() }
    });
    list_loaded(state, page)
}

/// A detainee on the board whose markers are not known yet (new on the
/// board, or their person record changed) reloads the board once: it
/// carries everyone's markers in one reply.
fn ensure_briefs(state: &mut State) -> Vec<Effect> {
    let rows: &Rows = &state.board.rows;
    let mut unknown = Vec::new();
    for event in &rows.items {
        let person = event.people.iter().find(|p| p.role == EventRole::Detainee).or(event.people.first());
        if let Some(person) = person {
            if !state.people.contains_key(&person.person_id) {
                unknown.push(person.person_id.clone());
            }
        }
    }
    // A board already on its way carries them; this runs again when it lands.
    if unknown.is_empty() || rows.loading {
        return Vec::new();
    }
    // Asked once: a detainee the board cannot describe does not ask again.
    for id in unknown {
        state.people.insert(id, Brief::default());
    }
    state.board.rows.loading = true;
    vec![Effect::LoadList(ListId::Board)]
}

/// `v`: the visit form, asking the detainee's condition and what was
/// seen (and, at a level that needs rousing, whether it worked): a visit
/// is a record of care, never one stray key.
fn record_visit(state: &mut State) -> Vec<Effect> {
    custody_form::open(state, CustodyFormKind::Visit)
}

/// The suites by name, as the picker offers them.
fn suite_names(state: &State) -> Vec<String> {
    state.board.suites.iter().map(|s| s.name.clone()).collect()
}
