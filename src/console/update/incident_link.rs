//! Linking a person named on an incident to the one record: from the
//! board the operator goes to the subject lookup (the same search, ranked
//! as they type), picks the person with Enter — which, while linking, asks
//! their part instead of opening their record — and the link is saved
//! through the incident's lifecycle. The board comes back with the
//! incident selected, and the person's markers and flags show on it as
//! soon as its row is read again.

use super::common::info_message;
use super::pane::SaveReply;
use crate::console::effect::Effect;
use crate::console::state::incidents::{IncidentForm, IncidentFormKind, Linking};
use crate::console::state::{FormField, LookupFocus, Overlay, PaneId, State};
use crate::domain::event::EventKind;

/// Starts linking a person to the selected incident: the lookup opens with
/// its search box ready.
pub fn start(state: &mut State) -> Vec<Effect> {
    let Some(row) = state.incidents.selected() else { return Vec::new() };
    let (incident_id, reference) = (row.event.id.clone(), row.event.reference.clone());
    state.message = Some(info_message(
        state,
        format!("Find the person to link to {reference}: Enter picks them; Esc on the list goes back to the board."),
    ));
    state.incidents.linking = Some(Linking { incident_id, reference });
    state.board.finding = false;
    state.crimes.linking = None;
    state.lookup.focus = LookupFocus::Input;
    // The lookup loads nothing on showing: its search box asks as it is typed in.
    state.pane = PaneId::Lookup;
    Vec::new()
}

/// The incident the lookup is finding a person for, if any.
pub fn linking(state: &State) -> Option<&Linking> {
    state.incidents.linking.as_ref()
}

/// Enter on a hit while linking: asks the person's part.
pub fn picked(state: &mut State, person_id: String) -> Vec<Effect> {
    let Some(linking) = state.incidents.linking.clone() else { return Vec::new() };
    let name = state.lookup.hits.iter().find(|h| h.person_id == person_id).map(|h| h.name.clone());
    let hint = "caller, suspect, victim, witness or subject";
    state.overlay = Overlay::form(IncidentForm {
        kind: IncidentFormKind::Link,
        record_id: Some(linking.incident_id),
        title: format!("Link {} to {}", name.unwrap_or_default(), linking.reference),
        fields: vec![FormField { name: "role", label: "Part", value: String::new(), required: false, hint }],
        focus: 0,
        saving: false,
        confirming: None,
        error: None,
        error_field: None,
        touched: false,
        person_id: Some(person_id),
    });
    Vec::new()
}

/// Linking given up: back to the board, on the incident.
pub fn cancel(state: &mut State) -> Vec<Effect> {
    let Some(linking) = state.incidents.linking.take() else { return Vec::new() };
    state.incidents.list.selected = Some(linking.incident_id);
    state.message = Some(info_message(state, format!("Nobody linked to {}.", linking.reference)));
    // The board was loaded when linking began; it is kept live meanwhile.
    state.pane = PaneId::Incidents;
    Vec::new()
}

/// The link was saved: linking ends and the board shows the incident.
pub fn saved(state: &mut State, save: &SaveReply) {
    let done = save.kind == EventKind::Incident
        && save.result.is_ok()
        && state.incidents.linking.as_ref().is_some_and(|l| l.incident_id == save.id);
    if done {
        state.incidents.linking = None;
        state.incidents.list.selected = Some(save.id.to_string());
        state.pane = PaneId::Incidents;
    }
}
