//! Places: addresses with postcode and coordinates, custody suites, courts.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::boroughs;
use super::FieldError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Address {
    pub lines: Vec<String>,
    pub postcode: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub borough: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
}

/// Upper-cases a UK postcode and puts the single space before the inward code.
pub fn normalise_postcode(input: &str) -> Result<String, String> {
    let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    let ok = (5..=7).contains(&compact.len())
        && compact.chars().all(|c| c.is_ascii_alphanumeric())
        && compact.as_bytes()[0].is_ascii_alphabetic()
        && compact.as_bytes()[compact.len() - 3].is_ascii_digit();
    if !ok {
        return Err(format!("'{input}' is not a UK postcode"));
    }
    let (outward, inward) = compact.split_at(compact.len() - 3);
    Ok(format!("{outward} {inward}"))
}

impl Address {
    pub fn validate(&mut self) -> Result<(), FieldError> {
        if self.lines.iter().all(|l| l.trim().is_empty()) {
            return Err(FieldError::new("lines", "at least one address line is required"));
        }
        for (i, line) in self.lines.iter().enumerate() {
            super::text::identity(&format!("lines[{i}]"), line)?;
        }
        self.postcode = normalise_postcode(&self.postcode).map_err(|m| FieldError::new("postcode", m))?;
        if let Some(b) = &self.borough {
            let canonical = boroughs::canonical(b)
                .ok_or_else(|| FieldError::new("borough", format!("'{b}' is not a London borough")))?;
            self.borough = Some(canonical.to_string());
        }
        if self.lat.is_some_and(|v| !(-90.0..=90.0).contains(&v)) {
            return Err(FieldError::new("lat", "must be between -90 and 90"));
        }
        if self.lon.is_some_and(|v| !(-180.0..=180.0).contains(&v)) {
            return Err(FieldError::new("lon", "must be between -180 and 180"));
        }
        Ok(())
    }

    /// The short area an operator recognises: borough, else postcode district.
    pub fn area(&self) -> String {
        self.borough.clone().unwrap_or_else(|| self.postcode.split(' ').next().unwrap_or_default().to_string())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LocationKind {
    Address,
    CustodySuite,
    Court,
}

/// A place known in its own right, such as a custody suite or a court.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Location {
    pub id: String,
    pub kind: LocationKind,
    pub name: String,
    pub address: Address,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes_normalise() {
        assert_eq!(normalise_postcode("sw1a1aa").unwrap(), "SW1A 1AA");
        assert_eq!(normalise_postcode("E1 6AN").unwrap(), "E1 6AN");
        assert!(normalise_postcode("123").is_err());
    }
}
