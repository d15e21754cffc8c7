//! Markers on a vehicle or a phone: "of interest", "stolen"… each with the
//! date it was recorded, its source and when it lapses.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::provenance::Provenance;
use super::FieldError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ObjectMarkerKind {
    /// Wanted sight of: stop or report where seen.
    OfInterest,
    Stolen,
    /// Seen with another vehicle's mark, or a mark on another vehicle.
    Cloned,
}

impl ObjectMarkerKind {
    /// The word an operator reads: STOLEN, OF INTEREST, CLONED.
    pub fn label(self) -> &'static str {
        match self {
            ObjectMarkerKind::OfInterest => "OF INTEREST",
            ObjectMarkerKind::Stolen => "STOLEN",
            ObjectMarkerKind::Cloned => "CLONED",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectMarker {
    pub kind: ObjectMarkerKind,
    pub recorded_on: NaiveDate,
    /// Where it came from: a crime reference, an intelligence report, a force.
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default)]
    pub provenance: Provenance,
}

impl ObjectMarker {
    pub fn is_current(&self, today: NaiveDate) -> bool {
        self.expires_on.is_none_or(|e| e >= today)
    }
}

/// The markers in force on `today`, as the words an operator reads.
pub fn current_labels(markers: &[ObjectMarker], today: NaiveDate) -> Vec<String> {
    let mut labels: Vec<String> =
        markers.iter().filter(|m| m.is_current(today)).map(|m| m.kind.label().to_string()).collect();
    labels.dedup();
    labels
}

pub(super) fn validate_all(markers: &mut [ObjectMarker], by: &str, at: DateTime<Utc>) -> Result<(), FieldError> {
    for (i, m) in markers.iter_mut().enumerate() {
        let name = |f: &str| format!("markers[{i}].{f}");
        super::error::require_text(&name("source"), &m.source)?;
        if m.source.chars().count() > 200 {
            return Err(FieldError::new(name("source"), "is longer than 200 characters"));
        }
        if !m.note.is_empty() {
            super::error::require_text(&name("note"), &m.note)?;
        }
        if m.recorded_on > at.date_naive() {
            return Err(FieldError::new(name("recorded_on"), "is in the future"));
        }
        if m.expires_on.is_some_and(|e| e < m.recorded_on) {
            return Err(FieldError::new(name("expires_on"), "is before the marker was recorded"));
        }
        m.provenance.stamp(by, at);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker(kind: ObjectMarkerKind, expires: Option<&str>) -> ObjectMarker {
        ObjectMarker {
            kind,
            recorded_on: "2026-01-01".parse().unwrap(),
            source: "CR/26/0000001".into(),
            expires_on: expires.map(|e| e.parse().unwrap()),
            note: String::new(),
            provenance: Provenance::default(),
        }
    }

    #[test]
    fn a_lapsed_marker_is_not_shown_as_current() {
        let today: NaiveDate = "2026-06-01".parse().unwrap();
        let markers =
            [marker(ObjectMarkerKind::Stolen, None), marker(ObjectMarkerKind::OfInterest, Some("2026-03-01"))];
        assert_eq!(current_labels(&markers, today), vec!["STOLEN".to_string()]);
    }

    #[test]
    fn an_expiry_before_the_record_is_refused() {
        let at: DateTime<Utc> = "2026-06-01T00:00:00Z".parse().unwrap();
        let mut markers = [marker(ObjectMarkerKind::Stolen, Some("2025-12-01"))];
        assert_eq!(validate_all(&mut markers, "pc", at).unwrap_err().field, "markers[0].expires_on");
    }
}
