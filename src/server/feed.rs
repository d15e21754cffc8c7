//! Following the change log: every server reads every change, whichever
//! server took the write, applies it to its subject index and passes it to
//! its event-stream subscribers. Woken by local commits, by PostgreSQL
//! NOTIFY from other servers, and by a one-second poll as a safety net.

use std::collections::BTreeSet;
use std::sync::atomic::Ordering;
use std::time::Duration;

use super::subject_index::load_entries;
use super::AppState;
use crate::store::Backend;

const PAGE: i64 = 2000;

pub async fn spawn(state: AppState, start: i64) -> anyhow::Result<()> {
    let wake = std::sync::Arc::new(tokio::sync::Notify::new());
    if state.store.backend == Backend::Postgres {
        let mut listener = sqlx::postgres::PgListener::connect(state.store.url().as_driver_url()).await?;
        listener.listen("bluelamp_changes").await?;
        let wake = wake.clone();
        tokio::spawn(async move {
            loop {
                match listener.recv().await {
                    Ok(_) => wake.notify_one(),
                    Err(e) => {
                        tracing::warn!(error = %e, "change notifications interrupted; polling until they resume");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
            }
        });
    }
    let committed = state.store.committed();
    tokio::spawn(async move {
        let mut last = start;
        loop {
            match catch_up(&state, last).await {
                Ok(seq) => last = seq,
                Err(e) => tracing::warn!(error = %e, "reading the change log failed; retrying"),
            }
            tokio::select! {
                _ = committed.notified() => {}
                _ = wake.notified() => {}
                _ = tokio::time::sleep(Duration::from_secs(1)) => {}
            }
        }
    });
    Ok(())
}

/// Applies every change after `last`; returns the new last sequence.
async fn catch_up(state: &AppState, mut last: i64) -> anyhow::Result<i64> {
    loop {
        let changes = state.store.changes_since(last, PAGE).await?;
        if changes.is_empty() {
            return Ok(last);
        }
        let people: BTreeSet<String> = changes.iter().flat_map(|c| c.person_ids.iter().cloned()).collect();
        let people: Vec<String> = people.into_iter().collect();
        let entries = load_entries(&state.store, &people).await?;
        let mut index = state.index.write().await;
        for (id, entry) in entries {
            match entry {
                Some(entry) => index.upsert(entry),
                None => {
                    index.remove(&id);
                }
            }
        }
        drop(index);
        for change in changes {
            last = change.seq;
            state.applied.store(last, Ordering::Release);
            // No subscribers is fine: the send error only says so.
            let _ = state.feed.send(change);
        }
    }
}
