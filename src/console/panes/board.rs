//! Detainee board: one custody suite or all, each detention's PACE clock
//! ticking, reviews and visits due. Due soon is amber with `▲`, overdue is
//! the alarm style with `✖`, so it reads without colour too.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::{block, due_cell, filter_line, flag_spans, mark, notice, ListTable};
use crate::console::custody_view::{status_at, urgencies, Urgency};
use crate::console::format;
use crate::console::format::columns::Col;
use crate::console::state::State;
use crate::console::ui::Ui;
use crate::console::views;
use crate::domain::link::EventRole;
use crate::domain::person::Flags;

pub fn render(state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
    let board = &state.board;
    let suite = match &board.suite {
        Some(id) => views::suite_name(state, id).to_string(),
        None => "all suites".to_string(),
    };
    let outer = block(state, ui, format!("Custody — {suite}"));
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let [filters, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);

    let rows = views::board_rows(state);
    let count = format!("{} detained", rows.len());
    frame.render_widget(
        Paragraph::new(filter_line(ui, vec![("Suite", format!("{suite} (←/→)"))], &board.rows.list, count)),
        filters,
    );
    if let Some(error) = &board.rows.error {
        notice(frame, list, vec![Line::styled(format!("✖ Could not load the board: {error}"), ui.style("alert"))]);
        return;
    }
    if rows.is_empty() {
        let text = if board.rows.loading || !board.rows.loaded { "Loading…" } else { "No one in custody here." };
        notice(frame, list, vec![Line::raw(text)]);
        return;
    }
    let now = state.now;
    let wide = area.width >= 110;
    let table_rows: Vec<Vec<Line>> = rows
        .iter()
        .map(|(event, d)| {
            let status = status_at(d, now);
            let read = urgencies(&status);
            let (clock, review, visit) = (read.clock, read.review, read.visit);
            let person = event
                .people
                .iter()
                .find(|p| p.role == EventRole::Detainee)
                .or(event.people.first())
                .and_then(|p| state.people.get(&p.person_id));
            let markers = person.map(|b| b.markers.join(" ")).unwrap_or_default();
            // Everyone on the board is in custody: the other flags say more.
            let flags = person.map(|b| Flags { in_custody: false, ..b.flags }).unwrap_or_default();
            let mut marker_cell = vec![Span::styled(markers, ui.style("marker"))];
            let flag_spans = flag_spans(flags, ui);
            if !flag_spans.is_empty() {
                marker_cell.push(Span::raw(" "));
                marker_cell.extend(flag_spans);
            }
            // The person's name; a record whose detainee is not known yet shows its summary.
            let name =
                person.map(|b| b.name.clone()).filter(|n| !n.is_empty()).unwrap_or_else(|| event.summary.clone());
            let visit_text = match status.next_visit_due {
                Some(due) => due_cell(format::due(due, now), visit, ui),
                None => Span::raw("  constant"),
            };
            let (word, worst) = worst(clock, review, visit);
            let status_cell = match (read.other, worst) {
                (Some(alarm), _) => Span::styled(format!("✖ {alarm}"), ui.style("alert")),
                (None, Urgency::Fine) => Span::styled("ok", ui.style("ok")),
                (None, Urgency::DueSoon) => Span::styled(format!("▲ {word}"), ui.style("warning")),
                (None, Urgency::Overdue) => Span::styled(format!("✖ {}", word.to_uppercase()), ui.style("alert")),
            };
            let mut cells = vec![
                Line::from(mark(state, &event.id)),
                Line::from(cell_label(state, d)),
                Line::from(name),
                Line::from(marker_cell),
                Line::from(match status.remaining {
                    Some(left) => due_cell(format::clock(left), clock, ui),
                    None if status.charged => Span::raw("  charged"),
                    None => Span::raw("  stopped"),
                }),
                Line::from(match status.next_review_due {
                    Some(at) => due_cell(format::due(at, now), review, ui),
                    None => Span::raw("  —"),
                }),
                Line::from(format!("L{}", d.observation_level)),
                Line::from(visit_text),
                Line::from(status_cell),
            ];
            if wide {
                // Detention spent before bail counts on the clock: say so beside its start.
                let started = format::when(d.relevant_time, now);
                cells.push(Line::from(match &d.carried {
                    Some(c) => format!("{started}, {}", c.label()),
                    None => started,
                }));
                cells.push(Line::from(d.offences.join(", ")));
            }
            cells
        })
        .collect();
    let mut header = vec!["", "Cell", "Detainee", "Marker", "PACE clock", "Review", "Obs", "Visit", "Status"];
    // The cell (with the suite's code when every suite is shown) is an
    // identifier; due times say how long ("in 45m", "overdue 7h 25m").
    let mut cols = vec![
        Col::Fixed(1),
        Col::Id,
        Col::Text { min: 10 },
        Col::Text { min: 3 },
        Col::Fixed(11),
        Col::Id,
        Col::Fixed(3),
        Col::Id,
        // The alarm's word is never cut.
        Col::Id,
    ];
    // Wide enough, when the clock started and for what.
    if wide {
        header.extend(["In", "Offences"]);
        cols.extend([Col::Id, Col::Text { min: 10 }]);
    }
    ListTable { header, cols, rows: table_rows, ids: rows.iter().map(|(e, _)| e.id.clone()).collect() }.render(
        state,
        ui,
        &board.rows.list,
        frame,
        list,
    );
}

/// The cell, with the suite's code when the board shows every suite
/// (cells of different suites share names).
fn cell_label(state: &State, d: &crate::domain::event::CustodyDetails) -> String {
    if state.board.suite.is_some() {
        return d.cell.clone();
    }
    format!("{} {}", views::suite_code(state, &d.suite_id), d.cell)
}

/// The most urgent of the three, with the word that names it.
fn worst(clock: Urgency, review: Urgency, visit: Urgency) -> (&'static str, Urgency) {
    let mut worst = ("ok", Urgency::Fine);
    for (word, u) in [("visit", visit), ("review", review), ("clock", clock)] {
        if u > worst.1 || (u == worst.1 && u != Urgency::Fine) {
            worst = (word, u);
        }
    }
    worst
}
