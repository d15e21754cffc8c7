//! A place known in its own right: an address with its stable key,
//! coordinates and borough, and the warnings an officer must know before
//! knocking ("firearms at address", "dog at address").

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::dates::check_in_range;
use super::error::require_text;
use super::location::Address;
use super::provenance::Provenance;
use super::{address_key, text, FieldError};

/// What a location warning warns of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WarningCategory {
    Firearms,
    Weapons,
    Dog,
    Violence,
    Drugs,
    Explosives,
    HazardousSubstances,
    /// Someone vulnerable lives or is kept there.
    VulnerableOccupant,
    OfficerSafety,
}

impl WarningCategory {
    pub fn label(self) -> &'static str {
        match self {
            WarningCategory::Firearms => "firearms at address",
            WarningCategory::Weapons => "weapons at address",
            WarningCategory::Dog => "dog at address",
            WarningCategory::Violence => "violence towards police",
            WarningCategory::Drugs => "drugs at address",
            WarningCategory::Explosives => "explosives at address",
            WarningCategory::HazardousSubstances => "hazardous substances",
            WarningCategory::VulnerableOccupant => "vulnerable occupant",
            WarningCategory::OfficerSafety => "officer safety",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LocationWarning {
    pub category: WarningCategory,
    /// What the officer should know, in a line ("two Staffordshire terriers").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub recorded_on: NaiveDate,
    /// Where it came from: an intelligence reference, an officer's name.
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_on: Option<NaiveDate>,
    #[serde(default)]
    pub provenance: Provenance,
}

impl LocationWarning {
    pub fn is_current(&self, today: NaiveDate) -> bool {
        self.expires_on.is_none_or(|e| e >= today)
    }
}

/// A place as entered: what a create or an update carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaceDetails {
    pub address: Address,
    #[serde(default)]
    pub warnings: Vec<LocationWarning>,
}

/// The coordinates a UK address can have (the mainland, islands and
/// Northern Ireland, with a margin).
const UK_LAT: std::ops::RangeInclusive<f64> = 49.8..=60.95;
const UK_LON: std::ops::RangeInclusive<f64> = -8.7..=1.8;

impl PlaceDetails {
    /// Checks every field, normalises the postcode and borough, and stamps
    /// provenance on warnings that carry none.
    pub fn validate(&mut self, today: NaiveDate, by: &str, at: DateTime<Utc>) -> Result<(), FieldError> {
        validate_address(&mut self.address).map_err(|e| e.within("address"))?;
        if self.warnings.len() > 50 {
            return Err(FieldError::new("warnings", "more than 50 warnings"));
        }
        for (i, w) in self.warnings.iter_mut().enumerate() {
            let field = |f: &str| format!("warnings[{i}].{f}");
            require_text(&field("source"), &w.source)?;
            text::identity(&field("source"), &w.source)?;
            if let Some(note) = &w.note {
                text::free_text(&field("note"), note)?;
            }
            check_in_range(&field("recorded_on"), w.recorded_on, today)?;
            if w.expires_on.is_some_and(|e| e < w.recorded_on) {
                return Err(FieldError::new(field("expires_on"), "is before 'recorded_on'"));
            }
            w.source = w.source.trim().to_string();
            w.provenance.stamp(by, at);
        }
        Ok(())
    }

    pub fn key(&self) -> String {
        address_key::key(&self.address)
    }
}

/// An address as a place needs it: valid, and with both coordinates or
/// neither, inside the UK.
pub fn validate_address(address: &mut Address) -> Result<(), FieldError> {
    address.validate()?;
    match (address.lat, address.lon) {
        (Some(lat), Some(lon)) => {
            if !UK_LAT.contains(&lat) {
                return Err(FieldError::new("lat", format!("{lat} is not a latitude in the UK")));
            }
            if !UK_LON.contains(&lon) {
                return Err(FieldError::new("lon", format!("{lon} is not a longitude in the UK")));
            }
        }
        (Some(_), None) => return Err(FieldError::new("lon", "is required with lat")),
        (None, Some(_)) => return Err(FieldError::new("lat", "is required with lon")),
        (None, None) => {}
    }
    Ok(())
}

/// How a place came to be recorded: what an erasure of the person whose
/// address made it must consider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlaceOrigin {
    /// Recorded as a place.
    Entered,
    /// A person's stored address.
    PersonAddress,
    /// An event's address (a crime scene, an incident's address).
    Event,
}

/// The stored place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Place {
    pub id: String,
    pub version: i64,
    /// The address key: one place per key (see `address_key`).
    pub key: String,
    pub address: Address,
    pub warnings: Vec<LocationWarning>,
    pub origin: PlaceOrigin,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub provenance: Provenance,
}

impl Place {
    /// The address in one line: "Flat 2, 12 Acacia Avenue, Brixton, SW2 1AA".
    pub fn one_line(&self) -> String {
        one_line(&self.address)
    }

    /// The place as entered.
    pub fn details(&self) -> PlaceDetails {
        PlaceDetails { address: self.address.clone(), warnings: self.warnings.clone() }
    }

    /// What a second recording of the same address adds: warnings not yet
    /// here, and the borough and coordinates where this place has none.
    /// Whether anything was added.
    pub fn take_news(&mut self, details: PlaceDetails) -> bool {
        let mut changed = false;
        for w in details.warnings {
            let known = self
                .warnings
                .iter()
                .any(|h| h.category == w.category && h.recorded_on == w.recorded_on && h.source == w.source);
            if !known {
                self.warnings.push(w);
                changed = true;
            }
        }
        if self.address.borough.is_none() && details.address.borough.is_some() {
            self.address.borough = details.address.borough;
            changed = true;
        }
        if self.address.lat.is_none() && details.address.lat.is_some() {
            (self.address.lat, self.address.lon) = (details.address.lat, details.address.lon);
            changed = true;
        }
        changed
    }

    /// The labels of the warnings current on `today`.
    pub fn current_warnings(&self, today: NaiveDate) -> Vec<&'static str> {
        self.warnings.iter().filter(|w| w.is_current(today)).map(|w| w.category.label()).collect()
    }
}

/// An address in one line, lines then postcode.
pub fn one_line(address: &Address) -> String {
    let mut parts: Vec<&str> = address.lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
    parts.push(&address.postcode);
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn details(lat: Option<f64>, lon: Option<f64>) -> PlaceDetails {
        PlaceDetails {
            address: Address {
                lines: vec!["12 Acacia Ave".into()],
                postcode: "sw21aa".into(),
                borough: Some("lambeth".into()),
                lat,
                lon,
            },
            warnings: vec![],
        }
    }

    fn check(d: &mut PlaceDetails) -> Result<(), FieldError> {
        let now = Utc::now();
        d.validate(now.date_naive(), "pc.test", now)
    }

    #[test]
    fn a_place_is_normalised_and_keyed() {
        let mut d = details(Some(51.45), Some(-0.11));
        check(&mut d).unwrap();
        assert_eq!(d.address.postcode, "SW2 1AA");
        assert_eq!(d.address.borough.as_deref(), Some("Lambeth"));
        assert_eq!(d.key(), "SW21AA:12 ACACIA AVENUE");
    }

    #[test]
    fn bad_coordinates_and_postcodes_name_their_field() {
        assert_eq!(check(&mut details(Some(95.0), Some(0.0))).unwrap_err().field, "address.lat");
        assert_eq!(check(&mut details(Some(40.4), Some(-3.7))).unwrap_err().field, "address.lat");
        assert_eq!(check(&mut details(Some(51.5), Some(12.0))).unwrap_err().field, "address.lon");
        assert_eq!(check(&mut details(Some(51.5), None)).unwrap_err().field, "address.lon");
        let mut d = details(None, None);
        d.address.postcode = "SW2 1CA".into();
        assert_eq!(check(&mut d).unwrap_err().field, "address.postcode");
    }

    #[test]
    fn a_warning_needs_a_source_and_an_expiry_after_it_was_recorded() {
        let today = Utc::now().date_naive();
        let warning = LocationWarning {
            category: WarningCategory::Dog,
            note: Some("Two Staffordshire terriers".into()),
            recorded_on: today,
            source: "PC 12 Shah".into(),
            expires_on: None,
            provenance: Provenance::default(),
        };
        let mut d = details(None, None);
        d.warnings = vec![warning.clone()];
        check(&mut d).unwrap();
        assert_eq!(d.warnings[0].provenance.entered_by, "pc.test");
        d.warnings[0].source = " ".into();
        assert_eq!(check(&mut d).unwrap_err().field, "warnings[0].source");
        d.warnings = vec![LocationWarning { expires_on: today.pred_opt(), ..warning }];
        assert_eq!(check(&mut d).unwrap_err().field, "warnings[0].expires_on");
    }
}
