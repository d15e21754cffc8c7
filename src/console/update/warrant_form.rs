//! Work on the selected warrant: allocating it to the operator with one
//! key, and the forms that allocate, execute and withdraw it. A form keeps
//! its input while it is saving and after a refusal (marking the input the
//! refusal names), and Esc keeps it for later.

use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::London;

use super::allocation;
use super::common::{
    edit_text, error_message, info_message, not_saved, refusal_text, refused_input, send_action, step,
};
use super::pane::{Key, SaveReply};
use super::warrant_queue::row;
use crate::api::warrants::QueueRow;
use crate::console::effect::Effect;
use crate::console::queue_rows;
use crate::console::state::{FormField, Overlay, State, WarrantForm, WarrantFormKind};
use crate::domain::event::{EventKind, WarrantKind};
use crate::domain::warrant_lifecycle::WarrantAction;
use crate::domain::warrant_withdrawal::{self, WithdrawalGround};

/// How the execution time is typed (Europe/London).
pub const TIME_FORMAT: &str = "%Y-%m-%d %H:%M";

/// The warrant under the selection, if the role may work warrants.
fn selected_for_work(state: &mut State, doing: &str) -> Option<QueueRow> {
    if !state.roles().may_write(EventKind::Warrant) {
        state.message = Some(error_message(state, format!("Your role may not {doing}.")));
        return None;
    }
    let id = queue_rows::selected_warrant(state)?;
    row(state, &id).cloned()
}

// ---- allocate to me -------------------------------------------------------------

/// One key: allocates the selected warrant to the operator.
pub fn allocate_to_me(state: &mut State) -> Vec<Effect> {
    let Some(row) = selected_for_work(state, "allocate warrants") else {
        return Vec::new();
    };
    let Some(me) = state.session.as_ref().map(|s| s.username.clone()) else {
        return Vec::new();
    };
    if row.allocated_to.as_deref() == Some(me.as_str()) {
        state.message = Some(info_message(state, format!("{} is already allocated to you.", row.reference)));
        return Vec::new();
    }
    let what = format!("Allocation of {} to you", row.reference);
    state.message = Some(info_message(state, format!("{what}: saving…")));
    save(state, what, &row, WarrantAction::Allocate { officer: me })
}

fn save(state: &mut State, what: String, row: &QueueRow, action: WarrantAction) -> Vec<Effect> {
    send_action(state, what, row.id.clone(), row.version, action)
}

// ---- forms ------------------------------------------------------------------------

fn field(name: &'static str, label: &'static str, value: String, hint: &'static str) -> FormField {
    FormField { name, label, value, required: false, hint }
}

/// Opens the form for `kind` on the selected warrant, resuming one kept
/// unsent for the same warrant and action.
pub fn open_form(state: &mut State, kind: WarrantFormKind) -> Vec<Effect> {
    let doing = match kind {
        WarrantFormKind::Allocate => "allocate warrants",
        WarrantFormKind::Execute => "mark warrants executed",
        WarrantFormKind::Withdraw => "withdraw warrants",
    };
    let Some(row) = selected_for_work(state, doing) else {
        return Vec::new();
    };
    if let Some(draft) = state.warrants.form_draft.take() {
        if draft.record_id == row.id && draft.kind == kind {
            state.overlay = Overlay::WarrantForm(draft);
            return Vec::new();
        }
        state.warrants.form_draft = Some(draft);
    }
    let me = state.session.as_ref().map(|s| s.username.clone()).unwrap_or_default();
    let who = if row.person_name.is_empty() { row.reference.clone() } else { row.person_name.clone() };
    let (title, fields) = match kind {
        WarrantFormKind::Allocate => (
            format!("Allocate {} ({who})", row.reference),
            vec![field("officer", "Officer", String::new(), "type to narrow the list below; Enter takes the one left")],
        ),
        WarrantFormKind::Execute => {
            let at = state.now.with_timezone(&London).format(TIME_FORMAT).to_string();
            let mut fields = vec![
                field("at", "Time", at, "YYYY-MM-DD HH:MM, London time"),
                field("place", "Place", String::new(), "where the warrant was executed"),
                field("officer", "Officer", me, "executing officer"),
            ];
            if row.warrant_kind != WarrantKind::Search {
                fields.push(field("suite_id", "Custody suite", String::new(), "name or id: opens a custody record"));
                fields.push(field("cell", "Cell", String::new(), "cell at the suite"));
            }
            (format!("Mark {} executed ({who})", row.reference), fields)
        }
        WarrantFormKind::Withdraw => (
            format!("Withdraw {} ({who})", row.reference),
            vec![
                field("ground", "Ground", String::new(), GROUND_HINT),
                field("reason", "Detail", String::new(), "why, in at least 15 characters (kept on the warrant)"),
            ],
        ),
    };
    // Start on the first empty input: prefilled ones usually stand.
    let focus = fields.iter().position(|f| f.value.is_empty()).unwrap_or(0);
    let needs_suites = kind == WarrantFormKind::Execute && state.board.suites.is_empty();
    // Always asked afresh: accounts come and go.
    let needs_officers = kind == WarrantFormKind::Allocate;
    state.overlay = Overlay::WarrantForm(WarrantForm {
        kind,
        record_id: row.id,
        title,
        fields,
        focus,
        saving: false,
        error: None,
        error_field: None,
        touched: false,
        confirming: None,
    });
    let mut effects = Vec::new();
    if needs_suites {
        effects.push(Effect::LoadSuites);
    }
    if needs_officers {
        effects.push(Effect::LoadOfficers);
    }
    effects
}

/// A key for the form, if a warrant form is what is open: typing goes to
/// the focused input, Up/Down/Tab move between inputs, Enter moves on (on
/// the last input, sends) and Esc closes it, keeping what was typed.
pub fn key(state: &mut State, key: &Key) -> Option<Vec<Effect>> {
    let Overlay::WarrantForm(form) = &mut state.overlay else {
        return None;
    };
    match key {
        // While the question is asked, only Enter and Esc count.
        Key::Edit(_) | Key::Pick(_) if form.confirming.is_some() => {}
        Key::Cancel if form.confirming.is_some() => form.confirming = None,
        Key::Edit(edit) => {
            if let Some(f) = form.fields.get_mut(form.focus).filter(|_| !form.saving) {
                edit_text(&mut f.value, edit);
                form.touched = true;
                // The complaint was about this input: it is being put right.
                if form.error_field.as_deref() == Some(f.name) {
                    form.error_field = None;
                    form.error = None;
                }
            }
        }
        Key::Pick(delta) => form.focus = step(form.focus, form.fields.len(), *delta > 0),
        Key::Submit | Key::Cancel => {
            let Overlay::WarrantForm(form) = std::mem::take(&mut state.overlay) else { return None };
            if *key == Key::Submit {
                return Some(submit(state, form));
            }
            cancel(state, form);
        }
    }
    Some(Vec::new())
}

/// Enter: on any input but the last moves on; on the last, sends.
fn submit(state: &mut State, mut form: WarrantForm) -> Vec<Effect> {
    if form.saving {
        state.overlay = Overlay::WarrantForm(form);
        return Vec::new();
    }
    if form.focus + 1 < form.fields.len() && form.confirming.is_none() {
        form.focus += 1;
        state.overlay = Overlay::WarrantForm(form);
        return Vec::new();
    }
    let action = match build(state, &form) {
        Ok(action) => action,
        Err((key, message)) => return refuse(state, form, key, message),
    };
    let Some(row) = row(state, &form.record_id).cloned() else {
        return refuse(state, form, String::new(), "this warrant is no longer on the queue".into());
    };
    if let (WarrantAction::Withdraw { ground, .. }, None) = (&action, &form.confirming) {
        let who = if row.person_name.is_empty() { String::new() } else { format!(" for {}", row.person_name) };
        form.confirming =
            Some(format!("Withdraw {}{who} ({})? The search for them stops.", row.reference, ground.label()));
        state.overlay = Overlay::WarrantForm(form);
        return Vec::new();
    }
    form.confirming = None;
    form.saving = true;
    form.error = None;
    form.error_field = None;
    let what = match form.kind {
        WarrantFormKind::Allocate => format!("Allocation of {}", row.reference),
        WarrantFormKind::Execute => format!("Execution of {}", row.reference),
        WarrantFormKind::Withdraw => format!("Withdrawal of {}", row.reference),
    };
    state.overlay = Overlay::WarrantForm(form);
    save(state, what, &row, action)
}

fn refuse(state: &mut State, mut form: WarrantForm, key: String, message: String) -> Vec<Effect> {
    if let Some(i) = form.fields.iter().position(|f| f.name == key) {
        form.focus = i;
    }
    form.confirming = None;
    form.error = Some(message);
    form.error_field = (!key.is_empty()).then_some(key);
    state.overlay = Overlay::WarrantForm(form);
    Vec::new()
}

/// The action the form asks for, or the input that is wrong and why.
fn build(state: &State, form: &WarrantForm) -> Result<WarrantAction, (String, String)> {
    let required = |key: &str| -> Result<String, (String, String)> {
        let value = form.value(key).trim().to_string();
        if value.is_empty() {
            let label = form.fields.iter().find(|f| f.name == key).map(|f| f.label).unwrap_or(key);
            return Err((key.to_string(), format!("{label} must not be empty")));
        }
        Ok(value)
    };
    Ok(match form.kind {
        WarrantFormKind::Allocate => {
            let typed = required("officer")?;
            // The list not loaded (yet): the server judges the name as typed.
            let officer = if state.warrants.officers.is_empty() {
                typed
            } else {
                allocation::officer(&state.warrants.officers, &typed, "warrants")
                    .map_err(|m| ("officer".to_string(), m))?
            };
            WarrantAction::Allocate { officer }
        }
        WarrantFormKind::Withdraw => {
            let ground = ground(&required("ground")?).map_err(|m| ("ground".to_string(), m))?;
            let detail = form.value("reason").trim().to_string();
            // The server's rule, asked here so the form says it beside the input.
            warrant_withdrawal::reason(ground, &detail)
                .map_err(|e| ("reason".to_string(), format!("Detail {}", e.message)))?;
            WarrantAction::Withdraw { ground, reason: detail }
        }
        WarrantFormKind::Execute => {
            let at = parse_time(&required("at")?).map_err(|m| ("at".to_string(), m))?;
            let place = required("place")?;
            let officer = required("officer")?;
            let arrest = form.fields.iter().any(|f| f.name == "suite_id");
            let (suite_id, cell) = if arrest {
                (Some(suite_id(state, &required("suite_id")?)), Some(required("cell")?))
            } else {
                (None, None)
            };
            WarrantAction::Execute { at, place, officer, suite_id, cell }
        }
    })
}

/// The grounds as the form lists them, numbered.
const GROUND_HINT: &str =
    "1 surrendered at court · 2 recalled by the court · 3 issued in error · 4 duplicate · 5 deceased · 6 other";

/// A ground typed as its number in the list or as words from its name.
fn ground(typed: &str) -> Result<WithdrawalGround, String> {
    let lower = typed.trim().to_lowercase();
    if let Some(g) =
        lower.parse::<usize>().ok().and_then(|n| n.checked_sub(1)).and_then(|i| WithdrawalGround::ALL.get(i))
    {
        return Ok(*g);
    }
    let mut matching = WithdrawalGround::ALL.iter().filter(|g| g.label().to_lowercase().contains(&lower));
    match (matching.next(), matching.next()) {
        (Some(one), None) => Ok(*one),
        _ => Err(format!("Ground '{}' is not one of: {GROUND_HINT}", typed.trim())),
    }
}

/// A London wall-clock time; in the autumn's repeated hour, the first.
pub fn parse_time(text: &str) -> Result<DateTime<Utc>, String> {
    let local = NaiveDateTime::parse_from_str(text.trim(), TIME_FORMAT)
        .map_err(|_| format!("Time '{}' is not YYYY-MM-DD HH:MM", text.trim()))?;
    match London.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Ok(t.with_timezone(&Utc)),
        LocalResult::None => Err(format!("Time '{}' does not exist in London (the clocks went forward)", text.trim())),
    }
}

/// A suite typed by name (or part of it) becomes its id; anything else is
/// sent as typed, for the server to judge.
pub fn suite_id(state: &State, typed: &str) -> String {
    let lower = typed.to_lowercase();
    let suites = &state.board.suites;
    suites
        .iter()
        .find(|s| s.id == typed || s.name.to_lowercase() == lower)
        .or_else(|| {
            let mut partial = suites.iter().filter(|s| s.name.to_lowercase().contains(&lower));
            match (partial.next(), partial.next()) {
                (Some(one), None) => Some(one),
                _ => None,
            }
        })
        .map(|s| s.id.clone())
        .unwrap_or_else(|| typed.to_string())
}

/// Esc: closes the form; typed input is kept for next time.
fn cancel(state: &mut State, form: WarrantForm) {
    if form.touched {
        state.message = Some(info_message(state, "Form kept; it is not saved yet."));
        state.warrants.form_draft = Some(WarrantForm { saving: false, ..form });
    }
}

/// The server answered a save: a form waiting on it closes, or keeps its
/// input and says why, on the field the refusal names. Returns whether a
/// form took the answer.
pub fn saved(state: &mut State, save: &SaveReply) -> bool {
    let result = save.result;
    if let Ok(event) = result {
        if state.warrants.form_draft.as_ref().is_some_and(|d| d.record_id == event.id) {
            state.warrants.form_draft = None;
        }
    }
    let Overlay::WarrantForm(form) = &mut state.overlay else {
        return false;
    };
    if !form.saving {
        return false;
    }
    match result {
        Ok(event) if event.id == form.record_id => {
            state.overlay = Overlay::None;
            true
        }
        Ok(_) => false,
        Err(e) => {
            form.saving = false;
            let at = refused_input(e, &form.fields);
            if let Some(i) = at {
                form.focus = i;
            }
            form.error = Some(not_saved(&refusal_text(e), at.map(|i| &form.fields[i])));
            form.error_field = at.map(|i| form.fields[i].name.to_string());
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn execution_times_are_london_wall_clock() {
        let summer = parse_time("2026-07-01 14:30").unwrap();
        assert_eq!(summer.to_rfc3339(), "2026-07-01T13:30:00+00:00");
        let winter = parse_time(" 2026-12-01 14:30 ").unwrap();
        assert_eq!(winter.to_rfc3339(), "2026-12-01T14:30:00+00:00");
        assert!(parse_time("yesterday").unwrap_err().contains("YYYY-MM-DD HH:MM"));
        assert!(parse_time("2026-03-29 01:30").unwrap_err().contains("does not exist"));
    }
}
