//! The board's custody forms — a visit, a review of detention, a cell
//! move, a risk assessment, rights, an appropriate adult, a charge, a
//! release — opened on the selected detainee with one key, sent as the
//! server's own custody action (a booking in, which opens a record, is in
//! `custody_book_in.rs`). A refusal keeps every input and names the field it objects to;
//! Esc keeps the form as a draft that the same key resumes.

use super::common::{edit_text, info_message, not_saved, refusal_text, refused_input, send_action, step};
use super::custody_common::{may_work, refuse, resume};
use super::pane::{Key, SaveReply};
use super::{custody_book_in, custody_fields, custody_request};
use crate::console::effect::Effect;
use crate::console::state::{CustodyForm, CustodyFormKind, Overlay, PaneId, State};
use crate::console::views;

/// Opens the form of `kind` on the selected detainee (or resumes its draft).
pub fn open(state: &mut State, kind: CustodyFormKind) -> Vec<Effect> {
    if !may_work(state, kind) || state.pane != PaneId::Board {
        return Vec::new();
    }
    let ids: Vec<String> = views::board_rows(state).iter().map(|(e, _)| e.id.clone()).collect();
    let Some(id) = views::selected_index(&ids, &state.board.rows.list).map(|i| ids[i].clone()) else {
        return Vec::new();
    };
    if resume(state, kind, &id) {
        return Vec::new();
    }
    let Some((event, details)) = views::board_rows(state).into_iter().find(|(e, _)| e.id == id) else {
        return Vec::new();
    };
    let (title, context, fields) = custody_fields::layout(state, kind, Some((event, details)));
    state.overlay = Overlay::Custody(CustodyForm::new(kind, id, title, context, fields));
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
                form.touched = true;
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
    if form.kind.opens_record() {
        return custody_book_in::send(state, form);
    }
    let Some(event) = state.board.rows.items.iter().find(|e| e.id == form.record_id).cloned() else {
        form.error = Some("This detainee is no longer on the board.".to_string());
        form.error_field = None;
        state.overlay = Overlay::Custody(form);
        return Vec::new();
    };
    let Some(details) = views::custody(&event) else { return Vec::new() };
    let (action, what) = match custody_request::action(state, &form, details, &event.summary) {
        Ok(built) => built,
        Err((name, message)) => return refuse(state, form, name, message),
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
    let id = save.id;
    let form = match &mut state.overlay {
        Overlay::Custody(form) if form.saving && form.record_id == id => Some(form),
        _ => state.board.draft.as_mut().filter(|d| d.saving && d.record_id == id),
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
