//! The ASB desk: the open cases by borough, each row with its category,
//! how many linked incidents fall in the review trigger's window against
//! its threshold, the trigger met marked by symbol and word (`▲ TRIGGER
//! MET`), its repeat and vulnerable victims and what it is about; under it
//! the selected case's linked incidents on a timeline, oldest first, those
//! the trigger counts marked, then its review and actions.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::{block, filter_line, in_view, mark, notice, unsent, ListTable};
use crate::api::asb::AsbCaseView;
use crate::console::format;
use crate::console::format::columns::Col;
use crate::console::state::asb::case;
use crate::console::state::{ListState, State};
use crate::console::ui::Ui;
use crate::domain::asb::AsbDetails;
use crate::domain::event::EventKind;

/// The lines under the list for the selected case, of the pane's inner height.
fn detail_height(inner: u16) -> u16 {
    (inner / 2).max(6).min(inner.saturating_sub(4))
}

/// How many rows of cases show in a body `body` rows high.
pub fn list_height(body: u16) -> u16 {
    let inner = body.saturating_sub(2);
    inner.saturating_sub(detail_height(inner)).saturating_sub(2)
}

/// The trigger met, by symbol and word.
fn trigger<'a>(row: &AsbCaseView, ui: &Ui) -> Span<'a> {
    if row.standing.trigger.met {
        Span::styled("▲ TRIGGER MET", ui.style("alert"))
    } else {
        Span::raw("")
    }
}

pub fn render(state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
    let a = &state.asb;
    let borough = a.borough.clone().unwrap_or_else(|| "all boroughs".into());
    let mut title = format!("ASB cases — {borough} · {}", a.sort.label());
    if a.loaded && a.error.is_none() {
        title.push_str(&format!(" · {}", super::of_total(a.rows.len(), a.rows.len() + a.more, a.more_at_least)));
    }
    let outer = block(state, ui, title);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    if !state.roles().may_read(EventKind::Asb) {
        notice(frame, inner, vec![Line::styled("⊘ ASB cases are withheld from your role.", ui.style("withheld"))]);
        return;
    }
    let [top, list, detail] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(detail_height(inner.height))])
            .areas(inner);
    let rows = a.visible();
    let met = rows.iter().filter(|r| r.standing.trigger.met).count();
    let count = match a.next {
        None => format!("{} open, {met} at the trigger", rows.len()),
        Some(_) => {
            let plus = if a.more_at_least { "+" } else { "" };
            format!("{} shown, {met} at the trigger, {}{plus} more below", rows.len(), a.more)
        }
    };
    let mut line = filter_line(ui, vec![("Borough", format!("{borough} (b)"))], &a.list, count);
    unsent(&mut line, a.draft.as_ref().is_some_and(|f| f.touched), ui);
    frame.render_widget(Paragraph::new(line), top);
    if let Some(error) = &a.error {
        notice(frame, list, vec![Line::styled(format!("✖ Could not load cases: {error}"), ui.style("alert"))]);
        return;
    }
    if rows.is_empty() {
        let text = if !a.loaded {
            "Loading…".to_string()
        } else if !a.list.filter.is_empty() {
            "No open cases match.".to_string()
        } else {
            format!("No open ASB cases in {borough}.")
        };
        notice(frame, list, vec![Line::raw(text)]);
        return;
    }
    let ids: Vec<&str> = rows.iter().map(|r| r.event.id.as_str()).collect();
    let (selected, shown) = in_view(&a.list, &ids, list);
    let window = &rows[shown];
    let table_rows = window.iter().filter_map(|r| Some(table_row(state, ui, r, case(&r.event)?))).collect();
    let header = vec!["", "Reference", "Borough", "Category", "Inc", "Trigger", "Victims", "Summary"];
    let cols = vec![
        Col::Fixed(1),
        Col::Id,
        Col::Text { min: 6 },
        Col::Text { min: 5 },
        Col::Fixed(5),
        Col::Fixed(13),
        Col::Text { min: 6 },
        Col::Text { min: 8 },
    ];
    let window_list = ListState { selected: a.list.selected.clone(), ..Default::default() };
    let ids = window.iter().map(|r| r.event.id.clone()).collect();
    ListTable { header, cols, rows: table_rows, ids }.render(state, ui, &window_list, frame, list);
    if let Some((row, d)) = selected.and_then(|at| Some((rows[at], case(&rows[at].event)?))) {
        let lines = detail_lines(state, ui, row, d, usize::from(detail.height));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), detail);
    }
}

/// The repeat and vulnerable victims, in words.
fn victims(row: &AsbCaseView) -> String {
    let v = &row.standing.victims;
    let repeat = v.iter().filter(|v| v.repeat).count();
    let vulnerable = v.iter().filter(|v| v.vulnerable).count();
    match (repeat, vulnerable) {
        (0, 0) => format!("{}", v.len()),
        (r, 0) => format!("{} ({r} repeat)", v.len()),
        (0, w) => format!("{} ({w} vulnerable)", v.len()),
        (r, w) => format!("{} ({r} repeat, {w} vulnerable)", v.len()),
    }
}

fn table_row<'a>(state: &State, ui: &Ui, row: &AsbCaseView, d: &AsbDetails) -> Vec<Line<'a>> {
    let t = &row.standing.trigger;
    vec![
        Line::from(mark(state, &row.event.id)),
        Line::from(row.event.reference.clone()),
        Line::from(row.event.borough.clone().unwrap_or_default()),
        Line::from(format::label(&d.category)),
        Line::from(format!("{}/{}", t.incidents_in_window, t.threshold)),
        Line::from(trigger(row, ui)),
        Line::from(victims(row)),
        Line::from(row.event.summary.clone()),
    ]
}

/// The selected case: its trigger, its linked incidents on a timeline
/// (oldest first, those in the trigger's window marked ●), its review and
/// its actions, as many as fit.
fn detail_lines<'a>(state: &State, ui: &Ui, row: &AsbCaseView, d: &AsbDetails, height: usize) -> Vec<Line<'a>> {
    let dim = |text: String| Span::styled(text, ui.style("dim"));
    let now = state.now;
    let t = &row.standing.trigger;
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{} ", row.event.reference), ui.style("header")),
        Span::raw(format!("{} · ", row.event.summary)),
        dim(format!("{} ASB · opened {}", format::label(&d.category), format::when(row.event.created_at, now))),
    ])];
    let mut trigger_line = vec![trigger(row, ui)];
    let words = format!(
        "{}{} of {} incidents in {} days (since {})",
        if t.met { " " } else { "Trigger not met: " },
        t.incidents_in_window,
        t.threshold,
        t.window_days,
        format::when(t.since, now)
    );
    trigger_line.push(Span::raw(words));
    if row.standing.review_pending {
        trigger_line.push(Span::styled(" · review requested", ui.style("warning")));
    }
    lines.push(Line::from(trigger_line));
    let mut incidents: Vec<_> = d.incidents.iter().collect();
    incidents.sort_by_key(|i| i.at);
    if incidents.is_empty() {
        lines.push(Line::from(dim("No incidents linked yet (l links one).".into())));
    }
    // The actions go below the timeline: room is kept for them.
    let room = height.saturating_sub(lines.len() + d.tools.len().min(2));
    let skip = incidents.len().saturating_sub(room.max(1));
    if skip > 0 {
        lines.push(Line::from(dim(format!("┆ {skip} earlier"))));
    }
    for i in incidents.iter().skip(skip + usize::from(skip > 0)) {
        let counted = t.counted.contains(&i.record.reference);
        let dot = if counted { Span::styled("● ", ui.style("warning")) } else { dim("○ ".into()) };
        lines.push(Line::from(vec![
            dot,
            dim(format!("{} ", format::when(i.at, now))),
            Span::raw(format!("{} {} ", i.record.reference, format::label(&i.category))),
            dim(i.place.clone().unwrap_or_default()),
        ]));
    }
    for tool in d.tools.iter().rev().take(2) {
        let until = tool.until.map(|u| format!(" until {}", format::date(u))).unwrap_or_default();
        lines.push(Line::from(vec![
            dim("Action: ".into()),
            Span::raw(format!("{} from {}{until} ({})", tool.tool.label(), format::date(tool.from), tool.by)),
        ]));
    }
    lines
}
