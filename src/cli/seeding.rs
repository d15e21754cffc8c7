//! Loading a synthetic London into a store, batch by batch, with a progress
//! bar. Each batch commits whole and records that it did, so an interrupted
//! seed resumes where it stopped when run again with the same settings.

use std::time::Instant;

use chrono::Utc;
use indicatif::{ProgressBar, ProgressStyle};

use crate::seed::{Generator, SeedConfig};
use crate::store::{Actor, BulkBatch, Store};

const BATCH: usize = 2_000;

pub struct SeedReport {
    pub persons: usize,
    pub events: usize,
    pub seconds: f64,
    /// Of which generating the data (the rest is writing it).
    pub generating: f64,
}

impl std::fmt::Display for SeedReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let rate = self.persons as f64 / self.seconds.max(0.001);
        write!(
            f,
            "seeded {} persons and {} events in {:.1} s ({:.0} persons/s; {:.1} s generating, {:.1} s writing)",
            self.persons,
            self.events,
            self.seconds,
            rate,
            self.generating,
            self.seconds - self.generating
        )
    }
}

pub async fn seed(store: &Store, persons: usize, seed: u64, progress: bool) -> anyhow::Result<SeedReport> {
    let started = Instant::now();
    let mut generator = Generator::new(SeedConfig { persons, seed, now: Utc::now() });
    store.upsert_locations(&generator.locations()).await?;
    let marker = format!("seed:{seed}:{persons}:{BATCH}");
    let done_batches = store.counter(&marker).await?;
    let bar = if progress { ProgressBar::new(persons as u64) } else { ProgressBar::hidden() };
    bar.set_style(
        ProgressStyle::with_template("seeding {bar:40} {pos}/{len} persons ({per_sec}, {eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let actor = Actor::new("seed", "synthetic data for training and testing");
    let (mut batch_no, mut total_persons, mut total_events) = (0i64, 0usize, 0usize);
    let mut generating = std::time::Duration::ZERO;
    loop {
        let t = Instant::now();
        let Some(batch) = generator.next_batch(BATCH) else { break };
        generating += t.elapsed();
        batch_no += 1;
        bar.inc(batch.persons.len() as u64);
        if batch_no <= done_batches {
            continue;
        }
        total_persons += batch.persons.len();
        total_events += batch.events.len();
        let bulk = BulkBatch {
            persons: batch.persons,
            events: batch.events,
            objects: batch.objects,
            links: batch.links,
            event_objects: batch.event_objects,
        };
        store.load_batch(&actor, &bulk, Some(&marker)).await?;
    }
    bar.finish_and_clear();
    Ok(SeedReport {
        persons: total_persons,
        events: total_events,
        seconds: started.elapsed().as_secs_f64(),
        generating: generating.as_secs_f64(),
    })
}
