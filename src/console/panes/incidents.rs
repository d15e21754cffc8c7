//! The incident board: the open incidents, most urgent first, each with
//! its grade, its attendance clock (time left, or how late, with a symbol
//! and a word as well as a colour), reference, category, place, time open
//! and resources; under it the selected incident's people with their
//! flags and markers, its resources and its log, newest last.

use chrono::{DateTime, Utc};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::warrant_form::{form_dialog, FormView};
use super::{block, due_cell, filter_line, flag_spans, in_view, mark, notice, unsent, ListTable};
use crate::api::incidents::IncidentRow;
use crate::console::custody_view::Urgency;
use crate::console::format;
use crate::console::format::columns::Col;
use crate::console::state::incidents::{details, IncidentForm};
use crate::console::state::{ListState, State};
use crate::console::ui::Ui;
use crate::domain::incident::{Clock, IncidentDetails};

/// The lines under the list for the selected incident, of the pane's inner height.
fn detail_height(inner: u16) -> u16 {
    (inner * 2 / 5).max(5).min(inner.saturating_sub(4))
}

/// How many rows of incidents show in a body `body` rows high.
pub fn list_height(body: u16) -> u16 {
    let inner = body.saturating_sub(2);
    // The filter line and the header.
    inner.saturating_sub(detail_height(inner)).saturating_sub(2)
}

/// The attendance clock in a cell: `✖ OVERDUE 5m`, `▲ 3m left`, `  12m left`.
fn clock_cell<'a>(clock: &Clock, now: DateTime<Utc>, ui: &Ui) -> Span<'a> {
    let urgency = if clock.is_overdue(now) {
        Urgency::Overdue
    } else if clock.is_due_soon(now) || matches!(clock, Clock::Attended { late: true, .. }) {
        Urgency::DueSoon
    } else {
        Urgency::Fine
    };
    due_cell(clock.words(now), urgency, ui)
}

pub fn render(state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
    let i = &state.incidents;
    let outer = block(state, ui, "Incident board");
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let [filters, list, detail] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(detail_height(inner.height))])
            .areas(inner);
    let rows = i.visible();
    let parts = vec![
        ("Grade", i.grade.map(|g| g.letter().to_string()).unwrap_or_else(|| "all".into())),
        ("Borough", i.borough.clone().unwrap_or_else(|| "all".into())),
        ("Category", i.category.map(|c| c.short().to_string()).unwrap_or_else(|| "all".into())),
    ];
    let overdue = rows.iter().filter(|r| details(r).is_some_and(|d| Clock::of(d).is_overdue(state.now))).count();
    let mut count = format!("{} open", rows.len());
    if i.unresourced {
        count = format!("unresourced only  {count}");
    }
    if overdue > 0 {
        count.push_str(&format!(", {overdue} overdue"));
    }
    let mut line = filter_line(ui, parts, &i.list, count);
    unsent(&mut line, i.draft.as_ref().is_some_and(|f| f.touched), ui);
    frame.render_widget(Paragraph::new(line), filters);
    if let Some(error) = &i.error {
        notice(frame, list, vec![Line::styled(format!("✖ Could not load incidents: {error}"), ui.style("alert"))]);
        return;
    }
    if rows.is_empty() {
        let text = if !i.loaded {
            "Loading…"
        } else if i.filtered() {
            "No open incidents match."
        } else {
            "No open incidents."
        };
        notice(frame, list, vec![Line::raw(text)]);
        return;
    }
    // Only the rows in view are drawn: a busy night holds thousands open.
    let ids: Vec<&str> = rows.iter().map(|r| r.event.id.as_str()).collect();
    let (selected, shown) = in_view(&i.list, &ids, list);
    let window = &rows[shown];
    let wide = area.width >= 110;
    let table_rows = window.iter().filter_map(|r| Some(table_row(state, ui, r, details(r)?, wide))).collect();
    let mut header = vec!["", "G", "Clock", "Reference"];
    // The reference is never cut; place and resources share the rest by need.
    let mut cols = vec![Col::Fixed(1), Col::Fixed(1), Col::Fixed(16), Col::Id];
    if wide {
        header.extend(["Category", "Place", "Open", "Resources"]);
        cols.extend([Col::Text { min: 10 }, Col::Text { min: 12 }, Col::Fixed(7), Col::Text { min: 10 }]);
    } else {
        header.extend(["Cat", "Place", "Open", "Resources"]);
        cols.extend([Col::Fixed(5), Col::Text { min: 10 }, Col::Fixed(5), Col::Text { min: 8 }]);
    }
    let window_list = ListState { selected: i.list.selected.clone(), last_index: 0, offset: 0, ..Default::default() };
    let ids = window.iter().map(|r| r.event.id.clone()).collect();
    ListTable { header, cols, rows: table_rows, ids }.render(state, ui, &window_list, frame, list);
    if let Some((row, d)) = selected.and_then(|at| Some((rows[at], details(rows[at])?))) {
        frame.render_widget(
            Paragraph::new(detail_lines(ui, row, d, usize::from(detail.height), state.now)).wrap(Wrap { trim: true }),
            detail,
        );
    }
}

fn table_row<'a>(state: &State, ui: &Ui, r: &IncidentRow, d: &IncidentDetails, wide: bool) -> Vec<Line<'a>> {
    let grade = d.grade();
    let grade_style = match grade.letter() {
        "I" => ui.style("alert"),
        "S" => ui.style("warning"),
        _ => ui.style("dim"),
    };
    let mut cells = vec![
        Line::from(mark(state, &r.event.id)),
        Line::from(Span::styled(grade.letter(), grade_style)),
        Line::from(clock_cell(&Clock::of(d), state.now, ui)),
        Line::from(r.event.reference.clone()),
    ];
    let resources = d.resources_line();
    let resources = if resources.is_empty() { "— none".to_string() } else { resources };
    if wide {
        cells.push(Line::from(format!("{}: {}", d.category.short(), format::words(&d.subtype))));
    } else {
        cells.push(Line::from(d.category.short()));
    }
    cells.push(Line::from(place(r, d)));
    cells.push(Line::from(format::span(state.now - r.event.occurred_at)));
    cells.push(Line::from(resources));
    cells
}

/// The place and its borough.
fn place(r: &IncidentRow, d: &IncidentDetails) -> String {
    match &r.event.borough {
        Some(borough) => format!("{}, {borough}", d.location.one_line()),
        None => d.location.one_line(),
    }
}

/// The selected incident: what it is, its people with their flags, its
/// resources, and as much of its log as fits (newest last).
fn detail_lines<'a>(
    ui: &Ui,
    row: &IncidentRow,
    d: &IncidentDetails,
    height: usize,
    now: DateTime<Utc>,
) -> Vec<Line<'a>> {
    let dim = |text: String| Span::styled(text, ui.style("dim"));
    let grading = d.current().map(|g| format!("graded {} at {}", g.grade.letter(), format::when(g.at, now)));
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{} ", row.event.reference), ui.style("header")),
        Span::raw(format!("{} · ", row.event.summary)),
        dim(format!("{} · caller {}", grading.unwrap_or_default(), d.caller.name)),
    ])];
    for p in &row.people {
        let mut spans = vec![dim(format!("{}: ", format::incident_part(p.role))), Span::raw(format!("{} ", p.name))];
        if !p.markers.is_empty() {
            spans.push(Span::styled(format!("{} ", p.markers.join(" ")), ui.style("warning")));
        }
        spans.extend(flag_spans(p.flags, ui));
        lines.push(Line::from(spans));
    }
    for r in d.active() {
        let since = r.at_scene_at.or(r.en_route_at).unwrap_or(r.assigned_at);
        lines.push(Line::from(vec![
            dim("Resource: ".into()),
            Span::raw(format!("{} {} since {}", r.call_sign, r.status.label(), format::when(since, now))),
        ]));
    }
    let room = height.saturating_sub(lines.len()).max(1);
    let skip = d.log.len().saturating_sub(room);
    for entry in &d.log[skip..] {
        lines.push(Line::from(vec![
            dim(format!("{} {:<10} ", format::when(entry.at, now), entry.by)),
            Span::raw(entry.text.clone()),
        ]));
    }
    lines
}

/// An incident form over the panes.
pub fn form(form: &IncidentForm, ui: &Ui, frame: &mut Frame, area: Rect) {
    let view = FormView {
        title: &form.title,
        fields: &form.fields,
        focus: form.focus,
        saving: form.saving,
        error: form.error.as_deref(),
        error_field: form.error_field.as_deref(),
        question: form.confirming.as_deref(),
        choices: None,
    };
    form_dialog(&view, ui, frame, area);
}
