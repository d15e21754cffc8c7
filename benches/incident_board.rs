//! How long a new incident takes to show at every control-room console
//! watching the incident board, by the custody board benchmark's method:
//! a real server over a temporary SQLite file, 100 live event streams (as
//! 100 consoles would hold), then incidents opened one after another. Each
//! console does what the real one does on the change: it reads the new
//! incident's row from the board (`GET /incidents/board?id=…`), and the
//! incident "shows" when that row is back. Prints p50 and p99 of write to
//! one console and write to the last of them. Run with
//! `cargo bench --bench incident_board`.

mod common;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use bluelamp::api::incidents::IncidentBoardQuery;
use bluelamp::api::LoginRequest;
use bluelamp::client::{Client, ConnectionState};
use bluelamp::domain::role::{Role, Roles};
use bluelamp::server::password;
use bluelamp::store::{Actor, DatabaseUrl, Store};
use futures::StreamExt;
use serde_json::json;
use tokio::sync::mpsc;

const CONSOLES: usize = 100;
const INCIDENTS: usize = 50;
const USER: &str = "cr.bench";
const PASSWORD: &str = "a long benchmark passphrase";
const BOROUGHS: [&str; 4] = ["Lambeth", "Southwark", "Hackney", "Camden"];
// E without an appointment and R: calls with no clock, shown all the same.
const GRADES: [&str; 4] = ["I", "S", "E", "R"];

#[tokio::main(flavor = "multi_thread")]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let store = Store::open(&DatabaseUrl::sqlite(&dir.path().join("bench.db"))).await?;
    let hash = password::hash(PASSWORD).map_err(anyhow::Error::msg)?;
    let roles = Roles(vec![Role::ControlRoom]);
    store.create_user(&Actor::new("bench", "benchmark setup"), USER, &hash, &roles).await?;
    let server = common::serve(store).await?;
    let base = server.base.clone();

    let login = Client::new(&base)?
        .login(&LoginRequest { username: USER.into(), password: PASSWORD.into() })
        .await
        .context("logging in")?;
    let client = Arc::new(Client::new(&base)?.with_token(login.token.clone()));

    // 100 consoles watching the board: each reads the row of an incident it hears of.
    let last = client.health().await?.last_change;
    let (shown_tx, mut shown) = mpsc::unbounded_channel::<(String, Instant)>();
    let mut consoles = Vec::new();
    for _ in 0..CONSOLES {
        let mut stream = client.events(&["incidents"], Some(last));
        let mut state = stream.state();
        tokio::time::timeout(Duration::from_secs(10), state.wait_for(|s| *s == ConnectionState::Connected))
            .await
            .context("a console did not connect")??;
        let (tx, client) = (shown_tx.clone(), client.clone());
        consoles.push(tokio::spawn(async move {
            while let Some(Ok(change)) = stream.next().await {
                let query = IncidentBoardQuery {
                    id: Some(change.record_id.clone()),
                    reason: Some("Live update of an open console view".into()),
                    ..Default::default()
                };
                let Ok(board) = client.incident_board(&query).await else { continue };
                if !board.rows.is_empty() && tx.send((change.record_id, Instant::now())).is_err() {
                    break;
                }
            }
        }));
    }
    drop(shown_tx);
    println!("{CONSOLES} consoles watching the incident board");

    // Calls, one after another.
    let mut opened: HashMap<String, Instant> = HashMap::with_capacity(INCIDENTS);
    let writes = Instant::now();
    for n in 0..INCIDENTS {
        let call = json!({
            "caller": {"name": format!("Caller {n}")},
            "location": {"description": format!("Outside {n} High Street"), "borough": BOROUGHS[n % BOROUGHS.len()]},
            "category": "crime", "subtype": "burglary", "grade": GRADES[n % GRADES.len()],
            "summary": "Benchmark call"
        });
        let request = serde_json::from_value(call).context("a call")?;
        let sent = Instant::now();
        let event = client.open_incident(&request, None).await.context("opening an incident")?;
        opened.insert(event.id, sent);
    }
    let write_time = writes.elapsed();

    let mut each = Vec::with_capacity(INCIDENTS * CONSOLES);
    let mut last_shown: HashMap<String, (usize, Duration)> = HashMap::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    while each.len() < INCIDENTS * CONSOLES {
        let Ok(Some((id, at))) = tokio::time::timeout_at(deadline, shown.recv()).await else {
            bail!("only {} of {} rows were shown", each.len(), INCIDENTS * CONSOLES);
        };
        let Some(start) = opened.get(&id) else { continue };
        let latency = at.saturating_duration_since(*start);
        each.push(latency);
        let slot = last_shown.entry(id).or_insert((0, Duration::ZERO));
        *slot = (slot.0 + 1, slot.1.max(latency));
    }
    let mut all: Vec<Duration> = last_shown.values().filter(|(n, _)| *n == CONSOLES).map(|(_, d)| *d).collect();
    println!(
        "{INCIDENTS} incidents opened in {write_time:.1?}, each shown at {CONSOLES} consoles (its change heard, its row read)"
    );
    println!(
        "open to one console:    p50 {:>8.2?}  p99 {:>8.2?}",
        common::pct(&mut each, 0.50),
        common::pct(&mut each, 0.99)
    );
    println!(
        "open to every console:  p50 {:>8.2?}  p99 {:>8.2?}",
        common::pct(&mut all, 0.50),
        common::pct(&mut all, 0.99)
    );

    for c in consoles {
        c.abort();
    }
    server.stop().await;
    Ok(())
}
