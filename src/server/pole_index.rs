//! Keeping the in-memory index of vehicles, phones and places in step with
//! the store: built whole at start from the object keys and the places,
//! then refreshed record by record as the change log names them.

use std::collections::BTreeSet;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use futures::TryStreamExt;

use super::AppState;
use crate::api::Change;
use crate::search::pole::PoleIndex;
use crate::store::{Store, StoreError};

/// Reads every object key and every place into a fresh index.
pub async fn build(store: &Store) -> Result<PoleIndex, StoreError> {
    let started = Instant::now();
    let mut index = PoleIndex::new();
    let mut keys = std::pin::pin!(store.object_key_pages());
    while let Some(page) = keys.try_next().await? {
        for (id, kind, key) in Store::object_rows_in(&page)? {
            index.add_object_key(&id, &kind, &key);
        }
    }
    let mut places = std::pin::pin!(store.place_pages());
    while let Some(page) = places.try_next().await? {
        for place in Store::places_in(&page)? {
            index.set_place(&place);
        }
    }
    index.shrink_to_fit();
    let stats = index.stats();
    tracing::info!(
        vehicles = stats.vehicles,
        phones = stats.phones,
        places = stats.places,
        seconds = started.elapsed().as_secs_f64(),
        "vehicle, phone and place index ready"
    );
    Ok(index)
}

/// The objects and places `changes` name, read again and put in `index`
/// (or taken out, when gone).
pub async fn refresh(store: &Store, index: &tokio::sync::RwLock<PoleIndex>, changes: &[Change]) -> anyhow::Result<()> {
    let named = |topic: &str| -> Vec<String> {
        let ids: BTreeSet<&String> = changes.iter().filter(|c| c.topic == topic).map(|c| &c.record_id).collect();
        ids.into_iter().cloned().collect()
    };
    let (objects, places) = (named("objects"), named("places"));
    if objects.is_empty() && places.is_empty() {
        return Ok(());
    }
    let found_objects = if objects.is_empty() { Vec::new() } else { store.objects_by_ids(&objects).await? };
    let found_places = if places.is_empty() { Vec::new() } else { store.places_by_ids(&places).await? };
    let mut index = index.write().await;
    for id in &objects {
        match found_objects.iter().find(|o| &o.id == id) {
            Some(o) => index.set_object(&o.id, o.details.kind_name(), &o.details.keys()),
            None => index.remove_object(id),
        }
    }
    for id in &places {
        match found_places.iter().find(|p| &p.id == id) {
            Some(p) => index.set_place(p),
            None => index.remove_place(id),
        }
    }
    Ok(())
}

/// How long a search waits for the change log to reach the index before
/// answering from what it holds.
const CATCH_UP: Duration = Duration::from_secs(5);

/// Waits until the index holds every change committed so far, when this
/// server has written since it last knew so: a place or a plate just
/// recorded here is found by the next search. With no writes in between it
/// costs nothing (no read of the store).
pub async fn caught_up(state: &AppState) -> Result<(), StoreError> {
    let commits = state.store.local_commits();
    if state.pole_checked.load(Ordering::Acquire) == commits {
        return Ok(());
    }
    let target = state.store.last_change().await?;
    let started = Instant::now();
    while state.applied.load(Ordering::Acquire) < target {
        if started.elapsed() > CATCH_UP {
            tracing::warn!(target, "the vehicle, phone and place index is behind the change log; answering from it");
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    state.pole_checked.store(commits, Ordering::Release);
    Ok(())
}
