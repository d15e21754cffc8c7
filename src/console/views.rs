//! What the lists show, derived from the state: filtering, ordering and the
//! selection helpers shared by `update` (to move) and the panes (to draw).

use std::cmp::Reverse;

use chrono::Duration;

use super::format;
use super::state::{CaseSort, ListState, State};
use crate::api::linkage::ReviewPair;
use crate::api::TimelineEntry;
use crate::domain::event::{CaseDetails, CaseStatus, CustodyDetails, Event, EventDetails, WarrantDetails};
use crate::domain::priority::Bands;
use crate::domain::typed_filter::matches_words;

/// A list's rows as ids, for moving the selection.
pub trait RowIds {
    fn row_ids(&self) -> Vec<String>;
}

/// Orders cell names the way people read them: C2 before C10.
fn natural_key(text: &str) -> (String, u64, String) {
    let prefix: String = text.chars().take_while(|c| !c.is_ascii_digit()).collect();
    let digits: String = text[prefix.len()..].chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = text[prefix.len() + digits.len()..].to_string();
    (prefix.to_lowercase(), digits.parse().unwrap_or(0), rest)
}

// ---- custody board ------------------------------------------------------

pub fn custody(event: &Event) -> Option<&CustodyDetails> {
    match &event.details {
        EventDetails::Custody(d) => Some(d),
        _ => None,
    }
}

/// The detainees on the board: open records of the chosen suite, by cell.
pub fn board_rows(state: &State) -> Vec<(&Event, &CustodyDetails)> {
    let board = &state.board;
    let mut rows: Vec<(&Event, &CustodyDetails)> = board
        .rows
        .items
        .iter()
        .filter_map(|e| custody(e).map(|d| (e, d)))
        .filter(|(_, d)| d.status == crate::domain::event::OpenClosed::Open)
        .filter(|(_, d)| board.suite.as_ref().is_none_or(|s| *s == d.suite_id))
        .filter(|(e, d)| {
            matches_words(&board.rows.list.filter, &[&e.summary, &e.reference, &d.cell, &d.offences.join(" ")])
        })
        .collect();
    rows.sort_by(|(ea, a), (eb, b)| {
        (suite_name(state, &a.suite_id), natural_key(&a.cell), &ea.id).cmp(&(
            suite_name(state, &b.suite_id),
            natural_key(&b.cell),
            &eb.id,
        ))
    });
    rows
}

pub fn suite_name<'a>(state: &'a State, id: &'a str) -> &'a str {
    state.board.suites.iter().find(|s| s.id == id).map(|s| s.name.as_str()).unwrap_or(id)
}

/// The suite's short code, unique among the force's suites; a suite set up
/// before suites had codes goes by its name's initials.
pub fn suite_code(state: &State, id: &str) -> String {
    let suite = state.board.suites.iter().find(|s| s.id == id);
    if let Some(code) = suite.and_then(|s| s.code()) {
        return code.to_string();
    }
    suite_name(state, id)
        .split_whitespace()
        .filter(|w| !matches!(w.to_lowercase().as_str(), "custody" | "suite" | "police" | "station"))
        .filter_map(|w| w.chars().next())
        .collect()
}

// ---- warrants -------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum WarrantPriority {
    High,
    Medium,
    Low,
}

impl WarrantPriority {
    pub fn label(self) -> &'static str {
        match self {
            WarrantPriority::High => "HIGH",
            WarrantPriority::Medium => "MED",
            WarrantPriority::Low => "low",
        }
    }
}

/// The band of a priority score, in the bands the server reads its scores in.
pub fn warrant_priority(score: i32, bands: Bands) -> WarrantPriority {
    if score >= bands.high_from {
        WarrantPriority::High
    } else if score >= bands.medium_from {
        WarrantPriority::Medium
    } else {
        WarrantPriority::Low
    }
}

pub fn warrant(event: &Event) -> Option<&WarrantDetails> {
    match &event.details {
        EventDetails::Warrant(d) => Some(d),
        _ => None,
    }
}

// ---- cases ----------------------------------------------------------------

pub fn case(event: &Event) -> Option<&CaseDetails> {
    match &event.details {
        EventDetails::Case(d) => Some(d),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileDue {
    None,
    Fine,
    Soon,
    Overdue,
}

/// How the file due date stands; a finished case is never overdue.
pub fn file_due(d: &CaseDetails, state: &State) -> FileDue {
    let Some(due) = d.file_due else {
        return FileDue::None;
    };
    if matches!(d.status, CaseStatus::Finalised | CaseStatus::Result) {
        return FileDue::Fine;
    }
    let today = format::today(state.now);
    if due < today {
        FileDue::Overdue
    } else if due - today <= Duration::days(2) {
        FileDue::Soon
    } else {
        FileDue::Fine
    }
}

/// Cases: expired custody time limits first, then those due (soonest to
/// expire first), then overdue files, then by next hearing.
pub fn case_rows(state: &State) -> Vec<(&Event, &CaseDetails)> {
    let c = &state.cases;
    let mut rows: Vec<(&Event, &CaseDetails)> = c
        .rows
        .items
        .iter()
        .filter_map(|e| case(e).map(|d| (e, d)))
        .filter(|(_, d)| c.status.is_none_or(|s| s == d.status))
        .filter(|(_, d)| c.officer.as_ref().is_none_or(|o| *o == d.officer_in_case))
        .filter(|(e, d)| {
            let offences: Vec<&str> = d.charges.iter().map(|c| c.offence.as_str()).collect();
            matches_words(&c.rows.list.filter, &[&e.summary, &e.reference, &d.officer_in_case, &offences.join(" ")])
        })
        .collect();
    let urgency = |e: &Event, d: &CaseDetails| {
        let ctl = super::ctl_view::ctl(d, state).filter(|(_, s)| s.flagged());
        let ctl = ctl.map(|(limit, standing)| (Reverse(standing), limit.expires_on));
        let overdue = file_due(d, state) == FileDue::Overdue;
        let hearing = d.next_hearing(state.now).map(|h| h.date);
        (ctl.is_none(), ctl, !overdue, hearing.is_none(), hearing, e.reference.clone())
    };
    // Any other key, then the reference, so equal keys keep one order;
    // a case without a hearing or due date comes last.
    match c.sort {
        CaseSort::Urgency => rows.sort_by_key(|(e, d)| urgency(e, d)),
        CaseSort::NextHearing => rows.sort_by_key(|(e, d)| {
            let hearing = d.next_hearing(state.now).map(|h| h.date);
            (hearing.is_none(), hearing, e.reference.clone())
        }),
        CaseSort::FileDue => rows.sort_by_key(|(e, d)| (d.file_due.is_none(), d.file_due, e.reference.clone())),
        CaseSort::Urn => rows.sort_by_key(|(e, _)| e.reference.clone()),
        CaseSort::Officer => rows.sort_by_key(|(e, d)| (d.officer_in_case.to_lowercase(), e.reference.clone())),
    }
    rows
}

// ---- profile timeline -------------------------------------------------------

pub fn timeline_rows(state: &State) -> Vec<&TimelineEntry> {
    let Some(profile) = &state.profile.profile else {
        return Vec::new();
    };
    profile
        .timeline
        .iter()
        .filter(|t| {
            let summary = t.event.as_ref().map(|e| e.summary.as_str()).unwrap_or("");
            let reference = t.event.as_ref().map(|e| e.reference.as_str()).unwrap_or("");
            matches_words(&state.profile.list.filter, &[t.kind.as_str(), summary, reference])
        })
        .collect()
}

// ---- review queue -------------------------------------------------------------

/// A review pair's row id: its source and reference.
pub fn review_key(pair: &ReviewPair) -> String {
    format!("{}/{}", pair.source, pair.source_ref)
}

/// The review pairs shown: the typed filter applied, in queue order.
pub fn review_rows(state: &State) -> Vec<&ReviewPair> {
    let filter = &state.review.list.filter;
    state
        .review
        .pairs
        .iter()
        .filter(|p| {
            let names = [
                p.source.as_str(),
                p.source_ref.as_str(),
                p.record.as_ref().map(|s| s.name.as_str()).unwrap_or_default(),
                p.candidate.as_ref().map(|s| s.name.as_str()).unwrap_or_default(),
            ];
            matches_words(filter, &names)
        })
        .collect()
}

/// The selected review pair, if any.
pub fn selected_pair(state: &State) -> Option<&ReviewPair> {
    let rows = review_rows(state);
    let ids: Vec<String> = rows.iter().map(|p| review_key(p)).collect();
    selected_index(&ids, &state.review.list).and_then(|i| rows.get(i).copied())
}

// ---- selection --------------------------------------------------------------

/// Where the selection is: its row, or the nearest row if it went away.
pub fn selected_index(ids: &[String], list: &ListState) -> Option<usize> {
    if ids.is_empty() {
        return None;
    }
    list.selected.as_ref().and_then(|s| ids.iter().position(|id| id == s)).or(Some(list.last_index.min(ids.len() - 1)))
}

/// The first row to draw so the selection is in view, moving the scroll
/// position only when the selection would leave the window.
pub fn window_offset(offset: usize, selected: Option<usize>, len: usize, height: usize) -> usize {
    let height = height.max(1);
    let mut offset = offset.min(len.saturating_sub(height));
    if let Some(selected) = selected {
        if selected < offset {
            offset = selected;
        } else if selected >= offset + height {
            offset = selected + 1 - height;
        }
    }
    offset
}

/// Moves the selection of `list` over `ids` by `delta` rows (clamped).
pub fn move_selection(list: &mut ListState, ids: &[String], delta: isize, height: usize) {
    let Some(current) = selected_index(ids, list) else {
        list.selected = None;
        return;
    };
    let target = if list.selected.as_ref().is_some_and(|s| ids.contains(s)) {
        current.saturating_add_signed(delta).min(ids.len() - 1)
    } else {
        current
    };
    list.selected = Some(ids[target].clone());
    list.last_index = target;
    list.offset = window_offset(list.offset, Some(target), ids.len(), height);
}

/// Keeps the selection on its record after the rows changed; if the record
/// went away, lands on the row now nearest to where it was.
pub fn reselect(list: &mut ListState, ids: &[String]) {
    match selected_index(ids, list) {
        Some(index) => {
            list.selected = Some(ids[index].clone());
            list.last_index = index;
        }
        None => list.selected = None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suites_go_by_their_code_else_their_initials() {
        use crate::domain::location::{Address, Location, LocationKind, SuiteSetup};
        let suite = |id: &str, name: &str, code: Option<&str>| Location {
            id: id.into(),
            kind: LocationKind::CustodySuite,
            name: name.into(),
            address: Address { lines: vec![], postcode: "BR1 1ER".into(), borough: None, lat: None, lon: None },
            suite: code.map(|c| SuiteSetup { code: c.into(), cells: vec![] }),
        };
        let mut state = State::default();
        state.board.suites = vec![
            suite("bx", "Brixton Custody Suite", Some("BX")),
            suite("br", "Bromley Custody Suite", Some("BR")),
            suite("bg", "Bethnal Green Custody Suite", None),
        ];
        assert_eq!(suite_code(&state, "bx"), "BX");
        assert_eq!(suite_code(&state, "br"), "BR");
        assert_eq!(suite_code(&state, "bg"), "BG");
    }

    #[test]
    fn the_selection_follows_its_record() {
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut list = ListState { selected: Some("b".into()), last_index: 1, ..Default::default() };
        reselect(&mut list, &ids(&["new", "a", "b", "c"]));
        assert_eq!((list.selected.as_deref(), list.last_index), (Some("b"), 2));
        reselect(&mut list, &ids(&["new", "a", "c"]));
        assert_eq!(list.selected.as_deref(), Some("c"));
        move_selection(&mut list, &ids(&["new", "a", "c"]), -5, 10);
        assert_eq!(list.selected.as_deref(), Some("new"));
    }

    #[test]
    fn the_window_moves_only_to_keep_the_selection_in_view() {
        assert_eq!(window_offset(0, Some(3), 100, 10), 0);
        assert_eq!(window_offset(0, Some(12), 100, 10), 3);
        assert_eq!(window_offset(20, Some(12), 100, 10), 12);
        assert_eq!(window_offset(95, None, 100, 10), 90);
    }

    #[test]
    fn cells_sort_naturally() {
        let mut cells = vec!["C10", "C2", "C1"];
        cells.sort_by_key(|c| natural_key(c));
        assert_eq!(cells, vec!["C1", "C2", "C10"]);
    }
}
