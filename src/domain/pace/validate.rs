//! The check the server makes before appending an entry to a custody log:
//! the entry must be attributed, not timed in the future, on an open record,
//! and lawful for its kind. Kinds the rules do not read are accepted as
//! they are.

use chrono::{DateTime, Utc};

use super::entries::{self, CHARGED, EXTENSION, REVIEW, REVIEW_POSTPONED, WARRANT_OF_FURTHER_DETENTION};
use super::{later, PaceError, PaceRules};
use crate::domain::event::{CustodyDetails, CustodyEntry, OpenClosed};

impl PaceRules {
    /// Whether `entry` may be appended to the record's log at `now`.
    pub fn validate_entry(
        &self,
        record: &CustodyDetails,
        entry: &CustodyEntry,
        now: DateTime<Utc>,
    ) -> Result<(), PaceError> {
        if record.status == OpenClosed::Closed {
            return Err(PaceError::AlreadyReleased);
        }
        if entry.by.trim().is_empty() {
            return Err(PaceError::NotAttributed);
        }
        if entry.at > later(now, self.future_tolerance) {
            return Err(PaceError::InFuture { at: entry.at });
        }
        let at = entry.at;
        let not_before_detention = |what| {
            if at < record.detention_authorised_at {
                Err(PaceError::BeforeDetention { what, authorised: record.detention_authorised_at })
            } else {
                Ok(())
            }
        };
        let reason = |what, needs| {
            if entry.text.trim().is_empty() {
                Err(PaceError::ReasonRequired { what, needs })
            } else {
                Ok(())
            }
        };
        match entry.kind.as_str() {
            REVIEW => not_before_detention("review"),
            REVIEW_POSTPONED => {
                not_before_detention("postponed review")?;
                reason("postponed review", "reason")
            }
            EXTENSION => {
                reason("superintendent's extension", "grounds")?;
                self.check_extension(record, at)
            }
            WARRANT_OF_FURTHER_DETENTION => self.check_warrant(record, at, &entry.text).map(|_| ()),
            CHARGED => match entries::charged_at(record) {
                Some(charged) => Err(PaceError::AlreadyCharged { at: charged }),
                None => not_before_detention("charge"),
            },
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::super::entries::{APPROPRIATE_ADULT, ROUSING_FAILED, VISIT};
    use super::super::fixtures::{at, entry, record, with};
    use super::*;

    fn check(r: &CustodyDetails, e: &CustodyEntry, now: DateTime<Utc>) -> Result<(), PaceError> {
        PaceRules::default().validate_entry(r, e, now)
    }

    #[test]
    fn a_visit_now_or_in_the_past_is_accepted() {
        assert_eq!(check(&record(), &entry(at(1, 0), VISIT, "asleep, breathing"), at(1, 0)), Ok(()));
        assert_eq!(check(&record(), &entry(at(0, 50), VISIT, ""), at(1, 0)), Ok(()));
        assert_eq!(check(&record(), &entry(at(1, 0), ROUSING_FAILED, ""), at(1, 0)), Ok(()));
    }

    #[test]
    fn an_entry_timed_in_the_future_is_refused() {
        let e = entry(at(1, 2), VISIT, "");
        assert_eq!(check(&record(), &e, at(1, 0)), Err(PaceError::InFuture { at: at(1, 2) }));
        // A minute's drift between terminals is tolerated, exactly.
        assert_eq!(check(&record(), &entry(at(1, 1), VISIT, ""), at(1, 0)), Ok(()));
        let e = entry(at(1, 1) + Duration::seconds(1), REVIEW, "");
        assert!(matches!(check(&record(), &e, at(1, 0)), Err(PaceError::InFuture { .. })));
    }

    #[test]
    fn anything_on_a_closed_record_is_refused() {
        let mut r = record();
        r.status = OpenClosed::Closed;
        for kind in entries::RULE_KINDS.into_iter().chain(["note"]) {
            let err = check(&r, &entry(at(1, 0), kind, "x"), at(2, 0)).unwrap_err();
            assert_eq!(err, PaceError::AlreadyReleased, "{kind}");
            assert_eq!(err.to_string(), "this custody record is closed: the detainee has already been released");
        }
    }

    #[test]
    fn an_entry_must_say_who_made_it() {
        let mut e = entry(at(1, 0), VISIT, "");
        e.by = "  ".into();
        assert_eq!(check(&record(), &e, at(1, 0)), Err(PaceError::NotAttributed));
    }

    #[test]
    fn a_review_before_detention_was_authorised_is_refused() {
        let err = check(&record(), &entry(at(0, 10), REVIEW, ""), at(1, 0)).unwrap_err();
        assert_eq!(err, PaceError::BeforeDetention { what: "review", authorised: at(0, 15) });
        assert_eq!(err.to_string(), "a review cannot be timed before detention was authorised at 2026-07-01 11:15 BST");
        assert_eq!(check(&record(), &entry(at(0, 15), REVIEW, ""), at(1, 0)), Ok(()));
    }

    #[test]
    fn a_postponement_needs_its_reason() {
        let err = check(&record(), &entry(at(6, 0), REVIEW_POSTPONED, " "), at(6, 0)).unwrap_err();
        assert_eq!(err, PaceError::ReasonRequired { what: "postponed review", needs: "reason" });
        assert_eq!(check(&record(), &entry(at(6, 0), REVIEW_POSTPONED, "in interview"), at(6, 0)), Ok(()));
    }

    #[test]
    fn an_extension_needs_grounds_and_the_law() {
        let reviewed = with(record(), &[(at(5, 0), REVIEW, ""), (at(14, 0), REVIEW, "")]);
        let now = at(20, 0);
        assert!(matches!(
            check(&reviewed, &entry(now, EXTENSION, ""), now),
            Err(PaceError::ReasonRequired { needs: "grounds", .. })
        ));
        assert_eq!(check(&reviewed, &entry(now, EXTENSION, "evidence outstanding"), now), Ok(()));
        assert_eq!(
            check(&record(), &entry(now, EXTENSION, "evidence outstanding"), now),
            Err(PaceError::BeforeSecondReview { done: 0 })
        );
        let late = at(24, 30);
        assert!(matches!(
            check(&reviewed, &entry(late, EXTENSION, "evidence outstanding"), late),
            Err(PaceError::ExtensionTooLate { .. })
        ));
    }

    #[test]
    fn a_warrant_is_checked_by_its_hours() {
        let extended =
            with(record(), &[(at(5, 0), REVIEW, ""), (at(14, 0), REVIEW, ""), (at(20, 0), EXTENSION, "grounds")]);
        let now = at(30, 0);
        assert_eq!(check(&extended, &entry(now, WARRANT_OF_FURTHER_DETENTION, "36h Court"), now), Ok(()));
        let err = check(&extended, &entry(now, WARRANT_OF_FURTHER_DETENTION, "a warrant"), now).unwrap_err();
        assert_eq!(err.field(), "text");
        assert!(err.to_string().contains("36h Highbury Corner"), "{err}");
        assert!(matches!(
            check(&extended, &entry(now, WARRANT_OF_FURTHER_DETENTION, "48h"), now),
            Err(PaceError::WarrantHoursOutOfRange { hours: 48, .. })
        ));
    }

    #[test]
    fn a_second_charge_is_refused() {
        let charged = with(record(), &[(at(8, 0), CHARGED, "burglary")]);
        assert_eq!(check(&record(), &entry(at(8, 0), CHARGED, "burglary"), at(8, 0)), Ok(()));
        assert_eq!(
            check(&charged, &entry(at(9, 0), CHARGED, "theft"), at(9, 0)),
            Err(PaceError::AlreadyCharged { at: at(8, 0) })
        );
    }

    #[test]
    fn kinds_the_rules_do_not_read_are_accepted() {
        assert_eq!(check(&record(), &entry(at(2, 0), "meal", "main meal, eaten"), at(2, 0)), Ok(()));
        assert_eq!(check(&record(), &entry(at(2, 0), APPROPRIATE_ADULT, "mother"), at(2, 0)), Ok(()));
    }
}
