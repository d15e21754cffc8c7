//! The warrant queue pane: outstanding warrants in the server's priority
//! order, filtered by kind, borough, allocation and band, and worked from
//! the keyboard. Its rows are `warrant_queue.rs`'s, its forms
//! `warrant_form.rs`'s; the note of an attempt to execute is here.

use ratatui::layout::Rect;
use ratatui::Frame;

use super::common::{edit_text, error_message, info_message, send_action};
use super::pane::{About, Key, Pane, Reply, SaveReply};
use super::{allocation, event, picker, warrant_form, warrant_queue};
use crate::api::warrants::QueueSort;
use crate::api::Change;
use crate::console::action::{Action, Command, CommandInfo};
use crate::console::effect::Effect;
use crate::console::panes;
use crate::console::queue_rows;
use crate::console::state::{Allocation, ListState, NoteInput, Overlay, PaneId, ReasonPrompt, State, WarrantFormKind};
use crate::console::ui::Ui;
use crate::console::views;
use crate::domain::boroughs;
use crate::domain::event::{Event, EventKind, WarrantKind};
use crate::domain::warrant_lifecycle::WarrantAction;

/// The allocations `a` offers besides all.
const ALLOCATIONS: [Allocation; 3] = [Allocation::Allocated, Allocation::Unallocated, Allocation::Mine];

fn allocation_text(allocation: &Allocation) -> String {
    panes::warrants::allocation_label(*allocation).to_string()
}

fn kind_label(kind: &WarrantKind) -> String {
    panes::warrants::kind_label(*kind).to_string()
}

/// The priority floors `p` offers: where the medium and high bands start.
fn floors(state: &State) -> [i32; 2] {
    [state.warrants.bands.medium_from, state.warrants.bands.high_from]
}

fn priority_text(state: &State) -> impl Fn(&i32) -> String {
    let bands = state.warrants.bands;
    move |floor| panes::warrants::priority_label(Some(*floor), bands)
}

pub struct WarrantsPane;

pub const CYCLE_KIND: Command = Command::Own("cycle_kind");
pub const CYCLE_BOROUGH: Command = Command::Own("cycle_borough");
pub const CYCLE_ALLOCATION: Command = Command::Own("cycle_allocation");
pub const RECORD_ATTEMPT: Command = Command::Own("record_attempt");
pub const CYCLE_PRIORITY: Command = Command::Own("cycle_priority");
pub const ALLOCATE_TO_ME: Command = Command::Own("allocate_to_me");
pub const ALLOCATE_WARRANT: Command = Command::Own("allocate_warrant");
pub const EXECUTE_WARRANT: Command = Command::Own("execute_warrant");
pub const WITHDRAW_WARRANT: Command = Command::Own("withdraw_warrant");
pub const OPEN_PERSON: Command = Command::Own("open_wanted_person");
pub const NEXT_SORT: Command = Command::Own("next_queue_sort");

const ABOUT: About = About::new(PaneId::Warrants, "Warrants")
    .tab("Warrant queue")
    .palette("warrants [BOROUGH]", "warrant queue, optionally one borough", &["w"])
    .commands(&[
        CommandInfo::new(CYCLE_KIND, "Filter by warrant kind", &["w"]),
        CommandInfo::new(CYCLE_BOROUGH, "Filter by borough", &["b"]),
        CommandInfo::new(CYCLE_ALLOCATION, "Filter by allocation", &["a"]),
        CommandInfo::new(RECORD_ATTEMPT, "Log an attempt to execute", &["t"]).writes(EventKind::Warrant),
        // The queue's work.
        CommandInfo::new(CYCLE_PRIORITY, "Filter by priority band", &["p"]),
        CommandInfo::new(ALLOCATE_TO_ME, "Allocate to me", &["m"]).writes(EventKind::Warrant),
        CommandInfo::new(ALLOCATE_WARRANT, "Allocate to an officer", &["A"]).writes(EventKind::Warrant),
        CommandInfo::new(EXECUTE_WARRANT, "Mark executed", &["x"]).writes(EventKind::Warrant),
        CommandInfo::new(WITHDRAW_WARRANT, "Withdraw (with a reason)", &["W"]).writes(EventKind::Warrant),
        CommandInfo::new(OPEN_PERSON, "Open the wanted person's profile", &["P"]),
        CommandInfo::new(NEXT_SORT, "Sort by the next key (priority, oldest, newest, name)", &["S"]),
    ])
    .topics(&["warrants"]);

impl Pane for WarrantsPane {
    fn about(&self) -> &'static About {
        &ABOUT
    }

    fn list_rows(&self, body: u16) -> u16 {
        // A bordered list with a header and a line for its filters, and
        // two lines under it saying why the selected warrant is there.
        body.saturating_sub(6)
    }

    fn render(&self, state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
        panes::warrants::render(state, ui, frame, area);
    }

    fn render_dialog(&self, state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
        match &state.overlay {
            Overlay::Note(note) => panes::warrant_form::note(note, ui, frame, area),
            Overlay::WarrantForm(form) => {
                let choices = (form.kind == WarrantFormKind::Allocate)
                    .then(|| allocation::choices(&state.warrants.officers, form.value("officer")));
                panes::warrant_form::render(form, choices, ui, frame, area)
            }
            _ => {}
        }
    }

    fn ids(&self, state: &State) -> Vec<String> {
        warrant_queue::ids(state)
    }

    fn list<'a>(&self, state: &'a State) -> Option<&'a ListState> {
        Some(&state.warrants.rows.list)
    }

    fn list_mut<'a>(&self, state: &'a mut State) -> Option<&'a mut ListState> {
        Some(&mut state.warrants.rows.list)
    }

    fn selected(&self, state: &State) -> Option<String> {
        queue_rows::selected_warrant(state)
    }

    fn move_by(&self, state: &mut State, delta: isize, height: usize) -> Vec<Effect> {
        warrant_queue::move_by(state, delta, height)
    }

    fn load(&self, state: &mut State, force: bool) -> Vec<Effect> {
        let rows = &state.warrants.rows;
        if force || (!rows.loaded && !rows.loading) {
            return warrant_queue::reload(state);
        }
        Vec::new()
    }

    fn command(&self, state: &mut State, command: Command) -> Option<Vec<Effect>> {
        let w = &state.warrants;
        let effects = match command {
            CYCLE_KIND => {
                let (current, on) = (w.kind, ("kind", "Warrant kind"));
                picker::open(state, on, &WarrantKind::ALL, current.as_ref(), kind_label)
            }
            CYCLE_BOROUGH => {
                let current = w.borough.clone();
                let on = ("borough", "Borough");
                picker::open(state, on, &picker::boroughs(), current.as_ref(), String::clone)
            }
            CYCLE_ALLOCATION => {
                let current = Some(w.allocation).filter(|a| *a != Allocation::All);
                let on = ("allocation", "Allocation");
                picker::open(state, on, &ALLOCATIONS, current.as_ref(), allocation_text)
            }
            CYCLE_PRIORITY => {
                let (floors, current, label) = (floors(state), w.min_priority, priority_text(state));
                picker::open(state, ("priority", "Priority"), &floors, current.as_ref(), label)
            }
            RECORD_ATTEMPT => record_attempt(state),
            NEXT_SORT => {
                let w = &mut state.warrants;
                let at = QueueSort::ALL.iter().position(|s| *s == w.sort).unwrap_or(0);
                w.sort = QueueSort::ALL[(at + 1) % QueueSort::ALL.len()];
                // The rows loaded are a slice of the old order: read the new one
                // from its top; the selection stays on its warrant if it is there.
                warrant_queue::refilter(state)
            }
            ALLOCATE_TO_ME => warrant_form::allocate_to_me(state),
            ALLOCATE_WARRANT => warrant_form::open_form(state, WarrantFormKind::Allocate),
            EXECUTE_WARRANT => warrant_form::open_form(state, WarrantFormKind::Execute),
            WITHDRAW_WARRANT => warrant_form::open_form(state, WarrantFormKind::Withdraw),
            OPEN_PERSON => open_person(state),
            _ => return None,
        };
        Some(effects)
    }

    fn pick(&self, state: &mut State, filter: &'static str, value: Option<&str>) -> Vec<Effect> {
        let (floors, priority) = (floors(state), priority_text(state));
        let w = &mut state.warrants;
        match filter {
            "kind" => w.kind = picker::value(&WarrantKind::ALL, kind_label, value),
            "borough" => w.borough = picker::value(&picker::boroughs(), String::clone, value),
            "allocation" => w.allocation = picker::value(&ALLOCATIONS, allocation_text, value).unwrap_or_default(),
            _ => w.min_priority = picker::value(&floors, priority, value),
        }
        // A filter the server applies changed: the queue starts over.
        warrant_queue::refilter(state)
    }

    fn clear_filters(&self, state: &mut State) -> Vec<Effect> {
        let w = &mut state.warrants;
        (w.kind, w.borough, w.allocation, w.min_priority) = (None, None, Allocation::All, None);
        warrant_queue::refilter(state)
    }

    /// The queue holds rows, not records: the warrant is read to open it.
    /// `:warrants BOROUGH` asks the server for one borough's warrants;
    /// other words filter the rows.
    fn palette(&self, state: &mut State, arg: &str, mut switched: Vec<Effect>) -> Vec<Effect> {
        if arg.is_empty() {
            return switched;
        }
        match boroughs::canonical(arg) {
            Some(borough) => {
                state.warrants.borough = Some(borough.to_string());
                // The server filters by borough: ask again.
                warrant_queue::refilter(state)
            }
            None => {
                state.warrants.rows.list.filter = arg.to_string();
                let ids = self.ids(state);
                views::reselect(&mut state.warrants.rows.list, &ids);
                switched.extend(self.refine(state));
                switched
            }
        }
    }

    fn open(&self, _state: &mut State, id: String) -> Vec<Effect> {
        vec![Effect::OpenRecord { kind: EventKind::Warrant, id }]
    }

    /// The typed filter narrows the loaded rows at once, and the server is
    /// asked for every match, loaded or not.
    fn refine(&self, state: &mut State) -> Vec<Effect> {
        warrant_queue::refine(state)
    }

    fn dialog(&self, state: &mut State, key: &Key) -> Option<Vec<Effect>> {
        note_key(state, key).or_else(|| warrant_form::key(state, key))
    }

    fn reply(&self, state: &mut State, action: Action) -> Reply {
        Reply::Done(match action {
            Action::QueueLoaded { seq, append, result } => warrant_queue::queue_loaded(state, seq, append, result),
            Action::QueueRowLoaded { seq, id, result } => warrant_queue::row_loaded(state, seq, &id, result),
            Action::OfficersLoaded(result) => allocation::officers_loaded(state, result),
            other => return Reply::NotMine(other),
        })
    }

    fn held(&self, state: &State, kind: EventKind, id: &str) -> Option<i64> {
        (kind == EventKind::Warrant).then(|| warrant_queue::row(state, id).map(|r| r.version)).flatten()
    }

    /// A warrant open in the record view is re-read there, which patches
    /// its row; any other is followed by the queue.
    fn follow_record(&self, state: &mut State, kind: EventKind, change: &Change) -> Vec<Effect> {
        if kind != EventKind::Warrant || event::viewed(state, &change.record_id) {
            return Vec::new();
        }
        warrant_queue::live_change(state, &change.record_id)
    }

    fn put(&self, state: &mut State, event: &Event) -> Vec<Effect> {
        if event.kind == EventKind::Warrant {
            warrant_queue::patch(state, event);
        }
        Vec::new()
    }

    fn remove(&self, state: &mut State, kind: EventKind, id: &str) {
        if kind == EventKind::Warrant {
            state.warrants.rows.items.retain(|r| r.id != id);
        }
    }

    /// A form waiting on the answer takes it; otherwise a note does: closed
    /// when saved, kept with why when not.
    fn saved(&self, state: &mut State, save: &SaveReply) {
        let form_took = warrant_form::saved(state, save);
        if save.result.is_ok() {
            if matches!(&state.overlay, Overlay::Note(n) if n.record_id == save.id) {
                state.overlay = Overlay::None;
            }
            if state.warrants.draft.as_ref().is_some_and(|d| d.record_id == save.id) {
                state.warrants.draft = None;
            }
        } else if save.expired() {
            keep_note_error(state, "Not saved: your session expired. Log in again and send it again.".to_string());
        } else if !form_took {
            keep_note_error(state, format!("Not saved: {}", save.refusal().unwrap_or_default()));
        }
    }

    fn unsaved_work(&self, state: &State) -> Vec<&'static str> {
        let mut lost = Vec::new();
        let note = matches!(&state.overlay, Overlay::Note(n) if !n.text.trim().is_empty());
        if note || state.warrants.draft.as_ref().is_some_and(|d| !d.text.trim().is_empty()) {
            lost.push("An unsent note would be lost.");
        }
        let form = matches!(&state.overlay, Overlay::WarrantForm(f) if f.saving);
        if form || state.warrants.form_draft.as_ref().is_some_and(|f| f.touched) {
            lost.push("An unsent warrant form would be lost.");
        }
        lost
    }
}

/// `t`: a note of an attempt to execute the selected warrant (resuming
/// one kept unsent for it).
/// The selected warrant's person: their profile opens once a reason is
/// given (none is chosen for them: the last was for someone else).
fn open_person(state: &mut State) -> Vec<Effect> {
    let row = WarrantsPane.selected(state).and_then(|id| warrant_queue::row(state, &id).cloned());
    let Some(row) = row.filter(|r| !r.person_id.is_empty()) else {
        return Vec::new();
    };
    let (person_id, name) = (row.person_id, row.person_name);
    state.overlay = Overlay::Reason(ReasonPrompt { person_id, name, input: String::new(), pick: None, entity: None });
    Vec::new()
}

fn record_attempt(state: &mut State) -> Vec<Effect> {
    if !state.roles().may_write(EventKind::Warrant) {
        state.message = Some(error_message(state, "Your role may not log warrant attempts."));
        return Vec::new();
    }
    let Some(id) = WarrantsPane.selected(state) else {
        return Vec::new();
    };
    let Some(row) = warrant_queue::row(state, &id).cloned() else {
        return Vec::new();
    };
    let note = match state.warrants.draft.take() {
        Some(draft) if draft.record_id == id => draft,
        other => {
            state.warrants.draft = other;
            NoteInput {
                record_id: id,
                title: format!("Attempt to execute {} ({})", row.reference, row.person_name),
                text: String::new(),
                saving: false,
                error: None,
            }
        }
    };
    state.overlay = Overlay::Note(note);
    Vec::new()
}

/// A key for the attempt note, if that is what is open.
fn note_key(state: &mut State, key: &Key) -> Option<Vec<Effect>> {
    let Overlay::Note(note) = &mut state.overlay else {
        return None;
    };
    match key {
        Key::Edit(edit) => edit_text(&mut note.text, edit),
        Key::Pick(_) => {}
        Key::Submit | Key::Cancel => {
            let Overlay::Note(note) = std::mem::take(&mut state.overlay) else { return None };
            if *key == Key::Submit {
                return Some(send_note(state, note));
            }
            // Keep what was written: reopening the note resumes it.
            if !note.text.trim().is_empty() {
                state.message = Some(info_message(state, "Note kept as a draft; it is not saved yet."));
                state.warrants.draft = Some(NoteInput { saving: false, ..note });
            }
        }
    }
    Some(Vec::new())
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
    let Some(row) = warrant_queue::row(state, &note.record_id).cloned() else {
        note.error = Some("This warrant is no longer on the queue.".to_string());
        state.overlay = Overlay::Note(note);
        return Vec::new();
    };
    let action = WarrantAction::Attempt { note: note.text.trim().to_string() };
    note.saving = true;
    note.error = None;
    let what = format!("Attempt on {}", row.reference);
    let id = note.record_id.clone();
    state.overlay = Overlay::Note(note);
    send_action(state, what, id, row.version, action)
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
