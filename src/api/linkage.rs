//! The wire types of the linkage routes: why a person's records belong
//! together, the review queue with its evidence, splits, and what came from
//! where.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::dates::PartialDate;
use crate::domain::person::Person;

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

/// One imported row of a person, with the evidence that put it there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct WhyRecord {
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
}

impl WhyRecord {
    /// The field comparisons of the evidence, in the order they were made.
    pub fn fields(&self) -> Vec<FieldEvidence> {
        fields_of(&self.evidence)
    }

    pub fn note(&self) -> Option<&str> {
        self.evidence.get("note").and_then(|n| n.as_str())
    }
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

/// `GET /persons/{id}/why`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct WhyReply {
    pub person_id: String,
    pub records: Vec<WhyRecord>,
}

/// One side of a possible match, as a reviewer sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReviewSide {
    pub person_id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
}

/// The change-log topic of the review queue: a decision on one pair (its
/// record id `SOURCE/REF`), or an import batch that queued or settled pairs
/// (its record id the source).
pub const REVIEW_TOPIC: &str = "review";

/// How many possible matches wait for a reviewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReviewCount {
    pub open: usize,
}

/// A possible match waiting for a reviewer, with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReviewPair {
    pub source: String,
    pub source_ref: String,
    /// The person the row became.
    pub person_id: String,
    /// The person it may be.
    pub candidate_id: String,
    pub score: f64,
    /// open, accepted or rejected.
    pub status: String,
    #[serde(default)]
    pub evidence: Vec<FieldEvidence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<ReviewSide>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub candidate: Option<ReviewSide>,
}

/// `POST /imports/{source}/{reference}/split`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SplitReply {
    /// The person the record was merged into, rebuilt without it.
    pub restored: Person,
    /// The record, now a person of its own.
    pub separated: Person,
}

/// One imported row: where it came from and the person it belongs to now.
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

/// `GET /imports`: one page of imported rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SourcesPage {
    pub items: Vec<SourceRow>,
    /// Pass as `after` for the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}
