//! The crime pane's forms on the selected crime: allocate it (the officer
//! chosen from the list of those who work crimes, and their unit), add a
//! log entry, classify it, review it (a supervisor) and propose an
//! outcome; a supervisor's approval or return of it and the registrar's
//! cancellation (`crime_decision.rs`); and the operator's own unit, for "my unit". Each form keeps its
//! input while it is saving and after a refusal (marking the input the
//! refusal names), and Esc keeps it for later.

use super::common::{capitalised, error_message, info_message, send_action};
use super::crime_reads::CrimeRead;
use super::desk_form::{self, FormKey};
use super::pane::{Key, SaveReply};
use super::{crime_decision, crime_link, crime_request};
use crate::console::effect::Effect;
use crate::console::state::crimes::{details, CrimeForm, CrimeFormKind};
use crate::console::state::desk_form::{field, DeskForm};
use crate::console::state::{Overlay, State};
use crate::domain::event::EventKind;

/// Opens the form for `kind` on the selected crime (the unit form on
/// none), resuming one kept unsent for the same crime and action.
pub fn open_form(state: &mut State, kind: CrimeFormKind) -> Vec<Effect> {
    if kind == CrimeFormKind::Unit {
        let unit = state.crimes.unit.clone().unwrap_or_default();
        let fields =
            vec![field("unit", "Unit", unit, "your unit, as crimes are allocated to it (such as Lambeth CID)")];
        state.overlay = Overlay::form(DeskForm::new(kind, String::new(), "My unit".into(), fields));
        return Vec::new();
    }
    let roles = state.roles();
    if !roles.may_write(EventKind::Crime) {
        state.message = Some(error_message(state, "Your role may not work crimes."));
        return Vec::new();
    }
    if kind == CrimeFormKind::Review && !roles.supervises_crime() {
        state.message = Some(error_message(state, "Only a supervisor (inspector or superintendent) reviews a crime."));
        return Vec::new();
    }
    let Some(row) = state.crimes.selected().cloned() else {
        state.message = Some(error_message(state, "Select a crime first."));
        return Vec::new();
    };
    let Some(d) = details(&row) else { return Vec::new() };
    if let Some(why) = crime_decision::not_allowed(&roles, kind, d) {
        state.message = Some(error_message(state, why));
        return Vec::new();
    }
    if kind == CrimeFormKind::Link {
        return crime_link::start(state);
    }
    if let Some(draft) = state.crimes.draft.take() {
        if draft.record_id == row.event.id && draft.kind == kind {
            state.overlay = Overlay::form(draft);
            return Vec::new();
        }
        state.crimes.draft = Some(draft);
    }
    let reference = &row.event.reference;
    let mut effects = Vec::new();
    let (title, fields) = match kind {
        CrimeFormKind::Allocate => {
            // Always asked afresh: accounts come and go.
            effects.push(Effect::desk_read(CrimeRead::CrimeOfficers));
            let unit = d.allocation().map(|a| a.unit.clone()).or_else(|| state.crimes.unit.clone()).unwrap_or_default();
            let mut fields = vec![
                field("officer", "Officer", String::new(), "type to narrow the list below; Enter takes the one left"),
                field("unit", "Unit", unit, "the officer's unit, such as Lambeth CID"),
            ];
            if d.allocation().is_some() {
                fields.push(field("reason", "Reason", String::new(), "why it is reallocated (kept in its log)"));
            }
            (format!("Allocate {reference}"), fields)
        }
        CrimeFormKind::Log => (
            format!("Log entry on {reference}"),
            vec![
                field("kind", "Kind", "action".into(), "action, enquiry, victim contact or note"),
                field("text", "Entry", String::new(), "what was done or found"),
            ],
        ),
        CrimeFormKind::Classify => {
            let mut fields = vec![field("code", "Class", String::new(), "its code (such as 28E) or words of its name")];
            if d.class().is_some() {
                fields.push(field("reason", "Reason", String::new(), "why it is reclassified (kept in its history)"));
            }
            (format!("Classify {reference}"), fields)
        }
        CrimeFormKind::Review => (
            format!("Supervisor review of {reference}"),
            vec![field("note", "Review", String::new(), "the direction given to the investigation")],
        ),
        CrimeFormKind::ProposeOutcome => (
            format!("Propose an outcome for {reference}"),
            vec![
                field("outcome", "Outcome", String::new(), "its Home Office number or words of it"),
                field("note", "Note", String::new(), "why, for the supervisor who approves it"),
            ],
        ),
        CrimeFormKind::ApproveOutcome | CrimeFormKind::ReturnOutcome | CrimeFormKind::Cancel => {
            crime_decision::form(kind, reference, d)
        }
        CrimeFormKind::Unit | CrimeFormKind::Link => return Vec::new(),
    };
    if matches!(kind, CrimeFormKind::Classify | CrimeFormKind::ProposeOutcome) && state.crimes.tables.is_none() {
        effects.push(Effect::desk_read(CrimeRead::CrimeTables));
    }
    state.overlay = Overlay::form(DeskForm::new(kind, row.event.id.clone(), title, fields));
    effects
}

/// A key for the form, if a crime form is open.
pub fn key(state: &mut State, key: &Key) -> Option<Vec<Effect>> {
    let form = state.overlay.form_mut::<CrimeForm>()?;
    Some(match desk_form::key(form, key) {
        FormKey::Stay => Vec::new(),
        FormKey::Send => {
            let form = std::mem::take(&mut state.overlay).take_form::<CrimeForm>()?;
            send(state, form)
        }
        FormKey::Close => {
            let form = std::mem::take(&mut state.overlay).take_form::<CrimeForm>()?;
            if form.touched && !matches!(form.kind, CrimeFormKind::Unit | CrimeFormKind::Link) {
                state.message = Some(info_message(state, "Form kept; it is not saved yet."));
                state.crimes.draft = Some(CrimeForm { saving: false, ..form });
            }
            Vec::new()
        }
    })
}

fn send(state: &mut State, mut form: CrimeForm) -> Vec<Effect> {
    if form.kind == CrimeFormKind::Unit {
        return super::crime_queue::set_unit(state, form.value("unit").trim());
    }
    let Some(row) = state.crimes.row(&form.record_id).cloned() else {
        desk_form::refuse(&mut form, ("", "this crime is no longer in the queue".into()));
        state.overlay = Overlay::form(form);
        return Vec::new();
    };
    let Some(d) = details(&row) else { return Vec::new() };
    let action = match form.kind {
        CrimeFormKind::Link => crime_link::action(state, &form),
        _ => crime_request::action(&form, d, state.crimes.tables.as_ref(), &state.crimes.officers),
    };
    let action = match action {
        Ok(action) => action,
        Err(refusal) => {
            desk_form::refuse(&mut form, refusal);
            state.overlay = Overlay::form(form);
            return Vec::new();
        }
    };
    desk_form::sending(&mut form);
    state.overlay = Overlay::form(form);
    let what = format!("{} {}", capitalised(action.name()), row.event.reference);
    send_action(state, what, row.event.id.clone(), row.event.version, action)
}

/// The server answered an action on a crime: the form waiting on it
/// closes, or keeps its input and says why, on the input the refusal names.
pub fn saved(state: &mut State, save: &SaveReply) {
    if save.kind != EventKind::Crime {
        return;
    }
    let open = state.overlay.form_mut::<CrimeForm>();
    if desk_form::answered(open, &mut state.crimes.draft, save) {
        state.overlay = Overlay::None;
    }
    crime_link::saved(state, save);
}
