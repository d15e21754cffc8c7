//! A custody record's sections: the detention, where PACE stands now, the
//! bail granted, and the log one line per entry (the chosen entry's whole
//! text under it on demand).

use unicode_width::UnicodeWidthStr;

use super::sheet::{Sheet, Tone};
use crate::console::custody_view::{status_at, Severity};
use crate::console::format;
use crate::console::format::fit::fit;
use crate::console::state::{EventView, State};
use crate::console::views;
use crate::domain::bail::Bail;
use crate::domain::event::CustodyDetails;
use crate::domain::wording::{of, sentence, words};

pub fn sections(state: &State, view: &EventView, d: &CustodyDetails, sheet: &mut Sheet) {
    detention(state, d, sheet);
    pace(state, d, sheet);
    if let Some(bail) = &d.bail {
        bail_section(bail, sheet);
    }
    log(state, view, d, sheet);
}

fn detention(state: &State, d: &CustodyDetails, sheet: &mut Sheet) {
    sheet.section("Detention");
    let suite = match state.board.suites.iter().any(|s| s.id == d.suite_id) {
        true => format!("{} ({})", views::suite_name(state, &d.suite_id), views::suite_code(state, &d.suite_id)),
        false => "(suite not loaded)".to_string(),
    };
    sheet.field("Suite", suite);
    sheet.field("Cell", d.cell.clone());
    sheet.field("Arrested", format!("{} by {}", format::date_time(d.arrested_at), d.arresting_officer));
    sheet.field("Reason for arrest", d.arrest_reason.clone());
    let indictable = if d.indictable { " (indictable)" } else { "" };
    sheet.field("Offences", format!("{}{indictable}", d.offences.join("; ")));
    sheet.field("Relevant time", format::date_time(d.relevant_time));
    sheet.field("Authorised", format::date_time(d.detention_authorised_at));
    let observation = crate::domain::pace::Observation::from_level(d.observation_level);
    sheet.field("Observation", format!("level {} — {}", d.observation_level, observation.label()));
    for (label, at) in [("Last visit", d.last_visit_at), ("Last review", d.last_review_at)] {
        if let Some(at) = at {
            sheet.field(label, format::date_time(at));
        }
    }
    if let Some(outcome) = d.outcome {
        sheet.field("Outcome", sentence(&of(&outcome)));
    }
    for (label, linked) in [("Case", &d.case), ("Crime", &d.crime), ("Warrant", &d.warrant)] {
        if let Some(record) = linked {
            sheet.field(label, record.reference.clone());
        }
    }
}

fn pace(state: &State, d: &CustodyDetails, sheet: &mut Sheet) {
    let status = status_at(d, state.now);
    sheet.section("PACE now");
    let clock = match (status.remaining, status.clock_limit) {
        (Some(left), Some(limit)) => format!("{} left, limit {}", format::clock(left), format::when(limit, state.now)),
        _ => "not running".to_string(),
    };
    sheet.field("Clock", clock);
    if let Some(c) = &d.carried {
        sheet.field("Carried", format!("{} (PACE s.47(6))", c.label()));
    }
    let due = |at| format!("{} ({})", format::when(at, state.now), format::due(at, state.now));
    sheet.field("Next review", status.next_review_due.map(due).unwrap_or_else(|| "none".into()));
    let visit = status.next_visit_due.map(due).unwrap_or_else(|| "constant observation".into());
    sheet.field("Next visit", visit);
    for alert in &status.alerts {
        let (symbol, tone) = match alert.severity {
            Severity::Overdue => ("✖", Tone::Alert),
            Severity::DueSoon => ("▲", Tone::Warning),
        };
        sheet.toned("Alert", format!("{symbol} {} — due {}", alert.label(), due(alert.due)), tone);
    }
}

fn bail_section(bail: &Bail, sheet: &mut Sheet) {
    sheet.section("Bail");
    sheet.field("Kind", sentence(&of(&bail.kind)));
    sheet.field("Standing", sentence(&of(&bail.status)));
    sheet.field("Granted", format::date_time(bail.granted_at));
    if let Some(at) = bail.return_at {
        let place = bail.return_place.as_deref().map(|p| format!(" at {p}")).unwrap_or_default();
        sheet.field("To answer", format!("{}{place}", format::date_time(at)));
    }
    if let Some(limit) = bail.limit_on {
        sheet.field("Ends on", format::date(limit));
    }
    for condition in &bail.conditions {
        sheet.field("Condition", condition.describe());
    }
}

/// The log, oldest first: when, what, by whom and the start of the text,
/// one line each; `▶` marks the chosen entry, `▼` one shown whole.
fn log(state: &State, view: &EventView, d: &CustodyDetails, sheet: &mut Sheet) {
    let entries = ordered(d);
    let count = match entries.len() {
        0 => {
            sheet.section("Custody log");
            sheet.text(0, "No entries yet.", Tone::Dim, None);
            return;
        }
        1 => "1 entry".to_string(),
        n => format!("{n} entries"),
    };
    sheet.section(format!("Custody log ({count}, oldest first) — ↑↓ choose, Enter shows it whole"));
    let whens: Vec<String> = entries.iter().map(|e| format::when(e.at, state.now)).collect();
    let kinds: Vec<String> = entries.iter().map(|e| sentence(&words(&e.kind))).collect();
    let when_width = whens.iter().map(|w| w.width()).max().unwrap_or(0);
    let kind_width = kinds.iter().map(|k| k.width()).max().unwrap_or(0).min(22);
    let by_width = entries.iter().map(|e| e.by.width()).max().unwrap_or(0).min(16);
    let text_width = sheet.width().saturating_sub(2 + when_width + 2 + kind_width + 2 + by_width + 2).max(8);
    for (i, e) in entries.iter().enumerate() {
        let chosen = view.entry == Some(i);
        let whole = view.expanded.contains(&i);
        let mark = match (chosen, whole) {
            (true, _) => "▶",
            (false, true) => "▼",
            (false, false) => " ",
        };
        let first = e.text.lines().next().unwrap_or("");
        let more = first.len() < e.text.trim_end().len();
        let mut text = fit(first, text_width).into_owned();
        if more && !text.ends_with('…') && !whole {
            text = format!("{}…", fit(first, text_width.saturating_sub(1)).trim_end());
        }
        let line = format!(
            "{mark} {:<when_width$}  {:<kind_width$}  {:<by_width$}  {}",
            whens[i],
            fit(&kinds[i], kind_width),
            fit(&e.by, by_width),
            if whole { "" } else { text.as_str() },
        );
        let tone = if chosen { Tone::Chosen } else { Tone::Plain };
        sheet.line(line.trim_end(), tone, Some(i));
        if whole {
            sheet.text(4, &format!("{} by {}", format::date_time(e.at), e.by), Tone::Dim, Some(i));
            sheet.text(4, &e.text, Tone::Plain, Some(i));
        }
    }
}

/// The entries in the order the log shows them.
pub fn ordered(d: &CustodyDetails) -> Vec<&crate::domain::event::CustodyEntry> {
    let mut entries: Vec<_> = d.entries.iter().collect();
    entries.sort_by_key(|e| e.at);
    entries
}
