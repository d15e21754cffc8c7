//! `bluelamp bench crimes`: the crime desk's queues over N crimes, through
//! the real HTTP API as an investigator: a page of 50 of every live crime,
//! a unit's, the unallocated, those awaiting classification and those with
//! a review due, each followed four pages deep, p50/p95/p99. Crimes are
//! written in bulk, each taken by the desk's own actions (classified,
//! allocated to one of 200 officers in five units, logged) to a state
//! drawn at random over two years of reports.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{Duration as Span, Utc};
use clap::Args;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::loopback::Loopback;
use super::stats::percentiles;
use crate::api::crimes::{CrimeQueue, CrimeQueueQuery};
use crate::domain::boroughs::BOROUGHS;
use crate::domain::crime::lifecycle::{apply, Acting, CrimeAction, CrimeState};
use crate::domain::crime::{CrimeDetails, CrimeLogKind, CrimeRules};
use crate::domain::event::{Event, EventDetails, EventKind};
use crate::domain::provenance::Provenance;
use crate::server::{AppState, ServerConfig};
use crate::store::{Actor, BulkBatch, DatabaseUrl, EventFilter, Store};

#[derive(Debug, Args)]
pub struct CrimeBenchArgs {
    /// Crimes in the store.
    #[arg(long, default_value_t = 500_000)]
    pub crimes: usize,
    /// Queue pages timed.
    #[arg(long, default_value_t = 400)]
    pub requests: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Database to fill or reuse (default: a SQLite file in the temp dir, kept for the next run).
    #[arg(long)]
    pub database: Option<DatabaseUrl>,
}

/// Crimes written per transaction.
const BATCH: usize = 5_000;
const UNITS: [&str; 5] = ["CID", "Burglary Squad", "Community Safety Unit", "Response Team", "Robbery Squad"];
const OFFENCES: [(&str, &str); 6] = [
    ("Burglary - residential", "28E"),
    ("Shoplifting", "46"),
    ("Criminal damage", "58D"),
    ("Common assault", "105A"),
    ("Theft from a motor vehicle", "45"),
    ("Robbery of personal property", "34B"),
];

/// One crime reported up to two years ago, taken by the desk's actions to
/// a state drawn at random.
fn crime(i: usize, rng: &mut ChaCha8Rng, rules: &CrimeRules) -> Event {
    let now = Utc::now();
    let reported = now - Span::minutes(rng.gen_range(0..2 * 365 * 24 * 60));
    let (offence, code) = OFFENCES[rng.gen_range(0..OFFENCES.len())];
    let mut state = CrimeState { details: CrimeDetails::reported(offence.into(), None, reported), people: Vec::new() };
    let step = |state: &mut CrimeState, at: chrono::DateTime<Utc>, action: CrimeAction| {
        if let Ok(next) = apply(state, &action, &Acting { by: "pc.bench", now: at.min(now), rules }) {
            *state = next;
        }
    };
    let mut at = reported + Span::hours(rng.gen_range(1..30));
    if rng.gen_bool(0.9) {
        step(&mut state, at, CrimeAction::Classify { code: code.into(), reason: None });
        if rng.gen_bool(0.75) {
            at += Span::hours(rng.gen_range(1..72));
            let officer = format!("dc.bench{}", rng.gen_range(0..200));
            let unit = UNITS[rng.gen_range(0..UNITS.len())].to_string();
            step(&mut state, at, CrimeAction::Allocate { officer, unit, reason: None });
            at += Span::hours(rng.gen_range(1..200));
            let text = "House-to-house enquiries made in the street".to_string();
            step(&mut state, at, CrimeAction::Log { kind: CrimeLogKind::Enquiry, text });
        }
    }
    let details = EventDetails::Crime(Box::new(state.details));
    Event {
        id: uuid::Uuid::new_v4().to_string(),
        kind: EventKind::Crime,
        reference: format!("CR/BENCH/{i:08}"),
        version: 1,
        status: details.status(),
        occurred_at: reported - Span::hours(rng.gen_range(0..48)),
        borough: Some(BOROUGHS[rng.gen_range(0..BOROUGHS.len())].to_string()),
        summary: "Bench crime".into(),
        people: Vec::new(),
        details,
        created_at: reported,
        updated_at: at.min(now),
        provenance: Provenance::entered("pc.bench", reported),
    }
}

/// Writes crimes until the store holds `n` (roughly).
async fn fill(store: &Store, n: usize, seed: u64) -> anyhow::Result<()> {
    let filter = EventFilter { limit: 1, ..EventFilter::default() };
    if store.count_events(EventKind::Crime, &filter).await? >= n * 9 / 10 {
        return Ok(());
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xc21e);
    let rules = CrimeRules::default();
    let started = Instant::now();
    let actor = Actor::new("bench", "crime queue benchmark data");
    let mut i = 0;
    while i < n {
        let events: Vec<Event> = (i..(i + BATCH).min(n)).map(|k| crime(k, &mut rng, &rules)).collect();
        i += events.len();
        let batch = BulkBatch { events, ..BulkBatch::default() };
        store.load_batch(&actor, &batch, None).await?;
        eprint!("\rwritten {i} of {n} crimes");
    }
    eprintln!();
    println!("wrote {n} crimes in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

pub async fn run(args: CrimeBenchArgs) -> anyhow::Result<()> {
    let url = args.database.clone().unwrap_or_else(|| {
        let path: PathBuf =
            std::env::temp_dir().join(format!("bluelamp-bench-crimes-{}-{}.db", args.crimes, args.seed));
        DatabaseUrl::sqlite(&path)
    });
    let store = Store::open(&url).await?;
    fill(&store, args.crimes, args.seed).await?;
    let state = AppState::start(store.clone(), ServerConfig::default()).await?;
    let server = Loopback::start(&state, &store).await?;
    let client = &server.client;
    let queues: [(&str, Option<CrimeQueue>, Option<&str>); 6] = [
        ("every live crime", None, None),
        ("a unit's", Some(CrimeQueue::Unit), Some("CID")),
        ("unallocated", Some(CrimeQueue::Unallocated), None),
        ("awaiting classification", Some(CrimeQueue::AwaitingClassification), None),
        ("review due", Some(CrimeQueue::ReviewDue), None),
        ("review due in a unit", Some(CrimeQueue::ReviewDue), Some("Robbery Squad")),
    ];
    let ask = |queue: Option<CrimeQueue>, unit: Option<&str>, after: Option<String>| CrimeQueueQuery {
        queue,
        unit: unit.map(str::to_string),
        limit: Some(50),
        after,
        ..CrimeQueueQuery::default()
    };
    for (_, queue, unit) in &queues {
        client.crime_queue(&ask(*queue, *unit, None)).await?;
    }
    let mut latencies: Vec<Duration> = Vec::with_capacity(args.requests);
    let mut rows = 0;
    let mut next: Option<String> = None;
    for i in 0..args.requests {
        let (_, queue, unit) = queues[(i / 4) % queues.len()];
        // Four pages deep into each queue, then the next queue.
        let after = if i % 4 == 0 { None } else { next.take() };
        let t = Instant::now();
        let page = client.crime_queue(&ask(queue, unit, after)).await?;
        latencies.push(t.elapsed());
        rows += page.rows.len();
        next = page.next;
    }
    server.stop().await;
    println!();
    super::stats::print_load();
    let n = latencies.len();
    let p = percentiles(&mut latencies).map_or("-".into(), |p| p.to_string());
    let names: Vec<&str> = queues.iter().map(|q| q.0).collect();
    println!(
        "{n} crime queue pages of 50 over {} crimes ({}; four pages deep each), as an investigator over HTTP: {p}; \
         {:.1} rows a page on average",
        args.crimes,
        names.join(", "),
        rows as f64 / n.max(1) as f64
    );
    Ok(())
}
