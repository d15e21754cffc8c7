//! The lookup pane: the search box (a search asked as the operator types),
//! the ranked hits, and the reason asked before a person's record opens.

use ratatui::layout::Rect;
use ratatui::Frame;

use super::common::{edit_text, error_message, fail};
use super::pane::{About, Key, Mode, Pane, Reply};
use super::{crime_link, custody_book_in, incident_link, opening};
use crate::api::{Change, SearchResponse};
use crate::client::ClientError;
use crate::console::action::{Action, Command, CommandInfo};
use crate::console::effect::Effect;
use crate::console::layout::SEARCH_BOX_ROWS;
use crate::console::panes;
use crate::console::state::{
    EntityKind, EntityTarget, ListState, LookupFocus, LookupRow, Overlay, PaneId, ReasonPrompt, State, LOOKUP_SHOWN,
    RECENT_REASONS,
};
use crate::console::ui::Ui;
use crate::console::views;
use crate::domain::event::EventKind;

pub struct LookupPane;

pub const FOCUS_SEARCH: Command = Command::Own("focus_search");
pub const CLEAR_SEARCH: Command = Command::Own("clear_search");
pub const NEW_DETAINEE: Command = Command::Own("book_in_new_person");

const ABOUT: About = About::new(PaneId::Lookup, "Lookup")
    .tab("Subject lookup")
    .palette("subject TEXT", "look a subject up (also :s, :lookup)", &["s", "lookup", "search"])
    .commands(&[
        CommandInfo::new(FOCUS_SEARCH, "Type in the search box", &["i", "/"]),
        CommandInfo::new(CLEAR_SEARCH, "Clear the search", &["C-u"]),
        // Booking in from the custody board: the detainee is not on record.
        CommandInfo::new(NEW_DETAINEE, "Book in someone new (from the board's b)", &["N"]).writes(EventKind::Custody),
    ]);

impl Pane for LookupPane {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn list_rows(&self, body: u16) -> u16 {
        // The search box, then a bordered list with its header.
        body.saturating_sub(SEARCH_BOX_ROWS + 3)
    }

    fn render(&self, state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
        panes::lookup::render(state, ui, frame, area);
    }

    fn render_dialog(&self, state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
        if let Overlay::Reason(prompt) = &state.overlay {
            panes::lookup::reason_prompt(state, prompt, ui, frame, area);
        }
    }

    fn ids(&self, state: &State) -> Vec<String> {
        state.lookup.ids()
    }

    fn list<'a>(&self, state: &'a State) -> Option<&'a ListState> {
        Some(&state.lookup.list)
    }

    fn list_mut<'a>(&self, state: &'a mut State) -> Option<&'a mut ListState> {
        Some(&mut state.lookup.list)
    }

    fn move_by(&self, state: &mut State, delta: isize, height: usize) -> Vec<Effect> {
        // Arrows work from the search box, as in any finder.
        let ids = self.ids(state);
        if !ids.is_empty() {
            views::move_selection(&mut state.lookup.list, &ids, delta, height);
        }
        Vec::new()
    }

    fn typing(&self, state: &State) -> bool {
        state.lookup.focus == LookupFocus::Input
    }

    fn load(&self, state: &mut State, force: bool) -> Vec<Effect> {
        if force {
            return search(state);
        }
        Vec::new()
    }

    fn command(&self, state: &mut State, command: Command) -> Option<Vec<Effect>> {
        match command {
            // Its filter is the search box.
            Command::Filter | FOCUS_SEARCH => {
                state.lookup.focus = LookupFocus::Input;
                Some(Vec::new())
            }
            CLEAR_SEARCH => {
                state.lookup.query.clear();
                state.lookup.focus = LookupFocus::Input;
                Some(search(state))
            }
            NEW_DETAINEE if custody_book_in::finding(state) => Some(custody_book_in::new_person(state)),
            // Not booking in: N is a letter like any other, typed into the search.
            NEW_DETAINEE => {
                edit_text(&mut state.lookup.query, &crate::console::action::Edit::Insert('N'));
                state.lookup.focus = LookupFocus::Input;
                Some(search(state))
            }
            _ => None,
        }
    }

    /// Opening a person asks why first (it is audited); while a person is
    /// being found for an incident, Enter picks them for it instead.
    /// `:subject TEXT` searches for the text; the search box has the focus.
    fn palette(&self, state: &mut State, arg: &str, mut switched: Vec<Effect>) -> Vec<Effect> {
        if !arg.is_empty() {
            state.lookup.query = arg.to_string();
            switched.extend(search(state));
        }
        state.lookup.focus = LookupFocus::Input;
        switched
    }

    fn open(&self, state: &mut State, id: String) -> Vec<Effect> {
        let (name, entity) = match state.lookup.row(&id) {
            None => return Vec::new(),
            Some(LookupRow::Person(h)) => (h.name.clone(), None),
            Some(LookupRow::Place(h)) => {
                (format!("place {}", h.address), Some(EntityTarget { kind: EntityKind::Place, id: id.clone() }))
            }
            Some(LookupRow::Object(h)) => (
                format!("{} {}", h.object.details.kind_name(), h.object.details.key()),
                Some(EntityTarget { kind: EntityKind::Object, id: id.clone() }),
            ),
        };
        let picking =
            incident_link::linking(state).is_some() || crime_link::linking(state) || custody_book_in::finding(state);
        if picking && entity.is_some() {
            state.message = Some(error_message(state, "Pick a person: that is a vehicle, phone or place."));
            return Vec::new();
        }
        if incident_link::linking(state).is_some() {
            return incident_link::picked(state, id);
        }
        if crime_link::linking(state) {
            return crime_link::picked(state, id);
        }
        if custody_book_in::finding(state) {
            return custody_book_in::picked(state, id);
        }
        // Recent reasons are offered, none chosen: a reason given for one
        // person is not one Enter away from being given for the next.
        state.overlay = Overlay::Reason(ReasonPrompt { person_id: id, name, input: String::new(), pick: None, entity });
        Vec::new()
    }

    fn back(&self, state: &mut State) -> Vec<Effect> {
        if incident_link::linking(state).is_some() {
            return incident_link::cancel(state);
        }
        if crime_link::linking(state) {
            return crime_link::cancel(state);
        }
        if custody_book_in::finding(state) {
            return custody_book_in::cancel(state);
        }
        Vec::new()
    }

    fn mode(&self, state: &State) -> Mode {
        match state.lookup.focus {
            LookupFocus::Input => Mode { name: "SEARCH", enter: Some("open"), esc: Some("to the list") },
            LookupFocus::List => Mode { name: "LIST", enter: None, esc: self.back_doc(state) },
        }
    }

    fn box_command(&self) -> (Command, &'static str) {
        (FOCUS_SEARCH, "search")
    }

    fn back_doc(&self, state: &State) -> Option<&'static str> {
        if custody_book_in::finding(state) {
            return Some("stop booking in");
        }
        (incident_link::linking(state).is_some() || crime_link::linking(state)).then_some("stop linking")
    }

    /// The search box: typing searches, Enter opens the selected hit, Esc
    /// moves to the list.
    fn input(&self, state: &mut State, key: &Key) -> Option<Vec<Effect>> {
        let in_box = state.lookup.focus == LookupFocus::Input;
        match key {
            Key::Edit(edit) => {
                edit_text(&mut state.lookup.query, edit);
                state.lookup.focus = LookupFocus::Input;
                Some(search(state))
            }
            Key::Submit if in_box => Some(match self.selected(state) {
                Some(id) => self.open(state, id),
                None => Vec::new(),
            }),
            Key::Cancel if in_box => {
                state.lookup.focus = LookupFocus::List;
                Some(Vec::new())
            }
            _ => None,
        }
    }

    /// The reason for access: typed, or picked from the recent ones.
    fn dialog(&self, state: &mut State, key: &Key) -> Option<Vec<Effect>> {
        let Overlay::Reason(prompt) = &mut state.overlay else {
            return None;
        };
        match key {
            Key::Edit(edit) => {
                edit_text(&mut prompt.input, edit);
                prompt.pick = None;
            }
            Key::Pick(delta) => {
                let count = state.recent_reasons.len();
                prompt.pick = match (prompt.pick, *delta > 0) {
                    (None, true) if count > 0 => Some(0),
                    (None, _) => None,
                    (Some(0), false) => None,
                    (Some(i), true) => Some((i + 1).min(count.saturating_sub(1))),
                    (Some(i), false) => Some(i - 1),
                };
            }
            Key::Submit => {
                let Overlay::Reason(prompt) = std::mem::take(&mut state.overlay) else { return None };
                return Some(give_reason(state, prompt));
            }
            Key::Cancel => state.overlay = Overlay::None,
        }
        Some(Vec::new())
    }

    fn reply(&self, state: &mut State, action: Action) -> Reply {
        match action {
            Action::SearchDone { seq, result } => Reply::Done(search_done(state, seq, result)),
            other => Reply::NotMine(other),
        }
    }

    /// A person among the hits changed: search again.
    fn follow(&self, state: &mut State, change: &Change) -> Vec<Effect> {
        let touches = |id: &str| change.person_ids.iter().any(|p| p == id) || change.record_id == id;
        if state.lookup.ids().iter().any(|id| touches(id)) {
            return search(state);
        }
        Vec::new()
    }
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
        state.lookup.places.clear();
        state.lookup.objects.clear();
        state.lookup.answered.clear();
        state.lookup.error = None;
        state.lookup.list = Default::default();
        return Vec::new();
    }
    vec![Effect::Search { seq: state.lookup.issued, query }]
}

fn search_done(state: &mut State, seq: u64, result: Result<SearchResponse, ClientError>) -> Vec<Effect> {
    // An answer never overwrites a newer one already shown.
    if seq <= state.lookup.shown {
        return Vec::new();
    }
    state.lookup.shown = seq;
    match result {
        Ok(mut response) => {
            // The one asked for beyond those shown says that more match.
            state.lookup.more = response.hits.len() > LOOKUP_SHOWN;
            response.hits.truncate(LOOKUP_SHOWN);
            state.lookup.hits = response.hits;
            state.lookup.places = response.places;
            state.lookup.objects = response.objects;
            state.lookup.answered = response.query;
            state.lookup.error = None;
            let ids = state.lookup.ids();
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

/// The reason given: remembered for the quick-pick (in memory only, for
/// this officer's session: reasons name people and enquiries), and the
/// profile opens.
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
    match prompt.entity {
        Some(target) => opening::entity(state, target, prompt.name, reason),
        None => opening::profile(state, prompt.person_id, prompt.name, reason),
    }
}
