//! The crime desk's pane: one queue of live crimes at a time, a page at a
//! time in the server's order, kept live (a crime changed anywhere reads
//! the queue again, marking what moved), with the selected crime's log
//! below and keys to allocate, log, classify, review and propose an
//! outcome. Its forms are `crime_form.rs`'s.

use super::crime_reads::CrimeAnswer;
use ratatui::layout::Rect;
use ratatui::Frame;

use super::common::{error_message, expire, mark_updated};
use super::crime_queue::{reload, request, reread, show_queue, PAGE};
use super::pane::{About, Key, Pane, Reply, SaveReply};
use super::{crime_form, picker};
use crate::api::crimes::{CrimeQueue, CrimeQueuePage};
use crate::api::Change;
use crate::client::ClientError;
use crate::console::action::{Action, Command, CommandInfo};
use crate::console::effect::Effect;
use crate::console::panes;
use crate::console::panes::crimes::{APPROVE, RETURN};
use crate::console::state::crimes::{details, queue_name, CrimeForm, CrimeFormKind, QUEUES};
use crate::console::state::{ListState, PaneId, State};
use crate::console::ui::Ui;
use crate::console::views;
use crate::domain::event::{Event, EventKind};

pub struct CrimesPane;

pub const NEXT_QUEUE: Command = Command::Own("next_crime_queue");
pub const SET_UNIT: Command = Command::Own("set_my_unit");
pub const ALLOCATE: Command = Command::Own("allocate_crime");
pub const LOG: Command = Command::Own("log_crime");
pub const CLASSIFY: Command = Command::Own("classify_crime");
pub const REVIEW: Command = Command::Own("review_crime");
pub const PROPOSE: Command = Command::Own("propose_outcome");
pub const CANCEL: Command = Command::Own("cancel_crime");
pub const LINK: Command = Command::Own("link_crime_person");
pub const NEXT_SORT: Command = Command::Own("next_crime_sort");

const ABOUT: About = About::new(PaneId::Crimes, "Crimes")
    .tab("Crime queues")
    .palette("crimes", "the crime desk's queues", &[])
    .commands(&[
        CommandInfo::new(NEXT_QUEUE, "Pick a queue", &["c"]),
        CommandInfo::new(SET_UNIT, "Set my unit", &["u"]),
        CommandInfo::new(ALLOCATE, "Allocate to an officer", &["a"]).writes(EventKind::Crime),
        CommandInfo::new(LOG, "Add a log entry", &["L"]).writes(EventKind::Crime),
        CommandInfo::new(CLASSIFY, "Classify or reclassify", &["C"]).writes(EventKind::Crime),
        CommandInfo::new(REVIEW, "Supervisor review", &["R"]).writes(EventKind::Crime),
        CommandInfo::new(PROPOSE, "Propose an outcome", &["O"]).writes(EventKind::Crime),
        CommandInfo::new(APPROVE, "Approve an outcome", &["A"]).writes(EventKind::Crime),
        CommandInfo::new(RETURN, "Return an outcome", &["B"]).writes(EventKind::Crime),
        CommandInfo::new(CANCEL, "Cancel as no crime", &["X"]).writes(EventKind::Crime),
        CommandInfo::new(LINK, "Link a person", &["p"]).writes(EventKind::Crime),
        CommandInfo::new(NEXT_SORT, "Sort newest or oldest first", &["S"]),
    ])
    .topics(&["crimes"]);

impl Pane for CrimesPane {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn list_rows(&self, body: u16) -> u16 {
        panes::crimes::list_height(body)
    }

    fn render(&self, state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
        panes::crimes::render(state, ui, frame, area);
    }

    fn render_dialog(&self, state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
        if let Some(form) = state.overlay.get_form::<CrimeForm>() {
            let c = &state.crimes;
            let choices = super::crime_request::choices(form, c.tables.as_ref(), &c.officers);
            panes::warrant_form::desk_form(form, choices, ui, frame, area);
        }
    }

    fn ids(&self, state: &State) -> Vec<String> {
        state.crimes.visible().iter().map(|r| r.event.id.clone()).collect()
    }

    fn list<'a>(&self, state: &'a State) -> Option<&'a ListState> {
        Some(&state.crimes.list)
    }

    fn list_mut<'a>(&self, state: &'a mut State) -> Option<&'a mut ListState> {
        Some(&mut state.crimes.list)
    }

    /// Near the end of the rows loaded, the next page is asked for.
    fn move_by(&self, state: &mut State, delta: isize, height: usize) -> Vec<Effect> {
        let ids = self.ids(state);
        views::move_selection(&mut state.crimes.list, &ids, delta, height);
        let at = views::selected_index(&ids, &state.crimes.list).unwrap_or(0);
        let c = &state.crimes;
        if at + height >= ids.len() && c.next.is_some() && !c.loading {
            let after = c.next.clone();
            return request(state, after, PAGE);
        }
        Vec::new()
    }

    fn load(&self, state: &mut State, force: bool) -> Vec<Effect> {
        let c = &state.crimes;
        if force || (!c.loaded && !c.loading) {
            return reload(state);
        }
        Vec::new()
    }

    fn command(&self, state: &mut State, command: Command) -> Option<Vec<Effect>> {
        let form = match command {
            SET_UNIT => CrimeFormKind::Unit,
            ALLOCATE => CrimeFormKind::Allocate,
            LOG => CrimeFormKind::Log,
            CLASSIFY => CrimeFormKind::Classify,
            REVIEW => CrimeFormKind::Review,
            PROPOSE => CrimeFormKind::ProposeOutcome,
            APPROVE => CrimeFormKind::ApproveOutcome,
            RETURN => CrimeFormKind::ReturnOutcome,
            CANCEL => CrimeFormKind::Cancel,
            LINK => CrimeFormKind::Link,
            // A picker of the queues; its first line is the default, "my crimes".
            NEXT_QUEUE => {
                let current = Some(state.crimes.queue).filter(|q| *q != CrimeQueue::Mine);
                let others: Vec<CrimeQueue> = QUEUES.into_iter().filter(|q| *q != CrimeQueue::Mine).collect();
                let (on, all) = (("queue", "Crime queue"), "my crimes (the default)");
                let label = |q: &CrimeQueue| queue_name(*q).to_string();
                return Some(picker::open_with_default(state, on, all, &others, current.as_ref(), label));
            }
            // The queue read again from its top in the other order: a page
            // of one order never continues another.
            NEXT_SORT => {
                state.crimes.sort = state.crimes.sort.next();
                let queue = state.crimes.queue;
                return Some(show_queue(state, queue));
            }
            _ => return None,
        };
        Some(crime_form::open_form(state, form))
    }

    fn pick(&self, state: &mut State, _filter: &'static str, value: Option<&str>) -> Vec<Effect> {
        let queue = picker::value(&QUEUES, |q| queue_name(*q).to_string(), value).unwrap_or(CrimeQueue::Mine);
        show_queue(state, queue)
    }

    /// Back to "my crimes" (the typed filter is cleared already).
    fn clear_filters(&self, state: &mut State) -> Vec<Effect> {
        show_queue(state, CrimeQueue::Mine)
    }

    /// The whole record, every field of it and its full log.
    fn open(&self, _state: &mut State, id: String) -> Vec<Effect> {
        vec![Effect::OpenRecord { kind: EventKind::Crime, id }]
    }

    fn dialog(&self, state: &mut State, key: &Key) -> Option<Vec<Effect>> {
        crime_form::key(state, key)
    }

    fn reply(&self, state: &mut State, action: Action) -> Reply {
        let reply = match action.desk_reply::<CrimeAnswer>() {
            Ok(reply) => reply,
            Err(other) => return Reply::NotMine(other),
        };
        Reply::Done(match reply {
            CrimeAnswer::CrimeQueue { seq, append, result } => loaded(state, seq, append, result),
            CrimeAnswer::CrimeRow { query, result } => super::crime_row::followed(state, &query, result),
            CrimeAnswer::CrimeTables(Ok(tables)) => {
                state.crimes.tables = Some(tables);
                Vec::new()
            }
            CrimeAnswer::CrimeOfficers(Ok(officers)) => {
                state.crimes.officers = officers;
                Vec::new()
            }
            CrimeAnswer::CrimeTables(Err(e)) | CrimeAnswer::CrimeOfficers(Err(e)) => failed(state, e),
        })
    }

    fn held(&self, state: &State, kind: EventKind, id: &str) -> Option<i64> {
        (kind == EventKind::Crime).then(|| state.crimes.row(id).map(|r| r.event.version)).flatten()
    }

    /// A crime changed elsewhere: that crime alone is read again, since the
    /// change may bring it into the queue, take it out or move its clocks.
    fn follow_record(&self, state: &mut State, kind: EventKind, change: &Change) -> Vec<Effect> {
        if kind != EventKind::Crime || !state.crimes.loaded {
            return Vec::new();
        }
        reread(state, &change.record_id)
    }

    /// A crime as it now stands (the answer to an action, or re-read): its
    /// row follows at once, and it is read again in the queue for its
    /// clocks and whether it still belongs there.
    fn put(&self, state: &mut State, event: &Event) -> Vec<Effect> {
        let Some(row) = state.crimes.rows.iter_mut().find(|r| r.event.id == event.id) else {
            return Vec::new();
        };
        if row.event.version >= event.version {
            return Vec::new();
        }
        row.event = event.clone();
        reread(state, &event.id)
    }

    fn remove(&self, state: &mut State, kind: EventKind, id: &str) {
        if kind == EventKind::Crime {
            state.crimes.rows.retain(|r| r.event.id != id);
        }
    }

    fn saved(&self, state: &mut State, save: &SaveReply) {
        crime_form::saved(state, save);
    }

    fn unsaved_work(&self, state: &State) -> Vec<&'static str> {
        let kept = |f: &CrimeForm| f.touched && !matches!(f.kind, CrimeFormKind::Unit | CrimeFormKind::Link);
        let open = matches!(state.overlay.get_form::<CrimeForm>(), Some(f) if f.saving || kept(f));
        if open || state.crimes.draft.as_ref().is_some_and(|f| f.touched) {
            return vec!["An unsent crime form would be lost."];
        }
        Vec::new()
    }
}

/// A page of the queue: the first replaces the rows (marking those that
/// moved on since they were shown), a further one is added below them.
fn loaded(state: &mut State, seq: u64, append: bool, result: Result<CrimeQueuePage, ClientError>) -> Vec<Effect> {
    if seq != state.crimes.seq {
        return Vec::new();
    }
    state.crimes.loading = false;
    let page = match result {
        Ok(page) => page,
        Err(e) => {
            if e.is_unauthenticated() {
                return expire(state, "Your session has expired: log in again.");
            }
            state.crimes.error = Some(e.to_string());
            return Vec::new();
        }
    };
    let now = state.now;
    let c = &mut state.crimes;
    if append {
        let known: Vec<String> = c.rows.iter().map(|r| r.event.id.clone()).collect();
        c.rows.extend(page.rows.into_iter().filter(|r| !known.contains(&r.event.id)));
    } else {
        if c.loaded {
            for row in &page.rows {
                if c.row(&row.event.id).is_none_or(|r| r.event.version != row.event.version) {
                    state.changed.insert(row.event.id.clone(), now);
                }
            }
        }
        c.rows = page.rows;
    }
    c.next = page.next;
    c.more = page.more;
    c.more_at_least = page.more_at_least;
    c.at = Some(page.at);
    c.loaded = true;
    c.error = None;
    learn_unit(state);
    mark_updated(state);
    let ids = CrimesPane.ids(state);
    views::reselect(&mut state.crimes.list, &ids);
    Vec::new()
}

/// The operator's unit, if not set: that of their own newest allocation.
fn learn_unit(state: &mut State) {
    let Some(me) = state.session.as_ref().map(|s| s.username.clone()) else { return };
    let c = &mut state.crimes;
    if c.unit.is_some() || c.queue != CrimeQueue::Mine {
        return;
    }
    c.unit = c
        .rows
        .iter()
        .filter_map(|r| details(r)?.allocation().filter(|a| a.officer == me))
        .max_by_key(|a| a.at)
        .map(|a| a.unit.clone());
}

fn failed(state: &mut State, error: ClientError) -> Vec<Effect> {
    if error.is_unauthenticated() {
        return expire(state, "Your session has expired: log in again.");
    }
    state.message = Some(error_message(state, error.to_string()));
    Vec::new()
}
