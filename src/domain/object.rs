//! Objects: vehicles, phones and property, each a record of its own.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::handset::{parse_imei, parse_imsi, parse_phone_e164, parse_vin};
use super::identifiers::{field, parse_vrm};
use super::object_marker::ObjectMarker;
use super::provenance::Provenance;
use super::FieldError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ObjectDetails {
    Vehicle {
        /// Stored without spaces, upper case; matched with or without.
        vrm: String,
        #[serde(default)]
        make: String,
        #[serde(default)]
        model: String,
        #[serde(default)]
        colour: String,
        /// The vehicle identification number, where known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        vin: Option<String>,
        /// Marks the vehicle carried before, newest first: a change of mark
        /// keeps the old one here, and the vehicle is found by either.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        former_vrms: Vec<FormerVrm>,
        /// Of interest, stolen…: each with its date, source and expiry.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        markers: Vec<ObjectMarker>,
    },
    Phone {
        /// E.164 (`+447700900123`), whatever form it was given in.
        number: String,
        /// The handset's IMEI (15 digits with its check digit), where known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        imei: Option<String>,
        /// The SIM's IMSI, where known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        imsi: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        markers: Vec<ObjectMarker>,
    },
    Property {
        description: String,
    },
}

/// A mark a vehicle no longer carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FormerVrm {
    pub vrm: String,
    /// The last day it was carried, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
}

/// A vehicle with a mark and nothing else known yet: the record an event
/// naming an unknown plate makes.
pub fn bare_vehicle(vrm: String) -> ObjectDetails {
    ObjectDetails::Vehicle {
        vrm,
        make: String::new(),
        model: String::new(),
        colour: String::new(),
        vin: None,
        former_vrms: Vec::new(),
        markers: Vec::new(),
    }
}

/// A phone with its number and nothing else known yet.
pub fn bare_phone(number: String) -> ObjectDetails {
    ObjectDetails::Phone { number, imei: None, imsi: None, markers: Vec::new() }
}

impl ObjectDetails {
    /// Checks every field and puts identifiers in their one form; markers
    /// without provenance get `by` and `at`.
    pub fn validate(&mut self, by: &str, at: DateTime<Utc>) -> Result<(), FieldError> {
        match self {
            ObjectDetails::Vehicle { vrm, make, model, colour, vin, former_vrms, markers } => {
                *vrm = field("vrm", parse_vrm(vrm))?;
                for (name, text) in [("make", &*make), ("model", &*model), ("colour", &*colour)] {
                    super::text::identity(name, text)?;
                    if text.chars().count() > 100 {
                        return Err(FieldError::new(name, "is longer than 100 characters"));
                    }
                }
                if let Some(v) = vin.as_mut() {
                    *v = field("vin", parse_vin(v))?;
                }
                for (i, former) in former_vrms.iter_mut().enumerate() {
                    former.vrm = field(&format!("former_vrms[{i}].vrm"), parse_vrm(&former.vrm))?;
                }
                super::object_marker::validate_all(markers, by, at)?;
            }
            ObjectDetails::Phone { number, imei, imsi, markers } => {
                *number = field("number", parse_phone_e164(number))?;
                if let Some(v) = imei.as_mut() {
                    *v = field("imei", parse_imei(v))?;
                }
                if let Some(v) = imsi.as_mut() {
                    *v = field("imsi", parse_imsi(v))?;
                }
                super::object_marker::validate_all(markers, by, at)?;
            }
            ObjectDetails::Property { description } => super::error::require_text("description", description)?,
        }
        Ok(())
    }

    /// The key an object is found by (a VRM, a phone number).
    pub fn key(&self) -> String {
        match self {
            ObjectDetails::Vehicle { vrm, .. } => vrm.clone(),
            ObjectDetails::Phone { number, .. } => number.clone(),
            ObjectDetails::Property { description } => description.chars().take(60).collect(),
        }
    }

    /// What an operator reads it as: the mark with its colour, make and
    /// model ("LB07SEO silver Ford Focus"), the number, the description.
    pub fn label(&self) -> String {
        match self {
            ObjectDetails::Vehicle { vrm, make, model, colour, .. } => [vrm.as_str(), colour, make, model]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" "),
            _ => self.key(),
        }
    }

    /// Every key the object is found by: a vehicle's current and former marks.
    pub fn keys(&self) -> Vec<String> {
        let mut keys = vec![self.key()];
        if let ObjectDetails::Vehicle { former_vrms, .. } = self {
            for former in former_vrms {
                if !keys.contains(&former.vrm) {
                    keys.push(former.vrm.clone());
                }
            }
        }
        keys
    }

    pub fn kind_name(&self) -> &'static str {
        match self {
            ObjectDetails::Vehicle { .. } => "vehicle",
            ObjectDetails::Phone { .. } => "phone",
            ObjectDetails::Property { .. } => "property",
        }
    }

    pub fn markers(&self) -> &[ObjectMarker] {
        match self {
            ObjectDetails::Vehicle { markers, .. } | ObjectDetails::Phone { markers, .. } => markers,
            ObjectDetails::Property { .. } => &[],
        }
    }

    pub fn markers_mut(&mut self) -> Option<&mut Vec<ObjectMarker>> {
        match self {
            ObjectDetails::Vehicle { markers, .. } | ObjectDetails::Phone { markers, .. } => Some(markers),
            ObjectDetails::Property { .. } => None,
        }
    }

    /// An update keeps what the record knew: a vehicle whose mark changed
    /// keeps the old one among its former marks (ended `today`).
    pub fn carry_history(&mut self, before: &ObjectDetails, today: NaiveDate) -> Result<(), FieldError> {
        if self.kind_name() != before.kind_name() {
            return Err(FieldError::new(
                "details.kind",
                format!("a {} cannot become a {}", before.kind_name(), self.kind_name()),
            ));
        }
        if let (
            ObjectDetails::Vehicle { vrm, former_vrms, .. },
            ObjectDetails::Vehicle { vrm: old, former_vrms: old_formers, .. },
        ) = (&mut *self, before)
        {
            let current = vrm.clone();
            for f in old_formers {
                if !former_vrms.iter().any(|n| n.vrm == f.vrm) {
                    former_vrms.push(f.clone());
                }
            }
            if current != *old && !former_vrms.iter().any(|f| f.vrm == *old) {
                former_vrms.insert(0, FormerVrm { vrm: old.clone(), until: Some(today) });
            }
            former_vrms.retain(|f| f.vrm != current);
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Object {
    pub id: String,
    pub version: i64,
    pub details: ObjectDetails,
    pub provenance: Provenance,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::object_marker::ObjectMarkerKind;

    fn now() -> DateTime<Utc> {
        "2026-11-20T10:00:00Z".parse().unwrap()
    }

    fn vehicle(json: serde_json::Value) -> Result<ObjectDetails, FieldError> {
        let mut d: ObjectDetails = serde_json::from_value(json).unwrap();
        d.validate("pc.ames", now()).map(|_| d)
    }

    #[test]
    fn a_vehicle_is_held_in_one_form() {
        let d = vehicle(serde_json::json!({"kind": "vehicle", "vrm": "lb07 seo", "vin": "wvwzzz1jz3w386752",
            "markers": [{"kind": "stolen", "recorded_on": "2026-11-01", "source": "CR/26/0000012"}]}))
        .unwrap();
        let ObjectDetails::Vehicle { vrm, vin, markers, .. } = &d else { panic!() };
        assert_eq!((vrm.as_str(), vin.as_deref()), ("LB07SEO", Some("WVWZZZ1JZ3W386752")));
        assert_eq!(markers[0].kind, ObjectMarkerKind::Stolen);
        assert_eq!(markers[0].provenance.entered_by, "pc.ames");
    }

    #[test]
    fn bad_identifiers_name_their_field() {
        let field_of = |json| vehicle(json).unwrap_err().field;
        assert_eq!(field_of(serde_json::json!({"kind": "vehicle", "vrm": "!!"})), "vrm");
        assert_eq!(field_of(serde_json::json!({"kind": "vehicle", "vrm": "LB07SEO", "vin": "123"})), "vin");
        assert_eq!(field_of(serde_json::json!({"kind": "phone", "number": "12"})), "number");
        assert_eq!(field_of(serde_json::json!({"kind": "phone", "number": "07700900123", "imei": "123"})), "imei");
        assert_eq!(
            field_of(serde_json::json!({"kind": "vehicle", "vrm": "LB07SEO",
                "markers": [{"kind": "of_interest", "recorded_on": "2026-11-01", "source": " "}]})),
            "markers[0].source"
        );
    }

    #[test]
    fn a_new_mark_keeps_the_old_one_as_history() {
        let before = vehicle(serde_json::json!({"kind": "vehicle", "vrm": "LB07SEO"})).unwrap();
        let mut after = vehicle(serde_json::json!({"kind": "vehicle", "vrm": "K1 ABC"})).unwrap();
        let today = now().date_naive();
        after.carry_history(&before, today).unwrap();
        assert_eq!(after.keys(), vec!["K1ABC".to_string(), "LB07SEO".to_string()]);
        // Back to the first mark: it is current again, the other is history.
        let mut again = vehicle(serde_json::json!({"kind": "vehicle", "vrm": "LB07SEO"})).unwrap();
        again.carry_history(&after, today).unwrap();
        assert_eq!(again.keys(), vec!["LB07SEO".to_string(), "K1ABC".to_string()]);
        let phone = vehicle(serde_json::json!({"kind": "phone", "number": "07700900123"})).unwrap();
        assert_eq!(again.clone().carry_history(&phone, today).unwrap_err().field, "details.kind");
    }
}
