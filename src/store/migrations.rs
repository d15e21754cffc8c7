//! The schema, applied on start. Each migration is a list of statements with
//! one text per backend where their dialects differ.

use super::{audit_guards, Backend, Result, Store};
use crate::domain::audit_chain::ERASED;

/// (version, statements). Statements use `{serial}` for the auto-increment
/// primary key, filled per backend.
const MIGRATIONS: &[(i64, &[&str])] = &[
    (
    1,
    &[
        "CREATE TABLE persons (id TEXT PRIMARY KEY, version BIGINT NOT NULL, summary TEXT NOT NULL, body TEXT NOT NULL, \
         created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
        "CREATE TABLE events (id TEXT PRIMARY KEY, kind TEXT NOT NULL, reference TEXT NOT NULL, \
         version BIGINT NOT NULL, status TEXT NOT NULL, is_open BIGINT NOT NULL, borough TEXT, suite TEXT, \
         officer TEXT, subkind TEXT, occurred_at TEXT NOT NULL, body TEXT NOT NULL, \
         created_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (kind, reference))",
        "CREATE INDEX events_queue ON events (kind, is_open, occurred_at)",
        "CREATE INDEX events_status ON events (kind, status, occurred_at)",
        "CREATE TABLE event_people (event_id TEXT NOT NULL, person_id TEXT NOT NULL, role TEXT NOT NULL, \
         flag TEXT, reference TEXT NOT NULL, PRIMARY KEY (event_id, person_id, role))",
        "CREATE INDEX event_people_flag ON event_people (flag)",
        "CREATE INDEX event_people_person ON event_people (person_id)",
        "CREATE TABLE objects (id TEXT PRIMARY KEY, kind TEXT NOT NULL, key TEXT NOT NULL, version BIGINT NOT NULL, \
         body TEXT NOT NULL)",
        "CREATE INDEX objects_key ON objects (key)",
        "CREATE TABLE locations (id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL)",
        "CREATE TABLE links (id TEXT PRIMARY KEY, person_id TEXT NOT NULL, target TEXT NOT NULL, \
         target_id TEXT NOT NULL, relationship TEXT NOT NULL, body TEXT NOT NULL)",
        "CREATE INDEX links_person ON links (person_id)",
        "CREATE INDEX links_target ON links (target_id)",
        "CREATE TABLE users (username TEXT PRIMARY KEY, password_hash TEXT NOT NULL, roles TEXT NOT NULL, \
         disabled BIGINT NOT NULL, created_at TEXT NOT NULL)",
        "CREATE TABLE tokens (token_hash TEXT PRIMARY KEY, username TEXT NOT NULL, expires_at TEXT NOT NULL)",
        "CREATE TABLE audit (seq {serial}, at TEXT NOT NULL, username TEXT NOT NULL, action TEXT NOT NULL, \
         record_kind TEXT NOT NULL, record_id TEXT NOT NULL, reason TEXT NOT NULL, detail TEXT NOT NULL)",
        "CREATE INDEX audit_user ON audit (username, seq)",
        "CREATE INDEX audit_record ON audit (record_id, seq)",
        "CREATE TABLE changes (seq {serial}, at TEXT NOT NULL, topic TEXT NOT NULL, op TEXT NOT NULL, \
         record_id TEXT NOT NULL, version BIGINT NOT NULL, person_ids TEXT NOT NULL)",
        "CREATE TABLE idempotency (username TEXT NOT NULL, key TEXT NOT NULL, record_kind TEXT NOT NULL, \
         record_id TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (username, key))",
        "CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL)",
        "{append_only_audit}",
    ],
    ),
    (
        10,
        &[
            "CREATE TABLE import_rows (source TEXT NOT NULL, source_ref TEXT NOT NULL, person_id TEXT NOT NULL, \
             outcome TEXT NOT NULL, score DOUBLE PRECISION, evidence TEXT NOT NULL, record TEXT NOT NULL, \
             before TEXT, seq BIGINT NOT NULL, imported_at TEXT NOT NULL, PRIMARY KEY (source, source_ref))",
            "CREATE INDEX import_rows_person ON import_rows (person_id)",
            "CREATE TABLE review_queue (source TEXT NOT NULL, source_ref TEXT NOT NULL, person_id TEXT NOT NULL, \
             candidate_id TEXT NOT NULL, score DOUBLE PRECISION NOT NULL, status TEXT NOT NULL, \
             PRIMARY KEY (source, source_ref))",
        ],
    ),
    (
        12,
        &[
            "CREATE TABLE import_events (source TEXT NOT NULL, source_ref TEXT NOT NULL, event_id TEXT NOT NULL, \
             kind TEXT NOT NULL, nominal_source TEXT NOT NULL, nominal_ref TEXT NOT NULL, person_id TEXT NOT NULL, \
             imported_at TEXT NOT NULL, PRIMARY KEY (source, source_ref))",
            "CREATE INDEX import_events_nominal ON import_events (nominal_source, nominal_ref)",
            "CREATE INDEX import_events_person ON import_events (person_id)",
        ],
    ),
    (
        // A person joined into another is looked up on both sides of the
        // reviews, and the open queue is read a page at a time.
        13,
        &[
            "CREATE INDEX review_queue_candidate ON review_queue (candidate_id)",
            "CREATE INDEX review_queue_person ON review_queue (person_id)",
            // Partial, on score alone: an index led by status drew the
            // lookups by person and candidate ("... AND status = 'open'")
            // into scanning every open pair.
            "CREATE INDEX review_queue_open ON review_queue (score) WHERE status = 'open'",
        ],
    ),
    (
        // A person's summary (what the subject index reads) was written when
        // the person was made and not when they changed: write them afresh.
        14,
        &[REWRITE_PERSON_SUMMARIES],
    ),
    (
        // A row joined into another person remembers the person it was, so
        // that a split gives that person back under the same id.
        15,
        &["ALTER TABLE import_rows ADD COLUMN joined_from TEXT"],
    ),
    (
        // Imported events are looked up by event: whether an event came from
        // an import (a person of a single row, an event file joining it) and
        // which rows put people on it.
        16,
        &["CREATE INDEX import_events_event ON import_events (event_id)"],
    ),
    (
        // The audit log becomes a hash chain with signed checkpoints: each
        // entry's hash covers the entry before it (existing entries are
        // chained in order, from 64 zeros), and a field redacted by an
        // erasure keeps its digest beside it. Updates are refused except
        // that one redaction; deletes always.
        17,
        &[
            "{drop_append_only_audit}",
            "ALTER TABLE audit ADD COLUMN reason_salt TEXT",
            "ALTER TABLE audit ADD COLUMN detail_salt TEXT",
            "ALTER TABLE audit ADD COLUMN prev_hash TEXT",
            "ALTER TABLE audit ADD COLUMN hash TEXT",
            "CREATE TABLE audit_redactions (seq BIGINT NOT NULL, field TEXT NOT NULL, digest TEXT NOT NULL, \
             erasure_seq BIGINT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (seq, field))",
            "CREATE TABLE audit_checkpoints (seq BIGINT NOT NULL, hash TEXT NOT NULL, at TEXT NOT NULL, \
             key_id TEXT NOT NULL, public_key TEXT NOT NULL, signature TEXT NOT NULL, PRIMARY KEY (seq, key_id))",
            CHAIN_EXISTING_AUDIT,
            "{audit_chain_guards}",
        ],
    ),
    (
        // Every erasure, by person id and time only: what a restored backup
        // must erase again.
        18,
        &[
            "CREATE TABLE erasures (person_id TEXT PRIMARY KEY, erased_at TEXT NOT NULL, audit_seq BIGINT NOT NULL)",
            "{erasures_guards}",
        ],
    ),
    (
        // Need-to-know reaches legacy rows and search keys: each source
        // says the kind of record its system held (an event file's kind;
        // a nominal file by its shipped name, else the strictest kind,
        // intelligence), and each event row its event's kind.
        20,
        &[
            "CREATE TABLE sources (source TEXT PRIMARY KEY, kind TEXT NOT NULL)",
            "INSERT INTO sources (source, kind) SELECT source, MIN(kind) FROM import_events GROUP BY source",
            "INSERT INTO sources (source, kind) SELECT DISTINCT r.source, COALESCE(k.column2, 'intelligence') \
             FROM import_rows r LEFT JOIN (VALUES ('crime', 'crime'), ('crimes', 'crime'), \
             ('crime_reports', 'crime'), ('intelligence', 'intelligence'), ('safeguarding', 'safeguarding'), \
             ('asb', 'asb'), ('custody', 'custody'), ('case', 'case'), ('cases', 'case'), ('caseprep', 'case'), \
             ('warrant', 'warrant'), ('warrants', 'warrant'), ('warrant_records', 'warrant')) k \
             ON k.column1 = r.source WHERE r.source NOT IN (SELECT source FROM sources)",
            "ALTER TABLE event_people ADD COLUMN kind TEXT NOT NULL DEFAULT ''",
            "UPDATE event_people SET kind = (SELECT e.kind FROM events e WHERE e.id = event_people.event_id)",
        ],
    ),
    (
        // An idempotency key remembers the request it came with, so the
        // same key with another request is refused, not answered with the
        // first record.
        24,
        &["ALTER TABLE idempotency ADD COLUMN request_hash TEXT"],
    ),
    (
        // Logins: failed attempts in a row and the lockout they lead to; a
        // session's last use, for the idle timeout.
        25,
        &[
            "ALTER TABLE users ADD COLUMN failed_logins BIGINT NOT NULL DEFAULT 0",
            "ALTER TABLE users ADD COLUMN locked_until TEXT",
            "ALTER TABLE tokens ADD COLUMN last_used TEXT",
        ],
    ),
    (
        // No row is lost for one bad field: the field left out of the person
        // is kept here as the source had it (and a rejected row with its
        // reason); and each import keeps the linkage weights it used.
        26,
        &[
            "CREATE TABLE import_findings (source TEXT NOT NULL, source_ref TEXT NOT NULL, field TEXT NOT NULL, \
             value TEXT NOT NULL, reason TEXT NOT NULL, rejected BIGINT NOT NULL)",
            "CREATE INDEX import_findings_row ON import_findings (source, source_ref)",
            "CREATE TABLE linkage_weights (id {serial}, source TEXT NOT NULL, at TEXT NOT NULL, body TEXT NOT NULL)",
        ],
    ),
    (
        // A consultation that showed many people (a search's hits) is one
        // chained entry, with a row here for each record it showed: "who
        // looked at this person" stays an index lookup, and a search writes
        // one entry instead of one per hit. Append-only, as the audit is.
        27,
        &[
            "CREATE TABLE audit_subjects (record_id TEXT NOT NULL, seq BIGINT NOT NULL, PRIMARY KEY (record_id, seq))",
            "CREATE INDEX audit_subjects_seq ON audit_subjects (seq)",
            "{audit_subjects_guards}",
        ],
    ),
    (
        // ASB cases link their incidents as records: a record belongs to one
        // case (the key refuses a second), and cases written when incidents
        // were text keep that text as noted incidents.
        28,
        &[
            "CREATE TABLE asb_links (record_id TEXT PRIMARY KEY, case_id TEXT NOT NULL)",
            "CREATE INDEX asb_links_case ON asb_links (case_id)",
            ASB_LINKED_INCIDENTS,
        ],
    ),
    (
        // Vehicles and phones as records of their own: the events each is
        // linked to with its part in them, and every key an object is found
        // by (a vehicle's current and former marks). Phones are held in
        // E.164 from now on.
        32,
        &[
            "CREATE TABLE event_objects (event_id TEXT NOT NULL, object_id TEXT NOT NULL, role TEXT NOT NULL, \
             body TEXT NOT NULL, PRIMARY KEY (event_id, object_id, role))",
            "CREATE INDEX event_objects_object ON event_objects (object_id)",
            "CREATE TABLE object_keys (object_id TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, \
             PRIMARY KEY (object_id, key))",
            "CREATE INDEX object_keys_key ON object_keys (kind, key)",
            "UPDATE objects SET key = '+44' || substr(key, 2), body = REPLACE(body, '\"number\":\"0', '\"number\":\"+44') \
             WHERE kind = 'phone' AND key LIKE '0%'",
            "INSERT INTO object_keys (object_id, kind, key) SELECT id, kind, key FROM objects",
        ],
    ),
    (
        // The crime desk's queues: the unit a crime is allocated to and when
        // its next supervisor review is due (its officer and class go in the
        // officer and subkind columns).
        37,
        &[
            "ALTER TABLE events ADD COLUMN unit TEXT",
            "ALTER TABLE events ADD COLUMN due_at TEXT",
            "CREATE INDEX events_due ON events (kind, is_open, due_at)",
            "CREATE INDEX events_officer ON events (kind, is_open, officer, occurred_at)",
        ],
    ),
    (
        // SQLite appends to the audit through a view that checks each entry
        // follows the stored head: consultations are written in one
        // statement, without reading the head back first.
        38,
        &["{audit_appends}"],
    ),
    (
        // Places: one row per address key (postcode and premises), so an
        // address written two ways is one place; links to them from people
        // (lives at, works at, frequents, with dates) and from events (crime
        // scene, address of incident…), those made from a person's stored
        // address or an event's own address marked derived.
        39,
        &[
            "CREATE TABLE places (id TEXT PRIMARY KEY, key TEXT NOT NULL UNIQUE, postcode TEXT NOT NULL, \
             version BIGINT NOT NULL, body TEXT NOT NULL)",
            "CREATE INDEX places_postcode ON places (postcode)",
            "CREATE TABLE place_links (id TEXT PRIMARY KEY, place_id TEXT NOT NULL, person_id TEXT, event_id TEXT, \
             role TEXT NOT NULL, derived BIGINT NOT NULL, body TEXT NOT NULL)",
            "CREATE INDEX place_links_place ON place_links (place_id)",
            "CREATE INDEX place_links_person ON place_links (person_id)",
            "CREATE INDEX place_links_event ON place_links (event_id)",
        ],
    ),
    (
        // Every address already stored, a person's or an event's, as a place.
        40,
        &[RESOLVE_PLACES],
    ),
    (
        // Intelligence as a workflow: reports recorded before it had one
        // were graded and in use, so they stand as evaluated; their status
        // column holds that (it held the priority, now in subkind).
        51,
        &[INTELLIGENCE_EVALUATED],
    ),
    (
        // The evaluation queue pages by priority and by how long a report
        // has waited: a submitted report's due_at holds when it was submitted.
        49,
        &[SUBMITTED_WAITING],
    ),
    (
        // Safeguarding reports stored before the desk's workflow (open or
        // closed, a bare sign-off name) read again in its shape.
        57,
        &[SAFEGUARDING_WORKFLOW],
    ),
    (
        // The search box finds the places of a postcode district by a
        // prefix of their postcode: PostgreSQL's index serves a prefix
        // pattern only with the pattern operator class (SQLite's serves the
        // range the store asks it for).
        69,
        &["{postcode_prefix_index}"],
    ),
    (
        // An intelligence draft is its author's alone: each report's author
        // in its officer column, indexed with its status, so "my drafts" is
        // read by author and every list leaves out others' drafts.
        72,
        &[INTELLIGENCE_AUTHORS, "CREATE INDEX events_author ON events (kind, status, officer, occurred_at)"],
    ),
    (
        // A change to an intelligence draft is its author's alone to hear
        // of, then and when a stream resumes: the change log says whose.
        73,
        &["ALTER TABLE changes ADD COLUMN private_to TEXT"],
    ),
    (
        // The intelligence text index is built at start by reading every
        // report in id order, a page at a time: without this index each
        // page sorted every report (2.5 s a page at a million reports).
        74,
        &["CREATE INDEX events_kind_id ON events (kind, id)"],
    ),
    (
        // A desk's queues page newest first through an index that holds
        // what they filter on: a unit's, the unclassified, and (with the
        // due time beside the time of each record) those due, so neither a
        // page nor its count of the rest reads the records themselves (at
        // 500,000 crimes a unit's count took 2.4 s, a page of reviews due
        // 1.8 s sorting every due record).
        75,
        &[
            "DROP INDEX events_queue",
            "CREATE INDEX events_queue ON events (kind, is_open, occurred_at, due_at)",
            "CREATE INDEX events_unit ON events (kind, is_open, unit, occurred_at, due_at)",
            "CREATE INDEX events_subkind ON events (kind, is_open, subkind, occurred_at)",
        ],
    ),
    (
        // A queue of what is due pages by when due, the most overdue first:
        // a unit's reads its own due records in that order (the whole
        // desk's reads `events_due`).
        76,
        &["CREATE INDEX events_unit_due ON events (kind, is_open, unit, due_at)"],
    ),
    (
        // A vehicle's, phone's or place's profile counts its linked records
        // by kind and sorts them by time: the links and then the records'
        // kinds and times are read from indexes that hold them, not from
        // each link's and each record's row (a thousand of each for a car
        // seen at a thousand crimes).
        77,
        &[
            "CREATE INDEX events_link_keys ON events (id, kind, status, officer, occurred_at)",
            "DROP INDEX event_objects_object",
            "CREATE INDEX event_objects_object ON event_objects (object_id, event_id, role)",
            "DROP INDEX place_links_place",
            "CREATE INDEX place_links_place ON place_links (place_id, event_id, role)",
        ],
    ),
];

/// A step done in Rust, not SQL: every person's summary made again from
/// the person.
const REWRITE_PERSON_SUMMARIES: &str = "{rewrite_person_summaries}";

/// A step done in Rust: the addresses stored before places, as places.
const RESOLVE_PLACES: &str = "{resolve_places}";

/// A step done in Rust: intelligence recorded before its lifecycle, evaluated.
const INTELLIGENCE_EVALUATED: &str = "{intelligence_evaluated}";

/// A step done in Rust: ASB cases in the linked shape, their links listed.
const ASB_LINKED_INCIDENTS: &str = "{asb_linked_incidents}";

/// A step done in Rust: submitted intelligence's due_at, its submission.
const SUBMITTED_WAITING: &str = "{submitted_waiting}";

/// A step done in Rust: safeguarding reports of the old shape, upgraded.
const SAFEGUARDING_WORKFLOW: &str = "{safeguarding_workflow}";

/// A step done in Rust: each intelligence report's author in its officer column.
const INTELLIGENCE_AUTHORS: &str = "{intelligence_authors}";

/// A step done in Rust: the entries written before the chain, chained.
const CHAIN_EXISTING_AUDIT: &str = "{chain_existing_audit}";

const SQLITE_APPEND_ONLY: &[&str] = &[
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
];

const POSTGRES_APPEND_ONLY: &[&str] = &[
    "CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS \
     $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$",
    "CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only()",
];

const SQLITE_DROP_APPEND_ONLY: &[&str] = &["DROP TRIGGER audit_no_update", "DROP TRIGGER audit_no_delete"];

const POSTGRES_DROP_APPEND_ONLY: &[&str] =
    &["DROP TRIGGER audit_no_change ON audit", "DROP FUNCTION audit_append_only()"];

/// Brings the schema up to `until` (every migration when `None`).
pub async fn apply(store: &Store, until: Option<i64>) -> Result<()> {
    let wanted = |version: &i64| until.is_none_or(|u| *version <= u);
    // A database already at this version is not touched: a server may run
    // as a role that cannot change the schema (PostgreSQL grants).
    let done = applied(store).await?;
    if MIGRATIONS.iter().all(|(version, _)| !wanted(version) || done.contains(version)) {
        return Ok(());
    }
    let mut tx = store.begin_write().await?;
    if store.backend == Backend::Postgres {
        // Two servers starting together must not both migrate.
        sqlx::query("SELECT pg_advisory_xact_lock(7285001)").execute(&mut *tx.tx).await?;
    }
    sqlx::query("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)")
        .execute(&mut *tx.tx)
        .await?;
    let done: Vec<i64> = sqlx::query_scalar("SELECT version FROM schema_migrations").fetch_all(&mut *tx.tx).await?;
    for (version, statements) in MIGRATIONS {
        if done.contains(version) || !wanted(version) {
            continue;
        }
        tracing::info!(version, "applying migration");
        for statement in *statements {
            if *statement == REWRITE_PERSON_SUMMARIES {
                super::persons::rewrite_summaries(&mut tx).await?;
                continue;
            }
            if *statement == RESOLVE_PLACES {
                super::place_links::resolve_existing(&mut tx).await?;
                continue;
            }
            if *statement == INTELLIGENCE_EVALUATED {
                super::events::intelligence_evaluated(&mut tx).await?;
                continue;
            }
            if *statement == ASB_LINKED_INCIDENTS {
                super::asb::link_stored_cases(&mut tx).await?;
                continue;
            }
            if *statement == SUBMITTED_WAITING {
                super::intelligence_queue::submitted_waiting(&mut tx).await?;
                continue;
            }
            if *statement == SAFEGUARDING_WORKFLOW {
                super::safeguarding_upgrade::upgrade_old_reports(&mut tx).await?;
                continue;
            }
            if *statement == INTELLIGENCE_AUTHORS {
                super::intelligence_authors::fill_authors(&mut tx).await?;
                continue;
            }
            if *statement == CHAIN_EXISTING_AUDIT {
                super::audit_guards::chain_existing(&mut tx).await?;
                continue;
            }
            for sql in dialect(store.backend, statement) {
                sqlx::query(&sql).execute(&mut *tx.tx).await.map_err(|e| needs_owner(*version, e))?;
            }
        }
        sqlx::query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)")
            .bind(*version)
            .bind(super::codec::time(tx.now))
            .execute(&mut *tx.tx)
            .await?;
    }
    tx.commit().await
}

/// The migrations a database has, read without writing (none for a new one).
async fn applied(store: &Store) -> Result<Vec<i64>> {
    let exists = match store.backend {
        Backend::Sqlite => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
        Backend::Postgres => {
            "SELECT COUNT(*) FROM information_schema.tables \
                              WHERE table_schema = current_schema() AND table_name = 'schema_migrations'"
        }
    };
    let n: i64 = sqlx::query_scalar(exists).fetch_one(&store.pool).await?;
    if n == 0 {
        return Ok(Vec::new());
    }
    Ok(sqlx::query_scalar("SELECT version FROM schema_migrations").fetch_all(&store.pool).await?)
}

/// A migration refused for want of rights says who must run it.
fn needs_owner(version: i64, e: sqlx::Error) -> super::StoreError {
    match &e {
        sqlx::Error::Database(db) if db.code().as_deref() == Some("42501") => super::StoreError::Unavailable(format!(
            "the database needs migration {version}, which this role may not make: run bluelamp admin migrate \
             --database URL as the role that owns the schema ({e})"
        )),
        _ => e.into(),
    }
}

fn dialect(backend: Backend, statement: &str) -> Vec<String> {
    let sqlite = backend == Backend::Sqlite;
    let list = match statement {
        "{append_only_audit}" if sqlite => Some(SQLITE_APPEND_ONLY),
        "{append_only_audit}" => Some(POSTGRES_APPEND_ONLY),
        "{drop_append_only_audit}" if sqlite => Some(SQLITE_DROP_APPEND_ONLY),
        "{drop_append_only_audit}" => Some(POSTGRES_DROP_APPEND_ONLY),
        "{audit_chain_guards}" if sqlite => Some(audit_guards::SQLITE_CHAIN_GUARDS),
        "{audit_chain_guards}" => Some(audit_guards::POSTGRES_CHAIN_GUARDS),
        "{erasures_guards}" if sqlite => Some(audit_guards::SQLITE_ERASURES_GUARDS),
        "{erasures_guards}" => Some(audit_guards::POSTGRES_ERASURES_GUARDS),
        "{audit_subjects_guards}" if sqlite => Some(audit_guards::SQLITE_SUBJECTS_GUARDS),
        "{audit_subjects_guards}" => Some(audit_guards::POSTGRES_SUBJECTS_GUARDS),
        "{audit_appends}" if sqlite => Some(audit_guards::SQLITE_AUDIT_APPENDS),
        "{audit_appends}" => Some(&[] as &[&str]),
        "{postcode_prefix_index}" if sqlite => Some(&[] as &[&str]),
        "{postcode_prefix_index}" => {
            Some(&["CREATE INDEX places_postcode_prefix ON places (postcode text_pattern_ops)"] as &[&str])
        }
        _ => None,
    };
    if let Some(list) = list {
        return list.iter().map(|s| s.replace("{erased}", ERASED)).collect();
    }
    let serial = match backend {
        Backend::Sqlite => "INTEGER PRIMARY KEY AUTOINCREMENT",
        Backend::Postgres => "BIGSERIAL PRIMARY KEY",
    };
    vec![statement.replace("{serial}", serial)]
}
