//! `bluelamp bench audit`: fills a throwaway SQLite store with a long audit
//! chain (many entries a transaction), signs for its head, and prints what
//! an append costs as a search pays it (one entry, one transaction) and how
//! long `admin audit verify` takes to walk the whole chain.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use super::stats::percentiles;
use crate::domain::audit_chain::{field_digest, Linked, GENESIS, SALT_LEN};
use crate::store::{audit_files, Actor, AuditLine, AuditRecord, DatabaseUrl, Store};

#[derive(Debug, Args)]
pub struct AuditBenchArgs {
    /// Entries to fill the chain with.
    #[arg(long, default_value_t = 10_000_000)]
    pub entries: u64,
    /// Single-entry appends to time on the filled chain.
    #[arg(long, default_value_t = 5_000)]
    pub appends: usize,
    /// Where the database and the key go (kept afterwards); under the system's
    /// temporary directory when absent.
    #[arg(long)]
    pub dir: Option<PathBuf>,
}

/// Entries per transaction while filling.
const FILL_BATCH: u64 = 20_000;

pub async fn run(args: AuditBenchArgs) -> anyhow::Result<()> {
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join(format!("bluelamp-bench-audit-{}", std::process::id())));
    let path = dir.join("audit-bench.db");
    if path.exists() {
        anyhow::bail!("{} already holds a benchmark database; give an empty --dir", dir.display());
    }
    let store = Store::open(&DatabaseUrl::sqlite(&path)).await?;
    let key_path = dir.join("audit.key");
    audit_files::generate_key(&key_path)?;
    let key = audit_files::load_signing_key(&key_path)?;

    let started = Instant::now();
    let bar = ProgressBar::new(args.entries);
    bar.set_style(
        ProgressStyle::with_template("filling {bar:40} {pos}/{len} entries ({per_sec}, {eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut written = 0;
    while written < args.entries {
        let n = FILL_BATCH.min(args.entries - written);
        let ids: Vec<String> =
            (written..written + n).map(|i| format!("{:08x}-person", i.wrapping_mul(2654435761))).collect();
        let lines: Vec<AuditLine> = ids
            .iter()
            .map(|id| AuditLine {
                username: "pc.bench",
                action: "consultation",
                record_kind: "person",
                record_id: id,
                reason: "CAD 4711 welfare check",
                detail: "profile",
            })
            .collect();
        store.append_audit(&lines).await?;
        written += n;
        bar.set_position(written);
    }
    bar.finish_and_clear();
    let fill = started.elapsed();
    println!(
        "filled {} entries in {:.1} s ({:.0} entries/s, {} a transaction)",
        args.entries,
        fill.as_secs_f64(),
        args.entries as f64 / fill.as_secs_f64(),
        FILL_BATCH
    );

    let mut samples = Vec::with_capacity(args.appends);
    let actor = Actor::new("pc.bench", "subject search");
    for i in 0..args.appends {
        let detail = format!("q=smith{i}");
        let record = AuditRecord { action: "consultation", record_kind: "search", record_id: "-", detail: &detail };
        let t = Instant::now();
        store.record_access(&actor, &[record]).await?;
        samples.push(t.elapsed());
    }
    if let Some(p) = percentiles(&mut samples) {
        println!("append, one entry a transaction (as a search writes it), {} times: {p}", args.appends);
    }
    println!(
        "of which the chain's own work (two salts, three SHA-256): {:.2} µs an entry",
        chain_work().as_secs_f64() * 1e6
    );

    let log = audit_files::default_checkpoint_log(&key_path);
    store.checkpoint_head(&key, &log).await?;
    let external = audit_files::read_checkpoint_log(&log)?;
    let report = store.verify_audit(&[key.verifying_key()], &external).await?;
    let total = report.entries as f64;
    println!(
        "verify: {} entries walked and their checkpoint checked in {:.1} s ({:.0} entries/s); {}",
        report.entries,
        report.elapsed.as_secs_f64(),
        total / report.elapsed.as_secs_f64(),
        if report.is_intact() { "intact" } else { "BROKEN" }
    );
    if let Ok(size) = std::fs::metadata(&path).map(|m| m.len()) {
        println!("database {} ({:.0} MiB)", path.display(), size as f64 / (1024.0 * 1024.0));
    }
    Ok(())
}

/// What chaining adds to an append, in memory: the salts and the hashes.
fn chain_work() -> Duration {
    const N: u32 = 100_000;
    let started = Instant::now();
    let mut prev = GENESIS;
    for seq in 0..N {
        let reason_salt: [u8; SALT_LEN] = rand::random();
        let detail_salt: [u8; SALT_LEN] = rand::random();
        prev = Linked {
            seq: i64::from(seq),
            at: "2026-11-25T10:00:00.000000Z",
            username: "pc.bench",
            action: "consultation",
            record_kind: "search",
            record_id: "-",
            reason: field_digest(&reason_salt, "subject search"),
            detail: field_digest(&detail_salt, "q=smith"),
        }
        .hash(&prev);
    }
    std::hint::black_box(prev);
    started.elapsed() / N
}
