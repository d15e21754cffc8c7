//! The detention clock: 24 h without charge from the relevant time (s.41), a
//! superintendent's extension to 36 h (s.42), warrants of further detention
//! up to 36 h each and 96 h in all (ss.43–44). Once the detainee is charged
//! the clock stops mattering: later entries do not change it, and the board
//! shows no clock for a charged detainee.
//!
//! Every period counts from [`CustodyDetails::clock_start`]: the relevant
//! time, less any detention carried from before bail (s.47(6)).
//!
//! A decision timed at the very instant of a limit is still in time (the
//! statute says "not more than"); one timed after it is too late.

use chrono::{DateTime, Duration, Utc};

use super::entries::{self, in_time_order, parse_warrant_hours, EXTENSION, REVIEW, WARRANT_OF_FURTHER_DETENTION};
use super::{later, PaceError, PaceRules};
use crate::domain::event::CustodyDetails;

/// The clock as the log stood at some instant.
#[derive(Debug, Clone, Copy)]
struct Clock {
    limit: DateTime<Utc>,
    warranted: bool,
}

impl PaceRules {
    /// When detention without charge must end: 24 h from the relevant time,
    /// moved by every lawful extension and warrant in the log up to the charge.
    /// An entry that breaks the rules (which validation would have refused)
    /// moves nothing, so the limit is never beyond 96 h from the relevant time,
    /// nor beyond 36 h without a warrant.
    pub fn detention_limit(&self, record: &CustodyDetails) -> DateTime<Utc> {
        self.replay(record, None).limit
    }

    /// Time left on the detention clock at `now`; negative when overdue.
    /// Meaningless after charge (see [`entries::is_charged`]).
    pub fn time_remaining(&self, record: &CustodyDetails, now: DateTime<Utc>) -> Duration {
        self.detention_limit(record) - now
    }

    /// Whether the log holds a lawful warrant of further detention before any
    /// charge: only then may the limit pass 36 h.
    pub fn has_warrant(&self, record: &CustodyDetails) -> bool {
        self.replay(record, None).warranted
    }

    /// Whether a superintendent may extend detention to 36 h at `at`: refused
    /// after charge, for an offence that is not indictable, more than 24 h
    /// after the relevant time, before the second review has been carried
    /// out, or once the clock has run out.
    pub fn check_extension(&self, record: &CustodyDetails, at: DateTime<Utc>) -> Result<(), PaceError> {
        not_charged_by(record, at)?;
        let clock = self.replay(record, Some(at));
        self.extension_allowed(record, clock, at)
    }

    /// Whether a warrant of further detention with this text (see
    /// [`entries::WARRANT_OF_FURTHER_DETENTION`]) may be issued at `at`; if so,
    /// the new end of detention.
    pub fn check_warrant(
        &self,
        record: &CustodyDetails,
        at: DateTime<Utc>,
        text: &str,
    ) -> Result<DateTime<Utc>, PaceError> {
        not_charged_by(record, at)?;
        let hours = parse_warrant_hours(text)?;
        let clock = self.replay(record, Some(at));
        self.warrant_end(record, clock, at, hours)
    }

    /// The clock after the log entries timed up to `until` (all when `None`),
    /// stopping at the charge. Each decision is checked against the clock as
    /// it stood just before it: the one place the clock rules are applied.
    /// The charge ends the replay, so a decision recorded before a charge
    /// at the same instant still counts.
    fn replay(&self, record: &CustodyDetails, until: Option<DateTime<Utc>>) -> Clock {
        let mut clock = Clock { limit: later(record.clock_start(), self.limit_without_charge), warranted: false };
        for e in in_time_order(record) {
            if until.is_some_and(|u| e.at > u) || e.kind == entries::CHARGED {
                break;
            }
            match e.kind.as_str() {
                EXTENSION if self.extension_allowed(record, clock, e.at).is_ok() => {
                    clock.limit = clock.limit.max(later(record.clock_start(), self.extended_limit));
                }
                WARRANT_OF_FURTHER_DETENTION => {
                    let end = parse_warrant_hours(&e.text).and_then(|h| self.warrant_end(record, clock, e.at, h));
                    if let Ok(end) = end {
                        clock.limit = clock.limit.max(end);
                        clock.warranted = true;
                    }
                }
                _ => {}
            }
        }
        // However the other figures are set, nothing holds a detainee beyond the maximum.
        clock.limit = clock.limit.min(later(record.clock_start(), self.max_detention));
        clock
    }

    fn extension_allowed(&self, record: &CustodyDetails, clock: Clock, at: DateTime<Utc>) -> Result<(), PaceError> {
        if !record.indictable {
            return Err(PaceError::NotIndictable);
        }
        let latest = later(record.clock_start(), self.latest_extension);
        if at > latest {
            return Err(PaceError::ExtensionTooLate { latest });
        }
        let done = record
            .entries
            .iter()
            .filter(|e| e.kind == REVIEW && e.at >= record.detention_authorised_at && e.at <= at)
            .count();
        if done < self.reviews_before_extension {
            return Err(PaceError::BeforeSecondReview { done });
        }
        if at > clock.limit {
            return Err(PaceError::ClockExpired { limit: clock.limit });
        }
        Ok(())
    }

    /// A warrant's period runs from its issue (s.43(11)); an extension of a
    /// warrant (s.44) is read the same way, which never gives more time than
    /// counting from the end of the previous warrant would.
    fn warrant_end(
        &self,
        record: &CustodyDetails,
        clock: Clock,
        at: DateTime<Utc>,
        hours: u32,
    ) -> Result<DateTime<Utc>, PaceError> {
        if !record.indictable {
            return Err(PaceError::NotIndictable);
        }
        let max = self.max_warrant.num_hours();
        if hours == 0 || i64::from(hours) > max {
            return Err(PaceError::WarrantHoursOutOfRange { hours, max });
        }
        if at > clock.limit {
            return Err(PaceError::ClockExpired { limit: clock.limit });
        }
        let would_end = later(at, Duration::hours(i64::from(hours)));
        let latest = later(record.clock_start(), self.max_detention);
        if would_end > latest {
            return Err(PaceError::BeyondMaximum { would_end, latest });
        }
        Ok(would_end)
    }
}

fn not_charged_by(record: &CustodyDetails, at: DateTime<Utc>) -> Result<(), PaceError> {
    match entries::charged_at(record) {
        Some(charged) if charged <= at => Err(PaceError::AlreadyCharged { at: charged }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::entries::CHARGED;
    use super::super::fixtures::{at, record, t0, with};
    use super::*;

    fn rules() -> PaceRules {
        PaceRules::default()
    }

    /// Indictable, first review at 5 h and second at 14 h.
    fn reviewed() -> CustodyDetails {
        with(record(), &[(at(5, 0), REVIEW, "continue"), (at(14, 0), REVIEW, "continue")])
    }

    #[test]
    fn the_limit_is_24h_from_the_relevant_time() {
        assert_eq!(rules().detention_limit(&record()), at(24, 0));
        assert_eq!(rules().time_remaining(&record(), at(20, 30)), Duration::minutes(210));
        assert_eq!(rules().time_remaining(&record(), at(24, 0)), Duration::zero());
        assert_eq!(rules().time_remaining(&record(), at(24, 10)), Duration::minutes(-10));
        assert!(!rules().has_warrant(&record()));
    }

    #[test]
    fn an_extension_moves_the_limit_to_36h() {
        let r = with(reviewed(), &[(at(20, 0), EXTENSION, "grounds; solicitor heard")]);
        assert_eq!(rules().detention_limit(&r), at(36, 0));
        assert_eq!(rules().time_remaining(&r, at(35, 0)), Duration::hours(1));
    }

    #[test]
    fn an_extension_exactly_at_24h_is_in_time_and_one_second_later_is_not() {
        assert_eq!(rules().check_extension(&reviewed(), at(24, 0)), Ok(()));
        let err = rules().check_extension(&reviewed(), at(24, 0) + Duration::seconds(1)).unwrap_err();
        assert_eq!(err, PaceError::ExtensionTooLate { latest: at(24, 0) });
        let late = with(reviewed(), &[(at(24, 1), EXTENSION, "grounds")]);
        assert_eq!(rules().detention_limit(&late), at(24, 0), "a late extension moves nothing");
    }

    #[test]
    fn an_extension_is_refused_for_an_offence_that_is_not_indictable() {
        let mut r = reviewed();
        r.indictable = false;
        assert_eq!(rules().check_extension(&r, at(20, 0)), Err(PaceError::NotIndictable));
        let r = with(r, &[(at(20, 0), EXTENSION, "grounds")]);
        assert_eq!(rules().detention_limit(&r), at(24, 0));
    }

    #[test]
    fn an_extension_is_refused_before_the_second_review() {
        let none = record();
        assert_eq!(rules().check_extension(&none, at(20, 0)), Err(PaceError::BeforeSecondReview { done: 0 }));
        let one = with(record(), &[(at(5, 0), REVIEW, "continue")]);
        assert_eq!(rules().check_extension(&one, at(20, 0)), Err(PaceError::BeforeSecondReview { done: 1 }));
        // A review recorded later but timed after the extension does not count.
        let after = with(one.clone(), &[(at(21, 0), REVIEW, "continue")]);
        assert_eq!(rules().check_extension(&after, at(20, 0)), Err(PaceError::BeforeSecondReview { done: 1 }));
        // Postponements are not reviews.
        let postponed = with(one, &[(at(14, 0), entries::REVIEW_POSTPONED, "in interview")]);
        assert!(rules().check_extension(&postponed, at(20, 0)).is_err());
        let r = with(postponed, &[(at(20, 0), EXTENSION, "grounds")]);
        assert_eq!(rules().detention_limit(&r), at(24, 0));
    }

    #[test]
    fn the_second_review_at_the_same_instant_counts() {
        assert_eq!(rules().check_extension(&reviewed(), at(14, 0)), Ok(()));
        // Recorded in either order.
        let r = with(record(), &[(at(5, 0), REVIEW, ""), (at(14, 0), EXTENSION, "g"), (at(14, 0), REVIEW, "")]);
        assert_eq!(rules().detention_limit(&r), at(36, 0));
    }

    #[test]
    fn an_extension_is_refused_once_the_clock_has_run_out() {
        // A force that holds to 20 h without charge: the 24 h latest is then moot.
        let rules = PaceRules { limit_without_charge: Duration::hours(20), ..PaceRules::default() };
        assert_eq!(rules.check_extension(&reviewed(), at(20, 0)), Ok(()));
        let err = rules.check_extension(&reviewed(), at(20, 1)).unwrap_err();
        assert_eq!(err, PaceError::ClockExpired { limit: at(20, 0) });
        assert!(err.to_string().contains("must be charged or released"));
    }

    #[test]
    fn an_extension_is_refused_after_charge() {
        let r = with(reviewed(), &[(at(15, 0), CHARGED, "burglary")]);
        assert_eq!(rules().check_extension(&r, at(20, 0)), Err(PaceError::AlreadyCharged { at: at(15, 0) }));
        // Before the charge it was lawful, and it still counts.
        assert_eq!(rules().check_extension(&r, at(14, 30)), Ok(()));
    }

    #[test]
    fn a_decision_recorded_before_a_charge_at_the_same_instant_counts() {
        let r = with(record(), &[(at(6, 0), WARRANT_OF_FURTHER_DETENTION, "20h"), (at(6, 0), CHARGED, "burglary")]);
        assert_eq!(rules().detention_limit(&r), at(26, 0));
        // But nothing can be added at or after the charge.
        assert_eq!(rules().check_warrant(&r, at(6, 0), "20h"), Err(PaceError::AlreadyCharged { at: at(6, 0) }));
    }

    #[test]
    fn entries_after_charge_do_not_move_the_clock() {
        let r = with(reviewed(), &[(at(15, 0), CHARGED, "burglary"), (at(16, 0), EXTENSION, "grounds")]);
        assert_eq!(rules().detention_limit(&r), at(24, 0));
    }

    #[test]
    fn a_warrant_runs_from_its_issue() {
        let r =
            with(reviewed(), &[(at(20, 0), EXTENSION, "g"), (at(30, 0), WARRANT_OF_FURTHER_DETENTION, "36h Court")]);
        assert_eq!(rules().detention_limit(&r), at(66, 0));
        assert!(rules().has_warrant(&r));
        // A short warrant never shortens the limit.
        let short = with(reviewed(), &[(at(20, 0), EXTENSION, "g"), (at(22, 0), WARRANT_OF_FURTHER_DETENTION, "4h")]);
        assert_eq!(rules().detention_limit(&short), at(36, 0));
    }

    #[test]
    fn warrants_stop_at_96h_from_the_relevant_time() {
        let r = with(
            reviewed(),
            &[
                (at(20, 0), EXTENSION, "g"),
                (at(30, 0), WARRANT_OF_FURTHER_DETENTION, "36h first"),
                (at(60, 0), WARRANT_OF_FURTHER_DETENTION, "36h extended"),
            ],
        );
        assert_eq!(rules().detention_limit(&r), at(96, 0), "exactly 96 h is lawful");
        let err = rules().check_warrant(&r, at(90, 0), "10h").unwrap_err();
        assert_eq!(err, PaceError::BeyondMaximum { would_end: at(100, 0), latest: at(96, 0) });
        assert_eq!(rules().check_warrant(&r, at(90, 0), "6h"), Ok(at(96, 0)));
        let beyond = with(r, &[(at(90, 0), WARRANT_OF_FURTHER_DETENTION, "10h")]);
        assert_eq!(rules().detention_limit(&beyond), at(96, 0));
    }

    #[test]
    fn a_warrant_is_at_most_36h() {
        let r = with(reviewed(), &[(at(20, 0), EXTENSION, "g")]);
        assert_eq!(rules().check_warrant(&r, at(30, 0), "36h"), Ok(at(66, 0)));
        assert_eq!(
            rules().check_warrant(&r, at(30, 0), "37h"),
            Err(PaceError::WarrantHoursOutOfRange { hours: 37, max: 36 })
        );
        assert_eq!(
            rules().check_warrant(&r, at(30, 0), "0h"),
            Err(PaceError::WarrantHoursOutOfRange { hours: 0, max: 36 })
        );
        assert!(matches!(
            rules().check_warrant(&r, at(30, 0), "thirty-six"),
            Err(PaceError::WarrantHoursMissing { .. })
        ));
        let bad = with(r, &[(at(30, 0), WARRANT_OF_FURTHER_DETENTION, "37h")]);
        assert_eq!(rules().detention_limit(&bad), at(36, 0));
    }

    #[test]
    fn a_warrant_is_refused_once_the_clock_has_run_out_or_the_offence_is_not_indictable() {
        let r = with(reviewed(), &[(at(20, 0), EXTENSION, "g")]);
        assert_eq!(rules().check_warrant(&r, at(36, 0), "12h"), Ok(at(48, 0)));
        assert_eq!(rules().check_warrant(&r, at(36, 1), "12h"), Err(PaceError::ClockExpired { limit: at(36, 0) }));
        let mut minor = r.clone();
        minor.indictable = false;
        assert_eq!(rules().check_warrant(&minor, at(30, 0), "12h"), Err(PaceError::NotIndictable));
    }

    #[test]
    fn the_limit_is_capped_even_when_a_force_misconfigures_the_extension() {
        let rules = PaceRules { extended_limit: Duration::hours(200), ..PaceRules::default() };
        let r = with(reviewed(), &[(at(20, 0), EXTENSION, "g")]);
        assert_eq!(rules.detention_limit(&r), at(96, 0));
    }

    #[test]
    fn the_limit_is_24_real_hours_across_both_clock_changes() {
        use super::super::fixtures::record_from;
        use super::super::london_time::format_london;
        // Booked in at 12:00 BST the day before the clocks go back.
        let october = record_from("2026-10-24T11:00:00Z".parse().unwrap());
        assert_eq!(format_london(october.relevant_time), "2026-10-24 12:00 BST");
        let limit = rules().detention_limit(&october);
        assert_eq!(limit, "2026-10-25T11:00:00Z".parse::<DateTime<Utc>>().unwrap());
        assert_eq!(format_london(limit), "2026-10-25 11:00 GMT");
        // Booked in at 12:00 GMT the day before the clocks go forward.
        let march = record_from("2026-03-28T12:00:00Z".parse().unwrap());
        let limit = rules().detention_limit(&march);
        assert_eq!(limit - march.relevant_time, Duration::hours(24));
        assert_eq!(format_london(limit), "2026-03-29 13:00 BST");
        // A review due across the October change: authorised 23:15 BST, due 04:15 GMT.
        let night = record_from("2026-10-24T22:00:00Z".parse().unwrap());
        let due = rules().next_review_due(&night).unwrap();
        assert_eq!(format_london(night.detention_authorised_at), "2026-10-24 23:15 BST");
        assert_eq!(format_london(due), "2026-10-25 04:15 GMT");
    }

    #[test]
    fn the_end_of_time_does_not_panic() {
        let r = super::super::fixtures::record_from(DateTime::<Utc>::MAX_UTC - Duration::hours(1));
        assert_eq!(rules().detention_limit(&r), DateTime::<Utc>::MAX_UTC);
        assert!(t0() < rules().detention_limit(&r));
    }
}
