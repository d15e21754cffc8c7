//! The case status pane's hearings view, derived from the state: the
//! hearings listed today and tomorrow at each court, and the ids of its
//! rows.

use chrono::Duration;
use chrono_tz::Europe::London;

use super::format;
use super::state::State;
use super::views;
use crate::domain::event::{CaseDetails, Event, Hearing};

/// A hearing in the hearings view, with its case.
pub struct HearingRow<'a> {
    pub event: &'a Event,
    pub case: &'a CaseDetails,
    pub hearing: &'a Hearing,
}

/// The hearings listed today and tomorrow (in London) on the open cases
/// the pane's filters let through, by court and then by time.
pub fn hearing_rows(state: &State) -> Vec<HearingRow<'_>> {
    let today = format::today(state.now);
    let tomorrow = today + Duration::days(1);
    let mut rows: Vec<HearingRow> = views::case_rows(state)
        .into_iter()
        .flat_map(|(event, case)| case.hearings.iter().map(move |hearing| HearingRow { event, case, hearing }))
        .filter(|r| {
            let day = r.hearing.date.with_timezone(&London).date_naive();
            day == today || day == tomorrow
        })
        .collect();
    rows.sort_by(|a, b| {
        (&a.hearing.court, a.hearing.date, &a.event.reference).cmp(&(
            &b.hearing.court,
            b.hearing.date,
            &b.event.reference,
        ))
    });
    rows
}

/// A row's id in the hearings view: its case and the hearing's time, so two
/// hearings of one case are two rows.
pub fn hearing_id(row: &HearingRow) -> String {
    format!("{}@{}", row.event.id, row.hearing.date.timestamp())
}

/// The case a row id of either view names.
pub fn case_id(row_id: &str) -> &str {
    row_id.split_once('@').map_or(row_id, |(case, _)| case)
}
