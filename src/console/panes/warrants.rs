//! Warrant queue: outstanding warrants in the server's priority order,
//! each with its band and score, and below the list why the selected one
//! sits where it does.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::{block, filter_line, flag_spans, mark, notice, ListTable};
use crate::console::format;
use crate::console::format::columns::Col;
use crate::console::queue_rows;
use crate::console::state::{Allocation, ListState, State};
use crate::console::ui::Ui;
use crate::console::views::{self, WarrantPriority};
use crate::domain::event::WarrantKind;
use crate::domain::priority::Bands;

pub fn kind_label(kind: WarrantKind) -> &'static str {
    match kind {
        WarrantKind::ArrestWithBail => "arrest+bail",
        WarrantKind::ArrestWithoutBail => "arrest",
        WarrantKind::Bench => "bench",
        WarrantKind::Breach => "breach",
        WarrantKind::Commitment => "commitment",
        WarrantKind::Search => "search",
    }
}

pub fn allocation_label(allocation: Allocation) -> &'static str {
    match allocation {
        Allocation::All => "all",
        Allocation::Allocated => "allocated",
        Allocation::Unallocated => "unallocated",
        Allocation::Mine => "mine",
    }
}

/// A priority floor as the band it starts ("HIGH (70+)"), or "all".
pub fn priority_label(min_priority: Option<i32>, bands: Bands) -> String {
    match min_priority.map(|m| (m, views::warrant_priority(m, bands))) {
        None => "all".to_string(),
        Some((_, WarrantPriority::High)) => format!("HIGH ({}+)", bands.high_from),
        Some((floor, band)) => format!("{}+ ({floor}+)", band.label()),
    }
}

/// The person's cell, with where they are held when they are in custody:
/// the warrant may be executed where they are.
fn held_at<'a>(mut name: Line<'a>, held_at: Option<&str>, ui: &Ui) -> Line<'a> {
    if let Some(place) = held_at {
        name.spans.push(Span::styled(format!(" ({place})"), ui.style("warning")));
    }
    name
}

pub fn render(state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
    let w = &state.warrants;
    let mut title = format!("Warrant queue — by {}", w.sort.as_str());
    if w.rows.loaded && w.rows.error.is_none() {
        title.push_str(&format!(" · {}", super::of_total(w.rows.items.len(), w.rows.total, false)));
    }
    let outer = block(state, ui, title);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let [filters, list, why] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(2)]).areas(inner);
    let rows = queue_rows::warrant_rows(state);
    let parts = vec![
        ("Kind", w.kind.map(kind_label).unwrap_or("all").to_string()),
        ("Borough", w.borough.clone().unwrap_or_else(|| "all".into())),
        ("Allocation", allocation_label(w.allocation).to_string()),
        ("Priority", priority_label(w.min_priority, w.bands)),
    ];
    let count = if w.rows.next.is_some() || rows.len() != w.rows.total {
        format!("{} of {} outstanding", rows.len(), w.rows.total)
    } else {
        format!("{} outstanding", w.rows.total)
    };
    let mut line = filter_line(ui, parts, &w.rows.list, count);
    if w.draft.is_some() || w.form_draft.as_ref().is_some_and(|f| f.touched) {
        line.spans.push(Span::styled("  ✎ unsent", ui.style("warning")));
    }
    frame.render_widget(Paragraph::new(line), filters);
    if let Some(error) = &w.rows.error {
        notice(frame, list, vec![Line::styled(format!("✖ Could not load warrants: {error}"), ui.style("alert"))]);
        return;
    }
    if rows.is_empty() {
        let text = if w.rows.loading || !w.rows.loaded { "Loading…" } else { "No outstanding warrants match." };
        notice(frame, list, vec![Line::raw(text)]);
        return;
    }
    // Only the rows in view are built: the queue may hold tens of thousands.
    let list_state = &w.rows.list;
    let is_selected = |i: usize| rows.get(i).is_some_and(|r| list_state.selected.as_deref() == Some(r.id.as_str()));
    let selected = if is_selected(list_state.last_index) {
        Some(list_state.last_index)
    } else {
        list_state.selected.as_deref().and_then(|s| rows.iter().position(|r| r.id == s))
    };
    let selected = selected.or(Some(list_state.last_index.min(rows.len() - 1)));
    let height = usize::from(list.height.saturating_sub(1));
    let offset = views::window_offset(w.rows.list.offset, selected, rows.len(), height);
    let window = rows.window(offset, offset + height);
    let wide = area.width >= 110;
    let table_rows: Vec<Vec<Line>> = window
        .iter()
        .map(|r| {
            let band = views::warrant_priority(r.score, w.bands);
            let style = match band {
                WarrantPriority::High => ui.style("alert"),
                WarrantPriority::Medium => ui.style("warning"),
                WarrantPriority::Low => ui.style("dim"),
            };
            let priority_cell = Span::styled(format!("{:<4} {:>3}", band.label(), r.score), style);
            let officer = r.allocated_to.clone().unwrap_or_else(|| "—".into());
            let mut cells = vec![
                Line::from(mark(state, &r.id)),
                Line::from(priority_cell),
                Line::from(kind_label(r.warrant_kind)),
                held_at(Line::from(r.person_name.clone()), r.held_at.as_deref(), ui),
                Line::from(flag_spans(r.flags, ui)),
                Line::from(r.offence.clone()),
            ];
            if wide {
                cells.push(Line::from(r.issuing_court.clone()));
            }
            cells.push(Line::from(format::date(r.issued_on)));
            cells.push(Line::from(officer));
            cells.push(Line::from(if r.attempts == 0 { "none".to_string() } else { r.attempts.to_string() }));
            cells
        })
        .collect();
    let mut header = vec!["", "Priority", "Kind", "Person", "Flags", "Offence"];
    // Person and offence share what is left by need: both are read to pick
    // a warrant. The flags (▣ IN CUSTODY above all) are never cut: the
    // other columns give way around them. The issue date carries its year.
    let mut cols =
        vec![Col::Fixed(1), Col::Fixed(8), Col::Text { min: 6 }, Col::Text { min: 10 }, Col::Id, Col::Text { min: 10 }];
    if wide {
        header.push("Court");
        cols.push(Col::Text { min: 10 });
    }
    header.extend(["Issued", "Officer", "Tries"]);
    cols.extend([Col::Id, Col::Text { min: 8 }, Col::Fixed(5)]);
    let window_list = ListState {
        selected: selected.map(|i| rows[i].id.clone()),
        last_index: selected.unwrap_or(0).saturating_sub(offset),
        offset: 0,
        ..Default::default()
    };
    ListTable { header, cols, rows: table_rows, ids: window.iter().map(|r| r.id.clone()).collect() }.render(
        state,
        ui,
        &window_list,
        frame,
        list,
    );
    // Why the selected warrant sits where it does, in the server's words.
    if let Some(r) = selected.and_then(|i| rows.get(i)) {
        let mut spans = Vec::new();
        // Said whole here, whatever the person's column leaves of it.
        if let Some(place) = &r.held_at {
            spans.push(Span::styled(format!("▣ IN CUSTODY at {place} · "), ui.style("warning")));
        }
        spans.push(Span::styled(format!("Why {} scores {}: ", r.reference, r.score), ui.style("dim")));
        spans.push(Span::raw(r.reasons.join(" · ")));
        frame.render_widget(Paragraph::new(Line::from(spans)).wrap(Wrap { trim: true }), why);
    }
}
