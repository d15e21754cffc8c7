//! What drawing needs besides the state: the look (theme) and the keys
//! (keymap), loaded once at start. Every pane draws with it.

use ratatui::style::Style;

use super::action::{Command, Scope};
use super::hits::Hits;
use super::keymap::Keymap;
use super::theme::Theme;

pub struct Ui {
    pub theme: Theme,
    pub keymap: Keymap,
    /// Whether the console takes the mouse.
    pub mouse: bool,
    /// What the last frame drew where, for the mouse.
    pub hits: Hits,
}

impl Ui {
    pub fn new(theme: Theme, keymap: Keymap, mouse: bool) -> Ui {
        Ui { theme, keymap, mouse, hits: Hits::default() }
    }

    pub fn style(&self, name: &str) -> Style {
        self.theme.style(name)
    }

    /// The first key for `command` in `scope`, for hints.
    pub fn key(&self, scope: Scope, command: Command) -> String {
        self.keymap.key_for(scope, command).unwrap_or_else(|| format!(":{}", command.id()))
    }
}
