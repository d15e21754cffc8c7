//! The page caches a start-up fills, given back. Building the indexes
//! reads every person, place and report, and each SQLite connection keeps
//! up to 128 MiB of the pages it read (`pool_options`); a server then
//! answers searches from its indexes and reads a few pages a request, so
//! those pages would only sit resident, several hundred MiB at a million
//! persons. The caches fill again as work needs them.

use super::{Backend, Result, Store};

impl Store {
    /// Asks every idle SQLite connection, and the writer's, to free its
    /// page cache. Nothing to do on PostgreSQL, whose caches are the
    /// server's own.
    pub async fn release_caches(&self) -> Result<()> {
        if self.backend != Backend::Sqlite {
            return Ok(());
        }
        // All held at once, so that each idle connection is asked, not the
        // same one again.
        let mut held = Vec::new();
        for _ in 0..self.pool.num_idle() {
            match self.pool.try_acquire() {
                Some(conn) => held.push(conn),
                None => break,
            }
        }
        held.push(self.writer.acquire().await?);
        for conn in held.iter_mut() {
            sqlx::query("PRAGMA shrink_memory").execute(&mut **conn).await?;
        }
        Ok(())
    }
}
