//! Opening an incident: the call as the operator takes it (caller,
//! location, category and sub-type, grade, what was said), made into the
//! record's first version with its first grading and log entry.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::lifecycle::check_person_role;
use super::{
    Caller, Grade, IncidentCategory, IncidentDetails, IncidentGrading, IncidentLocation, IncidentRules, IncidentStatus,
    LogEntry, LogKind,
};
use crate::domain::dates::check_happened;
use crate::domain::error::require_text;
use crate::domain::event::{EventDetails, EventInput};
use crate::domain::link::{EventPerson, EventRole};
use crate::domain::FieldError;

/// `POST /incidents/open`: a call recorded and graded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenIncident {
    pub caller: Caller,
    /// The caller's person record, when they are on the one record: linked
    /// as the incident's reporting person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller_person_id: Option<String>,
    pub location: IncidentLocation,
    pub category: IncidentCategory,
    /// One of the category's sub-types, such as `burglary`.
    pub subtype: String,
    pub grade: Grade,
    /// An E grade's appointment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appointment: Option<DateTime<Utc>>,
    /// What the call is about, in a line.
    pub summary: String,
    /// When the call came in; when the server receives this, if left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opened_at: Option<DateTime<Utc>>,
    /// People named at once (the caller is linked from `caller_person_id`).
    #[serde(default)]
    pub people: Vec<EventPerson>,
}

/// An appointment belongs to an E grade, after the grading.
pub(super) fn check_appointment(
    field: &str,
    grade: Grade,
    appointment: Option<DateTime<Utc>>,
    at: DateTime<Utc>,
) -> Result<(), FieldError> {
    match (grade, appointment) {
        (Grade::E, Some(when)) if when <= at => Err(FieldError::new(field, "is not after the grading")),
        (Grade::E, _) | (_, None) => Ok(()),
        (other, Some(_)) => {
            Err(FieldError::new(field, format!("only an E grade has an appointment; this is graded {other}")))
        }
    }
}

impl OpenIncident {
    /// The first version of the incident, opened by `by` at `now`; errors
    /// name this request's fields. The store gives it its reference.
    pub fn record(&self, by: &str, rules: &IncidentRules, now: DateTime<Utc>) -> Result<EventInput, FieldError> {
        require_text("summary", &self.summary)?;
        let opened = self.opened_at.unwrap_or(now);
        check_happened("opened_at", opened, now)?;
        check_appointment("appointment", self.grade, self.appointment, opened)?;
        let mut people: Vec<EventPerson> = Vec::new();
        if let Some(id) = &self.caller_person_id {
            require_text("caller_person_id", id)?;
            people.push(EventPerson { person_id: id.trim().to_string(), role: EventRole::ReportingPerson });
        }
        for (i, p) in self.people.iter().enumerate() {
            check_person_role(&format!("people[{i}].role"), p.role)?;
            if !people.contains(p) {
                people.push(p.clone());
            }
        }
        let text = format!(
            "Opened as {} / {}, grade {}: {}",
            self.category.label(),
            super::subtype_label(&self.subtype),
            self.grade,
            self.summary.trim()
        );
        let mut details = IncidentDetails {
            status: IncidentStatus::Open,
            category: self.category,
            subtype: self.subtype.trim().to_string(),
            caller: self.caller.clone(),
            location: self.location.clone(),
            grading: vec![IncidentGrading {
                at: opened,
                by: by.to_string(),
                grade: self.grade,
                reason: None,
                due: rules.due(self.grade, opened, self.appointment),
                appointment: self.appointment,
            }],
            resources: Vec::new(),
            log: vec![LogEntry { at: opened, by: by.to_string(), kind: LogKind::Opened, text }],
            duplicate_of: None,
            duplicates: Vec::new(),
            closure: None,
        };
        details.validate()?;
        Ok(EventInput {
            objects: Vec::new(),
            reference: None,
            occurred_at: opened,
            borough: details.location.borough.clone(),
            summary: self.summary.trim().to_string(),
            people,
            details: EventDetails::Incident(Box::new(details)),
        })
    }
}
