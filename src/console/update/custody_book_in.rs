//! Booking a detainee in from the board: the subject lookup finds the
//! person (the same search, as they type), and Enter on a hit opens the
//! booking form for them; `N` there books in someone new, their name taken
//! from the search. The server checks a new person against those on
//! record: its close matches come back into the form, which asks whether
//! one of them is the detainee (by number) or they are someone new, and
//! sends again. Booked in, the board shows the new record selected.

use super::common::{error_message, expire, info_message, not_saved, refusal_text, refused_input};
use super::custody_common::{may_work, refuse, resume};
use super::custody_fields::{layout, match_field, new_person_fields};
use super::custody_request;
use crate::client::{Booking, ClientError};
use crate::console::effect::Effect;
use crate::console::state::{CustodyForm, CustodyFormKind, LookupFocus, Overlay, PaneId, State};
use crate::domain::event::Event;

/// `b` on the board: resumes a booking kept as a draft, or sends the
/// operator to the lookup to find the detainee.
pub fn start(state: &mut State) -> Vec<Effect> {
    if !may_work(state, CustodyFormKind::BookIn) {
        return Vec::new();
    }
    if resume(state, CustodyFormKind::BookIn, "") {
        return Vec::new();
    }
    state.incidents.linking = None;
    state.crimes.linking = None;
    state.board.finding = true;
    state.message = Some(info_message(
        state,
        "Find the detainee: Enter books them in; Esc, then N books in someone new; Esc on the list goes back.",
    ));
    state.lookup.focus = LookupFocus::Input;
    state.pane = PaneId::Lookup;
    Vec::new()
}

/// Whether the lookup is finding a person to book in.
pub fn finding(state: &State) -> bool {
    state.board.finding
}

/// Enter on a hit while finding: the booking form for them.
pub fn picked(state: &mut State, person_id: String) -> Vec<Effect> {
    let hit = state.lookup.hits.iter().find(|h| h.person_id == person_id);
    let name = hit.map(|h| h.name.clone()).unwrap_or_default();
    let in_custody = hit.is_some_and(|h| h.flags.in_custody);
    let (_, _, fields) = layout(state, CustodyFormKind::BookIn, None);
    let context = if in_custody {
        format!("✖ {name} is IN CUSTODY already: a second open record is refused.")
    } else {
        format!("{name}, found on record.")
    };
    let mut form = CustodyForm::new(CustodyFormKind::BookIn, String::new(), format!("Book in {name}"), context, fields);
    form.person = Some((person_id, name));
    back_on_board(state, form)
}

/// `N` in the lookup while finding: a booking of someone not on record,
/// named as the search was.
pub fn new_person(state: &mut State) -> Vec<Effect> {
    if !finding(state) {
        state.message = Some(error_message(state, "Press b on the custody board to book someone in."));
        return Vec::new();
    }
    let (_, _, arrest) = layout(state, CustodyFormKind::BookIn, None);
    let mut fields = new_person_fields(&state.lookup.query);
    fields.extend(arrest);
    let context = "Someone new: the server checks them against people on record first.".to_string();
    let form = CustodyForm::new(CustodyFormKind::BookIn, String::new(), "Book in someone new".into(), context, fields);
    back_on_board(state, form)
}

fn back_on_board(state: &mut State, form: CustodyForm) -> Vec<Effect> {
    state.board.finding = false;
    state.pane = PaneId::Board;
    state.overlay = Overlay::Custody(form);
    Vec::new()
}

/// Finding given up: back to the board.
pub fn cancel(state: &mut State) -> Vec<Effect> {
    state.board.finding = false;
    state.message = Some(info_message(state, "Nobody booked in."));
    state.pane = PaneId::Board;
    Vec::new()
}

/// Enter on a complete form: the booking goes to the server.
pub fn send(state: &mut State, mut form: CustodyForm) -> Vec<Effect> {
    let request = match custody_request::book_in(state, &form) {
        Ok(request) => request,
        Err((name, message)) => return refuse(state, form, name, message),
    };
    form.saving = true;
    form.error = None;
    form.error_field = None;
    state.overlay = Overlay::Custody(form);
    state.message = Some(info_message(state, "Booking in: saving…"));
    state.writes_in_flight += 1;
    vec![Effect::BookIn(Box::new(request))]
}

/// The server's answer: the record opened (returned for the board to show,
/// selected), the people the new person may be, or a refusal naming the
/// input.
pub fn booked(state: &mut State, result: Result<Booking, ClientError>) -> (Vec<Effect>, Option<Event>) {
    state.writes_in_flight = state.writes_in_flight.saturating_sub(1);
    let open = matches!(&state.overlay, Overlay::Custody(f) if f.kind.opens_record() && f.saving);
    let form = if open {
        match std::mem::take(&mut state.overlay) {
            Overlay::Custody(form) => Some(form),
            _ => None,
        }
    } else {
        state.board.draft.take_if(|d| d.kind.opens_record() && d.saving)
    };
    match result {
        Ok(Booking::In(event)) => {
            let name = form.as_ref().and_then(|f| f.person.as_ref().map(|(_, n)| n.clone()));
            let who = name.unwrap_or_else(|| event.summary.clone());
            state.message = Some(info_message(state, format!("{who} booked in ({}): saved.", event.reference)));
            state.board.rows.list.selected = Some(event.id.clone());
            (Vec::new(), Some(*event))
        }
        Ok(Booking::PossibleMatch(candidates)) => {
            let Some(mut form) = form else { return (Vec::new(), None) };
            let n = candidates.len();
            form.candidates = candidates;
            if !form.fields.iter().any(|f| f.name == "match") {
                form.fields.insert(0, match_field());
            }
            let message = format!(
                "Not saved: the new person closely matches {n} {} on record. Say which is the detainee, \
                 or n for someone new.",
                if n == 1 { "person" } else { "people" }
            );
            put_back(state, form, Some("match"), message);
            (Vec::new(), None)
        }
        Err(error) if error.is_unauthenticated() => {
            // Kept for when the officer is back: `b` opens it again.
            if let Some(mut form) = form {
                form.saving = false;
                form.error = Some("Not saved: your session expired; log in again and send it again.".into());
                state.board.draft = Some(form);
            }
            (expire(state, "Your session has expired: log in again. The booking is kept as a draft."), None)
        }
        Err(error) => {
            let Some(form) = form else {
                state.message = Some(error_message(state, format!("Booking in was not saved: {}", why(&error))));
                return (Vec::new(), None);
            };
            let at = refused_input(&error, &form.fields);
            let message = not_saved(&why(&error), at.map(|i| &form.fields[i]));
            let name = at.map(|i| form.fields[i].name);
            put_back(state, form, name, message);
            (Vec::new(), None)
        }
    }
}

/// The form back on screen, not saving, with why and the input it is about.
fn put_back(state: &mut State, mut form: CustodyForm, field: Option<&str>, message: String) {
    form.saving = false;
    if let Some(i) = field.and_then(|name| form.fields.iter().position(|f| f.name == name)) {
        form.focus = i;
    }
    form.error_field = field.map(str::to_string);
    form.error = Some(message.clone());
    state.message = Some(error_message(state, message));
    state.pane = PaneId::Board;
    state.overlay = Overlay::Custody(form);
}

/// Why a booking was refused, as the server says it: its conflict is the
/// person being in custody already, not a record changed meanwhile.
fn why(error: &ClientError) -> String {
    match error {
        ClientError::Api { message, .. } => message.clone(),
        other => refusal_text(other),
    }
}
