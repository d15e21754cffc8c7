//! The lookup pane's state: the search box, the hits, and which answer is shown.

use super::entity::EntityTarget;
use super::list::ListState;
use crate::api::objects::ObjectHit;
use crate::api::place_records::PlaceHit;
use crate::api::SubjectHit;
use crate::domain::vrm_pattern::VrmQuery;

/// People shown for a search. One more is asked for, so the list can say
/// when more match without the server counting every match.
pub const SHOWN: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LookupFocus {
    Input,
    /// At start: digits and the global keys work; `/` or a letter types.
    #[default]
    List,
}

#[derive(Debug, Clone, Default)]
pub struct Lookup {
    pub query: String,
    pub focus: LookupFocus,
    pub hits: Vec<SubjectHit>,
    /// The places the query names, when it reads as an address.
    pub places: Vec<PlaceHit>,
    /// The vehicles and phones it names (a plate, a number).
    pub objects: Vec<ObjectHit>,
    pub list: ListState,
    /// Sequence number of the newest search asked for, and of the one shown.
    pub issued: u64,
    pub shown: u64,
    /// The query the shown hits answer.
    pub answered: String,
    /// More people match than are shown: the search should be refined.
    pub more: bool,
    pub error: Option<String>,
}

/// One row of the results: a person, a place, a vehicle or a phone.
#[derive(Debug, Clone, Copy)]
pub enum LookupRow<'a> {
    Person(&'a SubjectHit),
    Place(&'a PlaceHit),
    Object(&'a ObjectHit),
}

impl LookupRow<'_> {
    pub fn id(&self) -> &str {
        match self {
            LookupRow::Person(h) => &h.person_id,
            LookupRow::Place(h) => &h.place_id,
            LookupRow::Object(h) => &h.object.id,
        }
    }
}

impl Lookup {
    pub fn searching(&self) -> bool {
        self.issued > self.shown
    }

    /// Every hit, ranked together: people and places by their scores (a
    /// name about 0 to 1.3, an exact identifier 2; a place 0 to 1), a
    /// vehicle or phone as an identifier — 2 for a whole plate or number,
    /// 1 for part of a plate. People come first among equals.
    pub fn rows(&self) -> Vec<LookupRow<'_>> {
        let partial = matches!(VrmQuery::parse(&self.answered), Ok(VrmQuery::Partial(_)));
        let object_score = if partial { 1.0 } else { 2.0 };
        let mut rows: Vec<(f64, LookupRow)> =
            self.hits.iter().map(|h| (f64::from(h.score), LookupRow::Person(h))).collect();
        rows.extend(self.places.iter().map(|h| (h.score, LookupRow::Place(h))));
        rows.extend(self.objects.iter().map(|h| (object_score, LookupRow::Object(h))));
        // Stable: among equal scores, the order above (and the server's) stands.
        rows.sort_by(|a, b| b.0.total_cmp(&a.0));
        rows.into_iter().map(|(_, row)| row).collect()
    }

    /// The row with id `id`.
    pub fn row(&self, id: &str) -> Option<LookupRow<'_>> {
        self.rows().into_iter().find(|r| r.id() == id)
    }

    pub fn ids(&self) -> Vec<String> {
        self.rows().iter().map(|r| r.id().to_string()).collect()
    }
}

/// Asking why the operator opens a person's record (it is audited).
#[derive(Debug, Clone, PartialEq)]
pub struct ReasonPrompt {
    pub person_id: String,
    pub name: String,
    pub input: String,
    /// Index into the recent reasons, when one is picked.
    pub pick: Option<usize>,
    /// A vehicle, phone or place opens instead of a person.
    pub entity: Option<EntityTarget>,
}
