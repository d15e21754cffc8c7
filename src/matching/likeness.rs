//! Jaro-Winkler likeness of two name tokens. Tokens are short ASCII, so this
//! works on bytes with fixed arrays and no allocation; search computes it
//! for every sound-alike and typo a query word meets, and linkage for
//! every pair of names it grades, so that matters.

const MAX: usize = 32;

fn jaro(a: &[u8], b: &[u8]) -> f32 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut a_used = [false; MAX];
    let mut b_used = [false; MAX];
    let mut matches = 0usize;
    for (i, &ca) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for j in lo..hi {
            if !b_used[j] && b[j] == ca {
                a_used[i] = true;
                b_used[j] = true;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0usize;
    let mut j = 0usize;
    for (i, &ca) in a.iter().enumerate() {
        if !a_used[i] {
            continue;
        }
        while !b_used[j] {
            j += 1;
        }
        if ca != b[j] {
            transpositions += 1;
        }
        j += 1;
    }
    let m = matches as f32;
    (m / a.len() as f32 + m / b.len() as f32 + (m - (transpositions / 2) as f32) / m) / 3.0
}

/// Jaro-Winkler similarity in 0..=1 (1 = the same).
pub fn jaro_winkler(a: &str, b: &str) -> f32 {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if x.len() >= MAX || y.len() >= MAX || !a.is_ascii() || !b.is_ascii() {
        return strsim::jaro_winkler(a, b) as f32;
    }
    let j = jaro(x, y);
    let prefix = x.iter().zip(y).take(4).take_while(|(p, q)| p == q).count();
    j + 0.1 * prefix as f32 * (1.0 - j)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_the_reference_implementation() {
        let pairs = [
            ("martha", "marhta"),
            ("dwayne", "duane"),
            ("dixon", "dicksonx"),
            ("smith", "smyth"),
            ("mohammed", "muhammad"),
            ("a", "a"),
            ("abc", "xyz"),
            ("", "abc"),
            ("catherine", "kathryn"),
        ];
        for (a, b) in pairs {
            let ours = jaro_winkler(a, b);
            let reference = strsim::jaro_winkler(a, b) as f32;
            assert!((ours - reference).abs() < 1e-5, "{a} {b}: {ours} vs {reference}");
        }
    }
}
