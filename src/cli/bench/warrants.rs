//! `bluelamp bench warrants`: the warrant queue at scale. Loads 50,000
//! outstanding warrants (one per synthetic person) into a throwaway SQLite
//! file, starts a real server on loopback and times filtered queue pages
//! through the API, printing p50/p95/p99.
//!
//! Then the console half (`console_queue`): the warrant queue pane fed by
//! the same server, scrolled to the end.

use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::{Duration as Days, Utc};
use clap::Args;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::stats::percentiles;
use crate::domain::boroughs::BOROUGHS;
use crate::domain::event::{Event, EventDetails, EventKind, WarrantDetails, WarrantKind, WarrantStatus};
use crate::domain::link::{EventPerson, EventRole};
use crate::domain::provenance::Provenance;
use crate::domain::role::{Role, Roles};
use crate::seed::{Generator, SeedConfig};
use crate::server::{self, password, AppState, ServerConfig};
use crate::store::{Actor, BulkBatch, DatabaseUrl, Store};

#[derive(Debug, Args)]
pub struct WarrantBenchArgs {
    /// Outstanding warrants to load (one per synthetic person).
    #[arg(long, default_value_t = 50_000)]
    pub warrants: usize,
    /// Queue pages to request after the warm-up.
    #[arg(long, default_value_t = 400)]
    pub requests: usize,
    /// Rows per page.
    #[arg(long, default_value_t = 50)]
    pub page: usize,
}

/// A server loaded with outstanding warrants, ready to be asked.
pub struct Loaded {
    pub base: String,
    pub token: String,
    pub http: reqwest::Client,
    _shutdown: tokio::sync::oneshot::Sender<()>,
    _dir: TempDir,
}

/// The benchmark's database directory, removed when done.
struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const OFFENCES: &[&str] = &[
    "Robbery",
    "Section 18 GBH with intent",
    "Burglary (dwelling)",
    "Assault occasioning ABH",
    "Possession of a bladed article",
    "Theft from a shop",
    "Criminal damage",
    "Fine default",
    "Drink driving",
    "Harassment",
    "Failing to comply with a community order",
    "Possession with intent to supply class A",
];

fn warrant_for(rng: &mut ChaCha8Rng, serial: usize, person_id: &str) -> Event {
    let now = Utc::now();
    let kind = WarrantKind::ALL[rng.gen_range(0..WarrantKind::ALL.len())];
    // Search warrants stay inside their three months so all are outstanding.
    let max_age = if kind == WarrantKind::Search { 80 } else { 900 };
    let issued = now - Days::days(rng.gen_range(0..max_age));
    let allocated = rng.gen_bool(0.3);
    let details = WarrantDetails {
        warrant_kind: kind,
        status: if allocated { WarrantStatus::Allocated } else { WarrantStatus::Circulated },
        issuing_court: "Westminster Magistrates' Court".into(),
        issued_on: issued.date_naive(),
        offence: OFFENCES[rng.gen_range(0..OFFENCES.len())].to_string(),
        violence: rng.gen_bool(0.2),
        domestic_abuse: rng.gen_bool(0.1),
        safeguarding_concern: rng.gen_bool(0.05),
        allocated_to: allocated.then(|| format!("officer.{:02}", rng.gen_range(0..40))),
        attempts: vec![],
        execution: None,
        closure: None,
        case: None,
    };
    let details = EventDetails::Warrant(details);
    Event {
        id: uuid::Uuid::new_v4().to_string(),
        kind: EventKind::Warrant,
        reference: format!("WT/BENCH/{serial:07}"),
        version: 1,
        status: details.status(),
        occurred_at: issued,
        borough: Some(BOROUGHS[rng.gen_range(0..BOROUGHS.len())].to_string()),
        summary: "Warrant for the queue benchmark".into(),
        people: vec![EventPerson { person_id: person_id.to_string(), role: EventRole::WantedPerson }],
        details,
        created_at: now,
        updated_at: now,
        provenance: Provenance::entered("bench", now),
    }
}

/// Loads `count` persons each wanted on one outstanding warrant, and starts a server.
pub async fn load(count: usize) -> anyhow::Result<Loaded> {
    let dir = TempDir(std::env::temp_dir().join(format!("bluelamp-bench-{}", uuid::Uuid::new_v4().simple())));
    std::fs::create_dir_all(&dir.0).context("a temporary directory for the benchmark database")?;
    let store = Store::open(&DatabaseUrl::sqlite(&dir.0.join("bench.db"))).await?;
    let started = Instant::now();
    let mut generator = Generator::new(SeedConfig { persons: count, seed: 5, now: Utc::now() });
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let actor = Actor::new("bench", "warrant queue benchmark");
    let mut serial = 0;
    while let Some(batch) = generator.next_batch(2_000) {
        let mut events = Vec::with_capacity(batch.persons.len());
        for p in &batch.persons {
            serial += 1;
            events.push(warrant_for(&mut rng, serial, &p.id));
        }
        let bulk = BulkBatch { persons: batch.persons, events, ..BulkBatch::default() };
        store.load_batch(&actor, &bulk, None).await?;
    }
    println!("loaded {serial} persons and {serial} outstanding warrants in {:.1} s", started.elapsed().as_secs_f64());

    let started = Instant::now();
    let pw = "benchmark passphrase, not secret";
    store
        .create_user(
            &actor,
            "bench.operator",
            &password::hash(pw).map_err(anyhow::Error::msg)?,
            &Roles(vec![Role::ControlRoom]),
        )
        .await?;
    let state = AppState::start(store, ServerConfig::default()).await?;
    println!("server ready (subject index built) in {:.1} s", started.elapsed().as_secs_f64());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}/api/v1", listener.local_addr()?);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(server::serve(state, listener, async move {
        let _ = rx.await;
    }));
    let http = reqwest::Client::new();
    let login: serde_json::Value = http
        .post(format!("{base}/auth/login"))
        .json(&serde_json::json!({"username": "bench.operator", "password": pw}))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let token = login["token"].as_str().context("no token in the login reply")?.to_string();
    Ok(Loaded { base, token, http, _shutdown: tx, _dir: dir })
}

/// Fetches one queue page; returns the time taken and the next cursor.
async fn page(l: &Loaded, query: &str) -> anyhow::Result<(Duration, Option<String>)> {
    let started = Instant::now();
    let body: serde_json::Value = l
        .http
        .get(format!("{}/warrants/queue?{query}", l.base))
        .bearer_auth(&l.token)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    Ok((started.elapsed(), body["next"].as_str().map(str::to_string)))
}

pub async fn run(args: WarrantBenchArgs) -> anyhow::Result<()> {
    let loaded = load(args.warrants.max(1)).await?;
    let limit = args.page.clamp(1, 500);
    let (first, _) = page(&loaded, &format!("limit={limit}")).await?;
    println!("first queue page (waits for the queue to load from the store): {:.1} ms", first.as_secs_f64() * 1000.0);

    // What operators do: filter by kind, borough, allocation, priority, and page on.
    let filters = [
        String::new(),
        "kind=bench".into(),
        "borough=Lambeth".into(),
        "allocated=false".into(),
        "min_priority=60".into(),
        "kind=arrest_without_bail&borough=Southwark&allocated=false".into(),
        "allocated=officer.07".into(),
    ];
    let mut times = Vec::with_capacity(args.requests);
    let mut cursor: Option<String> = None;
    for i in 0..args.requests {
        let filter = &filters[(i / 4) % filters.len()];
        // Four pages deep into each filter, then the next filter.
        let after = if i % 4 == 0 { None } else { cursor.take() };
        let mut query = format!("limit={limit}");
        if !filter.is_empty() {
            query.push('&');
            query.push_str(filter);
        }
        if let Some(a) = &after {
            query.push_str("&after=");
            query.extend(form_urlencoded::byte_serialize(a.as_bytes()));
        }
        let (took, next) = page(&loaded, &query).await?;
        times.push(took);
        cursor = next;
    }
    let requests = times.len();
    let figures = percentiles(&mut times).context("no queue pages were timed")?;
    println!(
        "warrant queue API, filtered page of {limit} over {} outstanding ({requests} requests): {figures}",
        args.warrants
    );
    // The console's warrant queue pane over the same server.
    super::console_queue::run(&loaded).await
}
