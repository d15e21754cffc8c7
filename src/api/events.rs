//! The seven areas' records under one set of routes: lists, reads,
//! creation and plain updates.

use crate::domain::person::Flags;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::event::{Event, EventInput};

/// `GET /{collection}/{id}`: why the record is read, and for intelligence
/// under handling code C that the reader acknowledges its conditions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReadQuery {
    /// Why the record is consulted (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(min_length = 8, max_length = 500)]
    pub reason: Option<String>,
    /// `true`: the reader has been shown the handling conditions of a
    /// handling code C report and acknowledges them (audited). Without it
    /// such a report is refused with `acknowledgement_required`, naming them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledge: Option<bool>,
    /// `false`: the record alone, without its vehicles, phones and places
    /// (neither listed nor audited as consulted), for a client that reads
    /// it only for its version or its fields. Listed when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<bool>,
}

/// `GET /{collection}`: every filter optional; absent ones are not sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// A London borough, in any case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub borough: Option<String>,
    /// A custody suite: its code, name or location id (an unknown one is refused, naming the suites).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suite: Option<String>,
    /// Allocated officer, officer in the case or officer in charge; an intelligence report's author.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub officer: Option<String>,
    /// Warrant kind (such as `bench`), safeguarding or ASB category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// A person id: only records naming this person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open: Option<bool>,
    /// 1 to 1,000; 100 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<usize>,
    /// The newest first when absent, or `oldest`; a cursor from one order
    /// is refused under the other.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<crate::api::list_sort::ListSort>,
    /// The `next` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// Why the list is read, for the audit log; "COLLECTION queue" when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(max_length = 500)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct EventPage {
    pub items: Vec<Event>,
    /// Pass as `after` for the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// How many more the list holds beyond this page, so a list can say
    /// "50 of 312"; absent when none.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub more: usize,
    /// True when the list holds at least `more` beyond this page: the count
    /// stops at 1,000, so a long list costs no more than a short one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub more_at_least: bool,
    /// The name of each person the page's records name, by person id, for
    /// a caller who may read people (each one shown is on the audit).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub names: BTreeMap<String, String>,
    /// The flags (WANTED, IN CUSTODY, ON BAIL, MISSING, AT RISK) of each
    /// person named who has any the caller may be told, by person id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub flags: BTreeMap<String, Flags>,
    /// On a list of warrants: where each wanted person flagged IN CUSTODY
    /// (for a caller told that flag) is held, "suite cell", by person id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub held_at: BTreeMap<String, String>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// An event update: the version it was based on, and the new content.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventUpdate {
    pub version: i64,
    pub event: EventInput,
}
