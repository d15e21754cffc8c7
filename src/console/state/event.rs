//! The record view's state: the record open, where Esc goes back to, and
//! the vehicles, phones and places it lists, each opening its profile.

use super::{EntityKind, EntityTarget, ListState, PaneId};
use crate::api::EventRecord;
use crate::domain::event::Event;

#[derive(Debug, Clone, PartialEq)]
pub struct EventView {
    pub event: Event,
    pub return_to: PaneId,
    pub scroll: u16,
    /// Vehicles, then phones, then places.
    pub links: Vec<RecordLink>,
    /// Whether the arrows move over the links (`p`) rather than scroll.
    pub choosing: bool,
    pub list: ListState,
}

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

impl EventView {
    /// `record` opened, to go back to `return_to`.
    pub fn new(record: EventRecord, return_to: PaneId) -> Self {
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
        EventView { event: record.event, return_to, scroll: 0, links, choosing: false, list: ListState::default() }
    }

    /// The links' ids, in the order shown.
    pub fn link_ids(&self) -> Vec<String> {
        self.links.iter().map(|l| l.target.id.clone()).collect()
    }
}

impl RecordLink {
    /// What it is called while its profile loads: "place 12 Acacia Avenue, SW2 1AA".
    pub fn name(&self) -> String {
        format!("{} {}", self.what, self.label)
    }
}
