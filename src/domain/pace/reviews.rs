//! Reviews of detention (s.40): the first no later than 6 h after detention
//! was first authorised, the second no later than 9 h after the first, then
//! at most every 9 h. Reviews continue after charge (by the custody officer)
//! until the detainee leaves.
//!
//! Our reading, applied in one place ([`PaceRules::review_schedule`]): the
//! next review is due 9 h after the previous one was actually carried out,
//! so a review carried out late (without a recorded postponement) restarts
//! the 9 h from when it was done. A postponed review (s.40(4)) still falls
//! due and shows as overdue until carried out, and it does not move the
//! schedule (s.40(7)): the review after it is due 9 h after the time the
//! postponed one was due, as if it had not been postponed. Detention
//! carried from before bail (s.47(6)) counts towards the first review, so
//! a detainee held again after 6 h or more is due a review as soon as
//! detention is authorised.

use chrono::{DateTime, Utc};

use super::entries::{in_time_order, REVIEW, REVIEW_POSTPONED};
use super::{later, PaceRules};
use crate::domain::event::{CustodyDetails, OpenClosed};

/// Where the reviews of a record stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewSchedule {
    /// When the next review is due.
    pub due: DateTime<Utc>,
    /// The review now due has been postponed (and not yet carried out).
    pub postponed: bool,
    /// Reviews carried out so far.
    pub done: usize,
}

impl PaceRules {
    /// When the next review of detention is due; `None` once the record is closed.
    pub fn next_review_due(&self, record: &CustodyDetails) -> Option<DateTime<Utc>> {
        (record.status == OpenClosed::Open).then(|| self.review_schedule(record).due)
    }

    /// The review schedule as the log stands. Reviews timed before detention
    /// was authorised are not s.40 reviews and are ignored. The record's
    /// stored `last_review_at` counts as a review carried out then, unless
    /// the log already has a review at that instant, so a record that keeps
    /// only the summary field is never shown a review due that was done.
    pub fn review_schedule(&self, record: &CustodyDetails) -> ReviewSchedule {
        let mut events: Vec<(DateTime<Utc>, &str)> = in_time_order(record)
            .into_iter()
            .filter(|e| e.kind == REVIEW || e.kind == REVIEW_POSTPONED)
            .map(|e| (e.at, e.kind.as_str()))
            .collect();
        if let Some(stored) = record.last_review_at {
            if !events.iter().any(|&(at, kind)| at == stored && kind == REVIEW) {
                // After any entries at the same instant: a postponement then
                // the review it postponed.
                let i = events.partition_point(|&(at, _)| at <= stored);
                events.insert(i, (stored, REVIEW));
            }
        }
        let mut schedule = ReviewSchedule { due: first_due(self, record), postponed: false, done: 0 };
        for (at, kind) in events {
            if at < record.detention_authorised_at {
                continue;
            }
            if kind == REVIEW_POSTPONED {
                schedule.postponed = true;
                continue;
            }
            let anchor = if schedule.postponed { at.min(schedule.due) } else { at };
            schedule =
                ReviewSchedule { due: later(anchor, self.review_interval), postponed: false, done: schedule.done + 1 };
        }
        schedule
    }
}

/// The first review: 6 h after detention was first authorised, counting any
/// detention carried from before bail, and never before this record's own
/// authorisation (a review cannot fall due before the detention it reviews).
fn first_due(rules: &PaceRules, record: &CustodyDetails) -> DateTime<Utc> {
    later(record.reviews_from(), rules.first_review).max(record.detention_authorised_at)
}

#[cfg(test)]
mod tests {
    use super::super::entries::CHARGED;
    use super::super::fixtures::{at, record, with};
    use super::*;

    fn due(r: &CustodyDetails) -> DateTime<Utc> {
        PaceRules::default().next_review_due(r).unwrap()
    }

    #[test]
    fn the_first_review_is_due_6h_after_detention_was_authorised() {
        // Authorised at 00:15 after the relevant time.
        assert_eq!(due(&record()), at(6, 15));
    }

    #[test]
    fn the_second_is_due_9h_after_the_first_and_then_every_9h() {
        let r = with(record(), &[(at(6, 15), REVIEW, "")]);
        assert_eq!(due(&r), at(15, 15));
        let r = with(r, &[(at(15, 15), REVIEW, "")]);
        assert_eq!(due(&r), at(24, 15));
        let r = with(r, &[(at(24, 15), REVIEW, "")]);
        assert_eq!(due(&r), at(33, 15));
        assert_eq!(PaceRules::default().review_schedule(&r).done, 3);
    }

    #[test]
    fn an_early_review_brings_the_next_forward() {
        let r = with(record(), &[(at(2, 0), REVIEW, "")]);
        assert_eq!(due(&r), at(11, 0));
    }

    #[test]
    fn a_late_review_restarts_9h_from_when_it_was_done() {
        let r = with(record(), &[(at(7, 0), REVIEW, "")]);
        assert_eq!(due(&r), at(16, 0));
    }

    #[test]
    fn a_postponement_does_not_move_the_schedule() {
        let postponed = with(record(), &[(at(6, 0), REVIEW_POSTPONED, "detainee in interview")]);
        let s = PaceRules::default().review_schedule(&postponed);
        assert_eq!(s.due, at(6, 15), "the postponed review is still due when it was");
        assert!(s.postponed);
        // Carried out at 07:00: the next is due as if it had been done at 06:15.
        let r = with(postponed, &[(at(7, 0), REVIEW, "")]);
        assert_eq!(due(&r), at(15, 15));
        assert!(!PaceRules::default().review_schedule(&r).postponed);
    }

    #[test]
    fn a_postponed_review_done_before_it_was_due_counts_from_when_it_was_done() {
        let r = with(record(), &[(at(5, 0), REVIEW_POSTPONED, "asleep"), (at(5, 30), REVIEW, "")]);
        assert_eq!(due(&r), at(14, 30));
    }

    #[test]
    fn a_postponement_applies_only_to_the_review_then_due() {
        let r = with(
            record(),
            &[(at(6, 0), REVIEW_POSTPONED, "interview"), (at(7, 0), REVIEW, ""), (at(17, 0), REVIEW, "")],
        );
        // The second was due at 15:15 and carried out late at 17:00, not postponed.
        assert_eq!(due(&r), at(26, 0));
    }

    #[test]
    fn entries_recorded_out_of_order_are_read_in_time_order() {
        let r = with(record(), &[(at(15, 0), REVIEW, ""), (at(6, 0), REVIEW, "")]);
        assert_eq!(due(&r), at(24, 0));
    }

    #[test]
    fn a_review_timed_before_detention_was_authorised_is_ignored() {
        let r = with(record(), &[(at(0, 5), REVIEW, "")]);
        assert_eq!(due(&r), at(6, 15));
    }

    #[test]
    fn the_stored_last_review_counts_as_a_review() {
        let mut r = record();
        r.last_review_at = Some(at(5, 0));
        assert_eq!(due(&r), at(14, 0));
        assert_eq!(PaceRules::default().review_schedule(&r).done, 1);
        // The same review in the log is not counted twice.
        let r = with(r, &[(at(5, 0), REVIEW, "")]);
        assert_eq!(PaceRules::default().review_schedule(&r).done, 1);
        // An older stored time does not undo later reviews in the log.
        let mut r = with(record(), &[(at(5, 0), REVIEW, ""), (at(13, 0), REVIEW, "")]);
        r.last_review_at = Some(at(5, 0));
        assert_eq!(due(&r), at(22, 0));
    }

    #[test]
    fn reviews_continue_after_charge_and_stop_at_release() {
        let r = with(record(), &[(at(5, 0), REVIEW, ""), (at(8, 0), CHARGED, "")]);
        assert_eq!(due(&r), at(14, 0));
        let mut closed = r;
        closed.status = OpenClosed::Closed;
        assert_eq!(PaceRules::default().next_review_due(&closed), None);
    }
}
