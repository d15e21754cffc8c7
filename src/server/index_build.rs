//! Building the subject index from the whole store at start, on every core
//! and in little memory. Three reads run at once, in pages: the persons'
//! summaries, their event rows (references and flags) and their objects
//! (vehicles and phones). The last two fill a compact table first; summary
//! pages queue meanwhile, then go to helper threads that parse them and
//! prepare each entry with what the table holds for it, and one thread
//! adds the entries to the index in the order read.

use std::sync::mpsc;
use std::sync::Mutex;
use std::time::Instant;

use chrono::{NaiveDate, Utc};
use futures::TryStreamExt;

use super::index_extras::{ExtrasTable, Kind};
use super::subject_index::entry_for;
use crate::search::{Prepared, SubjectIndex};
use crate::store::{event_kind, Store, StoreError};

/// Pages of summaries (2,000 persons each) read but not yet prepared: the
/// reads of events and objects finish while these queue.
const QUEUED_PAGES: usize = 64;

fn join_error(e: tokio::task::JoinError) -> StoreError {
    StoreError::Unavailable(format!("building the subject index: {e}"))
}

/// Reads the whole store into a fresh index, logging progress.
pub async fn build(store: &Store) -> Result<SubjectIndex, StoreError> {
    let started = Instant::now();
    let total = store.count_persons().await?;
    tracing::info!(persons = total, "building the subject index");
    let today = Utc::now().date_naive();
    let (raw, pages) = tokio::sync::mpsc::channel::<String>(QUEUED_PAGES);
    let (ready, extras) = tokio::sync::oneshot::channel::<ExtrasTable>();
    let adding =
        tokio::task::spawn_blocking(move || add_persons(pages, extras, usize::try_from(total).unwrap_or(0), today));
    let reading = async move {
        let mut pages = std::pin::pin!(store.summary_pages());
        let mut read = 0usize;
        while let Some(page) = pages.try_next().await? {
            read += 1;
            if raw.send(page).await.is_err() {
                // The adding thread stopped; its error says why.
                return Ok(());
            }
            if read % 100 == 0 {
                tracing::info!(pages = read, persons = total, "reading persons");
            }
        }
        Ok::<_, StoreError>(())
    };
    let extras = async {
        let table = read_extras(store).await?;
        tracing::info!(
            seconds = started.elapsed().as_secs_f64(),
            persons = table.len(),
            "read persons' events and objects"
        );
        // The adding thread gone early has its own error to tell.
        let _ = ready.send(table.finish());
        Ok::<_, StoreError>(())
    };
    let (read, extras) = tokio::join!(reading, extras);
    let index = adding.await.map_err(join_error)?;
    read?;
    extras?;
    let index = index?;
    tracing::info!(persons = index.len(), seconds = started.elapsed().as_secs_f64(), "subject index ready");
    Ok(index)
}

/// References and flags from the event rows, vehicles and phones from the
/// objects, both read at once.
async fn read_extras(store: &Store) -> Result<ExtrasTable, StoreError> {
    let table = Mutex::new(ExtrasTable::default());
    let poisoned = || StoreError::Unavailable("extras table poisoned".into());
    let events = async {
        let mut pages = std::pin::pin!(store.event_row_pages());
        while let Some(page) = pages.try_next().await? {
            let rows = Store::event_rows_in(&page)?;
            let mut t = table.lock().map_err(|_| poisoned())?;
            for (person, reference, flag, kind) in rows {
                t.add(&person, Kind::Reference(event_kind(&kind)), &reference);
                if let Some(flag) = flag {
                    t.add_flag(&person, &flag);
                }
            }
        }
        Ok::<_, StoreError>(())
    };
    let objects = async {
        let mut pages = std::pin::pin!(store.object_row_pages());
        while let Some(page) = pages.try_next().await? {
            let rows = Store::object_rows_in(&page)?;
            let mut t = table.lock().map_err(|_| poisoned())?;
            for (person, kind, key) in rows {
                let kind = match kind.as_str() {
                    "vehicle" => Kind::Vehicle,
                    "phone" => Kind::Phone,
                    _ => continue,
                };
                t.add(&person, kind, &key);
            }
        }
        Ok::<_, StoreError>(())
    };
    let (events, objects) = tokio::join!(events, objects);
    events?;
    objects?;
    table.into_inner().map_err(|_| poisoned())
}

/// Runs on a blocking thread: helpers parse and prepare batches as they
/// arrive, and this thread adds them to the index in the order read.
fn add_persons(
    pages: tokio::sync::mpsc::Receiver<String>,
    extras: tokio::sync::oneshot::Receiver<ExtrasTable>,
    total: usize,
    today: NaiveDate,
) -> Result<SubjectIndex, StoreError> {
    let Ok(extras) = extras.blocking_recv() else {
        // Reading them failed; that error is the one to tell.
        return Ok(SubjectIndex::new());
    };
    let extras = &extras;
    let mut index = SubjectIndex::new();
    index.reserve(total);
    let incoming = Mutex::new((pages, 0usize));
    let (done, prepared) = mpsc::sync_channel::<(usize, Result<Vec<Prepared>, StoreError>)>(8);
    // Every core: the thread adding entries waits on the helpers most of the time.
    let helpers = std::thread::available_parallelism().map_or(1, |n| n.get()).max(1);
    std::thread::scope(|scope| {
        for _ in 0..helpers {
            let (done, incoming) = (done.clone(), &incoming);
            scope.spawn(move || loop {
                let (seq, batch) = {
                    let Ok(mut guard) = incoming.lock() else { return };
                    let Some(batch) = guard.0.blocking_recv() else { return };
                    guard.1 += 1;
                    (guard.1 - 1, batch)
                };
                if done.send((seq, prepare(batch, extras, today))).is_err() {
                    return;
                }
            });
        }
        drop(done);
        let mut waiting = std::collections::BTreeMap::new();
        let mut due = 0usize;
        for (seq, result) in prepared {
            waiting.insert(seq, result?);
            while let Some(batch) = waiting.remove(&due) {
                for p in batch {
                    index.insert(p);
                }
                due += 1;
            }
        }
        Ok::<_, StoreError>(())
    })?;
    index.shrink_to_fit();
    Ok(index)
}

fn prepare(page: String, extras: &ExtrasTable, today: NaiveDate) -> Result<Vec<Prepared>, StoreError> {
    let summaries = Store::summaries_in(&page)?;
    drop(page);
    Ok(summaries
        .into_iter()
        .map(|(id, summary)| {
            let x = extras.extras(&id);
            Prepared::new(&entry_for(id, summary, x, today))
        })
        .collect())
}
