//! Linking a person to a crime as its suspect, victim, witness or reporting
//! person: from the crime pane the operator goes to the subject lookup (the
//! same search, ranked as they type), picks the person with Enter — which,
//! while linking, asks their part instead of opening their record — and the
//! link is saved through the crime's lifecycle. The crime pane comes back
//! with the crime selected.

use super::common::{error_message, info_message};
use super::desk_form::{pick, required, Refusal};
use super::pane::SaveReply;
use crate::console::effect::Effect;
use crate::console::state::crimes::{CrimeForm, CrimeFormKind, CrimeLinking};
use crate::console::state::desk_form::{field, DeskForm};
use crate::console::state::{LookupFocus, Overlay, PaneId, State};
use crate::domain::crime::lifecycle::PERSON_ROLES;
use crate::domain::crime::CrimeAction;
use crate::domain::event::EventKind;
use crate::domain::link::EventRole;

/// A part on a crime in the operator's words.
fn part_name(role: EventRole) -> &'static str {
    match role {
        EventRole::Victim => "victim",
        EventRole::Suspect => "suspect",
        EventRole::Witness => "witness",
        _ => "reporting person",
    }
}

/// Starts linking a person to the selected crime: the lookup opens with its
/// search box ready.
pub fn start(state: &mut State) -> Vec<Effect> {
    if !state.roles().may_write(EventKind::Crime) {
        state.message = Some(error_message(state, "Your role may not work crimes."));
        return Vec::new();
    }
    let Some(row) = state.crimes.selected() else {
        state.message = Some(error_message(state, "Select a crime first."));
        return Vec::new();
    };
    let (crime_id, reference) = (row.event.id.clone(), row.event.reference.clone());
    state.message = Some(info_message(
        state,
        format!("Find the person to link to {reference}: Enter picks them; Esc on the list goes back to the crimes."),
    ));
    state.crimes.linking = Some(CrimeLinking { crime_id, reference, person_id: None });
    // One person found at a time: not also for an incident or a booking in.
    state.incidents.linking = None;
    state.board.finding = false;
    state.lookup.focus = LookupFocus::Input;
    state.pane = PaneId::Lookup;
    Vec::new()
}

/// Whether the lookup is finding a person for a crime.
pub fn linking(state: &State) -> bool {
    state.crimes.linking.is_some()
}

/// Enter on a hit while linking: asks the person's part.
pub fn picked(state: &mut State, person_id: String) -> Vec<Effect> {
    let Some(linking) = state.crimes.linking.as_mut() else { return Vec::new() };
    linking.person_id = Some(person_id.clone());
    let (crime_id, reference) = (linking.crime_id.clone(), linking.reference.clone());
    let name = state.lookup.hits.iter().find(|h| h.person_id == person_id).map(|h| h.name.clone());
    let title = format!("Link {} to {reference}", name.unwrap_or_default());
    let fields = vec![field("role", "Part", String::new(), "suspect, victim, witness or reporting person")];
    state.overlay = Overlay::form(DeskForm::new(CrimeFormKind::Link, crime_id, title, fields));
    Vec::new()
}

/// The link a part form sends: the person picked, in the part typed.
pub fn action(state: &State, form: &CrimeForm) -> Result<CrimeAction, Refusal> {
    let typed = required(form, "role")?;
    let role = pick(&typed, &PERSON_ROLES, |r| vec![part_name(*r).to_string()]).ok_or((
        "role",
        format!("'{typed}' is not a part on a crime; use suspect, victim, witness or reporting person"),
    ))?;
    let person_id = state.crimes.linking.as_ref().and_then(|l| l.person_id.clone());
    let person_id = person_id.ok_or(("", "pick the person in the lookup again".to_string()))?;
    Ok(CrimeAction::LinkPerson { person_id, role })
}

/// Linking given up: back to the crimes, on the crime.
pub fn cancel(state: &mut State) -> Vec<Effect> {
    let Some(linking) = state.crimes.linking.take() else { return Vec::new() };
    state.crimes.list.selected = Some(linking.crime_id);
    state.message = Some(info_message(state, format!("Nobody linked to {}.", linking.reference)));
    state.pane = PaneId::Crimes;
    Vec::new()
}

/// The link was saved: linking ends and the crimes show the crime.
pub fn saved(state: &mut State, save: &SaveReply) {
    let done = save.kind == EventKind::Crime
        && save.result.is_ok()
        && state.crimes.linking.as_ref().is_some_and(|l| l.crime_id == save.id);
    if done {
        state.crimes.linking = None;
        state.crimes.list.selected = Some(save.id.to_string());
        state.pane = PaneId::Crimes;
    }
}
