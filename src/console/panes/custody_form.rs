//! The board's custody forms (a booking in with the people on record it
//! may be, a visit, a review, rights, a charge, a release…) over the
//! detainee board.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::{centered, dialog};
use crate::console::state::CustodyForm;
use crate::console::ui::Ui;

/// A custody form from the board: one line per input, the focused one
/// marked `▶`, the one a refusal names marked `✖`, the refusal in words.
/// When the inputs do not all fit, those around the focused one show,
/// with how many more are above and below.
pub fn render(form: &CustodyForm, ui: &Ui, frame: &mut Frame, area: Rect) {
    let inner = 70;
    let rows_of = |lines: &[Line]| -> usize { lines.iter().map(|l| l.width().div_ceil(inner).max(1)).sum() };
    let mut head = vec![Line::styled(form.context.clone(), ui.style("dim")), Line::raw("")];
    // A new person who may be someone on record: the people to check.
    if !form.candidates.is_empty() {
        head.push(Line::styled("▲ Possible matches on record — is the detainee one of them?", ui.style("warning")));
        for (i, c) in form.candidates.iter().enumerate() {
            let born = c.date_of_birth.map(|d| format!("  born {d}")).unwrap_or_default();
            let why = if c.why.is_empty() { String::new() } else { format!("  ({})", c.why.join(", ")) };
            head.push(Line::raw(format!("  {}  {}{born}{why}", i + 1, c.name)));
        }
        head.push(Line::raw(""));
    }
    let mut foot = vec![Line::raw("")];
    if form.saving {
        foot.push(Line::raw("Saving…"));
    } else if let Some(error) = &form.error {
        foot.push(Line::styled(format!("✖ {error}"), ui.style("alert")));
    }
    foot.push(Line::styled("Tab next input · Enter records · Esc keeps it as a draft", ui.style("hint")));
    // The inputs that fit between the two, around the focused one.
    let room = usize::from(area.height.saturating_sub(2)).saturating_sub(rows_of(&head) + rows_of(&foot));
    let fields = inputs(form, ui);
    let total = fields.len();
    let mut lines = head;
    if rows_of(&fields) <= room {
        lines.extend(fields);
    } else {
        // A line each for what is above and below; a hint may take two.
        let shown = room.saturating_sub(3).max(1);
        let first = form.focus.saturating_sub(shown / 2).min(total.saturating_sub(shown));
        let last = (first + shown).min(total);
        if first > 0 {
            lines.push(Line::styled(format!("  ↑ {first} more"), ui.style("dim")));
        }
        lines.extend(fields.into_iter().skip(first).take(last - first));
        if last < total {
            lines.push(Line::styled(format!("  ↓ {} more", total - last), ui.style("dim")));
        }
    }
    lines.extend(foot);
    // As tall as the wrapped lines need, plus the border.
    let rows = rows_of(&lines);
    let rect = centered(area, inner as u16 + 2, rows as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(dialog(ui, &form.title)).wrap(Wrap { trim: false }), rect);
}

/// One line per input: its mark, label and what is typed in it.
fn inputs<'a>(form: &CustodyForm, ui: &Ui) -> Vec<Line<'a>> {
    let label_width = form.fields.iter().map(|f| f.label.chars().count()).max().unwrap_or(0);
    let mut lines = Vec::with_capacity(form.fields.len());
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let refused = form.error_field.as_deref() == Some(field.name);
        let mark = match (refused, focused) {
            (true, _) => Span::styled("✖ ", ui.style("alert")),
            (false, true) => Span::styled("▶ ", ui.style("key")),
            (false, false) => Span::raw("  "),
        };
        let label_style = if refused { ui.style("alert") } else { ui.style("header") };
        let mut spans = vec![
            mark,
            Span::styled(format!("{:<label_width$}  ", field.label), label_style),
            Span::styled(format!("{}{}", field.value, if focused { "▏" } else { "" }), ui.style("input")),
        ];
        // What the input takes, while it is empty and being typed in.
        if focused && field.value.is_empty() && !field.hint.is_empty() {
            spans.push(Span::styled(format!(" {}", field.hint), ui.style("hint")));
        }
        lines.push(Line::from(spans));
    }
    lines
}
