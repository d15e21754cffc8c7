//! The observation level a risk assessment may not go below. Our rule: a
//! current warning marker for suicidal, self-harm, mental health or drugs,
//! or a detainee who is intoxicated, means level 2 (visited and roused every
//! 30 minutes) at least; otherwise level 1. The custody officer may always
//! set a higher level, never a lower one.

use chrono::NaiveDate;

use crate::domain::person::WarningMarker;

/// Marker categories that call for level 2 at least.
pub const RISK_MARKERS: [&str; 4] = ["suicidal", "self_harm", "mental_health", "drugs"];

/// The lowest observation level the markers current on `today` allow, and
/// the markers that set it.
pub fn observation_floor(markers: &[WarningMarker], intoxicated: bool, today: NaiveDate) -> (u8, Vec<String>) {
    let risky: Vec<String> = markers
        .iter()
        .filter(|m| m.is_current(today) && RISK_MARKERS.contains(&m.category.as_str()))
        .map(|m| m.category.clone())
        .collect();
    let level = if intoxicated || !risky.is_empty() { 2 } else { 1 };
    (level, risky)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker(category: &str, expires: Option<&str>) -> WarningMarker {
        WarningMarker {
            category: category.into(),
            recorded_on: "2020-01-01".parse().unwrap(),
            source: "PNC".into(),
            expires_on: expires.map(|e| e.parse().unwrap()),
            provenance: Default::default(),
        }
    }

    #[test]
    fn risk_markers_and_intoxication_mean_level_2() {
        let today: NaiveDate = "2026-11-25".parse().unwrap();
        assert_eq!(observation_floor(&[], false, today).0, 1);
        assert_eq!(observation_floor(&[], true, today).0, 2);
        assert_eq!(observation_floor(&[marker("violent", None)], false, today).0, 1);
        let (level, why) = observation_floor(&[marker("violent", None), marker("self_harm", None)], false, today);
        assert_eq!((level, why), (2, vec!["self_harm".to_string()]));
        // An expired marker no longer counts.
        assert_eq!(observation_floor(&[marker("suicidal", Some("2025-01-01"))], false, today).0, 1);
    }
}
