//! Help (`?`), generated from the keymap in force: the keys of the pane on
//! screen, then those that work everywhere, in two columns, then the
//! palette's commands. A description too long for its column wraps under
//! itself rather than being cut, and help taller than the screen is shown
//! a page at a time (↓ and ↑ turn the page), so every key can be read at
//! 80×24.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

use super::{centered, dialog};
use crate::console::action::Scope;
use crate::console::keymap::Binding;
use crate::console::record::wrap;
use crate::console::state::State;
use crate::console::ui::Ui;
use crate::console::update::registry;

/// The widest help drawn; narrower screens get narrower help.
const WIDTH: u16 = 78;

/// Help for the pane under it, by its keymap table and title; actions the
/// user's role may not perform are left out.
pub fn render(state: &State, ui: &Ui, frame: &mut Frame, area: Rect, scope: Scope, title: &str) {
    let lines = lines(state, ui, scope, title, usize::from(WIDTH.min(area.width).saturating_sub(2)));
    let room = usize::from(area.height.saturating_sub(2)).max(1);
    let pages = lines.len().div_ceil(room).max(1);
    let page = usize::try_from(state.help_page.rem_euclid(pages as isize)).unwrap_or(0);
    let title = match pages {
        1 => "Keys (any key closes)".to_string(),
        _ => format!("Keys · page {} of {pages} (↓ next, ↑ back, any other key closes)", page + 1),
    };
    let shown: Vec<Line> = lines.into_iter().skip(page * room).take(room).collect();
    let height = (shown.len() as u16 + 2).min(area.height);
    let rect = centered(area, WIDTH, height);
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(shown).block(dialog(ui, &title)), rect);
}

/// Every line of help for a dialog `width` wide inside its border.
fn lines(state: &State, ui: &Ui, scope: Scope, pane_title: &str, width: usize) -> Vec<Line<'static>> {
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

    let column = width / 2;
    // The key column is as wide as the longest key list needs, within reason.
    let key_width =
        pane.iter().chain(&everywhere).map(|(_, keys)| keys.join(" ").chars().count()).max().unwrap_or(1).clamp(1, 14);
    let doc_width = column.saturating_sub(key_width + 2).max(1);
    // One entry: its keys, then its description over as many lines as it needs.
    let entry = |binding: &Binding, keys: &[String]| -> Vec<Vec<Span<'static>>> {
        let mut keys = keys.join(" ");
        if keys.chars().count() > key_width {
            keys = keys.chars().take(key_width - 1).collect::<String>() + "…";
        }
        let doc = wrap(&ui.keymap.describe(binding), doc_width.saturating_sub(1).max(1));
        doc.into_iter()
            .enumerate()
            .map(|(i, text)| {
                let keys = if i == 0 { keys.as_str() } else { "" };
                vec![
                    Span::styled(format!("{keys:>key_width$}  "), ui.style("key")),
                    Span::raw(format!("{text:<doc_width$}")),
                ]
            })
            .collect()
    };
    let two_columns = |entries: &[(Binding, Vec<String>)]| -> Vec<Line<'static>> {
        let half = entries.len().div_ceil(2);
        let mut out = Vec::new();
        for i in 0..half {
            let left = entry(&entries[i].0, &entries[i].1);
            let right = entries.get(i + half).map(|(b, k)| entry(b, k)).unwrap_or_default();
            for row in 0..left.len().max(right.len()) {
                let mut spans =
                    left.get(row).cloned().unwrap_or_else(|| vec![Span::raw(" ".repeat(key_width + 2 + doc_width))]);
                spans.extend(right.get(row).cloned().unwrap_or_default());
                out.push(Line::from(spans));
            }
        }
        out
    };
    let title = format!("{pane_title} — keys in force: {}", ui.keymap.in_force());
    let mut lines: Vec<Line<'static>> =
        wrap(&title, width).into_iter().map(|t| Line::styled(t, ui.style("header"))).collect();
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
    // As many names a line as fit.
    let mut line = String::new();
    for name in names {
        if !line.is_empty() && line.chars().count() + 2 + name.chars().count() > width {
            lines.push(Line::raw(std::mem::take(&mut line)));
        }
        if !line.is_empty() {
            line.push_str("  ");
        }
        line.push_str(&name);
    }
    lines.push(Line::raw(line));
    lines
}
