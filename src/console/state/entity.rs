//! What the profile of a vehicle, a phone or a place reads: which one,
//! and the profile as the server gave it (`EntityView` holds them).

use crate::api::objects::ObjectProfile;
use crate::api::place_records::PlaceProfile;
use crate::client::PagedProfile;

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
/// The row under the records when more follow: Enter reads the next page.
pub const MORE_ROW: &str = "more";

impl EntityProfile {
    /// Each linked person (id, name), in the profile's order.
    pub fn people(&self) -> Vec<(String, String)> {
        match self {
            EntityProfile::Object(p) => p.people.iter().map(|x| (x.person_id.clone(), x.name.clone())).collect(),
            EntityProfile::Place(p) => p.people.iter().map(|x| (x.person_id.clone(), x.name.clone())).collect(),
        }
    }

    /// `after` for the page of the timeline that follows those shown.
    pub fn timeline_next(&self) -> Option<&str> {
        match self {
            EntityProfile::Object(p) => p.timeline_next.as_deref(),
            EntityProfile::Place(p) => p.timeline_next.as_deref(),
        }
    }

    /// (records shown, records the caller may read on every page).
    pub fn timeline_count(&self) -> (usize, usize) {
        let (shown, total) = match self {
            EntityProfile::Object(p) => (p.timeline.len(), p.timeline_total),
            EntityProfile::Place(p) => (p.timeline.len(), p.timeline_total),
        };
        (shown, total.max(shown))
    }

    /// The records of the page that follows, added under these (nothing,
    /// when `page` is of another record).
    pub fn append(&mut self, page: EntityProfile) {
        match (self, page) {
            (EntityProfile::Object(p), EntityProfile::Object(page)) if p.object.id == page.object.id => p.append(page),
            (EntityProfile::Place(p), EntityProfile::Place(page)) if p.place.id == page.place.id => p.append(page),
            _ => {}
        }
    }

    /// The list's ids: each person as `person:part` (one person may have
    /// two parts), then each record, the more row when more follow, then
    /// the withheld row when there are any.
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
        if self.timeline_next().is_some() {
            ids.push(MORE_ROW.to_string());
        }
        if restricted > 0 {
            ids.push(WITHHELD_ROW.to_string());
        }
        ids
    }
}
