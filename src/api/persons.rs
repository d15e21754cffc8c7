//! Subject search and the person routes: the hits, the profile and updates.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::dates::PartialDate;
use crate::domain::event::{Event, EventKind};
use crate::domain::link::{EventRole, Link};
use crate::domain::location::Location;
use crate::domain::object::Object;
use crate::domain::person::{Flags, Person, PersonDetails};

/// `GET /search/subjects`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Name, date of birth, PNC ID, CRO number, VRM, phone or reference.
    #[param(min_length = 1, max_length = 200)]
    pub q: String,
    /// Date of birth: YYYY-MM-DD, YYYY-MM or YYYY.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dob: Option<String>,
    /// 1 to 100; 20 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<usize>,
    /// Why the search is made; logged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(max_length = 500)]
    pub reason: Option<String>,
}

/// One ranked subject-search result, with what keeps officers safe.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SubjectHit {
    pub person_id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<i32>,
    /// Last known address area (borough or postcode district).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// Current warning markers as short labels (VI, WE, SH…).
    pub markers: Vec<String>,
    pub flags: Flags,
    pub score: f32,
    /// Why it matched: which name form, which date rule.
    pub why: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SearchResponse {
    pub query: String,
    pub hits: Vec<SubjectHit>,
    /// When the text reads as an address (a postcode, a district, a house
    /// number and street): the places it names, ranked, each saying why.
    #[serde(default)]
    pub places: Vec<crate::api::place_records::PlaceHit>,
    /// Vehicles and phones the query names (a whole or partial plate, a
    /// phone number), each saying what it is and why it matched.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objects: Vec<super::objects::ObjectHit>,
}

/// A person update: the version it was based on, and the new details.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonUpdate {
    pub version: i64,
    pub person: PersonDetails,
}

/// A linked record on a profile's timeline. A record the caller may not
/// read is not on it (see `Profile::restricted`), so the server sends
/// `withheld` false and `event` always; both stay for older clients.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TimelineEntry {
    pub id: String,
    pub kind: EventKind,
    pub occurred_at: DateTime<Utc>,
    pub role: EventRole,
    pub withheld: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<Event>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Associate {
    pub person_id: String,
    pub name: String,
    pub relationship: String,
}

/// Everything linked to one person, in one reply.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Profile {
    pub person: Person,
    pub flags: Flags,
    pub objects: Vec<Object>,
    pub locations: Vec<Location>,
    pub associates: Vec<Associate>,
    pub links: Vec<Link>,
    /// Newest first: the records the caller may read.
    pub timeline: Vec<TimelineEntry>,
    /// How many linked records are withheld from the caller, told only to
    /// roles that read some restricted kind themselves (they know whom to
    /// ask); without kind, role or date. 0 for everyone else.
    #[serde(default)]
    pub restricted: usize,
    /// BAIL CONDITIONS: each running bail's kind, return and conditions, in
    /// a line (from the records the caller may read).
    #[serde(default)]
    pub bail_conditions: Vec<String>,
    /// The places they live, lived, work or are often at, with the
    /// places' current warnings.
    #[serde(default)]
    pub places: Vec<crate::api::place_records::PersonPlace>,
}
