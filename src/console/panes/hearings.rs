//! The case status pane's hearings view: the hearings listed today and
//! tomorrow on the open cases, court by court (the court named on its
//! first row), each with its time, case, defendants and their flags, the
//! kind of hearing and the custody time limit of a defendant remanded.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::Frame;

use super::case_cells::{ctl_cell, defendants};
use super::{mark, notice, ListTable};
use crate::console::case_watch::{self, HearingRow};
use crate::console::ctl_view;
use crate::console::format;
use crate::console::format::columns::Col;
use crate::console::state::State;
use crate::console::ui::Ui;

/// How many hearings, at how many courts.
pub fn count(state: &State) -> String {
    let rows = case_watch::hearing_rows(state);
    let mut courts: Vec<&str> = rows.iter().map(|r| r.hearing.court.as_str()).collect();
    courts.dedup();
    format!("{} hearing(s) today and tomorrow at {} court(s)", rows.len(), courts.len())
}

pub fn render(state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
    let rows = case_watch::hearing_rows(state);
    if rows.is_empty() {
        notice(frame, area, vec![Line::raw("No hearings listed today or tomorrow on the cases shown.")]);
        return;
    }
    let ids: Vec<String> = rows.iter().map(case_watch::hearing_id).collect();
    let table_rows: Vec<Vec<Line>> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let first_at_court = i == 0 || rows[i - 1].hearing.court != row.hearing.court;
            cells(state, ui, row, first_at_court, &ids[i])
        })
        .collect();
    let header = vec!["", "Court", "When", "URN", "Defendants", "Hearing", "CTL"];
    let cols = vec![
        Col::Fixed(1),
        Col::Text { min: 12 },
        Col::Text { min: 5 },
        Col::Id,
        Col::Text { min: 10 },
        Col::Text { min: 6 },
        Col::Id,
    ];
    ListTable { header, cols, rows: table_rows, ids }.render(state, ui, &state.cases.rows.list, frame, area);
}

fn cells<'a>(state: &State, ui: &Ui, row: &HearingRow, first_at_court: bool, id: &str) -> Vec<Line<'a>> {
    let court = if first_at_court { row.hearing.court.clone() } else { String::new() };
    vec![
        Line::from(mark(state, case_watch::case_id(id))),
        Line::from(court),
        Line::from(format::when(row.hearing.date, state.now)),
        Line::from(row.event.reference.clone()),
        defendants(state, row.event, ui),
        Line::from(format::words(&row.hearing.hearing_type)),
        ctl_cell(ctl_view::ctl(row.case, state), ui),
    ]
}
