//! A number plate as a witness remembers it: whole, without spaces, or with
//! `?` for one unknown character and `*` for any run of them.

use super::identifiers::{normalise_vrm, parse_vrm};

/// How a typed plate was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VrmQuery {
    /// A whole mark, without spaces, upper case.
    Whole(String),
    /// A partial mark: upper case, no spaces, `?` and `*` kept.
    Partial(String),
}

/// The fewest characters a partial plate must give: fewer would match a
/// good part of the country's vehicles.
const FEWEST_KNOWN: usize = 3;

impl VrmQuery {
    pub fn parse(input: &str) -> Result<VrmQuery, String> {
        let trimmed = input.trim();
        if !trimmed.contains(['?', '*']) {
            return parse_vrm(trimmed).map(VrmQuery::Whole);
        }
        if let Some(c) = trimmed.chars().find(|c| !(c.is_ascii_alphanumeric() || " ?*".contains(*c))) {
            return Err(format!("'{input}' is not a number plate: '{c}' is neither a letter, a digit, ? nor *"));
        }
        let pattern: String = trimmed.chars().filter(|c| *c != ' ').map(|c| c.to_ascii_uppercase()).collect::<String>();
        let known = pattern.chars().filter(|c| c.is_ascii_alphanumeric()).count();
        if known < FEWEST_KNOWN {
            return Err(format!("'{input}' gives too little of the plate: at least {FEWEST_KNOWN} known characters"));
        }
        let fixed = pattern.chars().filter(|c| *c != '*').count();
        if fixed > 7 {
            return Err(format!("'{input}' is longer than a number plate (7 characters)"));
        }
        // Runs of `*` say no more than one.
        let mut collapsed = String::with_capacity(pattern.len());
        for c in pattern.chars() {
            if !(c == '*' && collapsed.ends_with('*')) {
                collapsed.push(c);
            }
        }
        Ok(VrmQuery::Partial(collapsed))
    }

    /// The SQL `LIKE` pattern that finds the same marks (stored without spaces).
    pub fn like(&self) -> String {
        match self {
            VrmQuery::Whole(v) => v.clone(),
            VrmQuery::Partial(p) => p.replace('?', "_").replace('*', "%"),
        }
    }

    /// Whether `vrm` (any spacing, any case) is a plate this query could be.
    pub fn matches(&self, vrm: &str) -> bool {
        let vrm = normalise_vrm(vrm);
        match self {
            VrmQuery::Whole(v) => *v == vrm,
            VrmQuery::Partial(p) => glob(p.as_bytes(), vrm.as_bytes()),
        }
    }

    /// Whether `mark` (upper case, without spaces, as marks are stored) is
    /// a plate this query could be: `matches` without the copy.
    pub fn matches_stored(&self, mark: &[u8]) -> bool {
        match self {
            VrmQuery::Whole(v) => v.as_bytes() == mark,
            VrmQuery::Partial(p) => glob(p.as_bytes(), mark),
        }
    }

    /// How the query was read, in words for the reply.
    pub fn reading(&self) -> String {
        match self {
            VrmQuery::Whole(v) => format!("the whole mark {v}"),
            VrmQuery::Partial(p) => {
                let unknown = p.chars().filter(|c| *c == '?').count();
                let mut words = format!("a partial mark {p}");
                if unknown > 0 {
                    words.push_str(&format!(", {unknown} unknown character{}", if unknown == 1 { "" } else { "s" }));
                }
                if p.contains('*') {
                    words.push_str(", * for any run of characters");
                }
                words
            }
        }
    }
}

fn glob(pattern: &[u8], text: &[u8]) -> bool {
    match (pattern.first(), text.first()) {
        (None, None) => true,
        (Some(b'*'), _) => glob(&pattern[1..], text) || (!text.is_empty() && glob(pattern, &text[1..])),
        (Some(b'?'), Some(_)) => glob(&pattern[1..], &text[1..]),
        (Some(p), Some(t)) if p == t => glob(&pattern[1..], &text[1..]),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_mark_is_read_with_or_without_spaces() {
        assert_eq!(VrmQuery::parse("ab12 cde").unwrap(), VrmQuery::Whole("AB12CDE".into()));
        assert!(VrmQuery::parse("AB12CDE").unwrap().matches("AB12 CDE"));
        assert!(VrmQuery::parse("!!").is_err());
    }

    #[test]
    fn unknown_characters_match_one_or_many() {
        let q = VrmQuery::parse("AB1? C?E").unwrap();
        assert_eq!(q, VrmQuery::Partial("AB1?C?E".into()));
        assert_eq!(q.like(), "AB1_C_E");
        assert!(q.matches("AB12CDE"));
        assert!(q.matches("ab19 cxe"));
        assert!(!q.matches("AB12CD"));
        assert!(!q.matches("XB12CDE"));
        let q = VrmQuery::parse("LB**DE").unwrap();
        assert_eq!(q, VrmQuery::Partial("LB*DE".into()));
        assert_eq!(q.like(), "LB%DE");
        assert!(q.matches("LB07SDE"));
        assert!(q.matches("LBDE"));
        assert!(!q.matches("LB07SDX"));
        assert!(q.reading().contains("any run"));
    }

    #[test]
    fn too_little_or_too_much_is_refused() {
        assert!(VrmQuery::parse("A*").unwrap_err().contains("too little"));
        assert!(VrmQuery::parse("AB?????C2").unwrap_err().contains("longer"));
        assert!(VrmQuery::parse("AB-1?").unwrap_err().contains("'-'"));
    }
}
