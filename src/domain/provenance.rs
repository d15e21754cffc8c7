//! Where a fact came from, so that merges can be explained and undone.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Who entered a fact, or which legacy record it was imported from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// The user who entered it, or the importer's user.
    #[serde(default)]
    pub entered_by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered_at: Option<DateTime<Utc>>,
    /// Legacy system name, for imported facts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The record's reference in that legacy system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_ref: Option<String>,
}

impl Provenance {
    pub fn entered(by: &str, at: DateTime<Utc>) -> Self {
        Self { entered_by: by.to_string(), entered_at: Some(at), source: None, source_ref: None }
    }

    /// Fills in the writer and time where the caller left them blank.
    pub fn stamp(&mut self, by: &str, at: DateTime<Utc>) {
        if self.entered_by.is_empty() {
            self.entered_by = by.to_string();
        }
        if self.entered_at.is_none() {
            self.entered_at = Some(at);
        }
    }
}
