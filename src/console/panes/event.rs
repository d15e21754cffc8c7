//! One record, opened from a list or a timeline: its header, its people and
//! every field of its details; custody records with their PACE times.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;
use serde_json::Value;

use super::block;
use crate::console::custody_view::status_at;
use crate::console::format;
use crate::console::state::{EventView, State};
use crate::console::ui::Ui;
use crate::console::views;
use crate::domain::event::EventDetails;

pub fn render(state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
    let Some(view) = &state.event else { return };
    let event = &view.event;
    let title = format!("{} {} (version {})", event.kind, event.reference, event.version);
    let outer = block(state, ui, title);
    let mut lines = vec![
        field(ui, "Summary", event.summary.clone()),
        field(ui, "Status", format::words(&event.status)),
        field(ui, "Occurred", format::date_time(event.occurred_at)),
        field(ui, "Borough", event.borough.clone().unwrap_or_else(|| "—".into())),
        field(ui, "Updated", format!("{} by {}", format::date_time(event.updated_at), event.provenance.entered_by)),
    ];
    for person in &event.people {
        lines.push(field(
            ui,
            "Person",
            format!("{} ({})", person_name(state, &person.person_id), format::label(&person.role)),
        ));
    }
    linked_lines(view, ui, &mut lines);
    if let EventDetails::Custody(d) = &event.details {
        let status = status_at(d, state.now);
        lines.push(Line::raw(""));
        let clock = match (status.remaining, status.clock_limit) {
            (Some(left), Some(limit)) => {
                format!("{} left, limit {}", format::clock(left), format::when(limit, state.now))
            }
            _ => "not running".to_string(),
        };
        lines.push(field(ui, "PACE clock", clock));
        if let Some(c) = &d.carried {
            lines.push(field(ui, "Carried", format!("{} (PACE s.47(6))", c.label())));
        }
        let due = |at| format!("{} ({})", format::when(at, state.now), format::due(at, state.now));
        let review = status.next_review_due.map(due).unwrap_or_else(|| "none".into());
        lines.push(field(ui, "Next review", review));
        let visit = status.next_visit_due.map(due).unwrap_or_else(|| "constant observation".into());
        lines.push(field(ui, "Next visit", visit));
        for alert in &status.alerts {
            let style = match alert.severity {
                crate::console::custody_view::Severity::Overdue => ui.style("alert"),
                crate::console::custody_view::Severity::DueSoon => ui.style("warning"),
            };
            let symbol = if alert.severity == crate::console::custody_view::Severity::Overdue { "✖" } else { "▲" };
            lines.push(Line::from(vec![
                Span::styled(format!("{:<12} ", "Alert"), ui.style("header")),
                Span::styled(format!("{symbol} {} ({})", alert.label(), due(alert.due)), style),
            ]));
        }
    }
    lines.push(Line::raw(""));
    if let Ok(Value::Object(map)) = serde_json::to_value(&event.details) {
        for (key, value) in map {
            match (key.as_str(), &value) {
                ("kind", _) => {}
                // Said in words beside the PACE clock.
                ("carried", _) => {}
                // The suite by its name and code, as the board shows it.
                ("suite_id", Value::String(id)) => {
                    let suite = match state.board.suites.iter().any(|s| s.id == *id) {
                        true => format!("{} ({})", views::suite_name(state, id), views::suite_code(state, id)),
                        false => "(suite not loaded)".to_string(),
                    };
                    lines.push(field(ui, "Suite", suite));
                }
                _ => value_lines(ui, &format::words(&key), &value, 0, &mut lines),
            }
        }
    }
    let paragraph = Paragraph::new(lines).block(outer).wrap(Wrap { trim: false }).scroll((view.scroll, 0));
    frame.render_widget(paragraph, area);
}

/// The vehicles, phones and places linked to the record, each with its
/// part and what is in force on it; the one chosen (after `p`) marked.
fn linked_lines(view: &EventView, ui: &Ui, lines: &mut Vec<Line<'_>>) {
    if view.links.is_empty() {
        return;
    }
    lines.push(Line::raw(""));
    let hint = if view.choosing { "Enter opens, p scrolls" } else { "p to choose one" };
    lines.push(Line::from(vec![
        Span::styled("Vehicles, phones and places ", ui.style("header")),
        Span::styled(format!("({hint})"), ui.style("hint")),
    ]));
    for link in &view.links {
        let chosen = view.choosing && view.list.selected.as_deref() == Some(link.target.id.as_str());
        let mut text = format!("{} ({})", link.label, link.role);
        let what = match link.what {
            "vehicle" => "Vehicle",
            "phone" => "Phone",
            _ => "Place",
        };
        let mut spans = vec![Span::styled(format!("{what:<12} "), ui.style("header"))];
        if !link.warnings.is_empty() {
            text.push(' ');
        }
        spans.push(if chosen { Span::styled(text, ui.style("selected")) } else { Span::raw(text) });
        if !link.warnings.is_empty() {
            spans.push(Span::styled(format!("▲ {}", link.warnings.join(", ")), ui.style("warning")));
        }
        lines.push(Line::from(spans));
    }
}

/// A person's name where the console knows it (the open profile, its
/// associates, the search results, the lists' names), never an id.
fn person_name(state: &State, id: &str) -> String {
    if let Some(profile) = state.profile.profile.as_ref().filter(|p| p.person.id == id) {
        return profile.person.display_name();
    }
    let associate = state.profile.profile.as_ref().and_then(|p| p.associates.iter().find(|a| a.person_id == id));
    if let Some(a) = associate {
        return a.name.clone();
    }
    if let Some(hit) = state.lookup.hits.iter().find(|h| h.person_id == id) {
        return hit.name.clone();
    }
    let queued = state.warrants.rows.items.iter().find(|r| r.person_id == id).map(|r| &r.person_name);
    let at_incident = state.incidents.rows.iter().flat_map(|r| &r.people).find(|p| p.person_id == id).map(|p| &p.name);
    let on_a_list = [state.names.get(id), state.people.get(id).map(|b| &b.name), queued, at_incident];
    match on_a_list.into_iter().flatten().find(|name| !name.is_empty()) {
        Some(name) => name.clone(),
        None => "(name not loaded)".to_string(),
    }
}

fn field<'a>(ui: &Ui, name: &str, value: String) -> Line<'a> {
    Line::from(vec![Span::styled(format!("{name:<12} "), ui.style("header")), Span::raw(value)])
}

/// A detail's text; timestamps are shown in London time.
fn text_value(text: &str) -> String {
    match text.parse::<chrono::DateTime<chrono::Utc>>() {
        Ok(at) => format::date_time(at),
        Err(_) => text.to_string(),
    }
}

/// Any JSON value as indented lines: objects by field, lists by item.
fn value_lines<'a>(ui: &Ui, name: &str, value: &Value, depth: usize, out: &mut Vec<Line<'a>>) {
    let indent = "  ".repeat(depth);
    match value {
        Value::Object(map) => {
            out.push(Line::styled(format!("{indent}{name}"), ui.style("header")));
            for (key, inner) in map {
                value_lines(ui, &format::words(key), inner, depth + 1, out);
            }
        }
        Value::Array(items) if items.is_empty() => {
            out.push(Line::from(vec![
                Span::styled(format!("{indent}{name:<12} "), ui.style("header")),
                Span::styled("none", ui.style("dim")),
            ]));
        }
        Value::Array(items) => {
            out.push(Line::styled(format!("{indent}{name}"), ui.style("header")));
            for (i, item) in items.iter().enumerate() {
                value_lines(ui, &format!("{}.", i + 1), item, depth + 1, out);
            }
        }
        Value::String(text) => out.push(Line::from(vec![
            Span::styled(format!("{indent}{name:<12} "), ui.style("header")),
            Span::raw(text_value(text)),
        ])),
        Value::Null => {}
        other => out.push(Line::from(vec![
            Span::styled(format!("{indent}{name:<12} "), ui.style("header")),
            Span::raw(other.to_string()),
        ])),
    }
}
