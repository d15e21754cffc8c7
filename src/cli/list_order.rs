//! `--sort` on the commands that list a desk's records page by page
//! (crimes, intelligence, safeguarding, ASB cases, case files): the
//! server's order, newest or oldest first.

use crate::api::list_sort::ListSort;

/// The orders a desk's list can be read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListOrder {
    /// The newest first (the default).
    Newest,
    /// The oldest first: the longest waiting at the top.
    Oldest,
}

impl ListOrder {
    /// As the query sends it: the order asked for, said even when it is
    /// the usual default, since a queue of what is due defaults to the
    /// most overdue first.
    pub fn param(order: Option<ListOrder>) -> Option<ListSort> {
        order.map(ListSort::from)
    }
}

impl From<ListOrder> for ListSort {
    fn from(order: ListOrder) -> ListSort {
        match order {
            ListOrder::Newest => ListSort::Newest,
            ListOrder::Oldest => ListSort::Oldest,
        }
    }
}
