//! `bluelamp bench csv`: how long `query warrants --format csv` takes over
//! many warrants and how much memory it peaks at. It loads warrants into a
//! throwaway SQLite database, serves it on loopback, runs this very binary
//! as a child and counts its output lines without keeping them. Run at two
//! sizes, a flat peak shows the rows stream rather than pile up.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::Instant;

use chrono::{Duration, Utc};
use clap::Args;

use crate::domain::event::{Event, EventDetails, EventKind, WarrantDetails, WarrantKind, WarrantStatus};
use crate::domain::provenance::Provenance;
use crate::domain::role::Role;
use crate::server::{self, AppState, ServerConfig};
use crate::store::{Actor, BulkBatch, DatabaseUrl, Store};

/// Set in a child's environment to have it print its peak memory on exit.
pub const REPORT_PEAK_ENV: &str = "BLUELAMP_REPORT_PEAK_MEMORY";

#[derive(Debug, Args)]
pub struct CsvArgs {
    #[arg(long, default_value_t = 50_000)]
    pub warrants: usize,
}

/// This process's peak resident memory in KiB (`VmHWM`), where the system tells.
pub fn peak_memory_kib() -> Option<u64> {
    super::stats::memory().map(|(_, peak)| peak / 1024)
}

fn warrant(i: usize, now: chrono::DateTime<Utc>) -> Event {
    let issued = now - Duration::days((i % 700) as i64);
    Event {
        id: uuid::Uuid::new_v4().to_string(),
        kind: EventKind::Warrant,
        reference: format!("WT/B/{i:07}"),
        version: 1,
        status: "circulated".into(),
        occurred_at: issued,
        borough: Some("Lambeth".into()),
        summary: format!("Failed to appear at court, case {i}"),
        people: Vec::new(),
        details: EventDetails::Warrant(WarrantDetails {
            warrant_kind: WarrantKind::Bench,
            status: WarrantStatus::Circulated,
            issuing_court: "Camberwell Green Magistrates' Court".into(),
            issued_on: issued.date_naive(),
            offence: "Burglary of a dwelling".into(),
            violence: i % 7 == 0,
            domestic_abuse: false,
            safeguarding_concern: false,
            allocated_to: None,
            attempts: Vec::new(),
            execution: None,
            closure: None,
            case: None,
        }),
        created_at: now,
        updated_at: now,
        provenance: Provenance::entered("bench", now),
    }
}

async fn load(store: &Store, from: usize, to: usize) -> anyhow::Result<()> {
    let now = Utc::now();
    let actor = Actor::new("bench", "benchmark data");
    let mut i = from;
    while i < to {
        let end = (i + 2_000).min(to);
        let batch = BulkBatch { events: (i..end).map(|n| warrant(n, now)).collect(), ..BulkBatch::default() };
        store.load_batch(&actor, &batch, None).await?;
        i = end;
    }
    Ok(())
}

struct Measure {
    lines: usize,
    seconds: f64,
    peak_kib: Option<u64>,
}

fn measure(server: &str, token: &str, config_dir: &std::path::Path) -> anyhow::Result<Measure> {
    let started = Instant::now();
    let mut child = Command::new(std::env::current_exe()?)
        .args(["query", "warrants", "--format", "csv"])
        .env("BLUELAMP_SERVER", server)
        .env("BLUELAMP_TOKEN", token)
        .env("BLUELAMP_CONFIG_DIR", config_dir)
        .env(REPORT_PEAK_ENV, "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut stdout = child.stdout.take().ok_or_else(|| anyhow::anyhow!("no output from the child"))?;
    let mut buf = vec![0u8; 64 * 1024];
    let mut lines = 0;
    loop {
        let n = stdout.read(&mut buf)?;
        if n == 0 {
            break;
        }
        lines += buf[..n].iter().filter(|b| **b == b'\n').count();
    }
    let output = child.wait_with_output()?;
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        anyhow::bail!("the query failed: {stderr}");
    }
    let peak_kib = stderr
        .lines()
        .find_map(|l| l.strip_prefix("peak memory: ").and_then(|r| r.trim_end_matches(" KiB").parse().ok()));
    Ok(Measure { lines, seconds, peak_kib })
}

pub async fn run(args: CsvArgs) -> anyhow::Result<()> {
    let dir = tempfile_dir()?;
    let store = Store::open(&DatabaseUrl::sqlite(&dir.join("bench.db"))).await?;
    let (_, token) = crate::cli::session::throwaway_user(&store, "bench", &[Role::ControlRoom], 2).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}", listener.local_addr()?);
    let state = AppState::start(store.clone(), ServerConfig::default()).await?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server::serve(state, listener, async move {
        let _ = stopped.await;
    }));
    let small = (args.warrants / 10).max(1);
    let mut loaded = 0;
    for size in [small, args.warrants] {
        load(&store, loaded, size).await?;
        loaded = size;
        let (u, t, d) = (url.clone(), token.clone(), dir.clone());
        let m = tokio::task::spawn_blocking(move || measure(&u, &t, &d)).await??;
        let peak = m.peak_kib.map(|k| format!("{:.1} MiB", k as f64 / 1024.0)).unwrap_or_else(|| "unknown".into());
        println!(
            "query warrants --format csv: {size} warrants, {} lines in {:.2} s ({:.0} rows/s), peak memory {peak}",
            m.lines,
            m.seconds,
            size as f64 / m.seconds.max(0.001)
        );
    }
    let _ = stop.send(());
    let _ = serving.await;
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn tempfile_dir() -> anyhow::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("bluelamp-bench-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
