//! A person's places, vehicles and phones as the profile lists them (`p`
//! on the profile), each opening its own profile.

use chrono::NaiveDate;

use crate::console::format;
use crate::console::state::{EntityKind, EntityTarget, State};
use crate::domain::link::LinkTarget;
use crate::domain::object::ObjectDetails;
use crate::domain::object_marker::current_labels;

/// One place, vehicle or phone of the person open.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkedRow {
    pub id: String,
    /// place, vehicle or phone.
    pub what: &'static str,
    /// The address, the mark with the car, the number.
    pub label: String,
    /// The person's part: lives at, keeper, user…
    pub role: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// The place's warnings or the object's markers in force.
    pub warnings: Vec<String>,
}

impl LinkedRow {
    pub fn target(&self) -> EntityTarget {
        let kind = if self.what == "place" { EntityKind::Place } else { EntityKind::Object };
        EntityTarget { kind, id: self.id.clone() }
    }

    /// What it is called while its profile loads: "vehicle LB07SEO".
    pub fn name(&self) -> String {
        format!("{} {}", self.what, self.label)
    }
}

/// Places first (current first), then vehicles, then phones.
pub fn rows(state: &State) -> Vec<LinkedRow> {
    let Some(profile) = &state.profile.profile else { return Vec::new() };
    let mut places: Vec<LinkedRow> = profile
        .places
        .iter()
        .map(|p| LinkedRow {
            id: p.place_id.clone(),
            what: "place",
            label: p.address.clone(),
            role: p.role.label().to_string(),
            from: p.from,
            to: p.to,
            warnings: p.warnings.clone(),
        })
        .collect();
    places.sort_by_key(|p| p.to.is_some());
    let today = format::today(state.now);
    let mut objects: Vec<LinkedRow> = profile
        .objects
        .iter()
        .filter_map(|o| {
            let what = match &o.details {
                ObjectDetails::Property { .. } => return None,
                details => details.kind_name(),
            };
            let label = o.details.label();
            let link = profile.links.iter().find(|l| l.target == LinkTarget::Object && l.target_id == o.id);
            Some(LinkedRow {
                id: o.id.clone(),
                what,
                label,
                role: link.map(|l| format::words(&l.relationship)).unwrap_or_default(),
                from: link.and_then(|l| l.from),
                to: link.and_then(|l| l.until),
                warnings: current_labels(o.details.markers(), today),
            })
        })
        .collect();
    objects.sort_by_key(|o| o.what == "phone");
    places.extend(objects);
    places
}
