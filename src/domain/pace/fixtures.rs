//! A custody record to test the rules against: arrived at 10:00 UTC on
//! 1 July 2026, detention authorised at 10:15, indictable, level 1.

use chrono::{DateTime, Duration, Utc};

use crate::domain::event::{CustodyDetails, CustodyEntry, OpenClosed};

pub fn t0() -> DateTime<Utc> {
    "2026-07-01T10:00:00Z".parse().unwrap()
}

/// The relevant time plus `hours` and `minutes`.
pub fn at(hours: i64, minutes: i64) -> DateTime<Utc> {
    t0() + Duration::hours(hours) + Duration::minutes(minutes)
}

pub fn record() -> CustodyDetails {
    record_from(t0())
}

pub fn record_from(relevant: DateTime<Utc>) -> CustodyDetails {
    CustodyDetails {
        suite_id: "loc-brixton".into(),
        cell: "C4".into(),
        arrested_at: relevant - Duration::minutes(30),
        relevant_time: relevant,
        detention_authorised_at: relevant + Duration::minutes(15),
        arrest_reason: "Suspicion of burglary".into(),
        offences: vec!["Burglary".into()],
        indictable: true,
        arresting_officer: "PC 1234 Okafor".into(),
        observation_level: 1,
        last_visit_at: None,
        last_review_at: None,
        status: OpenClosed::Open,
        outcome: None,
        entries: Vec::new(),
        case: None,
        crime: None,
        warrant: None,
        bail: None,
        carried: None,
    }
}

pub fn entry(at: DateTime<Utc>, kind: &str, text: &str) -> CustodyEntry {
    CustodyEntry { at, by: "PS 42 Kowalski".into(), kind: kind.into(), text: text.into() }
}

/// The record with these entries appended.
pub fn with(mut record: CustodyDetails, entries: &[(DateTime<Utc>, &str, &str)]) -> CustodyDetails {
    for (at, kind, text) in entries {
        record.entries.push(entry(*at, kind, text));
    }
    record
}
