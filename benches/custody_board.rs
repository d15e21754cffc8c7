//! How long a custody change takes to reach every console watching the
//! board. Starts a real server over a temporary SQLite file, books 300
//! detainees in across 20 suites, opens 10 live event streams (as 10
//! consoles would), then records changes one after another and prints the
//! latency from the write to its arrival at each console, and at the last
//! of them: p50 and p99. Finally checks the board itself is complete and
//! current. Run with `cargo bench --bench custody_board`.

mod common;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use bluelamp::api::LoginRequest;
use bluelamp::client::{Client, ConnectionState};
use bluelamp::domain::location::{Address, Location, LocationKind};
use bluelamp::domain::role::{Role, Roles};
use bluelamp::server::password;
use bluelamp::store::{Actor, DatabaseUrl, Store};
use chrono::Utc;
use futures::StreamExt;
use serde_json::{json, Value};
use tokio::sync::mpsc;

const DETAINEES: usize = 300;
const SUITES: usize = 20;
const CONSOLES: usize = 10;
const CHANGES: usize = 300;
const USER: &str = "ps.bench";
const PASSWORD: &str = "a long benchmark passphrase";

#[tokio::main(flavor = "multi_thread")]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let store = Store::open(&DatabaseUrl::sqlite(&dir.path().join("bench.db"))).await?;
    let hash = password::hash(PASSWORD).map_err(anyhow::Error::msg)?;
    store
        .create_user(&Actor::new("bench", "benchmark setup"), USER, &hash, &Roles(vec![Role::CustodySergeant]))
        .await?;
    let suites: Vec<Location> = (0..SUITES)
        .map(|i| Location {
            id: format!("suite-{i:02}"),
            kind: LocationKind::CustodySuite,
            name: format!("Bench Custody Suite {i}"),
            address: Address {
                lines: vec![format!("{i} Bench Road")],
                postcode: "SW9 7DD".into(),
                borough: Some("Lambeth".into()),
                lat: None,
                lon: None,
            },
            suite: None,
        })
        .collect();
    store.upsert_locations(&suites).await?;
    let server = common::serve(store).await?;
    let base = server.base.clone();

    let login = Client::new(&base)?
        .login(&LoginRequest { username: USER.into(), password: PASSWORD.into() })
        .await
        .context("logging in")?;
    let client = Client::new(&base)?.with_token(login.token.clone());
    let http = reqwest::Client::new();
    let api = format!("{base}/api/v1");
    let post = |path: String, body: Value| {
        let http = http.clone();
        let token = login.token.clone();
        async move {
            let reply = http.post(path).bearer_auth(token).json(&body).send().await?;
            let status = reply.status();
            let body: Value = reply.json().await?;
            if !status.is_success() {
                bail!("{status}: {body}");
            }
            anyhow::Ok(body)
        }
    };

    // 300 detainees across 20 suites.
    let started = Instant::now();
    let now = Utc::now();
    let bookings = futures::stream::iter(0..DETAINEES)
        .map(|i| {
            let body = json!({
                "new_person": {"names": [{"forenames": format!("Detainee {i}"), "surname": "Bench"}]},
                "confirm_no_match": true,
                "suite_id": format!("suite-{:02}", i % SUITES), "cell": format!("C{}", i / SUITES),
                "arrested_at": (now - chrono::Duration::minutes(40)).to_rfc3339(),
                "relevant_time": (now - chrono::Duration::minutes(20)).to_rfc3339(),
                "arrest_reason": "Benchmark", "offences": ["Theft"], "arresting_officer": "PC 1 Bench"
            });
            post(format!("{api}/custody/book-in"), body)
        })
        .buffer_unordered(8)
        .collect::<Vec<_>>()
        .await;
    let mut records: Vec<(String, i64)> = Vec::with_capacity(DETAINEES);
    for b in bookings {
        let event = b?;
        let id = event["id"].as_str().context("book-in reply without an id")?.to_string();
        records.push((id, event["version"].as_i64().unwrap_or(1)));
    }
    println!("booked in {DETAINEES} detainees across {SUITES} suites in {:.1?}", started.elapsed());

    // 10 consoles watching.
    let last = client.health().await?.last_change;
    let (arrived_tx, mut arrived) = mpsc::unbounded_channel::<(usize, String, i64, Instant)>();
    let mut streams = Vec::new();
    for console in 0..CONSOLES {
        let mut stream = client.events(&["custody"], Some(last));
        let mut state = stream.state();
        tokio::time::timeout(Duration::from_secs(10), state.wait_for(|s| *s == ConnectionState::Connected))
            .await
            .context("a console did not connect")??;
        let tx = arrived_tx.clone();
        streams.push(tokio::spawn(async move {
            while let Some(Ok(change)) = stream.next().await {
                if tx.send((console, change.record_id, change.version, Instant::now())).is_err() {
                    break;
                }
            }
        }));
    }
    drop(arrived_tx);

    // Changes, one after another, spread over the board.
    let mut sent: HashMap<(String, i64), Instant> = HashMap::with_capacity(CHANGES);
    let writes = Instant::now();
    for n in 0..CHANGES {
        let (id, version) = &mut records[(n * 7) % DETAINEES];
        let action = match n % 3 {
            0 => json!({"action": "visit", "roused": true, "notes": "awake"}),
            1 => json!({"action": "meal", "meal": "light"}),
            _ => json!({"action": "cell_move", "cell": format!("M{n}"), "reason": "rebalancing"}),
        };
        sent.insert((id.clone(), *version + 1), Instant::now());
        let event = post(format!("{api}/custody/{id}/actions"), json!({"version": *version, "action": action})).await?;
        *version = event["version"].as_i64().context("action reply without a version")?;
    }
    let write_time = writes.elapsed();

    let mut each = Vec::with_capacity(CHANGES * CONSOLES);
    let mut last_arrival: HashMap<(String, i64), (usize, Duration)> = HashMap::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while each.len() < CHANGES * CONSOLES {
        let Ok(Some((_, id, version, at))) = tokio::time::timeout_at(deadline, arrived.recv()).await else {
            bail!("only {} of {} deliveries arrived", each.len(), CHANGES * CONSOLES);
        };
        let Some(start) = sent.get(&(id.clone(), version)) else { continue };
        let latency = at.saturating_duration_since(*start);
        each.push(latency);
        let slot = last_arrival.entry((id, version)).or_insert((0, Duration::ZERO));
        *slot = (slot.0 + 1, slot.1.max(latency));
    }
    let mut all: Vec<Duration> = last_arrival.values().filter(|(n, _)| *n == CONSOLES).map(|(_, d)| *d).collect();
    println!(
        "{CHANGES} changes written in {:.1?} ({:.0} per second), each watched by {CONSOLES} consoles",
        write_time,
        CHANGES as f64 / write_time.as_secs_f64()
    );
    println!(
        "write to one console:    p50 {:>8.2?}  p99 {:>8.2?}",
        common::pct(&mut each, 0.50),
        common::pct(&mut each, 0.99)
    );
    println!(
        "write to every console:  p50 {:>8.2?}  p99 {:>8.2?}",
        common::pct(&mut all, 0.50),
        common::pct(&mut all, 0.99)
    );

    // The board: every detainee, in the right suite, at the latest version.
    let current: HashMap<&str, i64> = records.iter().map(|(id, v)| (id.as_str(), *v)).collect();
    let mut rows = 0;
    let fetch = Instant::now();
    for suite in 0..SUITES {
        let reply = http
            .get(format!("{api}/custody/board"))
            .query(&[("suite", format!("suite-{suite:02}"))])
            .bearer_auth(&login.token)
            .send()
            .await?;
        let board: Value = reply.json().await?;
        let suite_rows = board["rows"].as_array().context("board without rows")?;
        for row in suite_rows {
            let id = row["event"]["id"].as_str().unwrap_or_default();
            if current.get(id) != row["event"]["version"].as_i64().as_ref() {
                bail!("board row {id} is not at the latest version");
            }
        }
        rows += suite_rows.len();
    }
    if rows != DETAINEES {
        bail!("the board shows {rows} detainees, not {DETAINEES}");
    }
    println!(
        "board: {rows} detainees across {SUITES} suites, every row current ({:.1?} for all {SUITES} suites)",
        fetch.elapsed()
    );

    for s in streams {
        s.abort();
    }
    server.stop().await;
    Ok(())
}
