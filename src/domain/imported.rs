//! What an import leaves behind: every legacy row, the person it belongs to
//! now, and the linkage decision that put it there, so that a merge can be
//! explained (`why`), reviewed and undone (split).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::person::PersonDetails;

/// One imported nominal row, with the evidence that put it where it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ImportedRecord {
    pub source: String,
    pub source_ref: String,
    pub person_id: String,
    /// new, merged, review or split.
    pub outcome: String,
    pub score: Option<f64>,
    /// The linkage decision as recorded: `fields`, `note`, `score`…
    #[schema(value_type = Object)]
    pub evidence: serde_json::Value,
    /// The row's details as the source recorded them.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub record: serde_json::Value,
    // What undoing a merge needs stays with the server, never sent:
    /// For a merge: the person's details just before it.
    #[serde(skip)]
    pub before: Option<PersonDetails>,
    /// Order of import.
    #[serde(skip)]
    pub seq: i64,
    /// The person the row was on its own before it was joined into this
    /// one (by a later record or a review): a split gives it back.
    #[serde(skip)]
    pub joined_from: Option<String>,
}

impl ImportedRecord {
    /// The field comparisons of the evidence, in the order they were made.
    pub fn fields(&self) -> Vec<FieldEvidence> {
        fields_of(&self.evidence)
    }

    pub fn note(&self) -> Option<&str> {
        self.evidence.get("note").and_then(|n| n.as_str())
    }
}

/// One comparison of a linkage decision: a field, how it compared, and what
/// it added to (or took from) the score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FieldEvidence {
    pub field: String,
    /// agree, disagree, missing, swapped, phonetic…
    pub level: String,
    pub weight: f64,
    #[serde(default)]
    pub detail: String,
}

/// The field comparisons in a recorded decision; unreadable ones are skipped.
pub fn fields_of(evidence: &serde_json::Value) -> Vec<FieldEvidence> {
    evidence
        .get("fields")
        .and_then(|f| f.as_array())
        .into_iter()
        .flatten()
        .filter_map(|f| serde_json::from_value(f.clone()).ok())
        .collect()
}

/// A field of an imported row left out of the person as the source had it
/// (it failed validation), or a row rejected whole (`rejected`, with the
/// row's reference or its number): what a migration team reconciles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FindingRecord {
    pub source: String,
    /// The row's reference, or `row N` for a row rejected before it had one.
    pub source_ref: String,
    pub field: String,
    /// The value as the source had it.
    pub value: String,
    pub reason: String,
    pub rejected: bool,
    /// The person the row is on now; none for a row rejected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_id: Option<String>,
}

/// One imported row, nominal or event: where it came from and the person it
/// belongs to now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SourceRow {
    pub source: String,
    pub source_ref: String,
    pub person_id: String,
    /// The linkage score of a nominal row; none for a new person or an event.
    pub score: Option<f64>,
    /// new, merged, review or split for a nominal row; `event:KIND` for an event row.
    pub outcome: String,
}
