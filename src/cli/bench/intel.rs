//! `bluelamp bench intel`: intelligence text search over N reports, through
//! the real HTTP API as an investigator (sanitised text only, drafts only
//! their own): the text index's build time and size, the process's
//! resident memory, and search p50/p95/p99. Reports are written in bulk
//! with texts drawn from a vocabulary of a few thousand words, the common
//! ones far more often than the rare (as in real text), a few in draft and
//! a few handling code C; queries are one to three words drawn the same way.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use clap::Args;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::loopback::Loopback;
use super::stats::{memory, mib, percentiles};
use crate::api::intelligence::IntelligenceSearchQuery;
use crate::domain::event::{Event, EventDetails, EventKind};
use crate::domain::intelligence::{Grading, IntelligenceDetails, IntelligenceStatus, Priority};
use crate::domain::provenance::Provenance;
use crate::server::{AppState, ServerConfig};
use crate::store::{Actor, BulkBatch, DatabaseUrl, EventFilter, Store};

#[derive(Debug, Args)]
pub struct IntelBenchArgs {
    /// Intelligence reports in the store.
    #[arg(long, default_value_t = 100_000)]
    pub reports: usize,
    /// Searches timed.
    #[arg(long, default_value_t = 500)]
    pub queries: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Database to fill or reuse (default: a SQLite file in the temp dir, kept for the next run).
    #[arg(long)]
    pub database: Option<DatabaseUrl>,
}

/// Words in the vocabulary.
const VOCABULARY: usize = 5_000;
/// Reports written per transaction.
const BATCH: usize = 5_000;

/// A made-up word for rank `n`: two to four syllables.
fn word(n: usize) -> String {
    const SYLLABLES: [&str; 20] = [
        "ka", "lo", "mi", "ren", "tas", "vo", "bri", "xon", "del", "gar", "pu", "hem", "sto", "nai", "fel", "wic",
        "qua", "dor", "zen", "bly",
    ];
    let (mut n, mut out) = (n + SYLLABLES.len(), String::new());
    while n > 0 {
        out.push_str(SYLLABLES[n % SYLLABLES.len()]);
        n /= SYLLABLES.len();
    }
    out
}

/// A word drawn with the common ones far more often (rank spread
/// log-uniformly, so word r is drawn about as often as 1/r).
fn draw(rng: &mut ChaCha8Rng) -> String {
    let rank = (VOCABULARY as f64).powf(rng.gen::<f64>()) as usize - 1;
    word(rank.min(VOCABULARY - 1))
}

fn text(rng: &mut ChaCha8Rng, words: std::ops::Range<usize>) -> String {
    let n = rng.gen_range(words);
    (0..n).map(|_| draw(rng)).collect::<Vec<_>>().join(" ")
}

fn report(i: usize, rng: &mut ChaCha8Rng) -> Event {
    let code_c = rng.gen_bool(0.05);
    let grading = Grading::ThreeFiveTwo {
        source: 2,
        intelligence: 'B',
        handling: if code_c { 'C' } else { 'P' },
        conditions: code_c.then(|| "Not to be shared outside the unit".to_string()),
    };
    let mut d = IntelligenceDetails::draft(grading, Priority::Medium, text(rng, 10..25), Some(text(rng, 6..15)));
    if !rng.gen_bool(0.03) {
        d.status = IntelligenceStatus::Evaluated;
    }
    let at = Utc.timestamp_opt(1_700_000_000 + i as i64 * 60, 0).single().unwrap_or_else(Utc::now);
    let author = format!("dc.bench{}", rng.gen_range(0..50));
    Event {
        id: uuid::Uuid::new_v4().to_string(),
        kind: EventKind::Intelligence,
        reference: format!("IR/BENCH/{i:08}"),
        version: 1,
        status: d.status.as_str().to_string(),
        occurred_at: at,
        borough: None,
        summary: "Bench report".into(),
        people: Vec::new(),
        details: EventDetails::Intelligence(d),
        created_at: at,
        updated_at: at,
        provenance: Provenance::entered(&author, at),
    }
}

/// Writes reports until the store holds `n` (drafts aside, roughly).
async fn fill(store: &Store, n: usize, seed: u64) -> anyhow::Result<()> {
    let filter = EventFilter { limit: 1, ..EventFilter::default() };
    let have = store.count_events(EventKind::Intelligence, &filter).await?;
    if have >= n * 9 / 10 {
        return Ok(());
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x1a7e1);
    let started = Instant::now();
    let actor = Actor::new("bench", "intelligence benchmark data");
    let mut i = 0;
    while i < n {
        let events: Vec<Event> = (i..(i + BATCH).min(n)).map(|k| report(k, &mut rng)).collect();
        i += events.len();
        let batch = BulkBatch {
            persons: Vec::new(),
            events,
            objects: Vec::new(),
            links: Vec::new(),
            event_objects: Vec::new(),
        };
        store.load_batch(&actor, &batch, None).await?;
        eprint!("\rwritten {i} of {n} reports");
    }
    eprintln!();
    println!("wrote {n} reports in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

pub async fn run(args: IntelBenchArgs) -> anyhow::Result<()> {
    let url = args.database.clone().unwrap_or_else(|| {
        let path: PathBuf =
            std::env::temp_dir().join(format!("bluelamp-bench-intel-{}-{}.db", args.reports, args.seed));
        DatabaseUrl::sqlite(&path)
    });
    let store = Store::open(&url).await?;
    fill(&store, args.reports, args.seed).await?;

    let before = memory().map(|m| m.0);
    let started = Instant::now();
    let alone = crate::server::intel_index::build(&store).await?;
    let build = started.elapsed();
    let stats = alone.stats();
    drop(alone);
    let state = AppState::start(store.clone(), ServerConfig::default()).await?;
    let server = Loopback::start(&state, &store).await?;
    let client = &server.client;
    let mut rng = ChaCha8Rng::seed_from_u64(args.seed ^ 0x5ea7c4);
    let queries: Vec<String> = (0..args.queries)
        .map(|_| {
            let n = rng.gen_range(1..=3);
            (0..n).map(|_| draw(&mut rng)).collect::<Vec<_>>().join(" ")
        })
        .collect();
    let ask = |q: &String| IntelligenceSearchQuery { q: q.clone(), limit: Some(20), after: None, reason: None };
    for q in queries.iter().take(50) {
        client.intelligence_search(&ask(q)).await?;
    }
    let (mut latencies, mut found, mut broad): (Vec<Duration>, usize, usize) = (Vec::new(), 0, 0);
    for q in &queries {
        let t = Instant::now();
        let page = client.intelligence_search(&ask(q)).await?;
        latencies.push(t.elapsed());
        if page.more_at_least {
            broad += 1;
        } else {
            found += page.items.len() + page.more;
        }
    }
    let rss = memory();
    server.stop().await;

    println!();
    println!(
        "indexed: {} reports, {} distinct words, {} postings; about {} held by the index",
        stats.reports,
        stats.words,
        stats.postings,
        mib(stats.bytes as u64)
    );
    println!("index built in {:.2} s (read from the store and parsed)", build.as_secs_f64());
    if let (Some((rss, peak)), Some(before)) = (rss, before) {
        println!("resident: {} (peak {}; {} before the index was built)", mib(rss), mib(peak), mib(before));
    }
    super::stats::print_load();
    let n = latencies.len();
    let p = percentiles(&mut latencies).map_or("-".into(), |p| p.to_string());
    println!(
        "{n} searches of 1 to 3 words, a page of 20, as an investigator over HTTP (one client): {p}; \
         {broad} matched more than the page and the 1,000 counted beyond it, the rest {:.0} reports on average",
        found as f64 / n.saturating_sub(broad).max(1) as f64
    );
    Ok(())
}
