//! Following the change log: every server reads every change, whichever
//! server took the write (the store's [`crate::store::ChangeFeed`]),
//! applies it to its subject index and its vehicle, phone and place
//! index, and passes it to its event-stream
//! subscribers.

use std::collections::BTreeSet;
use std::sync::atomic::Ordering;
use std::time::Duration;

use super::subject_index::load_entries;
use super::AppState;
use crate::api::Change;

/// How long to wait before reading again after a failure.
const RETRY: Duration = Duration::from_secs(1);

pub async fn spawn(state: AppState, start: i64) -> anyhow::Result<()> {
    let mut feed = state.store.follow_changes(start).await?;
    tokio::spawn(async move {
        loop {
            let changes = match feed.next().await {
                Ok(changes) => changes,
                Err(e) => {
                    tracing::warn!(error = %e, "reading the change log failed; retrying");
                    tokio::time::sleep(RETRY).await;
                    continue;
                }
            };
            // The index first: a client told of a change must find it there.
            while let Err(e) = index(&state, &changes).await {
                tracing::warn!(error = %e, "updating the subject index from the change log failed; retrying");
                tokio::time::sleep(RETRY).await;
            }
            while let Err(e) = super::pole_index::refresh(&state.store, &state.pole, &changes).await {
                tracing::warn!(error = %e, "updating the vehicle, phone and place index failed; retrying");
                tokio::time::sleep(RETRY).await;
            }
            while let Err(e) = super::intel_index::refresh(&state.store, &state.intel, &changes).await {
                tracing::warn!(error = %e, "updating the intelligence text index failed; retrying");
                tokio::time::sleep(RETRY).await;
            }
            for change in changes {
                state.applied.store(change.seq, Ordering::Release);
                // No subscribers is fine: the send error only says so.
                let _ = state.feed.send(change);
            }
        }
    });
    Ok(())
}

/// Brings the subject index up to date with the people `changes` touched.
async fn index(state: &AppState, changes: &[Change]) -> anyhow::Result<()> {
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
    Ok(())
}
