//! Consultations (a read's audit entry, committed before the data is
//! handed over) written in groups, and on SQLite in one statement a group.
//!
//! Every read waits for its entry, and entries chain one after another, so
//! each consultation joins a queue and one writer at a time empties it: it
//! writes everything queued in one go, answers each caller, and at once
//! takes what queued meanwhile, until nothing is left. A reader waits for
//! the write that carries its own entry, and never for the right to start
//! one (handing that right from caller to caller put whole groups' writes
//! in front of readers whose entries were already committed).

use std::sync::{Arc, Mutex as SyncMutex};

use chrono::Utc;
use tokio::sync::oneshot;

use super::audit_chain::{chain_rows, head_moved, read_head, PendingAudit, APPEND_HEAD};
use super::bulk::{bind_rows, statement, ROWS_PER_STATEMENT};
use super::codec::time;
use super::{Backend, Result, Store, StoreError};

/// Consultations waiting for their entries, and whether a writer is at work.
#[derive(Default)]
pub(super) struct Queue(SyncMutex<Waiting>);

#[derive(Default)]
struct Waiting {
    entries: Vec<Consultation>,
    writing: bool,
}

struct Consultation {
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
        let (done, outcome) = oneshot::channel();
        let start_writer = {
            let mut waiting = self.consultations.lock();
            waiting.entries.push(Consultation { entries, done });
            !std::mem::replace(&mut waiting.writing, true)
        };
        if start_writer {
            // A task of its own: a caller that goes away mid-write must not
            // take the other callers' entries with it.
            let (store, writer) = (self.clone(), Writer { queue: self.consultations.clone(), finished: false });
            tokio::spawn(async move { store.write_consultations(writer).await });
        }
        outcome
            .await
            .map_err(|_| StoreError::Unavailable("the audit writer stopped before answering".into()))?
            .map_err(StoreError::Unavailable)
    }

    /// Writes queued consultations a group at a time until none are left.
    async fn write_consultations(&self, mut writer: Writer) {
        loop {
            let group = {
                let mut waiting = writer.queue.lock();
                if waiting.entries.is_empty() {
                    waiting.writing = false;
                    writer.finished = true;
                    return;
                }
                std::mem::take(&mut waiting.entries)
            };
            let (entries, done): (Vec<_>, Vec<_>) = group.into_iter().map(|c| (c.entries, c.done)).unzip();
            let entries: Vec<PendingAudit> = entries.into_iter().flatten().collect();
            let written = self.append_group(&entries).await.map_err(|e| e.to_string());
            for d in done {
                let _ = d.send(written.clone());
            }
        }
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
                None => read_head(&self.writer).await?,
            };
            let (rows, last) = chain_rows(Backend::Sqlite, head, &time(Utc::now()), entries);
            let sql = statement(Backend::Sqlite, APPEND_HEAD, 13, &rows);
            match bind_rows(sqlx::query(&sql), &rows).execute(&self.writer).await {
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

impl Queue {
    fn lock(&self) -> std::sync::MutexGuard<'_, Waiting> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The writer at work. Should its task be stopped before it finishes (its
/// runtime shutting down), the queue is left without a writer, so the next
/// consultation starts one for what is still queued; the callers of the
/// group it held are told it stopped.
struct Writer {
    queue: Arc<Queue>,
    finished: bool,
}

impl Drop for Writer {
    fn drop(&mut self) {
        if !self.finished {
            self.queue.lock().writing = false;
        }
    }
}
