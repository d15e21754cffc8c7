//! The national standard's incident categories and, under each, the
//! sub-types an operator opens an incident as. The category says what kind
//! of demand it is; the sub-type what happened.

use std::fmt;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::FieldError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum IncidentCategory {
    AntiSocialBehaviour,
    Crime,
    PublicSafetyAndWelfare,
    Transport,
    Administration,
}

impl IncidentCategory {
    pub const ALL: [IncidentCategory; 5] = [
        IncidentCategory::AntiSocialBehaviour,
        IncidentCategory::Crime,
        IncidentCategory::PublicSafetyAndWelfare,
        IncidentCategory::Transport,
        IncidentCategory::Administration,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IncidentCategory::AntiSocialBehaviour => "anti_social_behaviour",
            IncidentCategory::Crime => "crime",
            IncidentCategory::PublicSafetyAndWelfare => "public_safety_and_welfare",
            IncidentCategory::Transport => "transport",
            IncidentCategory::Administration => "administration",
        }
    }

    /// As an operator says it.
    pub fn label(self) -> &'static str {
        match self {
            IncidentCategory::AntiSocialBehaviour => "Anti-social behaviour",
            IncidentCategory::Crime => "Crime",
            IncidentCategory::PublicSafetyAndWelfare => "Public safety and welfare",
            IncidentCategory::Transport => "Transport",
            IncidentCategory::Administration => "Administration",
        }
    }

    /// A few letters for a busy row.
    pub fn short(self) -> &'static str {
        match self {
            IncidentCategory::AntiSocialBehaviour => "ASB",
            IncidentCategory::Crime => "CRIME",
            IncidentCategory::PublicSafetyAndWelfare => "PSW",
            IncidentCategory::Transport => "TRANS",
            IncidentCategory::Administration => "ADMIN",
        }
    }

    /// The sub-types an incident of this category may be opened as.
    pub fn subtypes(self) -> &'static [&'static str] {
        match self {
            IncidentCategory::AntiSocialBehaviour => &["personal", "nuisance", "environmental"],
            IncidentCategory::Crime => &[
                "violence",
                "robbery",
                "burglary",
                "theft",
                "vehicle_crime",
                "criminal_damage",
                "sexual_offence",
                "drugs",
                "weapons",
                "public_order",
                "fraud",
                "other_crime",
            ],
            IncidentCategory::PublicSafetyAndWelfare => &[
                "concern_for_safety",
                "domestic_incident",
                "missing_person",
                "sudden_death",
                "suspicious_circumstances",
                "collapse_illness_injury",
                "alarm",
                "animals",
                "civil_dispute",
                "insecure_premises",
                "protest",
                "lost_found_property",
                "highway_disruption",
            ],
            IncidentCategory::Transport => &[
                "collision_damage_only",
                "collision_injury",
                "collision_fatal",
                "road_related_offence",
                "vehicle_abandoned",
            ],
            IncidentCategory::Administration => {
                &["abandoned_call", "hoax_call", "message", "pre_planned_event", "other_administration"]
            }
        }
    }

    /// Checks that `subtype` is one of this category's; errors name `field`.
    pub fn check_subtype(self, field: &str, subtype: &str) -> Result<(), FieldError> {
        if self.subtypes().contains(&subtype) {
            return Ok(());
        }
        Err(FieldError::new(
            field,
            format!("'{subtype}' is not a sub-type of {}; it is one of {}", self.as_str(), self.subtypes().join(", ")),
        ))
    }
}

impl fmt::Display for IncidentCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every sub-type of every category, once each (for a flag's value list).
pub fn all_subtypes() -> Vec<&'static str> {
    let mut all: Vec<&'static str> = IncidentCategory::ALL.iter().flat_map(|c| c.subtypes().iter().copied()).collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// A sub-type in words: `collision_injury` → "collision injury".
pub fn subtype_label(subtype: &str) -> String {
    subtype.replace('_', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subtype_belongs_to_its_category_only() {
        assert!(IncidentCategory::Crime.check_subtype("subtype", "burglary").is_ok());
        let err = IncidentCategory::Transport.check_subtype("subtype", "burglary").unwrap_err();
        assert_eq!(err.field, "subtype");
        assert!(err.message.contains("collision_injury"), "{}", err.message);
        assert!(all_subtypes().contains(&"missing_person"));
        let names: Vec<&str> = IncidentCategory::ALL.iter().map(|c| c.as_str()).collect();
        let json: Vec<String> =
            IncidentCategory::ALL.iter().map(|c| serde_json::to_value(c).unwrap().as_str().unwrap().into()).collect();
        assert_eq!(names, json);
    }
}
