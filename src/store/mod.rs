//! Persistence behind one interface. One implementation serves both backends
//! (SQLite embedded, PostgreSQL at scale) through sqlx's `Any` driver with
//! portable SQL; where the two differ (schema, change-log ordering) the
//! difference is kept in one place and named.

mod asb;
mod audit;
mod audit_chain;
mod audit_checkpoints;
pub mod audit_files;
mod audit_guards;
mod audit_subjects;
mod audit_verify;
pub mod backup;
mod bench_warrant;
mod bulk;
mod cells;
mod changes;
mod charge;
mod codec;
mod consultations;
mod custody;
mod draft_references;
mod erasure;
mod error;
mod event_pages;
mod event_pole;
mod events;
mod files;
mod grants;
mod idempotency;
mod import_event_links;
mod import_events;
mod incidents;
mod intelligence_authors;
mod intelligence_queue;
mod intelligence_scan;
mod linkage;
mod linked_events;
mod links;
mod locations;
mod migrations;
mod notify;
mod object_erasure;
mod object_events;
mod objects;
mod open_custody;
mod outside_files;
mod page_order;
mod persons;
mod place_links;
mod places;
mod safeguarding_upgrade;
mod scan;
mod sessions;
mod sources;
mod users;
mod wal;
mod write;

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;

use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Executor};
use tokio::sync::{watch, Mutex};

pub use audit::{AuditFilter, AuditRecord};
pub use audit_chain::AuditLine;
pub use audit_verify::{AuditBreak, AuditVerification, BreakKind};
pub use bulk::BulkBatch;
pub use cells::CellClaim;
pub use charge::{CaseWrite, ChargeWrite};
pub use custody::Detainee;
pub use erasure::{read_erasure_log, ErasureRecord, ErasureReport};
pub use error::StoreError;
pub use events::EventFilter;
pub use files::create_private;
pub use idempotency::IdempotencyKey;
pub use import_event_links::ImportedEventLinks;
pub use import_events::{EventImportWrite, ImportEventRecord, ImportedEvent};
pub use linkage::{AcceptWrite, ImportWrite, ImportedRow, Rejoin, ReviewItem, SplitWrite};
pub use linked_events::{LinkedCount, LinkedPageQuery, LinkedRecord, LinkedTo};
pub use notify::ChangeFeed;
pub use place_links::event_address;
pub use scan::event_kind;
pub use users::{check_username, Failure, Issued, TokenInfo, User};
pub use wal::WalCheckpoint;
pub use write::Actor;

pub type Result<T> = std::result::Result<T, StoreError>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// Where the data lives, parsed from `--database`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    pub backend: Backend,
    url: String,
}

impl FromStr for DatabaseUrl {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        if let Some(path) = s.strip_prefix("sqlite://").or_else(|| s.strip_prefix("sqlite:")) {
            let path = path.split('?').next().unwrap_or_default();
            if path.is_empty() {
                return Err("a sqlite URL needs a file path: sqlite://PATH".into());
            }
            Ok(Self { backend: Backend::Sqlite, url: format!("sqlite://{path}?mode=rwc") })
        } else if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            Ok(Self { backend: Backend::Postgres, url: s.to_string() })
        } else {
            Err(format!("'{s}' is not a database URL: use sqlite://PATH or postgres://…"))
        }
    }
}

impl DatabaseUrl {
    pub fn sqlite(path: &Path) -> Self {
        Self { backend: Backend::Sqlite, url: format!("sqlite://{}?mode=rwc", path.display()) }
    }

    /// Where erasures are logged when nothing else is said: beside a
    /// SQLite file (`PATH-erasures.jsonl`); PostgreSQL has no default.
    pub fn default_erasure_log(&self) -> Option<std::path::PathBuf> {
        self.sqlite_path().map(|p| std::path::PathBuf::from(format!("{p}-erasures.jsonl")))
    }

    /// The file behind a sqlite URL.
    pub fn sqlite_path(&self) -> Option<&str> {
        let rest = self.url.strip_prefix("sqlite://")?;
        rest.split('?').next()
    }

    /// The URL as given to the driver (PostgreSQL URLs carry credentials:
    /// never log this).
    pub fn as_driver_url(&self) -> &str {
        &self.url
    }
}

/// The store: a connection pool and what keeps writes in order.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    /// Where writes go: on SQLite one connection of its own, used under
    /// `write_lock`; on PostgreSQL the pool.
    writer: AnyPool,
    pub backend: Backend,
    url: DatabaseUrl,
    /// SQLite allows one writer; queuing writers here avoids busy errors.
    write_lock: Arc<Mutex<()>>,
    /// Counts this process's commits that added to the change log, so that
    /// its followers wake at once.
    committed: Arc<watch::Sender<u64>>,
    /// SQLite: the audit chain's head as this process last wrote it.
    known_head: Arc<audit_chain::KnownHead>,
    /// Consultations waiting to be audited together.
    consultations: Arc<consultations::Queue>,
    /// Token lookups under way, shared by the requests that arrive meanwhile.
    sessions: Arc<sessions::Lookups>,
}

impl Store {
    /// Connects and applies migrations.
    pub async fn open(url: &DatabaseUrl) -> Result<Store> {
        let store = Self::connect(url).await?;
        migrations::apply(&store, None).await?;
        Ok(store)
    }

    /// Connects and migrates only up to `version`: a database as an older
    /// Bluelamp left it, for testing what an upgrade does to it.
    pub async fn open_at_version(url: &DatabaseUrl, version: i64) -> Result<Store> {
        let store = Self::connect(url).await?;
        migrations::apply(&store, Some(version)).await?;
        Ok(store)
    }

    async fn connect(url: &DatabaseUrl) -> Result<Store> {
        sqlx::any::install_default_drivers();
        if let Some(path) = url.sqlite_path() {
            if let Some(parent) = Path::new(path).parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .map_err(|e| StoreError::Unavailable(format!("cannot create {}: {e}", parent.display())))?;
            }
            files::prepare_database(Path::new(path))
                .map_err(|e| StoreError::Unavailable(format!("cannot prepare {path}: {e}")))?;
        }
        let backend = url.backend;
        let pool = pool_options(backend, if backend == Backend::Sqlite { 8 } else { 16 }, READER_CACHE_KIB)
            .connect(url.as_driver_url())
            .await
            .map_err(|e| StoreError::Unavailable(e.to_string()))?;
        if backend == Backend::Sqlite {
            sqlx::query("PRAGMA journal_mode = WAL").execute(&pool).await?;
        }
        // SQLite's one writer gets a connection of its own: taken from the
        // readers' pool, a write (an audit group, with readers waiting on
        // it) first queued for a connection behind the very reads it held up.
        let writer = match backend {
            Backend::Sqlite => pool_options(backend, 1, WRITER_CACHE_KIB)
                .connect(url.as_driver_url())
                .await
                .map_err(|e| StoreError::Unavailable(e.to_string()))?,
            Backend::Postgres => pool.clone(),
        };
        let store = Store {
            pool,
            writer,
            backend,
            url: url.clone(),
            write_lock: Arc::new(Mutex::new(())),
            committed: Arc::new(watch::Sender::new(0)),
            known_head: Arc::default(),
            consultations: Arc::default(),
            sessions: Arc::default(),
        };
        Ok(store)
    }

    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    /// Runs `sql` (which has `{ids}` where the id list goes) for all `ids`,
    /// in chunks that stay under both backends' parameter limits.
    pub(crate) async fn rows_for_ids(&self, sql: &str, ids: &[String]) -> Result<Vec<sqlx::any::AnyRow>> {
        let mut out = Vec::new();
        for chunk in ids.chunks(500) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let text = sql.replace("{ids}", &placeholders.join(","));
            let mut query = sqlx::query(&text);
            for id in chunk {
                query = query.bind(id);
            }
            out.extend(query.fetch_all(&self.pool).await?);
        }
        Ok(out)
    }

    pub async fn close(&self) {
        self.pool.close().await;
        self.writer.close().await;
    }
}

/// SQLite's page cache for the one writer: random (UUID) keys touch pages
/// all over the B-trees, and a large cache keeps bulk loads and index
/// builds off the disk.
const WRITER_CACHE_KIB: u32 = 128 * 1024;
/// Each of the eight readers' page cache. A page a reader misses is copied
/// from the OS's cache, which holds the file once for all of them; eight
/// caches of the writer's size would let a busy server grow by a gigabyte
/// of copies of the same pages.
const READER_CACHE_KIB: u32 = 16 * 1024;

/// A pool of up to `connections`, each set up for this store's work, with
/// a page cache of up to `cache_kib` each (SQLite).
fn pool_options(backend: Backend, connections: u32, cache_kib: u32) -> AnyPoolOptions {
    AnyPoolOptions::new().max_connections(connections).after_connect(move |conn, _meta| {
        Box::pin(async move {
            if backend == Backend::Sqlite {
                // secure_delete: erased rows are overwritten, not left in free pages.
                conn.execute("PRAGMA busy_timeout = 10000").await?;
                conn.execute("PRAGMA secure_delete = ON").await?;
                conn.execute("PRAGMA synchronous = NORMAL").await?;
                let cache = format!("PRAGMA cache_size = -{cache_kib}");
                conn.execute(cache.as_str()).await?;
                // No memory map: every request writes its audit entry, and a
                // connection whose next read follows any commit unmaps its
                // whole map and faults the pages back in, which cost a crime
                // queue page a fifth of its time in the kernel. Reads copy
                // from the OS page cache instead.
                conn.execute("PRAGMA mmap_size = 0").await?;
                conn.execute("PRAGMA temp_store = MEMORY").await?;
                // Imports commit thousands of rows a batch; copying the log
                // back every 4 MB (the default) rewrote the same index
                // pages over and over. This is about 200 MB; a server copies
                // it back in the background long before (`wal.rs`).
                conn.execute("PRAGMA wal_autocheckpoint = 50000").await?;
            }
            Ok(())
        })
    })
}
