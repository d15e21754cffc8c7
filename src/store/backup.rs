//! Online backup and offline restore of a SQLite database. A backup is
//! `VACUUM INTO`: one read transaction, so the copy holds exactly the writes
//! committed before it began, while the server goes on writing. PostgreSQL
//! has its own tools (pg_dump, pg_restore) and is refused here.
//!
//! A backup holds the people erased after it was taken. Every erasure is
//! logged by person id and time (the database's `erasures` table, and the
//! erasure log outside it), so after a restore the erasures made since are
//! made again: [`erasures_in`] reads them from the database being replaced,
//! the log file from outside it, and `Store::replay_erasures` applies them.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteLockingMode};
use sqlx::{ConnectOptions, Connection};

use super::codec::parse_time;
use super::{files, Backend, ErasureRecord, Result, Store, StoreError};

/// Tables every Bluelamp database has.
const REQUIRED_TABLES: [&str; 6] = ["persons", "events", "users", "audit", "changes", "schema_migrations"];

impl Store {
    /// Writes a consistent copy of the database to `path`, which must not
    /// exist, readable by its owner alone.
    pub async fn backup_to(&self, path: &Path) -> Result<()> {
        if self.backend != Backend::Sqlite {
            return Err(StoreError::Unavailable("backup through Bluelamp is for SQLite; use pg_dump".into()));
        }
        let target = path.to_str().ok_or_else(|| StoreError::Unavailable("the backup path is not UTF-8".into()))?;
        files::create_new_private(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                StoreError::Duplicate(format!("{} already exists; choose a new file", path.display()))
            }
            _ => StoreError::Unavailable(format!("cannot create {}: {e}", path.display())),
        })?;
        if let Err(e) = sqlx::query("VACUUM INTO $1").bind(target.to_string()).execute(&self.pool).await {
            let _ = std::fs::remove_file(path);
            return Err(e.into());
        }
        Ok(())
    }
}

fn options(path: &Path) -> Result<SqliteConnectOptions> {
    let text = path.to_str().ok_or_else(|| StoreError::Unavailable("the path is not UTF-8".into()))?;
    Ok(SqliteConnectOptions::from_str(&format!("sqlite://{text}"))
        .map_err(|e| StoreError::Unavailable(e.to_string()))?
        .disable_statement_logging())
}

/// Whether the file at `path` is a whole, readable Bluelamp database.
pub async fn check_backup(path: &Path) -> Result<()> {
    if !path.is_file() {
        return Err(StoreError::NotFound { kind: "backup file", id: path.display().to_string() });
    }
    let not_ours = |why: String| StoreError::Invalid(crate::domain::FieldError::new("PATH", why));
    let mut conn = options(path)?
        .read_only(true)
        .connect()
        .await
        .map_err(|e| not_ours(format!("{} is not a database: {e}", path.display())))?;
    let check: String = sqlx::query_scalar("PRAGMA quick_check")
        .fetch_one(&mut conn)
        .await
        .map_err(|e| not_ours(format!("{} is not a database: {e}", path.display())))?;
    if check != "ok" {
        return Err(not_ours(format!("{} is damaged: {check}", path.display())));
    }
    let names: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'").fetch_all(&mut conn).await?;
    if let Some(missing) = REQUIRED_TABLES.iter().find(|t| !names.iter().any(|n| n == *t)) {
        return Err(not_ours(format!("{} is not a Bluelamp database (no {missing} table)", path.display())));
    }
    conn.close().await?;
    Ok(())
}

/// Replaces the database at `target` with the backup at `from`. Refuses,
/// changing nothing, when `from` is not a Bluelamp database or when anything
/// has `target` open (a running server): restore is stop-the-world.
pub async fn restore_sqlite(from: &Path, target: &Path) -> Result<()> {
    check_backup(from).await?;
    if target.exists() {
        // An exclusive lock is refused while any other connection has the
        // database open; it also folds the write-ahead log back in.
        let mut conn = options(target)?
            .locking_mode(SqliteLockingMode::Exclusive)
            .busy_timeout(Duration::ZERO)
            .connect()
            .await
            .map_err(|e| in_use(target, e))?;
        sqlx::query("BEGIN EXCLUSIVE").execute(&mut conn).await.map_err(|e| in_use(target, e))?;
        sqlx::query("COMMIT").execute(&mut conn).await?;
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&mut conn).await.map_err(|e| in_use(target, e))?;
        conn.close().await?;
    }
    let staging = target.with_extension("restoring");
    let _ = std::fs::remove_file(&staging);
    files::create_new_private(&staging)
        .map_err(|e| StoreError::Unavailable(format!("cannot create {}: {e}", staging.display())))?;
    let mut source = options(from)?.read_only(true).connect().await?;
    let staging_text = staging.to_str().ok_or_else(|| StoreError::Unavailable("the path is not UTF-8".into()))?;
    sqlx::query("VACUUM INTO $1").bind(staging_text.to_string()).execute(&mut source).await?;
    source.close().await?;
    let io = |e: std::io::Error| StoreError::Unavailable(format!("cannot put the backup in place: {e}"));
    // A stale log beside the new file would be replayed into it.
    for suffix in ["-wal", "-shm"] {
        let side = format!("{}{suffix}", target.display());
        match std::fs::remove_file(&side) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(e)),
            _ => {}
        }
    }
    std::fs::rename(&staging, target).map_err(io)
}

/// The erasures recorded in the SQLite database at `path`: none when there
/// is no such file or it predates the erasure log; an error when it cannot
/// be read (a damaged database, say: the log file outside it remains).
pub async fn erasures_in(path: &Path) -> Result<Vec<ErasureRecord>> {
    if !path.is_file() {
        return Ok(Vec::new());
    }
    let mut conn = options(path)?.read_only(true).connect().await?;
    let has: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'erasures'")
        .fetch_one(&mut conn)
        .await?;
    let mut out = Vec::new();
    if has > 0 {
        let rows: Vec<(String, String, i64)> =
            sqlx::query_as("SELECT person_id, erased_at, audit_seq FROM erasures ORDER BY audit_seq")
                .fetch_all(&mut conn)
                .await?;
        for (person_id, erased_at, audit_seq) in rows {
            out.push(ErasureRecord { person_id, erased_at: parse_time(&erased_at)?, audit_seq });
        }
    }
    conn.close().await?;
    Ok(out)
}

fn in_use(target: &Path, e: sqlx::Error) -> StoreError {
    StoreError::Duplicate(format!("{} is in use (stop every server using it first): {e}", target.display()))
}
