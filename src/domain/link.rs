//! Typed links between a person and events, objects, places and other people.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::provenance::Provenance;

/// How a person is involved in an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventRole {
    Suspect,
    Victim,
    Witness,
    Offender,
    Detainee,
    Defendant,
    Subject,
    WantedPerson,
    ReportingPerson,
    Complainant,
    /// A parent or carer of a child or adult at risk.
    Carer,
    /// Someone living in the same household as a person at risk.
    HouseholdMember,
}

/// A person named on an event, with their part in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventPerson {
    pub person_id: String,
    pub role: EventRole,
}

/// What a person can be linked to besides events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LinkTarget {
    Object,
    Location,
    Person,
}

impl LinkTarget {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkTarget::Object => "object",
            LinkTarget::Location => "location",
            LinkTarget::Person => "person",
        }
    }
}

/// person↔object (owner, driver, user), person↔location (resides, frequents),
/// person↔person (associate, family, partner).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewLink {
    pub target: LinkTarget,
    pub target_id: String,
    /// Free-text relationship such as `owner`, `associate`, `sibling`; to a
    /// vehicle keeper, owner, driver or passenger, to a phone user or owner.
    pub relationship: String,
    /// When the relationship began, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    /// When it ended, where known (still so when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Link {
    pub id: String,
    pub person_id: String,
    pub target: LinkTarget,
    pub target_id: String,
    pub relationship: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
    pub provenance: Provenance,
}

/// Another record this one is linked to (an incident and the crime report
/// it opened, a repeat call and the incident it repeats), named as the
/// operator knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkedRecord {
    pub kind: super::event::EventKind,
    pub id: String,
    pub reference: String,
}
