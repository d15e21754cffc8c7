//! What the custody forms share: the role check before one opens, a
//! refusal shown beside the input it names, and a draft resumed by the
//! key that opened it.

use super::common::error_message;
use crate::console::effect::Effect;
use crate::console::state::{CustodyForm, CustodyFormKind, Overlay, State};
use crate::domain::event::EventKind;

/// Whether the role may write custody records; if not, says so.
pub fn may_work(state: &mut State, kind: CustodyFormKind) -> bool {
    if state.roles().may_write(EventKind::Custody) {
        return true;
    }
    let what = match kind {
        CustodyFormKind::Visit => "record cell visits",
        CustodyFormKind::Review => "record reviews",
        CustodyFormKind::CellMove => "move detainees",
        CustodyFormKind::BookIn => "book detainees in",
        CustodyFormKind::RiskAssessment => "record risk assessments",
        CustodyFormKind::Rights => "record rights",
        CustodyFormKind::AppropriateAdult => "record appropriate adults",
        CustodyFormKind::Charge => "charge detainees",
        CustodyFormKind::Release => "release detainees",
    };
    state.message = Some(error_message(state, format!("Your role may not {what}.")));
    false
}

/// Opens the draft of `kind` on record `id` (empty: a booking in) if one
/// was kept.
pub fn resume(state: &mut State, kind: CustodyFormKind, id: &str) -> bool {
    match state.board.draft.take() {
        Some(draft) if draft.record_id == id && draft.kind == kind => {
            state.overlay = Overlay::Custody(draft);
            true
        }
        other => {
            state.board.draft = other;
            false
        }
    }
}

/// Keeps the form open with `message` beside input `name`.
pub fn refuse(state: &mut State, mut form: CustodyForm, name: &str, message: String) -> Vec<Effect> {
    form.focus = form.fields.iter().position(|f| f.name == name).unwrap_or(0);
    form.error = Some(message);
    form.error_field = Some(name.to_string());
    state.overlay = Overlay::Custody(form);
    Vec::new()
}
