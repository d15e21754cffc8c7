//! The bail desk: one row per person on bail — where it stands (✖ OVERDUE
//! by symbol and word, today, ending), when they answer (or the last day
//! pre-charge bail may run), who (with their flags), where, the custody
//! record that bailed them and their conditions; under the list the
//! selected person's conditions in full.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::{block, filter_line, in_view, mark, name_with_flags, notice, ListTable};
use crate::console::format;
use crate::console::format::columns::Col;
use crate::console::state::bail::{BailDue, BailLine, ENDING_DAYS};
use crate::console::state::{ListState, State};
use crate::console::ui::Ui;
use crate::domain::event::EventKind;

/// The lines under the list for the selected person's conditions.
const DETAIL: u16 = 4;

/// How many rows of persons show in a body `body` rows high.
pub fn list_height(body: u16) -> u16 {
    body.saturating_sub(2).saturating_sub(DETAIL + 2)
}

pub fn render(state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
    let b = &state.bail;
    let outer = block(state, ui, format!("Bail diary — {}", b.sort.label()));
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    if !state.roles().may_read(EventKind::Custody) {
        notice(frame, inner, vec![Line::styled("⊘ Bail is withheld from your role.", ui.style("withheld"))]);
        return;
    }
    let [top, list, detail] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(DETAIL)]).areas(inner);
    let rows = b.visible();
    let overdue = rows.iter().filter(|l| l.due == BailDue::Overdue).count();
    let count = format!("{} on bail, {overdue} overdue, ending within {ENDING_DAYS} days", rows.len());
    frame.render_widget(Paragraph::new(filter_line(ui, Vec::new(), &b.list, count)), top);
    if let Some(error) = &b.error {
        notice(frame, list, vec![Line::styled(format!("✖ Could not load the bail diary: {error}"), ui.style("alert"))]);
        return;
    }
    if rows.is_empty() {
        let text = match (b.loaded, b.list.filter.is_empty()) {
            (false, _) => "Loading…",
            (true, false) => "No one on bail matches.",
            (true, true) => "No one is due to answer bail.",
        };
        notice(frame, list, vec![Line::raw(text)]);
        return;
    }
    let ids: Vec<&str> = rows.iter().map(|l| l.row.custody_id.as_str()).collect();
    let (selected, shown) = in_view(&b.list, &ids, list);
    let window = &rows[shown];
    let table_rows = window.iter().map(|l| table_row(state, ui, l)).collect();
    let header = vec!["", "Due", "Answers", "Name", "Where", "Custody record", "Conditions"];
    let cols = vec![
        Col::Fixed(1),
        Col::Fixed(9),
        Col::Text { min: 10 },
        Col::Text { min: 8 },
        Col::Text { min: 6 },
        Col::Id,
        Col::Text { min: 8 },
    ];
    let window_list = ListState { selected: b.list.selected.clone(), ..Default::default() };
    let ids = window.iter().map(|l| l.row.custody_id.clone()).collect();
    ListTable { header, cols, rows: table_rows, ids }.render(state, ui, &window_list, frame, list);
    if let Some(line) = selected.map(|at| rows[at]) {
        let mut lines = vec![Line::styled(format!("Conditions of {}", name(line)), ui.style("header"))];
        if line.row.conditions.is_empty() {
            lines.push(Line::styled("None: unconditional bail.", ui.style("dim")));
        }
        lines.extend(line.row.conditions.iter().map(|c| Line::raw(format!("· {c}"))));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), detail);
    }
}

fn name(line: &BailLine) -> String {
    line.row.person_name.clone().unwrap_or_else(|| "(name withheld)".into())
}

/// When they answer: the time (and how far off or overdue), or for
/// pre-charge bail ending, the last day it may run.
fn answers(state: &State, line: &BailLine) -> String {
    let bail = &line.row.bail;
    match (line.due, bail.return_at, bail.limit_on) {
        (BailDue::Ending, _, Some(day)) => format!("ends {}", format::date(day)),
        (_, Some(at), _) => format!("{} ({})", format::date_time(at), format::due(at, state.now)),
        (_, None, Some(day)) => format!("ends {}", format::date(day)),
        (_, None, None) => "—".into(),
    }
}

fn table_row<'a>(state: &State, ui: &Ui, line: &BailLine) -> Vec<Line<'a>> {
    let due = match line.due {
        BailDue::Overdue => Span::styled(line.due.label(), ui.style("alert")),
        BailDue::Today => Span::styled(line.due.label(), ui.style("warning")),
        BailDue::Ending => Span::raw(line.due.label()),
    };
    vec![
        Line::from(mark(state, &line.row.custody_id)),
        Line::from(due),
        Line::from(answers(state, line)),
        name_with_flags(name(line), line.row.flags, ui),
        Line::from(line.row.place.clone().unwrap_or_default()),
        Line::from(line.row.reference.clone()),
        Line::from(line.row.conditions.join("; ")),
    ]
}
