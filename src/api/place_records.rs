//! Places on the wire: recording and updating one, linking to it, its
//! profile, a person's places, and the lookup by postcode or words.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::event::{Event, EventKind};
pub use crate::domain::place::{Place, PlaceDetails};
pub use crate::domain::place_link::{NewPlaceLink, PlaceLink, PlaceRole};

/// `PUT /places/{id}`: the place as it should be, and the version it was
/// read at (a stale version gets 409).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaceUpdate {
    pub version: i64,
    pub place: PlaceDetails,
}

/// A person linked to a place, as its profile shows them.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PlacePerson {
    pub person_id: String,
    pub name: String,
    pub role: PlaceRole,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    /// Their current warning markers' short labels (FI, VI…).
    pub markers: Vec<String>,
    /// WANTED, IN CUSTODY, MISSING, AT RISK.
    pub flags: Vec<String>,
}

/// A record linked to a place, on its timeline.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PlaceEvent {
    pub id: String,
    pub kind: EventKind,
    pub reference: String,
    pub occurred_at: DateTime<Utc>,
    pub role: PlaceRole,
    pub event: Event,
}

/// `GET /places/{id}`: everything linked to one place.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PlaceProfile {
    pub place: Place,
    /// The labels of the warnings current today ("firearms at address").
    pub current_warnings: Vec<String>,
    pub people: Vec<PlacePerson>,
    /// Newest first: a page of the linked records the caller may read
    /// (`limit`, 100 when not asked; `timeline_next` for the next).
    pub timeline: Vec<PlaceEvent>,
    /// The linked records the caller may read, on every page.
    #[serde(default)]
    pub timeline_total: usize,
    /// Present when more records follow this page: give it as `after`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline_next: Option<String>,
    /// How many linked records are withheld from the caller, told only to
    /// roles that read some restricted kind themselves (as on a person's
    /// profile); 0 for everyone else.
    pub restricted: usize,
}

/// A place on a person's profile.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PersonPlace {
    pub place_id: String,
    pub address: String,
    pub role: PlaceRole,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    /// The place's current warnings.
    pub warnings: Vec<String>,
}

impl PersonPlace {
    pub fn of(link: &PlaceLink, place: &Place, today: NaiveDate) -> PersonPlace {
        PersonPlace {
            place_id: place.id.clone(),
            address: place.one_line(),
            role: link.role,
            from: link.from,
            to: link.to,
            warnings: place.current_warnings(today).into_iter().map(str::to_string).collect(),
        }
    }
}

/// `GET /places/lookup`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PlaceLookupQuery {
    /// A postcode (with or without its space), a postcode district, or
    /// words of the address; typos are forgiven.
    #[param(min_length = 1, max_length = 200)]
    pub q: String,
    /// 1 to 100; 20 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<usize>,
    /// Why the lookup is made; logged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(max_length = 500)]
    pub reason: Option<String>,
}

/// One ranked place.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PlaceHit {
    pub place_id: String,
    pub address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub borough: Option<String>,
    pub warnings: Vec<String>,
    /// 0 to 1.
    pub score: f64,
    /// What matched: "postcode SW2 1AA", "ACACAI ~ ACACIA".
    pub why: Vec<String>,
}

/// The reply of a lookup: how the text was read, and the places.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PlaceLookup {
    pub read_as: String,
    pub hits: Vec<PlaceHit>,
}
