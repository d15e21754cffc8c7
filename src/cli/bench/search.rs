//! `bluelamp bench search`: seeds (or reuses) a London of N persons, starts
//! the real server on loopback, and runs noisy queries made from seeded
//! persons through the HTTP API; with `--compare-postgres`, runs the same
//! queries against a competent PostgreSQL design over the same persons and
//! prints both side by side.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use clap::Args;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::loopback::Loopback;
use super::pg_design::PgDesign;
use super::queries::{ambiguity_keys, make_set, Noise, PersonKeys, TestQuery};
use super::report::{print_side_by_side, EngineReport};
use super::stats::{memory, percentiles};
use crate::cli::seeding;
use crate::client::Client;
use crate::domain::person::Person;
use crate::search::SubjectQuery;
use crate::server::{AppState, ServerConfig};
use crate::store::{DatabaseUrl, Store};

#[derive(Debug, Args)]
pub struct SearchBenchArgs {
    /// Persons in the seeded London.
    #[arg(long, default_value_t = 100_000)]
    pub persons: usize,
    /// Queries to run (spread evenly over the kinds of noise).
    #[arg(long, default_value_t = 4_400)]
    pub queries: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Database to seed or reuse (default: a SQLite file in the temp dir, kept for the next run).
    #[arg(long)]
    pub database: Option<DatabaseUrl>,
    /// Also run the queries against a PostgreSQL design (pg_trgm, double metaphone, DOB index)
    /// in a fresh database of the PostgreSQL the PG* environment names.
    #[arg(long)]
    pub compare_postgres: bool,
    /// Concurrent clients for the throughput run.
    #[arg(long, default_value_t = 16)]
    pub clients: usize,
    /// Run only the PostgreSQL design (with --compare-postgres).
    #[arg(long)]
    pub skip_bluelamp: bool,
    /// Leave the PostgreSQL design's database in place, for a look at its plans.
    #[arg(long)]
    pub keep_postgres: bool,
}

/// A search engine under test: both answer with person ids, best first.
#[derive(Clone)]
enum Engine {
    Bluelamp(Client),
    Postgres(Arc<PgDesign>),
}

impl Engine {
    async fn search(&self, q: &TestQuery, today: NaiveDate) -> anyhow::Result<Vec<String>> {
        match self {
            Engine::Bluelamp(client) => {
                let reply = client.search_subjects(&q.text, q.dob.as_deref(), 10).await?;
                Ok(reply.hits.into_iter().map(|h| h.person_id).collect())
            }
            Engine::Postgres(pg) => pg.search(q, today).await,
        }
    }
}

/// Every query once, by `clients` concurrent tasks; per-query latency and
/// rank of the true person (in query order), and the wall time.
async fn run_queries(
    engine: &Engine,
    queries: &Arc<Vec<TestQuery>>,
    clients: usize,
    today: NaiveDate,
) -> anyhow::Result<(Vec<Duration>, Vec<Option<usize>>, Duration)> {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients.max(1) {
        let (engine, queries, next) = (engine.clone(), queries.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut out = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(q) = queries.get(i) else { break };
                let t = Instant::now();
                let ids = engine.search(q, today).await?;
                let took = t.elapsed();
                out.push((i, took, ids.iter().position(|id| *id == q.person_id)));
            }
            anyhow::Ok(out)
        }));
    }
    let mut all = Vec::with_capacity(queries.len());
    for t in tasks {
        all.extend(t.await??);
    }
    let wall = started.elapsed();
    all.sort_by_key(|(i, _, _)| *i);
    Ok((all.iter().map(|a| a.1).collect(), all.iter().map(|a| a.2).collect(), wall))
}

/// Latency and accuracy at one client, throughput at one and at many.
async fn measure(
    name: &'static str,
    engine: &Engine,
    queries: &Arc<Vec<TestQuery>>,
    clients: usize,
    today: NaiveDate,
) -> anyhow::Result<EngineReport> {
    // Warm up connections and caches.
    for q in queries.iter().take(100) {
        engine.search(q, today).await?;
    }
    let (times, ranks, wall1) = run_queries(engine, queries, 1, today).await?;
    let (_, _, wall_n) = run_queries(engine, queries, clients, today).await?;
    let n = queries.len() as f64;
    let mut by_noise: BTreeMap<Noise, Vec<Option<usize>>> = BTreeMap::new();
    for (q, r) in queries.iter().zip(&ranks) {
        by_noise.entry(q.noise).or_default().push(*r);
    }
    Ok(EngineReport {
        name,
        latency: percentiles(&mut times.clone()),
        ranks,
        times,
        by_noise,
        throughput_1: n / wall1.as_secs_f64(),
        throughput_n: n / wall_n.as_secs_f64(),
        build: String::new(),
        memory: String::new(),
        in_index: None,
    })
}

pub async fn run(args: SearchBenchArgs) -> anyhow::Result<()> {
    let url = match args.database.clone() {
        Some(url) => url,
        None => {
            let path: PathBuf = std::env::temp_dir().join(format!("bluelamp-bench-{}-{}.db", args.persons, args.seed));
            DatabaseUrl::sqlite(&path)
        }
    };
    let store = Store::open(&url).await?;
    let have = store.count_persons().await? as usize;
    if have < args.persons {
        let report = seeding::seed(&store, args.persons, args.seed, true).await?;
        println!("seeding: {report}");
    } else {
        println!("seeding: reusing {have} persons already in the database");
    }
    if args.compare_postgres && !PgDesign::configured() {
        println!("PostgreSQL: not configured (no PGHOST); running Bluelamp only. Use scripts/bench-search.");
    }
    let compare = args.compare_postgres && PgDesign::configured();

    let today = Utc::now().date_naive();
    let keys = person_keys(&store).await?;
    let (sample, shared) = sample_persons(&store, 20_000, args.seed).await?;
    let mut rng = ChaCha8Rng::seed_from_u64(args.seed ^ 0x5eed);
    let queries = Arc::new(make_set(&sample, args.queries, &keys, &shared, today, &mut rng));
    drop(sample);
    drop(shared);

    let mut engines = Vec::new();
    let mut indexed = have.max(args.persons);
    if !args.skip_bluelamp {
        let (report, count) = run_bluelamp(&store, &queries, args.clients, today).await?;
        engines.push(report);
        indexed = count;
    }
    if compare {
        println!("loading the same persons into PostgreSQL…");
        let pg = Arc::new(PgDesign::build(&store, &keys, args.clients as u32 + 1).await?);
        println!("running {} queries against PostgreSQL…", queries.len());
        let mut report = measure("PostgreSQL", &Engine::Postgres(pg.clone()), &queries, args.clients, today).await?;
        report.build = format!(
            "{:.2} s (+ {:.2} s COPY of {} rows)",
            pg.index_build.as_secs_f64(),
            pg.load.as_secs_f64(),
            pg.rows
        );
        let size = pg.size().await.unwrap_or(0).max(0) as u64;
        report.memory = match pg.memory().await {
            Some(pss) => format!("{} PSS, data {}", super::stats::mib(pss), super::stats::mib(size)),
            None => format!("data + indexes {}", super::stats::mib(size)),
        };
        engines.push(report);
        if args.keep_postgres {
            println!("PostgreSQL design kept in database {}", pg.database);
        } else if let Ok(pg) = Arc::try_unwrap(pg) {
            pg.drop_database().await?;
        }
    }

    println!();
    println!("persons: {indexed}   queries: {}   clients for throughput: {}", queries.len(), args.clients);
    super::stats::print_load();
    print_side_by_side(&engines, &queries);
    Ok(())
}

/// Bluelamp's figures: the real server on loopback, its index built at
/// start from the store; and the number of persons it indexed.
async fn run_bluelamp(
    store: &Store,
    queries: &Arc<Vec<TestQuery>>,
    clients: usize,
    today: NaiveDate,
) -> anyhow::Result<(EngineReport, usize)> {
    let before = memory().map(|m| m.0);
    let started = Instant::now();
    let state = AppState::start(store.clone(), ServerConfig::default()).await?;
    let build = started.elapsed();
    // The bench shares the server's process: the growth over the start is
    // what the index and server take.
    let grown = memory().zip(before).map(|(now, before)| now.0.saturating_sub(before));
    let indexed = state.index.read().await.len();
    let server = Loopback::start(&state, store).await?;
    let client = server.client.clone();
    println!("running {} queries against Bluelamp over HTTP…", queries.len());
    let mut bluelamp = measure("Bluelamp", &Engine::Bluelamp(client), queries, clients, today).await?;
    let mut in_index = Vec::with_capacity(queries.len());
    for q in queries.iter() {
        in_index.push(time_in_index(&state, q, today).await);
    }
    bluelamp.in_index = percentiles(&mut in_index);
    bluelamp.build = format!("{:.2} s (from the store, at start)", build.as_secs_f64());
    bluelamp.memory = match memory() {
        Some((rss, _)) => {
            // The whole benchmark's process: the index may fill memory the
            // benchmark freed, so the growth is a floor, not the index's size.
            let grown = grown.map_or("?".into(), super::stats::mib);
            format!("{} resident, whole process (grew {grown} at start)", super::stats::mib(rss))
        }
        None => "unknown".into(),
    };
    server.stop().await;
    drop(state);

    Ok((bluelamp, indexed))
}

async fn time_in_index(state: &AppState, q: &TestQuery, today: NaiveDate) -> Duration {
    let dob = q.dob.as_deref().and_then(|d| d.parse().ok());
    let query = SubjectQuery { text: q.text.clone(), dob, limit: 10 };
    let index = state.index.read().await;
    let t = Instant::now();
    let hits = index.search(&query, today);
    let elapsed = t.elapsed();
    drop(hits);
    elapsed
}

/// Vehicles, phones and event references by person, from the store.
async fn person_keys(store: &Store) -> anyhow::Result<PersonKeys> {
    let mut keys = PersonKeys::default();
    for (id, kind, key) in store.all_object_keys().await? {
        match kind.as_str() {
            "vehicle" => keys.vrms.entry(id).or_default().push(key),
            "phone" => keys.phones.entry(id).or_default().push(key),
            _ => {}
        }
    }
    for (id, reference) in store.all_references().await? {
        keys.references.entry(id).or_default().push(reference);
    }
    Ok(keys)
}

/// A uniform sample of persons (reservoir sampling over the whole store),
/// and how many persons share each name-and-DOB key.
async fn sample_persons(store: &Store, n: usize, seed: u64) -> anyhow::Result<(Vec<Person>, HashMap<String, u32>)> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut sample: Vec<Person> = Vec::with_capacity(n);
    let mut shared: HashMap<String, u32> = HashMap::new();
    let mut seen = 0usize;
    store
        .for_each_person(|p| {
            seen += 1;
            for key in ambiguity_keys(&p) {
                *shared.entry(key).or_default() += 1;
            }
            if sample.len() < n {
                sample.push(p);
            } else {
                let j = rng.gen_range(0..seen);
                if j < n {
                    sample[j] = p;
                }
            }
        })
        .await?;
    Ok((sample, shared))
}
