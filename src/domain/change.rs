//! The change log: every write adds an entry in its own transaction, and
//! every server follows the entries in order to keep its subject index,
//! queues and event streams current. The store writes and reads them; the
//! event stream sends them as they are.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One entry of the change log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Change {
    pub seq: i64,
    pub at: DateTime<Utc>,
    /// `persons`, an event collection such as `warrants`, or `review`.
    pub topic: String,
    /// `created`, `updated` or `erased`; or `linked` (`LINKED_OP`) on an
    /// event whose vehicles, phones or places changed (its version does not).
    pub op: String,
    pub record_id: String,
    pub version: i64,
    /// The people whose picture changed (to refresh their flags).
    pub person_ids: Vec<String>,
    /// The only user who may hear of it (the author of an intelligence
    /// draft); kept in the log, never sent.
    #[serde(skip)]
    pub private_to: Option<String>,
}

/// The topic of the review queue: a decision on one pair (its record id
/// `SOURCE/REF`), or an import batch that queued or settled pairs (its
/// record id the source).
pub const REVIEW_TOPIC: &str = "review";

/// The op of a change on an event given a new vehicle, phone or place: the
/// record itself is at the version it was, so a reader holding it must
/// read its links again all the same.
pub const LINKED_OP: &str = "linked";
