//! Vehicles and phones on the wire: the profile, the lookup by mark or
//! number, an update, and an event linked to one.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::event::{Event, EventKind};
use crate::domain::person::Flags;

// The domain's own types on the wire.
pub use crate::domain::object::{Object, ObjectDetails};
pub use crate::domain::object_link::{ObjectEventLink, ObjectRole};

/// `PUT /objects/{id}`: the version it was based on, and the new details.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectUpdate {
    pub version: i64,
    pub details: ObjectDetails,
}

/// `POST /objects/{id}/events`: an event already on record, and the
/// object's part in it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectEventRequest {
    pub event_id: String,
    pub role: ObjectRole,
}

/// `GET /objects/lookup`: one of `vrm` or `phone`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ObjectLookupQuery {
    /// A number plate, whole (with or without spaces) or partial, with `?`
    /// for one unknown character and `*` for any run of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(max_length = 20)]
    pub vrm: Option<String>,
    /// A UK phone number in any common form: `07700 900123`, `+44 7700
    /// 900123`, `0044 7700-900123`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(max_length = 30)]
    pub phone: Option<String>,
    /// 1 to 100; 50 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<usize>,
    /// Why the lookup is made; logged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(max_length = 500)]
    pub reason: Option<String>,
}

/// The vehicles or phones a lookup found.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ObjectLookup {
    /// How the query was read: "the whole mark LB07SEO", "a partial mark
    /// LB07?EO, 1 unknown character", "the number +447700900123".
    pub reading: String,
    pub hits: Vec<ObjectHit>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ObjectHit {
    pub object: Object,
    /// Markers in force: STOLEN, OF INTEREST, CLONED.
    pub markers: Vec<String>,
    /// Why it matched: "VRM LB07SEO", "former VRM K1ABC", "phone number".
    pub why: String,
}

/// A person linked to a vehicle or phone, with their part and its dates.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ObjectPerson {
    pub person_id: String,
    pub name: String,
    pub relationship: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
    /// The person's current warning markers, as short labels.
    pub markers: Vec<String>,
    pub flags: Flags,
}

/// A linked record on a vehicle's or phone's timeline.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ObjectTimelineEntry {
    pub id: String,
    pub kind: EventKind,
    pub occurred_at: DateTime<Utc>,
    pub role: ObjectRole,
    pub event: Event,
}

/// Everything on one vehicle or phone, in one reply.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ObjectProfile {
    pub object: Object,
    /// Markers in force now: STOLEN, OF INTEREST, CLONED.
    pub markers: Vec<String>,
    /// Keepers, drivers, passengers, users, owners: current first.
    pub people: Vec<ObjectPerson>,
    /// Newest first: a page of the linked records the caller may read
    /// (`limit`, 100 when not asked; `timeline_next` for the next).
    pub timeline: Vec<ObjectTimelineEntry>,
    /// The linked records the caller may read, on every page.
    #[serde(default)]
    pub timeline_total: usize,
    /// Present when more records follow this page: give it as `after`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline_next: Option<String>,
    /// How many linked records are withheld from the caller, told only to
    /// roles that read some restricted kind themselves (as on a person's
    /// profile); without kind, role or date. 0 for everyone else.
    #[serde(default)]
    pub restricted: usize,
}
