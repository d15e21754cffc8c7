//! One entry of the subject index in one allocation: its names as token
//! ids (`encoded`), then its text packed (`packed`) in the words after
//! them. Kept in two boxes, a million entries cost two allocations and two
//! pointers each, some 30 MB more.

use super::packed::{Packed, PackedView};

const WORD: usize = std::mem::size_of::<u32>();
/// The first word holds the number of name words below this bit, and the
/// bytes of padding after the packed text above it.
const PADDING_SHIFT: u32 = 30;

/// A live entry; empty while the slot is free.
#[derive(Default)]
pub(crate) struct Slot(Box<[u32]>);

/// The bytes of `words` in memory order.
fn bytes_of(words: &[u32]) -> &[u8] {
    // SAFETY: a u8 has no alignment to keep, every byte of a u32 is
    // initialised, and the length is the words' own size in bytes.
    unsafe { std::slice::from_raw_parts(words.as_ptr().cast::<u8>(), std::mem::size_of_val(words)) }
}

impl Slot {
    pub(crate) fn new(names: &[u32], data: &Packed) -> Slot {
        let bytes = data.bytes();
        let padding = (WORD - bytes.len() % WORD) % WORD;
        let count = u32::try_from(names.len()).ok().filter(|n| n >> PADDING_SHIFT == 0);
        let count = count.expect("fewer than a billion name words in one entry");
        let mut words = Vec::with_capacity(1 + names.len() + (bytes.len() + padding) / WORD);
        words.push(count | (padding as u32) << PADDING_SHIFT);
        words.extend_from_slice(names);
        // Native order: `bytes_of` gives them back as they were.
        words.extend(bytes.chunks(WORD).map(|chunk| {
            let mut word = [0u8; WORD];
            word[..chunk.len()].copy_from_slice(chunk);
            u32::from_ne_bytes(word)
        }));
        Slot(words.into_boxed_slice())
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn name_words(&self) -> usize {
        self.0.first().map_or(0, |w| (w & ((1 << PADDING_SHIFT) - 1)) as usize)
    }

    /// The names as `encoded` wrote them.
    pub(crate) fn names(&self) -> &[u32] {
        self.0.get(1..1 + self.name_words()).unwrap_or_default()
    }

    /// The packed text.
    pub(crate) fn data(&self) -> PackedView<'_> {
        let Some(first) = self.0.first() else { return PackedView(&[]) };
        let padding = (first >> PADDING_SHIFT) as usize;
        let bytes = bytes_of(self.0.get(1 + self.name_words()..).unwrap_or_default());
        PackedView(&bytes[..bytes.len().saturating_sub(padding)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{EntryName, SubjectDisplay, SubjectEntry};

    fn entry(id: &str, forenames: &str) -> SubjectEntry {
        SubjectEntry {
            id: id.into(),
            names: vec![EntryName { forenames: forenames.into(), surname: "Okafor".into(), alias: false }],
            date_of_birth: None,
            identifiers: Vec::new(),
            vrms: Vec::new(),
            references: Vec::new(),
            display: SubjectDisplay {
                name: format!("OKAFOR {forenames}"),
                date_of_birth: None,
                area: None,
                markers: Vec::new(),
                flags: Default::default(),
            },
        }
    }

    /// Every length of packed text, so every amount of padding, with and
    /// without names: the names and the entry come back as they went in.
    #[test]
    fn names_and_packed_text_come_back_whole_at_every_padding() {
        for n in 0..8 {
            let e = entry(&format!("p-{}", "x".repeat(n)), &"A".repeat(n));
            let packed = Packed::pack(&e);
            for names in [&[][..], &[7][..], &[1, 2, 3, u32::MAX][..]] {
                let slot = Slot::new(names, &packed);
                assert_eq!(slot.names(), names);
                assert_eq!(slot.data().0, packed.bytes());
                assert_eq!(slot.data().unpack(), e);
            }
        }
        assert!(Slot::default().is_empty());
        assert!(Slot::default().names().is_empty());
        assert_eq!(&*Slot::default().data().id(), "");
    }
}
