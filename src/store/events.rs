//! Events of the seven areas, with the columns their queues filter on.

use chrono::Datelike;
use sqlx::Row;

use super::codec::{from_json, new_id, time, to_json};
use super::event_pages::BodyPages;
use super::idempotency::{Claim, IdempotencyKey};
use super::intelligence_authors::draft_author;
use super::page_order::PageOrder;
use super::write::{Actor, WriteTx};
use super::{Result, Store, StoreError};
use crate::domain::bail::BailStatus;
use crate::domain::event::{Event, EventDetails, EventInput, EventKind};
use crate::domain::link::EventRole;
use crate::domain::provenance::Provenance;
use crate::domain::FieldError;

/// Filters a queue understands; all optional.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub status: Option<String>,
    pub borough: Option<String>,
    pub suite: Option<String>,
    pub officer: Option<String>,
    pub subkind: Option<String>,
    pub person: Option<String>,
    pub open: Option<bool>,
    /// The unit a record is allocated to (crimes).
    pub unit: Option<String>,
    /// Only records nobody is allocated to.
    pub unallocated: bool,
    /// Only crimes not yet classified.
    pub unclassified: bool,
    /// Only records with something due (a crime's review, a safeguarding
    /// sign-off or referral response) by then.
    pub due_by: Option<chrono::DateTime<chrono::Utc>>,
    /// Only records with something due at all.
    pub something_due: bool,
    /// Only records that put this flag (`missing`, `at_risk`…) on someone.
    pub flag: Option<String>,
    pub limit: usize,
    /// Keyset cursor from the previous page.
    pub after: Option<String>,
    /// The oldest first instead of the newest; a cursor says which order
    /// it was made in, and one from the other order is refused.
    pub oldest_first: bool,
    /// Paged by when due instead of when it happened (with `due_by`: the
    /// most overdue first, or the latest due unless `oldest_first`).
    pub by_due: bool,
    /// Only this record, if it meets the rest of the filter.
    pub id: Option<String>,
    /// Who reads the list: an intelligence draft is listed to its author
    /// alone (the `officer` column of a report holds its author). Without
    /// a reader, no draft is listed.
    pub reader: Option<String>,
}

/// Columns derived from an event for filtering.
pub(super) struct Columns {
    pub suite: Option<String>,
    pub officer: Option<String>,
    pub subkind: Option<String>,
    pub unit: Option<String>,
    pub due_at: Option<String>,
}

impl Columns {
    fn of(suite: Option<String>, officer: Option<String>, subkind: Option<String>) -> Columns {
        Columns { suite, officer, subkind, unit: None, due_at: None }
    }
}

pub(super) fn columns(event: &Event) -> Columns {
    let details = &event.details;
    let text = |v: serde_json::Result<serde_json::Value>| v.ok().and_then(|v| v.as_str().map(str::to_string));
    match details {
        // Running bail's kind, so the bail diary reads only those records.
        EventDetails::Custody(d) => Columns::of(
            Some(d.suite_id.clone()),
            None,
            d.bail.as_ref().filter(|b| b.status == BailStatus::Running).map(|b| b.kind.as_str().to_string()),
        ),
        EventDetails::Warrant(d) => {
            Columns::of(None, d.allocated_to.clone(), text(serde_json::to_value(d.warrant_kind)))
        }
        EventDetails::Case(d) => Columns::of(None, Some(d.officer_in_case.clone()), None),
        // A report's officer in charge, its category, and the earliest of
        // its sign-off and referral responses due.
        EventDetails::Safeguarding(d) => Columns {
            due_at: crate::domain::safeguarding::clock::next_due(d).map(time),
            ..Columns::of(None, Some(d.officer_in_charge.clone()), text(serde_json::to_value(d.category)))
        },
        EventDetails::Asb(d) => Columns::of(None, None, text(serde_json::to_value(d.category))),
        EventDetails::Incident(d) => Columns::of(None, None, Some(d.category.to_string())),
        // A crime's officer in the case and unit, its class, and when its
        // next review is due while it is live.
        EventDetails::Crime(d) => Columns {
            suite: None,
            officer: d.allocation().map(|a| a.officer.clone()),
            subkind: d.class().map(|c| c.code.clone()),
            unit: d.allocation().map(|a| a.unit.clone()),
            due_at: d.review_due.filter(|_| d.status.is_live()).map(time),
        },
        // Its author (a draft is theirs alone: "my drafts" and every list
        // read it from here); a submitted report's evaluation is due from
        // its submission (the evaluation queue's order); a reviewed report's
        // next retention review from the start of its day.
        EventDetails::Intelligence(d) => Columns {
            due_at: super::intelligence_queue::due_at(d),
            ..Columns::of(None, Some(event.provenance.entered_by.clone()), text(serde_json::to_value(d.priority)))
        },
    }
}

/// The conditions of a queue's filter (and its cursor, newest first) on
/// events `e`, with the values they bind in order.
fn filter_sql(kind: EventKind, filter: &EventFilter) -> Result<(String, Vec<String>)> {
    let mut sql = String::from("e.kind = $1");
    let mut binds: Vec<String> = vec![kind.as_str().to_string()];
    let mut add = |sql: &mut String, clause: &str, value: String| {
        binds.push(value);
        sql.push_str(&clause.replace('?', &format!("${}", binds.len())));
    };
    if let Some(v) = &filter.status {
        add(&mut sql, " AND e.status = ?", v.clone());
    }
    if let Some(v) = &filter.borough {
        add(&mut sql, " AND e.borough = ?", v.clone());
    }
    if let Some(v) = &filter.suite {
        add(&mut sql, " AND e.suite = ?", v.clone());
    }
    if let Some(v) = &filter.officer {
        add(&mut sql, " AND e.officer = ?", v.clone());
    }
    if let Some(v) = &filter.subkind {
        add(&mut sql, " AND e.subkind = ?", v.clone());
    }
    if let Some(v) = &filter.person {
        add(&mut sql, " AND e.id IN (SELECT event_id FROM event_people WHERE person_id = ?)", v.clone());
    }
    if let Some(v) = &filter.unit {
        add(&mut sql, " AND e.unit = ?", v.clone());
    }
    if filter.unallocated {
        sql.push_str(" AND e.officer IS NULL");
    }
    if filter.unclassified {
        sql.push_str(" AND e.subkind IS NULL");
    }
    if let Some(v) = &filter.flag {
        add(&mut sql, " AND e.id IN (SELECT event_id FROM event_people WHERE flag = ?)", v.clone());
    }
    if filter.something_due {
        sql.push_str(" AND e.due_at IS NOT NULL");
    }
    match filter.due_by {
        // Paged by when due: a range the due index reads in order.
        Some(by) if filter.by_due => add(&mut sql, " AND e.due_at <= ?", time(by)),
        // Paged by time: as an expression, not a range SQLite would read
        // through the due index and then sort by time; the queue's index
        // holds the due time beside the time it pages by.
        Some(by) => add(&mut sql, " AND (e.due_at || '') <= ?", time(by)),
        None => {}
    }
    if let Some(v) = &filter.id {
        add(&mut sql, " AND e.id = ?", v.clone());
    }
    if kind == EventKind::Intelligence {
        add(&mut sql, " AND (e.status <> 'draft' OR e.officer = ?)", filter.reader.clone().unwrap_or_default());
    }
    if let Some(open) = filter.open {
        sql.push_str(if open { " AND e.is_open = 1" } else { " AND e.is_open = 0" });
    }
    if let Some(after) = &filter.after {
        let order = PageOrder::of(filter);
        let (at, id) = order.parse(after)?;
        sql.push_str(&order.past(binds.len() + 1));
        binds.extend([at.to_string(), at.to_string(), id.to_string()]);
    }
    Ok((sql, binds))
}

fn row_to_event(row: &sqlx::any::AnyRow) -> Result<Event> {
    let body: String = row.try_get("body")?;
    from_json(&body)
}

pub(super) fn role_name(role: EventRole) -> Result<String> {
    serde_json::to_value(role)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .ok_or_else(|| StoreError::corrupt("role without a name"))
}

impl Store {
    /// Records a new event; `input` must already be validated for `kind`.
    pub async fn create_event(
        &self,
        actor: &Actor,
        input: EventInput,
        idempotency_key: Option<&IdempotencyKey>,
    ) -> Result<Event> {
        let kind = input.details.kind();
        let mut w = self.begin_write().await?;
        let id = new_id();
        if let Claim::Made(existing) = w.claim(actor, idempotency_key, kind.as_str(), &id).await? {
            drop(w);
            return self.event(kind, &existing).await;
        }
        w.check_people(&input).await?;
        let event = w.insert_new_event(actor, id, input).await?;
        w.commit().await?;
        Ok(event)
    }

    pub async fn event(&self, kind: EventKind, id: &str) -> Result<Event> {
        let row = sqlx::query("SELECT body FROM events WHERE id = $1 AND kind = $2")
            .bind(id)
            .bind(kind.as_str())
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound { kind: kind.as_str(), id: id.to_string() })?;
        row_to_event(&row)
    }

    /// Replaces an event's content if nobody changed it since `expected`.
    pub async fn update_event(
        &self,
        actor: &Actor,
        kind: EventKind,
        id: &str,
        expected: i64,
        input: EventInput,
    ) -> Result<Event> {
        let mut w = self.begin_write().await?;
        let event = w.update_event(actor, kind, id, expected, input).await?;
        w.commit().await?;
        Ok(event)
    }

    /// As `update_event`, with `disclosures` (a dissemination's recipients)
    /// on record in the same transaction.
    pub async fn update_event_disclosed(
        &self,
        actor: &Actor,
        kind: EventKind,
        id: &str,
        expected: i64,
        input: EventInput,
        disclosures: &[super::AuditRecord<'_>],
    ) -> Result<Event> {
        let mut w = self.begin_write().await?;
        let event = w.update_event(actor, kind, id, expected, input).await?;
        for r in disclosures {
            w.audit(actor, r.action, r.record_kind, r.record_id, r.detail).await?;
        }
        w.commit().await?;
        Ok(event)
    }

    /// One page of a queue, newest first (or oldest, as the filter says).
    pub async fn list_events(&self, kind: EventKind, filter: &EventFilter) -> Result<(Vec<Event>, Option<String>)> {
        let (clause, binds) = filter_sql(kind, filter)?;
        let order = PageOrder::of(filter);
        let limit = filter.limit.clamp(1, 1000);
        let sql = format!(
            "SELECT e.body, {} AS page_at, e.id FROM events e WHERE {clause} {} LIMIT {}",
            order.column(),
            order.sql(),
            limit + 1
        );
        let mut query = sqlx::query(&sql);
        for b in &binds {
            query = query.bind(b);
        }
        let rows = query.fetch_all(&self.pool).await?;
        let mut items = Vec::with_capacity(rows.len().min(limit));
        let mut next = None;
        for (i, row) in rows.iter().enumerate() {
            if i == limit {
                let last: &sqlx::any::AnyRow = &rows[i - 1];
                let at: String = last.try_get("page_at")?;
                let id: String = last.try_get("id")?;
                next = Some(order.cursor(&at, &id));
                break;
            }
            items.push(row_to_event(row)?);
        }
        Ok((items, next))
    }

    /// How many records of `kind` the filter keeps (after its cursor, if any).
    pub async fn count_events(&self, kind: EventKind, filter: &EventFilter) -> Result<usize> {
        let (clause, binds) = filter_sql(kind, filter)?;
        let sql = format!("SELECT COUNT(*) FROM events e WHERE {clause}");
        let mut query = sqlx::query_scalar::<_, i64>(&sql);
        for b in &binds {
            query = query.bind(b);
        }
        Ok(usize::try_from(query.fetch_one(&self.pool).await?).unwrap_or(0))
    }

    /// How many events of `kind` the filter keeps, counting no further than
    /// `most`: a queue's "more" costs the same at 500,000 records as at 500.
    pub async fn count_events_up_to(&self, kind: EventKind, filter: &EventFilter, most: usize) -> Result<usize> {
        let (clause, binds) = filter_sql(kind, filter)?;
        let sql = format!("SELECT COUNT(*) FROM (SELECT 1 FROM events e WHERE {clause} LIMIT {most}) AS counted");
        let mut query = sqlx::query_scalar::<_, i64>(&sql);
        for b in &binds {
            query = query.bind(b);
        }
        Ok(usize::try_from(query.fetch_one(&self.pool).await?).unwrap_or(0))
    }

    /// Every event naming the person, with their role on it.
    pub async fn events_for_person(&self, person_id: &str) -> Result<Vec<(Event, EventRole)>> {
        let rows = sqlx::query(
            "SELECT e.body, ep.role FROM event_people ep JOIN events e ON e.id = ep.event_id WHERE ep.person_id = $1",
        )
        .bind(person_id)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let role: String = row.try_get("role")?;
            let role: EventRole =
                serde_json::from_value(serde_json::Value::String(role)).map_err(StoreError::corrupt)?;
            out.push((row_to_event(row)?, role));
        }
        Ok(out)
    }

    /// (person, event reference, the event's kind) for each of `ids`, for
    /// the search box (no intelligence draft's: a draft is its author's alone).
    pub async fn references_of(&self, ids: &[String]) -> Result<Vec<(String, String, EventKind)>> {
        let rows = self
            .rows_for_ids(
                concat!(
                    "SELECT person_id, reference, kind FROM event_people WHERE person_id IN ({ids}) AND ",
                    super::scan::not_a_draft!()
                ),
                ids,
            )
            .await?;
        rows.iter()
            .map(|r| {
                let kind: String = r.try_get("kind")?;
                Ok((r.try_get("person_id")?, r.try_get("reference")?, super::scan::event_kind(&kind)))
            })
            .collect()
    }
}

pub(super) async fn insert_event(w: &mut WriteTx<'_>, event: &Event) -> Result<()> {
    let cols = columns(event);
    sqlx::query(
        "INSERT INTO events (id, kind, reference, version, status, is_open, borough, suite, officer, subkind, \
         occurred_at, body, created_at, updated_at, unit, due_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
    )
    .bind(&event.id)
    .bind(event.kind.as_str())
    .bind(&event.reference)
    .bind(event.version)
    .bind(&event.status)
    .bind(i64::from(event.details.is_open()))
    .bind(event.borough.clone())
    .bind(cols.suite)
    .bind(cols.officer)
    .bind(cols.subkind)
    .bind(time(event.occurred_at))
    .bind(to_json(event)?)
    .bind(time(event.created_at))
    .bind(time(event.updated_at))
    .bind(cols.unit)
    .bind(cols.due_at)
    .execute(&mut *w.tx)
    .await
    .map_err(|e| {
        StoreError::from_insert(e, &format!("a {} with reference '{}' already exists", event.kind, event.reference))
    })?;
    insert_people(w, event).await?;
    super::asb::sync_links(w, event).await?;
    w.link_event_address(event).await
}

async fn insert_people(w: &mut WriteTx<'_>, event: &Event) -> Result<()> {
    for p in &event.people {
        sqlx::query(
            "INSERT INTO event_people (event_id, person_id, role, flag, reference, kind) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        )
        .bind(&event.id)
        .bind(&p.person_id)
        .bind(role_name(p.role)?)
        .bind(event.details.flag_for(p.role).map(|f| f.as_str().to_string()))
        .bind(&event.reference)
        .bind(event.kind.as_str())
        .execute(&mut *w.tx)
        .await?;
    }
    Ok(())
}

impl WriteTx<'_> {
    /// [`Store::update_event`] within this transaction.
    pub(super) async fn update_event(
        &mut self,
        actor: &Actor,
        kind: EventKind,
        id: &str,
        expected: i64,
        input: EventInput,
    ) -> Result<Event> {
        let current = self.current_event(kind, id).await?;
        if current.version != expected {
            return Err(StoreError::Conflict {
                kind: kind.as_str(),
                id: id.into(),
                expected,
                current: current.version,
            });
        }
        if input.reference.as_ref().is_some_and(|r| *r != current.reference) {
            return Err(FieldError::new("event.reference", "a record's reference cannot change").into());
        }
        self.check_people(&input).await?;
        let mut touched: Vec<String> = current.people.iter().map(|p| p.person_id.clone()).collect();
        touched.extend(input.people.iter().map(|p| p.person_id.clone()));
        touched.sort();
        touched.dedup();
        let event = Event {
            version: current.version + 1,
            status: input.details.status(),
            occurred_at: input.occurred_at,
            borough: input.borough,
            summary: input.summary,
            people: input.people,
            details: input.details,
            updated_at: self.now,
            ..current
        };
        self.rewrite_event(&event, expected).await?;
        self.audit(
            actor,
            "alteration",
            kind.as_str(),
            id,
            &format!("{} {} updated to {}", kind, event.reference, event.status),
        )
        .await?;
        self.change_for(draft_author(&event), kind.collection(), "updated", id, event.version, &touched).await?;
        self.link_named_objects(actor, &event, &input.objects).await?;
        Ok(event)
    }

    pub(super) async fn current_event(&mut self, kind: EventKind, id: &str) -> Result<Event> {
        let row = sqlx::query("SELECT body FROM events WHERE id = $1 AND kind = $2")
            .bind(id)
            .bind(kind.as_str())
            .fetch_optional(&mut *self.tx)
            .await?
            .ok_or_else(|| StoreError::NotFound { kind: kind.as_str(), id: id.to_string() })?;
        row_to_event(&row)
    }

    /// Every person named must exist: a record never points at nobody.
    pub(super) async fn check_people(&mut self, input: &EventInput) -> Result<()> {
        for (i, p) in input.people.iter().enumerate() {
            let found: Option<String> = sqlx::query_scalar("SELECT id FROM persons WHERE id = $1")
                .bind(&p.person_id)
                .fetch_optional(&mut *self.tx)
                .await?;
            if found.is_none() {
                return Err(FieldError::new(
                    format!("people[{i}].person_id"),
                    format!("no person with id '{}'", p.person_id),
                )
                .into());
            }
        }
        Ok(())
    }

    pub(super) async fn rewrite_event(&mut self, event: &Event, expected: i64) -> Result<()> {
        let cols = columns(event);
        let done = sqlx::query(
            "UPDATE events SET version = $1, status = $2, is_open = $3, borough = $4, suite = $5, officer = $6, \
             subkind = $7, occurred_at = $8, body = $9, updated_at = $10, unit = $13, due_at = $14 \
             WHERE id = $11 AND version = $12",
        )
        .bind(event.version)
        .bind(&event.status)
        .bind(i64::from(event.details.is_open()))
        .bind(event.borough.clone())
        .bind(cols.suite)
        .bind(cols.officer)
        .bind(cols.subkind)
        .bind(time(event.occurred_at))
        .bind(to_json(event)?)
        .bind(time(event.updated_at))
        .bind(&event.id)
        .bind(expected)
        .bind(cols.unit)
        .bind(cols.due_at)
        .execute(&mut *self.tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict {
                kind: event.kind.as_str(),
                id: event.id.clone(),
                expected,
                current: expected + 1,
            });
        }
        sqlx::query("DELETE FROM event_people WHERE event_id = $1").bind(&event.id).execute(&mut *self.tx).await?;
        insert_people(self, event).await?;
        super::asb::sync_links(self, event).await?;
        self.relink_event_address(event).await
    }
}

impl Store {
    /// Every (person, event reference) pair, for building the subject index.
    pub async fn all_references(&self) -> Result<Vec<(String, String)>> {
        let rows = sqlx::query("SELECT person_id, reference FROM event_people").fetch_all(&self.pool).await?;
        rows.iter().map(|r| Ok((r.try_get("person_id")?, r.try_get("reference")?))).collect()
    }
}

impl WriteTx<'_> {
    /// Writes a new record `id` from its input, in this transaction: its
    /// reference (the next serial when none is given), the row, the audit
    /// entry and the change-log entry. Its idempotency key, if any, was
    /// claimed for `id` before.
    pub(super) async fn insert_new_event(&mut self, actor: &Actor, id: String, input: EventInput) -> Result<Event> {
        let kind = input.details.kind();
        let reference = match input.reference.clone() {
            Some(r) => r,
            None => {
                let serial = self.next_counter(kind.as_str()).await?;
                format!("{}/{:02}/{:07}", kind.reference_prefix(), self.now.year() % 100, serial)
            }
        };
        let provenance = Provenance::entered(&actor.username, self.now);
        let named = input.objects.clone();
        let event = input.into_event(id, reference, self.now, provenance);
        insert_event(self, &event).await?;
        self.audit(actor, "collection", kind.as_str(), &event.id, &format!("{} {} created", kind, event.reference))
            .await?;
        let people: Vec<String> = event.people.iter().map(|p| p.person_id.clone()).collect();
        self.change_for(draft_author(&event), kind.collection(), "created", &event.id, 1, &people).await?;
        self.link_named_objects(actor, &event, &named).await?;
        Ok(event)
    }
}

/// Migration 51: every intelligence report recorded before the lifecycle
/// (its body has no status) stands as evaluated, with its columns made again.
pub(super) async fn intelligence_evaluated(w: &mut WriteTx<'_>) -> Result<()> {
    let mut pages = BodyPages::new("kind = 'intelligence'");
    loop {
        let page = pages.next(w).await?;
        if page.is_empty() {
            return Ok(());
        }
        for (_, body) in &page {
            let mut value: serde_json::Value = serde_json::from_str(body).map_err(StoreError::corrupt)?;
            let Some(details) = value.get_mut("details").and_then(|d| d.as_object_mut()) else { continue };
            if details.contains_key("status") {
                continue;
            }
            details.insert("status".into(), "evaluated".into());
            let event: Event = serde_json::from_value(value).map_err(StoreError::corrupt)?;
            let columns = columns(&event);
            sqlx::query("UPDATE events SET body = $1, status = $2, subkind = $3, due_at = $4 WHERE id = $5")
                .bind(to_json(&Event { status: event.details.status(), ..event.clone() })?)
                .bind(event.details.status())
                .bind(columns.subkind)
                .bind(columns.due_at)
                .bind(&event.id)
                .execute(&mut *w.tx)
                .await?;
        }
    }
}
