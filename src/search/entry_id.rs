//! An entry's id in its packed text: a UUID, as every person's id the
//! store makes is, in its 16 bytes rather than its 36 characters of text
//! (about 20 MB over a million persons); any other id as written.

use std::cmp::Ordering;
use std::fmt;
use std::ops::Deref;

use uuid::Uuid;

/// The id's form, in the byte before it.
const WRITTEN: u8 = 0;
const UUID: u8 = 1;
const UUID_TEXT: usize = 36;

/// Appends `id`: a UUID in canonical form (lower-case, hyphenated) as its
/// bytes, anything else as length-prefixed text through `put_str`.
pub(crate) fn put_id(out: &mut Vec<u8>, id: &str, put_str: impl FnOnce(&mut Vec<u8>, &str)) {
    if let Some(uuid) = canonical_uuid(id) {
        out.push(UUID);
        out.extend_from_slice(uuid.as_bytes());
    } else {
        out.push(WRITTEN);
        put_str(out, id);
    }
}

/// The UUID `id` is, if written exactly as the UUID writes itself, so that
/// it reads back the same.
fn canonical_uuid(id: &str) -> Option<Uuid> {
    if id.len() != UUID_TEXT {
        return None;
    }
    let uuid = Uuid::try_parse(id).ok()?;
    let mut text = [0u8; UUID_TEXT];
    (uuid.hyphenated().encode_lower(&mut text).as_bytes() == id.as_bytes()).then_some(uuid)
}

/// An id as kept: its text, or a UUID's bytes, whose text is made only
/// when asked for (`text`), so that reading past the id costs nothing.
#[derive(Clone, Copy)]
pub(crate) enum StoredId<'a> {
    Written(&'a str),
    Uuid(&'a [u8; 16]),
}

impl<'a> StoredId<'a> {
    pub(crate) fn text(self) -> IdText<'a> {
        match self {
            StoredId::Written(text) => IdText::Written(text),
            StoredId::Uuid(bytes) => {
                let mut text = [0u8; UUID_TEXT];
                Uuid::from_bytes(*bytes).hyphenated().encode_lower(&mut text);
                IdText::Uuid(text)
            }
        }
    }
}

/// Reads the id at `at` in `data`: the id and where what follows begins.
/// Written ids are read by `read_str`, which returns where it stopped.
pub(crate) fn read_id<'a>(
    data: &'a [u8],
    at: usize,
    read_str: impl FnOnce(usize) -> (&'a str, usize),
) -> (StoredId<'a>, usize) {
    match data.get(at) {
        Some(&UUID) => match data.get(at + 1..at + 17).and_then(|b| <&[u8; 16]>::try_from(b).ok()) {
            Some(bytes) => (StoredId::Uuid(bytes), at + 17),
            None => (StoredId::Written(""), data.len()),
        },
        Some(_) => {
            let (text, end) = read_str(at + 1);
            (StoredId::Written(text), end)
        }
        None => (StoredId::Written(""), data.len()),
    }
}

/// An id read back: borrowed as written, or a UUID's text made again.
#[derive(Clone, Copy)]
pub(crate) enum IdText<'a> {
    Written(&'a str),
    Uuid([u8; UUID_TEXT]),
}

impl Deref for IdText<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            IdText::Written(text) => text,
            // Only `encode_lower` fills it: ASCII hex digits and hyphens.
            IdText::Uuid(text) => std::str::from_utf8(text).unwrap_or_default(),
        }
    }
}

impl fmt::Display for IdText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl fmt::Debug for IdText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl PartialEq for IdText<'_> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for IdText<'_> {}

impl PartialEq<str> for IdText<'_> {
    fn eq(&self, other: &str) -> bool {
        &**self == other
    }
}

impl PartialOrd for IdText<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for IdText<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        (**self).cmp(&**other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(id: &str) -> (String, usize, usize) {
        let mut out = vec![9];
        put_id(&mut out, id, |out, s| {
            out.push(s.len() as u8);
            out.extend_from_slice(s.as_bytes());
        });
        out.push(7);
        let (read, end) = read_id(&out, 1, |at| {
            let n = usize::from(out[at]);
            (std::str::from_utf8(&out[at + 1..at + 1 + n]).unwrap(), at + 1 + n)
        });
        assert_eq!(out[end], 7, "{id}: what follows the id is where it says");
        (read.text().to_string(), out.len(), end)
    }

    #[test]
    fn a_canonical_uuid_is_kept_in_16_bytes_and_anything_else_as_written() {
        let uuid = "0b7c4f0e-3a4d-4b8e-9f1a-2c3d4e5f6a7b";
        assert_eq!(round_trip(uuid), (uuid.to_string(), 1 + 17 + 1, 18));
        for written in ["p-1", "", "0B7C4F0E-3A4D-4B8E-9F1A-2C3D4E5F6A7B", "0b7c4f0e3a4d4b8e9f1a2c3d4e5f6a7b", "é"] {
            assert_eq!(round_trip(written).0, written);
        }
    }

    #[test]
    fn ids_compare_as_their_text() {
        let a = IdText::Written("0b7c4f0e-3a4d-4b8e-9f1a-2c3d4e5f6a7b");
        let mut text = [0u8; UUID_TEXT];
        text.copy_from_slice(a.as_bytes());
        let b = IdText::Uuid(text);
        assert_eq!(a, b);
        assert!(IdText::Written("0") < b && b < IdText::Written("1"));
        assert_eq!(b, *"0b7c4f0e-3a4d-4b8e-9f1a-2c3d4e5f6a7b");
    }
}
