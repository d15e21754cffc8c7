//! A set of kinds of record in a word: the kinds a caller may read, the
//! kinds a legacy source or a search key belongs to.

use super::event::EventKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct KindSet(u16);

fn bit(kind: EventKind) -> u16 {
    let at = EventKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    1 << at
}

impl KindSet {
    pub const EMPTY: KindSet = KindSet(0);
    pub const ALL: KindSet = KindSet((1 << EventKind::ALL.len()) - 1);

    pub fn of(kinds: impl IntoIterator<Item = EventKind>) -> KindSet {
        kinds.into_iter().fold(KindSet::EMPTY, KindSet::with)
    }

    pub fn with(self, kind: EventKind) -> KindSet {
        KindSet(self.0 | bit(kind))
    }

    pub fn contains(self, kind: EventKind) -> bool {
        self.0 & bit(kind) != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = EventKind> {
        EventKind::ALL.into_iter().filter(move |k| self.contains(*k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_what_was_put_in() {
        let set = KindSet::of([EventKind::Crime, EventKind::Warrant]);
        assert!(set.contains(EventKind::Crime) && set.contains(EventKind::Warrant));
        assert!(!set.contains(EventKind::Intelligence));
        assert_eq!(set.iter().collect::<Vec<_>>(), vec![EventKind::Crime, EventKind::Warrant]);
        assert!(KindSet::EMPTY.is_empty());
        assert!(EventKind::ALL.into_iter().all(|k| KindSet::ALL.contains(k)));
        assert_eq!(KindSet::of(EventKind::ALL), KindSet::ALL);
    }
}
