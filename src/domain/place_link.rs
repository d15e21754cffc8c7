//! Links to a place: a person who lives, works or is often there, and an
//! event that happened there (a crime scene, an incident's address, an
//! arrest), each with its role and dates.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::dates::check_in_range;
use super::event::EventKind;
use super::link::LinkedRecord;
use super::provenance::Provenance;
use super::FieldError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlaceRole {
    LivesAt,
    WorksAt,
    Frequents,
    CrimeScene,
    AddressOfIncident,
    ArrestAddress,
    /// The place an intelligence report is about.
    SubjectOfIntelligence,
    /// Where anything else on record happened.
    EventAddress,
}

impl PlaceRole {
    /// Whether the role links a person (else an event).
    pub fn is_person_role(self) -> bool {
        matches!(self, PlaceRole::LivesAt | PlaceRole::WorksAt | PlaceRole::Frequents)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PlaceRole::LivesAt => "lives_at",
            PlaceRole::WorksAt => "works_at",
            PlaceRole::Frequents => "frequents",
            PlaceRole::CrimeScene => "crime_scene",
            PlaceRole::AddressOfIncident => "address_of_incident",
            PlaceRole::ArrestAddress => "arrest_address",
            PlaceRole::SubjectOfIntelligence => "subject_of_intelligence",
            PlaceRole::EventAddress => "event_address",
        }
    }

    pub fn parse(text: &str) -> Option<PlaceRole> {
        use PlaceRole::*;
        [LivesAt, WorksAt, Frequents, CrimeScene, AddressOfIncident, ArrestAddress, SubjectOfIntelligence, EventAddress]
            .into_iter()
            .find(|r| r.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            PlaceRole::LivesAt => "lives at",
            PlaceRole::WorksAt => "works at",
            PlaceRole::Frequents => "frequents",
            PlaceRole::CrimeScene => "crime scene",
            PlaceRole::AddressOfIncident => "address of incident",
            PlaceRole::ArrestAddress => "arrest address",
            PlaceRole::SubjectOfIntelligence => "subject of intelligence",
            PlaceRole::EventAddress => "event address",
        }
    }

    /// The role an event's own address gives it.
    pub fn of_event(kind: EventKind) -> PlaceRole {
        match kind {
            EventKind::Crime => PlaceRole::CrimeScene,
            EventKind::Incident => PlaceRole::AddressOfIncident,
            EventKind::Custody => PlaceRole::ArrestAddress,
            EventKind::Intelligence => PlaceRole::SubjectOfIntelligence,
            _ => PlaceRole::EventAddress,
        }
    }
}

/// An event named by kind and id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventRef {
    pub kind: EventKind,
    pub id: String,
}

/// A link as asked for: a person or an event, its role, and for a person
/// the dates it held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPlaceLink {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<EventRef>,
    pub role: PlaceRole,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
}

impl NewPlaceLink {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldError> {
        match (&self.person_id, &self.event) {
            (Some(_), Some(_)) => return Err(FieldError::new("event", "link a person or an event, not both")),
            (None, None) => return Err(FieldError::new("person_id", "a person or an event is required")),
            (Some(id), None) if id.trim().is_empty() => return Err(FieldError::new("person_id", "is empty")),
            (Some(_), None) if !self.role.is_person_role() => {
                return Err(FieldError::new("role", format!("'{}' is a role of an event", self.role.as_str())))
            }
            (None, Some(_)) if self.role.is_person_role() => {
                return Err(FieldError::new("role", format!("'{}' is a role of a person", self.role.as_str())))
            }
            _ => {}
        }
        for (field, date) in [("from", self.from), ("to", self.to)] {
            if let Some(date) = date {
                check_in_range(field, date, today)?;
            }
        }
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if to < from {
                return Err(FieldError::new("to", "is before 'from'"));
            }
        }
        Ok(())
    }
}

/// A stored link to a place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PlaceLink {
    pub id: String,
    pub place_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<LinkedRecord>,
    pub role: PlaceRole,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    /// Made from the person's stored address or the event's own address,
    /// and kept in step with it (made again when that record changes).
    pub derived: bool,
    pub provenance: Provenance,
}

impl PlaceLink {
    pub fn entered(
        id: String,
        place_id: &str,
        new: NewPlaceLink,
        event: Option<LinkedRecord>,
        by: &str,
        at: DateTime<Utc>,
    ) -> Self {
        PlaceLink {
            id,
            place_id: place_id.to_string(),
            person_id: new.person_id.map(|p| p.trim().to_string()),
            event,
            role: new.role,
            from: new.from,
            to: new.to,
            derived: false,
            provenance: Provenance::entered(by, at),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(person: bool, role: PlaceRole) -> NewPlaceLink {
        NewPlaceLink {
            person_id: person.then(|| "p1".to_string()),
            event: (!person).then(|| EventRef { kind: EventKind::Crime, id: "e1".into() }),
            role,
            from: None,
            to: None,
        }
    }

    #[test]
    fn a_role_fits_what_it_links() {
        let today = Utc::now().date_naive();
        assert!(link(true, PlaceRole::LivesAt).validate(today).is_ok());
        assert!(link(false, PlaceRole::CrimeScene).validate(today).is_ok());
        assert_eq!(link(true, PlaceRole::CrimeScene).validate(today).unwrap_err().field, "role");
        assert_eq!(link(false, PlaceRole::WorksAt).validate(today).unwrap_err().field, "role");
        let mut both = link(true, PlaceRole::LivesAt);
        both.event = Some(EventRef { kind: EventKind::Crime, id: "e1".into() });
        assert_eq!(both.validate(today).unwrap_err().field, "event");
        let mut backwards = link(true, PlaceRole::LivesAt);
        backwards.from = today.pred_opt();
        backwards.to = backwards.from.and_then(|d| d.pred_opt());
        assert_eq!(backwards.validate(today).unwrap_err().field, "to");
    }
}
