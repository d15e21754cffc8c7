//! One renderer per pane (its dialogs with it), the dialogs of no pane, and
//! the pieces they share: the framed block that shows staleness, a dialog's
//! frame, the selectable table, flags and markers. Drawing only: what a
//! pane does is its file in `update/`.

pub mod asb;
pub mod bail;
pub mod board;
pub mod case_cells;
pub mod cases;
pub mod crimes;
pub mod custody_form;
pub mod dialogs;
pub mod entity;
pub mod event;
pub mod hearings;
pub mod help;
pub mod incidents;
pub mod intelligence;
pub mod login;
pub mod lookup;
pub mod picker;
pub mod profile;
pub mod review;
pub mod safeguarding;
pub mod status_bar;
pub mod warrant_form;
pub mod warrants;

use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Cell, Paragraph, Row, Table, TableState, Wrap};
use ratatui::Frame;

use super::format::columns::{share, Col};
use super::format::fit::{fit, fit_line};
use super::hits::Target;
use super::state::{ListState, State};
use super::ui::Ui;
use super::views;
use crate::domain::event::Flag;
use crate::domain::person::{flag_label, Flags};

/// The pane's frame; when the stream is down the title says STALE.
pub fn block<'a>(state: &State, ui: &Ui, title: impl Into<String>) -> Block<'a> {
    let mut spans = vec![Span::styled(format!(" {} ", title.into()), ui.style("title"))];
    let border = if state.live.stale() {
        spans.push(Span::styled(" ▲ STALE: not live, may be out of date ", ui.style("warning")));
        ui.style("stale")
    } else {
        ui.style("border")
    };
    Block::default().borders(Borders::ALL).border_type(BorderType::Plain).border_style(border).title(Line::from(spans))
}

/// A paged queue's size for its title, as the server counted it: "50 of
/// 312" while it holds more than are loaded, else "all 312", or "none".
pub fn of_total(loaded: usize, total: usize, at_least: bool) -> String {
    match total {
        _ if at_least => format!("{loaded} of {total}+"),
        0 => "none".to_string(),
        total if loaded < total => format!("{loaded} of {total}"),
        total => format!("all {total}"),
    }
}

/// "312 more below", or "1000+ more below" when the server stopped counting.
pub fn more_below(shown: usize, more: usize, at_least: bool) -> String {
    let plus = if at_least { "+" } else { "" };
    format!("{shown} shown, {more}{plus} more below")
}

/// A rectangle of at most `width`×`height`, centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height }
}

/// The frame of a dialog: a focused border and its title.
pub fn dialog<'a>(ui: &Ui, title: &str) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(ui.style("border.focus"))
        .title(Span::styled(format!(" {title} "), ui.style("title")))
        .style(ui.style("base"))
}

/// A one-line message inside a pane (empty list, loading, error).
pub fn notice(frame: &mut Frame, area: Rect, lines: Vec<Line>) {
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}

/// Draws a selectable table: the selected row marked with `▶` and the
/// selection style; rows changed a moment ago marked with `•`. Columns take
/// their widths by `format::columns::share` from the rows in view: an
/// identifier is never cut, other text that must shrink ends with `…`.
pub struct ListTable<'a> {
    pub header: Vec<&'a str>,
    pub cols: Vec<Col>,
    /// One line per column for each row.
    pub rows: Vec<Vec<Line<'a>>>,
    pub ids: Vec<String>,
}

impl ListTable<'_> {
    pub fn render(self, state: &State, ui: &Ui, list: &ListState, frame: &mut Frame, area: Rect) {
        let selected = views::selected_index(&self.ids, list);
        let height = usize::from(area.height.saturating_sub(1));
        let offset = views::window_offset(list.offset, selected, self.ids.len(), height);
        let end = (offset + height).min(self.rows.len());
        // Each row in view, under the header, is where a click selects it.
        for (line, id) in self.ids.iter().enumerate().take(end).skip(offset) {
            let y = area.y.saturating_add(1).saturating_add(u16::try_from(line - offset).unwrap_or(u16::MAX));
            ui.hits.add(Rect { y, height: 1, ..area }, Target::Row(id.clone()));
        }
        // Widths from the header and the rows in view only.
        let mut needs: Vec<u16> = self.header.iter().map(|h| Line::raw(*h).width() as u16).collect();
        for row in self.rows.get(offset..end).unwrap_or_default() {
            for (need, cell) in needs.iter_mut().zip(row) {
                *need = (*need).max(u16::try_from(cell.width()).unwrap_or(u16::MAX));
            }
        }
        // The highlight symbol's column comes off the width first.
        let widths = share(&self.cols, &needs, area.width.saturating_sub(1), 1);
        let stale = state.live.stale();
        let rows: Vec<Row> = self
            .rows
            .into_iter()
            .zip(&self.ids)
            .enumerate()
            .map(|(i, (cells, id))| {
                let in_view = (offset..end).contains(&i);
                let cells = cells.into_iter().zip(&self.cols).zip(&widths).map(|((cell, col), w)| match col {
                    Col::Text { .. } if in_view => Cell::from(fit_line(cell, usize::from(*w))),
                    _ => Cell::from(cell),
                });
                let row = Row::new(cells);
                if state.recently_changed(id) {
                    row.style(ui.style("changed"))
                } else if stale {
                    row.style(ui.style("stale"))
                } else {
                    row
                }
            })
            .collect();
        let header = Row::new(self.header.into_iter().zip(&self.cols).zip(&widths).map(|((h, col), w)| match col {
            Col::Text { .. } => Span::styled(fit(h, usize::from(*w)), ui.style("header")),
            _ => Span::styled(h, ui.style("header")),
        }));
        let constraints: Vec<Constraint> = widths.iter().map(|w| Constraint::Length(*w)).collect();
        let table = Table::new(rows, constraints)
            .header(header)
            .row_highlight_style(ui.style("selected"))
            .highlight_symbol("▶")
            .highlight_spacing(ratatui::widgets::HighlightSpacing::Always)
            .column_spacing(1);
        let mut table_state = TableState::default().with_offset(offset).with_selected(selected);
        frame.render_stateful_widget(table, area, &mut table_state);
    }
}

/// Which rows a list `area` high shows (its header off), and where its
/// selection is among all `ids`: only the rows in view are built.
pub fn in_view(list: &ListState, ids: &[&str], area: Rect) -> (Option<usize>, std::ops::Range<usize>) {
    let selected = list.selected.as_deref().and_then(|id| ids.iter().position(|i| *i == id));
    let height = usize::from(area.height.saturating_sub(1));
    let offset = views::window_offset(list.offset, selected, ids.len(), height);
    (selected, offset..(offset + height).min(ids.len()))
}

/// Marks a list's filter line when a form on it was closed unsent.
pub fn unsent(line: &mut Line, touched: bool, ui: &Ui) {
    if touched {
        line.spans.push(Span::styled("  ✎ unsent", ui.style("warning")));
    }
}

/// The first cell of a row: `•` when the record changed a moment ago.
pub fn mark(state: &State, id: &str) -> &'static str {
    if state.recently_changed(id) {
        "•"
    } else {
        " "
    }
}

/// Flags as symbol and word in their styles: ⚑ WANTED, ▣ IN CUSTODY,
/// ? MISSING, ! AT RISK, ◷ ON BAIL — the same without colour.
pub fn flag_spans<'a>(flags: Flags, ui: &Ui) -> Vec<Span<'a>> {
    let mut spans = Vec::new();
    for flag in Flag::ALL.into_iter().filter(|f| flags.has(*f)) {
        if !spans.is_empty() {
            spans.push(Span::raw(" "));
        }
        spans.push(Span::styled(flag_label(flag), ui.style(&format!("flag.{}", flag.as_str()))));
    }
    spans
}

/// A person's name on a row, followed by their flags.
pub fn name_with_flags<'a>(name: String, flags: Flags, ui: &Ui) -> Line<'a> {
    let mut spans = vec![Span::raw(name)];
    let flags = flag_spans(flags, ui);
    if !flags.is_empty() {
        spans.push(Span::raw(" "));
        spans.extend(flags);
    }
    Line::from(spans)
}

/// The filter line of a list: the active filters, the text filter being
/// typed, and a count.
pub fn filter_line<'a>(ui: &Ui, parts: Vec<(&'a str, String)>, list: &ListState, count: String) -> Line<'a> {
    let mut spans = Vec::new();
    for (name, value) in parts {
        spans.push(Span::styled(format!("{name}: "), ui.style("dim")));
        spans.push(Span::raw(format!("{value}  ")));
    }
    if list.filter_editing || !list.filter.is_empty() {
        spans.push(Span::styled("/", ui.style("key")));
        let cursor = if list.filter_editing { "▏" } else { "" };
        spans.push(Span::styled(format!("{}{cursor}", list.filter), ui.style("input")));
        spans.push(Span::raw("  "));
    }
    spans.push(Span::styled(count, ui.style("dim")));
    Line::from(spans)
}

/// A cell with a symbol before a time when it is due soon or overdue, so
/// the meaning survives without colour.
pub fn due_cell<'a>(text: String, urgency: super::custody_view::Urgency, ui: &Ui) -> Span<'a> {
    use super::custody_view::Urgency;
    match urgency {
        Urgency::Fine => Span::raw(format!("  {text}")),
        Urgency::DueSoon => Span::styled(format!("▲ {text}"), ui.style("warning")),
        Urgency::Overdue => Span::styled(format!("✖ {text}"), ui.style("alert")),
    }
}

pub fn style_or(ui: &Ui, name: &str, fallback: Style) -> Style {
    fallback.patch(ui.style(name))
}
