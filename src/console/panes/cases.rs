//! Case status: prosecution cases with their stage, charging decision,
//! next hearing and file due date; overdue files first and marked.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::{block, filter_line, flag_spans, mark, notice, ListTable};
use crate::console::format;
use crate::console::format::columns::Col;
use crate::console::state::State;
use crate::console::ui::Ui;
use crate::console::views::{self, FileDue};
use crate::domain::event::Event;
use crate::domain::link::EventRole;

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
    let table_rows: Vec<Vec<Line>> = rows
        .iter()
        .map(|(event, d)| {
            let due = views::file_due(d, state);
            let due_text = d.file_due.map(format::date).unwrap_or_else(|| "—".into());
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
                Some(h) => format!("{} {}", format::when(h.date, state.now), h.court),
                None => "none listed".into(),
            };
            let decision = d.charging_decision.map(|x| format::label(&x)).unwrap_or_else(|| "awaited".into());
            let mut cells = vec![
                Line::from(mark(state, &event.id)),
                Line::from(urn),
                defendants(state, event, ui),
                Line::from(offences.join(", ")),
                Line::from(format::label(&d.status)),
            ];
            if wide {
                cells.push(Line::from(decision));
            }
            cells.push(Line::from(hearing));
            cells.push(Line::from(due_cell));
            cells
        })
        .collect();
    let mut header = vec!["", "URN", "Defendants", "Offences", "Stage"];
    // The URN is never cut; the file's due date carries its year.
    let mut cols = vec![Col::Fixed(1), Col::Id, Col::Text { min: 10 }, Col::Text { min: 8 }, Col::Text { min: 8 }];
    if wide {
        header.push("Decision");
        cols.push(Col::Text { min: 8 });
    }
    header.extend(["Next hearing", "File due"]);
    cols.extend([Col::Text { min: 10 }, Col::Id]);
    ListTable { header, cols, rows: table_rows, ids: rows.iter().map(|(e, _)| e.id.clone()).collect() }.render(
        state,
        ui,
        &c.rows.list,
        frame,
        list,
    );
}

/// The case's summary, then each defendant the list says has flags, by
/// name with their flags (`⚑ WANTED` after a failure to appear).
fn defendants<'a>(state: &State, event: &Event, ui: &Ui) -> Line<'a> {
    let mut spans = vec![Span::raw(event.summary.clone())];
    for p in event.people.iter().filter(|p| p.role == EventRole::Defendant) {
        let Some(flags) = state.flags.get(&p.person_id).copied() else { continue };
        spans.push(Span::raw(" · "));
        if let Some(name) = state.names.get(&p.person_id).filter(|_| has_several(event)) {
            spans.push(Span::raw(format!("{name} ")));
        }
        spans.extend(flag_spans(flags, ui));
    }
    Line::from(spans)
}

/// Whether the case has more than one defendant (their flags then say whose).
fn has_several(event: &Event) -> bool {
    event.people.iter().filter(|p| p.role == EventRole::Defendant).count() > 1
}
