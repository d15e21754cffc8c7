//! The audit log's hash chain: what each entry's hash covers, so that no
//! entry can be edited, removed or moved without the chain saying so.
//!
//! `hash = SHA-256(tag ‖ prev_hash ‖ canonical(seq, at, username, action,
//! record_kind, record_id, D(reason), D(detail)))`, where `D(x) =
//! SHA-256(salt_x ‖ x)` with a random salt per field. The chain covers the
//! reason and detail only through their digests: erasure may replace a
//! field that names an erased person with [`ERASED`], keep its digest and
//! destroy its salt, and the chain still verifies while the text can be
//! neither recovered nor guessed by hashing candidate names.

use sha2::{Digest as _, Sha256};

/// A SHA-256 value.
pub type Digest = [u8; 32];

/// What the first entry follows: 64 zeros in hex.
pub const GENESIS: Digest = [0; 32];

/// What a redacted reason or detail reads.
pub const ERASED: &str = "[erased]";

/// Bytes of random salt per field.
pub const SALT_LEN: usize = 16;

/// Separates this hash from any other use of SHA-256 over similar bytes.
const TAG: &[u8] = b"bluelamp audit v1\0";

/// `D(x)`: the salted digest of a reason or detail.
pub fn field_digest(salt: &[u8], text: &str) -> Digest {
    let mut h = Sha256::new();
    h.update(salt);
    h.update(text.as_bytes());
    h.finalize().into()
}

/// What the chain covers of one entry: every column, the reason and detail
/// as their digests.
#[derive(Debug, Clone, Copy)]
pub struct Linked<'a> {
    pub seq: i64,
    /// As stored (fixed-width RFC 3339 text), so the hash does not depend
    /// on how a time is parsed back.
    pub at: &'a str,
    pub username: &'a str,
    pub action: &'a str,
    pub record_kind: &'a str,
    pub record_id: &'a str,
    pub reason: Digest,
    pub detail: Digest,
}

impl Linked<'_> {
    /// The entry's hash after `prev`. Each text is length-prefixed, so no
    /// two different entries share a canonical form.
    pub fn hash(&self, prev: &Digest) -> Digest {
        let mut h = Sha256::new();
        h.update(TAG);
        h.update(prev);
        h.update(self.seq.to_be_bytes());
        for text in [self.at, self.username, self.action, self.record_kind, self.record_id] {
            h.update((text.len() as u64).to_be_bytes());
            h.update(text.as_bytes());
        }
        h.update(self.reason);
        h.update(self.detail);
        h.finalize().into()
    }
}

/// What an entry that showed many records says of them: a digest of
/// their ids (sorted, one a line). The ids themselves are kept beside the
/// chain, one row each (`audit_subjects`), so "who looked at this person"
/// is an index lookup; the digest in the chained detail makes that list
/// tamper-evident without naming other people in anyone's subject access
/// export.
pub fn subjects_digest<S: AsRef<str>>(ids: &[S]) -> String {
    let mut sorted: Vec<&str> = ids.iter().map(AsRef::as_ref).collect();
    sorted.sort_unstable();
    sorted.dedup();
    let mut h = Sha256::new();
    for id in sorted {
        h.update(id.as_bytes());
        h.update(b"\n");
    }
    to_hex(&h.finalize())
}

/// A digest as stored: lower-case hex.
pub fn to_hex(digest: &[u8]) -> String {
    hex::encode(digest)
}

/// A stored digest read back; `None` when it is not 64 hex digits.
pub fn from_hex(text: &str) -> Option<Digest> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(text, &mut out).ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(reason: &str) -> Linked<'static> {
        Linked {
            seq: 7,
            at: "2026-11-25T10:00:00.000000Z",
            username: "pc.adams",
            action: "consultation",
            record_kind: "person",
            record_id: "p1",
            reason: field_digest(b"0123456789abcdef", reason),
            detail: field_digest(b"fedcba9876543210", "profile"),
        }
    }

    #[test]
    fn every_column_and_the_previous_hash_change_the_hash() {
        let base = entry("CAD 1234").hash(&GENESIS);
        assert_ne!(entry("CAD 1235").hash(&GENESIS), base);
        assert_ne!(entry("CAD 1234").hash(&[1; 32]), base);
        let mut moved = entry("CAD 1234");
        moved.seq = 8;
        assert_ne!(moved.hash(&GENESIS), base);
        // Text cannot slide from one column into the next.
        let mut a = entry("x");
        a.username = "pc.a";
        a.action = "dams";
        let mut b = entry("x");
        b.username = "pc.adams";
        b.action = "";
        assert_ne!(a.hash(&GENESIS), b.hash(&GENESIS));
    }

    #[test]
    fn a_field_digest_needs_its_salt() {
        assert_ne!(field_digest(b"salt-one........", "q=smith"), field_digest(b"salt-two........", "q=smith"));
        assert_eq!(field_digest(b"s", "q=smith"), field_digest(b"s", "q=smith"));
    }

    #[test]
    fn hex_round_trips_and_refuses_other_text() {
        let d = entry("r").hash(&GENESIS);
        assert_eq!(from_hex(&to_hex(&d)), Some(d));
        assert_eq!(to_hex(&GENESIS), "0".repeat(64));
        assert_eq!(from_hex("abc"), None);
        assert_eq!(from_hex(&"g".repeat(64)), None);
    }
}
