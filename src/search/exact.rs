//! The exact keys an entry is found by: its identifiers (PNC ID, CRO,
//! phone, others) in canonical form, vehicle marks and event references,
//! each compacted to upper-case letters and digits, with how to say so and,
//! for a reference, the kind of record it names.

use crate::domain::event::EventKind;
use crate::domain::identifiers::{display_vrm, parse_cro, parse_phone, parse_pnc};
use crate::domain::kind_set::KindSet;

use super::packed::PackedView;
use super::SubjectEntry;

/// Upper-case letters and digits only: the form identifiers are matched in.
pub(crate) fn compact(text: &str) -> String {
    text.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect()
}

/// One exact key an entry can be found by, and how to say so.
pub(crate) struct ExactKey {
    pub key: String,
    pub label: &'static str,
    pub shown: String,
    /// The kind of record a reference names; none for an identifier or a
    /// vehicle, which anyone may search by.
    pub kind: Option<EventKind>,
}

impl ExactKey {
    /// Whether a caller who may read `readable` may find an entry by it.
    pub fn open_to(&self, readable: KindSet) -> bool {
        self.kind.is_none_or(|k| readable.contains(k))
    }
}

pub(crate) fn exact_keys<S: AsRef<str>>(identifiers: &[S], vrms: &[S], references: &[(EventKind, S)]) -> Vec<ExactKey> {
    let mut keys = Vec::new();
    for id in identifiers.iter().map(AsRef::as_ref) {
        // The parsers slice by byte: only ASCII text may reach them.
        let ascii = id.is_ascii();
        let (label, shown) = if let Some(pnc) = ascii.then(|| parse_pnc(id).ok()).flatten() {
            ("PNC ID", pnc)
        } else if let Some(cro) = ascii.then(|| parse_cro(id).ok()).flatten() {
            ("CRO", cro)
        } else if let Ok(phone) = parse_phone(id) {
            ("phone", phone)
        } else {
            ("identifier", id.trim().to_string())
        };
        keys.push(ExactKey { key: compact(&shown), label, shown, kind: None });
    }
    for vrm in vrms.iter().map(AsRef::as_ref) {
        keys.push(ExactKey { key: compact(vrm), label: "VRM", shown: display_vrm(&compact(vrm)), kind: None });
    }
    for (kind, reference) in references {
        let reference = reference.as_ref();
        keys.push(ExactKey {
            key: compact(reference),
            label: "reference",
            shown: reference.trim().to_string(),
            kind: Some(*kind),
        });
    }
    keys.retain(|k| !k.key.is_empty());
    keys
}

pub(crate) fn entry_keys(entry: &SubjectEntry) -> Vec<ExactKey> {
    let references: Vec<(EventKind, &str)> = entry.references.iter().map(|r| (r.kind, r.reference.as_str())).collect();
    let (identifiers, vrms): (Vec<&str>, Vec<&str>) =
        (entry.identifiers.iter().map(String::as_str).collect(), entry.vrms.iter().map(String::as_str).collect());
    exact_keys(&identifiers, &vrms, &references)
}

pub(crate) fn packed_keys(data: PackedView<'_>) -> Vec<ExactKey> {
    let (identifiers, vrms, references) = data.keys();
    exact_keys(&identifiers, &vrms, &references)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_keeps_letters_and_digits() {
        assert_eq!(compact("ab12 cde"), "AB12CDE");
        assert_eq!(compact("98/123456X"), "98123456X");
    }
}
