//! Objects: vehicles, phones and property.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::identifiers::{field, parse_phone, parse_vrm};
use super::provenance::Provenance;
use super::FieldError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ObjectDetails {
    Vehicle {
        /// Stored without spaces; matched with or without.
        vrm: String,
        #[serde(default)]
        make: String,
        #[serde(default)]
        model: String,
        #[serde(default)]
        colour: String,
    },
    Phone {
        number: String,
    },
    Property {
        description: String,
    },
}

impl ObjectDetails {
    pub fn validate(&mut self) -> Result<(), FieldError> {
        match self {
            ObjectDetails::Vehicle { vrm, .. } => *vrm = field("vrm", parse_vrm(vrm))?,
            ObjectDetails::Phone { number } => *number = field("number", parse_phone(number))?,
            ObjectDetails::Property { description } => super::error::require_text("description", description)?,
        }
        Ok(())
    }

    /// The key an object is found by (a VRM, a phone number).
    pub fn key(&self) -> String {
        match self {
            ObjectDetails::Vehicle { vrm, .. } => vrm.clone(),
            ObjectDetails::Phone { number } => number.clone(),
            ObjectDetails::Property { description } => description.chars().take(60).collect(),
        }
    }

    pub fn kind_name(&self) -> &'static str {
        match self {
            ObjectDetails::Vehicle { .. } => "vehicle",
            ObjectDetails::Phone { .. } => "phone",
            ObjectDetails::Property { .. } => "property",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Object {
    pub id: String,
    pub version: i64,
    pub details: ObjectDetails,
    pub provenance: Provenance,
}
