//! A page of a desk's queue landing on the rows shown: the first page
//! replaces them (the rows that changed since they were shown marked for a
//! moment), a further one is added below them, none twice. Shared by the
//! panes whose rows are records with what the server adds to them.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::api::asb::AsbCaseView;
use crate::api::safeguarding::SafeguardingRow;
use crate::domain::event::Event;

/// A queue's row: a record, and what the server read with it.
pub trait DeskRow {
    fn event(&self) -> &Event;

    fn event_mut(&mut self) -> &mut Event;

    /// Whether the row reads differently from `before`, the same record as shown.
    fn differs(&self, before: &Self) -> bool {
        self.event().version != before.event().version
    }
}

impl DeskRow for SafeguardingRow {
    fn event(&self) -> &Event {
        &self.event
    }

    fn event_mut(&mut self) -> &mut Event {
        &mut self.event
    }
}

impl DeskRow for AsbCaseView {
    fn event(&self) -> &Event {
        &self.event
    }

    fn event_mut(&mut self) -> &mut Event {
        &mut self.event
    }

    /// A case's standing changes with time and with its links.
    fn differs(&self, before: &Self) -> bool {
        self.event.version != before.event.version || self.standing.trigger.met != before.standing.trigger.met
    }
}

/// `page` onto `rows`; `shown` when rows were on screen before, whose
/// changes `changed` marks at `now`.
pub fn land<R: DeskRow>(
    rows: &mut Vec<R>,
    page: Vec<R>,
    append: bool,
    shown: bool,
    changed: &mut HashMap<String, DateTime<Utc>>,
    now: DateTime<Utc>,
) {
    if append {
        let known: Vec<String> = rows.iter().map(|r| r.event().id.clone()).collect();
        rows.extend(page.into_iter().filter(|r| !known.contains(&r.event().id)));
        return;
    }
    if shown {
        for row in &page {
            let before = rows.iter().find(|r| r.event().id == row.event().id);
            if before.is_none_or(|b| row.differs(b)) {
                changed.insert(row.event().id.clone(), now);
            }
        }
    }
    *rows = page;
}

/// `event` as it now stands onto its row, when the row holds an older
/// version; whether it did (a live change no newer than the row is nothing).
pub fn put_newer<R: DeskRow>(rows: &mut [R], event: &Event) -> bool {
    match rows.iter_mut().find(|r| r.event().id == event.id) {
        Some(row) if row.event().version < event.version => {
            *row.event_mut() = event.clone();
            true
        }
        _ => false,
    }
}

/// The version of record `id` the rows hold, if they hold it.
pub fn held<R: DeskRow>(rows: &[R], id: &str) -> Option<i64> {
    rows.iter().find(|r| r.event().id == id).map(|r| r.event().version)
}

/// Takes record `id` off the rows.
pub fn remove<R: DeskRow>(rows: &mut Vec<R>, id: &str) {
    rows.retain(|r| r.event().id != id);
}
