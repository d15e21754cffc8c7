//! Preparing entries on every core: batches go out to worker threads and
//! come back in their original order, so a build adds entries in the order
//! given (which decides ties past the search's caps) whatever the threads do.

use std::collections::BTreeMap;
use std::sync::mpsc;
use std::sync::Mutex;

use super::prepared::Prepared;
use super::SubjectEntry;

const BATCH: usize = 4_096;

/// Threads to prepare on: every core but the one adding to the index,
/// and at least one.
pub(crate) fn helpers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().saturating_sub(1)).max(1)
}

/// Prepares `entries` on helper threads and hands the results to `add`,
/// batch by batch, in order, on the calling thread.
pub(crate) fn prepare_in_parallel(entries: &[SubjectEntry], mut add: impl FnMut(Vec<Prepared>)) {
    let batches: Vec<&[SubjectEntry]> = entries.chunks(BATCH).collect();
    let next = Mutex::new(0usize);
    let (done, results) = mpsc::sync_channel::<(usize, Vec<Prepared>)>(4);
    std::thread::scope(|scope| {
        for _ in 0..helpers() {
            let (done, next, batches) = (done.clone(), &next, &batches);
            scope.spawn(move || loop {
                let i = {
                    let Ok(mut n) = next.lock() else { return };
                    let i = *n;
                    *n += 1;
                    i
                };
                let Some(batch) = batches.get(i) else { return };
                if done.send((i, batch.iter().map(Prepared::new).collect())).is_err() {
                    return;
                }
            });
        }
        drop(done);
        let mut waiting: BTreeMap<usize, Vec<Prepared>> = BTreeMap::new();
        let mut due = 0usize;
        for (i, prepared) in results {
            waiting.insert(i, prepared);
            while let Some(batch) = waiting.remove(&due) {
                add(batch);
                due += 1;
            }
        }
    });
}
