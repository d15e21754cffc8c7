//! The force's ASB numbers (`[asb]` in the server's settings): when a
//! victim counts as a repeat victim, and the case review trigger.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::FieldError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct AsbRules {
    /// A victim of this many linked incidents inside the window is a repeat victim.
    pub repeat_victim_incidents: u32,
    pub repeat_victim_days: u32,
    /// This many linked incidents inside the window meet the case review
    /// trigger: three in six months, or lower where local agencies set it.
    pub review_trigger_incidents: u32,
    pub review_trigger_days: u32,
}

impl Default for AsbRules {
    fn default() -> Self {
        AsbRules {
            repeat_victim_incidents: 2,
            repeat_victim_days: 365,
            review_trigger_incidents: 3,
            review_trigger_days: 183,
        }
    }
}

impl AsbRules {
    pub fn validate(&self) -> Result<(), FieldError> {
        if self.repeat_victim_incidents < 2 {
            return Err(FieldError::new("repeat_victim_incidents", "a repeat victim has at least 2 incidents"));
        }
        // The Act lets local agencies lower the threshold, never raise it.
        if !(1..=3).contains(&self.review_trigger_incidents) {
            return Err(FieldError::new("review_trigger_incidents", "must be 1, 2 or 3 (the law's threshold is 3)"));
        }
        for (field, days) in
            [("repeat_victim_days", self.repeat_victim_days), ("review_trigger_days", self.review_trigger_days)]
        {
            if !(1..=3660).contains(&days) {
                return Err(FieldError::new(field, "must be between 1 and 3660 days"));
            }
        }
        if self.review_trigger_days < 183 {
            return Err(FieldError::new(
                "review_trigger_days",
                "must be at least 183 (six months): a shorter window raises the threshold",
            ));
        }
        Ok(())
    }
}
