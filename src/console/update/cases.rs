//! The case status pane: open prosecution cases, filtered by stage and by
//! officer in case, kept live, with their custody time limits on watch;
//! or the hearings listed today and tomorrow, court by court.

use ratatui::layout::Rect;
use ratatui::Frame;

use super::pane::{About, Pane, Reply};
use super::{event, picker, rows};
use crate::api::cases::{CtlWatch, CtlWatchQuery};
use crate::api::Change;
use crate::client::{Client, ClientError};
use crate::console::action::{Action, Command, CommandInfo, ListId};
use crate::console::case_watch;
use crate::console::desks::desk_read;
use crate::console::effect::Effect;
use crate::console::format;
use crate::console::panes;
use crate::console::state::{CaseSort, CaseView, ListState, PaneId, State};
use crate::console::ui::Ui;
use crate::console::views;
use crate::domain::event::{CaseStatus, Event, EventKind};

/// The stages `s` offers, in the order a case goes through them.
const STATUSES: [CaseStatus; 11] = [
    CaseStatus::UnderInvestigation,
    CaseStatus::EarlyAdvice,
    CaseStatus::AwaitingCps,
    CaseStatus::Charged,
    CaseStatus::FirstHearingListed,
    CaseStatus::PleaEntered,
    CaseStatus::PreTrialHearing,
    CaseStatus::TrialListed,
    CaseStatus::Result,
    CaseStatus::Finalised,
    CaseStatus::RejectedForQuality,
];

pub struct CasesPane;

pub const CYCLE_STATUS: Command = Command::Own("cycle_status");
pub const CYCLE_OFFICER: Command = Command::Own("cycle_officer");
pub const SWITCH_VIEW: Command = Command::Own("switch_view");
pub const NEXT_SORT: Command = Command::Own("next_sort");

const ABOUT: About = About::new(PaneId::Cases, "Cases")
    .tab("Case status")
    .palette("cases [TEXT]", "case status, optionally filtered", &["c"])
    .commands(&[
        CommandInfo::new(CYCLE_STATUS, "Filter by case status", &["s"]),
        CommandInfo::new(CYCLE_OFFICER, "Filter by officer in case", &["o"]),
        CommandInfo::new(SWITCH_VIEW, "Switch between cases and hearings today and tomorrow", &["v"]),
        CommandInfo::new(NEXT_SORT, "Sort by the next key (urgency, hearing, file due, URN, officer)", &["S"]),
    ])
    .topics(&["cases"]);

/// Its list: every open case.
pub const LIST: ListId = ListId::Events { kind: EventKind::Case, reason: "Case status in the console" };

impl Pane for CasesPane {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn list_rows(&self, body: u16) -> u16 {
        // A bordered list with a header and a line for its filters.
        body.saturating_sub(4)
    }

    fn render(&self, state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
        panes::cases::render(state, ui, frame, area);
    }

    fn ids(&self, state: &State) -> Vec<String> {
        match state.cases.view {
            CaseView::Cases => views::case_rows(state).iter().map(|(e, _)| e.id.clone()).collect(),
            CaseView::Hearings => case_watch::hearing_rows(state).iter().map(case_watch::hearing_id).collect(),
        }
    }

    fn list<'a>(&self, state: &'a State) -> Option<&'a ListState> {
        Some(&state.cases.rows.list)
    }

    fn list_mut<'a>(&self, state: &'a mut State) -> Option<&'a mut ListState> {
        Some(&mut state.cases.rows.list)
    }

    fn load(&self, state: &mut State, force: bool) -> Vec<Effect> {
        let mut effects = rows::load(&mut state.cases.rows, LIST, force);
        // The force's warning days come with the limits due, read with the list.
        if !effects.is_empty() {
            effects.push(Effect::desk_read(CtlWatchRead));
        }
        effects
    }

    fn command(&self, state: &mut State, command: Command) -> Option<Vec<Effect>> {
        match command {
            CYCLE_STATUS => {
                let current = state.cases.status;
                let on = ("status", "Case status");
                return Some(picker::open(state, on, &STATUSES, current.as_ref(), format::label));
            }
            CYCLE_OFFICER => {
                let (officers, current) = (officers(state), state.cases.officer.clone());
                let on = ("officer", "Officer in case");
                return Some(picker::open(state, on, &officers, current.as_ref(), String::clone));
            }
            NEXT_SORT => {
                let c = &mut state.cases;
                let at = CaseSort::ALL.iter().position(|s| *s == c.sort).unwrap_or(0);
                c.sort = CaseSort::ALL[(at + 1) % CaseSort::ALL.len()];
                // The selection stays on its case, wherever it now sits.
            }
            SWITCH_VIEW => {
                let c = &mut state.cases;
                c.view = if c.view == CaseView::Cases { CaseView::Hearings } else { CaseView::Cases };
                // The row of the case selected, in the other view.
                let case = c.rows.list.selected.as_deref().map(|id| case_watch::case_id(id).to_string());
                let first = self.ids(state).into_iter().find(|id| Some(case_watch::case_id(id)) == case.as_deref());
                if first.is_some() {
                    state.cases.rows.list.selected = first;
                }
            }
            _ => return None,
        }
        reselect(state);
        Some(Vec::new())
    }

    fn pick(&self, state: &mut State, filter: &'static str, value: Option<&str>) -> Vec<Effect> {
        match filter {
            "status" => state.cases.status = picker::value(&STATUSES, format::label, value),
            _ => state.cases.officer = picker::value(&officers(state), String::clone, value),
        }
        reselect(state);
        Vec::new()
    }

    fn clear_filters(&self, state: &mut State) -> Vec<Effect> {
        state.cases.status = None;
        state.cases.officer = None;
        reselect(state);
        Vec::new()
    }

    /// `:cases TEXT` filters the cases by the text.
    fn palette(&self, state: &mut State, arg: &str, switched: Vec<Effect>) -> Vec<Effect> {
        if !arg.is_empty() {
            state.cases.rows.list.filter = arg.to_string();
        }
        switched
    }

    fn open(&self, state: &mut State, id: String) -> Vec<Effect> {
        let id = case_watch::case_id(&id);
        if let Some(record) = state.cases.rows.items.iter().find(|e| e.id == id).cloned() {
            return event::show(state, record);
        }
        Vec::new()
    }

    fn reply(&self, state: &mut State, action: Action) -> Reply {
        match action {
            Action::ListLoaded { list: LIST, result } => {
                let effects = rows::loaded(state, LIST, |s| &mut s.cases.rows, result);
                reselect(state);
                Reply::Done(effects)
            }
            Action::Desk(reply) => {
                let CtlWatchAnswer(result) = match reply.take() {
                    Ok(answer) => answer,
                    Err(other) => return Reply::NotMine(Action::Desk(other)),
                };
                // Without them only an expired limit is flagged; the pane says why.
                match result {
                    Ok(watch) => {
                        state.cases.ctl_warning_days = Some(watch.warning_days);
                        state.cases.ctl_error = None;
                    }
                    Err(e) => state.cases.ctl_error = Some(e.to_string()),
                }
                reselect(state);
                Reply::Done(Vec::new())
            }
            other => Reply::NotMine(other),
        }
    }

    fn held(&self, state: &State, kind: EventKind, id: &str) -> Option<i64> {
        (kind == EventKind::Case).then(|| rows::held(&state.cases.rows, id)).flatten()
    }

    fn follow_record(&self, state: &mut State, kind: EventKind, change: &Change) -> Vec<Effect> {
        if kind != EventKind::Case {
            return Vec::new();
        }
        rows::follow(&mut state.cases.rows, LIST, &change.record_id)
    }

    /// A defendant's flags follow them: a change naming one (a bench
    /// warrant circulated, say) asks for the cases again, with their flags.
    /// A change to a case itself is read again as a record.
    fn follow(&self, state: &mut State, change: &Change) -> Vec<Effect> {
        if change.topic == "cases" {
            return Vec::new();
        }
        rows::people_changed(&mut state.cases.rows, LIST, &change.person_ids)
    }

    fn put(&self, state: &mut State, event: &Event) -> Vec<Effect> {
        if event.kind == EventKind::Case {
            rows::put(&mut state.cases.rows, event);
        }
        Vec::new()
    }

    fn remove(&self, state: &mut State, kind: EventKind, id: &str) {
        if kind == EventKind::Case {
            rows::remove(&mut state.cases.rows, id);
        }
    }
}

/// The officers in case of the cases loaded, each once, in order.
fn officers(state: &State) -> Vec<String> {
    let mut officers: Vec<String> =
        state.cases.rows.items.iter().filter_map(|e| views::case(e).map(|d| d.officer_in_case.clone())).collect();
    officers.sort();
    officers.dedup();
    officers
}

/// Keeps the selection on its record after the rows or filters changed.
fn reselect(state: &mut State) {
    let ids = CasesPane.ids(state);
    views::reselect(&mut state.cases.rows.list, &ids);
}

const CTL_REASON: &str = "Custody time limits on the console's case status pane";

/// The custody time limits due or expired, for the force's warning days.
#[derive(Debug, Clone)]
pub struct CtlWatchRead;

#[derive(Debug, Clone)]
pub struct CtlWatchAnswer(pub Result<CtlWatch, ClientError>);

impl CtlWatchRead {
    async fn answer(self, client: Client) -> CtlWatchAnswer {
        let query = CtlWatchQuery { due: Some(true), reason: Some(CTL_REASON.into()) };
        CtlWatchAnswer(client.custody_time_limits(&query).await)
    }
}

desk_read!(CtlWatchRead);
