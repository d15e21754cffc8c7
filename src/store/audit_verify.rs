//! Walking the audit chain from its first entry to its head: every entry's
//! hash recomputed, every link followed, every signed checkpoint checked
//! against the entry it names. Reports each break in order of sequence, so
//! the first is the first broken link.
//!
//! What each kind of tampering looks like here:
//! - an entry edited in place: its content no longer gives its hash;
//! - an entry edited and its hash recomputed: the next entry no longer
//!   follows it;
//! - entries deleted: the entry after them does not follow the one before;
//! - the whole chain rebuilt after an edit: a signed checkpoint no longer
//!   matches the entry it names;
//! - the tail deleted: a checkpoint names an entry beyond the head;
//! - checkpoint rows deleted or forged: the external checkpoint log still
//!   has them, or their signatures fail.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ed25519_dalek::VerifyingKey;
use serde::Serialize;
use sqlx::Row;

use sqlx::ConnectOptions as _;

use super::{Result, Store, StoreError};
use crate::domain::audit_chain::{field_digest, from_hex, Digest, Linked, ERASED, GENESIS, SALT_LEN};
use crate::domain::audit_checkpoint::Checkpoint;

/// Entries read and checked at a time.
const PAGE: i64 = 20_000;

/// What kind of break.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakKind {
    /// An entry's content no longer gives its hash.
    Edited,
    /// Entries are gone from the middle or the start.
    Missing,
    /// An entry does not follow the one before it (rewritten, or reordered).
    Unlinked,
    /// An entry carries no chain hash at all.
    Unchained,
    /// The chain no longer reaches an entry a checkpoint signed.
    Truncated,
    /// The chain was rebuilt: a signed checkpoint no longer matches.
    Rewritten,
    /// A checkpoint is forged, untrusted, or missing from the database.
    Checkpoint,
}

impl BreakKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BreakKind::Edited => "edited",
            BreakKind::Missing => "missing",
            BreakKind::Unlinked => "unlinked",
            BreakKind::Unchained => "unchained",
            BreakKind::Truncated => "truncated",
            BreakKind::Rewritten => "rewritten",
            BreakKind::Checkpoint => "checkpoint",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditBreak {
    /// The entry where the break shows.
    pub seq: i64,
    pub kind: BreakKind,
    pub message: String,
}

/// The verdict on the whole log.
#[derive(Debug, Clone, Serialize)]
pub struct AuditVerification {
    pub entries: u64,
    pub head_seq: Option<i64>,
    pub head_hash: Option<String>,
    /// Reasons and details redacted by erasures (their digests kept).
    pub redacted_fields: u64,
    /// Checkpoints whose signature verified.
    pub checkpoints: usize,
    pub last_checkpoint: Option<i64>,
    /// Entries after the last checkpoint: chained, not yet signed for.
    pub unsigned_tail: u64,
    /// The ids of the keys that signed the checkpoints checked.
    pub signing_keys: Vec<String>,
    /// In order of sequence; the first is the first broken link.
    pub breaks: Vec<AuditBreak>,
    #[serde(skip)]
    pub elapsed: Duration,
}

impl AuditVerification {
    pub fn is_intact(&self) -> bool {
        self.breaks.is_empty()
    }
}

/// One entry as stored, borrowed from the page it was read in.
#[derive(Debug)]
struct Stored<'a> {
    seq: i64,
    at: &'a str,
    username: &'a str,
    action: &'a str,
    record_kind: &'a str,
    record_id: &'a str,
    reason: &'a str,
    detail: &'a str,
    reason_salt: Option<&'a str>,
    detail_salt: Option<&'a str>,
    prev_hash: Option<&'a str>,
    hash: Option<&'a str>,
}

/// What one entry says about itself, before the links are followed.
struct Checked {
    seq: i64,
    prev: Option<Digest>,
    hash: Option<Digest>,
    /// A fault of the entry on its own.
    fault: Option<AuditBreak>,
    redacted: u64,
    erasure: bool,
}

type Redactions = HashMap<(i64, String), (Digest, i64)>;

/// What a stretch of the chain says, walked on its own: stretches are
/// walked side by side and then joined end to end.
#[derive(Default)]
struct Stretch {
    entries: u64,
    redacted: u64,
    erasures: Vec<i64>,
    /// The first chained entry and the hash it says comes before it: its
    /// link is checked against the stretch before.
    first: Option<(i64, Digest)>,
    /// The last entry, with the last hash seen.
    last: Option<(i64, Digest)>,
    breaks: Vec<AuditBreak>,
    /// The hashes of the entries checkpoints name, in order.
    at_checkpoints: Vec<(i64, Option<Digest>)>,
}

/// Where a stretch reads its entries: SQLite through its own driver,
/// PostgreSQL through the pool.
enum Reader {
    Sqlite(sqlx::sqlite::SqliteConnection),
    Pool(sqlx::AnyPool),
}

/// The columns after `seq`, in order; the last four may be NULL.
const COLUMNS: [&str; 11] = [
    "at",
    "username",
    "action",
    "record_kind",
    "record_id",
    "reason",
    "detail",
    "reason_salt",
    "detail_salt",
    "prev_hash",
    "hash",
];

/// A page of entries as read: from SQLite, one text holding them all,
/// packed; from PostgreSQL, the columns.
enum Page {
    /// Each entry as `seq,len,…,len;` and then its fields end to end, the
    /// entries one after another, with the page's last `seq`. The driver
    /// hands over each row, and copies each column, on its own; one value
    /// for the page costs a fraction of eleven for each entry, and a walk
    /// reads millions.
    Packed {
        text: Option<String>,
        last: Option<i64>,
    },
    Columns(Vec<ColumnRow>),
}

type ColumnRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// `$1`, `$2`, `$3`: after, up to, how many.
fn page_sql(packed: bool) -> String {
    let page = "FROM audit WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3";
    if !packed {
        return format!("SELECT seq, {} {page}", COLUMNS.join(", "));
    }
    let text = |c: &str| if COLUMNS[7..].contains(&c) { format!("COALESCE({c}, '')") } else { c.to_string() };
    let lengths: Vec<String> = COLUMNS.iter().map(|c| format!("length(CAST({} AS BLOB))", text(c))).collect();
    let fields: Vec<String> = COLUMNS.iter().map(|c| text(c)).collect();
    format!(
        "SELECT group_concat(entry, '' ORDER BY seq), MAX(seq) FROM (SELECT seq, seq || ',' || {} || ';' || {} AS entry \
         {page})",
        lengths.join(" || ',' || "),
        fields.join(" || ")
    )
}

impl Reader {
    async fn page(&mut self, after: i64, to: i64) -> Result<Page> {
        Ok(match self {
            Reader::Sqlite(conn) => {
                let (text, last) =
                    sqlx::query_as(&page_sql(true)).bind(after).bind(to).bind(PAGE).fetch_one(&mut *conn).await?;
                Page::Packed { text, last }
            }
            Reader::Pool(pool) => {
                Page::Columns(sqlx::query_as(&page_sql(false)).bind(after).bind(to).bind(PAGE).fetch_all(&*pool).await?)
            }
        })
    }
}

impl Page {
    fn last_seq(&self) -> Option<i64> {
        match self {
            Page::Packed { last, .. } => *last,
            Page::Columns(rows) => rows.last().map(|r| r.0),
        }
    }

    /// Each entry of the page in order; an error names the entry after
    /// which the packed text could not be read.
    fn entries(&self) -> std::result::Result<Vec<Stored<'_>>, i64> {
        match self {
            Page::Packed { text, .. } => {
                let mut rest = text.as_deref().unwrap_or_default();
                let mut out = Vec::with_capacity(PAGE as usize);
                while !rest.is_empty() {
                    let before = out.last().map_or(0, |e: &Stored| e.seq);
                    let (entry, after) = unpack(rest).ok_or(before)?;
                    out.push(entry);
                    rest = after;
                }
                Ok(out)
            }
            Page::Columns(rows) => Ok(rows
                .iter()
                .map(|r| Stored {
                    seq: r.0,
                    at: &r.1,
                    username: &r.2,
                    action: &r.3,
                    record_kind: &r.4,
                    record_id: &r.5,
                    reason: &r.6,
                    detail: &r.7,
                    reason_salt: r.8.as_deref(),
                    detail_salt: r.9.as_deref(),
                    prev_hash: r.10.as_deref(),
                    hash: r.11.as_deref(),
                })
                .collect()),
        }
    }
}

/// The first entry of a packed text, and the text after it; an empty
/// nullable field is NULL (a salt or hash is never empty).
fn unpack<'a>(text: &'a str) -> Option<(Stored<'a>, &'a str)> {
    let (head, body) = text.split_once(';')?;
    let mut numbers = head.split(',');
    let seq: i64 = numbers.next()?.parse().ok()?;
    let mut fields = [""; 11];
    let mut at = 0;
    let mut count = 0;
    for (i, n) in numbers.enumerate() {
        let n: usize = n.parse().ok()?;
        *fields.get_mut(i)? = body.get(at..at + n)?;
        at += n;
        count += 1;
    }
    if count != fields.len() {
        return None;
    }
    let null = |s: &'a str| (!s.is_empty()).then_some(s);
    let entry = Stored {
        seq,
        at: fields[0],
        username: fields[1],
        action: fields[2],
        record_kind: fields[3],
        record_id: fields[4],
        reason: fields[5],
        detail: fields[6],
        reason_salt: null(fields[7]),
        detail_salt: null(fields[8]),
        prev_hash: null(fields[9]),
        hash: null(fields[10]),
    };
    Some((entry, &body[at..]))
}

/// Walks entries `(from, to]` in order, each checked on its own and linked
/// to the one before within the stretch.
async fn walk(
    mut reader: Reader,
    from: i64,
    to: i64,
    redactions: Arc<Redactions>,
    checkpoints: Arc<HashSet<i64>>,
) -> Result<Stretch> {
    let mut st = Stretch::default();
    let mut after = from;
    while after < to {
        let page = reader.page(after, to).await?;
        let Some(end) = page.last_seq() else { break };
        after = end;
        let entries =
            page.entries().map_err(|seq| StoreError::corrupt(format!("the audit after entry {seq} cannot be read")))?;
        for e in entries {
            let c = check_entry(&e, &redactions);
            st.entries += 1;
            st.redacted += c.redacted;
            if c.erasure {
                st.erasures.push(c.seq);
            }
            st.breaks.extend(c.fault);
            if let Some(prev) = c.prev {
                if st.last.is_none() {
                    st.first.get_or_insert((c.seq, prev));
                } else if let Some(b) = link_break(st.last, c.seq, &prev) {
                    st.breaks.push(b);
                }
            }
            if checkpoints.contains(&c.seq) {
                st.at_checkpoints.push((c.seq, c.hash));
            }
            st.last = c.hash.map(|h| (c.seq, h)).or(st.last.map(|(_, h)| (c.seq, h)));
        }
    }
    Ok(st)
}

impl Store {
    /// Walks the whole chain. `trusted` are the public keys checkpoints
    /// must be signed by (any key named in the checkpoint when empty);
    /// `external` are checkpoints kept outside the database (the checkpoint
    /// log), each of which must also be in the database.
    pub async fn verify_audit(&self, trusted: &[VerifyingKey], external: &[Checkpoint]) -> Result<AuditVerification> {
        let started = Instant::now();
        let mut breaks = Vec::new();
        let redactions = Arc::new(self.redactions().await?);
        let stored_checkpoints = self.audit_checkpoints().await?;
        let expected = checked_checkpoints(&stored_checkpoints, external, trusted, &mut breaks);
        let mut signing_keys: Vec<String> = expected.values().flatten().map(|c| c.key_id.clone()).collect();
        signing_keys.sort();
        signing_keys.dedup();

        let mut stretches = Vec::new();
        for task in self.walk_in_stretches(&redactions, &expected).await? {
            stretches.push(task.await.map_err(|e| StoreError::Unavailable(format!("the audit walk stopped: {e}")))??);
        }
        let mut entries = 0u64;
        let mut redacted_fields = 0u64;
        let mut erasures = HashSet::new();
        let mut last: Option<(i64, Digest)> = None;
        let mut last_matching_checkpoint: Option<i64> = None;
        let mut checkpoints_seen = HashSet::new();
        for st in stretches {
            entries += st.entries;
            redacted_fields += st.redacted;
            erasures.extend(st.erasures);
            breaks.extend(st.breaks);
            if let Some((seq, prev)) = st.first {
                breaks.extend(link_break(last, seq, &prev));
            }
            for (seq, hash) in st.at_checkpoints {
                checkpoints_seen.insert(seq);
                for cp in expected.get(&seq).into_iter().flatten() {
                    if hash.is_some_and(|h| from_hex(&cp.hash) == Some(h)) {
                        last_matching_checkpoint = Some(seq);
                    } else {
                        let since = match last_matching_checkpoint {
                            Some(p) => format!("after entry {p}, the last checkpoint that still matches,"),
                            None => "before it".to_string(),
                        };
                        breaks.push(AuditBreak {
                            seq,
                            kind: BreakKind::Rewritten,
                            message: format!(
                                "entry {seq} no longer has the hash key {} signed for it at {}: entries {since} were \
                                 changed and the chain rebuilt",
                                cp.key_id, cp.at
                            ),
                        });
                    }
                }
            }
            last = st.last.or(last);
        }
        let head_seq = last.map(|(s, _)| s);
        for (&seq, cps) in &expected {
            if checkpoints_seen.contains(&seq) {
                continue;
            }
            let cp = &cps[0];
            let (kind, message) = match head_seq {
                Some(head) if seq < head => (
                    BreakKind::Missing,
                    format!("entry {seq}, which key {} signed for at {}, is gone", cp.key_id, cp.at),
                ),
                _ => (
                    BreakKind::Truncated,
                    format!(
                        "the log ends at entry {} but key {} signed for entry {seq} at {}: the entries after the \
                         head were deleted",
                        head_seq.unwrap_or(0),
                        cp.key_id,
                        cp.at
                    ),
                ),
            };
            breaks.push(AuditBreak { seq, kind, message });
        }
        for ((seq, field), (_, erasure)) in redactions.iter() {
            if !erasures.contains(erasure) {
                breaks.push(AuditBreak {
                    seq: *seq,
                    kind: BreakKind::Edited,
                    message: format!(
                        "the {field} of entry {seq} was redacted for entry {erasure}, which is no erasure"
                    ),
                });
            }
        }
        breaks.extend(self.subjects_breaks().await?);
        breaks.sort_by_key(|b| b.seq);
        let last_checkpoint = expected.keys().copied().filter(|s| head_seq.is_some_and(|h| *s <= h)).max();
        let unsigned_tail = match (head_seq, last_checkpoint) {
            (Some(h), Some(c)) => u64::try_from(h - c).unwrap_or(0),
            (Some(_), None) => entries,
            _ => 0,
        };
        Ok(AuditVerification {
            entries,
            head_seq,
            head_hash: last.map(|(_, h)| hex::encode(h)),
            redacted_fields,
            checkpoints: expected.values().map(Vec::len).sum(),
            last_checkpoint,
            unsigned_tail,
            signing_keys,
            breaks,
            elapsed: started.elapsed(),
        })
    }

    /// Starts walking the chain in as many stretches, by sequence number, as
    /// there are cores (at most four), each on a connection of its own.
    async fn walk_in_stretches(
        &self,
        redactions: &Arc<Redactions>,
        expected: &BTreeMap<i64, Vec<Checkpoint>>,
    ) -> Result<Vec<tokio::task::JoinHandle<Result<Stretch>>>> {
        // Apart: SQLite reads MIN and MAX off the index only one at a time.
        let low: Option<i64> = sqlx::query_scalar("SELECT MIN(seq) FROM audit").fetch_one(&self.pool).await?;
        let high: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM audit").fetch_one(&self.pool).await?;
        let (Some(low), Some(high)) = (low, high) else { return Ok(Vec::new()) };
        let n = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4) as i64;
        let span = ((high - low + n) / n).max(1);
        let checkpoints: Arc<HashSet<i64>> = Arc::new(expected.keys().copied().collect());
        let mut tasks = Vec::new();
        let mut from = low - 1;
        while from < high {
            let to = (from + span).min(high);
            let reader = match self.url.sqlite_path() {
                Some(path) => Reader::Sqlite(
                    sqlx::sqlite::SqliteConnectOptions::new()
                        .filename(path)
                        .disable_statement_logging()
                        .connect()
                        .await
                        .map_err(StoreError::from)?,
                ),
                None => Reader::Pool(self.pool.clone()),
            };
            tasks.push(tokio::spawn(walk(reader, from, to, redactions.clone(), checkpoints.clone())));
            from = to;
        }
        Ok(tasks)
    }

    /// Every redacted field: its digest, and the erasure it was made for.
    async fn redactions(&self) -> Result<Redactions> {
        let rows =
            sqlx::query("SELECT seq, field, digest, erasure_seq FROM audit_redactions").fetch_all(&self.pool).await?;
        let mut out = HashMap::with_capacity(rows.len());
        for r in &rows {
            let digest: String = r.try_get("digest")?;
            // An unreadable digest counts as none: the field then fails its check.
            if let Some(d) = from_hex(&digest) {
                out.insert((r.try_get("seq")?, r.try_get("field")?), (d, r.try_get("erasure_seq")?));
            }
        }
        Ok(out)
    }
}

/// The checkpoints to hold the chain to, by the entry they name: those of
/// the database and of the external log whose signatures verify. Those
/// that fail, and external ones the database lacks, are breaks.
fn checked_checkpoints(
    stored: &[Checkpoint],
    external: &[Checkpoint],
    trusted: &[VerifyingKey],
    breaks: &mut Vec<AuditBreak>,
) -> BTreeMap<i64, Vec<Checkpoint>> {
    let mut out: BTreeMap<i64, Vec<Checkpoint>> = BTreeMap::new();
    for cp in external {
        if !stored.contains(cp) {
            breaks.push(AuditBreak {
                seq: cp.seq,
                kind: BreakKind::Checkpoint,
                message: format!(
                    "the checkpoint key {} signed for entry {} at {} is in the checkpoint log but not in the \
                     database: checkpoints were deleted or altered there",
                    cp.key_id, cp.seq, cp.at
                ),
            });
        }
    }
    for cp in stored.iter().chain(external) {
        let known = out.get(&cp.seq).is_some_and(|list| list.contains(cp));
        if known {
            continue;
        }
        match cp.check(trusted) {
            Ok(()) => out.entry(cp.seq).or_default().push(cp.clone()),
            Err(fault) => breaks.push(AuditBreak {
                seq: cp.seq,
                kind: BreakKind::Checkpoint,
                message: format!("the checkpoint for entry {} dated {}: {fault}", cp.seq, cp.at),
            }),
        }
    }
    out
}

/// The break, if any, between the entry before (`last`) and entry `seq`
/// whose stored previous hash is `prev`.
fn link_break(last: Option<(i64, Digest)>, seq: i64, prev: &Digest) -> Option<AuditBreak> {
    match last {
        None if *prev == GENESIS => None,
        None => Some(AuditBreak {
            seq,
            kind: BreakKind::Missing,
            message: format!("the log starts at entry {seq}, which follows entries that are gone"),
        }),
        Some((_, hash)) if hash == *prev => None,
        Some((before, _)) if seq != before + 1 => Some(AuditBreak {
            seq,
            kind: BreakKind::Missing,
            message: format!("entries between {before} and {seq} are missing: entry {seq} does not follow {before}"),
        }),
        Some((before, _)) => Some(AuditBreak {
            seq,
            kind: BreakKind::Unlinked,
            message: format!(
                "entry {seq} does not follow entry {before}: {before} was replaced (its hash recomputed) or the \
                 entries were reordered"
            ),
        }),
    }
}

fn check_entry(e: &Stored, redactions: &Redactions) -> Checked {
    let fault = |kind, message: String| Some(AuditBreak { seq: e.seq, kind, message });
    let mut out =
        Checked { seq: e.seq, prev: None, hash: None, fault: None, redacted: 0, erasure: e.action == "erasure" };
    let (Some(prev), Some(hash)) = (e.prev_hash.and_then(from_hex), e.hash.and_then(from_hex)) else {
        out.fault = fault(
            BreakKind::Unchained,
            format!("entry {} carries no chain hash: it was written around the store", e.seq),
        );
        return out;
    };
    out.prev = Some(prev);
    out.hash = Some(hash);
    let mut digest = |field: &str, text: &str, salt: Option<&str>| -> std::result::Result<Digest, String> {
        let mut bytes = [0u8; SALT_LEN];
        match salt.map(|s| hex::decode_to_slice(s, &mut bytes)) {
            Some(Ok(())) => Ok(field_digest(&bytes, text)),
            Some(Err(_)) => Err(format!("the salt of its {field} is not {SALT_LEN} bytes of hex")),
            None => match redactions.get(&(e.seq, field.to_string())) {
                Some((d, _)) if text == ERASED => {
                    out.redacted += 1;
                    Ok(*d)
                }
                Some(_) => Err(format!("its {field} was redacted, but now reads other text")),
                None => Err(format!("its {field} has lost its salt without a redaction")),
            },
        }
    };
    let digests =
        digest("reason", e.reason, e.reason_salt).and_then(|r| Ok((r, digest("detail", e.detail, e.detail_salt)?)));
    let (reason, detail) = match digests {
        Ok(d) => d,
        Err(why) => {
            out.fault = fault(BreakKind::Edited, format!("entry {} was edited: {why}", e.seq));
            return out;
        }
    };
    let computed = Linked {
        seq: e.seq,
        at: e.at,
        username: e.username,
        action: e.action,
        record_kind: e.record_kind,
        record_id: e.record_id,
        reason,
        detail,
    }
    .hash(&prev);
    if computed != hash {
        out.fault = fault(
            BreakKind::Edited,
            format!("entry {} was edited (or moved): its content no longer gives its hash", e.seq),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_entries_unpack_whatever_their_text_holds() {
        let fields = ["2026-11-25T10:00:00.000000Z", "pc.adams", "consultation", "search", "-", "a;b,c", "q=ö;1,2"];
        let lengths: Vec<String> = fields.iter().map(|f| f.len().to_string()).collect();
        let entry = |seq: i64| format!("{seq},{},0,2,3,3;{}ab00ff12", lengths.join(","), fields.concat());
        let page = Page::Packed { text: Some(format!("{}{}", entry(7), entry(8))), last: Some(8) };
        let entries = page.entries().unwrap();
        assert_eq!(entries.iter().map(|e| e.seq).collect::<Vec<_>>(), [7, 8]);
        let e = &entries[1];
        assert_eq!((e.reason, e.detail), ("a;b,c", "q=ö;1,2"));
        assert_eq!((e.reason_salt, e.detail_salt, e.prev_hash, e.hash), (None, Some("ab"), Some("00f"), Some("f12")));
        // A length that runs past the end, or a field too few, is no entry.
        let broken =
            Page::Packed { text: Some(format!("{}{}", entry(7), entry(8).replace(",3;", ",99;"))), last: None };
        assert_eq!(broken.entries().unwrap_err(), 7);
        assert!(unpack("7,1,1;ab").is_none());
        assert!(Page::Packed { text: None, last: None }.entries().unwrap().is_empty());
    }
}
