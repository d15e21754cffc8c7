//! The wire types of `/api/v1`: what the server sends and the client reads.
//! Domain types appear here as they are; these add the envelopes around them.

pub mod errors;
pub mod linkage;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::dates::PartialDate;
use crate::domain::event::{Event, EventInput, EventKind};
use crate::domain::link::{EventRole, Link};
use crate::domain::location::Location;
use crate::domain::object::Object;
use crate::domain::person::{Flags, Person, PersonDetails};
use crate::domain::role::Role;

/// The one error shape: `{"error": {"code", "message", "field"}}`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable machine code: `invalid`, `unauthenticated`, `forbidden`,
    /// `not_found`, `conflict`, `possible_match`, `reason_required`,
    /// `too_large`, `internal`, `unavailable`.
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LoginResponse {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub username: String,
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Me {
    pub username: String,
    pub roles: Vec<Role>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Health {
    pub status: String,
    pub backend: String,
    pub version: String,
    pub persons_indexed: usize,
    pub last_change: i64,
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
}

/// A person update: the version it was based on, and the new details.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonUpdate {
    pub version: i64,
    pub person: PersonDetails,
}

/// An event update: the version it was based on, and the new content.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventUpdate {
    pub version: i64,
    pub event: EventInput,
}

/// A linked record on a profile's timeline; withheld when the caller's role
/// may not see it, so the operator knows it exists.
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
    /// Newest first.
    pub timeline: Vec<TimelineEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EventPage {
    pub items: Vec<Event>,
    /// Pass as `after` for the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// One entry of the change log, as sent on the event stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Change {
    pub seq: i64,
    pub at: DateTime<Utc>,
    /// `persons`, an event collection such as `warrants`, or `review`.
    pub topic: String,
    /// `created`, `updated` or `erased`.
    pub op: String,
    pub record_id: String,
    pub version: i64,
    /// The people whose picture changed (to refresh their flags).
    pub person_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub username: String,
    /// `consultation`, `collection`, `alteration`, `disclosure`, `erasure`, `login`…
    pub action: String,
    pub record_kind: String,
    pub record_id: String,
    pub reason: String,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditEntry>,
}
