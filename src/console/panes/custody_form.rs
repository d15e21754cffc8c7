//! The board's custody forms (a review, a cell move, a visit at a level
//! that needs rousing) over the detainee board.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::{centered, dialog};
use crate::console::state::CustodyForm;
use crate::console::ui::Ui;

/// A custody form from the board: one line per input, the focused one
/// marked `▶`, the one a refusal names marked `✖`, the refusal in words.
pub fn render(form: &CustodyForm, ui: &Ui, frame: &mut Frame, area: Rect) {
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
