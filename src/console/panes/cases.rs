//! Case status: prosecution cases with their stage, charging decision,
//! next hearing, custody time limit and file due date; expired and due
//! limits first, then overdue files, each marked with symbol and word. The
//! hearings view (`hearings.rs`) shares its frame and filters.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::case_cells::{ctl_cell, defendants};
use super::{block, filter_line, hearings, mark, notice, ListTable};
use crate::console::ctl_view;
use crate::console::format;
use crate::console::format::columns::Col;
use crate::console::state::{CaseView, State};
use crate::console::ui::Ui;
use crate::console::views::{self, FileDue};
use crate::domain::ctl_watch::CtlStanding;
use crate::domain::event::{CaseDetails, Event};

pub fn render(state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
    let c = &state.cases;
    let title = match c.view {
        CaseView::Cases => format!("Case status — sorted by {}", c.sort.label()),
        CaseView::Hearings => "Case status · hearings today and tomorrow".to_string(),
    };
    let outer = block(state, ui, title);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let [filters, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    let rows = views::case_rows(state);
    let parts = vec![
        ("Status", c.status.map(|s| format::label(&s)).unwrap_or_else(|| "all".into())),
        ("Officer", c.officer.clone().unwrap_or_else(|| "all".into())),
    ];
    let mut count = match c.view {
        CaseView::Cases => case_count(state, &rows),
        CaseView::Hearings => hearings::count(state),
    };
    if let Some(error) = &c.ctl_error {
        count.push_str(&format!(" (custody time limits' warning not read: {error})"));
    }
    if c.rows.partial {
        // The newest were loaded: say of how many open, as the desk queues do.
        let loaded = c.rows.items.len();
        let open = super::of_total(loaded, loaded + c.rows.more.max(1), c.rows.more_at_least);
        count.push_str(&format!(" (the newest {open} open)"));
    }
    frame.render_widget(Paragraph::new(filter_line(ui, parts, &c.rows.list, count)), filters);
    if let Some(error) = &c.rows.error {
        notice(frame, list, vec![Line::styled(format!("✖ Could not load cases: {error}"), ui.style("alert"))]);
        return;
    }
    if c.rows.loading || !c.rows.loaded {
        notice(frame, list, vec![Line::raw("Loading…")]);
        return;
    }
    if c.view == CaseView::Hearings {
        hearings::render(state, ui, frame, list);
        return;
    }
    if rows.is_empty() {
        notice(frame, list, vec![Line::raw("No cases match.")]);
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
            let ctl = ctl_view::ctl(d, state);
            let urn = if due == FileDue::Overdue || ctl.is_some_and(|(_, s)| s == CtlStanding::Expired) {
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
            cells.push(ctl_cell(ctl, ui));
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
    header.extend(["Next hearing", "CTL", "File due"]);
    // A limit's standing and days are never cut either.
    cols.extend([Col::Text { min: 10 }, Col::Id, Col::Id]);
    ListTable { header, cols, rows: table_rows, ids: rows.iter().map(|(e, _)| e.id.clone()).collect() }.render(
        state,
        ui,
        &c.rows.list,
        frame,
        list,
    );
}

/// The list's count: cases, limits expired and due, files overdue.
fn case_count(state: &State, rows: &[(&Event, &CaseDetails)]) -> String {
    let mut count = format!("{} cases", rows.len());
    let standing = |s: CtlStanding| rows.iter().filter(|(_, d)| ctl_view::ctl_standing(d, state) == s).count();
    let (expired, due) = (standing(CtlStanding::Expired), standing(CtlStanding::Due));
    if expired > 0 {
        count.push_str(&format!(", ✖ {expired} {}", CtlStanding::Expired.word()));
    }
    if due > 0 {
        let days = state.cases.ctl_warning_days.map(|d| format!(" (≤{d}d)")).unwrap_or_default();
        count.push_str(&format!(", ▲ {due} {}{days}", CtlStanding::Due.word()));
    }
    let overdue = rows.iter().filter(|(_, d)| views::file_due(d, state) == FileDue::Overdue).count();
    if overdue > 0 {
        count.push_str(&format!(", {overdue} file(s) overdue"));
    }
    count
}
