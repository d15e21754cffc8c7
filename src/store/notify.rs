//! Following the change log: each server reads every change in order,
//! whichever server took the write. A follower is woken by this process's
//! own commits, by PostgreSQL NOTIFY from other servers (LISTEN on a
//! connection of its own), and by a one-second poll as a safety net; it
//! reads by sequence number, so a wake-up lost or doubled loses or repeats
//! nothing.

use std::time::Duration;

use tokio::sync::mpsc::error::TrySendError;
use tokio::sync::{mpsc, watch};

use super::{Backend, DatabaseUrl, Result, Store};
use crate::domain::change::Change;

/// The PostgreSQL channel every commit that adds to the change log notifies.
pub(super) const CHANNEL: &str = "bluelamp_changes";
/// Changes read at once.
const PAGE: i64 = 2000;
/// How long a follower waits before looking anyway.
const POLL: Duration = Duration::from_secs(1);

/// New changes as they commit, in order; see [`Store::follow_changes`].
pub struct ChangeFeed {
    store: Store,
    last: i64,
    committed: watch::Receiver<u64>,
    /// Woken by other servers' commits (PostgreSQL only).
    remote: Option<mpsc::Receiver<()>>,
}

impl Store {
    /// Follows the change log from after sequence `after`. On PostgreSQL it
    /// listens for other servers' commits on a connection of its own.
    /// How many transactions that wrote the change log this process has
    /// committed: a reader of derived data compares it with the last value
    /// it saw to know whether its own writes may be pending.
    pub fn local_commits(&self) -> u64 {
        *self.committed.borrow()
    }

    pub async fn follow_changes(&self, after: i64) -> Result<ChangeFeed> {
        let remote = match self.backend {
            Backend::Postgres => Some(listen(&self.url).await?),
            Backend::Sqlite => None,
        };
        Ok(ChangeFeed { store: self.clone(), last: after, committed: self.committed.subscribe(), remote })
    }
}

impl ChangeFeed {
    /// The changes after the last ones returned, oldest first, a page at a
    /// time; waits until there are some. After an error the same changes
    /// are read again.
    pub async fn next(&mut self) -> Result<Vec<Change>> {
        loop {
            let changes = self.store.changes_since(self.last, PAGE).await?;
            if let Some(last) = changes.last() {
                self.last = last.seq;
                return Ok(changes);
            }
            self.wait().await;
        }
    }

    async fn wait(&mut self) {
        let remote = async {
            match &mut self.remote {
                Some(rx) => {
                    rx.recv().await;
                }
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = self.committed.changed() => {}
            _ = remote => {}
            _ = tokio::time::sleep(POLL) => {}
        }
    }
}

/// LISTENs for change-log commits on a connection of its own, until the
/// follower is dropped.
async fn listen(url: &DatabaseUrl) -> Result<mpsc::Receiver<()>> {
    let mut listener = sqlx::postgres::PgListener::connect(url.as_driver_url()).await?;
    listener.listen(CHANNEL).await?;
    let (tx, rx) = mpsc::channel(1);
    tokio::spawn(async move {
        loop {
            tokio::select! {
                received = listener.recv() => match received {
                    // A wake-up already waiting is as good as another.
                    Ok(_) => if let Err(TrySendError::Closed(_)) = tx.try_send(()) {
                        return;
                    },
                    Err(e) => {
                        tracing::warn!(error = %e, "change notifications interrupted; polling until they resume");
                        tokio::time::sleep(POLL).await;
                    }
                },
                _ = tx.closed() => return,
            }
        }
    });
    Ok(rx)
}
