//! A filter's picker: what is typed, "all" first, then the values left,
//! the highlighted one marked with a symbol as well as a colour, and the
//! one in force marked too.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

use super::{centered, dialog};
use crate::console::state::Picker;
use crate::console::ui::Ui;

/// Lines around the values: what is typed, "all", and the hint.
const FIXED_LINES: u16 = 3;

pub fn render(picker: &Picker, ui: &Ui, frame: &mut Frame, area: Rect) {
    let shown = picker.shown();
    let want = u16::try_from(shown.len()).unwrap_or(u16::MAX).saturating_add(FIXED_LINES + 2);
    let rect = centered(area, 56, want.clamp(FIXED_LINES + 3, area.height.max(1)));
    let room = usize::from(rect.height.saturating_sub(FIXED_LINES + 2)).max(1);
    // The window of values keeps the highlighted one in view.
    let first = picker.index.saturating_sub(room).min(shown.len().saturating_sub(room));
    let line = |index: usize, text: String, current: bool| {
        let lit = picker.index == index;
        let mark = if lit { "▶ " } else { "  " };
        let tail = if current { " ●" } else { "" };
        let style = if lit { ui.style("selected") } else { ui.style("base") };
        Line::from(vec![Span::styled(format!("{mark}{text}{tail}"), style)])
    };
    let mut lines = vec![Line::from(vec![
        Span::styled("Type to narrow: ", ui.style("dim")),
        Span::styled(format!("{}▏", picker.typed), ui.style("input")),
    ])];
    lines.push(line(0, picker.all.to_string(), picker.current.is_none()));
    for (i, value) in shown.iter().enumerate().skip(first).take(room) {
        lines.push(line(i + 1, value.to_string(), picker.current.as_deref() == Some(value)));
    }
    if shown.is_empty() {
        lines.push(Line::styled(format!("  nothing matches '{}'", picker.typed), ui.style("dim")));
    }
    let more = shown.len().saturating_sub(first + room);
    let hint = if more > 0 { format!("{more} more · ") } else { String::new() };
    lines.push(Line::styled(format!("{hint}Enter chooses · Delete clears · Esc keeps"), ui.style("hint")));
    frame.render_widget(Clear, rect);
    let title = format!("Filter: {}", picker.title);
    frame.render_widget(Paragraph::new(lines).block(dialog(ui, &title)), rect);
}
