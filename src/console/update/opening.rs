//! Opening a person's profile, or a vehicle's, phone's or place's, with
//! the reason already given: from the lookup, and from one profile to another.

use crate::console::effect::Effect;
use crate::console::state::{EntityTarget, EntityView, PaneId, ProfileView, State};

/// Opens person `person_id`'s profile, read with `reason`.
pub fn profile(state: &mut State, person_id: String, name: String, reason: String) -> Vec<Effect> {
    state.profile = ProfileView {
        person_id: Some(person_id.clone()),
        name,
        reason: Some(reason.clone()),
        loading: true,
        ..Default::default()
    };
    state.pane = PaneId::Profile;
    vec![Effect::LoadProfile { person_id, reason }]
}

/// Opens a vehicle, phone or place, read with `reason`; Esc comes back here.
pub fn entity(state: &mut State, target: EntityTarget, name: String, reason: String) -> Vec<Effect> {
    let return_to = match state.pane {
        PaneId::Entity => state.entity.return_to,
        pane => pane,
    };
    state.entity = EntityView {
        target: Some(target.clone()),
        name,
        reason: Some(reason.clone()),
        loading: true,
        return_to,
        ..Default::default()
    };
    state.pane = PaneId::Entity;
    vec![Effect::LoadEntity { target, reason, after: None }]
}
