//! The intelligence evaluation queue: submitted reports, highest priority
//! first, then the longest waiting, a page at a time. A submitted report's
//! `due_at` column holds when it was submitted (its evaluation is due from
//! then), so the order and its cursor are read from columns, never from
//! bodies.

use sqlx::Row;

use super::codec::{from_json, time};
use super::event_pages::BodyPages;
use super::write::WriteTx;
use super::{Result, Store, StoreError};
use crate::domain::event::Event;
use crate::domain::intelligence::{IntelligenceDetails, IntelligenceStatus};
use crate::domain::FieldError;

/// A report's priority as a rank: high first.
const RANK: &str = "CAST(CASE e.subkind WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END AS BIGINT)";
/// Since when it has waited (a report submitted before the column held it
/// waits from when it happened).
const WAITING: &str = "COALESCE(e.due_at, e.occurred_at)";
const SUBMITTED: &str = "e.kind = 'intelligence' AND e.status = 'submitted'";

/// The `due_at` column of a report: when it was submitted, while it waits
/// for evaluation; the start of its next retention review's day, once
/// reviewed; nothing otherwise.
pub(super) fn due_at(d: &IntelligenceDetails) -> Option<String> {
    match d.status {
        IntelligenceStatus::Submitted => d.submission.as_ref().map(|s| time(s.at)),
        IntelligenceStatus::Reviewed => {
            d.retention_due().and_then(|day| day.and_hms_opt(0, 0, 0)).map(|t| time(t.and_utc()))
        }
        _ => None,
    }
}

/// A place in the queue: rank, waiting since, id.
struct Cursor {
    rank: i64,
    waiting: String,
    id: String,
}

impl Cursor {
    fn parse(text: &str) -> std::result::Result<Cursor, FieldError> {
        let bad = || FieldError::new("after", "is not a cursor from a previous page");
        let mut parts = text.splitn(3, '|');
        let rank = parts.next().and_then(|r| r.parse().ok()).filter(|r| (0..=2).contains(r)).ok_or_else(bad)?;
        let waiting = parts.next().ok_or_else(bad)?.to_string();
        let id = parts.next().filter(|id| !id.is_empty()).ok_or_else(bad)?.to_string();
        Ok(Cursor { rank, waiting, id })
    }

    fn text(&self) -> String {
        format!("{}|{}|{}", self.rank, self.waiting, self.id)
    }

    /// The rows after this place, binding from `$first`.
    fn after(&self, first: usize) -> String {
        let n = |i: usize| format!("${}", first + i);
        format!(
            " AND ({RANK} > {} OR ({RANK} = {} AND ({WAITING} > {} OR ({WAITING} = {} AND e.id > {}))))",
            n(0),
            n(1),
            n(2),
            n(3),
            n(4)
        )
    }

    fn bind<'q>(
        &'q self,
        query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        query
            .bind(self.rank)
            .bind(self.rank)
            .bind(self.waiting.as_str())
            .bind(self.waiting.as_str())
            .bind(self.id.as_str())
    }
}

impl Store {
    /// One page of the evaluation queue after `after` (a cursor from the
    /// previous page): the reports, the cursor of the next page if there is
    /// one, and how many the queue holds beyond this page.
    pub async fn evaluation_queue(
        &self,
        limit: usize,
        after: Option<&str>,
    ) -> Result<(Vec<Event>, Option<String>, usize)> {
        let limit = limit.clamp(1, 1000);
        let cursor = after.map(Cursor::parse).transpose()?;
        let mut sql =
            format!("SELECT e.body, {RANK} AS rank, {WAITING} AS waiting, e.id FROM events e WHERE {SUBMITTED}");
        if let Some(c) = &cursor {
            sql.push_str(&c.after(1));
        }
        sql.push_str(&format!(" ORDER BY rank, waiting, e.id LIMIT {}", limit + 1));
        let mut query = sqlx::query(&sql);
        if let Some(c) = &cursor {
            query = c.bind(query);
        }
        let rows = query.fetch_all(&self.pool).await?;
        let mut items = Vec::with_capacity(rows.len().min(limit));
        let mut last = None;
        for row in rows.iter().take(limit) {
            let body: String = row.try_get("body")?;
            items.push(from_json::<Event>(&body)?);
            last =
                Some(Cursor { rank: row.try_get("rank")?, waiting: row.try_get("waiting")?, id: row.try_get("id")? });
        }
        let Some(last) = last.filter(|_| rows.len() > limit) else {
            return Ok((items, None, 0));
        };
        let count = format!("SELECT COUNT(*) AS n FROM events e WHERE {SUBMITTED}{}", last.after(1));
        let more: i64 = last.bind(sqlx::query(&count)).fetch_one(&self.pool).await?.try_get("n")?;
        Ok((items, Some(last.text()), usize::try_from(more).unwrap_or(0)))
    }
}

/// Migration 49: each submitted report's `due_at` made from its body, so
/// the evaluation queue can order and page by it.
pub(super) async fn submitted_waiting(w: &mut WriteTx<'_>) -> Result<()> {
    let mut pages = BodyPages::new("kind = 'intelligence' AND status = 'submitted'");
    loop {
        let page = pages.next(w).await?;
        if page.is_empty() {
            return Ok(());
        }
        for (_, body) in &page {
            let event: Event = from_json(body)?;
            let crate::domain::event::EventDetails::Intelligence(d) = &event.details else {
                return Err(StoreError::corrupt(format!("{} is filed as intelligence but is not", event.id)));
            };
            sqlx::query("UPDATE events SET due_at = $1 WHERE id = $2")
                .bind(due_at(d))
                .bind(&event.id)
                .execute(&mut *w.tx)
                .await?;
        }
    }
}
