//! The dialogs that belong to no pane: help (generated from the keymap,
//! `help.rs`), the command palette, and the quit question. A pane's own dialogs (a
//! form, a note, a reason asked) are drawn with the pane.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::{centered, dialog};
use crate::console::action::Scope;
use crate::console::state::{Overlay, State};
use crate::console::ui::Ui;

/// What the dialogs need to know of the pane under them.
pub struct Under {
    /// Its keymap table and title, for help.
    pub scope: Scope,
    pub title: &'static str,
    /// What quitting now would lose, for the quit question.
    pub unsaved: Vec<String>,
}

/// Draws the dialog that is open, unless it is a pane's own (each pane
/// draws those).
pub fn render(state: &State, ui: &Ui, frame: &mut Frame, area: Rect, under: &Under) {
    match &state.overlay {
        Overlay::Help => super::help::render(state, ui, frame, area, under.scope, under.title),
        Overlay::Palette { input, error } => {
            let mut lines = vec![Line::from(vec![
                Span::styled(":", ui.style("key")),
                Span::styled(format!("{input}▏"), ui.style("input")),
            ])];
            let choices = &state.palette.choices;
            if !choices.is_empty() {
                // One line of them: type more to narrow the rest.
                let shown: Vec<&str> = choices.iter().take(8).map(String::as_str).collect();
                let more = choices.len() - shown.len();
                let more = if more > 0 { format!(" · … {more} more") } else { String::new() };
                lines.push(Line::styled(format!("⇥ {}{more}", shown.join(" · ")), ui.style("hint")));
            }
            if let Some(error) = error {
                lines.push(Line::styled(format!("✖ {error}"), ui.style("alert")));
            }
            let height = lines.len() as u16 + 2;
            let rect = Rect { y: area.bottom().saturating_sub(height), height, ..area };
            frame.render_widget(Clear, rect);
            let block = dialog(ui, "Command (Tab completes, ↑↓ earlier lines, Enter runs, Esc closes)");
            frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), rect);
        }
        Overlay::Picker(picker) => super::picker::render(picker, ui, frame, area),
        Overlay::ConfirmQuit => {
            let rect = centered(area, 60, 6);
            frame.render_widget(Clear, rect);
            let mut lines: Vec<Line> = under.unsaved.iter().cloned().map(Line::raw).collect();
            lines.push(Line::styled("y quits · any other key stays", ui.style("hint")));
            frame.render_widget(Paragraph::new(lines).block(dialog(ui, "Quit?")).wrap(Wrap { trim: false }), rect);
        }
        _ => {}
    }
}
