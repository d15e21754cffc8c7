//! The linkage routes on the wire: why a person's records belong together,
//! the review queue with its evidence, splits, and what came from where.
//! The imported records themselves are the domain's, sent as they are.

use crate::domain::person::Flags;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub use crate::domain::change::REVIEW_TOPIC;
use crate::domain::dates::PartialDate;
pub use crate::domain::imported::{fields_of, FieldEvidence, FindingRecord, ImportedRecord, SourceRow};
use crate::domain::person::Person;

/// `GET /persons/{id}/why`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct WhyReply {
    pub person_id: String,
    pub records: Vec<ImportedRecord>,
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
    /// The person's WANTED, IN CUSTODY, ON BAIL, MISSING and AT RISK flags,
    /// those the reviewer may be told.
    #[serde(default)]
    pub flags: Flags,
}

/// `GET /review`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReviewQuery {
    /// Why the names are consulted; "review of possible matches" when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(max_length = 500)]
    pub reason: Option<String>,
    /// At most this many pairs (1 to 1,000; 200 when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<usize>,
}

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

/// The body of a split, and of a review's accept or reject: the reason
/// for the change, logged with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SplitRequest {
    pub reason: String,
}

/// `POST /imports/{source}/{reference}/split`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SplitReply {
    /// The person the record was merged into, rebuilt without it.
    pub restored: Person,
    /// The record, now a person of its own.
    pub separated: Person,
}

/// `GET /imports`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SourcesQuery {
    /// Only the rows of this legacy source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The `next` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// At most this many rows (1 to 10,000; 1,000 when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(minimum = 1, maximum = 10000)]
    pub limit: Option<usize>,
    /// Why the rows are read, for the audit log (each person shown is
    /// logged); "reconciliation of imported records" when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(max_length = 500)]
    pub reason: Option<String>,
}

/// `GET /imports`: one page of imported rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SourcesPage {
    pub items: Vec<SourceRow>,
    /// Pass as `after` for the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// The flags (WANTED, IN CUSTODY, ON BAIL, MISSING, AT RISK) of each
    /// person the rows belong to who has any the caller may be told, by
    /// person id.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub flags: std::collections::BTreeMap<String, Flags>,
}

/// `GET /imports/findings`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FindingsQuery {
    /// Only the findings of this legacy source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The `next` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// At most this many findings (1 to 10,000; 1,000 when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(minimum = 1, maximum = 10000)]
    pub limit: Option<usize>,
    /// Why the findings are read, for the audit log (each person whose row
    /// is shown is logged); "reconciliation of imported records" when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(max_length = 500)]
    pub reason: Option<String>,
}

/// `GET /imports/findings`: one page of data-quality findings, in source,
/// row, field and value order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FindingsPage {
    pub items: Vec<FindingRecord>,
    /// Pass as `after` for the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}
