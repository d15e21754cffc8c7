//! Warrant work on the wire: lifecycle actions, and the priority queue a
//! page at a time with the filters that narrow it.

use crate::domain::person::Flags;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::event::{WarrantKind, WarrantStatus};
use crate::domain::priority::{searchable, Bands};
use crate::domain::warrant_lifecycle::WarrantAction;

/// `POST /warrants/{id}/actions`: the version the caller last saw, and the action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WarrantActionRequest {
    pub version: i64,
    pub action: WarrantAction,
}

/// `GET /warrants/queue`: the queue's filters and paging; absent fields are
/// not sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct QueueQuery {
    /// arrest_with_bail, arrest_without_bail, bench, breach, commitment or search.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<WarrantKind>,
    /// A London borough, in any case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub borough: Option<String>,
    /// `true`: allocated to someone; `false`: not yet allocated; or an officer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocated: Option<String>,
    /// Only warrants scoring at least this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_priority: Option<i32>,
    /// Words each found in the name, reference, offence, court, allocated
    /// officer or borough.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The order: priority (the default: highest score, then the oldest),
    /// oldest or newest issued first, or name (the wanted person's surname).
    /// A cursor (`after`) goes with the order it came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<QueueSort>,
    /// One warrant: its row, if it is in the queue under the other filters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// 1 to 500; 50 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<usize>,
    /// The `next` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// Why the queue is read, for the audit log; "warrant queue" when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(max_length = 500)]
    pub reason: Option<String>,
}

/// The orders the warrant queue can be read in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QueueSort {
    /// Highest score first, then the oldest.
    #[default]
    Priority,
    /// Oldest issued first.
    Oldest,
    /// Newest issued first.
    Newest,
    /// By the wanted person's surname, then forenames.
    Name,
}

impl QueueSort {
    pub const ALL: [QueueSort; 4] = [QueueSort::Priority, QueueSort::Oldest, QueueSort::Newest, QueueSort::Name];

    /// As a title or a command line says it.
    pub fn as_str(self) -> &'static str {
        match self {
            QueueSort::Priority => "priority",
            QueueSort::Oldest => "oldest",
            QueueSort::Newest => "newest",
            QueueSort::Name => "name",
        }
    }

    /// A name as the name order reads it, from its stored parts: the
    /// surname, then the forenames ("De la Cruz", "Maya Jane" → "de la
    /// cruz maya jane"), so a surname of several words sorts whole.
    pub fn name_parts_key(surname: &str, forenames: &str) -> String {
        format!("{} {}", surname.trim(), forenames.trim()).trim().to_lowercase()
    }

    /// A name as the name order reads it when only the whole name is known,
    /// its last word taken as the surname: "Kyle BROWN" → "brown kyle".
    pub fn name_key(name: &str) -> String {
        match name.trim().rsplit_once(' ') {
            Some((forenames, surname)) => format!("{surname} {forenames}").to_lowercase(),
            None => name.trim().to_lowercase(),
        }
    }

    /// Where a warrant sits in this order, before its id breaks a tie: a
    /// number, the name's words (empty but in the name order), a number.
    /// The server pages by it and the console places a live row by it, so
    /// both read one order. `name` (the name as the order reads it, surname
    /// first) is asked for only in the name order.
    pub fn key(self, score: i32, issued_on: NaiveDate, name: impl FnOnce() -> String) -> (i64, String, i64) {
        let day = i64::from(chrono::Datelike::num_days_from_ce(&issued_on));
        let score = -i64::from(score);
        match self {
            QueueSort::Priority => (score, String::new(), day),
            QueueSort::Oldest => (day, String::new(), score),
            QueueSort::Newest => (-day, String::new(), score),
            QueueSort::Name => (0, name(), score),
        }
    }

    /// Where `row` sits in this order, its id last.
    pub fn row_key(self, row: &QueueRow) -> (i64, String, i64, String) {
        let (first, words, second) = self.key(row.score, row.issued_on, || match row.name_order.is_empty() {
            true => QueueSort::name_key(&row.person_name),
            false => row.name_order.clone(),
        });
        (first, words, second, row.id.clone())
    }
}

/// One outstanding warrant in the priority queue, with why it sits there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct QueueRow {
    pub id: String,
    pub reference: String,
    /// Pass back with an action.
    pub version: i64,
    pub warrant_kind: WarrantKind,
    pub status: WarrantStatus,
    pub offence: String,
    pub issuing_court: String,
    pub issued_on: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub borough: Option<String>,
    pub person_id: String,
    pub person_name: String,
    /// The wanted person's name as the name order reads it, from the
    /// stored surname and forenames: "okafor maya jane".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name_order: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocated_to: Option<String>,
    pub attempts: usize,
    /// Higher first.
    pub score: i32,
    /// Every contribution to the score, such as `violence (+25)`.
    pub reasons: Vec<String>,
    /// The wanted person's flags (WANTED once circulated, IN CUSTODY, ON
    /// BAIL, MISSING, AT RISK), those the caller may be told.
    #[serde(default)]
    pub flags: Flags,
    /// Where the wanted person is held ("Bethnal Green C20"), when they are
    /// IN CUSTODY and the caller may be told so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held_at: Option<String>,
}

impl QueueRow {
    /// The fields a typed filter looks in, as the server's `text` filter
    /// reads them (see [`searchable`]).
    pub fn searchable(&self) -> [&str; 6] {
        searchable(
            &self.person_name,
            &self.reference,
            &self.offence,
            &self.issuing_court,
            self.allocated_to.as_deref(),
            self.borough.as_deref(),
        )
    }
}

/// A page of the warrant queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct QueuePage {
    pub items: Vec<QueueRow>,
    /// Outstanding warrants matching the filters, on every page.
    pub total: usize,
    /// Pass as `after` for the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// The bands the scores are read in, under the server's weights.
    #[serde(default)]
    pub bands: Bands,
}

/// `GET /warrants/officers`: the users a warrant may be allocated to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct WarrantOfficers {
    /// User names, in order, of the accounts in use whose roles work warrants.
    pub usernames: Vec<String>,
}

/// `GET /warrants/resolution`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ResolutionQuery {
    /// 1 to 1,000; 100 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
    /// Why the list is read, for the audit log; "warrant resolution" when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[param(max_length = 500)]
    pub reason: Option<String>,
}
