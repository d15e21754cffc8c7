//! The order a paged list of records is read in: newest first (the
//! default, the order every desk's queue has always had) or oldest first.
//! A page's cursor says which order it was made in, so the next page
//! follows on in the same one.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `sort` on a paged list of records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ListSort {
    /// The newest first (by when it happened), then by id.
    #[default]
    Newest,
    /// The oldest first: the longest waiting at the top.
    Oldest,
}

impl ListSort {
    pub const ALL: [ListSort; 2] = [ListSort::Newest, ListSort::Oldest];

    /// As a command line or a query string says it.
    pub fn as_str(self) -> &'static str {
        match self {
            ListSort::Newest => "newest",
            ListSort::Oldest => "oldest",
        }
    }

    /// As a title says it: "newest first".
    pub fn label(self) -> &'static str {
        match self {
            ListSort::Newest => "newest first",
            ListSort::Oldest => "oldest first",
        }
    }

    /// The order after this one, round to the first.
    pub fn next(self) -> ListSort {
        let at = ListSort::ALL.iter().position(|s| *s == self).unwrap_or(0);
        ListSort::ALL[(at + 1) % ListSort::ALL.len()]
    }

    /// As a query sends it: nothing for the default.
    pub fn param(self) -> Option<ListSort> {
        (self != ListSort::Newest).then_some(self)
    }
}
