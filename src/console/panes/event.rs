//! One record, opened from a list or a timeline: the sections `record`
//! lays out, drawn from the scroll position, which stops at the last line.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::block;
use crate::console::record::{self, Tone, ViewLine, LABEL_WIDTH};
use crate::console::state::State;
use crate::console::ui::Ui;

pub fn render(state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
    let Some(view) = &state.event else { return };
    let event = &view.event;
    let kind = crate::domain::wording::sentence(event.kind.as_str());
    let title = format!("{kind} {} (version {})", event.reference, event.version);
    let outer = block(state, ui, title);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let lines = record::lines(state, view, usize::from(inner.width));
    let height = usize::from(inner.height);
    let from = record::clamp_scroll(usize::from(view.scroll), lines.len(), height);
    let shown: Vec<Line> = lines.iter().skip(from).take(height).map(|l| styled(l, ui)).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

fn styled<'a>(line: &ViewLine, ui: &Ui) -> Line<'a> {
    let style = match line.tone {
        Tone::Plain => ui.style("base"),
        Tone::Section => ui.style("title"),
        Tone::Alert => ui.style("alert"),
        Tone::Warning => ui.style("warning"),
        Tone::Dim => ui.style("dim"),
        Tone::Chosen => ui.style("selected"),
    };
    let Some(label) = &line.label else {
        return Line::from(Span::styled(line.value.clone(), style));
    };
    Line::from(vec![
        Span::styled(format!("{label:<LABEL_WIDTH$}"), ui.style("header")),
        Span::styled(line.value.clone(), style),
    ])
}
