//! The intelligence desk's pane: one queue of reports at a time — the
//! evaluation queue first — a page at a time in the server's order, kept
//! live, with the selected report's grading, handling conditions and text
//! as the role may see it below; Enter reads a report whole (a handling
//! code C one once its conditions are acknowledged), and keys evaluate,
//! sanitise and disseminate it. Its forms are `intel_form.rs`'s.

use ratatui::layout::Rect;
use ratatui::Frame;

use super::common::{expire, info_message, mark_updated};
use super::intel_reads::{IntelAnswer, IntelRead};
use super::pane::{About, Key, Pane, Reply, SaveReply};
use super::{intel_form, picker};
use crate::api::intelligence::{IntelligenceQueue, IntelligenceQueuePage};
use crate::api::Change;
use crate::client::ClientError;
use crate::console::action::{Action, Command, CommandInfo};
use crate::console::effect::Effect;
use crate::console::panes;
use crate::console::panes::intelligence::{DISSEMINATE, EVALUATE, RETENTION, RETURN, REVISE, SANITISE, SUBMIT};
use crate::console::state::intelligence::{queue_name, report, IntelForm, IntelFormKind, Intelligence, QUEUES};
use crate::console::state::{ListState, PaneId, State};
use crate::console::ui::Ui;
use crate::console::views;
use crate::domain::event::{Event, EventKind};

pub struct IntelligencePane;

/// Reports asked for at once.
pub const PAGE: usize = 50;

pub const NEXT_QUEUE: Command = Command::Own("next_intelligence_queue");
pub const NEXT_SORT: Command = Command::Own("next_intelligence_sort");

const ABOUT: About = About::new(PaneId::Intelligence, "Intelligence")
    .tab("Intelligence queues")
    .palette("intelligence [WORDS]", "the intelligence desk, its reports filtered (also :intel)", &["intel"])
    .commands(&[
        CommandInfo::new(NEXT_QUEUE, "Pick a queue", &["v"]),
        CommandInfo::new(EVALUATE, "Evaluate (grade 3x5x2)", &["e"]).writes(EventKind::Intelligence),
        CommandInfo::new(SANITISE, "Approve sanitised text", &["s"]).writes(EventKind::Intelligence),
        CommandInfo::new(DISSEMINATE, "Disseminate", &["d"]).writes(EventKind::Intelligence),
        CommandInfo::new(REVISE, "Revise a draft", &["R"]).writes(EventKind::Intelligence),
        CommandInfo::new(SUBMIT, "Submit a draft", &["S"]).writes(EventKind::Intelligence),
        CommandInfo::new(RETURN, "Return to its author", &["B"]).writes(EventKind::Intelligence),
        CommandInfo::new(RETENTION, "Retention review", &["T"]).writes(EventKind::Intelligence),
        // Not `S` as on the other lists: there it submits a draft.
        CommandInfo::new(NEXT_SORT, "Sort newest or oldest first", &["o"]),
    ])
    .topics(&["intelligence"]);

impl Pane for IntelligencePane {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn list_rows(&self, body: u16) -> u16 {
        panes::intelligence::list_height(body)
    }

    fn render(&self, state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
        panes::intelligence::render(state, ui, frame, area);
    }

    fn render_dialog(&self, state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
        if let Some(form) = state.overlay.get_form::<IntelForm>() {
            panes::warrant_form::desk_form(form, intel_form::choices(state, form), ui, frame, area);
        }
    }

    fn ids(&self, state: &State) -> Vec<String> {
        state.intelligence.visible().iter().map(|e| e.id.clone()).collect()
    }

    fn list<'a>(&self, state: &'a State) -> Option<&'a ListState> {
        Some(&state.intelligence.list)
    }

    fn list_mut<'a>(&self, state: &'a mut State) -> Option<&'a mut ListState> {
        Some(&mut state.intelligence.list)
    }

    /// Near the end of the rows loaded, the next page is asked for.
    fn move_by(&self, state: &mut State, delta: isize, height: usize) -> Vec<Effect> {
        let ids = self.ids(state);
        views::move_selection(&mut state.intelligence.list, &ids, delta, height);
        let at = views::selected_index(&ids, &state.intelligence.list).unwrap_or(0);
        let i = &state.intelligence;
        if at + height >= ids.len() && i.next.is_some() && !i.loading {
            let after = i.next.clone();
            return request(state, after, PAGE);
        }
        Vec::new()
    }

    /// The typed words are searched for by the server (the text as each
    /// role may see it, ranked), in place of the queue; cleared, the queue
    /// comes back.
    fn refine(&self, state: &mut State) -> Vec<Effect> {
        forget_rows(&mut state.intelligence);
        reload(state)
    }

    fn load(&self, state: &mut State, force: bool) -> Vec<Effect> {
        let i = &state.intelligence;
        if force || (!i.loaded && !i.loading) {
            return reload(state);
        }
        Vec::new()
    }

    fn command(&self, state: &mut State, command: Command) -> Option<Vec<Effect>> {
        let kind = match command {
            EVALUATE => IntelFormKind::Evaluate,
            SANITISE => IntelFormKind::Sanitise,
            DISSEMINATE => IntelFormKind::Disseminate,
            REVISE => IntelFormKind::Revise,
            SUBMIT => IntelFormKind::Submit,
            RETURN => IntelFormKind::Return,
            RETENTION => IntelFormKind::Retention,
            NEXT_SORT if state.intelligence.queue == IntelligenceQueue::Evaluation => {
                let text = "The evaluation queue keeps its own order: the highest priority, then the longest waiting.";
                state.message = Some(info_message(state, text));
                return Some(Vec::new());
            }
            // A picker of the queues; its first line is the default, evaluation.
            NEXT_QUEUE => {
                let others: Vec<IntelligenceQueue> =
                    QUEUES.into_iter().filter(|q| *q != IntelligenceQueue::Evaluation).collect();
                let current = Some(state.intelligence.queue).filter(|q| *q != IntelligenceQueue::Evaluation);
                let (on, all) = (("queue", "Intelligence queue"), "evaluation (the default)");
                let label = |q: &IntelligenceQueue| queue_name(*q).to_string();
                return Some(picker::open_with_default(state, on, all, &others, current.as_ref(), label));
            }
            NEXT_SORT => {
                state.intelligence.sort = state.intelligence.sort.next();
                let queue = state.intelligence.queue;
                // From the top: a page of one order never continues another.
                return Some(show_queue(state, queue));
            }
            _ => return None,
        };
        Some(intel_form::open_form(state, kind))
    }

    fn pick(&self, state: &mut State, _filter: &'static str, value: Option<&str>) -> Vec<Effect> {
        let queue = picker::value(&QUEUES, |q| queue_name(*q).to_string(), value);
        show_queue(state, queue.unwrap_or(IntelligenceQueue::Evaluation))
    }

    /// Back to the evaluation queue (the typed words are cleared already).
    fn clear_filters(&self, state: &mut State) -> Vec<Effect> {
        show_queue(state, IntelligenceQueue::Evaluation)
    }

    /// `:intelligence WORDS`: the server finds the reports by the words
    /// (none: the queue, unfiltered).
    fn palette(&self, state: &mut State, arg: &str, switched: Vec<Effect>) -> Vec<Effect> {
        state.intelligence.list.filter = arg.to_string();
        let ids = self.ids(state);
        views::reselect(&mut state.intelligence.list, &ids);
        switched.into_iter().chain(self.refine(state)).collect()
    }

    /// Reads the report whole; a handling code C report first asks for its
    /// conditions to be acknowledged.
    fn open(&self, state: &mut State, id: String) -> Vec<Effect> {
        let Some(event) = state.intelligence.row(&id) else { return Vec::new() };
        let conditions = report(event).and_then(|d| d.conditions()).is_some();
        if conditions && state.intelligence.opened(&id).is_none() {
            return intel_form::open_form(state, IntelFormKind::Acknowledge);
        }
        vec![Effect::desk_read(IntelRead::ReadIntel { id, acknowledge: conditions })]
    }

    fn dialog(&self, state: &mut State, key: &Key) -> Option<Vec<Effect>> {
        intel_form::key(state, key)
    }

    fn reply(&self, state: &mut State, action: Action) -> Reply {
        let reply = match action.desk_reply::<IntelAnswer>() {
            Ok(reply) => reply,
            Err(other) => return Reply::NotMine(other),
        };
        Reply::Done(match reply {
            IntelAnswer::IntelQueue { seq, append, result } => loaded(state, seq, append, result),
            IntelAnswer::IntelRead { id, result } => intel_form::read(state, &id, result),
        })
    }

    fn held(&self, state: &State, kind: EventKind, id: &str) -> Option<i64> {
        (kind == EventKind::Intelligence).then(|| state.intelligence.row(id).map(|e| e.version)).flatten()
    }

    /// A report changed elsewhere: the queue is read again, since the
    /// change may bring it into the queue or take it out.
    fn follow_record(&self, state: &mut State, kind: EventKind, _change: &Change) -> Vec<Effect> {
        if kind != EventKind::Intelligence || !state.intelligence.loaded {
            return Vec::new();
        }
        reload(state)
    }

    /// A report as it now stands (the answer to an action): its row
    /// follows, and the queue is read again for whether it still belongs.
    fn put(&self, state: &mut State, event: &Event) -> Vec<Effect> {
        let Some(row) = state.intelligence.rows.iter_mut().find(|e| e.id == event.id) else {
            return Vec::new();
        };
        if row.version >= event.version {
            return Vec::new();
        }
        *row = event.clone();
        reload(state)
    }

    fn remove(&self, state: &mut State, kind: EventKind, id: &str) {
        if kind == EventKind::Intelligence {
            state.intelligence.rows.retain(|e| e.id != id);
            state.intelligence.opened.retain(|e| e.id != id);
        }
    }

    fn saved(&self, state: &mut State, save: &SaveReply) {
        intel_form::saved(state, save);
    }

    fn unsaved_work(&self, state: &State) -> Vec<&'static str> {
        let open = matches!(state.overlay.get_form::<IntelForm>(), Some(f) if f.saving || (f.touched && f.kind != IntelFormKind::Acknowledge));
        if open || state.intelligence.draft.as_ref().is_some_and(|f| f.touched) {
            return vec!["An unsent intelligence form would be lost."];
        }
        Vec::new()
    }
}

/// Drops the rows loaded and what the server said of them, so the next
/// read starts from the first page.
fn forget_rows(i: &mut Intelligence) {
    i.rows.clear();
    i.next = None;
    i.more = 0;
    i.more_at_least = false;
    i.loaded = false;
    i.error = None;
}

/// Shows `queue` from its first page.
fn show_queue(state: &mut State, queue: IntelligenceQueue) -> Vec<Effect> {
    let i = &mut state.intelligence;
    if i.queue != queue {
        i.sort = Intelligence::default_sort(queue);
    }
    i.queue = queue;
    forget_rows(i);
    i.list = ListState { filter: std::mem::take(&mut i.list.filter), ..ListState::default() };
    reload(state)
}

/// The queue read again from the top, as many rows as are loaded (a page
/// at least), so a live change keeps the operator's place.
fn reload(state: &mut State) -> Vec<Effect> {
    let limit = state.intelligence.rows.len().clamp(PAGE, 1000);
    request(state, None, limit)
}

fn request(state: &mut State, after: Option<String>, limit: usize) -> Vec<Effect> {
    let i = &mut state.intelligence;
    i.seq += 1;
    i.loading = true;
    let text = i.search();
    let (queue, sort) = (i.queue, i.sort_param());
    vec![Effect::desk_read(IntelRead::IntelQueue { seq: i.seq, queue, sort, text, after, limit })]
}

/// A page of the queue: the first replaces the rows (marking those that
/// moved on since they were shown), a further one is added below them.
fn loaded(
    state: &mut State,
    seq: u64,
    append: bool,
    result: Result<IntelligenceQueuePage, ClientError>,
) -> Vec<Effect> {
    if seq != state.intelligence.seq {
        return Vec::new();
    }
    state.intelligence.loading = false;
    let page = match result {
        Ok(page) => page,
        Err(e) if e.is_unauthenticated() => return expire(state, "Your session has expired: log in again."),
        Err(e) => {
            state.intelligence.error = Some(e.to_string());
            return Vec::new();
        }
    };
    let now = state.now;
    let i = &mut state.intelligence;
    if append {
        let known: Vec<String> = i.rows.iter().map(|e| e.id.clone()).collect();
        i.rows.extend(page.items.into_iter().filter(|e| !known.contains(&e.id)));
    } else {
        if i.loaded {
            for event in &page.items {
                if i.row(&event.id).is_none_or(|e| e.version != event.version) {
                    state.changed.insert(event.id.clone(), now);
                }
            }
        }
        i.rows = page.items;
    }
    i.next = page.next;
    i.more = page.more;
    i.more_at_least = page.more_at_least;
    i.loaded = true;
    i.error = None;
    mark_updated(state);
    let ids = IntelligencePane.ids(state);
    views::reselect(&mut state.intelligence.list, &ids);
    Vec::new()
}
