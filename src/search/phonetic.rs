//! Double metaphone keys of a name token, so Smith meets Smyth, Mohammed
//! meets Muhammad and Catherine meets Kathryn.

use rphonetic::DoubleMetaphone;

/// Longer than the usual 4 so that long names do not all collide.
const CODE_LENGTH: usize = 6;

/// The primary key, and the alternate when it differs. Tokens are lower-case
/// ASCII letters (see `normalise`), which the encoder handles safely.
pub(crate) fn codes(token: &str) -> Vec<String> {
    if token.len() < 2 || !token.bytes().all(|b| b.is_ascii_lowercase()) {
        return Vec::new();
    }
    let result = DoubleMetaphone::new(Some(CODE_LENGTH)).double_metaphone(token);
    let primary = result.primary();
    let alternate = result.alternate();
    let mut out = Vec::with_capacity(2);
    if !primary.is_empty() {
        out.push(primary.clone());
    }
    if !alternate.is_empty() && alternate != primary {
        out.push(alternate);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meet(a: &str, b: &str) -> bool {
        let b = codes(b);
        codes(a).iter().any(|c| b.contains(c))
    }

    #[test]
    fn spellings_and_transliterations_meet() {
        assert!(meet("mohammed", "muhammad"));
        assert!(meet("mohamed", "muhammad"));
        assert!(meet("yusuf", "yousef"));
        assert!(meet("smith", "smyth"));
        assert!(meet("catherine", "kathryn"));
        assert!(!meet("smith", "jones"));
    }
}
