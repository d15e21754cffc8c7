//! The order a queue of events is paged in, and the cursor that carries it
//! from one page to the next. Most queues page by when a record happened,
//! newest (or oldest) first; a queue of what is due pages by when it fell
//! due, the most overdue first, so its index reads only the records due
//! instead of stepping past every recent record not yet due.

use super::events::EventFilter;
use super::Result;
use crate::domain::FieldError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PageOrder {
    Newest,
    Oldest,
    /// Earliest due first: the most overdue at the top.
    DueEarliest,
    DueLatest,
}

impl PageOrder {
    pub fn of(filter: &EventFilter) -> PageOrder {
        match (filter.by_due, filter.oldest_first) {
            (false, false) => PageOrder::Newest,
            (false, true) => PageOrder::Oldest,
            (true, true) => PageOrder::DueEarliest,
            (true, false) => PageOrder::DueLatest,
        }
    }

    /// What a cursor made in this order starts with; a newest-first cursor
    /// is `time|id`, as every cursor was before there was a choice.
    fn prefix(self) -> &'static str {
        match self {
            PageOrder::Newest => "",
            PageOrder::Oldest => "oldest|",
            PageOrder::DueEarliest => "due|",
            PageOrder::DueLatest => "due-latest|",
        }
    }

    fn words(self) -> &'static str {
        match self {
            PageOrder::Newest => "newest-first",
            PageOrder::Oldest => "oldest-first",
            PageOrder::DueEarliest => "most-overdue-first",
            PageOrder::DueLatest => "latest-due-first",
        }
    }

    /// The column the pages follow.
    pub fn column(self) -> &'static str {
        match self {
            PageOrder::Newest | PageOrder::Oldest => "e.occurred_at",
            PageOrder::DueEarliest | PageOrder::DueLatest => "e.due_at",
        }
    }

    fn ascending(self) -> bool {
        matches!(self, PageOrder::Oldest | PageOrder::DueEarliest)
    }

    /// `ORDER BY` and its tie-break on the record's id.
    pub fn sql(self) -> String {
        let way = if self.ascending() { "ASC" } else { "DESC" };
        format!("ORDER BY {col} {way}, e.id {way}", col = self.column())
    }

    /// The cursor after a page whose last record has `at` in the order's
    /// column and `id`.
    pub fn cursor(self, at: &str, id: &str) -> String {
        format!("{}{at}|{id}", self.prefix())
    }

    /// The (time, id) of a cursor from a previous page, refused when it
    /// was made in another order.
    pub fn parse(self, after: &str) -> Result<(&str, &str)> {
        // The longest prefix first: "due-latest|" also starts "due".
        let made = [PageOrder::DueLatest, PageOrder::DueEarliest, PageOrder::Oldest, PageOrder::Newest]
            .into_iter()
            .find(|order| after.starts_with(order.prefix()))
            .unwrap_or(PageOrder::Newest);
        let rest = &after[made.prefix().len()..];
        let (at, id) = rest
            .split_once('|')
            .filter(|(at, id)| !at.is_empty() && !id.is_empty())
            .ok_or_else(|| FieldError::new("after", "is not a cursor from a previous page"))?;
        if made != self {
            let message = format!(
                "is a cursor from the {} order, not this one ({}): read the first page again",
                made.words(),
                self.words()
            );
            return Err(FieldError::new("after", message).into());
        }
        Ok((at, id))
    }

    /// The condition "past the cursor" on the order's column, binding `at`
    /// twice and then `id` from `$first`. Said as a bound on the column
    /// first, so the queue's own index reads the rest (as a bare OR, SQLite
    /// read every crime's id through another index: 1.5 s to count what
    /// followed a page at 500,000 crimes).
    pub fn past(self, first: usize) -> String {
        let (edge, past) = if self.ascending() { (">=", ">") } else { ("<=", "<") };
        let col = self.column();
        format!(" AND {col} {edge} ${first} AND ({col} {past} ${} OR e.id {past} ${})", first + 1, first + 2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_in_its_own_order_and_is_refused_in_any_other() {
        let orders = [PageOrder::Newest, PageOrder::Oldest, PageOrder::DueEarliest, PageOrder::DueLatest];
        for made in orders {
            let cursor = made.cursor("2026-12-01T10:00:00.000000Z", "abc");
            for used in orders {
                let read = used.parse(&cursor);
                if used == made {
                    assert_eq!(read.unwrap(), ("2026-12-01T10:00:00.000000Z", "abc"));
                } else {
                    let error = read.unwrap_err().to_string();
                    assert!(
                        error.contains("after") && error.contains(made.words()),
                        "{made:?} read as {used:?}: {error}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_cursor_that_is_not_one_is_refused_in_every_order() {
        let orders = [PageOrder::Newest, PageOrder::Oldest, PageOrder::DueEarliest, PageOrder::DueLatest];
        for text in ["", "nonsense", "due|", "oldest||abc", "due-latest|2026-12-01|", "2026|"] {
            for order in orders {
                let error = order.parse(text).expect_err(text).to_string();
                assert!(error.contains("not a cursor"), "{text} as {order:?}: {error}");
            }
        }
    }
}
