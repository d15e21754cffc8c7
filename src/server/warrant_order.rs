//! The warrant queue's page order in the order asked for (`sort`, keyed as
//! `QueueSort::key` says), and the cursor that ends a page, so each page is
//! the next slice of one order.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::error::{ApiError, ApiResult};
use crate::api::warrants::QueueSort;

/// Where a row sits in an order: a number, words, a number, then its id,
/// so rows with equal keys still keep one order from page to page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct QueueKey<'a> {
    first: i64,
    words: String,
    second: i64,
    id: Cow<'a, str>,
}

/// A row's key in `sort`; `name` (the name as the name order reads it,
/// surname first) is read only for the name order.
pub(super) fn key<'a>(
    sort: QueueSort,
    score: i32,
    issued_on: NaiveDate,
    name: impl FnOnce() -> Option<String>,
    id: &'a str,
) -> QueueKey<'a> {
    let (first, words, second) = sort.key(score, issued_on, || name().unwrap_or_default());
    QueueKey { first, words, second, id: Cow::Borrowed(id) }
}

/// The cursor after `key` in `sort`: the order, then the key's parts, the
/// words last (they may hold `|`).
pub(super) fn cursor(sort: QueueSort, key: &QueueKey) -> String {
    format!("{}|{}|{}|{}|{}", sort.as_str(), key.first, key.second, key.id, key.words)
}

/// A cursor from a previous page of the same order: one made in another
/// order would start the page at a place that means something else there.
pub(super) fn parse_cursor(s: &str, sort: QueueSort) -> ApiResult<QueueKey<'static>> {
    let bad = || ApiError::invalid("after", "is not a cursor from a previous page");
    let (made, rest) = s.split_once('|').ok_or_else(bad)?;
    if made != sort.as_str() {
        let made = QueueSort::ALL.iter().find(|o| o.as_str() == made).ok_or_else(bad)?;
        return Err(ApiError::invalid(
            "after",
            format!("is a cursor from the {} order, not this one: read the first page again", made.as_str()),
        ));
    }
    let mut parts = rest.splitn(4, '|');
    let first = parts.next().and_then(|p| p.parse::<i64>().ok()).ok_or_else(bad)?;
    let second = parts.next().and_then(|p| p.parse::<i64>().ok()).ok_or_else(bad)?;
    let id = parts.next().filter(|id| !id.is_empty()).ok_or_else(bad)?;
    let words = parts.next().ok_or_else(bad)?;
    Ok(QueueKey { first, words: words.to_string(), second, id: Cow::Owned(id.to_string()) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, day).unwrap()
    }

    #[test]
    fn each_order_puts_first_what_it_says() {
        let none = || None;
        let high_new = key(QueueSort::Priority, 90, on(20), none, "a");
        let low_old = key(QueueSort::Priority, 10, on(2), none, "b");
        assert!(high_new < low_old, "priority: the higher score first");
        assert!(key(QueueSort::Oldest, 90, on(20), none, "a") > key(QueueSort::Oldest, 10, on(2), none, "b"));
        assert!(key(QueueSort::Newest, 90, on(20), none, "a") < key(QueueSort::Newest, 10, on(2), none, "b"));
        let brown = key(QueueSort::Name, 90, on(2), || Some("brown zoe".into()), "z");
        let adams = key(QueueSort::Name, 10, on(20), || Some("adams kyle".into()), "y");
        assert!(adams < brown, "by surname, not forename, and not by score");
        let brown_low = key(QueueSort::Name, 10, on(2), || Some("brown zoe".into()), "a");
        assert!(brown < brown_low, "the same name: the higher score first");
    }

    #[test]
    fn a_cursor_reads_back_as_the_key_it_was_made_from() {
        let k = key(QueueSort::Name, 42, on(7), || Some("Ann O|BRIEN".into()), "wt-1");
        assert_eq!(parse_cursor(&cursor(QueueSort::Name, &k), QueueSort::Name).unwrap(), k);
        assert!(parse_cursor(&cursor(QueueSort::Name, &k), QueueSort::Newest).is_err(), "another order's");
        assert!(parse_cursor("junk", QueueSort::Name).is_err());
        assert!(parse_cursor("name|1|2||x", QueueSort::Name).is_err(), "no id");
    }
}
