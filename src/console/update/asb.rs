//! The ASB desk's pane: the open cases, by borough (one borough with `b`
//! or `:asb BOROUGH`), a page at a time, kept live, each with whether its
//! case review trigger is met; the selected case's linked incidents on a
//! timeline below; keys link an incident (chosen from the borough's latest
//! ASB incidents), request a case review and record an action. Its forms
//! are `asb_form.rs`'s.

use super::asb_reads::{AsbAnswer, AsbRead};
use crate::console::state::asb::AsbForm;
use ratatui::layout::Rect;
use ratatui::Frame;

use super::asb_form;
use super::common::{error_message, expire, mark_updated};
use super::pane::{About, Key, Pane, Reply, SaveReply};
use super::{desk_page, picker};
use crate::api::asb::{AsbCasesPage, AsbCasesQuery};
use crate::api::Change;
use crate::client::ClientError;
use crate::console::action::{Action, Command, CommandInfo};
use crate::console::effect::Effect;
use crate::console::panes;
use crate::console::state::asb::AsbFormKind;
use crate::console::state::{ListState, PaneId, State};
use crate::console::ui::Ui;
use crate::console::views;
use crate::domain::boroughs;
use crate::domain::event::{Event, EventKind};

pub struct AsbPane;

/// Cases asked for at once.
pub const PAGE: usize = 50;

pub const CYCLE_BOROUGH: Command = Command::Own("cycle_asb_borough");
pub const LINK: Command = Command::Own("link_asb_incident");
pub const REVIEW: Command = Command::Own("request_case_review");
pub const ACTION: Command = Command::Own("record_asb_action");
pub const NEXT_SORT: Command = Command::Own("next_asb_sort");

const ABOUT: About = About::new(PaneId::Asb, "ASB")
    .tab("ASB cases")
    .palette("asb [BOROUGH]", "the ASB desk's open cases, optionally one borough", &[])
    .commands(&[
        CommandInfo::new(CYCLE_BOROUGH, "Filter by borough", &["b"]),
        CommandInfo::new(LINK, "Link an incident", &["l"]).writes(EventKind::Asb),
        CommandInfo::new(REVIEW, "Request a case review", &["v"]).writes(EventKind::Asb),
        CommandInfo::new(ACTION, "Record an action (letter, contract, order…)", &["a"]).writes(EventKind::Asb),
        CommandInfo::new(NEXT_SORT, "Sort newest or oldest first", &["S"]),
    ])
    .topics(&["asb"]);

impl Pane for AsbPane {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn list_rows(&self, body: u16) -> u16 {
        panes::asb::list_height(body)
    }

    fn render(&self, state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
        panes::asb::render(state, ui, frame, area);
    }

    fn render_dialog(&self, state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
        if let Some(form) = state.overlay.get_form::<AsbForm>() {
            panes::warrant_form::desk_form(form, asb_form::choices(state, form), ui, frame, area);
        }
    }

    fn ids(&self, state: &State) -> Vec<String> {
        state.asb.visible().iter().map(|r| r.event.id.clone()).collect()
    }

    fn list<'a>(&self, state: &'a State) -> Option<&'a ListState> {
        Some(&state.asb.list)
    }

    fn list_mut<'a>(&self, state: &'a mut State) -> Option<&'a mut ListState> {
        Some(&mut state.asb.list)
    }

    /// Near the end of the rows loaded, the next page is asked for.
    fn move_by(&self, state: &mut State, delta: isize, height: usize) -> Vec<Effect> {
        let ids = self.ids(state);
        views::move_selection(&mut state.asb.list, &ids, delta, height);
        let at = views::selected_index(&ids, &state.asb.list).unwrap_or(0);
        let a = &state.asb;
        if at + height >= ids.len() && a.next.is_some() && !a.loading {
            let after = a.next.clone();
            return request(state, after, PAGE);
        }
        Vec::new()
    }

    fn load(&self, state: &mut State, force: bool) -> Vec<Effect> {
        if !state.roles().may_read(EventKind::Asb) {
            return Vec::new();
        }
        let a = &state.asb;
        if force || (!a.loaded && !a.loading) {
            return reload(state);
        }
        Vec::new()
    }

    fn command(&self, state: &mut State, command: Command) -> Option<Vec<Effect>> {
        let kind = match command {
            LINK => AsbFormKind::Link,
            REVIEW => AsbFormKind::Review,
            ACTION => AsbFormKind::Action,
            // From the top: a page of one order never continues another.
            NEXT_SORT => {
                state.asb.sort = state.asb.sort.next();
                let borough = state.asb.borough.clone();
                return Some(show_borough(state, borough));
            }
            CYCLE_BOROUGH => {
                let (boroughs, current) = (picker::boroughs(), state.asb.borough.clone());
                let on = ("borough", "Borough");
                return Some(picker::open(state, on, &boroughs, current.as_ref(), String::clone));
            }
            _ => return None,
        };
        Some(asb_form::open_form(state, kind))
    }

    fn pick(&self, state: &mut State, _filter: &'static str, value: Option<&str>) -> Vec<Effect> {
        show_borough(state, picker::value(&picker::boroughs(), String::clone, value))
    }

    fn clear_filters(&self, state: &mut State) -> Vec<Effect> {
        show_borough(state, None)
    }

    /// Enter reads the case whole, as the event view shows a record.
    /// `:asb BOROUGH` shows one borough's cases; `:asb` or `:asb all` every borough's.
    fn palette(&self, state: &mut State, arg: &str, switched: Vec<Effect>) -> Vec<Effect> {
        match boroughs::canonical(arg) {
            _ if arg.is_empty() || arg == "all" => {
                if state.asb.borough.take().is_some() {
                    return show_borough(state, None);
                }
                switched
            }
            Some(borough) => show_borough(state, Some(borough.to_string())),
            None => {
                state.message = Some(error_message(state, format!("'{arg}' is not a London borough")));
                switched
            }
        }
    }

    fn open(&self, _state: &mut State, id: String) -> Vec<Effect> {
        vec![Effect::OpenRecord { kind: EventKind::Asb, id }]
    }

    fn dialog(&self, state: &mut State, key: &Key) -> Option<Vec<Effect>> {
        asb_form::key(state, key)
    }

    fn reply(&self, state: &mut State, action: Action) -> Reply {
        let reply = match action.desk_reply::<AsbAnswer>() {
            Ok(reply) => reply,
            Err(other) => return Reply::NotMine(other),
        };
        Reply::Done(match reply {
            AsbAnswer::AsbCases { seq, append, result } => loaded(state, seq, append, result),
            AsbAnswer::AsbIncidents { case_id, result } => asb_form::linkable(state, &case_id, result),
        })
    }

    fn held(&self, state: &State, kind: EventKind, id: &str) -> Option<i64> {
        (kind == EventKind::Asb).then(|| desk_page::held(&state.asb.rows, id)).flatten()
    }

    /// A case changed elsewhere (an incident linked from another desk):
    /// the cases are read again, with their standing as of now.
    fn follow_record(&self, state: &mut State, kind: EventKind, _change: &Change) -> Vec<Effect> {
        if kind != EventKind::Asb || !state.asb.loaded {
            return Vec::new();
        }
        reload(state)
    }

    /// A case as it now stands (the answer to an action): its row follows,
    /// and the cases are read again for its standing.
    fn put(&self, state: &mut State, event: &Event) -> Vec<Effect> {
        if !desk_page::put_newer(&mut state.asb.rows, event) {
            return Vec::new();
        }
        reload(state)
    }

    fn remove(&self, state: &mut State, kind: EventKind, id: &str) {
        if kind == EventKind::Asb {
            desk_page::remove(&mut state.asb.rows, id);
        }
    }

    fn saved(&self, state: &mut State, save: &SaveReply) {
        asb_form::saved(state, save);
    }

    fn unsaved_work(&self, state: &State) -> Vec<&'static str> {
        let open = matches!(state.overlay.get_form::<AsbForm>(), Some(f) if f.saving || f.touched);
        if open || state.asb.draft.as_ref().is_some_and(|f| f.touched) {
            return vec!["An unsent ASB form would be lost."];
        }
        Vec::new()
    }
}

/// Shows one borough's open cases (every borough's for None) from the first page.
pub fn show_borough(state: &mut State, borough: Option<String>) -> Vec<Effect> {
    let a = &mut state.asb;
    a.borough = borough;
    a.rows.clear();
    a.next = None;
    a.more = 0;
    a.more_at_least = false;
    a.loaded = false;
    a.error = None;
    a.list = ListState { filter: std::mem::take(&mut a.list.filter), ..ListState::default() };
    reload(state)
}

/// The cases read again from the top, as many rows as are loaded (a page
/// at least), so a live change keeps the operator's place.
fn reload(state: &mut State) -> Vec<Effect> {
    let limit = state.asb.rows.len().clamp(PAGE, 1000);
    request(state, None, limit)
}

fn request(state: &mut State, after: Option<String>, limit: usize) -> Vec<Effect> {
    let a = &mut state.asb;
    a.seq += 1;
    a.loading = true;
    let append = after.is_some();
    let query = AsbCasesQuery {
        borough: a.borough.clone(),
        sort: a.sort.param(),
        limit: Some(limit),
        after,
        ..Default::default()
    };
    vec![Effect::desk_read(AsbRead::AsbCases { seq: a.seq, query, append })]
}

/// A page of cases: the first replaces the rows (marking those that
/// changed since they were shown), a further one is added; they are kept
/// by borough, newest first within one.
fn loaded(state: &mut State, seq: u64, append: bool, result: Result<AsbCasesPage, ClientError>) -> Vec<Effect> {
    if seq != state.asb.seq {
        return Vec::new();
    }
    state.asb.loading = false;
    let page = match result {
        Ok(page) => page,
        Err(e) if e.is_unauthenticated() => return expire(state, "Your session has expired: log in again."),
        Err(e) => {
            state.asb.error = Some(e.to_string());
            return Vec::new();
        }
    };
    let a = &mut state.asb;
    desk_page::land(&mut a.rows, page.rows, append, a.loaded, &mut state.changed, state.now);
    // Stable: the server's order (newest or oldest first) holds within a borough.
    a.rows.sort_by(|x, y| x.event.borough.cmp(&y.event.borough));
    a.next = page.next;
    a.more = page.more;
    a.more_at_least = page.more_at_least;
    a.loaded = true;
    a.error = None;
    mark_updated(state);
    let ids = AsbPane.ids(state);
    views::reselect(&mut state.asb.list, &ids);
    Vec::new()
}
