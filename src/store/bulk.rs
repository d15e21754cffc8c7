//! Loading many records at once (seed, import): multi-row inserts in one
//! transaction per batch, so an interrupted load leaves whole batches only.

use super::codec::{time, to_json};
use super::write::{Actor, WriteTx};
use super::{Backend, Result, Store};
use crate::domain::event::Event;
use crate::domain::link::Link;
use crate::domain::object::Object;
use crate::domain::object_link::ObjectEventLink;
use crate::domain::person::Person;
use crate::domain::person_summary::PersonSummary;

#[derive(Debug, Default)]
pub struct BulkBatch {
    pub persons: Vec<Person>,
    pub events: Vec<Event>,
    pub objects: Vec<Object>,
    pub links: Vec<Link>,
    /// Vehicles and phones named on the batch's events.
    pub event_objects: Vec<ObjectEventLink>,
}

pub(super) enum Cell {
    Text(String),
    MaybeText(Option<String>),
    Int(i64),
    MaybeFloat(Option<f64>),
}

/// Rows per statement: well under both backends' parameter limits.
pub(super) const ROWS_PER_STATEMENT: usize = 200;

pub(super) async fn insert_rows(w: &mut WriteTx<'_>, head: &str, width: usize, rows: Vec<Vec<Cell>>) -> Result<()> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let sql = statement(w.backend(), head, width, chunk);
        bind_rows(sqlx::query(&sql), chunk).execute(&mut *w.tx).await?;
    }
    Ok(())
}

/// `head` with a VALUES list for `rows` (at most [`ROWS_PER_STATEMENT`]).
pub(super) fn statement(backend: Backend, head: &str, width: usize, rows: &[Vec<Cell>]) -> String {
    let mut sql = String::from(head);
    sql.push_str(" VALUES ");
    for (r, row) in rows.iter().enumerate() {
        if r > 0 {
            sql.push(',');
        }
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                // SQLite finds a numbered parameter by a scan of all the
                // statement's names, once per bind: anonymous ones keep
                // a 2,000-parameter insert from costing 2,000² steps.
                let place = match backend {
                    Backend::Sqlite => "?".to_string(),
                    Backend::Postgres => format!("${}", r * width + c + 1),
                };
                match cell {
                    // A float goes as text: a NULL double is declared to
                    // PostgreSQL as a float4, and the statement cached with
                    // it then refuses a float8.
                    Cell::MaybeFloat(_) => format!("CAST({place} AS DOUBLE PRECISION)"),
                    _ => place,
                }
            })
            .collect();
        sql.push_str(&format!("({})", cells.join(",")));
    }
    sql
}

/// Binds `rows`' cells, in order, to a [`statement`] for them.
pub(super) fn bind_rows<'q>(mut query: AnyQuery<'q>, rows: &[Vec<Cell>]) -> AnyQuery<'q> {
    for row in rows {
        for cell in row {
            query = match cell {
                Cell::Text(s) => query.bind(s.clone()),
                Cell::MaybeText(s) => query.bind(s.clone()),
                Cell::Int(i) => query.bind(*i),
                Cell::MaybeFloat(f) => query.bind(f.map(|v| v.to_string())),
            };
        }
    }
    query
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Inserts new persons, their summaries beside them, many to a statement.
pub(super) async fn insert_persons(w: &mut WriteTx<'_>, persons: &[Person]) -> Result<()> {
    let mut rows = Vec::with_capacity(persons.len());
    for p in persons {
        rows.push(vec![
            Cell::Text(p.id.clone()),
            Cell::Int(p.version),
            Cell::Text(to_json(&PersonSummary::of(&p.details))?),
            Cell::Text(to_json(p)?),
            Cell::Text(time(p.created_at)),
            Cell::Text(time(p.updated_at)),
        ]);
    }
    insert_rows(w, "INSERT INTO persons (id, version, summary, body, created_at, updated_at)", 6, rows).await
}

impl Store {
    /// Writes a batch with one audit entry for it and a change entry per record;
    /// `progress_counter`, when given, is advanced in the same transaction.
    pub async fn load_batch(&self, actor: &Actor, batch: &BulkBatch, progress_counter: Option<&str>) -> Result<()> {
        use Cell::*;
        let mut w = self.begin_write().await?;
        insert_persons(&mut w, &batch.persons).await?;

        let mut rows = Vec::with_capacity(batch.objects.len());
        for o in &batch.objects {
            rows.push(vec![
                Text(o.id.clone()),
                Text(o.details.kind_name().into()),
                Text(o.details.key()),
                Int(o.version),
                Text(to_json(o)?),
            ]);
        }
        insert_rows(&mut w, "INSERT INTO objects (id, kind, key, version, body)", 5, rows).await?;
        let mut rows = Vec::with_capacity(batch.objects.len());
        for o in &batch.objects {
            for key in o.details.keys() {
                rows.push(vec![Text(o.id.clone()), Text(o.details.kind_name().into()), Text(key)]);
            }
        }
        insert_rows(&mut w, "INSERT INTO object_keys (object_id, kind, key)", 3, rows).await?;
        let mut rows = Vec::with_capacity(batch.event_objects.len());
        for l in &batch.event_objects {
            rows.push(vec![
                Text(l.event_id.clone()),
                Text(l.object_id.clone()),
                Text(l.role.as_str().into()),
                Text(to_json(l)?),
            ]);
        }
        insert_rows(&mut w, "INSERT INTO event_objects (event_id, object_id, role, body)", 4, rows).await?;

        let mut rows = Vec::with_capacity(batch.links.len());
        for l in &batch.links {
            rows.push(vec![
                Text(l.id.clone()),
                Text(l.person_id.clone()),
                Text(l.target.as_str().into()),
                Text(l.target_id.clone()),
                Text(l.relationship.clone()),
                Text(to_json(l)?),
            ]);
        }
        insert_rows(&mut w, "INSERT INTO links (id, person_id, target, target_id, relationship, body)", 6, rows)
            .await?;

        let mut rows = Vec::with_capacity(batch.events.len());
        let mut people_rows = Vec::new();
        let mut asb_rows = Vec::new();
        for e in &batch.events {
            if let crate::domain::event::EventDetails::Asb(d) = &e.details {
                asb_rows.extend(d.incidents.iter().map(|i| vec![Text(i.record.id.clone()), Text(e.id.clone())]));
            }
            let cols = super::events::columns(e);
            rows.push(vec![
                Text(e.id.clone()),
                Text(e.kind.as_str().into()),
                Text(e.reference.clone()),
                Int(e.version),
                Text(e.status.clone()),
                Int(i64::from(e.details.is_open())),
                MaybeText(e.borough.clone()),
                MaybeText(cols.suite),
                MaybeText(cols.officer),
                MaybeText(cols.subkind),
                Text(time(e.occurred_at)),
                Text(to_json(e)?),
                Text(time(e.created_at)),
                Text(time(e.updated_at)),
                MaybeText(cols.unit),
                MaybeText(cols.due_at),
            ]);
            let mut seen = std::collections::HashSet::new();
            for p in &e.people {
                if seen.insert((p.person_id.clone(), p.role)) {
                    people_rows.push(vec![
                        Text(e.id.clone()),
                        Text(p.person_id.clone()),
                        Text(super::events::role_name(p.role)?),
                        MaybeText(e.details.flag_for(p.role).map(|f| f.as_str().to_string())),
                        Text(e.reference.clone()),
                        Text(e.kind.as_str().to_string()),
                    ]);
                }
            }
        }
        insert_rows(
            &mut w,
            "INSERT INTO events (id, kind, reference, version, status, is_open, borough, suite, officer, subkind, \
             occurred_at, body, created_at, updated_at, unit, due_at)",
            16,
            rows,
        )
        .await?;
        insert_rows(
            &mut w,
            "INSERT INTO event_people (event_id, person_id, role, flag, reference, kind)",
            6,
            people_rows,
        )
        .await?;
        insert_rows(&mut w, "INSERT INTO asb_links (record_id, case_id)", 2, asb_rows).await?;

        for p in &batch.persons {
            w.link_person_addresses(p).await?;
        }
        for e in &batch.events {
            w.link_event_address(e).await?;
        }
        w.audit(
            actor,
            "collection",
            "batch",
            "-",
            &format!("bulk load: {} persons, {} events", batch.persons.len(), batch.events.len()),
        )
        .await?;
        let now = time(w.now);
        let mut changes = Vec::with_capacity(batch.persons.len() + batch.events.len() + batch.objects.len());
        for p in &batch.persons {
            changes.push(vec![
                Text(now.clone()),
                Text("persons".into()),
                Text("created".into()),
                Text(p.id.clone()),
                Int(p.version),
                Text(to_json(&[&p.id])?),
            ]);
        }
        for e in &batch.events {
            let people: Vec<&String> = e.people.iter().map(|p| &p.person_id).collect();
            changes.push(vec![
                Text(now.clone()),
                Text(e.kind.collection().into()),
                Text("created".into()),
                Text(e.id.clone()),
                Int(e.version),
                Text(to_json(&people)?),
            ]);
        }
        // Objects too: a server following the log indexes them by their keys.
        for o in &batch.objects {
            changes.push(vec![
                Text(now.clone()),
                Text("objects".into()),
                Text("created".into()),
                Text(o.id.clone()),
                Int(o.version),
                Text("[]".into()),
            ]);
        }
        if let Some(name) = progress_counter {
            w.next_counter(name).await?;
        }
        w.claim_change_order().await?;
        insert_rows(&mut w, "INSERT INTO changes (at, topic, op, record_id, version, person_ids)", 6, changes).await?;
        w.commit().await
    }
}

impl Store {
    /// Writes many places at once (a benchmark's or an import's), each
    /// with its change entry and one audit entry for the lot. Their keys
    /// must be new: a key already held fails the whole batch.
    pub async fn load_places(&self, actor: &Actor, places: &[crate::domain::place::Place]) -> Result<()> {
        use Cell::*;
        let mut w = self.begin_write().await?;
        let mut rows = Vec::with_capacity(places.len());
        for p in places {
            rows.push(vec![
                Text(p.id.clone()),
                Text(p.key.clone()),
                Text(p.address.postcode.clone()),
                Int(p.version),
                Text(to_json(p)?),
            ]);
        }
        insert_rows(&mut w, "INSERT INTO places (id, key, postcode, version, body)", 5, rows).await?;
        w.audit(actor, "collection", "batch", "-", &format!("bulk load: {} places", places.len())).await?;
        let now = time(w.now);
        let changes = places
            .iter()
            .map(|p| {
                vec![
                    Text(now.clone()),
                    Text("places".into()),
                    Text("created".into()),
                    Text(p.id.clone()),
                    Int(p.version),
                    Text("[]".into()),
                ]
            })
            .collect();
        w.claim_change_order().await?;
        insert_rows(&mut w, "INSERT INTO changes (at, topic, op, record_id, version, person_ids)", 6, changes).await?;
        w.commit().await
    }
}
