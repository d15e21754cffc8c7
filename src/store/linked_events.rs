//! The records linked to a vehicle, a phone or a place, for a profile's
//! timeline a page at a time: how many there are of each kind (and whose
//! drafts), so the profile can say how many its caller may read and how
//! many are withheld, and one page of those the caller may read, newest
//! first. A car seen at a thousand crimes is one short row a kind and a
//! page of bodies, not a thousand rows (each row costs the SQLite driver a
//! hand-over between threads).

use sqlx::Row;

use super::codec::from_json;
use super::{Result, Store, StoreError};
use crate::domain::event::{Event, EventKind};

/// Whose links: a vehicle's or phone's, or a place's.
#[derive(Debug, Clone, Copy)]
pub enum LinkedTo<'a> {
    Object(&'a str),
    Place(&'a str),
}

impl<'a> LinkedTo<'a> {
    /// The links as `l`, their records as `e`, binding the id as `$1`.
    fn from(self) -> &'static str {
        match self {
            LinkedTo::Object(_) => "FROM event_objects l JOIN events e ON e.id = l.event_id WHERE l.object_id = $1",
            LinkedTo::Place(_) => "FROM place_links l JOIN events e ON e.id = l.event_id WHERE l.place_id = $1",
        }
    }

    fn id(self) -> &'a str {
        match self {
            LinkedTo::Object(id) | LinkedTo::Place(id) => id,
        }
    }
}

/// How many links there are to records of one kind; for intelligence in
/// draft, of one author's (a draft is theirs alone to see).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedCount {
    pub kind: EventKind,
    pub draft_author: Option<String>,
    pub links: usize,
}

/// Which page: links to records of `kinds` (less others' drafts than
/// `reader`'s), after the link `after` (time as stored, record id, part)
/// in the order newest first, then by id last first, then by part.
pub struct LinkedPageQuery<'a> {
    pub kinds: &'a [EventKind],
    pub reader: &'a str,
    pub after: Option<(&'a str, &'a str, &'a str)>,
    pub limit: usize,
}

/// A record on the page, its part in the link, and its time as stored
/// (for the cursor).
pub struct LinkedRecord<R> {
    pub event: Event,
    pub role: R,
    pub at: String,
}

/// Whether a record is an intelligence draft, as SQL.
const DRAFT_AUTHOR: &str = "CASE WHEN e.kind = 'intelligence' AND e.status = 'draft' THEN COALESCE(e.officer, '') END";

impl Store {
    /// The links to `to`'s records of `kinds`, counted by kind and draft
    /// author.
    pub async fn linked_counts(&self, to: LinkedTo<'_>, kinds: &[EventKind]) -> Result<Vec<LinkedCount>> {
        if kinds.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT e.kind AS kind, {DRAFT_AUTHOR} AS author, COUNT(*) AS n {from} AND e.kind IN ({kinds}) \
             GROUP BY e.kind, {DRAFT_AUTHOR}",
            from = to.from(),
            kinds = placeholders(2, kinds.len()),
        );
        let mut query = sqlx::query(&sql).bind(to.id());
        for kind in kinds {
            query = query.bind(kind.as_str());
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| {
                let kind: String = row.try_get("kind")?;
                Ok(LinkedCount {
                    kind: kind.parse::<EventKind>().map_err(StoreError::corrupt)?,
                    draft_author: row.try_get("author")?,
                    links: row.try_get::<i64, _>("n")?.max(0) as usize,
                })
            })
            .collect()
    }

    /// One page of the links to `to`'s records, as `q` asks, each record
    /// whole with its part read by `role_of`.
    pub async fn linked_page<R>(
        &self,
        to: LinkedTo<'_>,
        q: &LinkedPageQuery<'_>,
        role_of: fn(&str) -> Option<R>,
    ) -> Result<Vec<LinkedRecord<R>>> {
        if q.kinds.is_empty() {
            return Ok(Vec::new());
        }
        // The page's links first, then their bodies: sorted with the links,
        // every linked record's body would be read and carried through the
        // sort for the few on the page.
        let mut links = format!(
            "SELECT l.event_id AS id, l.role AS role, e.occurred_at AS at {from} AND e.kind IN ({kinds}) \
             AND NOT (e.kind = 'intelligence' AND e.status = 'draft' AND COALESCE(e.officer, '') <> $2)",
            from = to.from(),
            kinds = placeholders(3, q.kinds.len()),
        );
        if q.after.is_some() {
            let (at, id, role) = (q.kinds.len() + 3, q.kinds.len() + 4, q.kinds.len() + 5);
            links.push_str(&format!(
                " AND e.occurred_at <= ${at} AND (e.occurred_at < ${at} OR e.id < ${id} \
                 OR (e.id = ${id} AND l.role > ${role}))"
            ));
        }
        let sql = format!(
            "SELECT e.body, p.at, p.role FROM ({links} ORDER BY e.occurred_at DESC, e.id DESC, l.role ASC \
             LIMIT {limit}) p JOIN events e ON e.id = p.id ORDER BY p.at DESC, p.id DESC, p.role ASC",
            limit = q.limit,
        );
        let mut query = sqlx::query(&sql).bind(to.id()).bind(q.reader);
        for kind in q.kinds {
            query = query.bind(kind.as_str());
        }
        if let Some((at, id, role)) = q.after {
            query = query.bind(at).bind(id).bind(role);
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| {
                let role: String = row.try_get("role")?;
                Ok(LinkedRecord {
                    event: from_json(&row.try_get::<String, _>("body")?)?,
                    role: role_of(&role).ok_or_else(|| StoreError::corrupt(format!("link role '{role}'")))?,
                    at: row.try_get("at")?,
                })
            })
            .collect()
    }
}

/// `$first, $first+1, …`: `n` placeholders.
fn placeholders(first: usize, n: usize) -> String {
    (first..first + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}
