//! The intelligence desk: one queue of reports (the evaluation queue:
//! highest priority first, then the longest waiting), each row with its
//! reference, priority, grading, handling code, how long it has waited and
//! who submitted it; under it the selected report — its grading beside the
//! submitter's, its handling conditions, and its text as the role may see
//! it (a handling code C report's only once its conditions were
//! acknowledged; the unsanitised text only for intelligence roles).

use chrono::{DateTime, Utc};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::{block, filter_line, in_view, mark, notice, unsent, ListTable};
use crate::console::action::{Command, Scope};
use crate::console::format;
use crate::console::format::columns::Col;
use crate::console::state::intelligence::{queue_name, report};
use crate::console::state::{ListState, PaneId, State};
use crate::console::ui::Ui;
use crate::domain::event::Event;
use crate::domain::intelligence::{IntelligenceDetails, IntelligenceStatus, Priority};

/// The steps on a report, by the commands whose keys the pane names.
pub const EVALUATE: Command = Command::Own("evaluate_report");
pub const SANITISE: Command = Command::Own("sanitise_report");
pub const DISSEMINATE: Command = Command::Own("disseminate_report");
pub const REVISE: Command = Command::Own("revise_report");
pub const SUBMIT: Command = Command::Own("submit_report");
pub const RETURN: Command = Command::Own("return_report");
pub const RETENTION: Command = Command::Own("review_retention");

/// The lines under the list for the selected report, of the pane's inner height.
fn detail_height(inner: u16) -> u16 {
    (inner / 2).max(6).min(inner.saturating_sub(4))
}

/// How many rows of reports show in a body `body` rows high.
pub fn list_height(body: u16) -> u16 {
    let inner = body.saturating_sub(2);
    inner.saturating_sub(detail_height(inner)).saturating_sub(2)
}

fn priority<'a>(p: Priority, ui: &Ui) -> Span<'a> {
    match p {
        Priority::High => Span::styled("HIGH", ui.style("alert")),
        Priority::Medium => Span::styled("MED", ui.style("warning")),
        Priority::Low => Span::raw("low"),
    }
}

/// Since when a report has waited: its submission, else its making.
fn waiting_since(event: &Event, d: &IntelligenceDetails) -> DateTime<Utc> {
    d.submission.as_ref().map(|s| s.at).unwrap_or(event.created_at)
}

pub fn render(state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
    let i = &state.intelligence;
    let mut title = format!("Intelligence — {} · {}", queue_name(i.queue), i.order_label());
    if i.loaded && i.error.is_none() {
        title.push_str(&format!(" · {}", super::of_total(i.rows.len(), i.rows.len() + i.more, i.more_at_least)));
    }
    let outer = block(state, ui, title);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let [top, list, detail] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(detail_height(inner.height))])
            .areas(inner);
    let rows = i.visible();
    let searching = i.search().is_some();
    let count = match (i.more, searching) {
        (0, false) => format!("{} in the queue", rows.len()),
        (0, true) => format!("{} found, most words first", rows.len()),
        (more, _) => super::more_below(rows.len(), more, i.more_at_least),
    };
    let shown = if searching { "search (the server's)".to_string() } else { format!("{} (v)", queue_name(i.queue)) };
    let mut line = filter_line(ui, vec![("Queue", shown)], &i.list, count);
    unsent(&mut line, i.draft.as_ref().is_some_and(|f| f.touched), ui);
    frame.render_widget(Paragraph::new(line), top);
    if let Some(error) = &i.error {
        notice(frame, list, vec![Line::styled(format!("✖ Could not load reports: {error}"), ui.style("alert"))]);
        return;
    }
    if rows.is_empty() {
        let text = if !i.loaded {
            "Loading…".to_string()
        } else if !i.list.filter.is_empty() {
            "No reports in this queue match.".to_string()
        } else {
            format!("No reports in the {} queue.", queue_name(i.queue))
        };
        notice(frame, list, vec![Line::raw(text)]);
        return;
    }
    let ids: Vec<&str> = rows.iter().map(|e| e.id.as_str()).collect();
    let (selected, shown) = in_view(&i.list, &ids, list);
    let window = &rows[shown];
    let table_rows = window.iter().filter_map(|e| Some(table_row(state, ui, e, report(e)?))).collect();
    let header = vec!["", "Reference", "Pri", "Grade", "H", "Waiting", "By", "Summary"];
    let cols = vec![
        Col::Fixed(1),
        Col::Id,
        Col::Fixed(4),
        Col::Fixed(5),
        Col::Fixed(1),
        Col::Fixed(7),
        Col::Text { min: 6 },
        Col::Text { min: 10 },
    ];
    let window_list = ListState { selected: i.list.selected.clone(), ..Default::default() };
    let ids = window.iter().map(|e| e.id.clone()).collect();
    ListTable { header, cols, rows: table_rows, ids }.render(state, ui, &window_list, frame, list);
    if let Some((event, d)) = selected.and_then(|at| Some((rows[at], report(rows[at])?))) {
        let lines = detail_lines(state, ui, event, d);
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), detail);
    }
}

fn table_row<'a>(state: &State, ui: &Ui, e: &Event, d: &IntelligenceDetails) -> Vec<Line<'a>> {
    let handling = match d.conditions() {
        Some(_) => Span::styled("C", ui.style("warning")),
        None => Span::raw("P"),
    };
    let by = d.submission.as_ref().map(|s| s.by.clone()).unwrap_or_else(|| e.provenance.entered_by.clone());
    vec![
        Line::from(mark(state, &e.id)),
        Line::from(e.reference.clone()),
        Line::from(priority(d.priority, ui)),
        Line::from(d.grading.code().split_whitespace().next().unwrap_or("").to_string()),
        Line::from(handling),
        Line::from(format::span(state.now - waiting_since(e, d))),
        Line::from(by),
        Line::from(e.summary.clone()),
    ]
}

/// The keys for what can be done next to a report in `status`.
fn next_steps(ui: &Ui, status: IntelligenceStatus) -> String {
    use IntelligenceStatus as S;
    let steps: &[(Command, &str)] = match status {
        S::Draft => &[(REVISE, "revise"), (SUBMIT, "submit")],
        S::Submitted => &[(EVALUATE, "evaluate"), (RETURN, "return")],
        S::Evaluated => &[(SANITISE, "sanitise"), (RETENTION, "retention")],
        S::Sanitised => &[(DISSEMINATE, "disseminate"), (RETENTION, "retention")],
        S::Disseminated | S::Reviewed => &[(RETENTION, "retention")],
    };
    let scope = Scope::Pane(PaneId::Intelligence);
    steps.iter().map(|(command, word)| format!("{} {word}", ui.key(scope, *command))).collect::<Vec<_>>().join(" · ")
}

/// The selected report: what it is, its grading (beside the submitter's
/// once evaluated), its handling, and its text as the role may see it.
fn detail_lines<'a>(state: &State, ui: &Ui, event: &Event, d: &IntelligenceDetails) -> Vec<Line<'a>> {
    let dim = |text: String| Span::styled(text, ui.style("dim"));
    let now = state.now;
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{} ", event.reference), ui.style("header")),
        Span::raw(format!("{} · ", event.summary)),
        dim(format!("{} · {}  ", format::label(&d.status), format::when(event.created_at, now))),
        Span::styled(next_steps(ui, d.status), ui.style("hint")),
    ])];
    let mut grading = vec![dim("Graded ".into()), Span::raw(d.grading.code())];
    if let Some(e) = &d.evaluation {
        grading.push(dim(format!(" by {} (submitted {})", e.by, e.submitted.code())));
    } else if let Some(s) = &d.submission {
        grading.push(dim(format!(" by its submitter {} at {}", s.by, format::when(s.at, now))));
    }
    lines.push(Line::from(grading));
    let opened = state.intelligence.opened(&event.id);
    match d.conditions() {
        Some(conditions) => {
            let word = if opened.is_some() { "acknowledged" } else { "Enter to acknowledge and read" };
            lines.push(Line::from(vec![
                Span::styled("▲ Handling code C: ", ui.style("warning")),
                Span::raw(format!("{conditions} ")),
                dim(format!("({word})")),
            ]));
        }
        None => lines.push(Line::from(vec![dim("Handling P: ".into()), Span::raw("lawful sharing permitted")])),
    }
    let shown = match (d.conditions(), opened) {
        (_, Some(opened)) => report(opened),
        (None, None) => Some(d),
        (Some(_), None) => None,
    };
    let Some(text) = shown else {
        lines.push(Line::from(Span::styled(
            "⊘ The text opens once its handling conditions are acknowledged (Enter).",
            ui.style("withheld"),
        )));
        return lines;
    };
    lines.push(Line::from(vec![dim("Sanitised: ".into()), Span::raw(text.sanitised_text.clone())]));
    if text.unsanitised_text.is_some() {
        let unsanitised = match &text.unsanitised_text {
            Some(t) if state.roles().may_read_unsanitised() => Span::raw(t.clone()),
            _ => Span::styled("⊘ WITHHELD: intelligence roles only", ui.style("withheld")),
        };
        lines.push(Line::from(vec![dim("Unsanitised: ".into()), unsanitised]));
    }
    for sent in &text.disseminations {
        lines.push(Line::from(vec![
            dim(format!("Disseminated {} by {}: ", format::when(sent.at, now), sent.by)),
            Span::raw(format!("{} — {}", sent.recipients.join(", "), sent.purpose)),
        ]));
    }
    lines
}
