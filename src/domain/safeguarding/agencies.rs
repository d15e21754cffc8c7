//! The safeguarding desk as a force sets it up: the partner agencies a
//! report goes to (shipped in `data/safeguarding-agencies.csv`, editable, or
//! a force's own file), the hours a submitted report may wait for sign-off,
//! the hours an agency has to respond to a referral, and the hours after a
//! missing person is found by which the return interview is offered.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::FieldError;

const SHIPPED_AGENCIES: &str = include_str!("../../../data/safeguarding-agencies.csv");
#[cfg(test)]
pub(super) const SHIPPED_AGENCIES_FOR_TEST: &str = SHIPPED_AGENCIES;

/// What kind of partner an agency is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgencyKind {
    /// A local authority's multi-agency safeguarding hub.
    Mash,
    ChildrenSocialCare,
    AdultsSocialCare,
    Health,
    Education,
    Housing,
    Probation,
    Other,
}

/// A partner agency in the force's table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Agency {
    pub code: String,
    pub name: String,
    pub kind: AgencyKind,
}

/// `code,name,kind` with a header line; codes unique, kinds as in [`AgencyKind`].
pub fn parse_agencies(text: &str) -> Result<Vec<Agency>, FieldError> {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let mut out: Vec<Agency> = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = format!("line {}", i + 2);
        let record = record.map_err(|e| FieldError::new(&line, e.to_string()))?;
        let (Some(code), Some(name), Some(kind)) = (record.get(0), record.get(1), record.get(2)) else {
            return Err(FieldError::new(line, "needs three columns: code, name, kind"));
        };
        if code.is_empty() || name.is_empty() {
            return Err(FieldError::new(line, "has an empty column"));
        }
        let kind: AgencyKind = serde_json::from_value(serde_json::Value::String(kind.to_string()))
            .map_err(|_| FieldError::new(&line, format!("'{kind}' is not a kind of agency")))?;
        if out.iter().any(|a| a.code.eq_ignore_ascii_case(code)) {
            return Err(FieldError::new(line, format!("agency '{code}' is listed twice")));
        }
        out.push(Agency { code: code.to_string(), name: name.to_string(), kind });
    }
    if out.is_empty() {
        return Err(FieldError::new("line 2", "the table has no rows"));
    }
    Ok(out)
}

/// What a force sets for its safeguarding desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafeguardingRules {
    /// Hours a submitted report may wait for its supervisor's sign-off.
    pub sign_off_hours: u32,
    /// Hours an agency has to respond to a formal referral.
    pub response_hours: u32,
    /// Hours after a missing person is found by which the return interview
    /// is offered (72 for children).
    pub return_interview_hours: u32,
    pub agencies: Vec<Agency>,
}

impl Default for SafeguardingRules {
    fn default() -> Self {
        Self::shipped().clone()
    }
}

impl SafeguardingRules {
    /// The rules Bluelamp ships, with their agencies parsed once: the seed
    /// reads them for every report it records. The shipped file is checked
    /// by a test; a force's own is checked when the server starts.
    pub fn shipped() -> &'static SafeguardingRules {
        static RULES: OnceLock<SafeguardingRules> = OnceLock::new();
        RULES.get_or_init(|| SafeguardingRules {
            sign_off_hours: 24,
            response_hours: 72,
            return_interview_hours: 72,
            agencies: parse_agencies(SHIPPED_AGENCIES).unwrap_or_default(),
        })
    }

    pub fn validate(&self) -> Result<(), FieldError> {
        let hours = [
            ("sign_off_hours", self.sign_off_hours),
            ("response_hours", self.response_hours),
            ("return_interview_hours", self.return_interview_hours),
        ];
        for (field, value) in hours {
            if !(1..=24 * 60).contains(&value) {
                return Err(FieldError::new(field, "must be 1 to 1440"));
            }
        }
        Ok(())
    }

    pub fn agency(&self, code: &str) -> Result<&Agency, FieldError> {
        let code = code.trim();
        self.agencies.iter().find(|a| a.code.eq_ignore_ascii_case(code)).ok_or_else(|| {
            FieldError::new(
                "agency",
                format!("'{code}' is not an agency in the table (GET /api/v1/safeguarding/agencies lists them)"),
            )
        })
    }
}
