//! `update(&mut State, Action) -> Vec<Effect>`: every change to the console
//! happens here, without I/O, so keys-in/state-out is testable.

use chrono::{DateTime, Utc};

use super::action::{Action, Command, Edit, ListId, Live};
use super::custody_form;
use super::effect::Effect;
use super::layout;
use super::palette;
use super::state::{
    Allocation, Brief, CustodyFormKind, Level, LoginField, LookupFocus, Message, NoteInput, Overlay, PaneId,
    ReasonPrompt, Rows, Screen, Session, State, WarrantFormKind, RECENT_REASONS,
};
use super::views;
use super::warrant_work;
use crate::api::custody::Board;
use crate::client::{ClientError, ConnectionState};
use crate::domain::custody::CustodyAction;
use crate::domain::event::{CaseStatus, Event, EventDetails, EventKind, WarrantKind};
use crate::domain::link::EventRole;
use crate::domain::pace::Observation;
use crate::domain::role::Roles;
use crate::domain::warrant_lifecycle::WarrantAction;

/// How long a status-bar message stays.
const MESSAGE_SECONDS: i64 = 8;

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Tick(now) => tick(state, now),
        Action::Resize(width, height) => {
            state.size = (width, height);
            Vec::new()
        }
        Action::Command(command) => command_in_context(state, command),
        Action::Run(line) => palette::run(state, &line),
        Action::Edit(edit) => apply_edit(state, edit),
        Action::Submit => submit(state),
        Action::Cancel => cancel(state),
        Action::Pick(delta) => pick(state, delta),
        Action::LoggedIn(result) => logged_in(state, result),
        Action::SessionChecked(result) => match result {
            Ok(me) => {
                state.session =
                    Some(Session { username: me.username, roles: Roles(me.roles), expires_at: me.expires_at });
                state.screen = Screen::Main;
                let mut effects = vec![Effect::Subscribe { last_event_id: state.live.last_event_id }];
                effects.extend(start_main(state));
                effects
            }
            Err(e) if e.is_unauthenticated() => expire(state, "Your session has ended: log in again."),
            Err(e) => {
                // The server is out of reach: show the console, marked
                // stale, and let the stream keep trying.
                state.screen = Screen::Main;
                state.message = Some(error_message(state, e.to_string()));
                let mut effects = vec![Effect::Subscribe { last_event_id: state.live.last_event_id }];
                effects.extend(start_main(state));
                effects
            }
        },
        Action::SearchDone { seq, result } => search_done(state, seq, result),
        Action::ProfileLoaded { person_id, result } => {
            if state.profile.person_id.as_deref() != Some(person_id.as_str()) {
                return Vec::new();
            }
            state.profile.loading = false;
            match result {
                Ok(profile) => {
                    state.profile.name = profile.person.display_name();
                    state.profile.profile = Some(profile);
                    state.profile.error = None;
                    mark_updated(state);
                    let ids = timeline_ids(state);
                    views::reselect(&mut state.profile.list, &ids);
                    Vec::new()
                }
                Err(e) => fail(state, e, |s, text| s.profile.error = Some(text)),
            }
        }
        Action::EventLoaded(result) => match result {
            Ok(event) => {
                open_event(state, event);
                Vec::new()
            }
            Err(e) => fail(state, e, |s, text| s.message = Some(error_message(s, text))),
        },
        Action::ListLoaded { list, result } => list_loaded(state, list, result),
        Action::SuitesLoaded(result) => match result {
            Ok(suites) => {
                state.board.suites = suites;
                if let Some(wanted) = state.board.pending_suite.take() {
                    if !palette::select_suite(state, &wanted) {
                        state.message = Some(error_message(state, format!("no custody suite matches '{wanted}'")));
                    }
                }
                reselect_all(state)
            }
            Err(e) => fail(state, e, |s, text| s.message = Some(error_message(s, text))),
        },
        Action::Refreshed { kind, id, result } => match result {
            Ok(event) => {
                upsert(state, event);
                mark_updated(state);
                ensure_briefs(state)
            }
            Err(e) if e.code() == Some("not_found") => {
                remove(state, kind, &id);
                Vec::new()
            }
            Err(e) => fail(state, e, |s, text| s.message = Some(error_message(s, text))),
        },
        // ---- custody board: one request ----
        Action::BoardLoaded(result) => board_loaded(state, result),
        // ----
        Action::Saved { what, result } => saved(state, what, result),
        Action::Live(live) => live_message(state, live),
        // ---- review queue ----
        Action::ReviewLoaded(Err(e)) if e.is_unauthenticated() => {
            state.review.loading = false;
            expire(state, "Your session has expired: log in again.")
        }
        Action::ReviewLoaded(result) => super::review::loaded(state, result),
        Action::Decided { result: Err(e), .. } if e.is_unauthenticated() => {
            state.writes_in_flight = state.writes_in_flight.saturating_sub(1);
            if let Overlay::Decide(prompt) = &mut state.overlay {
                prompt.busy = false;
            }
            expire(state, "Your session has expired: log in again, then decide again.")
        }
        Action::Decided { decision, source, source_ref, result } => {
            super::review::decided(state, decision, source, source_ref, result)
        }
        Action::QueueLoaded { seq, append, result } => warrant_work::queue_loaded(state, seq, append, result),
        Action::QueueRowLoaded { seq, id, result } => warrant_work::row_loaded(state, seq, &id, result),
    }
}

// ---- helpers shared with the palette ------------------------------------

pub fn error_message(state: &State, text: impl Into<String>) -> Message {
    Message { text: text.into(), level: Level::Error, at: state.now }
}

pub fn info_message(state: &State, text: impl Into<String>) -> Message {
    Message { text: text.into(), level: Level::Info, at: state.now }
}

/// A lifecycle action on a record, sent at `version`; it counts as a write
/// in flight until the server's answer comes back.
pub fn send_action(
    state: &mut State,
    what: String,
    kind: EventKind,
    id: String,
    version: i64,
    action: &impl serde::Serialize,
) -> Vec<Effect> {
    state.writes_in_flight += 1;
    vec![Effect::Save { what, kind, id, version, action: serde_json::to_value(action).unwrap_or_default() }]
}

/// A failed request: an expired session sends the operator to log in
/// (keeping everything else); anything else is shown by `show`.
fn fail(state: &mut State, error: ClientError, show: impl FnOnce(&mut State, String)) -> Vec<Effect> {
    if error.is_unauthenticated() {
        return expire(state, "Your session has expired: log in again.");
    }
    show(state, error.to_string());
    Vec::new()
}

pub fn expire(state: &mut State, notice: &str) -> Vec<Effect> {
    if let (true, Some(session)) = (state.login.username.is_empty(), &state.session) {
        state.login.username = session.username.clone();
    }
    state.screen = Screen::Login;
    state.session = None;
    state.login.notice = Some(notice.to_string());
    state.login.password.clear();
    state.login.busy = false;
    state.login.field = if state.login.username.is_empty() { LoginField::Username } else { LoginField::Password };
    vec![Effect::DropSession]
}

fn mark_updated(state: &mut State) {
    state.live.updated_at = Some(state.now);
}

fn tick(state: &mut State, now: DateTime<Utc>) -> Vec<Effect> {
    state.now = now;
    let mark = chrono::Duration::seconds(super::state::CHANGED_MARK_SECONDS);
    state.changed.retain(|_, at| now - *at < mark);
    if state.message.as_ref().is_some_and(|m| (now - m.at).num_seconds() >= MESSAGE_SECONDS) {
        state.message = None;
    }
    if state.screen == Screen::Main && state.session.as_ref().is_some_and(|s| s.expires_at <= now) {
        return expire(state, "Your session has expired: log in again.");
    }
    Vec::new()
}

/// After login: subscribe and load what the current pane shows.
fn start_main(state: &mut State) -> Vec<Effect> {
    let mut effects = Vec::new();
    let pane = state.pane;
    effects.extend(load_pane(state, pane, false));
    if !state.lookup.query.trim().is_empty() {
        effects.extend(search(state));
    }
    effects
}

// ---- panes ----------------------------------------------------------------

pub fn switch_pane(state: &mut State, pane: PaneId) -> Vec<Effect> {
    if pane == PaneId::Event && state.event.is_none() {
        return Vec::new();
    }
    state.pane = pane;
    load_pane(state, pane, false)
}

/// Loads what `pane` shows, if not loaded yet (or always when `force`).
fn load_pane(state: &mut State, pane: PaneId, force: bool) -> Vec<Effect> {
    let mut effects = Vec::new();
    let list = match pane {
        PaneId::Board => {
            if state.board.suites.is_empty() || force {
                effects.push(Effect::LoadSuites);
            }
            Some(ListId::Board)
        }
        PaneId::Warrants => {
            let rows = &state.warrants.rows;
            if force || (!rows.loaded && !rows.loading) {
                effects.extend(warrant_work::reload(state));
            }
            None
        }
        PaneId::Cases => Some(ListId::Cases),
        PaneId::Profile if force => {
            if let (Some(id), Some(reason)) = (&state.profile.person_id, &state.profile.reason) {
                state.profile.loading = true;
                effects.push(Effect::LoadProfile { person_id: id.clone(), reason: reason.clone() });
            }
            None
        }
        PaneId::Lookup if force => {
            effects.extend(search(state));
            None
        }
        PaneId::Event if force => {
            if let Some(view) = &state.event {
                effects.push(Effect::Refresh { kind: view.event.kind, id: view.event.id.clone() });
            }
            None
        }
        PaneId::Review => {
            effects.extend(super::review::load(state, force));
            None
        }
        _ => None,
    };
    if let Some(list) = list {
        let rows = rows_mut(state, list);
        if force || (!rows.loaded && !rows.loading) {
            rows.loading = true;
            effects.push(Effect::LoadList(list));
        }
    }
    effects
}

fn rows_mut(state: &mut State, list: ListId) -> &mut Rows {
    match list {
        ListId::Board => &mut state.board.rows,
        ListId::Cases => &mut state.cases.rows,
    }
}

fn kind_of_list(list: ListId) -> EventKind {
    match list {
        ListId::Board => EventKind::Custody,
        ListId::Cases => EventKind::Case,
    }
}

fn list_for_kind(kind: EventKind) -> Option<ListId> {
    match kind {
        EventKind::Custody => Some(ListId::Board),
        EventKind::Case => Some(ListId::Cases),
        _ => None,
    }
}

/// The ids of the rows the current pane shows, top to bottom.
fn current_ids(state: &State) -> Vec<String> {
    match state.pane {
        PaneId::Lookup => state.lookup.hits.iter().map(|h| h.person_id.clone()).collect(),
        PaneId::Profile => timeline_ids(state),
        PaneId::Board => views::board_rows(state).iter().map(|(e, _)| e.id.clone()).collect(),
        PaneId::Warrants => views::warrant_rows(state).iter().map(|r| r.id.clone()).collect(),
        PaneId::Cases => views::case_rows(state).iter().map(|(e, _)| e.id.clone()).collect(),
        PaneId::Event => Vec::new(),
        PaneId::Review => super::review::ids(state),
    }
}

fn timeline_ids(state: &State) -> Vec<String> {
    views::timeline_rows(state).iter().map(|t| t.id.clone()).collect()
}

fn current_list_mut(state: &mut State) -> Option<&mut super::state::ListState> {
    match state.pane {
        PaneId::Lookup => Some(&mut state.lookup.list),
        PaneId::Profile => Some(&mut state.profile.list),
        PaneId::Board => Some(&mut state.board.rows.list),
        PaneId::Warrants => Some(&mut state.warrants.rows.list),
        PaneId::Cases => Some(&mut state.cases.rows.list),
        PaneId::Event => None,
        PaneId::Review => Some(&mut state.review.list),
    }
}

/// Re-finds every list's selected record after rows or filters changed.
pub fn reselect_all(state: &mut State) -> Vec<Effect> {
    let saved = state.pane;
    for pane in PaneId::MAIN {
        state.pane = pane;
        let ids = current_ids(state);
        if let Some(list) = current_list_mut(state) {
            views::reselect(list, &ids);
        }
    }
    state.pane = saved;
    Vec::new()
}

// ---- commands -------------------------------------------------------------

fn command_in_context(state: &mut State, wanted: Command) -> Vec<Effect> {
    if wanted == Command::ForceQuit {
        state.quit = true;
        return Vec::new();
    }
    if state.screen == Screen::Login {
        return Vec::new();
    }
    match state.overlay {
        Overlay::None => command(state, wanted),
        // Help closes on any command; other dialogs take their own keys.
        Overlay::Help => {
            state.overlay = Overlay::None;
            Vec::new()
        }
        _ => Vec::new(),
    }
}

pub fn command(state: &mut State, command: Command) -> Vec<Effect> {
    let height = layout::list_height(state, state.pane);
    let page = height.saturating_sub(1).max(1) as isize;
    match command {
        Command::ForceQuit => {
            state.quit = true;
            Vec::new()
        }
        Command::Quit => {
            if state.has_unsaved_work() {
                state.overlay = Overlay::ConfirmQuit;
            } else {
                state.quit = true;
            }
            Vec::new()
        }
        Command::Help => {
            state.overlay = Overlay::Help;
            Vec::new()
        }
        Command::Palette => {
            state.overlay = Overlay::Palette { input: String::new(), error: None };
            Vec::new()
        }
        Command::Filter => {
            match state.pane {
                PaneId::Lookup => state.lookup.focus = LookupFocus::Input,
                PaneId::Event => {}
                _ => {
                    if let Some(list) = current_list_mut(state) {
                        list.filter_editing = true;
                    }
                }
            }
            Vec::new()
        }
        Command::PaneLookup => switch_pane(state, PaneId::Lookup),
        Command::PaneProfile => switch_pane(state, PaneId::Profile),
        Command::PaneBoard => switch_pane(state, PaneId::Board),
        Command::PaneWarrants => switch_pane(state, PaneId::Warrants),
        Command::PaneCases => switch_pane(state, PaneId::Cases),
        Command::NextPane | Command::PrevPane => {
            let index = PaneId::MAIN.iter().position(|p| *p == state.pane).unwrap_or(0);
            let step = if command == Command::NextPane { 1 } else { PaneId::MAIN.len() - 1 };
            switch_pane(state, PaneId::MAIN[(index + step) % PaneId::MAIN.len()])
        }
        Command::Refresh => {
            let pane = state.pane;
            load_pane(state, pane, true)
        }
        Command::Back => back(state),
        Command::Up => move_by(state, -1, height),
        Command::Down => move_by(state, 1, height),
        Command::PageUp => move_by(state, -page, height),
        Command::PageDown => move_by(state, page, height),
        Command::FirstRow => move_by(state, isize::MIN / 2, height),
        Command::LastRow => move_by(state, isize::MAX / 2, height),
        Command::Open => open(state),
        Command::FocusSearch => {
            state.lookup.focus = LookupFocus::Input;
            Vec::new()
        }
        Command::ClearSearch => {
            state.lookup.query.clear();
            state.lookup.focus = LookupFocus::Input;
            search(state)
        }
        Command::NextSuite | Command::PrevSuite => {
            let ids: Vec<Option<String>> =
                std::iter::once(None).chain(state.board.suites.iter().map(|s| Some(s.id.clone()))).collect();
            state.board.suite = cycle(&ids, &state.board.suite, command == Command::NextSuite);
            reselect_all(state)
        }
        Command::CycleKind => {
            let kinds: Vec<Option<WarrantKind>> = std::iter::once(None).chain(WarrantKind::ALL.map(Some)).collect();
            state.warrants.kind = cycle(&kinds, &state.warrants.kind, true);
            warrant_work::refilter(state)
        }
        Command::CycleBorough => {
            let boroughs: Vec<Option<String>> = std::iter::once(None)
                .chain(crate::domain::boroughs::BOROUGHS.iter().map(|b| Some(b.to_string())))
                .collect();
            state.warrants.borough = cycle(&boroughs, &state.warrants.borough, true);
            warrant_work::refilter(state)
        }
        Command::CycleAllocation => {
            const ALL: [Allocation; 4] =
                [Allocation::All, Allocation::Allocated, Allocation::Unallocated, Allocation::Mine];
            state.warrants.allocation = cycle(&ALL, &state.warrants.allocation, true);
            warrant_work::refilter(state)
        }
        Command::CycleStatus => {
            const STATUSES: [Option<CaseStatus>; 12] = [
                None,
                Some(CaseStatus::UnderInvestigation),
                Some(CaseStatus::EarlyAdvice),
                Some(CaseStatus::AwaitingCps),
                Some(CaseStatus::Charged),
                Some(CaseStatus::FirstHearingListed),
                Some(CaseStatus::PleaEntered),
                Some(CaseStatus::PreTrialHearing),
                Some(CaseStatus::TrialListed),
                Some(CaseStatus::Result),
                Some(CaseStatus::Finalised),
                Some(CaseStatus::RejectedForQuality),
            ];
            state.cases.status = cycle(&STATUSES, &state.cases.status, true);
            reselect_all(state)
        }
        Command::CycleOfficer => {
            let mut officers: Vec<Option<String>> = state
                .cases
                .rows
                .items
                .iter()
                .filter_map(|e| views::case(e).map(|d| Some(d.officer_in_case.clone())))
                .collect();
            officers.sort();
            officers.dedup();
            officers.insert(0, None);
            state.cases.officer = cycle(&officers, &state.cases.officer, true);
            reselect_all(state)
        }
        Command::RecordVisit => record_visit(state),
        Command::RecordAttempt => record_attempt(state),
        // ---- custody board forms ----
        Command::RecordReview => custody_form::open(state, CustodyFormKind::Review),
        Command::MoveCell => custody_form::open(state, CustodyFormKind::CellMove),
        // ----
        // ---- review queue ----
        Command::PaneReview => switch_pane(state, PaneId::Review),
        Command::AcceptMatch | Command::RejectMatch | Command::SplitMatch => super::review::command(state, command),
        // ---- warrant queue work ----
        Command::CyclePriority => {
            let bands = state.warrants.bands;
            let floors = [None, Some(bands.medium_from), Some(bands.high_from)];
            state.warrants.min_priority = cycle(&floors, &state.warrants.min_priority, true);
            warrant_work::refilter(state)
        }
        Command::AllocateToMe => warrant_work::allocate_to_me(state),
        Command::AllocateWarrant => warrant_work::open_form(state, WarrantFormKind::Allocate),
        Command::ExecuteWarrant => warrant_work::open_form(state, WarrantFormKind::Execute),
        Command::WithdrawWarrant => warrant_work::open_form(state, WarrantFormKind::Withdraw),
        // ---- end of warrant queue work ----
    }
}

/// The value after (or before) `current` in `values`, wrapping.
fn cycle<T: Clone + PartialEq>(values: &[T], current: &T, forward: bool) -> T {
    let index = values.iter().position(|v| v == current).unwrap_or(0);
    let len = values.len().max(1);
    let next = if forward { (index + 1) % len } else { (index + len - 1) % len };
    values.get(next).cloned().unwrap_or_else(|| current.clone())
}

fn move_by(state: &mut State, delta: isize, height: usize) -> Vec<Effect> {
    if state.pane == PaneId::Event {
        if let Some(view) = &mut state.event {
            let step = delta.clamp(-1000, 1000) as i32;
            view.scroll = (i32::from(view.scroll) + step).clamp(0, 10_000) as u16;
        }
        return Vec::new();
    }
    if state.pane == PaneId::Lookup {
        // Arrows work from the search box, as in any finder.
        if state.lookup.hits.is_empty() {
            return Vec::new();
        }
    }
    if state.pane == PaneId::Warrants {
        return warrant_work::move_by(state, delta, height);
    }
    let ids = current_ids(state);
    if let Some(list) = current_list_mut(state) {
        views::move_selection(list, &ids, delta, height);
    }
    Vec::new()
}

fn back(state: &mut State) -> Vec<Effect> {
    match state.pane {
        PaneId::Event => {
            let to = state.event.as_ref().map(|v| v.return_to).unwrap_or(PaneId::Lookup);
            state.pane = to;
        }
        PaneId::Lookup => {
            state.lookup.focus = LookupFocus::Input;
        }
        _ => {
            if let Some(list) = current_list_mut(state) {
                if !list.filter.is_empty() {
                    list.filter.clear();
                    return filtered(state);
                }
            }
            if state.pane == PaneId::Profile {
                state.pane = PaneId::Lookup;
            }
        }
    }
    Vec::new()
}

fn selected_id(state: &State) -> Option<String> {
    let ids = current_ids(state);
    let list = match state.pane {
        PaneId::Lookup => &state.lookup.list,
        PaneId::Profile => &state.profile.list,
        PaneId::Board => &state.board.rows.list,
        PaneId::Warrants => &state.warrants.rows.list,
        PaneId::Cases => &state.cases.rows.list,
        PaneId::Event => return None,
        PaneId::Review => &state.review.list,
    };
    views::selected_index(&ids, list).map(|i| ids[i].clone())
}

fn open(state: &mut State) -> Vec<Effect> {
    let Some(id) = selected_id(state) else {
        return Vec::new();
    };
    match state.pane {
        PaneId::Lookup => {
            let name = state.lookup.hits.iter().find(|h| h.person_id == id).map(|h| h.name.clone()).unwrap_or_default();
            let pick = if state.recent_reasons.is_empty() { None } else { Some(0) };
            state.overlay = Overlay::Reason(ReasonPrompt { person_id: id, name, input: String::new(), pick });
        }
        PaneId::Profile => {
            let entry = state.profile.profile.as_ref().and_then(|p| p.timeline.iter().find(|t| t.id == id)).cloned();
            match entry {
                Some(entry) if entry.withheld || entry.event.is_none() => {
                    state.message = Some(error_message(
                        state,
                        format!("This {} record is withheld: your role may not see it.", entry.kind),
                    ));
                }
                Some(entry) => {
                    if let Some(event) = entry.event {
                        open_event(state, event);
                    }
                }
                None => {}
            }
        }
        PaneId::Warrants => return vec![Effect::OpenRecord { kind: EventKind::Warrant, id }],
        PaneId::Board | PaneId::Cases => {
            let event = [&state.board.rows, &state.cases.rows]
                .iter()
                .flat_map(|r| r.items.iter())
                .find(|e| e.id == id)
                .cloned();
            if let Some(event) = event {
                open_event(state, event);
            }
        }
        PaneId::Event | PaneId::Review => {}
    }
    Vec::new()
}

fn open_event(state: &mut State, event: Event) {
    let return_to = match state.pane {
        PaneId::Event => state.event.as_ref().map(|v| v.return_to).unwrap_or(PaneId::Lookup),
        pane => pane,
    };
    state.event = Some(super::state::EventView { event, return_to, scroll: 0 });
    state.pane = PaneId::Event;
}

fn record_visit(state: &mut State) -> Vec<Effect> {
    if !state.roles().may_write(EventKind::Custody) {
        state.message = Some(error_message(state, "Your role may not record cell visits."));
        return Vec::new();
    }
    let Some(id) = selected_id(state) else {
        return Vec::new();
    };
    let Some(event) = state.board.rows.items.iter().find(|e| e.id == id).cloned() else {
        return Vec::new();
    };
    let EventDetails::Custody(details) = &event.details else {
        return Vec::new();
    };
    // ---- custody board forms ----
    // A level that needs rousing asks whether it worked: a short form.
    if Observation::from_level(details.observation_level).needs_rousing() {
        return custody_form::open(state, CustodyFormKind::Visit);
    }
    // ----
    let action = CustodyAction::Visit { at: Some(state.now), roused: None, notes: String::new() };
    let what = format!("Visit to {} in cell {}", event.summary, details.cell);
    state.message = Some(info_message(state, format!("{what}: saving…")));
    send_action(state, what, EventKind::Custody, id, event.version, &action)
}

fn record_attempt(state: &mut State) -> Vec<Effect> {
    if !state.roles().may_write(EventKind::Warrant) {
        state.message = Some(error_message(state, "Your role may not log warrant attempts."));
        return Vec::new();
    }
    let Some(id) = selected_id(state) else {
        return Vec::new();
    };
    let Some(event) = warrant_work::row(state, &id).cloned() else {
        return Vec::new();
    };
    // Resume an unsent note for this warrant.
    let note = match state.warrants.draft.take() {
        Some(draft) if draft.record_id == id => draft,
        other => {
            state.warrants.draft = other;
            NoteInput {
                record_id: id,
                title: format!("Attempt to execute {} ({})", event.reference, event.person_name),
                text: String::new(),
                saving: false,
                error: None,
            }
        }
    };
    state.overlay = Overlay::Note(note);
    Vec::new()
}

// ---- text input and dialogs ----------------------------------------------

fn edit_text(text: &mut String, edit: &Edit) {
    match edit {
        Edit::Insert(c) => {
            if text.chars().count() < 500 {
                text.push(*c);
            }
        }
        Edit::Backspace => {
            text.pop();
        }
        Edit::DeleteWord => {
            let trimmed = text.trim_end().len();
            text.truncate(trimmed);
            let cut = text.rfind(char::is_whitespace).map(|i| i + 1).unwrap_or(0);
            text.truncate(cut);
        }
        Edit::Clear => text.clear(),
    }
}

fn apply_edit(state: &mut State, edit: Edit) -> Vec<Effect> {
    if state.screen == Screen::Login {
        let field = match state.login.field {
            LoginField::Username => &mut state.login.username,
            LoginField::Password => &mut state.login.password,
        };
        edit_text(field, &edit);
        state.login.error = None;
        return Vec::new();
    }
    match &mut state.overlay {
        Overlay::Palette { input, error } => {
            edit_text(input, &edit);
            *error = None;
            return Vec::new();
        }
        Overlay::Reason(prompt) => {
            edit_text(&mut prompt.input, &edit);
            prompt.pick = None;
            return Vec::new();
        }
        Overlay::Note(note) => {
            edit_text(&mut note.text, &edit);
            return Vec::new();
        }
        // ---- custody board forms ----
        Overlay::Custody(form) => {
            custody_form::edit(form, &edit, edit_text);
            return Vec::new();
        }
        // ----
        Overlay::Decide(prompt) => {
            edit_text(&mut prompt.reason, &edit);
            prompt.error = None;
            return Vec::new();
        }
        Overlay::WarrantForm(form) => {
            warrant_work::edit(form, |text| edit_text(text, &edit));
            return Vec::new();
        }
        Overlay::Help | Overlay::ConfirmQuit => return Vec::new(),
        Overlay::None => {}
    }
    if state.pane == PaneId::Lookup {
        edit_text(&mut state.lookup.query, &edit);
        state.lookup.focus = LookupFocus::Input;
        return search(state);
    }
    if let Some(list) = current_list_mut(state) {
        if list.filter_editing {
            edit_text(&mut list.filter, &edit);
            return filtered(state);
        }
    }
    Vec::new()
}

/// The typed filter of the list on screen changed: the selection follows
/// it, and the warrant queue, which the server pages, is asked again so
/// that warrants not loaded yet are found too.
pub fn filtered(state: &mut State) -> Vec<Effect> {
    let mut effects = reselect_all(state);
    if state.pane == PaneId::Warrants {
        effects.extend(warrant_work::refine(state));
    }
    effects
}

/// Asks for a search of the current query (the runtime waits a moment and
/// drops it if a newer one comes).
pub fn search(state: &mut State) -> Vec<Effect> {
    let query = state.lookup.query.trim().to_string();
    state.lookup.issued += 1;
    if query.is_empty() {
        // Nothing to ask: clear at once, and make any answer in flight old.
        state.lookup.shown = state.lookup.issued;
        state.lookup.hits.clear();
        state.lookup.answered.clear();
        state.lookup.error = None;
        state.lookup.list = Default::default();
        return Vec::new();
    }
    vec![Effect::Search { seq: state.lookup.issued, query }]
}

fn search_done(state: &mut State, seq: u64, result: Result<crate::api::SearchResponse, ClientError>) -> Vec<Effect> {
    // An answer never overwrites a newer one already shown.
    if seq <= state.lookup.shown {
        return Vec::new();
    }
    state.lookup.shown = seq;
    match result {
        Ok(response) => {
            state.lookup.hits = response.hits;
            state.lookup.answered = response.query;
            state.lookup.error = None;
            let ids: Vec<String> = state.lookup.hits.iter().map(|h| h.person_id.clone()).collect();
            if !state.lookup.list.selected.as_ref().is_some_and(|s| ids.contains(s)) {
                state.lookup.list.selected = ids.first().cloned();
                state.lookup.list.last_index = 0;
                state.lookup.list.offset = 0;
            }
            Vec::new()
        }
        Err(e) => fail(state, e, |s, text| s.lookup.error = Some(text)),
    }
}

fn submit(state: &mut State) -> Vec<Effect> {
    if state.screen == Screen::Login {
        let login = &mut state.login;
        if login.busy {
            return Vec::new();
        }
        if login.field == LoginField::Username || login.password.is_empty() {
            if login.username.trim().is_empty() {
                login.error = Some("Enter your username.".to_string());
                return Vec::new();
            }
            login.field = LoginField::Password;
            if login.password.is_empty() {
                return Vec::new();
            }
        }
        login.busy = true;
        login.error = None;
        return vec![Effect::Login { username: login.username.trim().to_string(), password: login.password.clone() }];
    }
    match std::mem::take(&mut state.overlay) {
        Overlay::Palette { input, .. } => palette::run(state, &input),
        Overlay::Reason(prompt) => give_reason(state, prompt),
        Overlay::Note(note) => send_note(state, note),
        // ---- custody board forms ----
        Overlay::Custody(form) => custody_form::submit(state, form),
        // ----
        Overlay::Decide(prompt) => super::review::submit(state, prompt),
        Overlay::WarrantForm(form) => warrant_work::submit(state, form),
        Overlay::ConfirmQuit => {
            state.quit = true;
            Vec::new()
        }
        Overlay::Help => Vec::new(),
        Overlay::None => {
            if state.pane == PaneId::Lookup && state.lookup.focus == LookupFocus::Input {
                return open(state);
            }
            if let Some(list) = current_list_mut(state) {
                if list.filter_editing {
                    list.filter_editing = false;
                    return Vec::new();
                }
            }
            command(state, Command::Open)
        }
    }
}

fn give_reason(state: &mut State, prompt: ReasonPrompt) -> Vec<Effect> {
    let typed = match prompt.pick.and_then(|i| state.recent_reasons.get(i)) {
        Some(recent) => recent.clone(),
        None => prompt.input.clone(),
    };
    // The server's rule, asked here so the prompt stays open with what was typed.
    let reason = match crate::domain::reason::checked(&typed) {
        Ok(reason) => reason,
        Err(e) => {
            let text = format!("Give the reason for opening this record (it is audited): {}", e.message);
            state.message = Some(error_message(state, text));
            state.overlay = Overlay::Reason(prompt);
            return Vec::new();
        }
    };
    state.recent_reasons.retain(|r| *r != reason);
    state.recent_reasons.insert(0, reason.clone());
    state.recent_reasons.truncate(RECENT_REASONS);
    state.profile = super::state::ProfileView {
        person_id: Some(prompt.person_id.clone()),
        name: prompt.name,
        reason: Some(reason.clone()),
        loading: true,
        ..Default::default()
    };
    state.pane = PaneId::Profile;
    vec![Effect::LoadProfile { person_id: prompt.person_id, reason }, Effect::SaveReasons(state.recent_reasons.clone())]
}

fn send_note(state: &mut State, mut note: NoteInput) -> Vec<Effect> {
    if note.saving {
        state.overlay = Overlay::Note(note);
        return Vec::new();
    }
    if note.text.trim().is_empty() {
        note.error = Some("Write what happened first.".to_string());
        state.overlay = Overlay::Note(note);
        return Vec::new();
    }
    let Some(event) = warrant_work::row(state, &note.record_id).cloned() else {
        note.error = Some("This warrant is no longer on the queue.".to_string());
        state.overlay = Overlay::Note(note);
        return Vec::new();
    };
    let action = WarrantAction::Attempt { note: note.text.trim().to_string() };
    note.saving = true;
    note.error = None;
    let what = format!("Attempt on {}", event.reference);
    let id = note.record_id.clone();
    state.overlay = Overlay::Note(note);
    send_action(state, what, EventKind::Warrant, id, event.version, &action)
}

fn cancel(state: &mut State) -> Vec<Effect> {
    if state.screen == Screen::Login {
        state.login.error = None;
        return Vec::new();
    }
    match std::mem::take(&mut state.overlay) {
        // Keep what was written: reopening the dialog resumes it.
        Overlay::Note(note) if !note.text.trim().is_empty() => {
            state.message = Some(info_message(state, "Note kept as a draft; it is not saved yet."));
            state.warrants.draft = Some(NoteInput { saving: false, ..note });
        }
        // ---- custody board forms ----
        Overlay::Custody(form) => custody_form::cancel(state, form),
        // ----
        Overlay::WarrantForm(form) => warrant_work::cancel(state, form),
        Overlay::None => {
            if state.pane == PaneId::Lookup && state.lookup.focus == LookupFocus::Input {
                state.lookup.focus = LookupFocus::List;
                return Vec::new();
            }
            if let Some(list) = current_list_mut(state) {
                if list.filter_editing {
                    list.filter_editing = false;
                    list.filter.clear();
                    return filtered(state);
                }
            }
            return command(state, Command::Back);
        }
        _ => {}
    }
    Vec::new()
}

fn pick(state: &mut State, delta: i32) -> Vec<Effect> {
    if delta == 0 {
        return Vec::new(); // a key the dialog ignores
    }
    if state.screen == Screen::Login {
        state.login.field = match state.login.field {
            LoginField::Username => LoginField::Password,
            LoginField::Password => LoginField::Username,
        };
        return Vec::new();
    }
    // ---- custody board forms ----
    if let Overlay::Custody(form) = &mut state.overlay {
        custody_form::pick(form, delta);
        return Vec::new();
    }
    // ----
    if let Overlay::WarrantForm(form) = &mut state.overlay {
        warrant_work::pick(form, delta);
        return Vec::new();
    }
    let count = state.recent_reasons.len();
    if let Overlay::Reason(prompt) = &mut state.overlay {
        prompt.pick = match (prompt.pick, delta > 0) {
            (None, true) if count > 0 => Some(0),
            (None, _) => None,
            (Some(0), false) => None,
            (Some(i), true) => Some((i + 1).min(count.saturating_sub(1))),
            (Some(i), false) => Some(i - 1),
        };
    }
    Vec::new()
}

// ---- results --------------------------------------------------------------

fn logged_in(state: &mut State, result: Result<crate::api::LoginResponse, ClientError>) -> Vec<Effect> {
    state.login.busy = false;
    match result {
        Ok(reply) => {
            state.login.password.clear();
            state.login.error = None;
            state.login.notice = None;
            state.session = Some(Session {
                username: reply.username.clone(),
                roles: Roles(reply.roles),
                expires_at: reply.expires_at,
            });
            state.screen = Screen::Main;
            let mut effects = vec![
                Effect::UseSession { token: reply.token, username: reply.username, expires_at: reply.expires_at },
                Effect::Subscribe { last_event_id: state.live.last_event_id },
            ];
            effects.extend(start_main(state));
            effects
        }
        Err(e) => {
            state.login.error = Some(match e.code() {
                Some("unauthenticated") => "Wrong username or password.".to_string(),
                _ => e.to_string(),
            });
            state.login.password.clear();
            Vec::new()
        }
    }
}

fn list_loaded(state: &mut State, list: ListId, result: Result<crate::api::EventPage, ClientError>) -> Vec<Effect> {
    let now = state.now;
    let rows = rows_mut(state, list);
    rows.loading = false;
    let touched = std::mem::take(&mut rows.touched_while_loading);
    match result {
        Ok(mut page) => {
            // A record changed since the load was asked for stays as this
            // console last read it, and is read once more to settle it.
            let mut effects: Vec<Effect> = Vec::new();
            for id in &touched {
                let current = rows.items.iter().find(|e| &e.id == id);
                match (page.items.iter_mut().find(|e| &e.id == id), current) {
                    (Some(listed), Some(current)) if current.version > listed.version => *listed = current.clone(),
                    (None, Some(current)) => page.items.push(current.clone()),
                    _ => {}
                }
                effects.push(Effect::Refresh { kind: kind_of_list(list), id: id.clone() });
            }
            let mut changed = Vec::new();
            if rows.loaded {
                // Diff by id: mark rows that are new or at a new version.
                for item in &page.items {
                    let before = rows.items.iter().find(|e| e.id == item.id);
                    if before.is_none_or(|b| b.version != item.version) {
                        changed.push(item.id.clone());
                    }
                }
            }
            rows.items = page.items;
            rows.partial = page.next.is_some();
            rows.loaded = true;
            rows.error = None;
            for id in changed {
                state.changed.insert(id, now);
            }
            mark_updated(state);
            reselect_all(state);
            effects.extend(ensure_briefs(state));
            effects
        }
        Err(e) => fail(state, e, |s, text| rows_mut(s, list).error = Some(text)),
    }
}

/// Puts a changed record in its list (or takes it out when it no longer
/// belongs), marks it, and leaves every selection on its record.
fn upsert(state: &mut State, event: Event) {
    let now = state.now;
    if let Some(view) = &mut state.event {
        if view.event.id == event.id {
            view.event = event.clone();
        }
    }
    if event.kind == EventKind::Warrant {
        warrant_work::patch(state, &event);
    }
    if let Some(list) = list_for_kind(event.kind) {
        let rows = rows_mut(state, list);
        if rows.loaded {
            match rows.items.iter_mut().find(|e| e.id == event.id) {
                Some(existing) => *existing = event.clone(),
                None => rows.items.push(event.clone()),
            }
        }
    }
    state.changed.insert(event.id, now);
    reselect_all(state);
}

fn remove(state: &mut State, kind: EventKind, id: &str) {
    if let Some(list) = list_for_kind(kind) {
        rows_mut(state, list).items.retain(|e| e.id != id);
    }
    if kind == EventKind::Warrant {
        state.warrants.rows.items.retain(|r| r.id != id);
    }
    if state.event.as_ref().is_some_and(|v| v.event.id == id) {
        state.message = Some(error_message(state, "The record on screen is no longer available."));
    }
    reselect_all(state);
}

// ---- custody board: one request -------------------------------------------

/// The board's reply: its records go in the list like any page, and each
/// detainee's warning markers come with it (no search per detainee).
fn board_loaded(state: &mut State, result: Result<Board, ClientError>) -> Vec<Effect> {
    match result {
        Ok(board) => {
            let mut items = Vec::with_capacity(board.rows.len());
            for row in board.rows {
                if let Some(id) = row.person_id {
                    let brief = state.people.entry(id).or_default();
                    brief.name = row.name;
                    brief.markers = row.markers;
                    brief.flags.in_custody = true;
                }
                items.push(row.event);
            }
            list_loaded(state, ListId::Board, Ok(crate::api::EventPage { items, next: None }))
        }
        Err(e) => list_loaded(state, ListId::Board, Err(e)),
    }
}

/// A detainee on the board whose markers are not known yet (new on the
/// board, or their person record changed) reloads the board once: it
/// carries everyone's markers in one reply.
fn ensure_briefs(state: &mut State) -> Vec<Effect> {
    let mut unknown = Vec::new();
    for event in &state.board.rows.items {
        let person = event.people.iter().find(|p| p.role == EventRole::Detainee).or(event.people.first());
        if let Some(person) = person {
            if !state.people.contains_key(&person.person_id) {
                unknown.push(person.person_id.clone());
            }
        }
    }
    // A board already on its way carries them; this runs again when it lands.
    if unknown.is_empty() || state.board.rows.loading {
        return Vec::new();
    }
    // Asked once: a detainee the board cannot describe does not ask again.
    for id in unknown {
        state.people.insert(id, Brief::default());
    }
    state.board.rows.loading = true;
    vec![Effect::LoadList(ListId::Board)]
}

// ----

fn saved(state: &mut State, what: String, result: Result<Event, ClientError>) -> Vec<Effect> {
    state.writes_in_flight = state.writes_in_flight.saturating_sub(1);
    let form_took = warrant_work::saved(state, &result);
    match result {
        Ok(event) => {
            let id = event.id.clone();
            upsert(state, event);
            if matches!(&state.overlay, Overlay::Note(n) if n.record_id == id) {
                state.overlay = Overlay::None;
            }
            if state.warrants.draft.as_ref().is_some_and(|d| d.record_id == id) {
                state.warrants.draft = None;
            }
            custody_form::saved(state, &id); // custody board forms
            state.message = Some(info_message(state, format!("{what}: saved.")));
            Vec::new()
        }
        Err(e) if e.is_unauthenticated() => {
            keep_note_error(state, "Not saved: your session expired. Log in again and send it again.".to_string());
            custody_form::refused(state, &e, "your session expired; log in again and send it again"); // custody board forms
            expire(state, "Your session has expired: log in again. Your note is kept.")
        }
        Err(e) => {
            let why = if e.code() == Some("conflict") {
                "someone else changed this record meanwhile; it has been reloaded, check it and send again".to_string()
            } else {
                e.to_string()
            };
            if !form_took {
                keep_note_error(state, format!("Not saved: {why}"));
            }
            custody_form::refused(state, &e, &why); // custody board forms
            state.message = Some(error_message(state, format!("{what} was not saved: {why}")));
            let mut effects = Vec::new();
            if e.code() == Some("conflict") {
                let reload = state
                    .board
                    .rows
                    .items
                    .iter()
                    .find(|ev| what.contains(&ev.reference) || what.contains(&ev.summary))
                    .map(|ev| (ev.kind, ev.id.clone()))
                    .or_else(|| {
                        let rows = &state.warrants.rows.items;
                        rows.iter().find(|r| what.contains(&r.reference)).map(|r| (EventKind::Warrant, r.id.clone()))
                    });
                if let Some((kind, id)) = reload {
                    effects.push(Effect::Refresh { kind, id });
                }
            }
            effects
        }
    }
}

/// A failed write keeps the operator's note, open or as a draft, with why.
fn keep_note_error(state: &mut State, error: String) {
    match &mut state.overlay {
        Overlay::Note(note) => {
            note.saving = false;
            note.error = Some(error);
        }
        _ => {
            if let Some(draft) = &mut state.warrants.draft {
                draft.saving = false;
                draft.error = Some(error);
            }
        }
    }
}

fn live_message(state: &mut State, live: Live) -> Vec<Effect> {
    match live {
        Live::State(connection) => {
            let mut effects = Vec::new();
            if connection == ConnectionState::Connected {
                state.live.ever_connected = true;
                mark_updated(state);
                // The server was out of reach at start: learn who we are now.
                if state.session.is_none() && state.screen == Screen::Main {
                    effects.push(Effect::CheckSession);
                }
            }
            state.live.connection = connection;
            effects
        }
        Live::Failed(e) if e.is_unauthenticated() => expire(state, "Your session has expired: log in again."),
        Live::Failed(e) => {
            state.message = Some(error_message(state, e.to_string()));
            Vec::new()
        }
        Live::Change(change) => {
            state.live.last_event_id = Some(change.seq);
            mark_updated(state);
            let mut effects = Vec::new();
            if let Some(kind) = EventKind::from_collection(&change.topic) {
                if let Some(rows) = list_for_kind(kind).map(|l| rows_mut(state, l)).filter(|r| r.loading) {
                    if !rows.touched_while_loading.contains(&change.record_id) {
                        rows.touched_while_loading.push(change.record_id.clone());
                    }
                }
                let listed = list_for_kind(kind).is_some_and(|l| rows_mut(state, l).loaded);
                let viewed = state.event.as_ref().is_some_and(|v| v.event.id == change.record_id);
                if change.op == "erased" {
                    remove(state, kind, &change.record_id);
                } else if kind == EventKind::Warrant && !viewed {
                    effects.extend(warrant_work::live_change(state, &change.record_id));
                } else if listed || viewed {
                    effects.push(Effect::Refresh { kind, id: change.record_id.clone() });
                }
            }
            let touches = |id: &str| change.person_ids.iter().any(|p| p == id) || change.record_id == id;
            if let (Some(id), Some(reason)) = (&state.profile.person_id, &state.profile.reason) {
                if touches(id) {
                    effects.push(Effect::LoadProfile { person_id: id.clone(), reason: reason.clone() });
                }
            }
            if state.lookup.hits.iter().any(|h| touches(&h.person_id)) {
                effects.extend(search(state));
            }
            if change.topic == crate::api::linkage::REVIEW_TOPIC {
                effects.extend(super::review::follow(state));
            }
            // A person's markers may have changed: ask the board again
            // (a change to a custody record leaves its detainee's alone).
            if change.topic == "persons" {
                for id in &change.person_ids {
                    state.people.remove(id);
                }
            }
            effects.extend(ensure_briefs(state));
            effects
        }
    }
}
