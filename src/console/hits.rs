//! Where the things a click can reach were drawn on the last frame: each
//! tab, and each row of the list on screen. Drawing writes them; a mouse
//! click reads them, so a click always means what it landed on.

use std::cell::RefCell;

use ratatui::layout::{Position, Rect};

use super::state::PaneId;

/// What a click landed on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Tab(PaneId),
    /// A row of the list on screen, by its record's id.
    Row(String),
}

#[derive(Debug, Default)]
pub struct Hits(RefCell<Vec<(Rect, Target)>>);

impl Hits {
    /// A new frame: what the last one drew is gone.
    pub fn clear(&self) {
        self.0.borrow_mut().clear();
    }

    pub fn add(&self, area: Rect, target: Target) {
        self.0.borrow_mut().push((area, target));
    }

    /// What was drawn at column `x`, row `y`; the last drawn wins, as it is
    /// the one on top.
    pub fn at(&self, x: u16, y: u16) -> Option<Target> {
        let hits = self.0.borrow();
        hits.iter().rev().find(|(area, _)| area.contains(Position { x, y })).map(|(_, target)| target.clone())
    }
}
