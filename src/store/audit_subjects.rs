//! The records a consultation showed among many (a search's hits), kept
//! beside the chain one row each, and checked against the digest its
//! chained entry carries: a row added, removed or changed shows as a break.

use std::collections::HashMap;

use futures::TryStreamExt;
use sqlx::Row;

use super::audit_verify::{AuditBreak, BreakKind};
use super::{Result, Store};
use crate::domain::audit_chain::{subjects_digest, ERASED};

/// How an entry's detail ends when it showed many records.
const MARK: &str = ", subjects ";

/// `detail` with what it showed: how many, and their digest.
pub(super) fn with_digest(detail: &str, ids: &[&str]) -> String {
    format!("{detail}; {} shown{MARK}{}", ids.len(), subjects_digest(ids))
}

/// The digest an entry's detail gives for what it showed, if it gives one.
pub(super) fn claimed_digest(detail: &str) -> Option<&str> {
    let at = detail.rfind(MARK)?;
    let digest = &detail[at + MARK.len()..];
    (digest.len() == 64 && digest.bytes().all(|b| b.is_ascii_hexdigit())).then_some(digest)
}

impl Store {
    /// The records each of `seqs` showed among many, by entry.
    pub(super) async fn shown_by(&self, seqs: &[i64]) -> Result<HashMap<i64, Vec<String>>> {
        let mut shown: HashMap<i64, Vec<String>> = HashMap::new();
        for chunk in seqs.chunks(500) {
            let places: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT seq, record_id FROM audit_subjects WHERE seq IN ({}) ORDER BY seq, record_id",
                places.join(",")
            );
            let mut query = sqlx::query(&sql);
            for seq in chunk {
                query = query.bind(*seq);
            }
            for row in query.fetch_all(&self.pool).await? {
                shown.entry(row.try_get("seq")?).or_default().push(row.try_get("record_id")?);
            }
        }
        Ok(shown)
    }

    /// Every entry that showed many records, its rows held to its digest.
    pub(super) async fn subjects_breaks(&self) -> Result<Vec<AuditBreak>> {
        let mut breaks = Vec::new();
        let mut rows = sqlx::query(
            "SELECT a.seq, a.detail, s.record_id FROM audit a LEFT JOIN audit_subjects s ON s.seq = a.seq \
             WHERE a.detail LIKE '%, subjects %' OR s.seq IS NOT NULL ORDER BY a.seq",
        )
        .fetch(&self.pool);
        let mut current: Option<(i64, String, Vec<String>)> = None;
        while let Some(row) = rows.try_next().await? {
            let seq: i64 = row.try_get("seq")?;
            if current.as_ref().is_none_or(|(s, _, _)| *s != seq) {
                breaks.extend(current.take().and_then(check));
                current = Some((seq, row.try_get("detail")?, Vec::new()));
            }
            if let (Some((_, _, ids)), Some(id)) = (current.as_mut(), row.try_get::<Option<String>, _>("record_id")?) {
                ids.push(id);
            }
        }
        breaks.extend(current.and_then(check));
        Ok(breaks)
    }
}

/// One entry's rows against its digest.
fn check((seq, detail, ids): (i64, String, Vec<String>)) -> Option<AuditBreak> {
    if detail == ERASED {
        // Redacted with a person it named: the digest went with the text.
        return None;
    }
    let fault = match claimed_digest(&detail) {
        Some(claimed) if claimed == subjects_digest(&ids) => return None,
        Some(_) => "no longer match the digest its entry was chained with",
        None => "belong to an entry that showed no such list",
    };
    Some(AuditBreak {
        seq,
        kind: BreakKind::Edited,
        message: format!("the {} record(s) kept as shown by entry {seq} {fault}", ids.len()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_is_read_from_the_end_of_the_detail() {
        let digest = subjects_digest(&["b", "a"]);
        let typed = format!("q=x, subjects {}", "0".repeat(64));
        assert_eq!(claimed_digest(&with_digest(&typed, &["a", "b"])), Some(digest.as_str()));
        assert_eq!(claimed_digest("q=smith"), None);
        assert_eq!(claimed_digest("q=smith, subjects nothex"), None);
    }

    #[test]
    fn rows_that_match_their_digest_are_no_break() {
        let detail = with_digest("q=x", &["p1", "p2"]);
        assert!(check((5, detail.clone(), vec!["p2".into(), "p1".into()])).is_none());
        let dropped = check((5, detail, vec!["p1".into()])).unwrap();
        assert_eq!((dropped.seq, dropped.kind), (5, BreakKind::Edited));
        assert!(check((6, "profile".into(), vec!["p1".into()])).is_some());
        assert!(check((7, ERASED.into(), vec!["p1".into()])).is_none());
    }
}
