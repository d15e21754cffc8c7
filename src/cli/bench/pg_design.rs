//! The comparison engine: a competent PostgreSQL design for subject search
//! over the same persons, in a fresh database of a PostgreSQL the PG*
//! environment points at. A pg_trgm GIN index on the full name, double
//! metaphone keys, a DOB index and an identifier index; candidates are the
//! union of trigram-similar names, the same or day/month-swapped DOB and the
//! same metaphone keys, ranked by similarity plus a DOB bonus.

use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::{Datelike, NaiveDate};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolCopyExt, PgPoolOptions};
use sqlx::{Connection, Executor, Row};

use super::queries::{compact_key as key, DobProbe, PersonKeys, TestQuery};
use crate::domain::person::Person;
use crate::store::Store;

const SCHEMA: &str = "
CREATE EXTENSION pg_trgm;
CREATE EXTENSION fuzzystrmatch;
CREATE TABLE names (
    person_id   text NOT NULL,
    full_name   text NOT NULL,
    forename    text NOT NULL,
    surname     text NOT NULL,
    dob         date,
    dob_year    int,
    dob_month   int,
    dob_day     int,
    fn_key      text GENERATED ALWAYS AS (dmetaphone(forename)) STORED,
    sn_key      text GENERATED ALWAYS AS (dmetaphone(surname)) STORED,
    identifiers text[] NOT NULL DEFAULT '{}'
);";

const INDEXES: [&str; 5] = [
    "CREATE INDEX names_trgm ON names USING gin (full_name gin_trgm_ops)",
    "CREATE INDEX names_dob ON names (dob)",
    "CREATE INDEX names_keys ON names (sn_key, fn_key)",
    "CREATE INDEX names_ids ON names USING gin (identifiers)",
    "CREATE INDEX names_person ON names (person_id)",
];

/// $1 name, $2 date (dates cross as ISO text), $3 that date with day and
/// month swapped, $4 first name word, $5 last name word, $6/$7 birth-year
/// range, $8 birth month. Candidates carry what ranking needs, so no
/// second pass over the table; a person's best name row wins.
const NAME_QUERY: &str = "
WITH cand AS (
    SELECT person_id, full_name, dob, dob_year, dob_month FROM names WHERE full_name % $1
    UNION ALL
    SELECT person_id, full_name, dob, dob_year, dob_month FROM names WHERE dob = $2::date OR dob = $3::date
    UNION ALL
    SELECT person_id, full_name, dob, dob_year, dob_month FROM names
     WHERE (sn_key = dmetaphone($5) AND fn_key = dmetaphone($4))
        OR (sn_key = dmetaphone($4) AND fn_key = dmetaphone($5))
)
SELECT person_id,
       max(similarity(full_name, $1)
           + CASE WHEN dob = $2::date THEN 0.5
                  WHEN dob = $3::date THEN 0.35
                  WHEN dob_year BETWEEN $6 AND $7 AND ($8::int IS NULL OR dob_month = $8) THEN 0.3
                  ELSE 0 END) AS score
  FROM cand
 GROUP BY person_id
 ORDER BY score DESC, person_id
 LIMIT 10";

/// No LIMIT: with one, the planner may hope a scan stops early and skip the
/// GIN index, which at a million rows costs seconds; the holders are few.
const ID_QUERY: &str = "SELECT DISTINCT person_id FROM names WHERE identifiers @> ARRAY[$1]::text[]";

/// One COPY text field, escaped.
fn field(out: &mut String, value: Option<&str>) {
    match value {
        None => out.push_str("\\N"),
        Some(v) => {
            for c in v.chars() {
                match c {
                    '\\' => out.push_str("\\\\"),
                    '\t' => out.push_str("\\t"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    c => out.push(c),
                }
            }
        }
    }
}

/// The COPY rows for one person: one per name, identifiers on every row.
pub fn rows(person: &Person, keys: &PersonKeys, out: &mut String) {
    let mut ids: Vec<String> = person.details.identifiers.iter().map(|i| key(&i.value)).collect();
    ids.extend(person.details.phones.iter().map(|p| key(&p.number)));
    for map in [&keys.vrms, &keys.phones, &keys.references] {
        ids.extend(map.get(&person.id).into_iter().flatten().map(|v| key(v)));
    }
    ids.retain(|k| !k.is_empty());
    ids.sort();
    ids.dedup();
    let array = format!("{{{}}}", ids.join(","));
    let dob = person.details.date_of_birth;
    let full = dob.and_then(|d| d.to_date()).map(|d| d.to_string());
    for name in &person.details.names {
        let forename = name.forenames.split_whitespace().next().unwrap_or("");
        let cols = [
            Some(person.id.clone()),
            Some(name.full()),
            Some(forename.to_string()),
            Some(name.surname.clone()),
            full.clone(),
            dob.map(|d| d.year.to_string()),
            dob.and_then(|d| d.month).map(|m| m.to_string()),
            dob.and_then(|d| d.day).map(|d| d.to_string()),
            Some(array.clone()),
        ];
        for (i, c) in cols.iter().enumerate() {
            if i > 0 {
                out.push('\t');
            }
            field(out, c.as_deref());
        }
        out.push('\n');
    }
}

pub struct PgDesign {
    pub pool: PgPool,
    admin: PgConnectOptions,
    pub database: String,
    pub rows: u64,
    pub load: Duration,
    pub index_build: Duration,
}

impl PgDesign {
    /// Whether the environment names a PostgreSQL to compare against.
    pub fn configured() -> bool {
        std::env::var_os("PGHOST").is_some() || std::env::var_os("DATABASE_URL").is_some()
    }

    /// Makes a fresh database, loads every person in `store` and builds the
    /// indexes, timing the load and the index build apart.
    pub async fn build(store: &Store, keys: &PersonKeys, connections: u32) -> anyhow::Result<PgDesign> {
        let base = match std::env::var("DATABASE_URL") {
            Ok(url) if url.starts_with("postgres") => url.parse::<PgConnectOptions>()?,
            _ => PgConnectOptions::new(),
        };
        let admin = base.clone().database("postgres");
        let database = format!("bluelamp_bench_{}", uuid::Uuid::new_v4().simple());
        let mut conn = sqlx::PgConnection::connect_with(&admin).await.context("connecting to PostgreSQL")?;
        conn.execute(format!("CREATE DATABASE {database}").as_str()).await?;
        conn.close().await?;

        let pool = PgPoolOptions::new()
            .max_connections(connections)
            .after_connect(|conn, _| {
                Box::pin(async move {
                    conn.execute("SET pg_trgm.similarity_threshold = 0.3").await?;
                    Ok(())
                })
            })
            .connect_with(base.database(&database))
            .await?;
        pool.execute(SCHEMA).await.context("creating the schema (needs pg_trgm and fuzzystrmatch)")?;

        let mut text = String::new();
        store.for_each_person(|p| rows(&p, keys, &mut text)).await?;
        let started = Instant::now();
        let mut copy = pool
            .copy_in_raw(
                "COPY names (person_id, full_name, forename, surname, dob, dob_year, dob_month, dob_day, identifiers) \
                 FROM STDIN",
            )
            .await?;
        copy.send(text.as_bytes()).await?;
        let rows = copy.finish().await?;
        let load = started.elapsed();
        drop(text);

        let started = Instant::now();
        for sql in INDEXES {
            pool.execute(sql).await?;
        }
        pool.execute("ANALYZE names").await?;
        let index_build = started.elapsed();
        Ok(PgDesign { pool, admin, database, rows, load, index_build })
    }

    /// The person ids found for `q`, best first.
    pub async fn search(&self, q: &TestQuery, today: NaiveDate) -> anyhow::Result<Vec<String>> {
        let rows = if let Some(id) = &q.identifier {
            sqlx::query(ID_QUERY).bind(key(id)).fetch_all(&self.pool).await?
        } else {
            let name = q.name.as_deref().unwrap_or("");
            let words: Vec<&str> = name.split_whitespace().collect();
            let first = words.first().copied().unwrap_or("");
            let last = words.last().copied().unwrap_or("");
            let (date, swapped, years, month) = match q.dob_probe {
                Some(DobProbe::Full(d)) => {
                    let s = NaiveDate::from_ymd_opt(d.year(), d.day(), d.month()).filter(|s| *s != d);
                    (Some(d.to_string()), s.map(|s| s.to_string()), None, None)
                }
                Some(DobProbe::Year(y)) => (None, None, Some((y, y)), None),
                Some(DobProbe::MonthYear(y, m)) => (None, None, Some((y, y)), Some(m as i32)),
                Some(DobProbe::Age(a)) => (None, None, Some((today.year() - a - 1, today.year() - a)), None),
                None => (None, None, None, None),
            };
            sqlx::query(NAME_QUERY)
                .bind(name)
                .bind(date)
                .bind(swapped)
                .bind(first)
                .bind(last)
                .bind(years.map(|y| y.0))
                .bind(years.map(|y| y.1))
                .bind(month)
                .fetch_all(&self.pool)
                .await?
        };
        rows.iter().map(|r| Ok(r.try_get::<String, _>("person_id")?)).collect()
    }

    /// Bytes of the table and its indexes.
    pub async fn size(&self) -> anyhow::Result<i64> {
        Ok(sqlx::query_scalar("SELECT pg_total_relation_size('names')").fetch_one(&self.pool).await?)
    }

    /// Proportional resident memory (shared pages split between sharers)
    /// summed over the server's processes, where /proc lets us read it.
    pub async fn memory(&self) -> Option<u64> {
        let pids: Vec<i32> = sqlx::query_scalar("SELECT pid FROM pg_stat_activity").fetch_all(&self.pool).await.ok()?;
        let mut total = 0;
        for pid in pids {
            let text = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
            let line = text.lines().find(|l| l.starts_with("Pss:"))?;
            total += line.split_whitespace().nth(1)?.parse::<u64>().ok()? * 1024;
        }
        Some(total)
    }

    /// Drops the database; the cluster itself belongs to whoever started it.
    pub async fn drop_database(self) -> anyhow::Result<()> {
        self.pool.close().await;
        let mut conn = sqlx::PgConnection::connect_with(&self.admin).await?;
        conn.execute(format!("DROP DATABASE {} WITH (FORCE)", self.database).as_str()).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_copy_fields() {
        assert_eq!(key("ab12 cde"), "AB12CDE");
        assert_eq!(key("2001/0123456A"), "20010123456A");
        let mut s = String::new();
        field(&mut s, Some("a\tb\\c"));
        field(&mut s, None);
        assert_eq!(s, "a\\tb\\\\c\\N");
    }
}
