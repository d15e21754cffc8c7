//! The crime desk: one queue of live crimes, each row with its crime
//! number, class, status, officer in the case, age and what is due (the
//! recording decision or the next supervisor review, with a symbol and a
//! word as well as a colour); under it the selected crime — what it is,
//! who has it, an outcome waiting for approval — and its investigation
//! log, newest last.

use chrono::{DateTime, Duration, Utc};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::{block, due_cell, filter_line, in_view, mark, notice, unsent, ListTable};
use crate::api::crimes::{CrimeQueue, CrimeRow};
use crate::console::action::{Command, Scope};
use crate::console::custody_view::Urgency;
use crate::console::format;
use crate::console::format::columns::Col;
use crate::console::state::crimes::{details, queue_name};
use crate::console::state::{ListState, PaneId, State};
use crate::console::ui::Ui;
use crate::domain::crime::{clock, CrimeDetails, CrimeLogKind, CrimeStatus};

/// The supervisor's commands on an outcome, whose keys its line names.
pub const APPROVE: Command = Command::Own("approve_outcome");
pub const RETURN: Command = Command::Own("return_outcome");

/// The lines under the list for the selected crime, of the pane's inner height.
fn detail_height(inner: u16) -> u16 {
    (inner * 2 / 5).max(5).min(inner.saturating_sub(4))
}

/// How many rows of crimes show in a body `body` rows high.
pub fn list_height(body: u16) -> u16 {
    let inner = body.saturating_sub(2);
    // The queue line and the header.
    inner.saturating_sub(detail_height(inner)).saturating_sub(2)
}

/// How soon a clock counts as due soon.
fn warning(clock: &str) -> Duration {
    if clock == "class" {
        Duration::hours(4)
    } else {
        Duration::days(1)
    }
}

/// What is due on a crime now: `✖ class overdue 3h`, `▲ review in 5h`,
/// `  review in 27d`, or an outcome waiting for a supervisor.
fn due<'a>(row: &CrimeRow, d: &CrimeDetails, now: DateTime<Utc>, ui: &Ui) -> Span<'a> {
    let clock = match (row.due.classification_due, row.due.review_due) {
        (Some(at), _) => Some(("class", at)),
        (None, Some(at)) => Some(("review", at)),
        (None, None) => None,
    };
    match clock {
        Some((what, at)) => {
            let urgency = if at <= now {
                Urgency::Overdue
            } else if at - now <= warning(what) {
                Urgency::DueSoon
            } else {
                Urgency::Fine
            };
            due_cell(format!("{what} {}", format::due(at, now)), urgency, ui)
        }
        None if d.status == CrimeStatus::OutcomeProposed => Span::raw("  outcome to approve"),
        None => Span::raw("  —"),
    }
}

pub fn render(state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
    let c = &state.crimes;
    let mut title = format!("Crimes — {} · {}", queue_name(c.queue), c.sort_label());
    if c.loaded && c.error.is_none() {
        title.push_str(&format!(" · {}", super::of_total(c.rows.len(), c.rows.len() + c.more, c.more_at_least)));
    }
    let outer = block(state, ui, title);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let [top, list, detail] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(detail_height(inner.height))])
            .areas(inner);
    let rows = c.visible();
    let mut parts = vec![("Queue", format!("{} (c)", queue_name(c.queue)))];
    parts.push(("Unit", c.unit.clone().unwrap_or_else(|| "not set (u)".into())));
    let overdue = rows
        .iter()
        .filter(|r| [r.due.classification_due, r.due.review_due].iter().flatten().any(|t| *t <= state.now))
        .count();
    let mut count = match c.next {
        Some(_) => super::more_below(rows.len(), c.more, c.more_at_least),
        None => format!("{} live", rows.len()),
    };
    if overdue > 0 {
        count.push_str(&format!(", {overdue} overdue"));
    }
    let mut line = filter_line(ui, parts, &c.list, count);
    unsent(&mut line, c.draft.as_ref().is_some_and(|f| f.touched), ui);
    frame.render_widget(Paragraph::new(line), top);
    if let Some(error) = &c.error {
        notice(frame, list, vec![Line::styled(format!("✖ Could not load crimes: {error}"), ui.style("alert"))]);
        return;
    }
    if rows.is_empty() {
        let text = if c.queue == CrimeQueue::Unit && c.unit.is_none() {
            "Set your unit with u to see its crimes.".to_string()
        } else if !c.loaded {
            "Loading…".to_string()
        } else if !c.list.filter.is_empty() {
            "No crimes in this queue match.".to_string()
        } else {
            format!("No crimes in \"{}\".", queue_name(c.queue))
        };
        notice(frame, list, vec![Line::raw(text)]);
        return;
    }
    // Only the rows in view are built.
    let ids: Vec<&str> = rows.iter().map(|r| r.event.id.as_str()).collect();
    let (selected, shown) = in_view(&c.list, &ids, list);
    let window = &rows[shown];
    let table_rows = window.iter().filter_map(|r| Some(table_row(state, ui, r, details(r)?))).collect();
    let header = vec!["", "Crime no.", "Class", "Status", "Officer", "Age", "Due"];
    let cols = vec![
        Col::Fixed(1),
        Col::Id,
        Col::Text { min: 4 },
        Col::Text { min: 8 },
        Col::Text { min: 8 },
        Col::Fixed(5),
        Col::Text { min: 14 },
    ];
    let window_list = ListState { selected: c.list.selected.clone(), ..Default::default() };
    let ids = window.iter().map(|r| r.event.id.clone()).collect();
    ListTable { header, cols, rows: table_rows, ids }.render(state, ui, &window_list, frame, list);
    if let Some((row, d)) = selected.and_then(|at| Some((rows[at], details(rows[at])?))) {
        let lines = detail_lines(ui, row, d, usize::from(detail.height), state.now);
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), detail);
    }
}

fn table_row<'a>(state: &State, ui: &Ui, r: &CrimeRow, d: &CrimeDetails) -> Vec<Line<'a>> {
    let class = match d.class() {
        Some(c) => Span::raw(c.code.clone()),
        None => Span::styled("none", ui.style("dim")),
    };
    let officer = match d.allocation() {
        Some(a) => Span::raw(a.officer.clone()),
        None => Span::styled("unallocated", ui.style("warning")),
    };
    let age = state.now - clock::reported_at(d, r.event.created_at);
    vec![
        Line::from(mark(state, &r.event.id)),
        Line::from(r.event.reference.clone()),
        Line::from(class),
        Line::from(format::label(&d.status)),
        Line::from(officer),
        Line::from(format::span(age)),
        Line::from(due(r, d, state.now, ui)),
    ]
}

fn log_kind(kind: CrimeLogKind) -> &'static str {
    match kind {
        CrimeLogKind::Action => "action",
        CrimeLogKind::Enquiry => "enquiry",
        CrimeLogKind::VictimContact => "victim",
        CrimeLogKind::Note => "note",
        CrimeLogKind::Decision => "decision",
    }
}

/// The selected crime: what it is, its class and who has it, an outcome
/// waiting for a supervisor, and as much of its log as fits (newest last).
fn detail_lines<'a>(ui: &Ui, row: &CrimeRow, d: &CrimeDetails, height: usize, now: DateTime<Utc>) -> Vec<Line<'a>> {
    let dim = |text: String| Span::styled(text, ui.style("dim"));
    let class = d.class().map(|c| format!("{} {}", c.code, c.name)).unwrap_or_else(|| "not classified".into());
    let reported = clock::reported_at(d, row.event.created_at);
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{} ", row.event.reference), ui.style("header")),
        Span::raw(format!("{} · ", d.offence)),
        dim(format!("{class} · reported {}", format::when(reported, now))),
    ])];
    if let Some(a) = d.allocation() {
        lines.push(Line::from(vec![
            dim("Officer in the case: ".into()),
            Span::raw(format!("{} ({}) since {}", a.officer, a.unit, format::when(a.at, now))),
        ]));
    }
    if let Some(p) = &d.proposed_outcome {
        let key = |command| ui.key(Scope::Pane(PaneId::Crimes), command);
        lines.push(Line::from(vec![
            Span::styled("Outcome to approve: ", ui.style("warning")),
            Span::raw(format!("{} {} — {} ({}) ", p.outcome, p.name, p.note, p.by)),
            Span::styled(format!("{} approve · {} return", key(APPROVE), key(RETURN)), ui.style("hint")),
        ]));
    }
    if d.log.is_empty() {
        lines.push(Line::from(dim("No log entries yet.".into())));
        return lines;
    }
    let room = height.saturating_sub(lines.len()).max(1);
    let skip = d.log.len().saturating_sub(room);
    for entry in &d.log[skip..] {
        lines.push(Line::from(vec![
            dim(format!("{:<16} {:<10} {:<8} ", format::when(entry.at, now), entry.by, log_kind(entry.kind))),
            Span::raw(entry.text.clone()),
        ]));
    }
    lines
}
