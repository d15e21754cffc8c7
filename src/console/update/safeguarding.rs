//! The safeguarding desk's pane: one queue of open reports at a time —
//! "awaiting my sign-off" first, then "referral response overdue" and
//! "missing now" — a page at a time in the server's order, kept live, each
//! with its people and clocks, the selected report's detail below; keys
//! sign it off, refer it, record the agency's response and mark a missing
//! person found. Its forms are `safeguarding_form.rs`'s.

use super::safeguarding_reads::{SafeguardingAnswer, SafeguardingRead};
use crate::console::state::safeguarding::SafeguardingForm;
use ratatui::layout::Rect;
use ratatui::Frame;

use super::common::{expire, mark_updated};
use super::desk_page;
use super::pane::{About, Key, Pane, Reply, SaveReply};
use super::{picker, safeguarding_form};
use crate::api::safeguarding::{SafeguardingQueue, SafeguardingQueuePage, SafeguardingQueueQuery};
use crate::api::Change;
use crate::client::ClientError;
use crate::console::action::{Action, Command, CommandInfo};
use crate::console::effect::Effect;
use crate::console::panes;
use crate::console::state::safeguarding::{queue_name, Safeguarding, SafeguardingFormKind, QUEUES};
use crate::console::state::{ListState, PaneId, State};
use crate::console::ui::Ui;
use crate::console::views;
use crate::domain::event::{Event, EventKind};

pub struct SafeguardingPane;

/// Reports asked for at once.
pub const PAGE: usize = 50;

pub const NEXT_QUEUE: Command = Command::Own("next_safeguarding_queue");
pub const SIGN_OFF: Command = Command::Own("sign_off_report");
pub const REFER: Command = Command::Own("refer_report");
pub const RESPONSE: Command = Command::Own("record_agency_response");
pub const FOUND: Command = Command::Own("mark_found");
pub const NEXT_SORT: Command = Command::Own("next_safeguarding_sort");

const ABOUT: About = About::new(PaneId::Safeguarding, "Safeguarding")
    .tab("Safeguarding queues")
    .palette("safeguarding [WORDS]", "the safeguarding desk, its reports filtered (also :sg)", &["sg"])
    .commands(&[
        CommandInfo::new(NEXT_QUEUE, "Pick a queue", &["v"]),
        CommandInfo::new(SIGN_OFF, "Sign off (a safeguarding supervisor)", &["s"]).writes(EventKind::Safeguarding),
        CommandInfo::new(REFER, "Refer to a partner agency", &["f"]).writes(EventKind::Safeguarding),
        CommandInfo::new(RESPONSE, "Record the agency's response", &["a"]).writes(EventKind::Safeguarding),
        CommandInfo::new(FOUND, "Mark the missing person found", &["m"]).writes(EventKind::Safeguarding),
        CommandInfo::new(NEXT_SORT, "Sort newest or oldest first", &["S"]),
    ])
    .topics(&["safeguarding"]);

impl Pane for SafeguardingPane {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn list_rows(&self, body: u16) -> u16 {
        panes::safeguarding::list_height(body)
    }

    fn render(&self, state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
        panes::safeguarding::render(state, ui, frame, area);
    }

    fn render_dialog(&self, state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
        if let Some(form) = state.overlay.get_form::<SafeguardingForm>() {
            let choices = safeguarding_form::choices(state, form);
            panes::warrant_form::desk_form(form, choices, ui, frame, area);
        }
    }

    fn ids(&self, state: &State) -> Vec<String> {
        state.safeguarding.visible(state.safeguarding_signer()).iter().map(|r| r.event.id.clone()).collect()
    }

    fn list<'a>(&self, state: &'a State) -> Option<&'a ListState> {
        Some(&state.safeguarding.list)
    }

    fn list_mut<'a>(&self, state: &'a mut State) -> Option<&'a mut ListState> {
        Some(&mut state.safeguarding.list)
    }

    /// Near the end of the rows loaded, the next page is asked for.
    fn move_by(&self, state: &mut State, delta: isize, height: usize) -> Vec<Effect> {
        let ids = self.ids(state);
        views::move_selection(&mut state.safeguarding.list, &ids, delta, height);
        let at = views::selected_index(&ids, &state.safeguarding.list).unwrap_or(0);
        let s = &state.safeguarding;
        if at + height >= ids.len() && s.next.is_some() && !s.loading {
            let after = s.next.clone();
            return request(state, after, PAGE);
        }
        Vec::new()
    }

    /// Only the roles that may read safeguarding see any of it.
    fn load(&self, state: &mut State, force: bool) -> Vec<Effect> {
        if !state.roles().may_read(EventKind::Safeguarding) {
            return Vec::new();
        }
        let s = &state.safeguarding;
        if force || (!s.loaded && !s.loading) {
            return reload(state);
        }
        Vec::new()
    }

    fn command(&self, state: &mut State, command: Command) -> Option<Vec<Effect>> {
        let kind = match command {
            SIGN_OFF => SafeguardingFormKind::SignOff,
            REFER => SafeguardingFormKind::Refer,
            RESPONSE => SafeguardingFormKind::Response,
            FOUND => SafeguardingFormKind::Found,
            // A picker of the queues; its first line, no filter, is every open report.
            NEXT_QUEUE => {
                let named: Vec<SafeguardingQueue> = QUEUES.into_iter().flatten().collect();
                let (on, all) = (("queue", "Safeguarding queue"), "all open");
                let current = state.safeguarding.queue;
                let label = |q: &SafeguardingQueue| queue_name(Some(*q)).to_string();
                return Some(picker::open_with_default(state, on, all, &named, current.as_ref(), label));
            }
            NEXT_SORT => {
                let s = &mut state.safeguarding;
                s.sort = s.sort.next();
                let queue = s.queue;
                // From the top: a page of one order never continues another.
                return Some(show_queue(state, queue));
            }
            _ => return None,
        };
        Some(safeguarding_form::open_form(state, kind))
    }

    fn pick(&self, state: &mut State, _filter: &'static str, value: Option<&str>) -> Vec<Effect> {
        let named: Vec<SafeguardingQueue> = QUEUES.into_iter().flatten().collect();
        show_queue(state, picker::value(&named, |q| queue_name(Some(*q)).to_string(), value))
    }

    /// Every open report (the typed filter is cleared already).
    fn clear_filters(&self, state: &mut State) -> Vec<Effect> {
        show_queue(state, None)
    }

    /// Enter reads the report whole, as the event view shows a record.
    /// `:safeguarding WORDS` filters its reports by the words (none: no filter).
    fn palette(&self, state: &mut State, arg: &str, switched: Vec<Effect>) -> Vec<Effect> {
        state.safeguarding.list.filter = arg.to_string();
        switched
    }

    fn open(&self, _state: &mut State, id: String) -> Vec<Effect> {
        vec![Effect::OpenRecord { kind: EventKind::Safeguarding, id }]
    }

    fn dialog(&self, state: &mut State, key: &Key) -> Option<Vec<Effect>> {
        safeguarding_form::key(state, key)
    }

    fn reply(&self, state: &mut State, action: Action) -> Reply {
        let reply = match action.desk_reply::<SafeguardingAnswer>() {
            Ok(reply) => reply,
            Err(other) => return Reply::NotMine(other),
        };
        Reply::Done(match reply {
            SafeguardingAnswer::SafeguardingQueue { seq, append, result } => loaded(state, seq, append, result),
            SafeguardingAnswer::SafeguardingAgencies(result) => safeguarding_form::agencies(state, result),
        })
    }

    fn held(&self, state: &State, kind: EventKind, id: &str) -> Option<i64> {
        (kind == EventKind::Safeguarding).then(|| desk_page::held(&state.safeguarding.rows, id)).flatten()
    }

    /// A report changed elsewhere: the queue is read again, since the
    /// change may bring it into the queue or take it out.
    fn follow_record(&self, state: &mut State, kind: EventKind, _change: &Change) -> Vec<Effect> {
        if kind != EventKind::Safeguarding || !state.safeguarding.loaded {
            return Vec::new();
        }
        reload(state)
    }

    /// A report as it now stands (the answer to an action): its row
    /// follows, and the queue is read again for whether it still belongs.
    fn put(&self, state: &mut State, event: &Event) -> Vec<Effect> {
        if !desk_page::put_newer(&mut state.safeguarding.rows, event) {
            return Vec::new();
        }
        reload(state)
    }

    fn remove(&self, state: &mut State, kind: EventKind, id: &str) {
        if kind == EventKind::Safeguarding {
            desk_page::remove(&mut state.safeguarding.rows, id);
        }
    }

    fn saved(&self, state: &mut State, save: &SaveReply) {
        safeguarding_form::saved(state, save);
    }

    fn unsaved_work(&self, state: &State) -> Vec<&'static str> {
        let open = matches!(state.overlay.get_form::<SafeguardingForm>(), Some(f) if f.saving || f.touched);
        if open || state.safeguarding.draft.as_ref().is_some_and(|f| f.touched) {
            return vec!["An unsent safeguarding form would be lost."];
        }
        Vec::new()
    }
}

/// Shows `queue` (every open report for None) from its first page.
fn show_queue(state: &mut State, queue: Option<SafeguardingQueue>) -> Vec<Effect> {
    let s = &mut state.safeguarding;
    if s.queue != queue {
        s.sort = Safeguarding::default_sort(queue);
    }
    s.queue = queue;
    s.rows.clear();
    s.next = None;
    s.more = 0;
    s.more_at_least = false;
    s.loaded = false;
    s.error = None;
    s.list = ListState { filter: std::mem::take(&mut s.list.filter), ..ListState::default() };
    reload(state)
}

/// The queue read again from the top, as many rows as are loaded (a page
/// at least), so a live change keeps the operator's place.
fn reload(state: &mut State) -> Vec<Effect> {
    let limit = state.safeguarding.rows.len().clamp(PAGE, 1000);
    request(state, None, limit)
}

fn request(state: &mut State, after: Option<String>, limit: usize) -> Vec<Effect> {
    let s = &mut state.safeguarding;
    s.seq += 1;
    s.loading = true;
    let append = after.is_some();
    let query = SafeguardingQueueQuery {
        queue: s.queue,
        sort: s.sort_param(),
        limit: Some(limit),
        after,
        ..Default::default()
    };
    vec![Effect::desk_read(SafeguardingRead::SafeguardingQueue { seq: s.seq, query, append })]
}

/// A page of the queue: the first replaces the rows (marking those that
/// moved on since they were shown), a further one is added below them.
fn loaded(
    state: &mut State,
    seq: u64,
    append: bool,
    result: Result<SafeguardingQueuePage, ClientError>,
) -> Vec<Effect> {
    if seq != state.safeguarding.seq {
        return Vec::new();
    }
    state.safeguarding.loading = false;
    let page = match result {
        Ok(page) => page,
        Err(e) if e.is_unauthenticated() => return expire(state, "Your session has expired: log in again."),
        Err(e) => {
            state.safeguarding.error = Some(e.to_string());
            return Vec::new();
        }
    };
    let s = &mut state.safeguarding;
    desk_page::land(&mut s.rows, page.rows, append, s.loaded, &mut state.changed, state.now);
    s.next = page.next;
    s.more = page.more;
    s.more_at_least = page.more_at_least;
    s.loaded = true;
    s.error = None;
    mark_updated(state);
    let ids = SafeguardingPane.ids(state);
    views::reselect(&mut state.safeguarding.list, &ids);
    Vec::new()
}
