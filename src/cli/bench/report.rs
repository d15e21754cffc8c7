//! The side-by-side table of the search benchmark: one column per engine.

use std::collections::BTreeMap;
use std::time::Duration;

use super::queries::{Noise, TestQuery};
use super::stats::{ms, percentiles, Percentiles};

/// What one engine scored over the query set.
pub struct EngineReport {
    pub name: &'static str,
    /// At one client, end to end.
    pub latency: Option<Percentiles>,
    /// Rank of the true person per query, in query order.
    pub ranks: Vec<Option<usize>>,
    /// End-to-end time per query at one client, in query order: which kind
    /// of query a slow tail belongs to.
    pub times: Vec<Duration>,
    pub by_noise: BTreeMap<Noise, Vec<Option<usize>>>,
    /// Queries a second with one client, and with many.
    pub throughput_1: f64,
    pub throughput_n: f64,
    pub build: String,
    pub memory: String,
    /// Bluelamp only: time inside the index, without HTTP.
    pub in_index: Option<Percentiles>,
}

/// Share of queries whose true person is within the first `k`.
pub fn recall(ranks: &[Option<usize>], k: usize) -> f64 {
    if ranks.is_empty() {
        return 0.0;
    }
    ranks.iter().filter(|r| r.is_some_and(|r| r < k)).count() as f64 / ranks.len() as f64
}

/// Best top-1 a perfect engine could reach: 1/k for a query k persons fit.
pub fn best_top1<'a>(queries: impl Iterator<Item = &'a TestQuery>) -> f64 {
    let (mut sum, mut n) = (0.0, 0usize);
    for q in queries {
        sum += 1.0 / f64::from(q.ambiguity.max(1));
        n += 1;
    }
    if n == 0 {
        0.0
    } else {
        sum / n as f64
    }
}

fn row(label: &str, cells: impl IntoIterator<Item = String>) {
    let cells: Vec<String> = cells.into_iter().map(|c| format!("{c:<36}")).collect();
    println!("{label:<26} {}", cells.join(" ").trim_end());
}

pub fn print_side_by_side(engines: &[EngineReport], queries: &[TestQuery]) {
    row("", engines.iter().map(|e| e.name.to_string()));
    row("index build", engines.iter().map(|e| e.build.clone()));
    row("memory", engines.iter().map(|e| e.memory.clone()));
    let pct = |f: fn(&Percentiles) -> String| engines.iter().map(move |e| e.latency.as_ref().map_or("-".into(), f));
    row("latency p50", pct(|p| ms(p.p50)));
    row("latency p95", pct(|p| ms(p.p95)));
    row("latency p99", pct(|p| ms(p.p99)));
    row("latency max", pct(|p| ms(p.max)));
    row(
        "  in the index p50/p99",
        engines.iter().map(|e| e.in_index.as_ref().map_or("-".into(), |p| format!("{} / {}", ms(p.p50), ms(p.p99)))),
    );
    row("throughput, 1 client", engines.iter().map(|e| format!("{:.0} q/s", e.throughput_1)));
    row("throughput, many clients", engines.iter().map(|e| format!("{:.0} q/s", e.throughput_n)));
    row(
        "recall top-1/3/10",
        engines
            .iter()
            .map(|e| format!("{:.3} / {:.3} / {:.3}", recall(&e.ranks, 1), recall(&e.ranks, 3), recall(&e.ranks, 10))),
    );
    println!("best possible top-1 (true ambiguity): {:.3}", best_top1(queries.iter()));
    println!();
    let mut header = format!("{:<22} {:>5} {:>5}", "kind of noise", "n", "best");
    for e in engines {
        header.push_str(&format!("   {:<38}", format!("{} top-1/3/10, p50/p99 ms", e.name)));
    }
    println!("{}", header.trim_end());
    for noise in Noise::ALL {
        let of_kind: Vec<usize> = (0..queries.len()).filter(|i| queries[*i].noise == noise).collect();
        if of_kind.is_empty() {
            continue;
        }
        let best = best_top1(of_kind.iter().map(|i| &queries[*i]));
        let mut line = format!("{:<22} {:>5} {:>5.3}", noise.name(), of_kind.len(), best);
        for e in engines {
            let r = e.by_noise.get(&noise).map_or(&[][..], Vec::as_slice);
            let mut times: Vec<Duration> = of_kind.iter().filter_map(|i| e.times.get(*i).copied()).collect();
            let took =
                percentiles(&mut times).map_or("-".into(), |p| format!("{:.2} / {:.2}", millis(p.p50), millis(p.p99)));
            line.push_str(&format!("   {:.3} {:.3} {:.3}  {took:<16}", recall(r, 1), recall(r, 3), recall(r, 10)));
        }
        println!("{}", line.trim_end());
    }
    let mut line = format!("{:<22} {:>5} {:>5.3}", "all", queries.len(), best_top1(queries.iter()));
    for e in engines {
        let took = e.latency.as_ref().map_or("-".into(), |p| format!("{:.2} / {:.2}", millis(p.p50), millis(p.p99)));
        line.push_str(&format!(
            "   {:.3} {:.3} {:.3}  {took:<16}",
            recall(&e.ranks, 1),
            recall(&e.ranks, 3),
            recall(&e.ranks, 10)
        ));
    }
    println!("{}", line.trim_end());
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recall_counts_ranks_within_k() {
        let r = [Some(0), Some(2), None, Some(9)];
        assert_eq!(recall(&r, 1), 0.25);
        assert_eq!(recall(&r, 3), 0.5);
        assert_eq!(recall(&r, 10), 0.75);
        assert_eq!(recall(&[], 1), 0.0);
    }
}
