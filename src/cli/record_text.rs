//! One record as plain text (`query event … --format text` and its short
//! forms `query warrant`, `query case`, `query crime`): the record's
//! header, its people by name and part, what its kind adds (a warrant's
//! kind and court, a case's stage and decision, a crime's class and
//! officer) and what is linked to it, every code in the wording table's
//! words and every time in Europe/London, as `query custody-record
//! --format text` reads.

use std::fmt::Write;

use crate::api::EventRecord;
use crate::domain::crime::CrimeDetails;
use crate::domain::event::{CaseDetails, EventDetails, WarrantDetails};
use crate::domain::pace::london_time::format_london;
use crate::domain::wording::{of, sentence, words};

/// A labelled line, the label in a column of its own.
fn line(s: &mut String, label: &str, value: impl std::fmt::Display) {
    let _ = writeln!(s, "  {label:<15} {value}");
}

pub fn render(record: &EventRecord) -> String {
    let e = &record.event;
    let mut s = String::new();
    let _ = writeln!(s, "{} {}", sentence(e.kind.as_str()), e.reference);
    let _ = writeln!(s);
    let _ = writeln!(s, "Record");
    line(&mut s, "Status", sentence(&words(&e.status)));
    line(&mut s, "Occurred", format_london(e.occurred_at));
    line(&mut s, "Borough", e.borough.as_deref().unwrap_or("-"));
    line(&mut s, "Summary", &e.summary);
    for p in &e.people {
        let name = record.names.get(&p.person_id).cloned().unwrap_or_else(|| "(name withheld)".into());
        line(&mut s, &sentence(&of(&p.role)), name);
    }
    match &e.details {
        EventDetails::Warrant(d) => warrant(&mut s, d),
        EventDetails::Case(d) => case(&mut s, d),
        EventDetails::Crime(d) => crime(&mut s, d),
        _ => {}
    }
    linked(&mut s, record);
    s
}

fn warrant(s: &mut String, d: &WarrantDetails) {
    let _ = writeln!(s);
    let _ = writeln!(s, "Warrant");
    line(s, "Kind", sentence(&of(&d.warrant_kind)));
    line(s, "Offence", &d.offence);
    line(s, "Court", &d.issuing_court);
    line(s, "Issued", d.issued_on);
    line(s, "Allocated to", d.allocated_to.as_deref().unwrap_or("no one"));
    line(s, "Attempts", d.attempts.len());
    if let Some(x) = &d.execution {
        line(s, "Executed", format!("{} at {} by {}", format_london(x.at), x.place, x.officer));
    }
    if let Some(c) = &d.closure {
        line(s, "Closed", format!("{} by {}: {}", format_london(c.at), c.by, c.reason));
    }
}

fn case(s: &mut String, d: &CaseDetails) {
    let _ = writeln!(s);
    let _ = writeln!(s, "Case");
    line(s, "File", sentence(&of(&d.stage)));
    let decision = d.charging_decision.map(|c| of(&c)).unwrap_or_else(|| "awaited".into());
    line(s, "Decision", decision);
    let charges: Vec<&str> = d.charges.iter().map(|c| c.offence.as_str()).collect();
    line(s, "Charges", if charges.is_empty() { "none yet".to_string() } else { charges.join("; ") });
    line(s, "Officer", &d.officer_in_case);
    line(s, "File due", d.file_due.map(|f| f.to_string()).unwrap_or_else(|| "-".into()));
    for h in &d.hearings {
        let outcome = h.outcome.as_deref().map(|o| format!(": {o}")).unwrap_or_default();
        let what = sentence(&words(&h.hearing_type));
        line(s, "Hearing", format!("{what} at {}, {}{outcome}", h.court, format_london(h.date)));
    }
}

fn crime(s: &mut String, d: &CrimeDetails) {
    let _ = writeln!(s);
    let _ = writeln!(s, "Crime");
    line(s, "Offence", &d.offence);
    line(s, "Class", d.class().map(|c| format!("{} {}", c.code, c.name)).unwrap_or_else(|| "not classified".into()));
    match d.allocation() {
        Some(a) => line(s, "Officer", format!("{} ({})", a.officer, a.unit)),
        None => line(s, "Officer", "unallocated"),
    }
    if let Some(f) = &d.finalisation {
        line(s, "Outcome", format!("{} {}", f.outcome, f.name));
    }
}

fn linked(s: &mut String, record: &EventRecord) {
    let objects = record.vehicles.iter().map(|o| ("Vehicle", o)).chain(record.phones.iter().map(|o| ("Phone", o)));
    let mut lines = Vec::new();
    for (what, o) in objects {
        lines.push((what, format!("{} ({})", o.label, words(o.role.as_str()))));
    }
    for p in &record.places {
        lines.push(("Place", format!("{} ({})", p.address, p.role.label())));
    }
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "Linked");
    for (what, text) in lines {
        line(s, what, text);
    }
}
