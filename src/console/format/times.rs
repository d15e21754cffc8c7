//! How times are written on screen, in Europe/London, so none is ambiguous:
//! today's as `14:05`; yesterday's and tomorrow's with the word; any other
//! day's with its date and year; a due time as how long until or since.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Europe::London;

/// The time of day alone, `14:05`: only for a moment known to be today
/// (a clock that ticks, the last few minutes' log).
pub fn time(at: DateTime<Utc>) -> String {
    at.with_timezone(&London).format("%H:%M").to_string()
}

/// A date and time with its year: `02/12/2025 04:51`.
pub fn date_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&London).format("%d/%m/%Y %H:%M").to_string()
}

/// A date with its year: `02/12/2025`.
pub fn date(day: NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

/// Today's date in London.
pub fn today(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&London).date_naive()
}

/// A moment as read at `now`: `14:05` today, `yesterday 21:10`,
/// `tomorrow 09:00`, else `02/12/2025 04:51`.
pub fn when(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let local = at.with_timezone(&London);
    let hm = local.format("%H:%M");
    match (local.date_naive() - today(now)).num_days() {
        0 => hm.to_string(),
        -1 => format!("yesterday {hm}"),
        1 => format!("tomorrow {hm}"),
        _ => date_time(at),
    }
}

/// A due time as how long: `in 45m`, `in 3h 10m`, `in 2d`; once passed,
/// `overdue 7h 25m`.
pub fn due(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    if at < now {
        format!("overdue {}", length(now - at))
    } else {
        format!("in {}", length(at - now))
    }
}

/// A length of time to the minute: `45m`, `7h 25m`, `2d`, `2d 4h`.
pub fn length(d: Duration) -> String {
    let minutes = d.num_minutes().unsigned_abs();
    let (days, hours, mins) = (minutes / 1440, (minutes / 60) % 24, minutes % 60);
    match (days, hours, mins) {
        (0, 0, m) => format!("{m}m"),
        (0, h, 0) => format!("{h}h"),
        (0, h, m) => format!("{h}h {m}m"),
        (d, 0, _) => format!("{d}d"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}

/// A clock reading such as `21:09:05`; past zero it counts up with a `+`.
pub fn clock(remaining: Duration) -> String {
    let total = remaining.num_seconds();
    let sign = if total < 0 { "+" } else { "" };
    let s = total.unsigned_abs();
    format!("{sign}{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
}

/// A short span such as `5m`, `2h10m`, `3d`.
pub fn span(d: Duration) -> String {
    let s = d.num_seconds().unsigned_abs();
    if s < 60 {
        format!("{s}s")
    } else if s < 3600 {
        format!("{}m", s / 60)
    } else if s < 86_400 {
        format!("{}h{:02}m", s / 3600, (s / 60) % 60)
    } else {
        format!("{}d", s / 86_400)
    }
}

/// `in 5m` or `5m ago`.
pub fn relative(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    if at >= now {
        format!("in {}", span(at - now))
    } else {
        format!("{} ago", span(now - at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn clocks_and_spans() {
        assert_eq!(clock(Duration::seconds(21 * 3600 + 9 * 60 + 5)), "21:09:05");
        assert_eq!(clock(Duration::seconds(-65)), "+00:01:05");
        assert_eq!(span(Duration::minutes(130)), "2h10m");
        let now = t("2026-07-01T12:00:00Z");
        assert_eq!(time(now), "13:00");
        assert_eq!(relative(now - Duration::minutes(5), now), "5m ago");
    }

    #[test]
    fn a_moment_says_its_day_and_any_other_day_its_year() {
        // 14:00 GMT on 25 November 2026.
        let now = t("2026-11-25T14:00:00Z");
        assert_eq!(when(t("2026-11-25T09:05:00Z"), now), "09:05");
        assert_eq!(when(t("2026-11-24T21:10:00Z"), now), "yesterday 21:10");
        assert_eq!(when(t("2026-11-26T09:00:00Z"), now), "tomorrow 09:00");
        assert_eq!(when(t("2026-11-23T04:51:00Z"), now), "23/11/2026 04:51");
        assert_eq!(when(t("2025-12-08T11:58:00Z"), now), "08/12/2025 11:58");
        // London's day, not UTC's: 23:30 UTC in summer is tomorrow 00:30.
        let summer = t("2026-07-01T12:00:00Z");
        assert_eq!(when(t("2026-07-01T23:30:00Z"), summer), "tomorrow 00:30");
        assert_eq!(date(t("2025-12-08T11:58:00Z").date_naive()), "08/12/2025");
    }

    #[test]
    fn a_due_time_says_how_long() {
        let now = t("2026-11-25T14:00:00Z");
        assert_eq!(due(t("2026-11-25T06:35:00Z"), now), "overdue 7h 25m");
        assert_eq!(due(t("2026-11-25T14:45:00Z"), now), "in 45m");
        assert_eq!(due(t("2026-11-25T17:00:00Z"), now), "in 3h");
        assert_eq!(due(t("2026-11-27T14:10:00Z"), now), "in 2d");
        assert_eq!(due(t("2026-11-27T18:00:00Z"), now), "in 2d 4h");
    }
}
