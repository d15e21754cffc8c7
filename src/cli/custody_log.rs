//! One detention as plain text: the header, the PACE position now, and the
//! full timed log, every time in Europe/London with its zone. The suite and
//! the detainee are named, not given by id.

use std::fmt::Write;

use crate::client::Client;
use crate::domain::event::{CustodyDetails, Event};
use crate::domain::link::EventRole;
use crate::domain::location::{find_place, Location, LocationKind};
use crate::domain::pace::london_time::{format_duration, format_london};
use crate::domain::pace::CustodyStatus;
use crate::domain::wording::{of, sentence, words};

/// The record's suite and detainee as people say them.
pub struct Named {
    /// "Brixton Custody Suite (BX)".
    pub suite: String,
    /// The detainee's name, when the caller may read their record.
    pub detainee: Option<String>,
}

impl Named {
    /// Looks the names up: the suite among the force's suites, the detainee
    /// on their record (a consultation, for `reason`). A name that cannot
    /// be read leaves the id in its place.
    pub async fn look_up(client: &Client, event: &Event, d: &CustodyDetails, reason: &str) -> anyhow::Result<Named> {
        let suites = client.locations(Some(LocationKind::CustodySuite)).await?;
        let suite = suite_label(&suites, &d.suite_id);
        let detainee = match event.people.iter().find(|p| p.role == EventRole::Detainee) {
            Some(p) => client.profile(&p.person_id, reason).await.ok().map(|profile| profile.person.display_name()),
            None => None,
        };
        Ok(Named { suite, detainee })
    }
}

/// A suite as people say it, "Brixton Custody Suite (BX)", among `suites`
/// by its id; the id only for a suite no longer on record.
pub fn suite_label(suites: &[Location], id: &str) -> String {
    match find_place(suites, id) {
        Some(s) => match s.code() {
            Some(code) => format!("{} ({code})", s.name),
            None => s.name.clone(),
        },
        None => id.to_string(),
    }
}

pub fn render(event: &Event, d: &CustodyDetails, status: &CustodyStatus, named: &Named) -> String {
    let mut s = String::new();
    let when = |t: Option<chrono::DateTime<chrono::Utc>>| t.map(format_london).unwrap_or_else(|| "-".into());
    let _ = writeln!(s, "Custody record {}", event.reference);
    let _ = writeln!(s);
    let _ = writeln!(s, "Detention");
    let _ = writeln!(s, "  Status          {}", sentence(&words(&event.status)));
    match (&named.detainee, event.people.first()) {
        (Some(name), _) => {
            let _ = writeln!(s, "  Detainee        {name}");
        }
        (None, Some(p)) => {
            let _ = writeln!(s, "  Detainee        {} (name not readable)", p.person_id);
        }
        (None, None) => {}
    }
    let _ = writeln!(s, "  Suite           {}, cell {}", named.suite, d.cell);
    let _ = writeln!(s, "  Arrested        {} by {}", format_london(d.arrested_at), d.arresting_officer);
    let _ = writeln!(s, "  Reason          {}", d.arrest_reason);
    let _ = writeln!(s, "  Offences        {}", d.offences.join("; "));
    let _ = writeln!(s, "  Relevant time   {}", format_london(d.relevant_time));
    if let Some(c) = &d.carried {
        let _ = writeln!(s, "  Carried         {} (PACE s.47(6): counted on the clock and reviews)", c.span());
    }
    let _ = writeln!(s, "  Authorised      {}", format_london(d.detention_authorised_at));
    if let Some(outcome) = d.outcome {
        let _ = writeln!(s, "  Outcome         {}", sentence(&of(&outcome)));
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "PACE now");
    let remaining = status.remaining.map(format_duration).unwrap_or_else(|| "-".into());
    let _ = writeln!(s, "  Clock limit     {} (remaining {remaining})", when(status.clock_limit));
    let _ = writeln!(s, "  Next review     {}", when(status.next_review_due));
    let _ = writeln!(s, "  Next visit      {} ({})", when(status.next_visit_due), status.observation.label());
    for alert in &status.alerts {
        let _ = writeln!(s, "  ALERT           {} (due {})", alert.label(), format_london(alert.due));
    }
    let _ = writeln!(s);
    let count = match d.entries.len() {
        1 => "1 entry".to_string(),
        n => format!("{n} entries"),
    };
    let _ = writeln!(s, "Custody log ({count}, oldest first)");
    let mut entries: Vec<_> = d.entries.iter().collect();
    entries.sort_by_key(|e| e.at);
    for e in entries {
        let kind = sentence(&words(&e.kind));
        let _ = writeln!(s, "  {}  {kind:<28} {:<20} {}", format_london(e.at), e.by, e.text.replace('\n', " "));
    }
    s
}
