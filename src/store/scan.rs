//! Whole-table reads for building derived data (the subject index), in pages
//! of JSON text rather than row by row: a row costs far more to pass from
//! the database than its bytes, and a page can be parsed on another thread.
//! On SQLite each page is one aggregate query over the next run of rowids,
//! on a connection of its own with a small cache and no memory map, closed
//! afterwards, so a full scan leaves nothing of the file in the server's
//! memory. On PostgreSQL rows are streamed and put into pages here.

use futures::{Stream, StreamExt, TryStreamExt};
use sqlx::pool::PoolConnection;
use sqlx::{Any, Executor, Row};

use super::codec::from_json;
use super::{Backend, Result, Store, StoreError};
use crate::domain::event::EventKind;
use crate::domain::person_summary::PersonSummary;

/// An `event_people` row not of an intelligence draft: a draft is its
/// author's alone, so its reference finds nobody in the search box (it is
/// indexed once submitted, and taken out again if returned to its author).
macro_rules! not_a_draft {
    () => {
        "(kind IS NULL OR kind <> 'intelligence' OR event_id NOT IN \
         (SELECT id FROM events WHERE kind = 'intelligence' AND status = 'draft'))"
    };
}
pub(super) use not_a_draft;

/// Rows per page.
const PAGE: i64 = 2_000;

/// A page query (SQLite): $1 the last rowid read, $2 the page size; gives
/// the page's last rowid and the page.
const SQLITE_SUMMARIES: &str = "SELECT max(r) AS last, \
     '[' || group_concat('[' || json_quote(id) || ',' || summary || ']', ',') || ']' AS page \
     FROM (SELECT rowid AS r, id, summary FROM persons WHERE rowid > $1 ORDER BY rowid LIMIT $2)";
const SQLITE_EVENT_ROWS: &str = concat!(
    "SELECT max(r) AS last, \
     '[' || group_concat(json_array(person_id, reference, flag, kind), ',') || ']' AS page \
     FROM (SELECT rowid AS r, person_id, reference, flag, kind FROM event_people WHERE rowid > $1 AND ",
    not_a_draft!(),
    " ORDER BY rowid LIMIT $2)"
);
const SQLITE_OBJECT_ROWS: &str = "SELECT max(r) AS last, \
     '[' || group_concat(json_array(person_id, kind, key), ',') || ']' AS page \
     FROM (SELECT l.rowid AS r, l.person_id, o.kind, o.key FROM links l JOIN objects o ON o.id = l.target_id \
           WHERE l.target = 'object' AND l.rowid > $1 ORDER BY l.rowid LIMIT $2)";
const SQLITE_OBJECT_KEYS: &str = "SELECT max(r) AS last, \
     '[' || group_concat(json_array(object_id, kind, key), ',') || ']' AS page \
     FROM (SELECT rowid AS r, object_id, kind, key FROM object_keys WHERE rowid > $1 ORDER BY rowid LIMIT $2)";
const SQLITE_PLACES: &str = "SELECT max(r) AS last, '[' || group_concat(body, ',') || ']' AS page \
     FROM (SELECT rowid AS r, body FROM places WHERE rowid > $1 ORDER BY rowid LIMIT $2)";

const SUMMARIES: &str = "SELECT id, summary FROM persons";
const EVENT_ROWS: &str = concat!("SELECT person_id, reference, flag, kind FROM event_people WHERE ", not_a_draft!());
const OBJECT_ROWS: &str =
    "SELECT l.person_id, o.kind, o.key FROM links l JOIN objects o ON o.id = l.target_id WHERE l.target = 'object'";
const OBJECT_KEYS: &str = "SELECT object_id, kind, key FROM object_keys";
const PLACES: &str = "SELECT body FROM places";

/// A person's place on an event, as the subject index reads it: the
/// person's id, the event's reference, the flag it puts on them, its kind
/// (see `event_kind`).
pub type EventRow = (String, String, Option<String>, String);

/// The kind of an event row: one the store does not know (a row written
/// without it) reads as intelligence, the kind the fewest may read, so a
/// reference is never open to more callers than its record.
pub fn event_kind(text: &str) -> EventKind {
    text.parse().unwrap_or(EventKind::Intelligence)
}

/// Which table a scan reads.
#[derive(Debug, Clone, Copy)]
enum Table {
    Summaries,
    EventRows,
    ObjectRows,
    ObjectKeys,
    Places,
}

impl Table {
    fn sqlite(self) -> &'static str {
        match self {
            Table::Summaries => SQLITE_SUMMARIES,
            Table::EventRows => SQLITE_EVENT_ROWS,
            Table::ObjectRows => SQLITE_OBJECT_ROWS,
            Table::ObjectKeys => SQLITE_OBJECT_KEYS,
            Table::Places => SQLITE_PLACES,
        }
    }

    fn rows(self) -> &'static str {
        match self {
            Table::Summaries => SUMMARIES,
            Table::EventRows => EVENT_ROWS,
            Table::ObjectRows => OBJECT_ROWS,
            Table::ObjectKeys => OBJECT_KEYS,
            Table::Places => PLACES,
        }
    }

    /// One row as a JSON array (the summary as the object it is).
    fn row_json(self, row: &sqlx::any::AnyRow) -> Result<String> {
        let text = |i: usize| -> Result<String> { Ok(row.try_get::<String, _>(i)?) };
        let quoted = |s: &str| serde_json::to_string(s).map_err(StoreError::corrupt);
        Ok(match self {
            Table::Summaries => format!("[{},{}]", quoted(&text(0)?)?, text(1)?),
            Table::EventRows => {
                let flag: Option<String> = row.try_get(2)?;
                let flag = flag.map_or(Ok("null".to_string()), |f| quoted(&f))?;
                format!("[{},{},{flag},{}]", quoted(&text(0)?)?, quoted(&text(1)?)?, quoted(&text(3)?)?)
            }
            Table::ObjectRows | Table::ObjectKeys => {
                format!("[{},{},{}]", quoted(&text(0)?)?, quoted(&text(1)?)?, quoted(&text(2)?)?)
            }
            Table::Places => text(0)?,
        })
    }
}

impl Store {
    /// Every person's id and summary, as pages for `summaries_in`.
    pub fn summary_pages(&self) -> impl Stream<Item = Result<String>> + '_ {
        self.pages(Table::Summaries)
    }

    /// Every event row's person, reference, flag and kind, as pages for `event_rows_in`.
    pub fn event_row_pages(&self) -> impl Stream<Item = Result<String>> + '_ {
        self.pages(Table::EventRows)
    }

    /// Every person-object link's person, object kind and key, as pages
    /// for `object_rows_in`.
    pub fn object_row_pages(&self) -> impl Stream<Item = Result<String>> + '_ {
        self.pages(Table::ObjectRows)
    }

    /// Every object key (current and former marks, numbers): the object's
    /// id, kind and key, as pages for `object_rows_in`.
    pub fn object_key_pages(&self) -> impl Stream<Item = Result<String>> + '_ {
        self.pages(Table::ObjectKeys)
    }

    /// Every place, as pages for `places_in`.
    pub fn place_pages(&self) -> impl Stream<Item = Result<String>> + '_ {
        self.pages(Table::Places)
    }

    /// The places of a page from `place_pages`.
    pub fn places_in(page: &str) -> Result<Vec<crate::domain::place::Place>> {
        from_json(page)
    }

    /// The (id, summary) pairs of a page from `summary_pages`.
    pub fn summaries_in(page: &str) -> Result<Vec<(String, PersonSummary)>> {
        from_json(page)
    }

    /// The rows of a page from `event_row_pages`.
    pub fn event_rows_in(page: &str) -> Result<Vec<EventRow>> {
        from_json(page)
    }

    /// The (person or object id, object kind, key) rows of a page from
    /// `object_row_pages` or `object_key_pages`.
    pub fn object_rows_in(page: &str) -> Result<Vec<(String, String, String)>> {
        from_json(page)
    }

    fn pages(&self, table: Table) -> impl Stream<Item = Result<String>> + '_ {
        match self.backend {
            Backend::Sqlite => self.sqlite_pages(table).left_stream(),
            Backend::Postgres => self
                .pool
                .fetch(table.rows())
                .map_err(StoreError::from)
                .and_then(move |row| async move { table.row_json(&row) })
                .try_chunks(PAGE as usize)
                .map_err(|e| e.1)
                .map_ok(|rows| format!("[{}]", rows.join(",")))
                .right_stream(),
        }
    }

    fn sqlite_pages(&self, table: Table) -> impl Stream<Item = Result<String>> + '_ {
        futures::stream::try_unfold((None::<PoolConnection<Any>>, 0i64), move |(conn, last)| async move {
            let mut conn = match conn {
                Some(conn) => conn,
                None => self.scan_connection().await?,
            };
            let row = sqlx::query(table.sqlite()).bind(last).bind(PAGE).fetch_one(&mut *conn).await?;
            let next: Option<i64> = row.try_get("last")?;
            let page: Option<String> = row.try_get("page")?;
            Ok(match (next, page) {
                (Some(next), Some(page)) => Some((page, (Some(conn), next))),
                _ => None,
            })
        })
    }

    /// A connection for one long read: a small page cache and no memory
    /// map, and closed, not pooled, when dropped.
    async fn scan_connection(&self) -> Result<PoolConnection<Any>> {
        let mut conn = self.pool.acquire().await?;
        conn.close_on_drop();
        conn.execute("PRAGMA cache_size = -4096").await?;
        conn.execute("PRAGMA mmap_size = 0").await?;
        Ok(conn)
    }
}
