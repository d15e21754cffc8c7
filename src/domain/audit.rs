//! The audit log's entries (Data Protection Act 2018 s.62): who did what to
//! which record, when, and the reason they gave.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One entry of the audit log, as written.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub username: String,
    /// `consultation`, `collection`, `alteration`, `disclosure`, `erasure`, `login`…
    pub action: String,
    pub record_kind: String,
    pub record_id: String,
    pub reason: String,
    pub detail: String,
    /// The records an entry that showed many (a search) showed, by id.
    /// Left out of a subject access export, which names only its subject.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shown: Vec<String>,
}
