//! Dialogs over the panes: help (generated from the keymap), the command
//! palette, the reason for access, a note, and the quit question.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::console::action::Scope;
use crate::console::keymap::Binding;
use crate::console::palette::COMMANDS;
use crate::console::render::Ui;
use crate::console::state::{Overlay, State};

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
            lines.push(Line::styled("↑↓ pick a recent reason · type your own · Enter opens · Esc cancels", ui.style("hint")));
            frame.render_widget(Paragraph::new(lines).block(dialog(ui, "Reason for access")).wrap(Wrap { trim: false }), rect);
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
            let mut lines: Vec<Line> = why.into_iter().map(Line::raw).collect();
            lines.push(Line::styled("y quits · any other key stays", ui.style("hint")));
            frame.render_widget(Paragraph::new(lines).block(dialog(ui, "Quit?")).wrap(Wrap { trim: false }), rect);
        }
    }
}

/// The keys of the current pane, then those that work everywhere; actions
/// the user's role may not perform are left out.
fn help(state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
    let scope = state.pane.scope();
    let roles = state.roles();
    let allowed = |binding: &Binding| match binding {
        Binding::Command(c) => c.info().writes.is_none_or(|kind| roles.may_write(kind)),
        Binding::Palette(_) => true,
    };
    let line = |binding: &Binding, keys: &[String]| {
        Line::from(vec![
            Span::styled(format!("{:>12}  ", keys.join(" ")), ui.style("key")),
            Span::raw(binding.describe()),
        ])
    };
    let pane: Vec<_> = ui.keymap.bindings(scope, true).into_iter().filter(|(b, _)| allowed(b)).collect();
    let pane_keys: Vec<&Binding> = pane.iter().map(|(b, _)| b).collect();
    let mut lines = vec![Line::styled(format!("{} ({} keys)", state.pane.title(), ui.keymap.name), ui.style("header"))];
    if pane.is_empty() {
        lines.push(Line::styled("  no keys of its own", ui.style("dim")));
    }
    lines.extend(pane.iter().map(|(b, k)| line(b, k)));
    lines.push(Line::raw(""));
    lines.push(Line::styled("Everywhere", ui.style("header")));
    let global = ui.keymap.bindings(scope, false);
    lines.extend(
        global
            .iter()
            .filter(|(b, _)| allowed(b) && !pane_keys.contains(&b))
            .filter(|(b, _)| ui.keymap.bindings(Scope::Global, true).iter().any(|(g, _)| g == b))
            .map(|(b, k)| line(b, k)),
    );
    lines.push(Line::raw(""));
    lines.push(Line::styled("Commands", ui.style("header")));
    lines.extend(COMMANDS.iter().map(|(c, doc)| Line::from(vec![Span::styled(format!("{:>20}  ", format!(":{c}")), ui.style("key")), Span::raw(*doc)])));
    let rect = centered(area, 76, area.height);
    let [rect] = Layout::vertical([Constraint::Min(1)]).areas(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(dialog(ui, "Keys (any key closes)")).wrap(Wrap { trim: false }),
        rect,
    );
}
