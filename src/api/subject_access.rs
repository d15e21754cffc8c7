//! `GET /persons/{id}/export`: everything held on one person, for a subject
//! access request, in the layout `docs/subject-access.md` describes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::linkage::ReviewPair;
use super::persons::Profile;
use crate::domain::audit::AuditEntry;
pub use crate::domain::disclosure::Redaction;
use crate::domain::event::EventKind;
use crate::domain::imported::ImportedRecord;
use crate::domain::link::EventRole;

/// The layout's name and version, first in every export.
pub const LAYOUT: &str = "bluelamp-subject-access/1";

/// `GET /persons/{id}/export`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// Why it is disclosed, e.g. the subject access request reference (required).
    #[param(min_length = 8, max_length = 500)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// What to leave out, comma-separated: `third_parties`, `intelligence`
    /// (unsanitised text), `intelligence_records` (whole reports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redact: Option<String>,
}

/// Everything held on one person.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SubjectAccessExport {
    /// `bluelamp-subject-access/1`.
    pub layout: String,
    pub disclosure: Disclosure,
    /// The person's own record and everything linked to it, as a profile
    /// shows it but in full: every record they are on is in `timeline`.
    #[serde(flatten)]
    pub profile: Profile,
    /// Everyone on those records, the person included, with their role.
    pub people_on_records: Vec<PersonOnRecord>,
    /// The legacy rows the person was made from, as their source recorded
    /// them, each with the linkage evidence that put it here.
    pub source_records: Vec<ImportedRecord>,
    /// Rows of legacy event files that put the person on a record.
    pub source_events: Vec<SourceEvent>,
    /// Possible matches between the person and others, open or decided,
    /// with the evidence of the person's own rows.
    pub possible_matches: Vec<ReviewPair>,
    /// Every consultation, change and disclosure of the person and of the
    /// records above, oldest first: who, when, why.
    pub history: Vec<AuditEntry>,
}

/// Who made the disclosure, when, why, and what it leaves out.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Disclosure {
    pub at: DateTime<Utc>,
    pub by: String,
    pub reason: String,
    pub redactions: Vec<AppliedRedaction>,
    /// Records left out whole, with the exemption for each.
    pub withheld: Vec<WithheldRecord>,
}

/// A redaction made, and the exemption it rests on.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AppliedRedaction {
    pub redaction: Redaction,
    pub exemption: String,
}

/// A record left out of the disclosure.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WithheldRecord {
    pub id: String,
    pub kind: EventKind,
    pub exemption: String,
}

/// Someone on one of the person's records.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PersonOnRecord {
    pub event_id: String,
    pub person_id: String,
    pub name: String,
    pub role: EventRole,
    /// Whether this is the person the export is about.
    pub subject: bool,
}

/// A row of a legacy event file that put the person on a record.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SourceEvent {
    pub source: String,
    pub source_ref: String,
    pub event_id: String,
    pub kind: EventKind,
    /// The nominal row (source and reference) the event row is about.
    pub nominal_source: String,
    pub nominal_ref: String,
}
