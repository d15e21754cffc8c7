//! How times and text are written on screen: Europe/London, short forms.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Europe::London;

pub fn time(at: DateTime<Utc>) -> String {
    at.with_timezone(&London).format("%H:%M").to_string()
}

pub fn day_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&London).format("%d/%m %H:%M").to_string()
}

pub fn date_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&London).format("%d/%m/%Y %H:%M").to_string()
}

pub fn date(day: NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

/// Today's date in London.
pub fn today(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&London).date_naive()
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

/// A snake_case code as words: `awaiting_cps` → `awaiting cps`.
pub fn words(code: &str) -> String {
    code.replace('_', " ")
}

/// The wire name of a serde enum value, as words.
pub fn label<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(words)).unwrap_or_default()
}

/// A person's part on an incident as the control room says it: the
/// reporting person is the caller.
pub fn incident_part(role: crate::domain::link::EventRole) -> String {
    match role {
        crate::domain::link::EventRole::ReportingPerson => "caller".to_string(),
        other => label(&other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_and_spans() {
        assert_eq!(clock(Duration::seconds(21 * 3600 + 9 * 60 + 5)), "21:09:05");
        assert_eq!(clock(Duration::seconds(-65)), "+00:01:05");
        assert_eq!(span(Duration::minutes(130)), "2h10m");
        let now: DateTime<Utc> = "2026-07-01T12:00:00Z".parse().unwrap();
        assert_eq!(time(now), "13:00");
        assert_eq!(relative(now - Duration::minutes(5), now), "5m ago");
        assert_eq!(label(&crate::domain::event::CaseStatus::AwaitingCps), "awaiting cps");
    }
}
