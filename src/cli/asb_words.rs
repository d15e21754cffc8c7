//! An ASB case's standing in words, for the CLI's rows and record views:
//! "MET: 3 of 3 in 183 days", the repeat and vulnerable victims, the review.

use crate::domain::asb::{AsbDetails, AsbStanding};

/// The review trigger: "MET 3/3 in 183d" or "not met 2/3 in 183d".
pub fn trigger(s: &AsbStanding) -> String {
    let t = &s.trigger;
    let word = if t.met { "MET" } else { "not met" };
    format!("{word} {}/{} in {}d", t.incidents_in_window, t.threshold, t.window_days)
}

/// Victims flagged: "2 repeat, 1 vulnerable" (empty when none).
pub fn victims(s: &AsbStanding) -> String {
    let repeat = s.victims.iter().filter(|v| v.repeat).count();
    let vulnerable = s.victims.iter().filter(|v| v.vulnerable).count();
    let mut words = Vec::new();
    if repeat > 0 {
        words.push(format!("{repeat} repeat"));
    }
    if vulnerable > 0 {
        words.push(format!("{vulnerable} vulnerable"));
    }
    words.join(", ")
}

/// Where the case's review stands: requested, held, or none.
pub fn review(d: &AsbDetails) -> String {
    match d.reviews.last() {
        None => String::new(),
        Some(r) => match &r.outcome {
            None if r.override_reason.is_some() => "requested (supervisor override)".into(),
            None => "requested".into(),
            Some(o) => format!("held: {}", o.decision),
        },
    }
}
