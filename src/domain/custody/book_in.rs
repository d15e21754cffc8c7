//! Booking a detainee in: the custody record a detention starts with. A
//! juvenile (possibly under 18 at the relevant time, on the youngest reading
//! of a partial date of birth) or a vulnerable adult (flagged by the custody
//! officer, or with a current mental-health marker) needs an appropriate
//! adult; booked in without one, the record carries an
//! `appropriate_adult_required` entry and the board alerts until one is
//! recorded. The observation level starts at what the warning markers call
//! for, before the full risk assessment.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::apply::{require_custody_staff, text};
use super::kinds::{AUTHORISATION, BOOKED_IN};
use super::risk::observation_floor;
use super::ActionError;
use crate::domain::dates::PartialDate;
use crate::domain::event::{CustodyDetails, CustodyEntry, OpenClosed};
use crate::domain::pace::entries::{APPROPRIATE_ADULT, APPROPRIATE_ADULT_REQUIRED};
use crate::domain::pace::london_time::format_london;
use crate::domain::person::PersonDetails;
use crate::domain::role::Roles;

/// A booking in: the detainee (an existing person, or a new one only when
/// no close match exists), and the arrest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BookIn {
    /// The detainee's existing person record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_id: Option<String>,
    /// A new person, when a search found nobody: refused while a close match
    /// exists, unless `confirm_no_match` says the officer checked them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_person: Option<PersonDetails>,
    #[serde(default)]
    pub confirm_no_match: bool,
    /// The custody suite: its location id, code or name.
    pub suite_id: String,
    pub cell: String,
    /// Why the detainee shares the cell with someone already in it; an
    /// occupied cell is refused without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_reason: Option<String>,
    pub arrested_at: DateTime<Utc>,
    /// When the detention clock starts (PACE s.41).
    pub relevant_time: DateTime<Utc>,
    /// When detention was authorised; the time of booking when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detention_authorised_at: Option<DateTime<Utc>>,
    pub arrest_reason: String,
    pub offences: Vec<String>,
    #[serde(default)]
    pub indictable: bool,
    pub arresting_officer: String,
    /// The custody officer suspects the detainee is a vulnerable adult.
    #[serde(default)]
    pub vulnerable: bool,
    /// An appropriate adult already present: who.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appropriate_adult: Option<String>,
}

/// Why the detainee needs an appropriate adult, if they do.
pub fn needs_appropriate_adult(person: &PersonDetails, vulnerable: bool, at: DateTime<Utc>) -> Option<String> {
    let day = at.date_naive();
    if let Some(dob) = person.date_of_birth {
        // The youngest the detainee can be: the latest birthday the known part allows.
        let youngest =
            PartialDate { year: dob.year, month: Some(dob.month.unwrap_or(12)), day: Some(dob.day.unwrap_or(31)) };
        let age = youngest.age_on(day);
        if age < 18 {
            return Some(format!("juvenile (aged {age})"));
        }
    }
    if vulnerable {
        return Some("vulnerable adult".into());
    }
    if person.markers.iter().any(|m| m.category == "mental_health" && m.is_current(day)) {
        return Some("vulnerable adult (mental health marker)".into());
    }
    None
}

impl BookIn {
    /// The new custody record for `person`, booked in by `by` at `now`.
    pub fn record(
        &self,
        person: &PersonDetails,
        by: &str,
        roles: &Roles,
        now: DateTime<Utc>,
    ) -> Result<CustodyDetails, ActionError> {
        require_custody_staff(roles, "booking a detainee in")?;
        self.checked(person, by, now)
    }

    /// The new record with every check of a booking in but the role: an
    /// arrest on a warrant opens the record the custody officer takes over.
    pub fn checked(&self, person: &PersonDetails, by: &str, now: DateTime<Utc>) -> Result<CustodyDetails, ActionError> {
        text("suite_id", &self.suite_id)?;
        text("cell", &self.cell)?;
        text("arrest_reason", &self.arrest_reason)?;
        text("arresting_officer", &self.arresting_officer)?;
        if self.offences.is_empty() {
            return Err(ActionError::invalid("offences", "at least one offence is required"));
        }
        for (i, o) in self.offences.iter().enumerate() {
            text(&format!("offences[{i}]"), o)?;
        }
        let tolerance = chrono::Duration::minutes(1);
        if self.relevant_time > now + tolerance {
            return Err(ActionError::invalid("relevant_time", "is in the future"));
        }
        if self.arrested_at > self.relevant_time {
            return Err(ActionError::invalid("arrested_at", "is after the relevant time"));
        }
        let authorised = self.detention_authorised_at.unwrap_or(now).max(self.relevant_time);
        if authorised > now + tolerance {
            return Err(ActionError::invalid("detention_authorised_at", "is in the future"));
        }
        let mut entries = vec![
            CustodyEntry {
                at: self.relevant_time,
                by: by.to_string(),
                kind: BOOKED_IN.into(),
                text: format!(
                    "Arrived. Arrested by {} at {}: {}",
                    self.arresting_officer.trim(),
                    format_london(self.arrested_at),
                    self.arrest_reason.trim()
                ),
            },
            CustodyEntry {
                at: authorised,
                by: by.to_string(),
                kind: AUTHORISATION.into(),
                text: format!("Detention authorised: {}", self.offences.join("; ")),
            },
        ];
        if let Some(why) = needs_appropriate_adult(person, self.vulnerable, self.relevant_time) {
            let (kind, text) = match self.appropriate_adult.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
                Some(adult) => (APPROPRIATE_ADULT, format!("{adult} (present at booking in; {why})")),
                None => (APPROPRIATE_ADULT_REQUIRED, format!("Appropriate adult required: {why}")),
            };
            entries.push(CustodyEntry { at: authorised, by: by.to_string(), kind: kind.into(), text });
        }
        let (level, _) = observation_floor(&person.markers, false, now.date_naive());
        Ok(CustodyDetails {
            suite_id: self.suite_id.trim().to_string(),
            cell: self.cell.trim().to_string(),
            arrested_at: self.arrested_at,
            relevant_time: self.relevant_time,
            detention_authorised_at: authorised,
            arrest_reason: self.arrest_reason.trim().to_string(),
            offences: self.offences.iter().map(|o| o.trim().to_string()).collect(),
            indictable: self.indictable,
            arresting_officer: self.arresting_officer.trim().to_string(),
            observation_level: level,
            last_visit_at: None,
            last_review_at: None,
            status: OpenClosed::Open,
            outcome: None,
            entries,
            case: None,
            crime: None,
            warrant: None,
            bail: None,
            carried: None,
        })
    }
}
