//! The control room's incident: a call recorded, graded, resourced,
//! attended and closed with a result. Its details hold the caller, the
//! location, the national category and sub-type, the grade with its
//! history (each grading with the attendance target it set), the resources
//! with their timed states, and a timed, attributed log of every entry.
//! The lifecycle (`lifecycle.rs`) changes it one typed action at a time;
//! the attendance clock (`clock.rs`) reads it. Pure.

pub mod caller;
mod category;
mod clock;
pub mod lifecycle;
mod open;
mod reference;
mod rules;

#[cfg(test)]
mod tests;

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::boroughs;
use super::error::require_text;
use super::link::LinkedRecord;
use super::location::Address;
use super::{text, FieldError};

pub use category::{all_subtypes, subtype_label, IncidentCategory};
pub use clock::{Clock, Urgency};
pub use lifecycle::{IncidentAction, IncidentState, PERSON_ROLES};
pub use open::OpenIncident;
pub use reference::ReferenceFormat;
pub use rules::IncidentRules;

/// The call grade: how soon police must attend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
pub enum Grade {
    /// Immediate: attend within minutes (15 by default).
    I,
    /// Significant: attend within the hour.
    S,
    /// Extended: a scheduled appointment.
    E,
    /// Referred or resolved without deployment: no attendance.
    R,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::I, Grade::S, Grade::E, Grade::R];

    pub fn letter(self) -> &'static str {
        match self {
            Grade::I => "I",
            Grade::S => "S",
            Grade::E => "E",
            Grade::R => "R",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Grade::I => "immediate",
            Grade::S => "significant",
            Grade::E => "extended",
            Grade::R => "referred",
        }
    }

    /// Whether `to` asks for a slower response than this grade.
    pub fn is_downgrade_to(self, to: Grade) -> bool {
        to > self
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.letter())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum IncidentStatus {
    /// Recorded and graded; nobody on the way.
    Open,
    /// A resource assigned or en route.
    Resourced,
    /// A resource at the scene.
    AtScene,
    /// Closed with a result: read-only but for later log entries.
    Closed,
}

impl IncidentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            IncidentStatus::Open => "open",
            IncidentStatus::Resourced => "resourced",
            IncidentStatus::AtScene => "at_scene",
            IncidentStatus::Closed => "closed",
        }
    }
}

/// Who called.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Caller {
    /// As given ("anonymous" when withheld).
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The caller may be called back. (A caller on the one record is
    /// linked to the incident as its reporting person.)
    #[serde(default)]
    pub callback: bool,
}

/// Where: an address with its postcode, or a description of the place
/// with its borough.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentLocation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// "Outside the Tesco Express, Brixton Road", "Junction of …".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The borough (from the address when it names one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub borough: Option<String>,
}

impl IncidentLocation {
    fn validate(&mut self) -> Result<(), FieldError> {
        if let Some(address) = &mut self.address {
            address.validate().map_err(|e| e.within("address"))?;
            if self.borough.is_none() {
                self.borough.clone_from(&address.borough);
            }
        } else {
            require_text("description", self.description.as_deref().unwrap_or_default()).map_err(|_| {
                FieldError::new("description", "give an address with its postcode, or describe the place")
            })?;
        }
        let borough = self.borough.as_deref().ok_or_else(|| FieldError::new("borough", "name the borough"))?;
        let canonical = boroughs::canonical(borough)
            .ok_or_else(|| FieldError::new("borough", format!("'{borough}' is not a London borough")))?;
        self.borough = Some(canonical.to_string());
        Ok(())
    }

    /// The place in one line: the description, else the address.
    pub fn one_line(&self) -> String {
        match (&self.description, &self.address) {
            (Some(d), _) if !d.trim().is_empty() => d.trim().to_string(),
            (_, Some(a)) => {
                let mut parts: Vec<&str> = a.lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
                parts.push(a.postcode.as_str());
                parts.join(", ")
            }
            _ => String::new(),
        }
    }
}

/// One grading of the incident: the first when it was opened, then each
/// regrade, each with when its attendance target falls due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentGrading {
    pub at: DateTime<Utc>,
    pub by: String,
    pub grade: Grade,
    /// Why it was regraded (none for the first grading).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The attendance target from `at` under this grade; none for R, and
    /// for E until an appointment is made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<DateTime<Utc>>,
    /// An E grade's appointment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appointment: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ResourceStatus {
    Assigned,
    EnRoute,
    AtScene,
    Released,
}

impl ResourceStatus {
    pub fn is_active(self) -> bool {
        self != ResourceStatus::Released
    }

    pub fn label(self) -> &'static str {
        match self {
            ResourceStatus::Assigned => "assigned",
            ResourceStatus::EnRoute => "en route",
            ResourceStatus::AtScene => "at scene",
            ResourceStatus::Released => "released",
        }
    }
}

/// A unit or officer (by call sign) sent to the incident, with when each
/// state began. Assigned again after release, it is a new resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    /// Such as `LX21`, `BX-TSG1`, `PC 4821`.
    pub call_sign: String,
    pub status: ResourceStatus,
    pub assigned_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en_route_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_scene_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub released_at: Option<DateTime<Utc>>,
}

/// What a log entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LogKind {
    Opened,
    Note,
    Grade,
    Resource,
    Person,
    Duplicate,
    Closed,
}

/// One line of the incident log: when, who, what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LogEntry {
    pub at: DateTime<Utc>,
    pub by: String,
    pub kind: LogKind,
    pub text: String,
}

/// How an incident ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum IncidentResult {
    /// A crime report is opened from the incident (give the offence).
    CrimeRecorded,
    /// An ASB case is opened from the incident (give its category).
    AsbRecorded,
    AdviceGiven,
    NoPoliceAction,
    /// Officers attended and found nothing.
    NoTrace,
    /// Passed to another agency or force.
    Transferred,
    /// A repeat call about another incident (by `duplicate_of` only).
    Duplicate,
}

impl IncidentResult {
    pub const ALL: [IncidentResult; 7] = [
        IncidentResult::CrimeRecorded,
        IncidentResult::AsbRecorded,
        IncidentResult::AdviceGiven,
        IncidentResult::NoPoliceAction,
        IncidentResult::NoTrace,
        IncidentResult::Transferred,
        IncidentResult::Duplicate,
    ];

    pub fn label(self) -> &'static str {
        match self {
            IncidentResult::CrimeRecorded => "crime recorded",
            IncidentResult::AsbRecorded => "ASB recorded",
            IncidentResult::AdviceGiven => "advice given",
            IncidentResult::NoPoliceAction => "no police action",
            IncidentResult::NoTrace => "no trace",
            IncidentResult::Transferred => "transferred",
            IncidentResult::Duplicate => "duplicate",
        }
    }
}

/// The close: when, by whom, the result and the closing note, and the
/// record it opened (a crime report or ASB case), linked back to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentClosure {
    pub at: DateTime<Utc>,
    pub by: String,
    pub result: IncidentResult,
    pub note: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<LinkedRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentDetails {
    pub status: IncidentStatus,
    pub category: IncidentCategory,
    pub subtype: String,
    pub caller: Caller,
    pub location: IncidentLocation,
    /// Every grading, the first at opening; the last is in force.
    pub grading: Vec<IncidentGrading>,
    #[serde(default)]
    pub resources: Vec<Resource>,
    #[serde(default)]
    pub log: Vec<LogEntry>,
    /// The incident this call repeats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<LinkedRecord>,
    /// Later calls about this incident.
    #[serde(default)]
    pub duplicates: Vec<LinkedRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closure: Option<IncidentClosure>,
}

impl IncidentDetails {
    /// The grading in force.
    pub fn current(&self) -> Option<&IncidentGrading> {
        self.grading.last()
    }

    /// The grade in force (R if, against the rules, none was recorded).
    pub fn grade(&self) -> Grade {
        self.current().map(|g| g.grade).unwrap_or(Grade::R)
    }

    /// Resources not yet released.
    pub fn active(&self) -> impl Iterator<Item = &Resource> {
        self.resources.iter().filter(|r| r.status.is_active())
    }

    /// The active resource with this call sign.
    pub fn active_resource(&self, call_sign: &str) -> Option<&Resource> {
        self.active().find(|r| r.call_sign.eq_ignore_ascii_case(call_sign.trim()))
    }

    /// When a resource first reached the scene.
    pub fn first_arrival(&self) -> Option<DateTime<Utc>> {
        self.resources.iter().filter_map(|r| r.at_scene_at).min()
    }

    /// The status the resources give an incident still open.
    pub fn status_from_resources(&self) -> IncidentStatus {
        if self.closure.is_some() {
            IncidentStatus::Closed
        } else if self.active().any(|r| r.status == ResourceStatus::AtScene) {
            IncidentStatus::AtScene
        } else if self.active().next().is_some() {
            IncidentStatus::Resourced
        } else {
            IncidentStatus::Open
        }
    }

    /// The resources as a busy row shows them: `LX21 at scene, LX22 en route`.
    pub fn resources_line(&self) -> String {
        self.active().map(|r| format!("{} {}", r.call_sign, r.status.label())).collect::<Vec<_>>().join(", ")
    }

    pub(crate) fn validate(&mut self) -> Result<(), FieldError> {
        require_text("caller.name", &self.caller.name)?;
        text::identity("caller.name", &self.caller.name)?;
        if let Some(phone) = &self.caller.phone {
            text::identity("caller.phone", phone)?;
        }
        self.location.validate().map_err(|e| e.within("location"))?;
        self.category.check_subtype("subtype", &self.subtype)?;
        if self.grading.is_empty() {
            return Err(FieldError::new("grading", "an incident is graded when it is opened"));
        }
        for (i, r) in self.resources.iter().enumerate() {
            require_text(&format!("resources[{i}].call_sign"), &r.call_sign)?;
            text::identity(&format!("resources[{i}].call_sign"), &r.call_sign)?;
        }
        for (i, e) in self.log.iter().enumerate() {
            require_text(&format!("log[{i}].text"), &e.text)?;
        }
        if (self.status == IncidentStatus::Closed) != self.closure.is_some() {
            return Err(FieldError::new("status", "an incident is closed exactly when it has a closure"));
        }
        Ok(())
    }
}
