//! The attendance clock: each grading sets a target from its own time
//! (`IncidentRules::due`), so a regrade restarts the clock under the new
//! grade while the history keeps the old. The clock stops when a resource
//! first reaches the scene. What it reads is stored on the record, so the
//! clock is the same on every screen and only the time left moves.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Grade, IncidentDetails};

/// Where an incident's attendance stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Clock {
    /// Counting down from `from` (the grading in force) to `due`.
    Running { from: DateTime<Utc>, due: DateTime<Utc> },
    /// An E grade waiting for its appointment to be made.
    NoAppointment,
    /// R: no attendance.
    NoTarget,
    /// A resource reached the scene at `at`; `late` when after the target
    /// of the grading then in force.
    Attended { at: DateTime<Utc>, late: bool },
    /// Closed with nobody having attended.
    ClosedUnattended,
}

impl Clock {
    /// The clock of an incident as its record stands.
    pub fn of(d: &IncidentDetails) -> Clock {
        if let Some(at) = d.first_arrival() {
            let due = d.grading.iter().rev().find(|g| g.at <= at).or(d.grading.first()).and_then(|g| g.due);
            return Clock::Attended { at, late: due.is_some_and(|due| at > due) };
        }
        if d.closure.is_some() {
            return Clock::ClosedUnattended;
        }
        match d.current() {
            Some(g) => match (g.due, g.grade) {
                (Some(due), _) => Clock::Running { from: g.at, due },
                (None, Grade::E) => Clock::NoAppointment,
                (None, _) => Clock::NoTarget,
            },
            None => Clock::NoTarget,
        }
    }

    /// Time left to the target (negative once overdue), while running.
    pub fn remaining(&self, now: DateTime<Utc>) -> Option<Duration> {
        match self {
            Clock::Running { due, .. } => Some(*due - now),
            _ => None,
        }
    }

    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.remaining(now).is_some_and(|left| left < Duration::zero())
    }

    /// In the last quarter of its time (and not yet overdue).
    pub fn is_due_soon(&self, now: DateTime<Utc>) -> bool {
        match self {
            Clock::Running { from, due } => {
                let left = *due - now;
                left >= Duration::zero() && left * 4 <= *due - *from
            }
            _ => false,
        }
    }

    /// The clock in words, relative so that it never needs a date:
    /// `12m left`, `OVERDUE 1h 05m`, `attended late`.
    pub fn words(&self, now: DateTime<Utc>) -> String {
        match self {
            Clock::Running { due, .. } if *due >= now => format!("{} left", span(*due - now)),
            Clock::Running { due, .. } => format!("OVERDUE {}", span(now - *due)),
            Clock::NoAppointment => "no appointment".into(),
            Clock::NoTarget => "no target".into(),
            Clock::Attended { late: false, .. } => "attended".into(),
            Clock::Attended { late: true, .. } => "attended late".into(),
            Clock::ClosedUnattended => "not attended".into(),
        }
    }
}

/// A span to the minute: `45s`, `12m`, `1h 05m`, `2d 3h`.
pub fn span(d: Duration) -> String {
    let s = d.num_seconds().unsigned_abs();
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m", s / 60),
        3600..86_400 => format!("{}h {:02}m", s / 3600, (s / 60) % 60),
        _ => format!("{}d {}h", s / 86_400, (s / 3600) % 24),
    }
}

/// The order of urgency on the control room's list: grade first (I before
/// S before E before R), then those still waiting for attendance before
/// those attended, then the soonest (or most overdue) target, then the
/// oldest. It does not change as time passes, only when the record does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Urgency {
    grade: Grade,
    attended: bool,
    /// A target absent sorts after every target (an `Option` alone would
    /// put "no target" first).
    no_due: bool,
    due: Option<DateTime<Utc>>,
    opened: DateTime<Utc>,
}

impl Urgency {
    pub fn of(d: &IncidentDetails, opened: DateTime<Utc>) -> Urgency {
        let clock = Clock::of(d);
        let due = match clock {
            Clock::Running { due, .. } => Some(due),
            _ => None,
        };
        Urgency {
            grade: d.grade(),
            attended: matches!(clock, Clock::Attended { .. }),
            no_due: due.is_none(),
            due,
            opened,
        }
    }
}
