//! A click on what the last frame drew (see `hits.rs`): a tab shows its
//! pane; a row is selected as the arrow keys would select it (so the pane
//! does what it does on a move), and the selected row opens as Enter would.

use super::commands::{open, switch_pane};
use super::registry;
use crate::console::effect::Effect;
use crate::console::hits::Target;
use crate::console::layout;
use crate::console::state::{Overlay, State};

pub fn click(state: &mut State, target: Target) -> Vec<Effect> {
    if state.overlay != Overlay::None {
        return Vec::new();
    }
    match target {
        Target::Tab(id) => switch_pane(state, id),
        Target::Row(id) => {
            let pane = registry::pane(state.pane);
            if pane.selected(state).as_deref() == Some(id.as_str()) {
                return open(state);
            }
            let ids = pane.ids(state);
            let Some(to) = ids.iter().position(|i| *i == id) else { return Vec::new() };
            let from = pane.selected(state).and_then(|s| ids.iter().position(|i| *i == s)).unwrap_or(0);
            let height = usize::from(pane.list_rows(layout::body_rows(state)).max(1));
            pane.move_by(state, to as isize - from as isize, height)
        }
    }
}
