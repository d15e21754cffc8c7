//! `bluelamp bench pole`: the search box answering plates, phones and
//! addresses over a seeded London topped up to the Aim's ratios of
//! vehicles, phones and addresses; whole and partial marks (two unknown
//! characters), numbers in several forms, postcodes and address text with
//! a typo, through the real HTTP API: p50/p95/p99 per kind, how often the
//! record sought was among the hits, the index's build time and the
//! process's resident memory.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::Args;
use futures::TryStreamExt;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::loopback::Loopback;
use super::stats::{heap_in_use, memory, mib, percentiles};
use crate::cli::seeding;
use crate::domain::handset::display_phone;
use crate::server::{AppState, ServerConfig};
use crate::store::{DatabaseUrl, Store};

#[derive(Debug, Args)]
pub struct PoleBenchArgs {
    /// Persons in the seeded London (vehicles, phones and addresses follow the Aim's ratios).
    #[arg(long, default_value_t = 100_000)]
    pub persons: usize,
    /// Queries of each kind.
    #[arg(long, default_value_t = 300)]
    pub queries: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Database to seed or reuse (default: a SQLite file in the temp dir, kept for the next run).
    #[arg(long)]
    pub database: Option<DatabaseUrl>,
    /// Also build each index alone first and print the heap it holds.
    #[arg(long)]
    pub heap_by_index: bool,
}

/// One query: its kind, the text typed, and the record it should find.
struct PoleQuery {
    kind: &'static str,
    text: String,
    wanted: String,
}

pub async fn run(args: PoleBenchArgs) -> anyhow::Result<()> {
    let url = args.database.clone().unwrap_or_else(|| {
        let path: PathBuf = std::env::temp_dir().join(format!("bluelamp-bench-{}-{}.db", args.persons, args.seed));
        DatabaseUrl::sqlite(&path)
    });
    let store = Store::open(&url).await?;
    let have = store.count_persons().await? as usize;
    if have < args.persons {
        println!("seeding: {}", seeding::seed(&store, args.persons, args.seed, true).await?);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(args.seed ^ 0x901e);
    let started = Instant::now();
    let (v, p, a) = super::pole_seed::top_up(&store, args.persons.max(have), &mut rng).await?;
    println!("topped up: {v} vehicles, {p} phones, {a} addresses in {:.1} s", started.elapsed().as_secs_f64());
    let queries = make_queries(&store, args.queries, &mut rng).await?;

    if args.heap_by_index {
        heap_by_index(&store).await?;
    }
    let before = memory().map(|m| m.0);
    let started = Instant::now();
    let state = AppState::start(store.clone(), ServerConfig::default()).await?;
    let build = started.elapsed();
    let stats = state.pole.read().await.stats();
    let persons = state.index.read().await.len();
    let server = Loopback::start(&state, &store).await?;
    let client = &server.client;
    for q in queries.iter().take(50) {
        client.search_subjects(&q.text, None, 10).await?;
    }
    let mut by_kind: BTreeMap<&str, (Vec<Duration>, usize)> = BTreeMap::new();
    for q in &queries {
        let t = Instant::now();
        let reply = client.search_subjects(&q.text, None, 10).await?;
        let took = t.elapsed();
        let found = reply.objects.iter().any(|o| o.object.id == q.wanted)
            || reply.places.iter().any(|p| p.place_id == q.wanted);
        let entry = by_kind.entry(q.kind).or_default();
        entry.0.push(took);
        entry.1 += usize::from(found);
    }
    let rss = memory();
    server.stop().await;

    println!();
    println!(
        "indexed: {persons} persons, {} vehicles ({} marks), {} phones, {} places ({} address words)",
        stats.vehicles, stats.marks, stats.phones, stats.places, stats.address_words
    );
    println!("both indexes built at start in {:.2} s", build.as_secs_f64());
    if let (Some((rss, peak)), Some(before)) = (rss, before) {
        println!(
            "resident: {} (peak {}; {} before the server started, the benchmark's own data included)",
            mib(rss),
            mib(peak),
            mib(before)
        );
    }
    super::stats::print_load();
    println!("{:<28} {:>5}  {:>6}  latency over HTTP, one client", "kind", "n", "found");
    for (kind, (mut lat, found)) in by_kind {
        let n = lat.len();
        let p = percentiles(&mut lat).map_or("-".into(), |p| p.to_string());
        println!("{kind:<28} {n:>5}  {:>5.1}%  {p}", 100.0 * found as f64 / n.max(1) as f64);
    }
    Ok(())
}

/// Builds each index the server holds, one at a time, and prints the heap
/// it holds once built: where a server's memory goes.
async fn heap_by_index(store: &Store) -> anyhow::Result<()> {
    use crate::server::{intel_index, pole_index, subject_index};
    let held =
        |before: Option<u64>| heap_in_use().zip(before).map_or("-".into(), |(now, b)| mib(now.saturating_sub(b)));
    let before = heap_in_use();
    let subjects = subject_index::build(store).await?;
    println!("heap held by the subject index: {}", held(before));
    drop(subjects);
    let before = heap_in_use();
    let pole = pole_index::build(store).await?;
    println!("heap held by the vehicle, phone and place index: {}", held(before));
    drop(pole);
    let before = heap_in_use();
    let intel = intel_index::build(store).await?;
    println!("heap held by the intelligence index: {}", held(before));
    drop(intel);
    crate::server::give_back_freed();
    Ok(())
}

/// A uniform sample of at most `n` items from a stream of them.
fn keep<T>(sample: &mut Vec<T>, seen: &mut usize, n: usize, item: T, rng: &mut ChaCha8Rng) {
    *seen += 1;
    if sample.len() < n {
        sample.push(item);
    } else {
        let j = rng.gen_range(0..*seen);
        if j < n {
            sample[j] = item;
        }
    }
}

async fn make_queries(store: &Store, n: usize, rng: &mut ChaCha8Rng) -> anyhow::Result<Vec<PoleQuery>> {
    let (mut vehicles, mut phones, mut places) = (Vec::new(), Vec::new(), Vec::new());
    let (mut sv, mut sp, mut sa) = (0, 0, 0);
    let mut keys = std::pin::pin!(store.object_key_pages());
    while let Some(page) = keys.try_next().await? {
        for (id, kind, key) in Store::object_rows_in(&page)? {
            match kind.as_str() {
                "vehicle" if key.len() == 7 => keep(&mut vehicles, &mut sv, n, (id, key), rng),
                "phone" if key.starts_with("+447") && key.len() == 13 => keep(&mut phones, &mut sp, n, (id, key), rng),
                _ => {}
            }
        }
    }
    let mut pages = std::pin::pin!(store.place_pages());
    while let Some(page) = pages.try_next().await? {
        for place in Store::places_in(&page)? {
            let first = place.address.lines.iter().find(|l| l.starts_with(|c: char| c.is_ascii_digit())).cloned();
            if let Some(line) = first {
                keep(&mut places, &mut sa, n, (place.id, line, place.address.postcode), rng);
            }
        }
    }
    let mut out = Vec::new();
    for (id, mark) in &vehicles {
        out.push(PoleQuery { kind: "VRM whole", text: format!("{} {}", &mark[..4], &mark[4..]), wanted: id.clone() });
        let mut chars: Vec<char> = mark.chars().collect();
        let mut at: Vec<usize> = (0..chars.len()).collect();
        at.shuffle(rng);
        for i in &at[..2] {
            chars[*i] = '?';
        }
        let text: String = chars.into_iter().collect();
        out.push(PoleQuery { kind: "VRM, 2 unknown characters", text, wanted: id.clone() });
    }
    for (i, (id, number)) in phones.iter().enumerate() {
        let national = format!("0{}", &number[3..]);
        let text = match i % 4 {
            0 => number.clone(),
            1 => national,
            2 => display_phone(number),
            _ => format!("+44 (0){} {}", &number[3..7], &number[7..]),
        };
        out.push(PoleQuery { kind: "phone, four formats", text, wanted: id.clone() });
    }
    for (id, line, postcode) in &places {
        let compact = if rng.gen_bool(0.5) { postcode.replace(' ', "") } else { postcode.to_lowercase() };
        out.push(PoleQuery { kind: "postcode", text: compact, wanted: id.clone() });
        let outward = postcode.split(' ').next().unwrap_or_default();
        out.push(PoleQuery {
            kind: "address with a typo",
            text: format!("{} {outward}", typo(line)),
            wanted: id.clone(),
        });
    }
    out.shuffle(rng);
    Ok(out)
}

/// The line with two letters of its longest word swapped ("Acacia" → "Acaica").
fn typo(line: &str) -> String {
    let mut words: Vec<String> = line.split_whitespace().map(str::to_string).collect();
    if let Some(w) = words.iter_mut().filter(|w| w.chars().all(|c| c.is_ascii_alphabetic())).max_by_key(|w| w.len()) {
        if w.len() >= 5 {
            let mut b = w.clone().into_bytes();
            let i = b.len() / 2;
            b.swap(i, i + 1);
            *w = String::from_utf8(b).unwrap_or_default();
        }
    }
    words.join(" ")
}
