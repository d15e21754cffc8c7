//! Dialogs over the panes: help (generated from the keymap), the command
//! palette, the reason for access, a note, a custody form, and the quit
//! question.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::console::action::Scope;
use crate::console::keymap::Binding;
use crate::console::palette::COMMANDS;
use crate::console::state::{CustodyForm, Overlay, State};
use crate::console::ui::Ui;

/// A rectangle of at most `width`×`height`, centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height }
}

fn dialog<'a>(ui: &Ui, title: &str) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(ui.style("border.focus"))
        .title(Span::styled(format!(" {title} "), ui.style("title")))
        .style(ui.style("base"))
}

pub fn render(state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
    match &state.overlay {
        Overlay::None => {}
        Overlay::Help => help(state, ui, frame, area),
        Overlay::Decide(prompt) => super::review::decision(prompt, ui, frame, area),
        Overlay::Palette { input, error } => {
            let height = if error.is_some() { 4 } else { 3 };
            let rect = Rect { y: area.bottom().saturating_sub(height), height, ..area };
            frame.render_widget(Clear, rect);
            let mut lines = vec![Line::from(vec![
                Span::styled(":", ui.style("key")),
                Span::styled(format!("{input}▏"), ui.style("input")),
            ])];
            if let Some(error) = error {
                lines.push(Line::styled(format!("✖ {error}"), ui.style("alert")));
            }
            let block = dialog(ui, "Command (Enter runs, Esc closes)");
            frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), rect);
        }
        Overlay::Reason(prompt) => {
            let rows = state.recent_reasons.len().min(8) as u16;
            let rect = centered(area, 70, 8 + rows);
            frame.render_widget(Clear, rect);
            let mut lines = vec![
                Line::raw(format!("Why are you opening the record of {}?", prompt.name)),
                Line::styled("Every access is recorded with its reason.", ui.style("dim")),
                Line::raw(""),
            ];
            for (i, reason) in state.recent_reasons.iter().take(8).enumerate() {
                let picked = prompt.pick == Some(i);
                let style = if picked { ui.style("selected") } else { Default::default() };
                lines.push(Line::styled(format!("{} {reason}", if picked { "▶" } else { " " }), style));
            }
            let typing = prompt.pick.is_none();
            lines.push(Line::from(vec![
                Span::styled(if typing { "▶ " } else { "  " }, ui.style("key")),
                Span::styled(format!("{}{}", prompt.input, if typing { "▏" } else { "" }), ui.style("input")),
            ]));
            lines.push(Line::styled(
                "↑↓ pick a recent reason · type your own · Enter opens · Esc cancels",
                ui.style("hint"),
            ));
            frame.render_widget(
                Paragraph::new(lines).block(dialog(ui, "Reason for access")).wrap(Wrap { trim: false }),
                rect,
            );
        }
        Overlay::Note(note) => {
            let rect = centered(area, 70, 9);
            frame.render_widget(Clear, rect);
            let mut lines = vec![Line::styled(format!("{}▏", note.text), ui.style("input")), Line::raw("")];
            if note.saving {
                lines.push(Line::raw("Saving…"));
            } else if let Some(error) = &note.error {
                lines.push(Line::styled(format!("✖ {error}"), ui.style("alert")));
            }
            lines.push(Line::styled("Enter sends · Esc keeps it as a draft", ui.style("hint")));
            frame.render_widget(Paragraph::new(lines).block(dialog(ui, &note.title)).wrap(Wrap { trim: false }), rect);
        }
        Overlay::Custody(form) => custody_form(form, ui, frame, area),
        // ---- warrant queue work ----
        Overlay::WarrantForm(form) => super::warrant_form::render(form, ui, frame, area),
        // ---- end of warrant queue work ----
        Overlay::ConfirmQuit => {
            let rect = centered(area, 60, 6);
            frame.render_widget(Clear, rect);
            let mut why = Vec::new();
            if state.writes_in_flight > 0 {
                why.push(format!("{} change(s) are still being saved.", state.writes_in_flight));
            }
            if state.warrants.draft.is_some() {
                why.push("An unsent note would be lost.".to_string());
            }
            if state.board.draft.is_some() || matches!(state.overlay, Overlay::Custody(_)) {
                why.push("An unsent custody form would be lost.".to_string());
            }
            if state.warrants.form_draft.as_ref().is_some_and(|f| f.touched) {
                why.push("An unsent warrant form would be lost.".to_string());
            }
            let mut lines: Vec<Line> = why.into_iter().map(Line::raw).collect();
            lines.push(Line::styled("y quits · any other key stays", ui.style("hint")));
            frame.render_widget(Paragraph::new(lines).block(dialog(ui, "Quit?")).wrap(Wrap { trim: false }), rect);
        }
    }
}

/// A custody form from the board: one line per input, the focused one
/// marked `▶`, the one a refusal names marked `✖`, the refusal in words.
fn custody_form(form: &CustodyForm, ui: &Ui, frame: &mut Frame, area: Rect) {
    let label_width = form.fields.iter().map(|f| f.label.chars().count()).max().unwrap_or(0);
    let mut lines = vec![Line::styled(form.context.clone(), ui.style("dim")), Line::raw("")];
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let refused = form.error_field.as_deref() == Some(field.name);
        let mark = match (refused, focused) {
            (true, _) => Span::styled("✖ ", ui.style("alert")),
            (false, true) => Span::styled("▶ ", ui.style("key")),
            (false, false) => Span::raw("  "),
        };
        let label_style = if refused { ui.style("alert") } else { ui.style("header") };
        lines.push(Line::from(vec![
            mark,
            Span::styled(format!("{:<label_width$}  ", field.label), label_style),
            Span::styled(format!("{}{}", field.value, if focused { "▏" } else { "" }), ui.style("input")),
        ]));
    }
    lines.push(Line::raw(""));
    if form.saving {
        lines.push(Line::raw("Saving…"));
    } else if let Some(error) = &form.error {
        lines.push(Line::styled(format!("✖ {error}"), ui.style("alert")));
    }
    lines.push(Line::styled("Tab next input · Enter records · Esc keeps it as a draft", ui.style("hint")));
    // As tall as the wrapped lines need, plus the border.
    let inner = 70;
    let rows: usize = lines.iter().map(|l| l.width().div_ceil(inner).max(1)).sum();
    let rect = centered(area, inner as u16 + 2, rows as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(dialog(ui, &form.title)).wrap(Wrap { trim: false }), rect);
}

/// The keys of the current pane, then those that work everywhere, in two
/// columns; actions the user's role may not perform are left out.
fn help(state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
    let scope = state.pane.scope();
    let roles = state.roles();
    let allowed = |binding: &Binding| match binding {
        Binding::Command(c) => c.info().writes.is_none_or(|kind| roles.may_write(kind)),
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
        let doc: String = binding.describe().chars().take(doc_width.saturating_sub(1)).collect();
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
    let mut lines = vec![Line::styled(format!("{} ({} keys)", state.pane.title(), ui.keymap.name), ui.style("header"))];
    if pane.is_empty() {
        lines.push(Line::styled("  no keys of its own", ui.style("dim")));
    }
    lines.extend(two_columns(&pane));
    lines.push(Line::styled("Everywhere", ui.style("header")));
    lines.extend(two_columns(&everywhere));
    lines.push(Line::styled("Commands", ui.style("header")));
    let names: Vec<String> =
        COMMANDS.iter().map(|(c, _)| format!(":{}", c.split_whitespace().next().unwrap_or(c))).collect();
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
