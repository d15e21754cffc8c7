//! The custody suite's requests and replies: actions on a record, the
//! board, and the refusal of a book-in that may be someone on record.

use crate::domain::person::Flags;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::openapi::schema::{AnyOfBuilder, Schema};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{IntoParams, PartialSchema, ToSchema};

use super::{ErrorBody, ErrorDetail};
use crate::domain::custody::CustodyAction;
use crate::domain::dates::PartialDate;
use crate::domain::event::Event;
use crate::domain::pace::CustodyStatus;

/// `POST /custody/{id}/actions`: the version the caller saw, and what was done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionRequest {
    pub version: i64,
    pub action: CustodyAction,
}

/// An existing person a new detainee closely matches: the reason a book-in
/// with a new person is refused until the officer checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MatchCandidate {
    pub person_id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<PartialDate>,
    pub score: f32,
    pub why: Vec<String>,
}

/// The 409 reply to a book-in whose new person closely matches someone on
/// record: the usual error shape plus the candidates to check.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PossibleMatch {
    pub error: ErrorDetail,
    pub candidates: Vec<MatchCandidate>,
}

/// A book-in's 409 as documented: a possible match (with the candidates to
/// check), or another conflict, such as the person being in custody
/// already, in the usual error shape.
pub struct BookInConflict;

impl PartialSchema for BookInConflict {
    fn schema() -> RefOr<Schema> {
        AnyOfBuilder::new()
            .item(Ref::from_schema_name(PossibleMatch::name()))
            .item(Ref::from_schema_name(ErrorBody::name()))
            .into()
    }
}

impl ToSchema for BookInConflict {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((PossibleMatch::name().into(), PossibleMatch::schema()));
        PossibleMatch::schemas(schemas);
        schemas.push((ErrorBody::name().into(), ErrorBody::schema()));
        ErrorBody::schemas(schemas);
    }
}

/// `GET /custody/board`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct BoardQuery {
    /// One custody suite (its code, name or location id); every suite when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suite: Option<String>,
    /// Why it is consulted; "custody board" when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(max_length = 500)]
    pub reason: Option<String>,
}

/// One detainee on the custody board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct BoardRow {
    pub event: Event,
    pub status: CustodyStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_id: Option<String>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<PartialDate>,
    /// Current warning markers as short labels (SH, VI…).
    pub markers: Vec<String>,
    /// The alerts in words that mean the same without colour.
    pub alerts: Vec<String>,
    /// The detainee's WANTED, ON BAIL, MISSING and AT RISK… flags, those
    /// the caller may be told.
    #[serde(default)]
    pub flags: Flags,
}

/// `GET /custody/board`: open custody records, soonest due first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Board {
    /// The instant the statuses were worked out for.
    pub at: DateTime<Utc>,
    pub rows: Vec<BoardRow>,
}
