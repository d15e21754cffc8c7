//! The dialogs that belong to no pane: help (generated from the keymap),
//! the command palette, and the quit question. A pane's own dialogs (a
//! form, a note, a reason asked) are drawn with the pane.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::{centered, dialog};
use crate::console::action::Scope;
use crate::console::keymap::Binding;
use crate::console::state::{Overlay, State};
use crate::console::ui::Ui;
use crate::console::update::registry;

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
        Overlay::Help => help(state, ui, frame, area, under),
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

/// The keys of the current pane, then those that work everywhere, in two
/// columns; actions the user's role may not perform are left out.
fn help(state: &State, ui: &Ui, frame: &mut Frame, area: Rect, under: &Under) {
    let scope = under.scope;
    let roles = state.roles();
    let allowed = |binding: &Binding| match binding {
        Binding::Command(c) => ui.keymap.writes(*c).is_none_or(|kind| roles.may_write(kind)),
        Binding::Palette(_) => true,
    };
    let pane: Vec<(Binding, Vec<String>)> =
        ui.keymap.bindings(scope, true).into_iter().filter(|(b, _)| allowed(b)).collect();
    let global_table = ui.keymap.bindings(Scope::Global, true);
    let everywhere: Vec<(Binding, Vec<String>)> = ui
        .keymap
        .bindings(scope, false)
        .into_iter()
        .filter(|(b, _)| allowed(b) && !pane.iter().any(|(p, _)| p == b))
        .filter(|(b, _)| global_table.iter().any(|(g, _)| g == b))
        .collect();

    let rect = centered(area, 78, area.height);
    let inner_width = usize::from(rect.width.saturating_sub(2));
    let column = inner_width / 2;
    // The key column is as wide as the longest key list needs, within reason.
    let key_width =
        pane.iter().chain(&everywhere).map(|(_, keys)| keys.join(" ").chars().count()).max().unwrap_or(1).clamp(1, 14);
    let entry = |binding: &Binding, keys: &[String]| -> Vec<Span<'static>> {
        let mut keys = keys.join(" ");
        if keys.chars().count() > key_width {
            keys = keys.chars().take(key_width - 1).collect::<String>() + "…";
        }
        let doc_width = column.saturating_sub(key_width + 2);
        let doc: String = ui.keymap.describe(binding).chars().take(doc_width.saturating_sub(1)).collect();
        vec![Span::styled(format!("{keys:>key_width$}  "), ui.style("key")), Span::raw(format!("{doc:<doc_width$}"))]
    };
    let two_columns = |entries: &[(Binding, Vec<String>)]| -> Vec<Line<'static>> {
        let half = entries.len().div_ceil(2);
        (0..half)
            .map(|i| {
                let mut spans = entry(&entries[i].0, &entries[i].1);
                if let Some((b, k)) = entries.get(i + half) {
                    spans.extend(entry(b, k));
                }
                Line::from(spans)
            })
            .collect()
    };
    let title = format!("{} — keys in force: {}", under.title, ui.keymap.in_force());
    let mut lines = vec![Line::styled(title, ui.style("header"))];
    if pane.is_empty() {
        lines.push(Line::styled("  no keys of its own", ui.style("dim")));
    }
    lines.extend(two_columns(&pane));
    lines.push(Line::styled("Everywhere", ui.style("header")));
    lines.extend(two_columns(&everywhere));
    lines.push(Line::styled("Commands", ui.style("header")));
    let names: Vec<String> = registry::palette_commands()
        .iter()
        .map(|(c, _)| format!(":{}", c.split_whitespace().next().unwrap_or(c)))
        .collect();
    // As many names a line as fit, so none is cut off the bottom.
    let mut line = String::new();
    for name in names {
        if !line.is_empty() && line.chars().count() + 2 + name.chars().count() > inner_width {
            lines.push(Line::raw(std::mem::take(&mut line)));
        }
        if !line.is_empty() {
            line.push_str("  ");
        }
        line.push_str(&name);
    }
    lines.push(Line::raw(line));
    let height = (lines.len() as u16 + 2).min(area.height);
    let rect = centered(area, 78, height);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(dialog(ui, "Keys (any key closes)")).wrap(Wrap { trim: false }),
        rect,
    );
}
