//! Ordinals: each report in the postings has a number that rises with its
//! time (then falls with its id), so every word's postings, kept ascending,
//! read newest first from the end and two words' postings meet in one
//! merge, four bytes a posting. Ordinals are spaced apart so that a report
//! slots in between two others without renumbering the rest; only when a
//! gap is used up are they all given again (`relabel`), evenly spaced.

use super::{IntelIndex, NOBODY, UNORDERED};

/// One past the largest ordinal: a posting is `ord * 2 + 1` at most.
const END: u64 = 1 << 31;
/// The space left after the newest report for the next, and the widest
/// spacing given: new reports are mostly the newest, each taking `GAP`.
pub(super) const GAP: u64 = 1024;

impl IntelIndex {
    /// The ordinal of the report at `slot`.
    pub(super) fn ord(&self, slot: u32) -> u32 {
        self.report(slot).map_or(UNORDERED, |r| r.ord)
    }

    /// The slot of the report with ordinal `ord`, if one has it.
    pub(super) fn slot_at(&self, ord: u32) -> Option<u32> {
        let at = self.order.partition_point(|s| self.ord(*s) < ord);
        self.order.get(at).copied().filter(|s| self.ord(*s) == ord)
    }

    /// Puts the stored report at `slot` in its author's drafts or, with an
    /// ordinal, in the postings of its words.
    pub(super) fn put_in(&mut self, slot: u32) {
        let Some(report) = self.report(slot) else { return };
        if report.words.is_empty() {
            return;
        }
        if report.draft_of != NOBODY {
            let author = report.draft_of;
            self.drafts.entry(author).or_default().push(slot);
            return;
        }
        let key = report.order_key();
        let at = self.order.partition_point(|s| self.report(*s).is_some_and(|r| r.order_key() < key));
        let ord = match self.ord_for(at) {
            Some(ord) => ord,
            None => {
                self.relabel();
                self.ord_for(at).unwrap_or(UNORDERED)
            }
        };
        self.order.insert(at, slot);
        let Some(report) = self.reports[slot as usize].as_mut() else { return };
        report.ord = ord;
        for code in report.words.iter() {
            let (word, flag) = ((code / 2) as usize, code % 2);
            let posting = ord * 2 + flag;
            let list = &mut self.postings[word];
            // Mostly the newest: a push.
            match list.last() {
                Some(last) if *last > posting => {
                    let at = list.partition_point(|c| *c < posting);
                    list.insert(at, posting);
                }
                _ => list.push(posting),
            }
            self.unsanitised_only[word] += flag;
        }
    }

    /// Takes the report at `slot` out of the postings or its author's drafts.
    pub(super) fn take_out(&mut self, slot: u32) {
        let Some(report) = self.report(slot) else { return };
        let (ord, draft_of) = (report.ord, report.draft_of);
        if draft_of != NOBODY {
            if let Some(mine) = self.drafts.get_mut(&draft_of) {
                mine.retain(|s| *s != slot);
            }
            return;
        }
        if ord == UNORDERED {
            return;
        }
        let words = report.words.clone();
        for code in words.iter() {
            let word = (code / 2) as usize;
            let list = &mut self.postings[word];
            let at = list.partition_point(|c| *c / 2 < ord);
            if list.get(at).is_some_and(|c| c / 2 == ord) {
                self.unsanitised_only[word] -= list[at] % 2;
                list.remove(at);
            }
        }
        let at = self.order.partition_point(|s| self.ord(*s) < ord);
        if self.order.get(at) == Some(&slot) {
            self.order.remove(at);
        }
        if let Some(r) = self.reports[slot as usize].as_mut() {
            r.ord = UNORDERED;
        }
    }

    /// A free ordinal for a report going in at position `at` of `order`,
    /// if its neighbours leave one.
    fn ord_for(&self, at: usize) -> Option<u32> {
        let below = at.checked_sub(1).map_or(-1, |i| i64::from(self.ord(self.order[i])));
        let above = self.order.get(at).map_or(END as i64, |s| i64::from(self.ord(*s)));
        let room = above - below;
        if room < 2 {
            return None;
        }
        let step = (GAP as i64).min(room / 2);
        let ord = if at == self.order.len() {
            below + step
        } else if at == 0 {
            above - step
        } else {
            below + room / 2
        };
        u32::try_from(ord).ok()
    }

    /// Gives every report in the postings its ordinal again, evenly spaced
    /// in the lower half (the upper half is left for new reports).
    pub(super) fn relabel(&mut self) {
        self.relabelled += 1;
        let old: Vec<u32> = self.order.iter().map(|s| self.ord(*s)).collect();
        let spacing = spacing(self.order.len());
        let new = |i: usize| ((i as u64 + 1) * spacing) as u32;
        for list in &mut self.postings {
            for posting in list.iter_mut() {
                let i = old.partition_point(|o| *o < *posting / 2);
                *posting = new(i) * 2 + *posting % 2;
            }
        }
        for (i, slot) in self.order.iter().enumerate() {
            if let Some(r) = self.reports[*slot as usize].as_mut() {
                r.ord = new(i);
            }
        }
    }
}

/// The spacing of `n` ordinals filling the lower half of the space.
pub(super) fn spacing(n: usize) -> u64 {
    (END / 2 / (n as u64 + 1)).clamp(1, GAP)
}
