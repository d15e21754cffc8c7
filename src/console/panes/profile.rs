//! Subject profile: the one record — identity, identifiers, markers, flags,
//! addresses, vehicles, associates — over a timeline of every linked event.
//! What the server withholds is shown as withheld, never left out.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::{block, flag_spans, mark, notice, ListTable};
use crate::api::Profile;
use crate::console::format;
use crate::console::format::columns::Col;
use crate::console::layout::profile_split;
use crate::console::state::State;
use crate::console::ui::Ui;
use crate::console::update::profile_linked;
use crate::console::views;
use crate::domain::event::{Event, EventDetails};
use crate::domain::object::ObjectDetails;
use crate::domain::person::{marker_label, IdentifierKind, NameKind};

pub fn render(state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
    let view = &state.profile;
    let Some(profile) = &view.profile else {
        let outer = block(state, ui, "Subject profile");
        let inner = outer.inner(area);
        frame.render_widget(outer, area);
        let line = if let Some(error) = &view.error {
            Line::styled(format!("✖ Could not open the record: {error}"), ui.style("alert"))
        } else if view.loading {
            Line::raw(format!("Opening the record of {}…", view.name))
        } else {
            Line::raw("No subject open. Find one in Lookup and press Enter.")
        };
        notice(frame, inner, vec![line]);
        return;
    };
    let (top, _) = profile_split(area.height);
    let [details_area, timeline_area] = Layout::vertical([Constraint::Length(top), Constraint::Min(3)]).areas(area);

    let title = match &view.reason {
        Some(reason) => format!("{} — opened for: {reason}", profile.person.display_name()),
        None => profile.person.display_name(),
    };
    let details_block = block(state, ui, title);
    let inner = details_block.inner(details_area);
    frame.render_widget(details_block, details_area);
    let [left, right] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(inner);
    frame.render_widget(Paragraph::new(identity(state, profile, ui)).wrap(Wrap { trim: false }), left);
    frame.render_widget(Paragraph::new(surroundings(profile, ui)).wrap(Wrap { trim: false }), right);

    if view.linked {
        linked(state, ui, frame, timeline_area);
        return;
    }
    let entries = views::timeline_rows(state);
    let restricted = match profile.restricted {
        0 => String::new(),
        1 => "; 1 restricted record withheld".into(),
        n => format!("; {n} restricted records withheld"),
    };
    let title =
        format!("Timeline ({}, newest first{restricted}) · p: places, vehicles, phones", profile.timeline.len());
    let timeline_block = block(state, ui, title);
    let inner = timeline_block.inner(timeline_area);
    frame.render_widget(timeline_block, timeline_area);
    if entries.is_empty() {
        notice(frame, inner, vec![Line::raw("No linked records.")]);
        return;
    }
    let rows: Vec<Vec<Line>> = entries
        .iter()
        .map(|entry| {
            let when = format::when(entry.occurred_at, state.now);
            let role = format::label(&entry.role);
            match (&entry.event, entry.withheld) {
                (Some(event), false) => vec![
                    Line::from(mark(state, &entry.id)),
                    Line::from(when),
                    Line::from(entry.kind.as_str()),
                    Line::from(role),
                    Line::from(event.reference.clone()),
                    Line::from(summary(event)),
                ],
                _ => vec![
                    Line::from(mark(state, &entry.id)),
                    Line::from(when),
                    Line::from(entry.kind.as_str()),
                    Line::from(role),
                    Line::from(Span::styled("⊘ WITHHELD", ui.style("withheld"))),
                    Line::from(Span::styled("restricted: your role may not see this record", ui.style("withheld"))),
                ],
            }
        })
        .collect();
    ListTable {
        header: vec!["", "When", "Kind", "Role", "Reference", "Summary"],
        // The time carries its day or year and the reference is never cut.
        cols: vec![Col::Fixed(1), Col::Id, Col::Text { min: 8 }, Col::Text { min: 8 }, Col::Id, Col::Text { min: 10 }],
        rows,
        ids: entries.iter().map(|e| e.id.clone()).collect(),
    }
    .render(state, ui, &view.list, frame, inner);
}

/// The person's places, vehicles and phones, each opening its profile.
fn linked(state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
    let rows = profile_linked::rows(state);
    let title = format!("Places, vehicles and phones ({}) · Enter opens · p: the timeline", rows.len());
    let outer = block(state, ui, title);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    if rows.is_empty() {
        notice(frame, inner, vec![Line::raw("No places, vehicles or phones linked.")]);
        return;
    }
    let cells = rows
        .iter()
        .map(|r| {
            let when = match (r.from, r.to) {
                (_, Some(to)) => format!("until {}", format::date(to)),
                (Some(from), None) => format!("since {}", format::date(from)),
                (None, None) => "current".into(),
            };
            let warnings = r.warnings.iter().map(|w| format!("▲ {}", w.to_uppercase())).collect::<Vec<_>>().join(" ");
            vec![
                Line::from(mark(state, &r.id)),
                Line::from(r.what),
                Line::from(r.role.clone()),
                Line::from(when),
                Line::from(r.label.clone()),
                Line::from(Span::styled(warnings, ui.style("alert"))),
            ]
        })
        .collect();
    ListTable {
        header: vec!["", "What", "Part", "When", "Address, mark or number", "Warnings"],
        cols: vec![
            Col::Fixed(1),
            Col::Fixed(7),
            Col::Text { min: 8 },
            Col::Id,
            Col::Text { min: 16 },
            Col::Text { min: 8 },
        ],
        rows: cells,
        ids: rows.iter().map(|r| r.id.clone()).collect(),
    }
    .render(state, ui, &state.profile.linked_list, frame, inner);
}

/// A record's summary and where it stands: a crime's class, status and
/// officer in the case (or its outcome), a report's status and grading.
fn summary(event: &Event) -> String {
    match &event.details {
        EventDetails::Crime(d) => {
            let class = d.class().map(|c| c.code.clone()).unwrap_or_else(|| "unclassified".into());
            let who = match (&d.finalisation, d.allocation()) {
                (Some(f), _) => format!("outcome {} {}", f.outcome, f.name),
                (None, Some(a)) => format!("OIC {}", a.officer),
                (None, None) => "unallocated".into(),
            };
            format!("{} · {class} · {} · {who}", event.summary, format::label(&d.status))
        }
        EventDetails::Intelligence(d) => {
            let handling = if d.conditions().is_some() { " · handling C" } else { "" };
            format!("{} · {} · graded {}{handling}", event.summary, format::label(&d.status), d.grading.code())
        }
        _ => format!("{} · {}", event.summary, format::words(&event.status)),
    }
}

fn heading<'a>(text: &'a str, ui: &Ui) -> Span<'a> {
    Span::styled(text, ui.style("header"))
}

fn identity<'a>(state: &State, profile: &'a Profile, ui: &Ui) -> Vec<Line<'a>> {
    let person = &profile.person;
    let details = &person.details;
    let mut lines = Vec::new();
    let mut flags = vec![heading("Flags ", ui)];
    let spans = flag_spans(profile.flags, ui);
    if spans.is_empty() {
        flags.push(Span::styled("none", ui.style("dim")));
    }
    flags.extend(spans);
    lines.push(Line::from(flags));
    for bail in &profile.bail_conditions {
        lines.push(Line::from(vec![
            heading("BAIL CONDITIONS ", ui),
            Span::styled(bail.clone(), ui.style("flag.on_bail")),
        ]));
    }
    let born = match details.date_of_birth {
        Some(dob) => format!("{dob} (age {})", dob.age_on(format::today(state.now))),
        None => "unknown".to_string(),
    };
    let sex = details.sex.map(|s| format::label(&s)).unwrap_or_else(|| "unknown".into());
    let ethnicity = details.ethnicity.clone().unwrap_or_else(|| "not stated".into());
    lines.push(Line::from(vec![
        heading("Born ", ui),
        Span::raw(format!("{born}  ")),
        heading("Sex ", ui),
        Span::raw(format!("{sex}  ")),
        heading("Eth ", ui),
        Span::raw(ethnicity),
    ]));
    let aliases: Vec<String> = details
        .names
        .iter()
        .filter(|n| n.kind != NameKind::Primary)
        .map(|n| format!("{} ({})", n.full(), format::label(&n.kind)))
        .collect();
    if !aliases.is_empty() {
        lines.push(Line::from(vec![heading("Also ", ui), Span::raw(aliases.join(", "))]));
    }
    let ids: Vec<String> = details
        .identifiers
        .iter()
        .map(|i| {
            let kind = match i.kind {
                IdentifierKind::Pnc => "PNC",
                IdentifierKind::Cro => "CRO",
                IdentifierKind::NiNumber => "NI",
                IdentifierKind::Other => i.label.as_deref().unwrap_or("ID"),
            };
            format!("{kind} {}", i.value)
        })
        .collect();
    if !ids.is_empty() {
        lines.push(Line::from(vec![heading("IDs ", ui), Span::raw(ids.join("  "))]));
    }
    let today = format::today(state.now);
    let mut markers: Vec<_> = details.markers.iter().collect();
    markers.sort_by_key(|m| std::cmp::Reverse(m.recorded_on));
    if markers.is_empty() {
        lines.push(Line::from(vec![heading("Markers ", ui), Span::styled("none", ui.style("dim"))]));
    } else {
        lines.push(Line::from(heading("Markers", ui)));
        for m in markers {
            let current = m.is_current(today);
            let expiry = match m.expires_on {
                Some(e) if !current => format!(", expired {}", format::date(e)),
                Some(e) => format!(", until {}", format::date(e)),
                None => String::new(),
            };
            let style = if current { ui.style("marker") } else { ui.style("dim") };
            lines.push(Line::from(vec![
                Span::styled(format!(" {} ", marker_label(&m.category)), style),
                Span::raw(format!(
                    "{} since {} ({}{expiry})",
                    format::words(&m.category),
                    format::date(m.recorded_on),
                    m.source
                )),
            ]));
        }
    }
    lines
}

fn surroundings<'a>(profile: &'a Profile, ui: &Ui) -> Vec<Line<'a>> {
    let details = &profile.person.details;
    let mut lines = vec![Line::from(heading("Addresses", ui))];
    if details.addresses.is_empty() {
        lines.push(Line::styled(" none known", ui.style("dim")));
    }
    let mut addresses: Vec<_> = details.addresses.iter().collect();
    addresses.sort_by_key(|a| (a.to.is_some(), std::cmp::Reverse(a.from)));
    for a in addresses.iter().take(3) {
        let when = match (a.from, a.to) {
            (_, None) => "current".to_string(),
            (_, Some(to)) => format!("until {}", format::date(to)),
        };
        let first = a.address.lines.first().cloned().unwrap_or_default();
        lines.push(Line::raw(format!(" {first}, {} ({when})", a.address.postcode)));
    }
    let vehicles: Vec<String> = profile
        .objects
        .iter()
        .filter_map(|o| match &o.details {
            ObjectDetails::Vehicle { vrm, make, model, colour, .. } => {
                Some(format!(" {vrm} {colour} {make} {model}").split_whitespace().collect::<Vec<_>>().join(" "))
            }
            _ => None,
        })
        .collect();
    lines.push(Line::from(heading("Vehicles", ui)));
    if vehicles.is_empty() {
        lines.push(Line::styled(" none known", ui.style("dim")));
    }
    lines.extend(vehicles.into_iter().map(|v| Line::raw(format!(" {v}"))));
    lines.push(Line::from(heading("Associates", ui)));
    if profile.associates.is_empty() {
        lines.push(Line::styled(" none known", ui.style("dim")));
    }
    for a in &profile.associates {
        lines.push(Line::raw(format!(" {} ({})", a.name, format::words(&a.relationship))));
    }
    lines
}
