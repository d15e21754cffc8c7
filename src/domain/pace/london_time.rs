//! Times are kept in UTC and shown in Europe/London. Every limit is a UTC
//! instant, so a 24 h clock that spans the October change ends 24 real hours
//! later, which reads as 23 h later on the wall clock (25 h across March).

use chrono::{DateTime, Duration, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::London;
use chrono_tz::Tz;

use super::PaceError;

/// The instant as a London wall-clock time (GMT or BST).
pub fn to_london(t: DateTime<Utc>) -> DateTime<Tz> {
    t.with_timezone(&London)
}

/// `2026-10-25 11:00 GMT`: for custody records and messages, where the day
/// and the zone must never be in doubt.
pub fn format_london(t: DateTime<Utc>) -> String {
    to_london(t).format("%Y-%m-%d %H:%M %Z").to_string()
}

/// `11:00`: for board columns, where the day is plain from context.
pub fn format_london_hm(t: DateTime<Utc>) -> String {
    to_london(t).format("%H:%M").to_string()
}

/// `5h 03m`, or `-0h 10m` when overdue: real elapsed time, so it may differ
/// from the wall-clock difference by an hour across a clock change.
pub fn format_duration(d: Duration) -> String {
    let minutes = d.num_minutes();
    let sign = if d < Duration::zero() { "-" } else { "" };
    let m = minutes.unsigned_abs();
    format!("{sign}{}h {:02}m", m / 60, m % 60)
}

/// A wall-clock time typed at the custody desk, as a UTC instant. Refuses
/// the hour that does not exist in March and the hour that happens twice in
/// October, rather than guess which one the sergeant meant.
pub fn london_to_utc(local: NaiveDateTime) -> Result<DateTime<Utc>, PaceError> {
    match London.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(_, _) => Err(PaceError::AmbiguousLocalTime { local }),
        LocalResult::None => Err(PaceError::NonexistentLocalTime { local }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, Timelike};

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn local(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d).unwrap().and_hms_opt(h, mi, 0).unwrap()
    }

    #[test]
    fn summer_and_winter_offsets() {
        assert_eq!(format_london(utc("2026-07-01T12:00:00Z")), "2026-07-01 13:00 BST");
        assert_eq!(format_london(utc("2026-12-01T12:00:00Z")), "2026-12-01 12:00 GMT");
        assert_eq!(format_london_hm(utc("2026-07-01T23:30:00Z")), "00:30");
    }

    #[test]
    fn a_24h_limit_across_the_october_change_reads_23h_on_the_wall() {
        // Clocks go back at 02:00 BST on Sunday 25 October 2026.
        let relevant = london_to_utc(local(2026, 10, 24, 12, 0)).unwrap();
        assert_eq!(relevant, utc("2026-10-24T11:00:00Z"));
        let limit = relevant + Duration::hours(24);
        assert_eq!(limit, utc("2026-10-25T11:00:00Z"));
        assert_eq!(format_london(relevant), "2026-10-24 12:00 BST");
        assert_eq!(format_london(limit), "2026-10-25 11:00 GMT");
        let wall = to_london(limit).naive_local() - to_london(relevant).naive_local();
        assert_eq!(wall, Duration::hours(23));
    }

    #[test]
    fn a_24h_limit_across_the_march_change_reads_25h_on_the_wall() {
        // Clocks go forward at 01:00 GMT on Sunday 29 March 2026.
        let relevant = london_to_utc(local(2026, 3, 28, 12, 0)).unwrap();
        assert_eq!(relevant, utc("2026-03-28T12:00:00Z"));
        let limit = relevant + Duration::hours(24);
        assert_eq!(format_london(limit), "2026-03-29 13:00 BST");
        let wall = to_london(limit).naive_local() - to_london(relevant).naive_local();
        assert_eq!(wall, Duration::hours(25));
    }

    #[test]
    fn the_change_instants_themselves() {
        assert_eq!(format_london(utc("2026-03-29T00:59:00Z")), "2026-03-29 00:59 GMT");
        assert_eq!(format_london(utc("2026-03-29T01:00:00Z")), "2026-03-29 02:00 BST");
        assert_eq!(format_london(utc("2026-10-25T00:59:00Z")), "2026-10-25 01:59 BST");
        assert_eq!(format_london(utc("2026-10-25T01:00:00Z")), "2026-10-25 01:00 GMT");
    }

    #[test]
    fn the_missing_march_hour_is_refused() {
        let err = london_to_utc(local(2026, 3, 29, 1, 30)).unwrap_err();
        assert!(matches!(err, PaceError::NonexistentLocalTime { .. }));
        assert!(err.to_string().contains("does not exist"), "{err}");
        assert_eq!(to_london(london_to_utc(local(2026, 3, 29, 2, 0)).unwrap()).hour(), 2);
    }

    #[test]
    fn the_repeated_october_hour_is_refused() {
        let err = london_to_utc(local(2026, 10, 25, 1, 30)).unwrap_err();
        assert!(matches!(err, PaceError::AmbiguousLocalTime { .. }));
        assert!(err.to_string().contains("twice"), "{err}");
        assert_eq!(london_to_utc(local(2026, 10, 25, 2, 0)).unwrap(), utc("2026-10-25T02:00:00Z"));
    }

    #[test]
    fn durations_read_as_hours_and_minutes() {
        assert_eq!(format_duration(Duration::minutes(303)), "5h 03m");
        assert_eq!(format_duration(Duration::zero()), "0h 00m");
        assert_eq!(format_duration(Duration::minutes(-10)), "-0h 10m");
        assert_eq!(format_duration(Duration::hours(96)), "96h 00m");
        // Seconds are dropped, not rounded up: a clock never shows more time than is left.
        assert_eq!(format_duration(Duration::seconds(119)), "0h 01m");
    }
}
