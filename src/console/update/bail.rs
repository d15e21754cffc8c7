//! The bail desk's pane: every person on police bail from the force's
//! custody records, those past their time to answer first, then those
//! answering today, then pre-charge bail ending within four weeks; each
//! with the date they answer, where, their conditions and the custody
//! record that bailed them (Enter opens it). Read with a reason for the
//! audit, kept live from custody changes.

use ratatui::layout::Rect;
use ratatui::Frame;

use super::common::{expire, mark_updated};
use super::pane::{About, Pane, Reply};
use crate::api::bail::{BailDiary, BailDiaryQuery};
use crate::api::Change;
use crate::client::{Client, ClientError};
use crate::console::action::{Action, Command, CommandInfo};
use crate::console::desks::desk_read;
use crate::console::effect::Effect;
use crate::console::panes;
use crate::console::state::bail::ENDING_DAYS;
use crate::console::state::{ListState, PaneId, State};
use crate::console::ui::Ui;
use crate::console::views;
use crate::domain::event::EventKind;

pub struct BailPane;

const BAIL_DIARY_REASON: &str = "Bail diary on the console's bail pane";

pub const NEXT_SORT: Command = Command::Own("next_bail_sort");

const ABOUT: About = About::new(PaneId::Bail, "Bail")
    .tab("Bail diary")
    .palette("bail [WORDS]", "persons on bail, overdue first, filtered", &[])
    .commands(&[CommandInfo::new(NEXT_SORT, "Sort by urgency, name or where answered", &["S"])])
    .topics(&["custody"]);

impl Pane for BailPane {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn list_rows(&self, body: u16) -> u16 {
        panes::bail::list_height(body)
    }

    fn render(&self, state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
        panes::bail::render(state, ui, frame, area);
    }

    fn ids(&self, state: &State) -> Vec<String> {
        state.bail.visible().iter().map(|l| l.row.custody_id.clone()).collect()
    }

    fn list<'a>(&self, state: &'a State) -> Option<&'a ListState> {
        Some(&state.bail.list)
    }

    fn list_mut<'a>(&self, state: &'a mut State) -> Option<&'a mut ListState> {
        Some(&mut state.bail.list)
    }

    /// Only the roles that may read custody records are shown any of it.
    fn load(&self, state: &mut State, force: bool) -> Vec<Effect> {
        if !state.roles().may_read(EventKind::Custody) {
            return Vec::new();
        }
        let b = &state.bail;
        if force || (!b.loaded && !b.loading) {
            return read(state);
        }
        Vec::new()
    }

    fn command(&self, state: &mut State, command: Command) -> Option<Vec<Effect>> {
        if command != NEXT_SORT {
            return None;
        }
        state.bail.sort = state.bail.sort.next();
        // The selection stays on its person, wherever they now sit.
        let ids = self.ids(state);
        views::reselect(&mut state.bail.list, &ids);
        Some(Vec::new())
    }

    /// `:bail WORDS` filters the persons by the words (none: no filter).
    fn palette(&self, state: &mut State, arg: &str, switched: Vec<Effect>) -> Vec<Effect> {
        state.bail.list.filter = arg.to_string();
        switched
    }

    /// Enter opens the custody record that bailed them.
    fn open(&self, _state: &mut State, id: String) -> Vec<Effect> {
        vec![Effect::OpenRecord { kind: EventKind::Custody, id }]
    }

    fn reply(&self, state: &mut State, action: Action) -> Reply {
        match action.desk_reply::<BailAnswer>() {
            Ok(BailAnswer { seq, result }) => Reply::Done(loaded(state, seq, result)),
            Err(other) => Reply::NotMine(other),
        }
    }

    /// A custody record changed (bail granted, answered, extended): the
    /// diary is read again.
    fn follow_record(&self, state: &mut State, kind: EventKind, _change: &Change) -> Vec<Effect> {
        if kind != EventKind::Custody || !state.bail.loaded {
            return Vec::new();
        }
        read(state)
    }
}

fn read(state: &mut State) -> Vec<Effect> {
    let b = &mut state.bail;
    b.seq += 1;
    b.loading = true;
    vec![Effect::desk_read(BailRead { seq: b.seq })]
}

fn loaded(state: &mut State, seq: u64, result: Result<BailDiary, ClientError>) -> Vec<Effect> {
    if seq != state.bail.seq {
        return Vec::new();
    }
    state.bail.loading = false;
    match result {
        Ok(diary) => {
            state.bail.land(diary);
            state.bail.loaded = true;
            state.bail.error = None;
            mark_updated(state);
        }
        Err(e) if e.is_unauthenticated() => return expire(state, "Your session has expired: log in again."),
        Err(e) => state.bail.error = Some(e.to_string()),
    }
    let ids = BailPane.ids(state);
    views::reselect(&mut state.bail.list, &ids);
    Vec::new()
}

/// The bail diary of every station, with the reason for the audit.
#[derive(Debug, Clone, PartialEq)]
pub struct BailRead {
    pub seq: u64,
}

#[derive(Debug, Clone)]
pub struct BailAnswer {
    pub seq: u64,
    pub result: Result<BailDiary, ClientError>,
}

impl BailRead {
    async fn answer(self, client: Client) -> BailAnswer {
        let query =
            BailDiaryQuery { station: None, days: Some(ENDING_DAYS), reason: Some(BAIL_DIARY_REASON.to_string()) };
        BailAnswer { seq: self.seq, result: client.bail_diary(&query).await }
    }
}

desk_read!(BailRead);
