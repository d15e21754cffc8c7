//! The safeguarding desk: one queue of open reports ("awaiting my
//! sign-off", "referral response overdue" or "missing now"), each row with
//! the person at risk (their flags as symbol and word), the category, the
//! risk, how long the report has waited and what is due on it (a missing
//! person: how long missing); under it the selected report — its people
//! with their parts and flags, its risk with why, the sign-off, each
//! referral with the agency's response, a missing person's grade, last
//! sighting and return, and its latest log lines.

use chrono::{DateTime, Utc};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::{block, due_cell, filter_line, flag_spans, in_view, mark, name_with_flags, notice, unsent, ListTable};
use crate::api::safeguarding::{SafeguardingQueue, SafeguardingRow};
use crate::console::custody_view::Urgency;
use crate::console::format;
use crate::console::format::columns::Col;
use crate::console::state::safeguarding::{queue_name, report};
use crate::console::state::{ListState, State};
use crate::console::ui::Ui;
use crate::domain::event::EventKind;
use crate::domain::link::EventRole;
use crate::domain::safeguarding::{RiskLevel, SafeguardingDetails, SafeguardingStatus};

/// The lines under the list for the selected report, of the pane's inner height.
fn detail_height(inner: u16) -> u16 {
    (inner / 2).max(6).min(inner.saturating_sub(4))
}

/// How many rows of reports show in a body `body` rows high.
pub fn list_height(body: u16) -> u16 {
    let inner = body.saturating_sub(2);
    inner.saturating_sub(detail_height(inner)).saturating_sub(2)
}

fn risk<'a>(r: RiskLevel, ui: &Ui) -> Span<'a> {
    match r {
        RiskLevel::High => Span::styled("! HIGH", ui.style("alert")),
        RiskLevel::Medium => Span::styled("MED", ui.style("warning")),
        RiskLevel::Low => Span::raw("low"),
    }
}

/// Since when a report has waited: its submission, else its making.
fn waiting_since(row: &SafeguardingRow, d: &SafeguardingDetails) -> DateTime<Utc> {
    d.submitted.as_ref().map(|s| s.at).unwrap_or(row.event.created_at)
}

/// The queue's name; "awaiting sign-off" for someone who signs none off.
fn shown_name(state: &State) -> &'static str {
    let queue = state.safeguarding.queue;
    if queue == Some(SafeguardingQueue::AwaitingSignOff) && state.safeguarding_signer().is_none() {
        return "awaiting sign-off";
    }
    queue_name(queue)
}

pub fn render(state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
    let s = &state.safeguarding;
    let name = shown_name(state);
    let mut title = format!("Safeguarding — {name} · {}", s.sort_label());
    if s.loaded && s.error.is_none() {
        title.push_str(&format!(" · {}", super::of_total(s.rows.len(), s.rows.len() + s.more, s.more_at_least)));
    }
    let outer = block(state, ui, title);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    if !state.roles().may_read(EventKind::Safeguarding) {
        let text = "⊘ Safeguarding reports are withheld from your role.";
        notice(frame, inner, vec![Line::styled(text, ui.style("withheld"))]);
        return;
    }
    let [top, list, detail] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(detail_height(inner.height))])
            .areas(inner);
    let signer = state.safeguarding_signer();
    let rows = s.visible(signer);
    let mut count = match s.next {
        None => format!("{} in the queue", rows.len()),
        Some(_) => super::more_below(rows.len(), s.more, s.more_at_least),
    };
    let yours = s.rows.iter().filter(|r| Some(r.event.provenance.entered_by.as_str()) == signer).count();
    if s.queue == Some(SafeguardingQueue::AwaitingSignOff) && yours > 0 {
        count.push_str(&format!(" ({yours} of yours for another supervisor)"));
    }
    let mut line = filter_line(ui, vec![("Queue", format!("{name} (v)"))], &s.list, count);
    unsent(&mut line, s.draft.as_ref().is_some_and(|f| f.touched), ui);
    frame.render_widget(Paragraph::new(line), top);
    if let Some(error) = &s.error {
        notice(frame, list, vec![Line::styled(format!("✖ Could not load reports: {error}"), ui.style("alert"))]);
        return;
    }
    if rows.is_empty() {
        let text = if !s.loaded {
            "Loading…".to_string()
        } else if !s.list.filter.is_empty() {
            "No reports in this queue match.".to_string()
        } else {
            match s.queue {
                Some(_) => format!("No reports {name}."),
                None => "No open reports.".to_string(),
            }
        };
        notice(frame, list, vec![Line::raw(text)]);
        return;
    }
    let ids: Vec<&str> = rows.iter().map(|r| r.event.id.as_str()).collect();
    let (selected, shown) = in_view(&s.list, &ids, list);
    let window = &rows[shown];
    let table_rows = window.iter().filter_map(|r| Some(table_row(state, ui, r, report(&r.event)?))).collect();
    let header = vec!["", "Reference", "Person", "Category", "Risk", "Age", "Due"];
    let cols = vec![
        Col::Fixed(1),
        Col::Id,
        Col::Text { min: 10 },
        Col::Text { min: 8 },
        Col::Fixed(6),
        Col::Fixed(6),
        Col::Text { min: 10 },
    ];
    let window_list = ListState { selected: s.list.selected.clone(), ..Default::default() };
    let ids = window.iter().map(|r| r.event.id.clone()).collect();
    ListTable { header, cols, rows: table_rows, ids }.render(state, ui, &window_list, frame, list);
    if let Some((row, d)) = selected.and_then(|at| Some((rows[at], report(&rows[at].event)?))) {
        let lines = detail_lines(state, ui, row, d, usize::from(detail.height));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), detail);
    }
}

/// The person the report is about: its subject, else the first named.
fn subject(row: &SafeguardingRow) -> Option<&crate::api::incidents::IncidentPerson> {
    row.people.iter().find(|p| p.role == EventRole::Subject).or(row.people.first())
}

fn table_row<'a>(state: &State, ui: &Ui, row: &SafeguardingRow, d: &SafeguardingDetails) -> Vec<Line<'a>> {
    let now = state.now;
    let person = match subject(row) {
        Some(p) => name_with_flags(p.name.clone(), p.flags, ui),
        None => Line::styled("(no one linked)", ui.style("dim")),
    };
    vec![
        Line::from(mark(state, &row.event.id)),
        Line::from(row.event.reference.clone()),
        person,
        Line::from(format::label(&d.category)),
        Line::from(risk(d.risk, ui)),
        Line::from(format::span(now - waiting_since(row, d))),
        Line::from(due(row, d, now, ui)),
    ]
}

/// What is due on the report, with a symbol where it is overdue: a
/// missing person's time missing, the sign-off, the agency's response.
fn due<'a>(row: &SafeguardingRow, d: &SafeguardingDetails, now: DateTime<Utc>, ui: &Ui) -> Span<'a> {
    if let Some(m) = d.missing.as_ref().filter(|_| d.is_missing()) {
        return Span::styled(format!("? missing {}", format::length(now - m.last_seen_at)), ui.style("flag.missing"));
    }
    let due = &row.due;
    let (what, at, overdue) = match (due.sign_off_due, due.response_due) {
        (Some(at), _) => ("sign-off", at, due.sign_off_overdue),
        (None, Some(at)) => ("response", at, due.response_overdue),
        (None, None) if d.status == SafeguardingStatus::SignedOff => return Span::raw("  to share or refer"),
        (None, None) => return Span::raw(""),
    };
    let urgency = if overdue { Urgency::Overdue } else { Urgency::Fine };
    due_cell(format!("{what} {}", format::due(at, now)), urgency, ui)
}

/// The selected report: what it is, its people, risk, sign-off,
/// referrals, a missing person's story, and as much of its log as fits.
fn detail_lines<'a>(
    state: &State,
    ui: &Ui,
    row: &SafeguardingRow,
    d: &SafeguardingDetails,
    height: usize,
) -> Vec<Line<'a>> {
    let dim = |text: String| Span::styled(text, ui.style("dim"));
    let now = state.now;
    let event = &row.event;
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{} ", event.reference), ui.style("header")),
        Span::raw(format!("{} · ", event.summary)),
        dim(format!("{} · {} · officer {}", format::label(&d.category), format::label(&d.status), d.officer_in_charge)),
    ])];
    for p in &row.people {
        let mut spans = vec![dim(format!("{}: ", format::label(&p.role))), Span::raw(format!("{} ", p.name))];
        spans.extend(flag_spans(p.flags, ui));
        lines.push(Line::from(spans));
    }
    let mut risk_line = vec![dim("Risk ".into()), risk(d.risk, ui)];
    if !d.risk_reasons.is_empty() {
        risk_line.push(Span::raw(format!(": {}", d.risk_reasons)));
    }
    lines.push(Line::from(risk_line));
    match (&d.submitted, &d.sign_off) {
        (_, Some(s)) => lines.push(Line::from(vec![
            dim("Signed off ".into()),
            Span::raw(format!("by {} {}", s.by, format::when(s.at, now))),
            dim(s.note.as_ref().map(|n| format!(": {n}")).unwrap_or_default()),
        ])),
        (Some(s), None) => lines.push(Line::from(vec![
            dim("Submitted ".into()),
            Span::raw(format!("by {} {}, awaiting sign-off", s.by, format::when(s.at, now))),
        ])),
        (None, None) => {}
    }
    for (n, r) in d.referrals.iter().enumerate() {
        let answer = match &r.response {
            Some(a) => format!("{}: {}", format::label(&a.decision), a.text),
            None if r.awaits_response() => match r.response_due {
                Some(due) if due <= now => format!("✖ no response, overdue {}", format::length(now - due)),
                Some(due) => format!("response {}", format::due(due, now)),
                None => "response awaited".to_string(),
            },
            None => "for information".to_string(),
        };
        lines.push(Line::from(vec![
            dim(format!("{}. {} ", n + 1, format::label(&r.route))),
            Span::raw(format!("{} ({}) {} — {answer}", r.agency_name, r.recipient, format::when(r.sent_at, now))),
        ]));
    }
    if let Some(m) = &d.missing {
        lines.push(Line::from(vec![
            dim("Missing: ".into()),
            Span::raw(format!(
                "graded {}, last seen {} at {}",
                m.current_grade().label(),
                format::when(m.last_seen_at, now),
                m.last_seen_place
            )),
        ]));
        if let Some(f) = &m.found {
            lines.push(Line::from(vec![
                dim("Found ".into()),
                Span::raw(format!("{} at {}, return interview {}", format::when(f.at, now), f.place, {
                    format::due(f.return_interview_due, now)
                })),
            ]));
        }
    }
    let room = height.saturating_sub(lines.len());
    let skip = d.log.len().saturating_sub(room);
    for entry in d.log.iter().skip(skip) {
        lines.push(Line::from(vec![
            dim(format!("{} {:<10} ", format::when(entry.at, now), entry.by)),
            Span::raw(entry.text.clone()),
        ]));
    }
    lines
}
