//! The incident pane's form: a new call (caller, place, category and
//! sub-type, grade, what it is about), and one action on the selected
//! incident — a log entry, a regrade with its reason, a resource assigned,
//! en route, at scene or released, a close with its result. A form keeps
//! its input while it is saving and after a refusal (marking the input the
//! refusal names), Esc keeps it for later, and a close asks once more
//! before it is sent: it cannot be undone.

use super::common::{
    capitalised, edit_text, error_message, expire, info_message, not_saved, refusal_text, refused_input, send_action,
    step,
};
use super::incident_request as request;
use super::pane::{Key, SaveReply};
use crate::client::ClientError;
use crate::console::effect::Effect;
use crate::console::state::incidents::{details, IncidentForm, IncidentFormKind};
use crate::console::state::{FormField, Overlay, State};
use crate::domain::event::{Event, EventKind};
use crate::domain::incident::{IncidentAction, ResourceStatus};

/// How an appointment is typed.
const APPOINTMENT: &str = "for E: YYYY-MM-DD HH:MM, London time";

fn field(name: &'static str, label: &'static str, value: String, hint: &'static str) -> FormField {
    FormField { name, label, value, required: false, hint }
}

/// Opens the form for `kind` (on the selected incident, but for a new
/// call), resuming one kept unsent for the same incident and action.
pub fn open_form(state: &mut State, kind: IncidentFormKind) -> Vec<Effect> {
    if !state.roles().may_write(EventKind::Incident) {
        state.message = Some(error_message(state, "Your role may not write incidents."));
        return Vec::new();
    }
    let row = if kind == IncidentFormKind::Open {
        None
    } else {
        let Some(row) = state.incidents.selected().cloned() else {
            state.message = Some(error_message(state, "Select an incident first."));
            return Vec::new();
        };
        Some(row)
    };
    let record_id = row.as_ref().map(|r| r.event.id.clone());
    if let Some(draft) = state.incidents.draft.take() {
        if draft.record_id == record_id && draft.kind == kind {
            state.overlay = Overlay::form(draft);
            return Vec::new();
        }
        state.incidents.draft = Some(draft);
    }
    let reference = row.as_ref().map(|r| r.event.reference.clone()).unwrap_or_default();
    let call_sign = |wanted: &[ResourceStatus]| -> String {
        let Some(d) = row.as_ref().and_then(details) else { return String::new() };
        let mut fits = d.active().filter(|r| wanted.contains(&r.status));
        match (fits.next(), fits.next()) {
            (Some(one), None) => one.call_sign.clone(),
            _ => String::new(),
        }
    };
    let sign = |value| field("call_sign", "Call sign", value, "unit or officer, such as LX21");
    let (title, fields) = match kind {
        IncidentFormKind::Open => (
            "New incident".to_string(),
            vec![
                field("caller.name", "Caller", String::new(), "name as given, or anonymous"),
                field("caller.phone", "Phone", String::new(), "to call back (may be empty)"),
                field("location.description", "Place", String::new(), "where, in words"),
                field("location.borough", "Borough", String::new(), "such as Lambeth"),
                field("category", "Category", String::new(), "asb, crime, psw, transport or admin"),
                field("subtype", "Sub-type", String::new(), "such as burglary, violence, nuisance"),
                field("grade", "Grade", String::new(), "I, S, E or R"),
                field("appointment", "Appointment", String::new(), APPOINTMENT),
                field("summary", "Summary", String::new(), "what the call is about, in a line"),
            ],
        ),
        IncidentFormKind::Log => (format!("Log entry on {reference}"), vec![field("text", "Entry", String::new(), "")]),
        IncidentFormKind::Regrade => (
            format!("Regrade {reference}"),
            vec![
                field("grade", "New grade", String::new(), "I, S, E or R"),
                field("reason", "Reason", String::new(), "why (kept in the grading history)"),
                field("appointment", "Appointment", String::new(), APPOINTMENT),
            ],
        ),
        IncidentFormKind::Assign => (format!("Assign a resource to {reference}"), vec![sign(String::new())]),
        IncidentFormKind::EnRoute => {
            (format!("En route to {reference}"), vec![sign(call_sign(&[ResourceStatus::Assigned]))])
        }
        IncidentFormKind::Arrive => (
            format!("At the scene of {reference}"),
            vec![sign(call_sign(&[ResourceStatus::Assigned, ResourceStatus::EnRoute]))],
        ),
        IncidentFormKind::Release => {
            let any = [ResourceStatus::Assigned, ResourceStatus::EnRoute, ResourceStatus::AtScene];
            (format!("Release a resource from {reference}"), vec![sign(call_sign(&any))])
        }
        IncidentFormKind::Close => (
            format!("Close {reference}"),
            vec![
                field("result", "Result", String::new(), "crime, asb, advice, npa, no trace, transferred"),
                field("note", "Note", String::new(), "the closing note"),
                field("offence", "Offence", String::new(), "for a crime recorded: opens the report"),
                field("asb_category", "ASB type", String::new(), "for ASB recorded: personal, nuisance…"),
            ],
        ),
        IncidentFormKind::Duplicate => (
            format!("Close {reference} as a repeat call"),
            vec![field("of", "Repeats", String::new(), "the open incident it repeats, such as CAD 0412")],
        ),
        // A person is linked from the lookup, which opens its form itself.
        IncidentFormKind::Link => return super::incident_link::start(state),
    };
    let focus = fields.iter().position(|f| f.value.is_empty()).unwrap_or(0);
    state.overlay = Overlay::form(IncidentForm {
        kind,
        record_id,
        title,
        fields,
        focus,
        saving: false,
        confirming: None,
        error: None,
        error_field: None,
        touched: false,
        person_id: None,
    });
    Vec::new()
}

/// A key for the form, if an incident form is open: typing goes to the
/// focused input, Up/Down/Tab move, Enter moves on (on the last input,
/// sends — a close after asking), Esc steps back from the question or
/// closes the form, keeping what was typed.
pub fn key(state: &mut State, key: &Key) -> Option<Vec<Effect>> {
    let form = state.overlay.form_mut::<IncidentForm>()?;
    match key {
        Key::Edit(_) | Key::Pick(_) if form.confirming.is_some() => {}
        Key::Edit(edit) => {
            if let Some(f) = form.fields.get_mut(form.focus).filter(|_| !form.saving) {
                edit_text(&mut f.value, edit);
                form.touched = true;
                if form.error_field.as_deref() == Some(f.name) {
                    form.error_field = None;
                    form.error = None;
                }
            }
        }
        Key::Pick(delta) => form.focus = step(form.focus, form.fields.len(), *delta > 0),
        Key::Cancel if form.confirming.is_some() => form.confirming = None,
        Key::Submit | Key::Cancel => {
            let form = std::mem::take(&mut state.overlay).take_form::<IncidentForm>()?;
            if *key == Key::Submit {
                return Some(submit(state, form));
            }
            // A link is asked again by picking the person again.
            if form.touched && form.kind != IncidentFormKind::Link {
                state.message = Some(info_message(state, "Form kept; it is not saved yet."));
                state.incidents.draft = Some(IncidentForm { saving: false, ..form });
            }
        }
    }
    Some(Vec::new())
}

fn submit(state: &mut State, mut form: IncidentForm) -> Vec<Effect> {
    if form.saving {
        state.overlay = Overlay::form(form);
        return Vec::new();
    }
    if form.focus + 1 < form.fields.len() && form.confirming.is_none() {
        form.focus += 1;
        state.overlay = Overlay::form(form);
        return Vec::new();
    }
    if form.kind == IncidentFormKind::Open {
        return match request::open(&form) {
            Ok(request) => {
                form.saving = true;
                form.error = None;
                form.error_field = None;
                state.overlay = Overlay::form(form);
                state.writes_in_flight += 1;
                vec![Effect::OpenIncident(Box::new(request))]
            }
            Err((name, message)) => refuse(state, form, name, message),
        };
    }
    let action = match request::action(&form, &state.incidents.rows) {
        Ok(action) => action,
        Err((name, message)) => return refuse(state, form, name, message),
    };
    let row = form.record_id.as_deref().and_then(|id| state.incidents.row(id)).cloned();
    let Some(row) = row else {
        return refuse(state, form, "", "this incident is no longer on the board".into());
    };
    let question = match &action {
        IncidentAction::Close { result, .. } => Some(result.label().to_string()),
        IncidentAction::DuplicateOf { incident_id } => {
            let of = state.incidents.row(incident_id).map(|r| r.event.reference.clone()).unwrap_or_default();
            Some(format!("a repeat of {of}"))
        }
        _ => None,
    };
    if let (Some(what), None) = (question, &form.confirming) {
        form.confirming = Some(format!(
            "Close {} as {what}? It cannot be reopened. Enter closes it, Esc goes back.",
            row.event.reference
        ));
        state.overlay = Overlay::form(form);
        return Vec::new();
    }
    form.saving = true;
    form.confirming = None;
    form.error = None;
    form.error_field = None;
    let what = format!("{} {}", capitalised(action.name()), row.event.reference);
    state.overlay = Overlay::form(form);
    send_action(state, what, row.event.id.clone(), row.event.version, action)
}

fn refuse(state: &mut State, mut form: IncidentForm, name: &str, message: String) -> Vec<Effect> {
    if let Some(i) = form.fields.iter().position(|f| f.name == name) {
        form.focus = i;
    }
    form.confirming = None;
    form.error = Some(message);
    form.error_field = (!name.is_empty()).then(|| name.to_string());
    state.overlay = Overlay::form(form);
    Vec::new()
}

/// The server's answer to a new call: the form closes and the incident is
/// selected on the board, or the form keeps its input and says why.
pub fn opened(state: &mut State, result: Result<Event, ClientError>) -> Vec<Effect> {
    state.writes_in_flight = state.writes_in_flight.saturating_sub(1);
    match result {
        Ok(event) => {
            if matches!(state.overlay.get_form::<IncidentForm>(), Some(f) if f.kind == IncidentFormKind::Open) {
                state.overlay = Overlay::None;
            }
            state.incidents.draft = state.incidents.draft.take().filter(|d| d.kind != IncidentFormKind::Open);
            state.message = Some(info_message(state, format!("Incident {} opened.", event.reference)));
            state.incidents.list.selected = Some(event.id.clone());
            vec![Effect::LoadIncidentRow { id: event.id }]
        }
        Err(e) if e.is_unauthenticated() => expire(state, "Your session has expired: log in again. Your form is kept."),
        Err(e) => {
            refused(state, &e);
            Vec::new()
        }
    }
}

/// The server answered an action: the form waiting on it closes, or keeps
/// its input and says why, on the input the refusal names.
pub fn saved(state: &mut State, save: &SaveReply) {
    if save.kind != EventKind::Incident {
        return;
    }
    super::incident_link::saved(state, save);
    match save.result {
        Ok(_) => {
            if state.incidents.draft.as_ref().is_some_and(|d| d.record_id.as_deref() == Some(save.id)) {
                state.incidents.draft = None;
            }
            if matches!(state.overlay.get_form::<IncidentForm>(), Some(f) if f.saving && f.record_id.as_deref() == Some(save.id))
            {
                state.overlay = Overlay::None;
            }
        }
        Err(e) => refused(state, e),
    }
}

fn refused(state: &mut State, error: &ClientError) {
    let Some(form) = state.overlay.form_mut::<IncidentForm>() else { return };
    if !form.saving {
        return;
    }
    form.saving = false;
    let at = refused_input(error, &form.fields);
    if let Some(i) = at {
        form.focus = i;
    }
    form.error = Some(not_saved(&refusal_text(error), at.map(|i| &form.fields[i])));
    form.error_field = at.map(|i| form.fields[i].name.to_string());
}
