//! Warrant queue: outstanding warrants by priority, then age, with the
//! person, offence, court, allocation and last attempt.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};
use ratatui::Frame;

use super::{block, filter_line, mark, notice, ListTable};
use crate::console::format;
use crate::console::render::Ui;
use crate::console::state::{Allocation, State};
use crate::console::views::{self, WarrantPriority};
use crate::domain::event::WarrantKind;

pub fn kind_label(kind: WarrantKind) -> &'static str {
    match kind {
        WarrantKind::ArrestWithBail => "arrest+bail",
        WarrantKind::ArrestWithoutBail => "arrest",
        WarrantKind::Bench => "bench",
        WarrantKind::Breach => "breach",
        WarrantKind::Commitment => "commitment",
        WarrantKind::Search => "search",
    }
}

/// The summary without a leading "Bench warrant: " — the kind column says
/// it already, and the person's name comes next.
fn person_text(summary: &str) -> String {
    match summary.split_once(": ") {
        Some((head, rest)) if head.to_lowercase().contains("warrant") => rest.to_string(),
        _ => summary.to_string(),
    }
}

pub fn render(state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
    let w = &state.warrants;
    let outer = block(state, ui, "Warrant queue");
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let [filters, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    let rows = views::warrant_rows(state);
    let allocation = match w.allocation {
        Allocation::All => "all",
        Allocation::Allocated => "allocated",
        Allocation::Unallocated => "unallocated",
    };
    let parts = vec![
        ("Kind", w.kind.map(kind_label).unwrap_or("all").to_string()),
        ("Borough", w.borough.clone().unwrap_or_else(|| "all".into())),
        ("Allocation", allocation.to_string()),
    ];
    let mut line = filter_line(ui, parts, &w.rows.list, format!("{} outstanding", rows.len()));
    if w.draft.is_some() {
        line.spans.push(Span::styled("  ✎ unsent note", ui.style("warning")));
    }
    frame.render_widget(Paragraph::new(line), filters);
    if let Some(error) = &w.rows.error {
        notice(frame, list, vec![Line::styled(format!("✖ Could not load warrants: {error}"), ui.style("alert"))]);
        return;
    }
    if rows.is_empty() {
        let text = if w.rows.loading || !w.rows.loaded { "Loading…" } else { "No outstanding warrants match." };
        notice(frame, list, vec![Line::raw(text)]);
        return;
    }
    let wide = area.width >= 110;
    let table_rows: Vec<Row> = rows
        .iter()
        .map(|(event, d)| {
            let priority = views::warrant_priority(d);
            let priority_cell = match priority {
                WarrantPriority::High => Span::styled("HIGH", ui.style("alert")),
                WarrantPriority::Medium => Span::styled("MED", ui.style("warning")),
                WarrantPriority::Low => Span::styled("low", ui.style("dim")),
            };
            let last = d.attempts.iter().max_by_key(|a| a.at);
            let last_text = match last {
                Some(a) if wide => format!("{} {}", format::relative(a.at, state.now), a.by),
                Some(a) => format::relative(a.at, state.now),
                None => "none".to_string(),
            };
            let officer = d.allocated_to.clone().unwrap_or_else(|| "—".into());
            let mut cells = vec![
                Cell::from(mark(state, &event.id)),
                Cell::from(priority_cell),
                Cell::from(kind_label(d.warrant_kind)),
                Cell::from(person_text(&event.summary)),
                Cell::from(d.offence.clone()),
            ];
            if wide {
                cells.push(Cell::from(d.issuing_court.clone()));
            }
            cells.push(Cell::from(d.issued_on.format("%d/%m/%y").to_string()));
            cells.push(Cell::from(officer));
            cells.push(Cell::from(last_text));
            Row::new(cells)
        })
        .collect();
    let mut header = vec!["", "Pri", "Kind", "Person", "Offence"];
    let mut widths = vec![
        Constraint::Length(1),
        Constraint::Length(4),
        Constraint::Length(11),
        Constraint::Min(12),
        Constraint::Length(14),
    ];
    if wide {
        header.push("Court");
        widths.push(Constraint::Length(30));
    }
    header.extend(["Issued", "Officer", if wide { "Last attempt" } else { "Attempt" }]);
    widths.extend([Constraint::Length(8), Constraint::Length(9), Constraint::Length(if wide { 18 } else { 9 })]);
    ListTable { header, widths, rows: table_rows, ids: rows.iter().map(|(e, _)| e.id.clone()).collect() }.render(
        state,
        ui,
        &w.rows.list,
        frame,
        list,
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_kind_prefix_is_left_to_the_kind_column() {
        assert_eq!(super::person_text("Bench warrant: Ann Lee - Failed to appear"), "Ann Lee - Failed to appear");
        assert_eq!(super::person_text("Ann LEE"), "Ann LEE");
        assert_eq!(super::person_text("Ann Lee: theft"), "Ann Lee: theft");
    }
}
