//! What a read showed, as audit entries: one per record and one per person
//! shown, each with the reason, so "who looked at this person (or record),
//! when and why" is one query of the audit (`?person=` / `?record=`).
//! They are written before the data is handed over.

use std::collections::HashSet;

use super::auth::Caller;
use super::error::ApiResult;
use super::AppState;
use crate::domain::event::Event;
use crate::store::AuditRecord;

/// The records and people a reply shows.
#[derive(Default)]
pub struct Consulted {
    /// (record kind, record id, detail), each record once.
    entries: Vec<(&'static str, String, String)>,
    seen: HashSet<(&'static str, String)>,
}

impl Consulted {
    pub fn new() -> Self {
        Self::default()
    }

    fn add(&mut self, kind: &'static str, id: &str, detail: String) {
        if self.seen.insert((kind, id.to_string())) {
            self.entries.push((kind, id.to_string(), detail));
        }
    }

    /// The question asked, when it says more than the records shown (the
    /// words a list was filtered by).
    pub fn query(&mut self, kind: &'static str, detail: impl Into<String>) {
        self.add(kind, "-", detail.into())
    }

    /// A person shown (a name, a profile, a row of theirs).
    pub fn person(&mut self, id: &str, detail: impl Into<String>) {
        self.add("person", id, detail.into())
    }

    /// A place shown (its profile, a lookup's hit).
    pub fn place(&mut self, id: &str, detail: impl Into<String>) {
        self.add("place", id, detail.into())
    }

    /// A vehicle or phone shown.
    pub fn object(&mut self, id: &str, detail: impl Into<String>) {
        self.add("object", id, detail.into())
    }

    /// A record shown, named by its reference in `detail`'s words.
    pub fn event(&mut self, event: &Event, what: &str) {
        self.add(event.kind.as_str(), &event.id, format!("{what}: {}", event.reference))
    }

    /// Writes one consultation entry for each, with `reason`.
    pub async fn record(self, state: &AppState, caller: &Caller, reason: &str) -> ApiResult<()> {
        if self.entries.is_empty() {
            return Ok(());
        }
        let records: Vec<AuditRecord<'_>> = self
            .entries
            .iter()
            .map(|(kind, id, detail)| AuditRecord { action: "consultation", record_kind: kind, record_id: id, detail })
            .collect();
        state.store.record_access(&caller.actor(reason), &records).await?;
        Ok(())
    }
}
