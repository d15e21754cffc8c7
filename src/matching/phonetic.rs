//! Double metaphone keys of a name token, so Smith meets Smyth, Mohammed
//! meets Muhammad and Catherine meets Kathryn. One encoder setting for
//! search and linkage alike.

use rphonetic::{DoubleMetaphone, DoubleMetaphoneResult};

/// Longer than the usual 4 so that long names do not all collide.
const CODE_LENGTH: usize = 6;

/// The encoding of a token long enough to have one. Tokens are lower-case
/// ASCII letters (see `tokens`), which the encoder handles safely; anything
/// else is not encoded.
fn encode(token: &str) -> Option<DoubleMetaphoneResult> {
    if token.len() < 2 || !token.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    Some(DoubleMetaphone::new(Some(CODE_LENGTH)).double_metaphone(token))
}

/// Every key the token sounds like: the primary, and the alternate when it
/// differs. None for an initial.
pub fn phonetic_codes(token: &str) -> Vec<String> {
    let Some(result) = encode(token) else { return Vec::new() };
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

/// The one key a token is compared by: its primary key, or for an initial
/// (too short to encode) the letter itself.
pub fn primary_code(token: &str) -> String {
    encode(token).map_or_else(|| token.to_string(), |result| result.primary())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meet(a: &str, b: &str) -> bool {
        let b = phonetic_codes(b);
        phonetic_codes(a).iter().any(|c| b.contains(c))
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

    #[test]
    fn the_primary_code_is_the_first_and_an_initial_stands_for_itself() {
        assert_eq!(primary_code("smith"), phonetic_codes("smith")[0]);
        assert_eq!(primary_code("smyth"), primary_code("smith"));
        assert_eq!(primary_code("j"), "j");
        assert!(phonetic_codes("j").is_empty());
    }
}
