//! How people and events are linked to vehicles and phones: a person's
//! part (keeper, driver, passenger; user, owner) with dates, and an
//! event's (stolen vehicle, vehicle used…).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::handset::parse_phone_e164;
use super::identifiers::{field, parse_vrm};
use super::provenance::Provenance;
use super::FieldError;

/// The parts a person may have in a vehicle's or a phone's life.
pub fn person_relationships(object_kind: &str) -> &'static [&'static str] {
    match object_kind {
        "vehicle" => &["keeper", "owner", "driver", "passenger"],
        "phone" => &["user", "owner"],
        _ => &["owner", "user"],
    }
}

/// Refuses a relationship a person cannot have with an object of this kind,
/// and dates that end before they start.
pub fn check_person_link(
    object_kind: &str,
    relationship: &str,
    from: Option<NaiveDate>,
    until: Option<NaiveDate>,
) -> Result<(), FieldError> {
    let allowed = person_relationships(object_kind);
    if !allowed.contains(&relationship) {
        return Err(FieldError::new(
            "relationship",
            format!("'{relationship}' is not a part a person has with a {object_kind}: {}", allowed.join(", ")),
        ));
    }
    if let (Some(from), Some(until)) = (from, until) {
        if until < from {
            return Err(FieldError::new("until", "is before from"));
        }
    }
    Ok(())
}

/// An object's part in an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ObjectRole {
    StolenVehicle,
    VehicleUsed,
    VehicleSeen,
    VehicleInvolved,
    StolenPhone,
    PhoneUsed,
    PhoneSeized,
}

impl ObjectRole {
    pub const ALL: [ObjectRole; 7] = [
        ObjectRole::StolenVehicle,
        ObjectRole::VehicleUsed,
        ObjectRole::VehicleSeen,
        ObjectRole::VehicleInvolved,
        ObjectRole::StolenPhone,
        ObjectRole::PhoneUsed,
        ObjectRole::PhoneSeized,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ObjectRole::StolenVehicle => "stolen_vehicle",
            ObjectRole::VehicleUsed => "vehicle_used",
            ObjectRole::VehicleSeen => "vehicle_seen",
            ObjectRole::VehicleInvolved => "vehicle_involved",
            ObjectRole::StolenPhone => "stolen_phone",
            ObjectRole::PhoneUsed => "phone_used",
            ObjectRole::PhoneSeized => "phone_seized",
        }
    }

    pub fn parse(text: &str) -> Option<ObjectRole> {
        ObjectRole::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// The kind of object the role is for.
    pub fn object_kind(self) -> &'static str {
        match self {
            ObjectRole::StolenVehicle
            | ObjectRole::VehicleUsed
            | ObjectRole::VehicleSeen
            | ObjectRole::VehicleInvolved => "vehicle",
            ObjectRole::StolenPhone | ObjectRole::PhoneUsed | ObjectRole::PhoneSeized => "phone",
        }
    }

    /// Whether an event in this role says the object was stolen.
    pub fn is_theft(self) -> bool {
        matches!(self, ObjectRole::StolenVehicle | ObjectRole::StolenPhone)
    }

    /// Refuses the role for an object of another kind.
    pub fn check_fits(self, object_kind: &str) -> Result<(), FieldError> {
        if self.object_kind() == object_kind {
            return Ok(());
        }
        let fitting: Vec<&str> =
            ObjectRole::ALL.into_iter().filter(|r| r.object_kind() == object_kind).map(|r| r.as_str()).collect();
        Err(FieldError::new(
            "role",
            format!("'{}' is not a part a {object_kind} has in an event: {}", self.as_str(), fitting.join(", ")),
        ))
    }
}

/// A vehicle or phone named on an event as it is recorded: by its mark or
/// number, so that it links to the record that has it or makes one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum EventObject {
    Vehicle { vrm: String, role: ObjectRole },
    Phone { number: String, role: ObjectRole },
}

impl EventObject {
    /// Puts the mark or number in its one form and checks the role fits.
    pub fn validate(&mut self) -> Result<(), FieldError> {
        match self {
            EventObject::Vehicle { vrm, role } => {
                *vrm = field("vrm", parse_vrm(vrm))?;
                role.check_fits("vehicle")
            }
            EventObject::Phone { number, role } => {
                *number = field("number", parse_phone_e164(number))?;
                role.check_fits("phone")
            }
        }
    }

    /// (object kind, key, role).
    pub fn parts(&self) -> (&'static str, &str, ObjectRole) {
        match self {
            EventObject::Vehicle { vrm, role } => ("vehicle", vrm, *role),
            EventObject::Phone { number, role } => ("phone", number, *role),
        }
    }
}

/// An event linked to a vehicle or a phone, with the object's part in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ObjectEventLink {
    pub event_id: String,
    pub object_id: String,
    pub role: ObjectRole,
    pub provenance: Provenance,
}

/// Checks each of an event's objects, naming the one at fault.
pub fn validate_event_objects(objects: &mut [EventObject]) -> Result<(), FieldError> {
    for (i, o) in objects.iter_mut().enumerate() {
        o.validate().map_err(|e| e.within(&format!("objects[{i}]")))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_has_the_parts_of_the_kind() {
        assert!(check_person_link("vehicle", "passenger", None, None).is_ok());
        assert!(check_person_link("phone", "user", None, None).is_ok());
        assert_eq!(check_person_link("phone", "passenger", None, None).unwrap_err().field, "relationship");
        let d = |s: &str| Some(s.parse::<NaiveDate>().unwrap());
        assert_eq!(
            check_person_link("vehicle", "keeper", d("2026-02-01"), d("2026-01-01")).unwrap_err().field,
            "until"
        );
    }

    #[test]
    fn an_event_object_is_normalised_and_its_role_must_fit() {
        let mut objects = vec![
            EventObject::Vehicle { vrm: "lb07 seo".into(), role: ObjectRole::StolenVehicle },
            EventObject::Phone { number: "0044 7700 900123".into(), role: ObjectRole::PhoneUsed },
        ];
        validate_event_objects(&mut objects).unwrap();
        assert_eq!(objects[0].parts(), ("vehicle", "LB07SEO", ObjectRole::StolenVehicle));
        assert_eq!(objects[1].parts(), ("phone", "+447700900123", ObjectRole::PhoneUsed));
        let mut wrong = vec![EventObject::Phone { number: "07700900123".into(), role: ObjectRole::VehicleUsed }];
        assert_eq!(validate_event_objects(&mut wrong).unwrap_err().field, "objects[0].role");
        let mut bad = vec![EventObject::Vehicle { vrm: "!!".into(), role: ObjectRole::VehicleUsed }];
        assert_eq!(validate_event_objects(&mut bad).unwrap_err().field, "objects[0].vrm");
    }
}
