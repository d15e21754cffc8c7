//! One detention as plain text: the header, the PACE position now, and the
//! full timed log, every time in Europe/London with its zone.

use std::fmt::Write;

use crate::domain::event::{CustodyDetails, Event};
use crate::domain::pace::london_time::{format_duration, format_london};
use crate::domain::pace::CustodyStatus;

pub fn render(event: &Event, d: &CustodyDetails, status: &CustodyStatus) -> String {
    let mut s = String::new();
    let when = |t: Option<chrono::DateTime<chrono::Utc>>| t.map(format_london).unwrap_or_else(|| "-".into());
    let _ = writeln!(s, "Custody record {} ({})", event.reference, event.id);
    let _ = writeln!(s, "Suite {}, cell {}; status {}", d.suite_id, d.cell, event.status);
    if let Some(p) = event.people.first() {
        let _ = writeln!(s, "Detainee {}", p.person_id);
    }
    let _ = writeln!(s, "Arrested        {} by {}", format_london(d.arrested_at), d.arresting_officer);
    let _ = writeln!(s, "Reason          {}", d.arrest_reason);
    let _ = writeln!(s, "Offences        {}", d.offences.join("; "));
    let _ = writeln!(s, "Relevant time   {}", format_london(d.relevant_time));
    let _ = writeln!(s, "Authorised      {}", format_london(d.detention_authorised_at));
    let remaining = status.remaining.map(format_duration).unwrap_or_else(|| "-".into());
    let _ = writeln!(s, "Clock limit     {} (remaining {remaining})", when(status.clock_limit));
    let _ = writeln!(s, "Next review     {}", when(status.next_review_due));
    let _ = writeln!(s, "Next visit      {} ({})", when(status.next_visit_due), status.observation.label());
    for alert in &status.alerts {
        let _ = writeln!(s, "ALERT           {} (due {})", alert.label(), format_london(alert.due));
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "Log ({} entries)", d.entries.len());
    let mut entries: Vec<_> = d.entries.iter().collect();
    entries.sort_by_key(|e| e.at);
    for e in entries {
        let _ = writeln!(s, "{}  {:<12} {:<20} {}", format_london(e.at), e.kind, e.by, e.text.replace('\n', " "));
    }
    s
}
