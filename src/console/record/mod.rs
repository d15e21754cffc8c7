//! A record as a person reads it: labelled sections, every code in the
//! words of the shared wording table, each status once, and the custody
//! log one line per entry with the whole entry on demand. The lines are
//! laid out to the view's width here, so `update` scrolls by the lines
//! the pane draws and the view stops at its last line.

mod custody;
mod generic;
mod justice;
mod layout;
mod sheet;

use std::collections::BTreeSet;

pub use layout::{wrap, LABEL_WIDTH};
pub use sheet::{Sheet, Tone, ViewLine};

use super::format;
use super::state::{EventView, State};
use crate::domain::event::EventDetails;
use crate::domain::wording;

/// The record open in `view`, as lines `width` columns wide.
pub fn lines(state: &State, view: &EventView, width: usize) -> Vec<ViewLine> {
    let event = &view.event;
    let mut sheet = Sheet::new(width);
    sheet.section("Record");
    sheet.field("Status", wording::sentence(&wording::words(&event.status)));
    sheet.field("Summary", event.summary.clone());
    sheet.field("Occurred", format::date_time(event.occurred_at));
    sheet.field("Borough", event.borough.clone().unwrap_or_else(|| "—".into()));
    sheet.field("Updated", format!("{} by {}", format::date_time(event.updated_at), event.provenance.entered_by));
    if !event.people.is_empty() {
        sheet.section("People");
        for person in &event.people {
            let part = wording::sentence(&wording::of(&person.role));
            sheet.field(&part, person_name(state, &person.person_id));
        }
    }
    links(view, &mut sheet);
    match &event.details {
        EventDetails::Custody(d) => custody::sections(state, view, d, &mut sheet),
        EventDetails::Case(d) => justice::case(state, d, &mut sheet),
        EventDetails::Warrant(d) => justice::warrant(d, &mut sheet),
        other => generic::sections(other, &mut sheet),
    }
    sheet.into_lines()
}

/// The vehicles, phones and places linked to the record, each with its
/// part and what is in force on it; the one chosen (after `p`) marked ▶.
fn links(view: &EventView, sheet: &mut Sheet) {
    if view.links.is_empty() {
        return;
    }
    let hint = if view.choosing { "Enter opens, p scrolls" } else { "p to choose one" };
    sheet.section(format!("Vehicles, phones and places ({hint})"));
    for link in &view.links {
        let chosen = view.choosing && view.list.selected.as_deref() == Some(link.target.id.as_str());
        let mut text = format!("{}{} ({})", if chosen { "▶ " } else { "" }, link.label, link.role);
        if !link.warnings.is_empty() {
            text.push_str(&format!(" ▲ {}", link.warnings.join(", ")));
        }
        let tone = if chosen {
            Tone::Chosen
        } else if link.warnings.is_empty() {
            Tone::Plain
        } else {
            Tone::Warning
        };
        sheet.toned(&wording::sentence(link.what), text, tone);
    }
}

/// The first line to draw: `scroll`, but never past the point where the
/// last line reaches the bottom (so `End` shows the end, not a blank view).
pub fn clamp_scroll(scroll: usize, total: usize, height: usize) -> usize {
    scroll.min(total.saturating_sub(height))
}

/// Where the view starts so the chosen entry (and its detail) is in sight.
pub fn scroll_to_entry(lines: &[ViewLine], entry: usize, scroll: usize, height: usize) -> usize {
    let rows: Vec<usize> = lines.iter().enumerate().filter(|(_, l)| l.entry == Some(entry)).map(|(i, _)| i).collect();
    let (Some(&first), Some(&last)) = (rows.first(), rows.last()) else {
        return scroll;
    };
    if first < scroll {
        first
    } else if last >= scroll + height {
        // The whole entry if it fits, else its first line at the top.
        (last + 1).saturating_sub(height).min(first)
    } else {
        scroll
    }
}

/// How many entries the custody log of the open record has.
pub fn entry_count(view: &EventView) -> usize {
    match &view.event.details {
        EventDetails::Custody(d) => d.entries.len(),
        _ => 0,
    }
}

/// Toggles the whole text of entry `entry` under its line.
pub fn toggle(expanded: &mut BTreeSet<usize>, entry: usize) {
    if !expanded.remove(&entry) {
        expanded.insert(entry);
    }
}

/// A person's name where the console knows it (the open record's read,
/// the open profile, its associates, the search results, the lists'
/// names), never an id. The record's read names everyone the role may be
/// told of, so once it is in, a name not found was withheld.
pub fn person_name(state: &State, id: &str) -> String {
    let read = state.event.as_ref().and_then(|v| v.names.as_ref());
    if let Some(name) = read.and_then(|names| names.get(id)).filter(|n| !n.is_empty()) {
        return name.clone();
    }
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
    match (on_a_list.into_iter().flatten().find(|name| !name.is_empty()), read) {
        (Some(name), _) => name.clone(),
        (None, Some(_)) => "(name withheld)".to_string(),
        (None, None) => match state.event.as_ref().and_then(|v| v.read_failed.as_ref()) {
            Some(_) => "(name not read: the record could not be read)".to_string(),
            None => "(reading the name…)".to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(entry: Option<usize>) -> ViewLine {
        ViewLine { label: None, value: String::new(), tone: Tone::Plain, entry }
    }

    #[test]
    fn the_view_stops_at_its_last_line() {
        assert_eq!(clamp_scroll(10_000, 50, 20), 30);
        assert_eq!(clamp_scroll(5, 50, 20), 5);
        assert_eq!(clamp_scroll(3, 10, 20), 0);
    }

    #[test]
    fn the_chosen_entry_comes_into_sight_whole() {
        let mut lines: Vec<ViewLine> = (0..30).map(|_| line(None)).collect();
        lines.extend([line(Some(0)), line(Some(1)), line(Some(1)), line(Some(1)), line(Some(2))]);
        assert_eq!(scroll_to_entry(&lines, 0, 0, 10), 21);
        assert_eq!(scroll_to_entry(&lines, 1, 21, 10), 24);
        assert_eq!(scroll_to_entry(&lines, 0, 24, 10), 24, "in sight: the view stays");
        assert_eq!(scroll_to_entry(&lines, 2, 30, 3), 32);
    }
}
