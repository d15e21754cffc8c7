//! A timing run at force scale: one million generated people, mixed
//! queries. Ignored by default; run it in a release build with
//! `cargo test --release --lib search::scale -- --ignored --nocapture`.
//! It prints figures and asserts nothing about time.

use std::time::Instant;

use chrono::NaiveDate;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::*;
use crate::domain::identifiers::format_pnc;
use crate::matching::Nicknames;

const SYLLABLES: &[&str] = &[
    "ab", "ad", "al", "an", "ar", "ba", "be", "bo", "ca", "ce", "da", "de", "di", "do", "el", "en", "er", "fa", "fe",
    "ga", "go", "ha", "he", "ho", "ia", "ka", "ki", "la", "le", "li", "lo", "ma", "me", "mi", "mo", "na", "ne", "ni",
    "no", "ol", "on", "or", "pa", "pe", "ra", "re", "ri", "ro", "sa", "se", "si", "so", "ta", "te", "ti", "to", "va",
    "ve", "wa", "wi", "ya", "yo", "za", "zi",
];

const COMMON_SURNAMES: &[&str] = &[
    "smith", "jones", "williams", "brown", "taylor", "davies", "evans", "wilson", "thomas", "johnson", "roberts",
    "walker", "wright", "robinson", "thompson", "white", "hughes", "edwards", "green", "hall", "wood", "harris",
    "lewis", "martin", "jackson", "clarke", "turner", "hill", "scott", "cooper", "morris", "ward", "moore", "king",
    "watson", "baker", "khan", "ahmed", "ali", "hussain", "begum", "patel", "shah", "singh", "kaur", "okafor",
    "adeyemi", "mensah", "nowak", "murphy",
];

fn made_up(rng: &mut ChaCha8Rng, parts: usize) -> String {
    (0..parts).map(|_| SYLLABLES[rng.gen_range(0..SYLLABLES.len())]).collect()
}

fn typo(rng: &mut ChaCha8Rng, word: &str) -> String {
    let mut b: Vec<u8> = word.bytes().collect();
    if b.len() < 4 {
        return word.to_string();
    }
    let i = rng.gen_range(1..b.len() - 1);
    match rng.gen_range(0..4) {
        0 => {
            b.remove(i);
        }
        1 => b.insert(i, b'a' + rng.gen_range(0..26)),
        2 => b[i] = b'a' + rng.gen_range(0..26),
        _ => b.swap(i, i + 1),
    }
    String::from_utf8(b).unwrap_or_else(|_| word.to_string())
}

fn forename_pool() -> Vec<String> {
    let table = Nicknames::shipped();
    let mut pool: Vec<String> = ["john", "james", "robert", "mohammed", "sarah", "emma", "grace", "ali"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    pool.extend(table.names().map(str::to_string));
    pool
}

fn person(rng: &mut ChaCha8Rng, i: usize, forenames: &[String]) -> SubjectEntry {
    let sur = if rng.gen_bool(0.5) {
        COMMON_SURNAMES[rng.gen_range(0..COMMON_SURNAMES.len())].to_string()
    } else {
        let parts = rng.gen_range(2..=4);
        made_up(rng, parts)
    };
    let fore = if rng.gen_bool(0.85) { forenames[rng.gen_range(0..forenames.len())].clone() } else { made_up(rng, 3) };
    let mut fore = if rng.gen_bool(0.1) { typo(rng, &fore) } else { fore };
    if rng.gen_bool(0.3) {
        fore.push(' ');
        fore.push_str(&forenames[rng.gen_range(0..forenames.len())]);
    }
    let mut names = vec![EntryName { forenames: fore.clone(), surname: sur.clone(), alias: false }];
    if rng.gen_bool(0.1) {
        names.push(EntryName {
            forenames: forenames[rng.gen_range(0..forenames.len())].clone(),
            surname: made_up(rng, 3),
            alias: true,
        });
    }
    let dob = NaiveDate::from_ymd_opt(rng.gen_range(1940..2010), rng.gen_range(1..=12), rng.gen_range(1..=28))
        .map(PartialDate::full);
    let mut references = vec![EntryReference::new(EventKind::Crime, format!("CR/2026/{i:07}"))];
    if rng.gen_bool(0.3) {
        references.push(EntryReference::new(EventKind::Custody, format!("CU/{i:08}")));
    }
    SubjectEntry {
        id: format!("{:032x}", (i as u128).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835)),
        names,
        date_of_birth: dob,
        identifiers: vec![format_pnc(rng.gen_range(70..99), i as u32)],
        vrms: if rng.gen_bool(0.3) {
            vec![format!("AB{:02}{}", i % 100, made_up(rng, 2).to_uppercase())]
        } else {
            Vec::new()
        },
        references,
        display: SubjectDisplay {
            name: format!("{} {}", sur.to_uppercase(), fore),
            date_of_birth: dob,
            area: None,
            markers: Vec::new(),
            flags: Default::default(),
        },
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[test]
#[ignore]
fn one_million_people() {
    let count: usize = std::env::var("SUBJECTS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let forenames = forename_pool();
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    // With LAZY set, entries are made as the index takes them, so the peak
    // memory of the run is the index's own (plus the sample); the time then
    // includes making them.
    let lazy = std::env::var("LAZY").is_ok();
    let step = (count / 2000).max(1);
    let mut sample: Vec<SubjectEntry> = Vec::new();
    let mut make = |i: usize| {
        let e = person(&mut rng, i, &forenames);
        if i % step == 0 && sample.len() < 2000 {
            sample.push(e.clone());
        }
        e
    };
    let (index, started) = if lazy {
        let started = Instant::now();
        (SubjectIndex::build((0..count).map(&mut make)), started)
    } else {
        let entries: Vec<SubjectEntry> = (0..count).map(&mut make).collect();
        let started = Instant::now();
        (SubjectIndex::build(entries), started)
    };
    let build = started.elapsed();
    eprintln!("built in {:.2} s: {:?}", build.as_secs_f64(), index.stats());

    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default();
    let mut queries: Vec<String> = Vec::new();
    for (k, e) in sample.iter().enumerate() {
        let name = &e.names[0];
        let first = name.forenames.split(' ').next().unwrap_or("").to_string();
        let dob = e.date_of_birth.map(|d| d.to_string()).unwrap_or_default();
        queries.push(match k % 8 {
            0 => format!("{first} {}", name.surname),
            1 => format!("{} {}", typo(&mut rng, &first), typo(&mut rng, &name.surname)),
            2 => format!("{}, {first} {dob}", name.surname),
            3 => name.surname.clone(),
            4 => format!("{first} {} {}", name.surname, rng.gen_range(18..80)),
            5 => e.identifiers[0].clone(),
            6 => COMMON_SURNAMES[k % COMMON_SURNAMES.len()].to_string(),
            _ => format!("{} {}", first.chars().next().unwrap_or('a'), name.surname),
        });
    }
    const KINDS: [&str; 8] = [
        "full name",
        "typo in both names",
        "SURNAME, forename dob",
        "surname only",
        "name and age",
        "PNC ID",
        "common surname",
        "initial and surname",
    ];
    let mut all: Vec<f64> = Vec::with_capacity(queries.len());
    let mut by_kind: Vec<(Vec<f64>, usize)> = vec![(Vec::new(), 0); KINDS.len()];
    let rounds: usize = std::env::var("ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(1);
    let repeated = queries.iter().zip(&sample).enumerate().cycle().take(queries.len() * rounds);
    for (k, (q, e)) in repeated {
        let started = Instant::now();
        let hits = index.search(&SubjectQuery::new(q.clone()), today);
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        all.push(ms);
        by_kind[k % 8].0.push(ms);
        by_kind[k % 8].1 += usize::from(hits.iter().any(|h| h.id == e.id));
    }
    all.sort_by(f64::total_cmp);
    eprintln!(
        "{} queries: p50 {:.3} ms, p95 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        all.len(),
        percentile(&all, 0.5),
        percentile(&all, 0.95),
        percentile(&all, 0.99),
        percentile(&all, 1.0),
    );
    for (kind, (mut times, found)) in KINDS.iter().zip(by_kind) {
        times.sort_by(f64::total_cmp);
        eprintln!(
            "  {kind:<22} p50 {:.3} ms, p95 {:.3} ms; sought person on the page {found}/{}",
            percentile(&times, 0.5),
            percentile(&times, 0.95),
            times.len()
        );
    }
}
