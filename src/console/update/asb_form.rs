//! The ASB pane's forms on the selected case: link an incident (chosen
//! from its borough's latest ASB incidents, those not linked yet, by
//! reference or words of its summary), request a case review (before the
//! trigger is met only with a supervisor's reason for overriding it), and
//! record an action — a tool of the 2014 Act with its dates. The server
//! judges who may; its refusal shows in the form on the input it names. A
//! form keeps its input while saving and after a refusal, and Esc keeps it
//! for later.

use super::asb_reads::AsbRead;
use super::common::{capitalised, error_message, expire, info_message, send_action};
use super::custody_inputs::day;
use super::desk_form::{self, optional, pick, required, FormKey, Refusal};
use super::pane::{Key, SaveReply};
use crate::api::asb::AsbCaseView;
use crate::api::events::EventPage;
use crate::client::ClientError;
use crate::console::effect::Effect;
use crate::console::format;
use crate::console::state::asb::{case, AsbForm, AsbFormKind};
use crate::console::state::desk_form::{field, DeskForm};
use crate::console::state::{Overlay, State};
use crate::domain::asb::{AsbAction, AsbTool};
use crate::domain::event::{Event, EventKind};

const TOOLS: [AsbTool; 8] = [
    AsbTool::WarningLetter,
    AsbTool::AcceptableBehaviourContract,
    AsbTool::CommunityProtectionNotice,
    AsbTool::DispersalDirection,
    AsbTool::CivilInjunction,
    AsbTool::CriminalBehaviourOrder,
    AsbTool::ClosureNotice,
    AsbTool::ClosureOrder,
];

/// Opens the form for `kind` on the selected case, resuming one kept
/// unsent for the same case and action.
pub fn open_form(state: &mut State, kind: AsbFormKind) -> Vec<Effect> {
    if !state.roles().may_write(EventKind::Asb) {
        state.message = Some(error_message(state, "Your role may not work ASB cases."));
        return Vec::new();
    }
    let Some(row) = state.asb.selected().cloned() else {
        state.message = Some(error_message(state, "Select a case first."));
        return Vec::new();
    };
    if let Some(draft) = state.asb.draft.take() {
        if draft.record_id == row.event.id && draft.kind == kind {
            state.overlay = Overlay::form(draft);
            return Vec::new();
        }
        state.asb.draft = Some(draft);
    }
    let reference = &row.event.reference;
    let mut effects = Vec::new();
    let (title, fields) = match kind {
        AsbFormKind::Link => {
            // Always asked afresh: incidents come in all the time.
            state.asb.linkable.clear();
            effects.push(Effect::desk_read(AsbRead::AsbIncidents {
                case_id: row.event.id.clone(),
                borough: row.event.borough.clone(),
            }));
            (
                format!("Link an incident to {reference}"),
                vec![field("incident", "Incident", String::new(), "type to narrow the list below; its reference")],
            )
        }
        AsbFormKind::Review => {
            let trigger = &row.standing.trigger;
            let fields = if trigger.met {
                Vec::new()
            } else {
                vec![field(
                    "override_reason",
                    "Override",
                    String::new(),
                    "the trigger is not met: a supervisor's reason to review all the same",
                )]
            };
            (
                format!("Request a case review of {reference} ({} of {} incidents)", trigger.incidents_in_window, {
                    trigger.threshold
                }),
                fields,
            )
        }
        AsbFormKind::Action => (
            format!("Record an action on {reference}"),
            vec![
                field("tool", "Action", String::new(), "warning letter, acceptable behaviour contract, injunction…"),
                field("from", "From", format::today(state.now).to_string(), "served, signed or made: YYYY-MM-DD"),
                field("until", "Until", String::new(), "optional: in force until YYYY-MM-DD"),
                field("note", "Note", String::new(), "optional: the court, the terms in short"),
            ],
        ),
    };
    state.overlay = Overlay::form(DeskForm::new(kind, row.event.id.clone(), title, fields));
    effects
}

/// The incidents offered to link: those the list holds that fit what is
/// typed and are not on the case yet.
fn offered<'a>(state: &'a State, form: &AsbForm) -> Vec<&'a Event> {
    let linked = |id: &str| state.asb.row(&form.record_id).and_then(|r| case(&r.event)).and_then(|d| d.linked(id));
    let words: Vec<String> = form.value("incident").split_whitespace().map(str::to_lowercase).collect();
    state
        .asb
        .linkable
        .iter()
        .filter(|e| linked(&e.id).is_none())
        .filter(|e| {
            let text = format!("{} {}", e.reference, e.summary).to_lowercase();
            words.iter().all(|w| text.contains(w.as_str()))
        })
        .collect()
}

/// The line under a form: the incidents to link, or the actions to record.
pub fn choices(state: &State, form: &AsbForm) -> Option<String> {
    match form.kind {
        AsbFormKind::Link => {
            let offered = offered(state, form);
            if state.asb.linkable.is_empty() {
                return Some("Incidents: loading…".into());
            }
            if offered.is_empty() {
                return Some("Incidents: none fits (linked ones are not offered again)".into());
            }
            let now = state.now;
            let shown: Vec<String> = offered
                .iter()
                .take(4)
                .map(|e| format!("{} {} {}", e.reference, format::when(e.occurred_at, now), e.summary))
                .collect();
            let more = offered.len().saturating_sub(4);
            let more = if more > 0 { format!(" · {more} more") } else { String::new() };
            Some(format!("Incidents: {}{more}", shown.join(" · ")))
        }
        AsbFormKind::Action => {
            let words: Vec<&str> = TOOLS.iter().map(|t| t.label()).collect();
            Some(format!("Actions: {}", words.join(", ")))
        }
        AsbFormKind::Review => None,
    }
}

/// The borough's latest ASB incidents arrived, for the link form on `case_id`.
pub fn linkable(state: &mut State, case_id: &str, result: Result<EventPage, ClientError>) -> Vec<Effect> {
    let open_on_it = matches!(state.overlay.get_form::<AsbForm>(), Some(f) if f.record_id == case_id);
    match result {
        Ok(page) if open_on_it => state.asb.linkable = page.items,
        Ok(_) => {}
        Err(e) if e.is_unauthenticated() => return expire(state, "Your session has expired: log in again."),
        Err(e) => state.message = Some(error_message(state, format!("Could not list the incidents: {e}"))),
    }
    Vec::new()
}

/// A key for the form, if an ASB form is open.
pub fn key(state: &mut State, key: &Key) -> Option<Vec<Effect>> {
    let form = state.overlay.form_mut::<AsbForm>()?;
    Some(match desk_form::key(form, key) {
        FormKey::Stay => Vec::new(),
        FormKey::Send => {
            let form = std::mem::take(&mut state.overlay).take_form::<AsbForm>()?;
            send(state, form)
        }
        FormKey::Close => {
            let form = std::mem::take(&mut state.overlay).take_form::<AsbForm>()?;
            if form.touched {
                state.message = Some(info_message(state, "Form kept; it is not saved yet."));
                state.asb.draft = Some(AsbForm { saving: false, ..form });
            }
            Vec::new()
        }
    })
}

fn send(state: &mut State, mut form: AsbForm) -> Vec<Effect> {
    let Some(row) = state.asb.row(&form.record_id).cloned() else {
        desk_form::refuse(&mut form, ("", "this case is no longer in the list".into()));
        state.overlay = Overlay::form(form);
        return Vec::new();
    };
    let action = match action(state, &form, &row) {
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

/// The action a form sends; a refusal names the input.
fn action(state: &State, form: &AsbForm, row: &AsbCaseView) -> Result<AsbAction, Refusal> {
    Ok(match form.kind {
        AsbFormKind::Link => {
            let typed = required(form, "incident")?;
            let offered = offered(state, form);
            let exact = offered.iter().find(|e| e.reference.eq_ignore_ascii_case(&typed));
            let record_id = match (exact, offered.as_slice()) {
                (Some(e), _) | (None, [e]) => e.id.clone(),
                (None, []) => {
                    return Err((
                        "incident",
                        format!("no incident in the list fits '{typed}' (linked ones are not offered)"),
                    ))
                }
                (None, _) => {
                    return Err(("incident", format!("more than one incident fits '{typed}': type its reference")))
                }
            };
            AsbAction::LinkIncident { record_id, category: None }
        }
        AsbFormKind::Review => {
            let override_reason = optional(form, "override_reason");
            if !row.standing.trigger.met && override_reason.is_none() {
                let t = &row.standing.trigger;
                return Err((
                    "override_reason",
                    format!(
                        "the trigger is not met ({} of {} incidents in {} days): a supervisor may override with a reason",
                        t.incidents_in_window, t.threshold, t.window_days
                    ),
                ));
            }
            AsbAction::RequestReview { override_reason }
        }
        AsbFormKind::Action => {
            let typed = required(form, "tool")?;
            let tool = pick(&typed, &TOOLS, |t| vec![t.label().to_string()])
                .ok_or(("tool", format!("'{typed}' is not an action: see the list below")))?;
            let from = day(&required(form, "from")?).map_err(|e| ("from", e))?;
            let until = optional(form, "until").map(|u| day(&u)).transpose().map_err(|e| ("until", e))?;
            AsbAction::RecordTool { tool, person_id: None, from, until, note: optional(form, "note") }
        }
    })
}

/// The server's answer to an action on a case: the form waiting on it
/// closes, or keeps its input and says why, on the input named.
pub fn saved(state: &mut State, save: &SaveReply) {
    if save.kind != EventKind::Asb {
        return;
    }
    let open = state.overlay.form_mut::<AsbForm>();
    if desk_form::answered(open, &mut state.asb.draft, save) {
        state.overlay = Overlay::None;
    }
}
