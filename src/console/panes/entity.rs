//! A vehicle's, phone's or place's profile: what it is and its markers or
//! warnings (symbol and word), over one list of the people linked to it
//! (part and dates) and the records naming it, newest first. What the
//! server withholds is counted as withheld, never left out.

use chrono::{DateTime, NaiveDate, Utc};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::{block, flag_spans, mark, notice, ListTable};
use crate::console::format;
use crate::console::format::columns::Col;
use crate::console::layout::profile_split;
use crate::console::state::{EntityProfile, State, MORE_ROW, WITHHELD_ROW};
use crate::console::ui::Ui;
use crate::domain::event::Event;
use crate::domain::object::ObjectDetails;
use crate::domain::object_marker::{ObjectMarker, ObjectMarkerKind};
use crate::domain::person::flag_label;

pub fn render(state: &State, ui: &Ui, frame: &mut Frame, area: Rect) {
    let view = &state.entity;
    let Some(loaded) = &view.profile else {
        let outer = block(state, ui, "Vehicle, phone or place");
        let inner = outer.inner(area);
        frame.render_widget(outer, area);
        let line = match (&view.error, view.loading) {
            (Some(error), _) => Line::styled(format!("✖ Could not open the record: {error}"), ui.style("alert")),
            (None, true) => Line::raw(format!("Opening the record of {}…", view.name)),
            (None, false) => Line::raw("Nothing open. Find a plate, number or address in Lookup and press Enter."),
        };
        notice(frame, inner, vec![line]);
        return;
    };
    let (top, _) = profile_split(area.height);
    let [details_area, list_area] = Layout::vertical([Constraint::Length(top), Constraint::Min(3)]).areas(area);
    let (name, left, right) = match loaded {
        EntityProfile::Object(p) => (
            object_name(&p.object.details),
            object_identity(&p.object.details, ui),
            object_markers(state, p.object.details.markers(), ui),
        ),
        EntityProfile::Place(p) => {
            (format!("Place {}", p.place.one_line()), place_identity(p, ui), place_warnings(state, p, ui))
        }
    };
    let title = match &view.reason {
        Some(reason) => format!("{name} — opened for: {reason}"),
        None => name,
    };
    let details_block = block(state, ui, title);
    let inner = details_block.inner(details_area);
    frame.render_widget(details_block, details_area);
    let [l, r] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(inner);
    frame.render_widget(Paragraph::new(left).wrap(Wrap { trim: false }), l);
    frame.render_widget(Paragraph::new(right).wrap(Wrap { trim: false }), r);

    let (rows, ids, people, restricted) = list_rows(state, loaded, ui);
    let withheld = match restricted {
        0 => String::new(),
        1 => "; 1 restricted record withheld".into(),
        n => format!("; {n} restricted records withheld"),
    };
    let records = match loaded.timeline_count() {
        (shown, total) if shown < total => format!("{shown} of {total}"),
        (shown, _) => shown.to_string(),
    };
    let title = format!("People ({people}) and records ({records}, newest first{withheld}) — Enter opens");
    let list_block = block(state, ui, title);
    let inner = list_block.inner(list_area);
    frame.render_widget(list_block, list_area);
    if ids.is_empty() {
        notice(frame, inner, vec![Line::raw("No linked people or records.")]);
        return;
    }
    ListTable {
        header: vec!["", "When", "What", "Part", "Who / reference", "Summary"],
        cols: vec![Col::Fixed(1), Col::Id, Col::Text { min: 6 }, Col::Text { min: 8 }, Col::Id, Col::Text { min: 10 }],
        rows,
        ids,
    }
    .render(state, ui, &view.list, frame, inner);
}

type Rows<'a> = (Vec<Vec<Line<'a>>>, Vec<String>, usize, usize);

/// The people (part, dates, markers and flags), then the records, a row
/// saying how many more follow, then a row counting the withheld ones; ids
/// as `update::entity::row_ids`.
fn list_rows<'a>(state: &State, loaded: &'a EntityProfile, ui: &Ui) -> Rows<'a> {
    let mut rows = Vec::new();
    let ids = loaded.row_ids();
    let person =
        |id: &str, name: &str, part: String, from: Option<NaiveDate>, to: Option<NaiveDate>, safety: Vec<Span<'a>>| {
            vec![
                Line::from(mark(state, id)),
                Line::from(dates(from, to)),
                Line::from("person"),
                Line::from(part),
                Line::from(name.to_string()),
                Line::from(safety),
            ]
        };
    let record = |event: &Event, at: DateTime<Utc>, part: String| {
        vec![
            Line::from(mark(state, &event.id)),
            Line::from(format::when(at, state.now)),
            Line::from(event.kind.as_str()),
            Line::from(part),
            Line::from(event.reference.clone()),
            Line::from(format!("{} · {}", event.summary, format::words(&event.status))),
        ]
    };
    let (people, restricted) = match loaded {
        EntityProfile::Object(p) => {
            for x in &p.people {
                let mut safety = markers(&x.markers, ui);
                safety.extend(flag_spans(x.flags, ui));
                rows.push(person(&x.person_id, &x.name, format::words(&x.relationship), x.from, x.until, safety));
            }
            for t in &p.timeline {
                rows.push(record(&t.event, t.occurred_at, format::words(t.role.as_str())));
            }
            (p.people.len(), p.restricted)
        }
        EntityProfile::Place(p) => {
            for x in &p.people {
                let mut safety = markers(&x.markers, ui);
                for label in &x.flags {
                    let flag = crate::domain::event::Flag::ALL.into_iter().find(|f| flag_label(*f) == label);
                    let style = flag.map(|f| ui.style(&format!("flag.{}", f.as_str()))).unwrap_or_default();
                    safety.push(Span::styled(format!("{label} "), style));
                }
                rows.push(person(&x.person_id, &x.name, x.role.label().to_string(), x.from, x.to, safety));
            }
            for t in &p.timeline {
                rows.push(record(&t.event, t.occurred_at, t.role.label().to_string()));
            }
            (p.people.len(), p.restricted)
        }
    };
    if loaded.timeline_next().is_some() {
        let (shown, total) = loaded.timeline_count();
        let loading = if state.entity.loading { "reading…" } else { "Enter reads the next page" };
        rows.push(vec![
            Line::from(mark(state, MORE_ROW)),
            Line::from(""),
            Line::from(""),
            Line::from(""),
            Line::from(Span::styled("… MORE", ui.style("dim"))),
            Line::from(Span::styled(format!("{} older records — {loading}", total - shown), ui.style("dim"))),
        ]);
    }
    if restricted > 0 {
        let style = ui.style("withheld");
        rows.push(vec![
            Line::from(" "),
            Line::from(""),
            Line::from(""),
            Line::from(""),
            Line::from(Span::styled("⊘ WITHHELD", style)),
            Line::from(Span::styled(format!("{restricted} restricted: your role may not see them"), style)),
        ]);
    }
    debug_assert_eq!(ids.last().map(String::as_str) == Some(WITHHELD_ROW), restricted > 0);
    (rows, ids, people, restricted)
}

fn markers<'a>(labels: &[String], ui: &Ui) -> Vec<Span<'a>> {
    labels.iter().map(|m| Span::styled(format!("{m} "), ui.style("marker"))).collect()
}

/// "since 01/03/2024", "01/03/2024 to 10/01/2025", "until …".
fn dates(from: Option<NaiveDate>, to: Option<NaiveDate>) -> String {
    match (from, to) {
        (Some(f), None) => format!("since {}", format::date(f)),
        (Some(f), Some(t)) => format!("{} to {}", format::date(f), format::date(t)),
        (None, Some(t)) => format!("until {}", format::date(t)),
        (None, None) => String::new(),
    }
}

fn heading<'a>(text: &'a str, ui: &Ui) -> Span<'a> {
    Span::styled(text, ui.style("header"))
}

fn object_name(details: &ObjectDetails) -> String {
    match details {
        ObjectDetails::Vehicle { vrm, .. } => format!("Vehicle {vrm}"),
        ObjectDetails::Phone { number, .. } => format!("Phone {number}"),
        ObjectDetails::Property { description } => format!("Property {description}"),
    }
}

fn object_identity<'a>(details: &'a ObjectDetails, ui: &Ui) -> Vec<Line<'a>> {
    let line = |name: &'a str, value: String| Line::from(vec![heading(name, ui), Span::raw(value)]);
    let or_unknown = |s: &str| if s.is_empty() { "unknown".to_string() } else { s.to_string() };
    match details {
        ObjectDetails::Vehicle { vrm, make, model, colour, vin, former_vrms, .. } => {
            let mut lines = vec![
                line("Mark ", vrm.clone()),
                line(
                    "Vehicle ",
                    or_unknown(
                        &[colour.as_str(), make, model]
                            .iter()
                            .filter(|s| !s.is_empty())
                            .copied()
                            .collect::<Vec<_>>()
                            .join(" "),
                    ),
                ),
                line("VIN ", vin.clone().unwrap_or_else(|| "unknown".into())),
            ];
            if !former_vrms.is_empty() {
                let former: Vec<String> = former_vrms
                    .iter()
                    .map(|f| match f.until {
                        Some(u) => format!("{} (until {})", f.vrm, format::date(u)),
                        None => f.vrm.clone(),
                    })
                    .collect();
                lines.push(line("Formerly ", former.join(", ")));
            }
            lines
        }
        ObjectDetails::Phone { number, imei, imsi, .. } => vec![
            line("Number ", number.clone()),
            line("IMEI ", imei.clone().unwrap_or_else(|| "unknown".into())),
            line("IMSI ", imsi.clone().unwrap_or_else(|| "unknown".into())),
        ],
        ObjectDetails::Property { description } => vec![line("Property ", description.clone())],
    }
}

/// Each marker with its symbol and word, current ones first and styled,
/// lapsed ones dim.
fn object_markers<'a>(state: &State, markers: &'a [ObjectMarker], ui: &Ui) -> Vec<Line<'a>> {
    let today = format::today(state.now);
    if markers.is_empty() {
        return vec![Line::from(vec![heading("Markers ", ui), Span::styled("none", ui.style("dim"))])];
    }
    let mut sorted: Vec<&ObjectMarker> = markers.iter().collect();
    sorted.sort_by_key(|m| (!m.is_current(today), std::cmp::Reverse(m.recorded_on)));
    let mut lines = vec![Line::from(heading("Markers", ui))];
    for m in sorted {
        let current = m.is_current(today);
        let symbol = match m.kind {
            ObjectMarkerKind::Stolen => "✖",
            ObjectMarkerKind::OfInterest => "◉",
            ObjectMarkerKind::Cloned => "⧉",
        };
        let until = match m.expires_on {
            Some(e) if !current => format!(", lapsed {}", format::date(e)),
            Some(e) => format!(", until {}", format::date(e)),
            None => String::new(),
        };
        let style = if current { ui.style("alert") } else { ui.style("dim") };
        lines.push(Line::from(vec![
            Span::styled(format!(" {symbol} {} ", m.kind.label()), style),
            Span::raw(format!("since {} ({}{until})", format::date(m.recorded_on), m.source)),
        ]));
        if !m.note.is_empty() {
            lines.push(Line::styled(format!("   {}", m.note), ui.style("dim")));
        }
    }
    lines
}

fn place_identity<'a>(p: &'a crate::api::place_records::PlaceProfile, ui: &Ui) -> Vec<Line<'a>> {
    let address = &p.place.address;
    let mut lines: Vec<Line> = vec![Line::from(heading("Address", ui))];
    lines.extend(address.lines.iter().map(|l| Line::raw(format!(" {l}"))));
    lines.push(Line::raw(format!(" {}", address.postcode)));
    if let Some(borough) = &address.borough {
        lines.push(Line::from(vec![heading("Borough ", ui), Span::raw(borough.clone())]));
    }
    if let (Some(lat), Some(lon)) = (address.lat, address.lon) {
        lines.push(Line::from(vec![heading("At ", ui), Span::raw(format!("{lat:.5}, {lon:.5}"))]));
    }
    lines
}

/// Location warnings with a symbol and their words, current first.
fn place_warnings<'a>(state: &State, p: &'a crate::api::place_records::PlaceProfile, ui: &Ui) -> Vec<Line<'a>> {
    let today = format::today(state.now);
    if p.place.warnings.is_empty() {
        return vec![Line::from(vec![heading("Warnings ", ui), Span::styled("none", ui.style("dim"))])];
    }
    let mut warnings: Vec<_> = p.place.warnings.iter().collect();
    warnings.sort_by_key(|w| (!w.is_current(today), std::cmp::Reverse(w.recorded_on)));
    let mut lines = vec![Line::from(heading("Warnings", ui))];
    for w in warnings {
        let current = w.is_current(today);
        let until = match w.expires_on {
            Some(e) if !current => format!(", lapsed {}", format::date(e)),
            Some(e) => format!(", until {}", format::date(e)),
            None => String::new(),
        };
        let style = if current { ui.style("alert") } else { ui.style("dim") };
        lines.push(Line::from(vec![
            Span::styled(format!(" ▲ {} ", w.category.label().to_uppercase()), style),
            Span::raw(format!("since {} ({}{until})", format::date(w.recorded_on), w.source)),
        ]));
        if let Some(note) = &w.note {
            lines.push(Line::styled(format!("   {note}"), ui.style("dim")));
        }
    }
    lines
}
