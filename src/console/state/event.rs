//! What the record view lists beside the record: its vehicles, phones and
//! places, each opening its profile (`EventView` holds them).

use super::entity::{EntityKind, EntityTarget};
use crate::api::EventRecord;

/// A vehicle, phone or place linked to the record, with its part in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordLink {
    pub target: EntityTarget,
    /// vehicle, phone or place.
    pub what: &'static str,
    /// The mark with the car, the number, the address.
    pub label: String,
    /// Stolen vehicle, crime scene…
    pub role: String,
    /// Markers or warnings in force.
    pub warnings: Vec<String>,
}

/// The vehicles, then phones, then places `record` lists.
pub fn links_of(record: &EventRecord) -> Vec<RecordLink> {
    let object = |what: &'static str, o: &crate::api::LinkedObject| RecordLink {
        target: EntityTarget { kind: EntityKind::Object, id: o.object_id.clone() },
        what,
        label: o.label.clone(),
        role: o.role.as_str().replace('_', " "),
        warnings: o.markers.clone(),
    };
    let mut links: Vec<RecordLink> = record.vehicles.iter().map(|o| object("vehicle", o)).collect();
    links.extend(record.phones.iter().map(|o| object("phone", o)));
    links.extend(record.places.iter().map(|p| RecordLink {
        target: EntityTarget { kind: EntityKind::Place, id: p.place_id.clone() },
        what: "place",
        label: p.address.clone(),
        role: p.role.label().to_string(),
        warnings: p.warnings.clone(),
    }));
    links
}

impl RecordLink {
    /// What it is called while its profile loads: "place 12 Acacia Avenue, SW2 1AA".
    pub fn name(&self) -> String {
        format!("{} {}", self.what, self.label)
    }
}
