//! The screen's fixed geometry, shared by `render` (to draw) and `update`
//! (to page and scroll by the rows actually visible).

use super::state::{PaneId, State};

/// Below this the console shows only "terminal too small".
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Tab bar and status bar.
pub const CHROME_ROWS: u16 = 2;
/// The search box of the lookup pane.
pub const SEARCH_BOX_ROWS: u16 = 3;

/// How many list rows the pane shows at the current size.
pub fn list_height(state: &State, pane: PaneId) -> usize {
    let body = state.size.1.saturating_sub(CHROME_ROWS);
    // Each list sits in a bordered block with a header row and a line for
    // its filters.
    let rows = match pane {
        PaneId::Lookup => body.saturating_sub(SEARCH_BOX_ROWS + 3),
        PaneId::Profile => profile_split(body).1.saturating_sub(3),
        PaneId::Board | PaneId::Cases => body.saturating_sub(4),
        // …and the queue two lines under it saying why the selected warrant is there.
        PaneId::Warrants => body.saturating_sub(6),
        PaneId::Event => body.saturating_sub(2),
        PaneId::Review => review_split(body).0.saturating_sub(4),
    };
    usize::from(rows.max(1))
}

/// The profile's height split: details above, timeline below.
pub fn profile_split(body: u16) -> (u16, u16) {
    let details = (body / 2).max(8).min(body);
    (details, body - details)
}

/// The review pane's height split: pairs above, the selected pair's evidence below.
pub fn review_split(body: u16) -> (u16, u16) {
    let evidence = (body / 2).clamp(8.min(body), 14);
    (body - evidence, evidence)
}

pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_WIDTH || height < MIN_HEIGHT
}
