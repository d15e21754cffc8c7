//! The screen's fixed geometry, shared by `render` (to draw) and `update`
//! (to page and scroll by the rows actually visible).

use super::state::State;

/// Below this the console shows only "terminal too small".
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Tab bar and status bar.
pub const CHROME_ROWS: u16 = 2;
/// The search box of the lookup pane.
pub const SEARCH_BOX_ROWS: u16 = 3;

/// The rows between the tab bar and the status bar at the current size;
/// each pane says how many list rows it shows in them.
pub fn body_rows(state: &State) -> u16 {
    state.size.1.saturating_sub(CHROME_ROWS)
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
