//! A force's incident rules: how references are written and how soon each
//! grade must be attended (15 minutes for I, 60 for S, the appointment for
//! E, none for R, by default).

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::{Grade, ReferenceFormat};
use crate::domain::FieldError;

/// A force's incident rules (`[incidents]` in the server's config): the
/// reference format and the attendance target of each grade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IncidentRules {
    /// Such as `CAD {serial} {DDMMMYY}` (see `ReferenceFormat`).
    pub reference: ReferenceFormat,
    /// I: minutes from the grading to attendance.
    pub immediate_minutes: u32,
    /// S: minutes from the grading to attendance.
    pub significant_minutes: u32,
    /// E without an appointment: minutes, if the force sets a target;
    /// none waits for the appointment.
    pub extended_minutes: Option<u32>,
}

impl Default for IncidentRules {
    fn default() -> Self {
        Self {
            reference: ReferenceFormat::default(),
            immediate_minutes: 15,
            significant_minutes: 60,
            extended_minutes: None,
        }
    }
}

impl IncidentRules {
    pub fn validate(&self) -> Result<(), FieldError> {
        let day = 24 * 60;
        if !(1..=day).contains(&self.immediate_minutes) {
            return Err(FieldError::new("immediate_minutes", "must be 1 to 1440"));
        }
        if !(self.immediate_minutes..=7 * day).contains(&self.significant_minutes) {
            return Err(FieldError::new("significant_minutes", "must be from immediate_minutes to 10080"));
        }
        if self.extended_minutes.is_some_and(|m| !(1..=90 * day).contains(&m)) {
            return Err(FieldError::new("extended_minutes", "must be 1 to 129600"));
        }
        Ok(())
    }

    /// When attendance is due under `grade` graded at `at`: an E grade's
    /// appointment, when one is made.
    pub fn due(&self, grade: Grade, at: DateTime<Utc>, appointment: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
        let minutes = |m: u32| at + Duration::minutes(i64::from(m));
        match grade {
            Grade::I => Some(minutes(self.immediate_minutes)),
            Grade::S => Some(minutes(self.significant_minutes)),
            Grade::E => appointment.or_else(|| self.extended_minutes.map(minutes)),
            Grade::R => None,
        }
    }
}
