//! The intelligence pane's forms on the selected report: evaluate it
//! (graded 3x5x2 beside the submitter's grading), approve its sanitised
//! text, disseminate it (to recipients, for a purpose), and acknowledge a
//! handling code C report's conditions to read it. Every form on a code C
//! report shows the conditions and asks for them to be acknowledged; the
//! acknowledgement goes to the server as a read of the report (audited)
//! with the action. A form keeps its input while saving and after a
//! refusal, and Esc keeps it for later.

use super::common::{capitalised, error_message, expire, info_message, send_action};
use super::desk_form::{self, optional, required, FormKey, Refusal};
use super::intel_grading::{grading, grading_fields, priority};
use super::intel_reads::IntelRead;
use super::intel_steps;
use super::pane::{Key, SaveReply};
use crate::client::ClientError;
use crate::console::effect::Effect;
use crate::console::state::desk_form::{field, DeskForm};
use crate::console::state::intelligence::{report, IntelForm, IntelFormKind};
use crate::console::state::{Overlay, State};
use crate::domain::event::{Event, EventKind};
use crate::domain::intelligence::{IntelligenceAction, IntelligenceDetails};

/// How many reports read whole the pane keeps the text of.
const OPENED_KEPT: usize = 50;

/// Opens the form for `kind` on the selected report, resuming one kept
/// unsent for the same report and action.
pub fn open_form(state: &mut State, kind: IntelFormKind) -> Vec<Effect> {
    if let Some(why) = intel_steps::not_allowed(&state.roles(), kind) {
        state.message = Some(error_message(state, why));
        return Vec::new();
    }
    let Some(event) = state.intelligence.selected().cloned() else {
        state.message = Some(error_message(state, "Select a report first."));
        return Vec::new();
    };
    let Some(d) = report(&event) else { return Vec::new() };
    if let Some(draft) = state.intelligence.draft.take() {
        if draft.record_id == event.id && draft.kind == kind {
            state.overlay = Overlay::form(draft);
            return Vec::new();
        }
        state.intelligence.draft = Some(draft);
    }
    let reference = &event.reference;
    let (title, mut fields) = match kind {
        IntelFormKind::Evaluate => {
            let mut fields = grading_fields(d);
            fields.push(field(
                "rationale",
                "Rationale",
                String::new(),
                "why, where a grade differs from the submitter's",
            ));
            (format!("Evaluate {reference} (submitted {})", d.grading.code()), fields)
        }
        IntelFormKind::Sanitise => {
            let shown = state.intelligence.opened(&event.id).or((d.conditions().is_none()).then_some(&event));
            let text = shown.and_then(report).map(|d| d.sanitised_text.clone()).unwrap_or_default();
            (
                format!("Approve the sanitised text of {reference}"),
                vec![field("sanitised_text", "Sanitised", text, "nothing that identifies the source; empty keeps it")],
            )
        }
        IntelFormKind::Disseminate => (
            format!("Disseminate {reference}"),
            vec![
                field("recipients", "Recipients", String::new(), "people or units, separated by commas"),
                field("purpose", "Purpose", String::new(), "why they receive it (each is a disclosure)"),
            ],
        ),
        IntelFormKind::Acknowledge => (format!("Read {reference}: handling code C"), Vec::new()),
        _ => intel_steps::form(kind, &event, d, state),
    };
    if d.conditions().is_some() {
        fields.push(field("acknowledge", "Acknowledge", String::new(), "type yes: you have read the conditions below"));
    }
    state.overlay = Overlay::form(DeskForm::new(kind, event.id.clone(), title, fields));
    Vec::new()
}

/// The line under a form on a handling code C report: its conditions.
pub fn choices(state: &State, form: &IntelForm) -> Option<String> {
    let d = state.intelligence.row(&form.record_id).and_then(report)?;
    d.conditions().map(|c| format!("Handling C: {c}"))
}

/// A key for the form, if an intelligence form is open.
pub fn key(state: &mut State, key: &Key) -> Option<Vec<Effect>> {
    let form = state.overlay.form_mut::<IntelForm>()?;
    Some(match desk_form::key(form, key) {
        FormKey::Stay => Vec::new(),
        FormKey::Send => {
            let form = std::mem::take(&mut state.overlay).take_form::<IntelForm>()?;
            send(state, form)
        }
        FormKey::Close => {
            let form = std::mem::take(&mut state.overlay).take_form::<IntelForm>()?;
            if form.touched && form.kind != IntelFormKind::Acknowledge {
                state.message = Some(info_message(state, "Form kept; it is not saved yet."));
                state.intelligence.draft = Some(IntelForm { saving: false, ..form });
            }
            Vec::new()
        }
    })
}

fn send(state: &mut State, mut form: IntelForm) -> Vec<Effect> {
    let Some(event) = state.intelligence.row(&form.record_id).cloned() else {
        desk_form::refuse(&mut form, ("", "this report is no longer in the queue".into()));
        state.overlay = Overlay::form(form);
        return Vec::new();
    };
    let reads_unsanitised = state.roles().may_read_unsanitised();
    let built = acknowledged(&form).and_then(|()| match form.kind {
        IntelFormKind::Acknowledge => Ok(None),
        _ => report(&event).map(|d| action(&form, d, reads_unsanitised)).transpose(),
    });
    let action = match built {
        Ok(action) => action,
        Err(refusal) => {
            desk_form::refuse(&mut form, refusal);
            state.overlay = Overlay::form(form);
            return Vec::new();
        }
    };
    desk_form::sending(&mut form);
    state.overlay = Overlay::form(form);
    let mut effects = Vec::new();
    // Acknowledged in the form: recorded as the report read with its
    // conditions acknowledged, which also shows its text.
    let conditions = report(&event).and_then(|d| d.conditions()).is_some();
    if conditions && state.intelligence.opened(&event.id).is_none() {
        effects.push(Effect::desk_read(IntelRead::ReadIntel { id: event.id.clone(), acknowledge: true }));
    }
    if let Some(action) = action {
        let what = format!("{} {}", capitalised(action.name()), event.reference);
        effects.extend(send_action(state, what, event.id.clone(), event.version, action));
    } else if effects.is_empty() {
        // Already acknowledged in this session: nothing to send.
        state.overlay = Overlay::None;
    }
    effects
}

/// A form on a handling code C report is sent only with its conditions acknowledged.
fn acknowledged(form: &IntelForm) -> Result<(), Refusal> {
    if form.fields.iter().all(|f| f.name != "acknowledge") {
        return Ok(());
    }
    match form.value("acknowledge").trim().to_lowercase().as_str() {
        "yes" | "y" => Ok(()),
        _ => Err(("acknowledge", "type yes to acknowledge the handling conditions shown".into())),
    }
}

/// The action a form on report `d` sends.
fn action(form: &IntelForm, d: &IntelligenceDetails, reads_unsanitised: bool) -> Result<IntelligenceAction, Refusal> {
    Ok(match form.kind {
        IntelFormKind::Evaluate => IntelligenceAction::Evaluate {
            grading: grading(form)?,
            priority: priority(form)?.filter(|p| *p != d.priority),
            rationale: optional(form, "rationale"),
        },
        IntelFormKind::Sanitise => IntelligenceAction::Sanitise { sanitised_text: optional(form, "sanitised_text") },
        IntelFormKind::Disseminate => {
            let recipients: Vec<String> = required(form, "recipients")?
                .split([',', ';'])
                .map(|r| r.trim().to_string())
                .filter(|r| !r.is_empty())
                .collect();
            if recipients.is_empty() {
                return Err(("recipients", "name at least one recipient, a person or a unit".into()));
            }
            IntelligenceAction::Disseminate { recipients, purpose: required(form, "purpose")? }
        }
        IntelFormKind::Acknowledge => return Err(("", "an acknowledgement is a read, not an action".into())),
        _ => return intel_steps::action(form, d, reads_unsanitised),
    })
}

/// The server's answer to an action on a report: the form waiting on it
/// closes, or keeps its input and says why, on the input named.
pub fn saved(state: &mut State, save: &SaveReply) {
    if save.kind != EventKind::Intelligence {
        return;
    }
    let open = state.overlay.form_mut::<IntelForm>();
    if desk_form::answered(open, &mut state.intelligence.draft, save) {
        state.overlay = Overlay::None;
    }
}

/// A report read whole: its text is shown; an acknowledgement form
/// waiting on it closes, or says why it was refused.
pub fn read(state: &mut State, id: &str, result: Result<Event, ClientError>) -> Vec<Effect> {
    match result {
        Ok(event) => {
            let reference = event.reference.clone();
            let opened = &mut state.intelligence.opened;
            opened.retain(|e| e.id != id);
            opened.push(event);
            // The text of the reports read lately, not of a whole shift's.
            if opened.len() > OPENED_KEPT {
                opened.remove(0);
            }
            if matches!(state.overlay.get_form::<IntelForm>(), Some(f) if f.record_id == id && f.kind == IntelFormKind::Acknowledge)
            {
                state.overlay = Overlay::None;
            }
            state.message = Some(info_message(state, format!("{reference} read.")));
            Vec::new()
        }
        Err(e) if e.is_unauthenticated() => expire(state, "Your session has expired: log in again."),
        Err(e) => {
            if let Some(form) = state.overlay.form_mut::<IntelForm>() {
                if form.record_id == id {
                    desk_form::refused(form, &e);
                    return Vec::new();
                }
            }
            state.message = Some(error_message(state, e.to_string()));
            Vec::new()
        }
    }
}
