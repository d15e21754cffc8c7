//! `bluelamp bench search`: seeds (or reuses) a London of N persons, starts
//! the real server on loopback, and runs noisy queries made from seeded
//! persons through the HTTP API, reporting latency, accuracy, index build
//! time, memory and seeding throughput.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::Utc;
use clap::Args;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::queries::{make_set, Noise, TestQuery};
use super::stats::{memory, mib, percentiles};
use crate::cli::{seeding, session};
use crate::client::Client;
use crate::domain::person::Person;
use crate::domain::role::Role;
use crate::search::SubjectQuery;
use crate::server::{self, AppState, ServerConfig};
use crate::store::{DatabaseUrl, Store};

#[derive(Debug, Args)]
pub struct SearchBenchArgs {
    /// Persons in the seeded London.
    #[arg(long, default_value_t = 100_000)]
    pub persons: usize,
    /// Queries to run.
    #[arg(long, default_value_t = 3_000)]
    pub queries: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Database to seed or reuse (default: a SQLite file in the temp dir, kept for the next run).
    #[arg(long)]
    pub database: Option<DatabaseUrl>,
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

    let sample = sample_persons(&store, 20_000, args.seed).await?;
    let started = Instant::now();
    let state = AppState::start(store.clone(), ServerConfig::default()).await?;
    let build = started.elapsed();
    let indexed = state.index.read().await.len();
    let (_, token) = session::throwaway_user(&store, "bench", &[Role::ControlRoom], 2).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server::serve(state.clone(), listener, async move {
        let _ = stopped.await;
    }));
    let client = Client::new(&base)?.with_token(token);

    let mut rng = ChaCha8Rng::seed_from_u64(args.seed ^ 0x5eed);
    let queries = make_set(&sample, args.queries, &mut rng);
    // Warm up connections and caches.
    for q in queries.iter().take(50) {
        client.search_subjects(&q.text, q.dob.as_deref(), 10).await?;
    }
    let mut http = Vec::with_capacity(queries.len());
    let mut in_index = Vec::with_capacity(queries.len());
    let mut ranks: BTreeMap<Noise, Vec<Option<usize>>> = BTreeMap::new();
    let today = Utc::now().date_naive();
    for q in &queries {
        let t = Instant::now();
        let reply = client.search_subjects(&q.text, q.dob.as_deref(), 10).await?;
        http.push(t.elapsed());
        let rank = reply.hits.iter().position(|h| h.person_id == q.person_id);
        ranks.entry(q.noise).or_default().push(rank);
        in_index.push(time_in_index(&state, q, today).await);
    }
    let _ = stop.send(());
    let _ = serving.await;

    println!("persons indexed: {indexed}  (index built at start in {:.2} s)", build.as_secs_f64());
    if let Some((rss, peak)) = memory() {
        println!("server process memory: resident {}  peak {}", mib(rss), mib(peak));
    }
    if let Some(p) = percentiles(&mut http) {
        println!("search over HTTP ({} queries): {p}", queries.len());
    }
    if let Some(p) = percentiles(&mut in_index) {
        println!("search in the index (server side): {p}");
    }
    println!("{:<22} {:>7} {:>7} {:>7} {:>7}", "noise", "queries", "top-1", "top-3", "top-10");
    let mut all = Vec::new();
    for (noise, r) in &ranks {
        print_recall(noise.name(), r);
        all.extend(r.iter().copied());
    }
    print_recall("all", &all);
    Ok(())
}

fn print_recall(label: &str, ranks: &[Option<usize>]) {
    let n = ranks.len().max(1) as f64;
    let within = |k: usize| ranks.iter().filter(|r| r.is_some_and(|r| r < k)).count() as f64 / n;
    println!("{label:<22} {:>7} {:>7.3} {:>7.3} {:>7.3}", ranks.len(), within(1), within(3), within(10));
}

async fn time_in_index(state: &AppState, q: &TestQuery, today: chrono::NaiveDate) -> Duration {
    let dob = q.dob.as_deref().and_then(|d| d.parse().ok());
    let query = SubjectQuery { text: q.text.clone(), dob, limit: 10 };
    let index = state.index.read().await;
    let t = Instant::now();
    let hits = index.search(&query, today);
    let elapsed = t.elapsed();
    drop(hits);
    elapsed
}

/// A uniform sample of persons (reservoir sampling over the whole store).
async fn sample_persons(store: &Store, n: usize, seed: u64) -> anyhow::Result<Vec<Person>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut sample: Vec<Person> = Vec::with_capacity(n);
    let mut seen = 0usize;
    store
        .for_each_person(|p| {
            seen += 1;
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
    Ok(sample)
}
