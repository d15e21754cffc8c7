//! `bluelamp bench login-flood`: the real server over a seeded London,
//! with `--clients` tasks guessing passwords as fast as the server answers
//! (half at one account, half spraying names; each from a loopback address
//! of its own unless `--one-address`) while another officer searches.
//! Prints that officer's search latency alone and during the flood, and
//! what the flood got: wrong-password refusals (401, each a password
//! checked), throttles and lockouts (429), anything else.
//!
//! The clients and the searcher run on threads of their own, as separate
//! machines would; the server keeps the process's runtime.

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Args;

use super::stats::{percentiles, Percentiles};
use crate::cli::{seeding, session};
use crate::client::Client;
use crate::domain::role::Role;
use crate::server::{self, AppState, ServerConfig};
use crate::store::{DatabaseUrl, Store};

#[derive(Debug, Args)]
pub struct LoginFloodArgs {
    /// Persons in the seeded London.
    #[arg(long, default_value_t = 20_000)]
    pub persons: usize,
    /// Clients guessing passwords at once.
    #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u16).range(1..=200))]
    pub clients: u16,
    /// How long the flood lasts (and the search alone before it).
    #[arg(long, default_value_t = 15, value_parser = clap::value_parser!(u64).range(1..=300))]
    pub seconds: u64,
    /// Database to seed or reuse (default: a SQLite file in the temp dir, kept for the next run).
    #[arg(long)]
    pub database: Option<DatabaseUrl>,
    /// Every client from 127.0.0.1, rather than each from a loopback address of its own.
    #[arg(long)]
    pub one_address: bool,
}

/// What the flood's attempts were answered with.
#[derive(Default)]
struct Outcomes {
    accepted: AtomicUsize,
    wrong: AtomicUsize,
    refused: AtomicUsize,
    other: AtomicUsize,
}

impl Outcomes {
    fn count(&self, status: Option<u16>) {
        let counter = match status {
            Some(200) => &self.accepted,
            Some(401) => &self.wrong,
            Some(429) => &self.refused,
            _ => &self.other,
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

pub async fn run(args: LoginFloodArgs) -> anyhow::Result<()> {
    let url = args.database.clone().unwrap_or_else(|| {
        let path: PathBuf = std::env::temp_dir().join(format!("bluelamp-bench-{}-1.db", args.persons));
        DatabaseUrl::sqlite(&path)
    });
    let store = Store::open(&url).await?;
    let have = store.count_persons().await? as usize;
    if have < args.persons {
        println!("seeding: {}", seeding::seed(&store, args.persons, 1, true).await?);
    }
    let queries = Arc::new(name_queries(&store).await?);
    let state = AppState::start(store.clone(), ServerConfig::default()).await?;
    let workers = state.hashing.workers();
    let (_, token) = session::throwaway_user(&store, "bench", &[Role::ControlRoom], 2).await?;
    let (victim, _) = session::throwaway_user(&store, "victim", &[Role::ControlRoom], 1).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server::serve(state, listener, async move {
        let _ = stopped.await;
    }));
    let searcher = Client::new(&base)?.with_token(token);
    let duration = Duration::from_secs(args.seconds);
    let sources = if args.one_address { "all from 127.0.0.1" } else { "each from a loopback address of its own" };
    println!(
        "login flood: {} clients for {} s, {sources}; {} persons; password workers {workers}",
        args.clients,
        args.seconds,
        have.max(args.persons)
    );

    let alone = on_own_thread(search_for(searcher.clone(), queries.clone(), duration)).await?;
    let outcomes = Arc::new(Outcomes::default());
    let flood =
        on_own_thread(flood(base.clone(), victim.clone(), args.clients, args.one_address, duration, outcomes.clone()));
    let during = on_own_thread(search_for(searcher, queries, duration));
    let (flooded, during) = tokio::join!(flood, during);
    flooded?;
    let during = during?;

    let line = |name: &str, (n, p): &(usize, Option<Percentiles>)| match p {
        Some(p) => println!("{name:<22} {n:>6} searches  {p}"),
        None => println!("{name:<22} no searches answered"),
    };
    line("search alone:", &alone);
    line("search during flood:", &during);
    let got = |c: &AtomicUsize| c.load(Ordering::Relaxed);
    let total = got(&outcomes.accepted) + got(&outcomes.wrong) + got(&outcomes.refused) + got(&outcomes.other);
    println!(
        "login attempts: {total} ({:.0}/s): 401 wrong password {}, 429 refused {}, 200 accepted {}, other {}",
        total as f64 / duration.as_secs_f64(),
        got(&outcomes.wrong),
        got(&outcomes.refused),
        got(&outcomes.accepted),
        got(&outcomes.other)
    );
    match store.user(&victim).await?.locked_until {
        Some(until) => println!("the attacked account: locked until {}", until.to_rfc3339()),
        None => println!("the attacked account: not locked"),
    }
    let _ = stop.send(());
    let _ = serving.await;
    Ok(())
}

/// Names of seeded persons to search for, spread through the store.
async fn name_queries(store: &Store) -> anyhow::Result<Vec<String>> {
    let mut names = Vec::new();
    let mut seen = 0usize;
    store
        .for_each_person(|person| {
            seen += 1;
            if seen % 97 == 0 && names.len() < 200 {
                names.push(person.display_name());
            }
        })
        .await?;
    names.retain(|n| !n.trim().is_empty());
    if names.is_empty() {
        anyhow::bail!("the database has no persons to search for");
    }
    Ok(names)
}

/// Runs `work` on a thread and runtime of its own, as a separate client machine would.
async fn on_own_thread<T: Send + 'static>(
    work: impl std::future::Future<Output = anyhow::Result<T>> + Send + 'static,
) -> anyhow::Result<T> {
    let (done, result) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let outcome = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(anyhow::Error::from)
            .and_then(|runtime| runtime.block_on(work));
        let _ = done.send(outcome);
    });
    result.await?
}

/// One officer searching, one query after another, for `duration`.
async fn search_for(
    client: Client,
    queries: Arc<Vec<String>>,
    duration: Duration,
) -> anyhow::Result<(usize, Option<Percentiles>)> {
    for query in queries.iter().take(20) {
        client.search_subjects(query, None, 10).await?;
    }
    let mut latencies = Vec::new();
    let deadline = Instant::now() + duration;
    for query in queries.iter().cycle() {
        if Instant::now() >= deadline {
            break;
        }
        let started = Instant::now();
        client.search_subjects(query, None, 10).await?;
        latencies.push(started.elapsed());
    }
    Ok((latencies.len(), percentiles(&mut latencies)))
}

/// `clients` tasks guessing until `duration` is up: the even ones at
/// `victim`, the odd ones at a new name each time.
async fn flood(
    base: String,
    victim: String,
    clients: u16,
    one_address: bool,
    duration: Duration,
    outcomes: Arc<Outcomes>,
) -> anyhow::Result<()> {
    let deadline = Instant::now() + duration;
    let mut tasks = Vec::new();
    for i in 0..clients {
        let source = if one_address {
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        } else {
            IpAddr::V4(Ipv4Addr::new(127, 0, 1 + (i / 250) as u8, 1 + (i % 250) as u8))
        };
        let http = reqwest::Client::builder().local_address(source).build()?;
        let (url, victim, outcomes) = (format!("{base}/api/v1/auth/login"), victim.clone(), outcomes.clone());
        tasks.push(tokio::spawn(async move {
            let mut n = 0u64;
            while Instant::now() < deadline {
                n += 1;
                let name = if i % 2 == 0 { victim.clone() } else { format!("guess.{i}.{n}") };
                let body = serde_json::json!({"username": name, "password": format!("guess number {n}")});
                let status = http.post(&url).json(&body).send().await.ok().map(|r| r.status().as_u16());
                outcomes.count(status);
            }
        }));
    }
    for task in tasks {
        task.await?;
    }
    Ok(())
}
