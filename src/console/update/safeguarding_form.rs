//! The safeguarding pane's forms on the selected report: sign it off (with
//! a note), refer it formally to a partner agency (chosen from the force's
//! agencies, and the person or team it went to), record the agency's
//! response, and mark a missing person found (when, where). The server
//! judges who may: a refusal — the author signing off their own report, a
//! role without the sign-off — shows in the form in the server's words, on
//! the input it names. A form keeps its input while saving and after a
//! refusal, and Esc keeps it for later.

use super::common::{capitalised, error_message, expire, info_message, send_action};
use super::custody_inputs::london_time;
use super::desk_form::{self, optional, pick, required, FormKey, Refusal};
use super::pane::{Key, SaveReply};
use super::safeguarding_reads::SafeguardingRead;
use crate::api::safeguarding::SafeguardingAgenciesView;
use crate::client::ClientError;
use crate::console::effect::Effect;
use crate::console::format;
use crate::console::state::desk_form::{field, DeskForm};
use crate::console::state::safeguarding::{report, SafeguardingForm, SafeguardingFormKind};
use crate::console::state::{Overlay, State};
use crate::domain::event::EventKind;
use crate::domain::safeguarding::{Agency, AgencyDecision, SafeguardingAction};

const DECISIONS: [(AgencyDecision, &str); 5] = [
    (AgencyDecision::Accepted, "accepted"),
    (AgencyDecision::EarlyHelp, "early help"),
    (AgencyDecision::NoFurtherAction, "no further action"),
    (AgencyDecision::MoreInformationRequested, "more information requested"),
    (AgencyDecision::AlreadyOpen, "already open"),
];

/// Opens the form for `kind` on the selected report, resuming one kept
/// unsent for the same report and action.
pub fn open_form(state: &mut State, kind: SafeguardingFormKind) -> Vec<Effect> {
    if !state.roles().may_read(EventKind::Safeguarding) {
        state.message = Some(error_message(state, "Your role may not read safeguarding reports."));
        return Vec::new();
    }
    let Some(row) = state.safeguarding.selected(state.safeguarding_signer()).cloned() else {
        state.message = Some(error_message(state, "Select a report first."));
        return Vec::new();
    };
    let Some(d) = report(&row.event) else { return Vec::new() };
    if kind == SafeguardingFormKind::Found && d.missing.is_none() {
        state.message = Some(error_message(state, "Only a missing-person report has a person to mark found."));
        return Vec::new();
    }
    if let Some(draft) = state.safeguarding.draft.take() {
        if draft.record_id == row.event.id && draft.kind == kind {
            state.overlay = Overlay::form(draft);
            return Vec::new();
        }
        state.safeguarding.draft = Some(draft);
    }
    let reference = &row.event.reference;
    let mut effects = Vec::new();
    let (title, fields) = match kind {
        SafeguardingFormKind::SignOff => (
            format!("Sign off {reference}"),
            vec![field("note", "Note", String::new(), "optional: what the supervisor directs")],
        ),
        SafeguardingFormKind::Refer => {
            if state.safeguarding.agencies.is_empty() {
                effects.push(Effect::desk_read(SafeguardingRead::SafeguardingAgencies));
            }
            (
                format!("Refer {reference} to a partner agency"),
                vec![
                    field("agency", "Agency", String::new(), "type to narrow the list below; its code or name"),
                    field("recipient", "Recipient", String::new(), "the person or team it goes to"),
                ],
            )
        }
        SafeguardingFormKind::Response => (
            format!("Agency response on {reference}"),
            vec![
                field(
                    "decision",
                    "Decision",
                    String::new(),
                    "accepted, early help, no further action, more information…",
                ),
                field("text", "Response", String::new(), "what the agency said"),
                field("referral", "Referral", String::new(), "its number on the report; the oldest waiting if empty"),
            ],
        ),
        SafeguardingFormKind::Found => (
            format!("Mark found: {reference}"),
            vec![
                field("at", "Found at", format::time(state.now), "YYYY-MM-DD HH:MM or HH:MM today (London)"),
                field("place", "Place", String::new(), "where they were found"),
                field("note", "Note", String::new(), "optional: their state, who found them"),
            ],
        ),
    };
    state.overlay = Overlay::form(DeskForm::new(kind, row.event.id.clone(), title, fields));
    effects
}

/// The line under the referral form: the agencies that fit what is typed.
pub fn choices(state: &State, form: &SafeguardingForm) -> Option<String> {
    match form.kind {
        SafeguardingFormKind::Refer => {
            let agencies = &state.safeguarding.agencies;
            if agencies.is_empty() {
                return Some("Agencies: loading…".into());
            }
            let fits = fitting(agencies, form.value("agency"));
            let names: Vec<String> = fits.iter().take(6).map(|a| format!("{} ({})", a.name, a.code)).collect();
            let more = fits.len().saturating_sub(6);
            let more = if more > 0 { format!(" and {more} more") } else { String::new() };
            Some(format!("Agencies: {}{more}", names.join(", ")))
        }
        SafeguardingFormKind::Response => {
            let words: Vec<&str> = DECISIONS.iter().map(|(_, w)| *w).collect();
            Some(format!("Decisions: {}", words.join(", ")))
        }
        _ => None,
    }
}

/// The agencies whose code or name holds every word typed.
fn fitting<'a>(agencies: &'a [Agency], typed: &str) -> Vec<&'a Agency> {
    let words: Vec<String> = typed.split_whitespace().map(str::to_lowercase).collect();
    agencies
        .iter()
        .filter(|a| {
            let text = format!("{} {}", a.code, a.name).to_lowercase();
            words.iter().all(|w| text.contains(w.as_str()))
        })
        .collect()
}

/// The force's agencies arrived (for the referral form).
pub fn agencies(state: &mut State, result: Result<SafeguardingAgenciesView, ClientError>) -> Vec<Effect> {
    match result {
        Ok(view) => state.safeguarding.agencies = view.agencies,
        Err(e) if e.is_unauthenticated() => return expire(state, "Your session has expired: log in again."),
        Err(e) => state.message = Some(error_message(state, format!("Could not load the agencies: {e}"))),
    }
    Vec::new()
}

/// A key for the form, if a safeguarding form is open.
pub fn key(state: &mut State, key: &Key) -> Option<Vec<Effect>> {
    let form = state.overlay.form_mut::<SafeguardingForm>()?;
    Some(match desk_form::key(form, key) {
        FormKey::Stay => Vec::new(),
        FormKey::Send => {
            let form = std::mem::take(&mut state.overlay).take_form::<SafeguardingForm>()?;
            send(state, form)
        }
        FormKey::Close => {
            let form = std::mem::take(&mut state.overlay).take_form::<SafeguardingForm>()?;
            if form.touched {
                state.message = Some(info_message(state, "Form kept; it is not saved yet."));
                state.safeguarding.draft = Some(SafeguardingForm { saving: false, ..form });
            }
            Vec::new()
        }
    })
}

fn send(state: &mut State, mut form: SafeguardingForm) -> Vec<Effect> {
    let Some(row) = state.safeguarding.row(&form.record_id).cloned() else {
        desk_form::refuse(&mut form, ("", "this report is no longer in the queue".into()));
        state.overlay = Overlay::form(form);
        return Vec::new();
    };
    let action = match action(&form, &state.safeguarding.agencies, state.now) {
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
fn action(
    form: &SafeguardingForm,
    agencies: &[Agency],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<SafeguardingAction, Refusal> {
    Ok(match form.kind {
        SafeguardingFormKind::SignOff => SafeguardingAction::SignOff { note: optional(form, "note") },
        SafeguardingFormKind::Refer => {
            let typed = required(form, "agency")?;
            // One agency left in the list, or a code typed in full; else
            // the server judges what was typed.
            let fits = fitting(agencies, &typed);
            let exact = fits.iter().find(|a| a.code.eq_ignore_ascii_case(&typed));
            let agency = match (exact, fits.as_slice()) {
                (Some(a), _) | (None, [a]) => a.code.clone(),
                (None, []) if !agencies.is_empty() => {
                    return Err(("agency", format!("no agency fits '{typed}': type its code or words of its name")))
                }
                (None, [_, _, ..]) => {
                    return Err(("agency", format!("more than one agency fits '{typed}': type more of its name")))
                }
                (None, _) => typed,
            };
            SafeguardingAction::Refer { agency, recipient: required(form, "recipient")?, sent_at: None }
        }
        SafeguardingFormKind::Response => {
            let typed = required(form, "decision")?;
            let decision = pick(&typed, &DECISIONS, |(_, w)| vec![w.to_string()])
                .map(|(d, _)| d)
                .ok_or(("decision", format!("'{typed}' is not a decision: see the list below")))?;
            let referral = match optional(form, "referral") {
                None => None,
                Some(n) => Some(
                    n.parse::<usize>()
                        .ok()
                        .filter(|n| *n >= 1)
                        .ok_or(("referral", format!("'{n}' is not a referral's number (1, 2…)")))?,
                ),
            };
            SafeguardingAction::RecordResponse { referral, decision, text: required(form, "text")?, at: None }
        }
        SafeguardingFormKind::Found => {
            let at = london_time(&required(form, "at")?, now).map_err(|e| ("at", e))?;
            SafeguardingAction::Found { at, place: required(form, "place")?, note: optional(form, "note") }
        }
    })
}

/// The server's answer to an action on a report: the form waiting on it
/// closes, or keeps its input and says why, on the input named.
pub fn saved(state: &mut State, save: &SaveReply) {
    if save.kind != EventKind::Safeguarding {
        return;
    }
    let open = state.overlay.form_mut::<SafeguardingForm>();
    if desk_form::answered(open, &mut state.safeguarding.draft, save) {
        state.overlay = Overlay::None;
    }
}
