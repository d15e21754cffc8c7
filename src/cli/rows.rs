//! One flat row per record for each query: the columns of the table and the
//! CSV, and the keys of the JSON objects, in one place (documented in
//! docs/cli.md; change them only with the documentation).

use std::collections::BTreeMap;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};

use crate::api::cases::CtlRow;
use crate::api::incidents::IncidentPerson;
use crate::api::{AuditEntry, SubjectHit, TimelineEntry};
use crate::domain::event::{Event, EventDetails, Flag};
use crate::domain::incident::Clock;
use crate::domain::link::EventRole;
use crate::domain::pace::{self, Severity};
use crate::domain::person::Flags;

pub fn time(t: DateTime<Utc>) -> Value {
    Value::String(rfc3339(t))
}

pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn maybe_time(t: Option<DateTime<Utc>>) -> Value {
    t.map(time).unwrap_or(Value::Null)
}

fn text(s: &str) -> Value {
    Value::String(s.to_string())
}

fn maybe_text(s: Option<&str>) -> Value {
    s.map(text).unwrap_or(Value::Null)
}

/// A serde enum as its wire name.
fn name(value: impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// The people's names the list gave, by person id.
/// What a list's page says of the people its records name: each one's
/// name, and the flags of those who have any the caller may be told.
#[derive(Debug, Default)]
pub struct Names {
    pub names: BTreeMap<String, String>,
    pub flags: BTreeMap<String, Flags>,
    /// Where a wanted person in custody is held, on a list of warrants.
    pub held_at: BTreeMap<String, String>,
}

impl Names {
    pub fn new() -> Names {
        Names::default()
    }

    pub fn get(&self, person_id: &str) -> Option<&String> {
        self.names.get(person_id)
    }
}

/// Flags as their codes (`wanted`, `on_bail`…), for every row a person is on.
pub fn flag_codes(flags: Flags) -> Value {
    json!(Flag::ALL.into_iter().filter(|f| flags.has(*f)).map(Flag::as_str).collect::<Vec<_>>())
}

/// The flags of the first person on the event in `role`.
fn flags_in(event: &Event, role: EventRole, names: &Names) -> Value {
    let person = event.people.iter().find(|p| p.role == role);
    flag_codes(person.and_then(|p| names.flags.get(&p.person_id)).copied().unwrap_or_default())
}

/// The first person named on the event in `role`.
fn person_in(event: &Event, role: EventRole) -> Value {
    maybe_text(event.people.iter().find(|p| p.role == role).map(|p| p.person_id.as_str()))
}

/// The name of the first person on the event in `role`, where the list gave it.
fn name_in(event: &Event, role: EventRole, names: &Names) -> Value {
    maybe_text(event.people.iter().find(|p| p.role == role).and_then(|p| names.get(&p.person_id)).map(String::as_str))
}

pub const SUBJECT_COLUMNS: &[&str] =
    &["person_id", "name", "date_of_birth", "age", "area", "markers", "flags", "score", "why"];

pub fn subject(hit: &SubjectHit) -> Vec<Value> {
    vec![
        text(&hit.person_id),
        text(&hit.name),
        hit.date_of_birth.as_ref().map(|d| Value::String(d.to_string())).unwrap_or(Value::Null),
        hit.age.map(Value::from).unwrap_or(Value::Null),
        maybe_text(hit.area.as_deref()),
        json!(hit.markers),
        flag_codes(hit.flags),
        json!((f64::from(hit.score) * 1000.0).round() / 1000.0),
        json!(hit.why),
    ]
}

pub const WARRANT_COLUMNS: &[&str] = &[
    "id",
    "reference",
    "status",
    "warrant_kind",
    "person_id",
    "issued_on",
    "issuing_court",
    "offence",
    "borough",
    "allocated_to",
    "attempts",
    "updated_at",
    "wanted_person",
    "flags",
    "held_at",
];

/// A warrant table: the wanted person by name.
pub const WARRANT_NAMES: &[(&str, &str)] = &[("person_id", "wanted_person")];

/// `None` when the event is not a warrant.
pub fn warrant(event: &Event, names: &Names) -> Option<Vec<Value>> {
    let EventDetails::Warrant(d) = &event.details else {
        return None;
    };
    Some(vec![
        text(&event.id),
        text(&event.reference),
        text(&event.status),
        name(d.warrant_kind),
        person_in(event, EventRole::WantedPerson),
        Value::String(d.issued_on.to_string()),
        text(&d.issuing_court),
        text(&d.offence),
        maybe_text(event.borough.as_deref()),
        maybe_text(d.allocated_to.as_deref()),
        json!(d.attempts.len()),
        time(event.updated_at),
        name_in(event, EventRole::WantedPerson, names),
        flags_in(event, EventRole::WantedPerson, names),
        held_in(event, names),
    ])
}

/// Where the wanted person is held, when they are in custody and the
/// caller may be told so; null otherwise.
fn held_in(event: &Event, names: &Names) -> Value {
    let person = event.people.iter().find(|p| p.role == EventRole::WantedPerson);
    maybe_text(person.and_then(|p| names.held_at.get(&p.person_id)).map(String::as_str))
}

pub const CASE_COLUMNS: &[&str] = &[
    "id",
    "urn",
    "status",
    "stage",
    "officer_in_case",
    "person_id",
    "charges",
    "next_hearing",
    "next_hearing_court",
    "file_due",
    "updated_at",
    "defendant",
    "flags",
    "ctl_expires_on",
    "ctl_days_remaining",
    "ctl",
];

/// A case table: the defendant by name.
pub const CASE_NAMES: &[(&str, &str)] = &[("person_id", "defendant")];

/// A case's row; `ctl` is its running custody time limit, if any.
pub fn case(event: &Event, names: &Names, now: DateTime<Utc>, ctl: Option<&CtlRow>) -> Option<Vec<Value>> {
    let EventDetails::Case(d) = &event.details else {
        return None;
    };
    let next = d.next_hearing(now);
    let charges: Vec<&str> = d.charges.iter().map(|c| c.offence.as_str()).collect();
    Some(vec![
        text(&event.id),
        text(&event.reference),
        text(&event.status),
        name(d.stage),
        text(&d.officer_in_case),
        person_in(event, EventRole::Defendant),
        json!(charges),
        maybe_time(next.map(|h| h.date)),
        maybe_text(next.map(|h| h.court.as_str())),
        d.file_due.map(|f| Value::String(f.to_string())).unwrap_or(Value::Null),
        time(event.updated_at),
        name_in(event, EventRole::Defendant, names),
        flags_in(event, EventRole::Defendant, names),
        ctl.map(|c| Value::String(c.limit.expires_on.to_string())).unwrap_or(Value::Null),
        ctl.map(|c| Value::from(c.limit.days_remaining)).unwrap_or(Value::Null),
        maybe_text(ctl.map(|c| c.standing.as_str())),
    ])
}

pub const CUSTODY_COLUMNS: &[&str] = &[
    "id",
    "reference",
    "person_id",
    "suite_id",
    "cell",
    "relevant_time",
    "carried",
    "clock_limit",
    "remaining_seconds",
    "charged",
    "next_review_due",
    "next_visit_due",
    "observation_level",
    "alerts",
    "worst",
    "detainee",
    "suite",
    "flags",
];

/// A custody table: the detainee and the suite by name.
pub const CUSTODY_NAMES: &[(&str, &str)] = &[("person_id", "detainee"), ("suite_id", "suite")];

/// A custody record with its PACE status at `now`, and whether anything on
/// it is overdue; `suite` names its suite ("Brixton Custody Suite (BX)").
pub fn custody(event: &Event, names: &Names, suite: &str, now: DateTime<Utc>) -> Option<(Vec<Value>, bool)> {
    let EventDetails::Custody(d) = &event.details else {
        return None;
    };
    let status = pace::status_at(d, now);
    let alerts: Vec<&str> = status.alerts.iter().map(|a| a.label()).collect();
    let worst = status.worst();
    let row = vec![
        text(&event.id),
        text(&event.reference),
        person_in(event, EventRole::Detainee),
        text(&d.suite_id),
        text(&d.cell),
        time(d.relevant_time),
        d.carried.as_ref().map(|c| Value::from(c.label())).unwrap_or(Value::Null),
        maybe_time(status.clock_limit),
        status.remaining.map(|r| Value::from(r.num_seconds())).unwrap_or(Value::Null),
        Value::Bool(status.charged),
        maybe_time(status.next_review_due),
        maybe_time(status.next_visit_due),
        json!(d.observation_level),
        json!(alerts),
        worst.map(name).unwrap_or(Value::Null),
        name_in(event, EventRole::Detainee, names),
        text(suite),
        flags_in(event, EventRole::Detainee, names),
    ];
    Some((row, worst == Some(Severity::Overdue)))
}

pub const INCIDENT_COLUMNS: &[&str] = &[
    "id",
    "reference",
    "grade",
    "status",
    "category",
    "subtype",
    "borough",
    "location",
    "opened_at",
    "due",
    "clock",
    "resources",
    "people",
];

/// An incident with its attendance clock at `now` (`12m left`, `OVERDUE
/// 7m`), and its people: by name with their flags when the board named
/// them, else by the name the list gave (an id only for a caller who may
/// not read people).
pub fn incident(
    event: &Event,
    people: Option<&[IncidentPerson]>,
    names: &Names,
    now: DateTime<Utc>,
) -> Option<Vec<Value>> {
    let EventDetails::Incident(d) = &event.details else {
        return None;
    };
    let clock = Clock::of(d);
    let due = match clock {
        Clock::Running { due, .. } => Some(due),
        _ => None,
    };
    let people: Vec<String> = match people {
        Some(named) => named
            .iter()
            .map(|p| {
                let mut text = format!("{} ({})", p.name, name(p.role).as_str().unwrap_or_default().replace('_', " "));
                for flag in p.flags.labels() {
                    text.push(' ');
                    text.push_str(flag);
                }
                text
            })
            .collect(),
        None => event
            .people
            .iter()
            .map(|p| {
                let role = name(p.role).as_str().unwrap_or_default().replace('_', " ");
                match names.get(&p.person_id) {
                    Some(n) => format!("{n} ({role})"),
                    None => format!("{} ({role})", p.person_id),
                }
            })
            .collect(),
    };
    let resources: Vec<String> = d.active().map(|r| format!("{} {}", r.call_sign, r.status.label())).collect();
    Some(vec![
        text(&event.id),
        text(&event.reference),
        text(d.grade().letter()),
        text(&event.status),
        name(d.category),
        text(&d.subtype),
        maybe_text(event.borough.as_deref()),
        text(&d.location.one_line()),
        time(event.occurred_at),
        maybe_time(due),
        text(&clock.words(now)),
        json!(resources),
        json!(people),
    ])
}

pub const AUDIT_COLUMNS: &[&str] =
    &["seq", "at", "username", "action", "record_kind", "record_id", "reason", "detail", "shown"];

pub fn audit(e: &AuditEntry) -> Vec<Value> {
    vec![
        json!(e.seq),
        time(e.at),
        text(&e.username),
        text(&e.action),
        text(&e.record_kind),
        text(&e.record_id),
        text(&e.reason),
        text(&e.detail),
        json!(e.shown),
    ]
}

pub const TIMELINE_COLUMNS: &[&str] =
    &["id", "kind", "occurred_at", "role", "withheld", "reference", "status", "summary"];

pub fn timeline(entry: &TimelineEntry) -> Vec<Value> {
    let event = entry.event.as_ref();
    vec![
        text(&entry.id),
        name(entry.kind),
        time(entry.occurred_at),
        name(entry.role),
        Value::Bool(entry.withheld),
        maybe_text(event.map(|e| e.reference.as_str())),
        maybe_text(event.map(|e| e.status.as_str())),
        maybe_text(event.map(|e| e.summary.as_str())),
    ]
}

pub const CUSTODY_ENTRY_COLUMNS: &[&str] = &["at", "by", "kind", "text"];

pub const USER_COLUMNS: &[&str] = &["username", "roles", "state", "created_at"];

pub const SOURCE_COLUMNS: &[&str] = &["source", "source_ref", "person_id", "score", "outcome", "flags"];

pub const REVIEW_COLUMNS: &[&str] = &["source", "source_ref", "score", "person_id", "candidate_id"];

/// One open possible match: the row, its score, its person and the candidate.
pub fn review_item(i: &crate::store::ReviewItem) -> Vec<Value> {
    vec![
        i.source.clone().into(),
        i.source_ref.clone().into(),
        Value::from((i.score * 100.0).round() / 100.0),
        i.person_id.clone().into(),
        i.candidate_id.clone().into(),
    ]
}

/// One imported row: where it came from, its person now and its match score.
pub fn source(r: &crate::api::linkage::SourceRow, flags: Flags) -> Vec<Value> {
    vec![
        r.source.clone().into(),
        r.source_ref.clone().into(),
        r.person_id.clone().into(),
        r.score.map(|s| Value::from((s * 100.0).round() / 100.0)).unwrap_or(Value::Null),
        r.outcome.clone().into(),
        flag_codes(flags),
    ]
}
