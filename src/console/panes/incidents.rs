//! The incident log: open crime reports, newest first.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Row};
use ratatui::Frame;

use super::{block, filter_line, mark, notice, ListTable};
use crate::console::format;
use crate::console::state::incidents::Incidents;
use crate::console::state::State;
use crate::console::ui::Ui;
use crate::domain::event::Event;

/// The reports it shows, newest first, narrowed by the typed filter.
pub fn rows(incidents: &Incidents) -> Vec<&Event> {
    let filter = incidents.rows.list.filter.to_lowercase();
    let mut rows: Vec<&Event> =
        incidents.rows.items.iter().filter(|e| e.summary.to_lowercase().contains(&filter)).collect();
    rows.sort_by_key(|e| std::cmp::Reverse(e.occurred_at));
    rows
}

pub fn render(state: &State, incidents: &Incidents, ui: &Ui, frame: &mut Frame, area: Rect) {
    let outer = block(state, ui, "Incident log");
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let [filters, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    let shown = rows(incidents);
    let count = format!("{} open", shown.len());
    frame.render_widget(Paragraph::new(filter_line(ui, Vec::new(), &incidents.rows.list, count)), filters);
    if shown.is_empty() {
        let text = if incidents.rows.loaded { "No open incidents." } else { "Loading…" };
        notice(frame, list, vec![Line::raw(text)]);
        return;
    }
    let table = ListTable {
        header: vec!["", "Reference", "Occurred", "Summary"],
        widths: vec![Constraint::Length(1), Constraint::Length(12), Constraint::Length(16), Constraint::Min(10)],
        rows: shown
            .iter()
            .map(|e| {
                Row::new(vec![
                    mark(state, &e.id).to_string(),
                    e.reference.clone(),
                    format::time(e.occurred_at),
                    e.summary.clone(),
                ])
            })
            .collect(),
        ids: shown.iter().map(|e| e.id.clone()).collect(),
    };
    table.render(state, ui, &incidents.rows.list, frame, list);
}
