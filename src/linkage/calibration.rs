//! Whether scores read as probabilities: the decisions of a linkage run put
//! in bands of predicted match probability, beside the share of them that
//! the truth says were matches (for the benchmarks and their tests).

/// The bands' upper edges.
const EDGES: [f64; 7] = [0.01, 0.1, 0.5, 0.9, 0.99, 0.999, 1.0];

#[derive(Debug, Default)]
pub struct Calibration {
    /// Per band: pairs, predicted probabilities summed, true matches.
    bands: [(u64, f64, u64); EDGES.len()],
}

impl Calibration {
    /// One record's best candidate: its predicted probability, and whether
    /// the truth has them as one person.
    pub fn add(&mut self, probability: f64, matched: bool) {
        let band = EDGES.iter().position(|e| probability < *e).unwrap_or(EDGES.len() - 1);
        let b = &mut self.bands[band];
        b.0 += 1;
        b.1 += probability;
        b.2 += u64::from(matched);
    }

    /// Per band with pairs: (from, to, pairs, mean predicted, share true).
    pub fn rows(&self) -> Vec<(f64, f64, u64, f64, f64)> {
        let mut from = 0.0;
        let mut rows = Vec::new();
        for (edge, (n, predicted, matched)) in EDGES.iter().zip(&self.bands) {
            if *n > 0 {
                rows.push((from, *edge, *n, predicted / *n as f64, *matched as f64 / *n as f64));
            }
            from = *edge;
        }
        rows
    }

    /// The table, one band a line.
    pub fn table(&self) -> String {
        let mut out = String::from("calibration (each record's best candidate):\n");
        out.push_str(&format!("  {:<14} {:>8} {:>10} {:>11}\n", "probability", "pairs", "predicted", "true share"));
        for (from, to, n, predicted, share) in self.rows() {
            out.push_str(&format!("  {:<14} {n:>8} {predicted:>10.4} {share:>11.4}\n", format!("{from}–{to}")));
        }
        out
    }
}
