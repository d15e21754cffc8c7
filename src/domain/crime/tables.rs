//! The crime desk's tables and clocks as a force sets them: the Home
//! Office counting-rules classes and outcome types (shipped in `data/`,
//! editable, or a force's own files), the hours allowed for the recording
//! decision and the days between supervisor reviews.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::FieldError;

const SHIPPED_CLASSES: &str = include_str!("../../../data/crime-classes.csv");
const SHIPPED_OUTCOMES: &str = include_str!("../../../data/crime-outcomes.csv");
#[cfg(test)]
pub(super) const SHIPPED_CLASSES_FOR_TEST: &str = SHIPPED_CLASSES;
#[cfg(test)]
pub(super) const SHIPPED_OUTCOMES_FOR_TEST: &str = SHIPPED_OUTCOMES;

/// A counting-rules class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CrimeClass {
    pub code: String,
    pub name: String,
}

/// A Home Office outcome type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OutcomeType {
    pub number: u8,
    pub name: String,
}

/// The classes and outcome types a force uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrimeTables {
    pub classes: Vec<CrimeClass>,
    pub outcomes: Vec<OutcomeType>,
}

impl Default for CrimeTables {
    fn default() -> Self {
        // The shipped files are checked by a test; a force's own are checked
        // when the server starts.
        CrimeTables {
            classes: parse_classes(SHIPPED_CLASSES).unwrap_or_default(),
            outcomes: parse_outcomes(SHIPPED_OUTCOMES).unwrap_or_default(),
        }
    }
}

impl CrimeTables {
    pub fn class(&self, code: &str) -> Result<&CrimeClass, FieldError> {
        let code = code.trim();
        self.classes.iter().find(|c| c.code.eq_ignore_ascii_case(code)).ok_or_else(|| {
            FieldError::new(
                "code",
                format!("'{code}' is not a class in the counting-rules table (GET /api/v1/crimes/tables lists them)"),
            )
        })
    }

    pub fn outcome(&self, number: u8) -> Result<&OutcomeType, FieldError> {
        self.outcomes.iter().find(|o| o.number == number).ok_or_else(|| {
            FieldError::new(
                "outcome",
                format!(
                    "{number} is not a Home Office outcome type in the table (GET /api/v1/crimes/tables lists them)"
                ),
            )
        })
    }
}

fn rows(text: &str) -> Result<Vec<(usize, String, String)>, FieldError> {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|e| FieldError::new(format!("line {line}"), e.to_string()))?;
        let (Some(key), Some(name)) = (record.get(0), record.get(1)) else {
            return Err(FieldError::new(format!("line {line}"), "needs two columns"));
        };
        if key.is_empty() || name.is_empty() {
            return Err(FieldError::new(format!("line {line}"), "has an empty column"));
        }
        out.push((line, key.to_string(), name.to_string()));
    }
    if out.is_empty() {
        return Err(FieldError::new("line 2", "the table has no rows"));
    }
    Ok(out)
}

/// `code,name` with a header line; codes unique.
pub fn parse_classes(text: &str) -> Result<Vec<CrimeClass>, FieldError> {
    let mut classes: Vec<CrimeClass> = Vec::new();
    for (line, code, name) in rows(text)? {
        if classes.iter().any(|c| c.code.eq_ignore_ascii_case(&code)) {
            return Err(FieldError::new(format!("line {line}"), format!("class '{code}' is listed twice")));
        }
        classes.push(CrimeClass { code, name });
    }
    Ok(classes)
}

/// `number,name` with a header line; numbers 1 to 99, unique.
pub fn parse_outcomes(text: &str) -> Result<Vec<OutcomeType>, FieldError> {
    let mut outcomes: Vec<OutcomeType> = Vec::new();
    for (line, number, name) in rows(text)? {
        let number: u8 =
            number.parse().ok().filter(|n| (1..=99).contains(n)).ok_or_else(|| {
                FieldError::new(format!("line {line}"), format!("'{number}' is not a number 1 to 99"))
            })?;
        if outcomes.iter().any(|o| o.number == number) {
            return Err(FieldError::new(format!("line {line}"), format!("outcome {number} is listed twice")));
        }
        outcomes.push(OutcomeType { number, name });
    }
    Ok(outcomes)
}

/// What a force sets for its crime desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrimeRules {
    /// Hours from the report to the recording (classification) decision.
    pub classification_hours: u32,
    /// Days between supervisor reviews of a live investigation.
    pub review_every_days: u32,
    pub tables: CrimeTables,
}

impl Default for CrimeRules {
    fn default() -> Self {
        Self::shipped().clone()
    }
}

impl CrimeRules {
    /// The rules Bluelamp ships, with their tables parsed once: the seed
    /// reads them for every crime it records.
    pub fn shipped() -> &'static CrimeRules {
        static RULES: OnceLock<CrimeRules> = OnceLock::new();
        RULES.get_or_init(|| CrimeRules {
            classification_hours: 24,
            review_every_days: 28,
            tables: CrimeTables::default(),
        })
    }

    pub fn validate(&self) -> Result<(), FieldError> {
        if !(1..=24 * 14).contains(&self.classification_hours) {
            return Err(FieldError::new("classification_hours", "must be 1 to 336"));
        }
        if !(1..=365).contains(&self.review_every_days) {
            return Err(FieldError::new("review_every_days", "must be 1 to 365"));
        }
        Ok(())
    }
}
