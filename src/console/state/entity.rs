//! What the profile of a vehicle, a phone or a place reads: which one,
//! and the profile as the server gave it (`EntityView` holds them).

use crate::api::objects::ObjectProfile;
use crate::api::place_records::PlaceProfile;

/// Which record the pane reads: vehicles and phones are objects on the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityKind {
    Object,
    Place,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityTarget {
    pub kind: EntityKind,
    pub id: String,
}

/// A profile as the server gave it.
// Read once and shown; its size costs a move, not memory.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum EntityProfile {
    Object(ObjectProfile),
    Place(PlaceProfile),
}

/// The row that says how many records are withheld (it opens nothing).
pub const WITHHELD_ROW: &str = "withheld";

impl EntityProfile {
    /// Each linked person (id, name), in the profile's order.
    pub fn people(&self) -> Vec<(String, String)> {
        match self {
            EntityProfile::Object(p) => p.people.iter().map(|x| (x.person_id.clone(), x.name.clone())).collect(),
            EntityProfile::Place(p) => p.people.iter().map(|x| (x.person_id.clone(), x.name.clone())).collect(),
        }
    }

    /// The list's ids: each person as `person:part` (one person may have
    /// two parts), then each record, then the withheld row when there are any.
    pub fn row_ids(&self) -> Vec<String> {
        let (mut ids, records, restricted): (Vec<String>, Vec<String>, usize) = match self {
            EntityProfile::Object(p) => (
                p.people.iter().map(|x| format!("{}:{}", x.person_id, x.relationship)).collect(),
                p.timeline.iter().map(|t| t.id.clone()).collect(),
                p.restricted,
            ),
            EntityProfile::Place(p) => (
                p.people.iter().map(|x| format!("{}:{}", x.person_id, x.role.as_str())).collect(),
                p.timeline.iter().map(|t| t.id.clone()).collect(),
                p.restricted,
            ),
        };
        ids.extend(records);
        if restricted > 0 {
            ids.push(WITHHELD_ROW.to_string());
        }
        ids
    }
}
