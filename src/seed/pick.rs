//! Random choices the generator makes everywhere: uniform picks from fixed
//! tables, weighted picks, and rank-weighted (Zipf-like) picks so the first
//! entries of a name list are the common ones.

use rand::Rng;

/// One item of a fixed, non-empty table, uniformly.
pub(crate) fn one<'a, T>(rng: &mut impl Rng, items: &'a [T]) -> &'a T {
    &items[rng.gen_range(0..items.len())]
}

/// True with probability `p`.
pub(crate) fn chance(rng: &mut impl Rng, p: f64) -> bool {
    rng.gen::<f64>() < p
}

/// Cumulative weights, picked by binary search: cheap enough for millions
/// of draws and never fails on a table built from fixed data.
#[derive(Debug, Clone)]
pub(crate) struct Weighted {
    cumulative: Vec<f64>,
}

impl Weighted {
    pub(crate) fn new(weights: impl IntoIterator<Item = f64>) -> Self {
        let mut total = 0.0;
        let cumulative = weights
            .into_iter()
            .map(|w| {
                total += w.max(0.0);
                total
            })
            .collect();
        Self { cumulative }
    }

    /// Rank `r` weighs `1 / (r + flatten)`: a larger `flatten` evens the list out.
    pub(crate) fn zipf(len: usize, flatten: f64) -> Self {
        Self::new((0..len).map(|r| 1.0 / (r as f64 + flatten)))
    }

    /// An index into the table the weights were built from.
    pub(crate) fn pick(&self, rng: &mut impl Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let x = rng.gen::<f64>() * total;
        self.cumulative.partition_point(|c| *c <= x).min(self.cumulative.len().saturating_sub(1))
    }
}

/// Picks from a fixed table of `(item, weight)` pairs.
pub(crate) fn weighted<T: Copy>(rng: &mut impl Rng, table: &[(T, u32)]) -> T {
    let total: u32 = table.iter().map(|(_, w)| *w).sum();
    let mut x = rng.gen_range(0..total.max(1));
    for (item, w) in table {
        if x < *w {
            return *item;
        }
        x -= w;
    }
    table[table.len() - 1].0
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn zipf_favours_the_first_entries() {
        let w = Weighted::zipf(50, 5.0);
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut counts = [0usize; 50];
        for _ in 0..20_000 {
            counts[w.pick(&mut rng)] += 1;
        }
        assert!(counts[0] > counts[49] * 4, "{counts:?}");
        assert!(counts.iter().all(|c| *c > 0));
    }

    #[test]
    fn weighted_pairs_respect_zero_weights() {
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        for _ in 0..1000 {
            assert_ne!(weighted(&mut rng, &[('a', 3), ('b', 0), ('c', 1)]), 'b');
        }
    }
}
