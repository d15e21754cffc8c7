//! The warrant queue's work, called from `update`: loading the queue a page
//! at a time as the server orders it, keeping it live, and the forms that
//! allocate, execute and withdraw a warrant. No I/O: effects go out, their
//! results come back as actions.

use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::London;

use super::effect::Effect;
use super::state::{Allocation, FormField, Overlay, State, WarrantForm, WarrantFormKind};
use super::update::{error_message, info_message, send_action};
use super::views;
use crate::client::{ClientError, QueueQuery};
use crate::domain::event::{Event, EventDetails, EventKind, WarrantKind};
use crate::domain::priority::{QueuePage, QueueRow};
use crate::domain::warrant_lifecycle::WarrantAction;

/// Rows asked for per page while scrolling.
pub const PAGE: usize = 100;
/// The largest page the server gives; a reload asks for what is on screen, up to this.
const MAX_PAGE: usize = 500;
/// Fetch the next page when the selection is this many rows from the end.
const PREFETCH: usize = 60;
/// How the execution time is typed (Europe/London).
pub const TIME_FORMAT: &str = "%Y-%m-%d %H:%M";

// ---- loading ------------------------------------------------------------------

/// The server-side filters as a query.
pub fn query(state: &State) -> QueueQuery {
    let w = &state.warrants;
    let allocated = match w.allocation {
        Allocation::All => None,
        Allocation::Allocated => Some("true".to_string()),
        Allocation::Unallocated => Some("false".to_string()),
        Allocation::Mine => Some(state.session.as_ref().map(|s| s.username.clone()).unwrap_or_default()),
    };
    QueueQuery {
        kind: w.kind,
        borough: w.borough.clone(),
        allocated,
        min_priority: w.min_priority,
        text: Some(w.rows.list.filter.trim().to_string()).filter(|t| !t.is_empty()),
        ..QueueQuery::default()
    }
}

/// Loads the queue from the top, as many rows as are loaded now (so a live
/// reload keeps the operator's place); a load already out is superseded.
pub fn reload(state: &mut State) -> Vec<Effect> {
    let rows = &mut state.warrants.rows;
    let limit = rows.items.len().clamp(PAGE, MAX_PAGE);
    rows.seq += 1;
    rows.loading = true;
    rows.again = false;
    let seq = rows.seq;
    let query = QueueQuery { limit: Some(limit), ..query(state) };
    vec![Effect::LoadQueue { seq, query, append: false }]
}

/// A filter changed: the rows shown belong to the old filter, so start over.
pub fn refilter(state: &mut State) -> Vec<Effect> {
    let rows = &mut state.warrants.rows;
    rows.items.clear();
    rows.next = None;
    rows.list.offset = 0;
    rows.list.last_index = 0;
    refine(state)
}

/// The typed filter changed: the rows loaded stay, narrowed on screen at
/// once, until the server's answer for the new words (which finds rows not
/// loaded yet too) replaces them.
pub fn refine(state: &mut State) -> Vec<Effect> {
    state.warrants.rows.refiltered = true;
    reload(state)
}

/// Asks for the next page when the selection nears the end of what is loaded.
pub fn more_if_near_end(state: &mut State) -> Vec<Effect> {
    let rows = &state.warrants.rows;
    let Some(after) = rows.next.clone() else {
        return Vec::new();
    };
    if rows.loading || rows.list.last_index + PREFETCH < rows.items.len() {
        return Vec::new();
    }
    let rows = &mut state.warrants.rows;
    rows.loading = true;
    let seq = rows.seq;
    let query = QueueQuery { limit: Some(PAGE), after: Some(after), ..query(state) };
    vec![Effect::LoadQueue { seq, query, append: true }]
}

pub fn queue_loaded(state: &mut State, seq: u64, append: bool, result: Result<QueuePage, ClientError>) -> Vec<Effect> {
    if seq != state.warrants.rows.seq {
        return Vec::new(); // answers a filter no longer chosen
    }
    let now = state.now;
    let rows = &mut state.warrants.rows;
    rows.loading = false;
    match result {
        Ok(page) => {
            let mut changed = Vec::new();
            if rows.loaded && !append && !rows.refiltered {
                for item in &page.items {
                    if rows.items.iter().find(|r| r.id == item.id).is_none_or(|r| r.version != item.version) {
                        changed.push(item.id.clone());
                    }
                }
            }
            if append {
                // A row that moved up between pages is not shown twice.
                let known: std::collections::HashSet<String> = rows.items.iter().map(|r| r.id.clone()).collect();
                rows.items.extend(page.items.into_iter().filter(|r| !known.contains(&r.id)));
            } else {
                rows.items = page.items;
                rows.refiltered = false;
            }
            rows.total = page.total;
            rows.next = page.next;
            state.warrants.bands = page.bands;
            rows.loaded = true;
            rows.error = None;
            for id in changed {
                state.changed.insert(id, now);
            }
            state.live.updated_at = Some(now);
            super::update::reselect_all(state);
            if state.warrants.rows.again {
                return reload(state);
            }
            more_if_near_end(state)
        }
        Err(e) if e.is_unauthenticated() => super::update::expire(state, "Your session has expired: log in again."),
        Err(e) => {
            state.warrants.rows.error = Some(e.to_string());
            Vec::new()
        }
    }
}

/// Moves the queue's selection by `delta` rows (clamped), as
/// `views::move_selection` does, without copying every id of a queue that
/// may hold tens of thousands: a key press must stay cheap.
pub fn move_by(state: &mut State, delta: isize, height: usize) -> Vec<Effect> {
    let rows = views::warrant_rows(state);
    let list = &state.warrants.rows.list;
    if rows.is_empty() {
        state.warrants.rows.list.selected = None;
        return Vec::new();
    }
    let at = |i: usize| list.selected.as_ref().is_some_and(|s| rows.get(i).is_some_and(|r| &r.id == s));
    let found = if at(list.last_index) {
        Some(list.last_index)
    } else {
        list.selected.as_ref().and_then(|s| rows.iter().position(|r| &r.id == s))
    };
    let last = rows.len() - 1;
    let target = match found {
        Some(i) => i.saturating_add_signed(delta).min(last),
        // Its record went away: land on the nearest row first.
        None => list.last_index.min(last),
    };
    let id = rows[target].id.clone();
    let offset = views::window_offset(list.offset, Some(target), rows.len(), height);
    let list = &mut state.warrants.rows.list;
    list.selected = Some(id);
    list.last_index = target;
    list.offset = offset;
    more_if_near_end(state)
}

/// A warrant changed on the server.
pub fn live_change(state: &mut State, id: &str) -> Vec<Effect> {
    let rows = &mut state.warrants.rows;
    if !rows.loaded {
        return Vec::new();
    }
    if rows.items.iter().any(|r| r.id == id) {
        // Loaded: read just this warrant.
        return vec![Effect::Refresh { kind: EventKind::Warrant, id: id.to_string() }];
    }
    if rows.items.len() >= MAX_PAGE {
        // Too many loaded to reload: ask where this one now stands.
        let seq = rows.seq;
        return vec![Effect::LoadQueueRow { seq, id: id.to_string(), query: query(state) }];
    }
    // Perhaps new to the queue: reload, once, after any load in flight.
    if rows.loading {
        rows.again = true;
        return Vec::new();
    }
    reload(state)
}

/// A warrant not loaded changed, in a queue loaded too deep to reload: it
/// takes its place among the rows loaded if the server's order puts it
/// there (rows further down come with later pages), and the count follows.
pub fn row_loaded(
    state: &mut State,
    seq: u64,
    id: &str,
    result: Result<(Option<QueueRow>, usize), ClientError>,
) -> Vec<Effect> {
    let rows = &mut state.warrants.rows;
    if seq != rows.seq {
        return Vec::new(); // a reload since answers for it
    }
    let Ok((row, total)) = result else {
        // The next reload brings it; the rows shown are still right.
        return Vec::new();
    };
    rows.total = total;
    let Some(row) = row else { return Vec::new() };
    if rows.items.iter().any(|r| r.id == id) {
        return Vec::new(); // loaded meanwhile, by a page or a refresh
    }
    let order = |r: &QueueRow| (std::cmp::Reverse(r.score), r.issued_on, r.id.clone());
    let place = rows.items.partition_point(|r| order(r) < order(&row));
    if place == rows.items.len() && rows.next.is_some() {
        return Vec::new();
    }
    rows.items.insert(place, row);
    state.changed.insert(id.to_string(), state.now);
    super::update::reselect_all(state)
}

/// Puts a warrant as it now stands into the queue: updated in place, or
/// taken out when it is no longer outstanding or no longer matches.
pub fn patch(state: &mut State, event: &Event) {
    let EventDetails::Warrant(d) = &event.details else {
        return;
    };
    let mine = state.session.as_ref().map(|s| s.username.clone()).unwrap_or_default();
    let w = &mut state.warrants;
    let Some(index) = w.rows.items.iter().position(|r| r.id == event.id) else {
        return;
    };
    let keeps = match w.allocation {
        Allocation::All => true,
        Allocation::Allocated => d.allocated_to.is_some(),
        Allocation::Unallocated => d.allocated_to.is_none(),
        Allocation::Mine => d.allocated_to.as_deref() == Some(mine.as_str()),
    };
    if !d.status.is_outstanding() || !keeps {
        w.rows.items.remove(index);
        w.rows.total = w.rows.total.saturating_sub(1);
        return;
    }
    let row = &mut w.rows.items[index];
    if row.version > event.version {
        return;
    }
    row.version = event.version;
    row.status = d.status;
    row.allocated_to = d.allocated_to.clone();
    row.attempts = d.attempts.len();
}

pub fn row<'a>(state: &'a State, id: &str) -> Option<&'a QueueRow> {
    state.warrants.rows.items.iter().find(|r| r.id == id)
}

/// The warrant under the selection, if the role may work warrants.
fn selected_for_work(state: &mut State, doing: &str) -> Option<QueueRow> {
    if !state.roles().may_write(EventKind::Warrant) {
        state.message = Some(error_message(state, format!("Your role may not {doing}.")));
        return None;
    }
    let id = views::selected_warrant(state)?;
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
            vec![field("officer", "Officer", String::new(), "officer's user id")],
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
            vec![field("reason", "Reason", String::new(), "why it is withdrawn (kept on the warrant)")],
        ),
    };
    // Start on the first empty input: prefilled ones usually stand.
    let focus = fields.iter().position(|f| f.value.is_empty()).unwrap_or(0);
    let needs_suites = kind == WarrantFormKind::Execute && state.board.suites.is_empty();
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
    });
    if needs_suites {
        vec![Effect::LoadSuites]
    } else {
        Vec::new()
    }
}

pub fn edit(form: &mut WarrantForm, apply: impl FnOnce(&mut String)) {
    if form.saving {
        return;
    }
    if let Some(f) = form.fields.get_mut(form.focus) {
        apply(&mut f.value);
        form.touched = true;
        // The complaint was about this input: it is being put right.
        if form.error_field.as_deref() == Some(f.name) {
            form.error_field = None;
            form.error = None;
        }
    }
}

/// Up/Down/Tab between inputs.
pub fn pick(form: &mut WarrantForm, delta: i32) {
    let len = form.fields.len().max(1);
    form.focus = if delta > 0 { (form.focus + 1) % len } else { (form.focus + len - 1) % len };
}

/// Enter: on any input but the last moves on; on the last, sends.
pub fn submit(state: &mut State, mut form: WarrantForm) -> Vec<Effect> {
    if form.saving {
        state.overlay = Overlay::WarrantForm(form);
        return Vec::new();
    }
    if form.focus + 1 < form.fields.len() {
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
        WarrantFormKind::Allocate => WarrantAction::Allocate { officer: required("officer")? },
        WarrantFormKind::Withdraw => WarrantAction::Withdraw { reason: required("reason")? },
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
fn suite_id(state: &State, typed: &str) -> String {
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
pub fn cancel(state: &mut State, form: WarrantForm) {
    if form.touched {
        state.message = Some(info_message(state, "Form kept; it is not saved yet."));
        state.warrants.form_draft = Some(WarrantForm { saving: false, ..form });
    }
}

/// The server answered a save: a form waiting on it closes, or keeps its
/// input and says why, on the field the refusal names. Returns whether a
/// form took the answer.
pub fn saved(state: &mut State, result: &Result<Event, ClientError>) -> bool {
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
            let (message, field) = match e {
                ClientError::Api { message, field, code, .. } => {
                    let key = field.as_deref().map(|f| f.trim_start_matches("action.").to_string());
                    let message = if code == "conflict" {
                        "someone else changed this warrant meanwhile; it has been reloaded, check it and send again"
                            .to_string()
                    } else {
                        message.clone()
                    };
                    (message, key)
                }
                other => (other.to_string(), None),
            };
            let at = field.as_deref().and_then(|k| form.fields.iter().position(|f| f.name == k));
            if let Some(i) = at {
                form.focus = i;
            }
            form.error = Some(match (at, &field) {
                (Some(i), _) => format!("Not saved: {}: {message}", form.fields[i].label),
                (None, Some(f)) => format!("Not saved: {message} (field {f})"),
                (None, None) => format!("Not saved: {message}"),
            });
            form.error_field = field;
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
