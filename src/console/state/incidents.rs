//! The control room's incident pane: the open incidents in order of
//! urgency, each with its clock and the people named on it, the filters on
//! them, and the form that opens an incident or works one.

use super::form::FormField;
use super::list::ListState;
use crate::api::incidents::IncidentRow;
use crate::domain::event::EventDetails;
use crate::domain::incident::{Grade, IncidentCategory, IncidentDetails, Urgency};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Incidents {
    /// Every open incident, most urgent first.
    pub rows: Vec<IncidentRow>,
    pub loaded: bool,
    pub loading: bool,
    pub error: Option<String>,
    pub list: ListState,
    pub grade: Option<Grade>,
    pub borough: Option<String>,
    pub category: Option<IncidentCategory>,
    /// Only incidents with nobody assigned, en route or at the scene.
    pub unresourced: bool,
    /// A form closed unsent, resumed by the same key on the same incident.
    pub draft: Option<IncidentForm>,
    /// A person being found in the subject lookup, to link to this incident.
    pub linking: Option<Linking>,
}

/// The incident a person is being looked up for: the lookup's Enter picks
/// the person to link (and asks their part) instead of opening the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linking {
    pub incident_id: String,
    pub reference: String,
}

/// The details of an incident row.
pub fn details(row: &IncidentRow) -> Option<&IncidentDetails> {
    match &row.event.details {
        EventDetails::Incident(d) => Some(d),
        _ => None,
    }
}

impl Incidents {
    /// Puts the rows back in the order of urgency.
    pub fn sort(&mut self) {
        self.rows.sort_by_cached_key(|r| (details(r).map(|d| Urgency::of(d, r.event.occurred_at)), r.event.id.clone()));
    }

    /// The rows the filters keep, in order.
    pub fn visible(&self) -> Vec<&IncidentRow> {
        let words: Vec<String> = self.list.filter.split_whitespace().map(str::to_lowercase).collect();
        self.rows
            .iter()
            .filter(|r| {
                let Some(d) = details(r) else { return false };
                self.grade.is_none_or(|g| d.grade() == g)
                    && self.category.is_none_or(|c| d.category == c)
                    && (self.borough.is_none() || r.event.borough == self.borough)
                    && (!self.unresourced || d.active().next().is_none())
                    && (words.is_empty() || matches_words(r, d, &words))
            })
            .collect()
    }

    /// The incident under the selection, if the filters show it.
    pub fn selected(&self) -> Option<&IncidentRow> {
        let id = self.list.selected.as_deref()?;
        self.visible().into_iter().find(|r| r.event.id == id)
    }

    pub fn row(&self, id: &str) -> Option<&IncidentRow> {
        self.rows.iter().find(|r| r.event.id == id)
    }

    /// Whether any filter narrows the list.
    pub fn filtered(&self) -> bool {
        self.grade.is_some()
            || self.category.is_some()
            || self.borough.is_some()
            || self.unresourced
            || !self.list.filter.is_empty()
    }
}

/// Each typed word is in the reference, the summary, the place, a call
/// sign or a person's name.
fn matches_words(row: &IncidentRow, d: &IncidentDetails, words: &[String]) -> bool {
    let mut text = format!("{} {} {} {}", row.event.reference, row.event.summary, d.location.one_line(), d.subtype);
    for r in d.active() {
        text.push(' ');
        text.push_str(&r.call_sign);
    }
    for p in &row.people {
        text.push(' ');
        text.push_str(&p.name);
    }
    let text = text.to_lowercase();
    words.iter().all(|w| text.contains(w.as_str()))
}

/// What an incident form does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncidentFormKind {
    /// A new call.
    Open,
    Log,
    Regrade,
    Assign,
    EnRoute,
    Arrive,
    Release,
    Close,
    /// A repeat call closed into the incident it repeats.
    Duplicate,
    /// A person picked in the lookup, linked with their part.
    Link,
}

/// A form for opening an incident or for one action on one. Its input stays
/// while it is saving and after a refusal, so nothing typed is lost; a close
/// asks once more before it is sent.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentForm {
    pub kind: IncidentFormKind,
    /// The incident it acts on (none for a new call).
    pub record_id: Option<String>,
    pub title: String,
    pub fields: Vec<FormField>,
    pub focus: usize,
    pub saving: bool,
    /// Sent once Enter confirms what `confirming` says.
    pub confirming: Option<String>,
    pub error: Option<String>,
    /// The input the refusal names.
    pub error_field: Option<String>,
    /// The operator has typed in it (prefilled values alone do not count).
    pub touched: bool,
    /// The person a link form links (picked in the lookup).
    pub person_id: Option<String>,
}

impl IncidentForm {
    pub fn value(&self, name: &str) -> &str {
        self.fields.iter().find(|f| f.name == name).map(|f| f.value.as_str()).unwrap_or("")
    }
}
