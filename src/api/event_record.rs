//! `GET /{collection}/{id}`: one record as it is read, with the names of
//! its people and the vehicles, phones and places linked to it and their
//! parts in it, each opening its own profile (`/objects/{id}`, `/places/{id}`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::event::Event;
use crate::domain::object_link::ObjectRole;
use crate::domain::place_link::PlaceRole;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EventRecord {
    #[serde(flatten)]
    pub event: Event,
    /// Vehicles linked to the record (stolen vehicle, vehicle used…), for a
    /// role that may read vehicles, phones and places (as their profiles
    /// ask); each one shown is on the audit with the read's reason.
    #[serde(default)]
    pub vehicles: Vec<LinkedObject>,
    /// Phones linked to the record (phone used, phone seized…).
    #[serde(default)]
    pub phones: Vec<LinkedObject>,
    /// Places linked to the record (crime scene, address of incident…).
    #[serde(default)]
    pub places: Vec<LinkedPlace>,
    /// Person id → name for each person the record names, for a role that
    /// may read people, so the record names its people; each one named is
    /// on the audit with the read's reason.
    #[serde(default)]
    pub names: BTreeMap<String, String>,
}

/// A vehicle or phone as a record lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LinkedObject {
    pub object_id: String,
    /// The mark (`LB07SEO`) or the number in E.164.
    pub key: String,
    /// The mark with its colour, make and model; the number.
    pub label: String,
    pub role: ObjectRole,
    /// Markers in force (stolen, of interest…).
    #[serde(default)]
    pub markers: Vec<String>,
}

/// A place as a record lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LinkedPlace {
    pub place_id: String,
    /// The address in one line, postcode last.
    pub address: String,
    pub role: PlaceRole,
    /// Location warnings in force (firearms at address…).
    #[serde(default)]
    pub warnings: Vec<String>,
}

impl EventRecord {
    /// A record with nothing linked.
    pub fn bare(event: Event) -> Self {
        EventRecord { event, vehicles: Vec::new(), phones: Vec::new(), places: Vec::new(), names: BTreeMap::new() }
    }
}
