//! Case status: prosecution cases with their stage, charging decision,
//! next hearing and file due date; overdue files first and marked.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};
use ratatui::Frame;

use super::{block, filter_line, mark, notice, ListTable};
use crate::console::format;
use crate::console::state::State;
use crate::console::ui::Ui;
use crate::console::views::{self, FileDue};

pub fn render(state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
    let c = &state.cases;
    let outer = block(state, ui, "Case status");
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let [filters, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    let rows = views::case_rows(state);
    let parts = vec![
        ("Status", c.status.map(|s| format::label(&s)).unwrap_or_else(|| "all".into())),
        ("Officer", c.officer.clone().unwrap_or_else(|| "all".into())),
    ];
    let overdue = rows.iter().filter(|(_, d)| views::file_due(d, state) == FileDue::Overdue).count();
    let mut count = if overdue > 0 {
        format!("{} cases, {overdue} file(s) overdue", rows.len())
    } else {
        format!("{} cases", rows.len())
    };
    if c.rows.partial {
        count.push_str(&format!(" (of the newest {} open; more are open)", c.rows.items.len()));
    }
    frame.render_widget(Paragraph::new(filter_line(ui, parts, &c.rows.list, count)), filters);
    if let Some(error) = &c.rows.error {
        notice(frame, list, vec![Line::styled(format!("✖ Could not load cases: {error}"), ui.style("alert"))]);
        return;
    }
    if rows.is_empty() {
        let text = if c.rows.loading || !c.rows.loaded { "Loading…" } else { "No cases match." };
        notice(frame, list, vec![Line::raw(text)]);
        return;
    }
    let wide = area.width >= 110;
    let table_rows: Vec<Row> = rows
        .iter()
        .map(|(event, d)| {
            let due = views::file_due(d, state);
            let due_text = d.file_due.map(|f| f.format("%d/%m").to_string()).unwrap_or_else(|| "—".into());
            let due_cell = match due {
                FileDue::Overdue => Span::styled(format!("✖ {due_text}"), ui.style("alert")),
                FileDue::Soon => Span::styled(format!("▲ {due_text}"), ui.style("warning")),
                _ => Span::raw(format!("  {due_text}")),
            };
            let urn = if due == FileDue::Overdue {
                Span::styled(event.reference.clone(), ui.style("alert"))
            } else {
                Span::raw(event.reference.clone())
            };
            let offences: Vec<&str> = d.charges.iter().map(|c| c.offence.as_str()).collect();
            let hearing = match d.next_hearing(state.now) {
                Some(h) => format!("{} {}", format::day_time(h.date).split(' ').next().unwrap_or(""), h.court),
                None => "none listed".into(),
            };
            let decision = d.charging_decision.map(|x| format::label(&x)).unwrap_or_else(|| "awaited".into());
            let mut cells = vec![
                Cell::from(mark(state, &event.id)),
                Cell::from(urn),
                Cell::from(event.summary.clone()),
                Cell::from(offences.join(", ")),
                Cell::from(format::label(&d.status)),
            ];
            if wide {
                cells.push(Cell::from(decision));
            }
            cells.push(Cell::from(hearing));
            cells.push(Cell::from(due_cell));
            Row::new(cells)
        })
        .collect();
    let mut header = vec!["", "URN", "Defendants", "Offences", "Stage"];
    let mut widths = vec![
        Constraint::Length(1),
        Constraint::Length(11),
        Constraint::Min(10),
        Constraint::Length(12),
        Constraint::Length(12),
    ];
    if wide {
        header.push("Decision");
        widths.push(Constraint::Length(18));
    }
    header.extend(["Next hearing", "File due"]);
    widths.extend([Constraint::Length(if wide { 28 } else { 14 }), Constraint::Length(8)]);
    ListTable { header, widths, rows: table_rows, ids: rows.iter().map(|(e, _)| e.id.clone()).collect() }.render(
        state,
        ui,
        &c.rows.list,
        frame,
        list,
    );
}
