//! A server's SQLite write-ahead log, copied back into the database in the
//! background. Left to SQLite, the commit that crosses the autocheckpoint
//! limit (set large for imports, see `pool_options`) copies the whole log
//! back itself, and every request waiting on that commit — a search waits
//! for its audit entry — stalls for seconds. Copied back a little every
//! second by a reader connection, the log never grows to that size.

use std::time::Duration;

use super::{Backend, Result, Store};

/// How often the log is copied back.
const EVERY: Duration = Duration::from_secs(1);

/// What one pass did, in log frames (pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WalCheckpoint {
    /// Frames in the log.
    pub frames: i64,
    /// Frames of those now in the database.
    pub copied: i64,
}

impl Store {
    /// On SQLite, starts copying the log back every second for as long as
    /// the store is open; on PostgreSQL, does nothing.
    pub fn spawn_wal_checkpoints(&self) {
        if self.backend != Backend::Sqlite {
            return;
        }
        let store = self.clone();
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(EVERY);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                if store.pool.is_closed() {
                    return;
                }
                if let Err(e) = store.checkpoint_wal().await {
                    tracing::warn!(error = %e, "copying the write-ahead log back failed");
                }
            }
        });
    }

    /// Copies back what the log holds that no reader still needs, without
    /// waiting on readers or the writer (a passive checkpoint). `None` on
    /// PostgreSQL.
    pub async fn checkpoint_wal(&self) -> Result<Option<WalCheckpoint>> {
        if self.backend != Backend::Sqlite {
            return Ok(None);
        }
        let (_busy, frames, copied): (i32, i32, i32) =
            sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)").fetch_one(&self.pool).await?;
        Ok(Some(WalCheckpoint { frames: frames.into(), copied: copied.into() }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Actor, DatabaseUrl};

    /// The log's frames after a store's migrations, two seconds' rest
    /// (copied back meanwhile with `background`) and one more write.
    async fn frames_after_a_rest(background: bool) -> WalCheckpoint {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&DatabaseUrl::sqlite(&dir.path().join("bluelamp.db"))).await.unwrap();
        if background {
            store.spawn_wal_checkpoints();
        }
        tokio::time::sleep(EVERY * 2).await;
        let person = serde_json::from_value(serde_json::json!({"names": [{"forenames": "Ada", "surname": "Hart"}]}));
        store.create_person(&Actor::new("dc.white", "test"), person.unwrap(), None).await.unwrap();
        store.checkpoint_wal().await.unwrap().unwrap()
    }

    #[tokio::test]
    async fn the_log_is_copied_back_in_the_background_so_the_next_write_starts_it_afresh() {
        let (left, copied) = tokio::join!(frames_after_a_rest(false), frames_after_a_rest(true));
        // Left to SQLite, the migrations' pages stay in the log under the
        // autocheckpoint limit; copied back with no reader in the log, the
        // next write starts it again and it holds that write's pages only.
        assert!(copied.frames < left.frames / 2, "left alone {left:?}, copied back {copied:?}");
        assert_eq!(copied.copied, copied.frames);
    }
}
