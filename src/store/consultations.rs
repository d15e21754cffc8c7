//! Consultations (a read's audit entry, committed before the data is
//! handed over) written in groups, and on SQLite in one statement a group.
//!
//! Every read waits for its entry, and entries chain one after another, so
//! reads queued behind each other's commits: a search spent longer writing
//! its audit than searching. Each consultation now joins a queue; whoever
//! takes the turn writes everything queued at once and tells each caller
//! how it went.

use std::sync::{Arc, Mutex as SyncMutex};

use chrono::Utc;
use tokio::sync::{oneshot, Mutex};

use super::audit_chain::{chain_rows, head_moved, read_head, PendingAudit, APPEND_HEAD};
use super::bulk::{bind_rows, statement, ROWS_PER_STATEMENT};
use super::codec::time;
use super::{Backend, Result, Store, StoreError};

/// Consultations waiting for their entries, and the turn to write them.
#[derive(Default)]
pub(super) struct Queue {
    waiting: SyncMutex<Vec<Waiting>>,
    turn: Arc<Mutex<()>>,
}

struct Waiting {
    entries: Vec<PendingAudit>,
    done: oneshot::Sender<std::result::Result<(), String>>,
}

impl Store {
    /// Appends `entries` to the audit, with whatever other consultations
    /// are waiting, and returns once they are committed.
    pub(super) async fn consult(&self, entries: Vec<PendingAudit>) -> Result<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let (done, mut outcome) = oneshot::channel();
        self.waiting().push(Waiting { entries, done });
        let turn = self.consultations.turn.clone().lock_owned().await;
        // The turn before this one may have written these entries already.
        if let Ok(written) = outcome.try_recv() {
            return written.map_err(StoreError::Unavailable);
        }
        let group = std::mem::take(&mut *self.waiting());
        let store = self.clone();
        // A task of its own: a caller that goes away mid-write must not
        // take the other callers' entries with it.
        tokio::spawn(async move {
            let _turn = turn;
            let (entries, done): (Vec<_>, Vec<_>) = group.into_iter().map(|w| (w.entries, w.done)).unzip();
            let entries: Vec<PendingAudit> = entries.into_iter().flatten().collect();
            let written = store.append_group(&entries).await.map_err(|e| e.to_string());
            for d in done {
                let _ = d.send(written.clone());
            }
        });
        outcome
            .await
            .map_err(|_| StoreError::Unavailable("the audit writer stopped before answering".into()))?
            .map_err(StoreError::Unavailable)
    }

    fn waiting(&self) -> std::sync::MutexGuard<'_, Vec<Waiting>> {
        self.consultations.waiting.lock().unwrap_or_else(|e| e.into_inner())
    }

    async fn append_group(&self, entries: &[PendingAudit]) -> Result<()> {
        if self.backend == Backend::Sqlite && entries.len() <= ROWS_PER_STATEMENT {
            return self.append_in_one_statement(entries).await;
        }
        let mut w = self.begin_write().await?;
        w.pending_audit.extend(entries.iter().cloned());
        w.commit().await
    }

    /// SQLite: one INSERT through `audit_appends`, atomic without a
    /// transaction around it, after the head this process knows (read
    /// again if another process appended since).
    async fn append_in_one_statement(&self, entries: &[PendingAudit]) -> Result<()> {
        let _serial = self.write_lock.lock().await;
        let mut attempt = 0;
        loop {
            let head = match self.known_head.get() {
                Some(head) => head,
                None => read_head(&self.pool).await?,
            };
            let (rows, last) = chain_rows(Backend::Sqlite, head, &time(Utc::now()), entries);
            let sql = statement(Backend::Sqlite, APPEND_HEAD, 13, &rows);
            match bind_rows(sqlx::query(&sql), &rows).execute(&self.pool).await {
                Ok(_) => {
                    self.known_head.set(Some(last));
                    return Ok(());
                }
                Err(e) => {
                    self.known_head.set(None);
                    let e = StoreError::from(e);
                    if !head_moved(&e) || attempt == 2 {
                        return Err(e);
                    }
                    attempt += 1;
                }
            }
        }
    }
}
