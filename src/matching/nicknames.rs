//! Nicknames and short forms: Bob is Robert, Liz is Elizabeth, Mo is
//! Mohammed. The table is a plain CSV, one group a line (the full name
//! first, then its short forms and spellings), so a force can edit it.
//! The shipped table is parsed once per process, on first use, and both
//! search (a name's variants) and linkage (a name's groups) read that one.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::tokens::name_tokens;

const SHIPPED: &str = include_str!("../../data/nicknames.csv");

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NicknameError {
    #[error("nickname table line {line}: {reason}")]
    BadLine { line: usize, reason: String },
}

/// Groups of names that stand for one another.
#[derive(Debug, Default, Clone)]
pub struct Nicknames {
    groups: Vec<Vec<String>>,
    by_name: HashMap<String, Vec<u32>>,
}

impl Nicknames {
    /// Parses the CSV form: `#` starts a comment line, blank lines are
    /// skipped, every other line is two or more names separated by commas.
    pub fn parse(text: &str) -> Result<Self, NicknameError> {
        let mut table = Self::default();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut group: Vec<String> = Vec::new();
            for cell in line.split(',') {
                let tokens = name_tokens(cell);
                if tokens.len() != 1 {
                    return Err(NicknameError::BadLine {
                        line: i + 1,
                        reason: format!("'{}' is not a single name", cell.trim()),
                    });
                }
                let name = tokens.concat();
                if !group.contains(&name) {
                    group.push(name);
                }
            }
            if group.len() < 2 {
                return Err(NicknameError::BadLine { line: i + 1, reason: "a group needs at least two names".into() });
            }
            let id = table.groups.len() as u32;
            for name in &group {
                table.by_name.entry(name.clone()).or_default().push(id);
            }
            table.groups.push(group);
        }
        Ok(table)
    }

    /// The table compiled for Bluelamp and shipped in the binary.
    pub fn shipped() -> &'static Nicknames {
        static TABLE: OnceLock<Nicknames> = OnceLock::new();
        // The shipped table is checked by a test, so a bad edit fails the
        // build's tests rather than a search; at run time it degrades to none.
        TABLE.get_or_init(|| Nicknames::parse(SHIPPED).unwrap_or_default())
    }

    /// Every other name in a group with `name` (a folded token).
    pub fn variants(&self, name: &str) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for &g in self.groups_of(name) {
            for other in &self.groups[g as usize] {
                if other != name && !out.contains(&other.as_str()) {
                    out.push(other);
                }
            }
        }
        out
    }

    /// Whether `other` stands for `name` itself (one of them is the full
    /// name of a group both are in) rather than only sharing a full name
    /// with it: Bill stands for William, but Liam, another form of
    /// William, is only a sibling of Bill.
    pub fn direct(&self, name: &str, other: &str) -> bool {
        self.groups_of(name).iter().any(|&g| {
            let group = &self.groups[g as usize];
            group.iter().any(|n| n == other) && (group[0] == name || group[0] == other)
        })
    }

    /// The groups `name` (a folded token) belongs to, by their line order
    /// in the table: two names that share one stand for one another.
    pub fn groups_of(&self, name: &str) -> &[u32] {
        self.by_name.get(name).map_or(&[], Vec::as_slice)
    }

    /// Every name in the table, group by group (a name in several groups
    /// comes once for each).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.groups.iter().flatten().map(String::as_str)
    }

    pub fn groups(&self) -> usize {
        self.groups.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_table_parses_and_is_substantial() {
        let table = Nicknames::parse(SHIPPED).unwrap();
        assert!(table.groups() >= 150, "{} groups", table.groups());
        assert!(table.variants("bob").contains(&"robert"));
        assert!(table.variants("bill").contains(&"william"));
        assert!(table.variants("liz").contains(&"elizabeth"));
        assert!(table.variants("mo").contains(&"mohammed"));
        assert!(table.variants("abdi").contains(&"abdullahi"));
        let shared = |a: &str, b: &str| table.groups_of(a).iter().any(|g| table.groups_of(b).contains(g));
        assert!(shared("bill", "william") && shared("william", "bill"));
        assert!(!shared("bill", "robert"));
        assert!(table.direct("bill", "william") && table.direct("william", "liam"));
        assert!(!table.direct("bill", "liam") && !table.direct("liam", "bill"));
        assert!(table.groups_of("zzz").is_empty());
    }

    #[test]
    fn bad_lines_are_named() {
        let err = Nicknames::parse("# c\nrobert,bob\njohn\n").unwrap_err();
        assert_eq!(err, NicknameError::BadLine { line: 3, reason: "a group needs at least two names".into() });
        assert!(Nicknames::parse("anne marie,annie").is_err());
    }
}
