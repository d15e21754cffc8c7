//! What a force sets about its prosecution case files: the force and unit
//! its charges issue URNs under, and how many days ahead a custody time
//! limit is flagged as due.

use serde::Deserialize;

use super::FieldError;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CaseRules {
    /// The force's two-digit code, the first part of every URN.
    pub urn_force: String,
    /// The two-character unit charges in custody issue URNs under.
    pub urn_unit: String,
    /// A custody time limit this many days or fewer from expiry is due.
    pub ctl_warning_days: i64,
}

impl Default for CaseRules {
    fn default() -> Self {
        Self { urn_force: "01".into(), urn_unit: "CU".into(), ctl_warning_days: 28 }
    }
}

impl CaseRules {
    pub fn validate(&self) -> Result<(), FieldError> {
        if self.urn_force.len() != 2 || !self.urn_force.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new("urn_force", "must be two digits"));
        }
        if self.urn_unit.len() != 2 || !self.urn_unit.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(FieldError::new("urn_unit", "must be two letters or digits"));
        }
        if !(1..=365).contains(&self.ctl_warning_days) {
            return Err(FieldError::new("ctl_warning_days", "must be between 1 and 365"));
        }
        Ok(())
    }

    /// The first four characters of the URNs charges issue.
    pub fn urn_prefix(&self) -> String {
        format!("{}{}", self.urn_force, self.urn_unit.to_ascii_uppercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_checked() {
        assert_eq!(CaseRules::default().validate(), Ok(()));
        assert_eq!(CaseRules::default().urn_prefix(), "01CU");
        let bad = CaseRules { urn_force: "1".into(), ..CaseRules::default() };
        assert_eq!(bad.validate().unwrap_err().field, "urn_force");
        let bad = CaseRules { urn_unit: "C-".into(), ..CaseRules::default() };
        assert_eq!(bad.validate().unwrap_err().field, "urn_unit");
        let bad = CaseRules { ctl_warning_days: 0, ..CaseRules::default() };
        assert_eq!(bad.validate().unwrap_err().field, "ctl_warning_days");
    }
}
