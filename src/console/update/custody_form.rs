//! The board's custody forms: a review of detention, a cell move, or a
//! visit at an observation level that needs rousing, opened
//! on the selected detainee with one key, sent as the server's own custody
//! action. A refusal keeps every input and names the field it objects to;
//! Esc keeps the form as a draft that the same key resumes.

use super::common::{
    edit_text, error_message, info_message, not_saved, refusal_text, refused_input, send_action, step,
};
use super::pane::{Key, SaveReply};
use crate::console::custody_view::status_at;
use crate::console::effect::Effect;
use crate::console::format;
use crate::console::state::{CustodyForm, CustodyFormKind, FormField, Overlay, PaneId, State};
use crate::console::views;
use crate::domain::custody::CustodyAction;
use crate::domain::event::EventKind;

/// Opens the form of `kind` on the selected detainee (or resumes its draft).
pub fn open(state: &mut State, kind: CustodyFormKind) -> Vec<Effect> {
    if !state.roles().may_write(EventKind::Custody) {
        let what = match kind {
            CustodyFormKind::Visit => "record cell visits",
            CustodyFormKind::Review => "record reviews",
            CustodyFormKind::CellMove => "move detainees",
        };
        state.message = Some(error_message(state, format!("Your role may not {what}.")));
        return Vec::new();
    }
    if state.pane != PaneId::Board {
        return Vec::new();
    }
    let ids: Vec<String> = views::board_rows(state).iter().map(|(e, _)| e.id.clone()).collect();
    let Some(id) = views::selected_index(&ids, &state.board.rows.list).map(|i| ids[i].clone()) else {
        return Vec::new();
    };
    if let Some(draft) = state.board.draft.take() {
        if draft.record_id == id && draft.kind == kind {
            state.overlay = Overlay::Custody(draft);
            return Vec::new();
        }
        state.board.draft = Some(draft);
    }
    let Some((event, details)) = views::board_rows(state).into_iter().find(|(e, _)| e.id == id) else {
        return Vec::new();
    };
    let field = |name, label| FormField { name, label, value: String::new(), required: true, hint: "" };
    let (title, context, fields) = match kind {
        CustodyFormKind::Visit => {
            let level = details.observation_level;
            let rousing = crate::domain::pace::Observation::from_level(level).needs_rousing();
            let mut fields = Vec::new();
            if rousing {
                fields.push(field("roused", "Roused (y/n)"));
            }
            fields.push(FormField { hint: CONDITION_HINT, ..field("condition", "Condition") });
            fields.push(field("notes", "Notes"));
            let ask = if rousing { "whether the detainee was roused, " } else { "" };
            (
                format!("Visit — {} in cell {}", event.summary, details.cell),
                format!("Level {level} observation: say {ask}their condition and what you saw."),
                fields,
            )
        }
        CustodyFormKind::Review => {
            let due = status_at(details, state.now)
                .next_review_due
                .map(|at| format!("Review due {} ({})", format::when(at, state.now), format::due(at, state.now)))
                .unwrap_or_else(|| "No review due".to_string());
            (
                format!("Review of detention — {}", event.summary),
                format!("{due}; before charge only an inspector may review (PACE s.40)."),
                vec![field("outcome", "Outcome")],
            )
        }
        CustodyFormKind::CellMove => (
            format!("Cell move — {}", event.summary),
            format!("Now in cell {}.", details.cell),
            vec![field("cell", "New cell"), field("reason", "Reason")],
        ),
    };
    state.overlay = Overlay::Custody(CustodyForm {
        kind,
        record_id: id,
        title,
        context,
        fields,
        focus: 0,
        saving: false,
        error: None,
        error_field: None,
    });
    Vec::new()
}

/// The conditions a visit finds a detainee in, as the custody log words
/// them; the form takes the number or words of one.
const CONDITIONS: [&str; 6] = [
    "Awake and talking",
    "Asleep, breathing normally",
    "Roused and responding",
    "Drowsy or slow to respond",
    "Unwell: health care professional called",
    "Unresponsive: emergency",
];
const CONDITION_HINT: &str = "1 awake · 2 asleep, breathing · 3 roused · 4 drowsy · 5 unwell · 6 unresponsive";

fn condition(typed: &str) -> Result<&'static str, String> {
    let lower = typed.trim().to_lowercase();
    if let Some(c) = lower.parse::<usize>().ok().and_then(|n| n.checked_sub(1)).and_then(|i| CONDITIONS.get(i)) {
        return Ok(c);
    }
    let mut matching = CONDITIONS.iter().filter(|c| !lower.is_empty() && c.to_lowercase().contains(&lower));
    match (matching.next(), matching.next()) {
        (Some(one), None) => Ok(one),
        _ => Err(format!("Condition '{}' is not one of: {CONDITION_HINT}", typed.trim())),
    }
}

/// Keeps the form open with `message` beside input `name`.
fn refuse(state: &mut State, mut form: CustodyForm, name: &str, message: String) -> Vec<Effect> {
    form.focus = form.fields.iter().position(|f| f.name == name).unwrap_or(0);
    form.error = Some(message);
    form.error_field = Some(name.to_string());
    state.overlay = Overlay::Custody(form);
    Vec::new()
}

/// A key for the form, if a custody form is what is open: typing goes to
/// the focused input, Tab, Down and Up move between the inputs, Enter
/// sends and Esc keeps it as a draft.
pub fn key(state: &mut State, key: &Key) -> Option<Vec<Effect>> {
    let Overlay::Custody(form) = &mut state.overlay else {
        return None;
    };
    match key {
        Key::Edit(edit) => {
            if let Some(field) = form.fields.get_mut(form.focus).filter(|_| !form.saving) {
                edit_text(&mut field.value, edit);
            }
        }
        Key::Pick(delta) => form.focus = step(form.focus, form.fields.len(), *delta > 0),
        Key::Submit | Key::Cancel => {
            let Overlay::Custody(form) = std::mem::take(&mut state.overlay) else { return None };
            if *key == Key::Submit {
                return Some(submit(state, form));
            }
            cancel(state, form);
        }
    }
    Some(Vec::new())
}

/// Enter: sends the action, based on the version on the board. An empty
/// input is refused here, naming it, before anything is sent.
fn submit(state: &mut State, mut form: CustodyForm) -> Vec<Effect> {
    if form.saving {
        state.overlay = Overlay::Custody(form);
        return Vec::new();
    }
    if let Some(i) = form.fields.iter().position(|f| f.required && f.value.trim().is_empty()) {
        form.error = Some(format!("{} is required.", form.fields[i].label));
        form.error_field = Some(form.fields[i].name.to_string());
        form.focus = i;
        state.overlay = Overlay::Custody(form);
        return Vec::new();
    }
    let Some(event) = state.board.rows.items.iter().find(|e| e.id == form.record_id).cloned() else {
        form.error = Some("This detainee is no longer on the board.".to_string());
        form.error_field = None;
        state.overlay = Overlay::Custody(form);
        return Vec::new();
    };
    let value = |name: &str| form.fields.iter().find(|f| f.name == name).map(|f| f.value.trim().to_string());
    let (action, what) = match form.kind {
        CustodyFormKind::Visit => {
            let roused = match value("roused").map(|v| v.to_lowercase()).as_deref() {
                None => None,
                Some("y" | "yes") => Some(true),
                Some("n" | "no") => Some(false),
                Some(_) => return refuse(state, form, "roused", "Roused: answer y (yes) or n (no).".to_string()),
            };
            let condition = match condition(&value("condition").unwrap_or_default()) {
                Ok(condition) => condition,
                Err(message) => return refuse(state, form, "condition", message),
            };
            let cell = views::custody(&event).map(|d| d.cell.clone()).unwrap_or_default();
            (
                CustodyAction::Visit {
                    at: Some(state.now),
                    roused,
                    notes: format!("{condition}. {}", value("notes").unwrap_or_default()),
                },
                format!("Visit to {} in cell {cell}", event.summary),
            )
        }
        CustodyFormKind::Review => (
            CustodyAction::Review { at: None, outcome: value("outcome").unwrap_or_default() },
            format!("Review of {}", event.summary),
        ),
        CustodyFormKind::CellMove => {
            let cell = value("cell").unwrap_or_default();
            let what = format!("Move of {} to cell {cell}", event.summary);
            (
                CustodyAction::CellMove {
                    at: None,
                    cell,
                    reason: value("reason").unwrap_or_default(),
                    share_reason: None,
                },
                what,
            )
        }
    };
    form.saving = true;
    form.error = None;
    form.error_field = None;
    let id = form.record_id.clone();
    state.overlay = Overlay::Custody(form);
    state.message = Some(info_message(state, format!("{what}: saving…")));
    send_action(state, what, id, event.version, action)
}

/// Esc: a form with text is kept as a draft, not lost.
fn cancel(state: &mut State, form: CustodyForm) {
    if form.has_text() {
        state.message = Some(info_message(state, "Form kept as a draft; it is not saved yet."));
        // Still saving, it stays so: the result finds it.
        state.board.draft = Some(form);
    }
}

/// The answer to a save: on success the form (open or drafted) that sent
/// it is done; on a refusal it keeps its input and says why, marking the
/// input the server named (`action.cell` marks the cell).
pub fn saved(state: &mut State, save: &SaveReply) {
    let error = match save.result {
        Ok(_) => {
            done(state, save.id);
            return;
        }
        Err(error) => error,
    };
    let why = if save.expired() {
        "your session expired; log in again and send it again".to_string()
    } else {
        refusal_text(error)
    };
    let form = match &mut state.overlay {
        Overlay::Custody(form) if form.saving => Some(form),
        _ => state.board.draft.as_mut().filter(|d| d.saving),
    };
    if let Some(form) = form {
        form.saving = false;
        let at = refused_input(error, &form.fields);
        form.error = Some(not_saved(&why, at.map(|i| &form.fields[i])));
        form.error_field = at.map(|i| form.fields[i].name.to_string());
        if let Some(i) = at {
            form.focus = i;
        }
    }
}

/// A write on `id` succeeded: its form (open or drafted) is done.
fn done(state: &mut State, id: &str) {
    if matches!(&state.overlay, Overlay::Custody(f) if f.record_id == id && f.saving) {
        state.overlay = Overlay::None;
    }
    if state.board.draft.as_ref().is_some_and(|d| d.record_id == id && d.saving) {
        state.board.draft = None;
    }
}
