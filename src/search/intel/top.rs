//! A search's page without scoring every match. The page is the reports
//! holding all the words asked for, newest first, then those holding one
//! fewer, and so on: so each number of words in common is read in turn,
//! newest first, and the reading stops as soon as the page is full. A
//! report holding `t` of `q` words is in at least one of any `q - t + 1`
//! of their postings, so the shortest of those are walked and the others
//! only looked up, searching back from where the last look-up ended. An
//! author's drafts are few and scored whole. What follows the page is
//! counted in one merge of the postings, newest first, stopped past
//! [`COUNTED`].

use std::cmp::Reverse;

use super::{Cursor, Found, FoundPage, IntelIndex, Viewer, COUNTED, NOBODY};

/// One word's postings as the viewer may match them.
#[derive(Clone, Copy)]
struct Postings<'a> {
    list: &'a [u32],
    /// Whether postings of the unsanitised text only count.
    all: bool,
    /// How many postings are of the unsanitised text only.
    unsanitised_only: usize,
}

impl Postings<'_> {
    fn counts(&self, posting: u32) -> bool {
        self.all || posting % 2 == 0
    }

    /// The end of the postings before `end` that the viewer may match,
    /// dropping the others from the end.
    fn visible_end(&self, mut end: usize) -> usize {
        while end > 0 && !self.counts(self.list[end - 1]) {
            end -= 1;
        }
        end
    }

    /// Whether the report `ord` is in the postings before `end`, and the
    /// new end for reports older than it. Searched back from `end` in
    /// doubling steps: the reports looked up come newest first, so the
    /// next is mostly a few postings back, even in a list of a million.
    fn find(&self, ord: u32, end: usize) -> (bool, usize) {
        // Every posting in `hi..end` is of a newer report than `ord`.
        let (mut lo, mut hi, mut step) = (0, end, 1);
        while step <= hi {
            let probe = hi - step;
            if self.list[probe] / 2 <= ord {
                lo = probe + 1;
                break;
            }
            hi = probe;
            step *= 2;
        }
        let at = lo + self.list[lo..hi].partition_point(|c| c / 2 <= ord);
        let found = at > 0 && self.list[at - 1] / 2 == ord && self.counts(self.list[at - 1]);
        (found, at)
    }
}

impl IntelIndex {
    /// The reports holding any of the words of `text` that `viewer` would
    /// be shown, ranked, `limit` after `after`.
    pub fn search(&self, text: &str, viewer: Viewer<'_>, limit: usize, after: Option<Cursor>) -> FoundPage {
        let limit = limit.max(1);
        let asked: Vec<u32> = super::words(text).iter().filter_map(|w| self.word_at.get(w.as_str()).copied()).collect();
        let lists: Vec<Postings> = asked
            .iter()
            .map(|w| Postings {
                list: &self.postings[*w as usize],
                all: viewer.reads_unsanitised,
                unsanitised_only: self.unsanitised_only[*w as usize] as usize,
            })
            .collect();
        let mine = self.my_drafts(&asked, viewer);
        let q = asked.len() as u32;
        let top = after.map_or(q, |c| c.words.min(q));
        let mut page: Vec<(u32, u32)> = Vec::new();
        for t in (1..=top).rev() {
            let need = limit - page.len();
            if need == 0 {
                break;
            }
            let bound = after.filter(|c| c.words == t);
            let end = bound.map_or(u32::MAX, |c| self.ord_bound(&c));
            let mut tier: Vec<u32> = self.tier(&lists, t, need, end).iter().filter_map(|o| self.slot_at(*o)).collect();
            tier.extend(
                mine.iter()
                    .filter(|(words, slot)| *words == t && bound.is_none_or(|c| self.key(*slot) < c.order_key()))
                    .map(|(_, slot)| *slot),
            );
            tier.sort_unstable_by_key(|s| Reverse(self.key(*s)));
            page.extend(tier.into_iter().take(need).map(|s| (t, s)));
        }
        let shown = after.map_or(0, |c| c.shown) + page.len();
        let beyond = if page.len() < limit {
            0
        } else {
            (self.count_up_to(&lists, shown + COUNTED + 1) + mine.len()).saturating_sub(shown)
        };
        let more = beyond.min(COUNTED);
        let next = page.last().filter(|_| more > 0).and_then(|(t, s)| {
            let r = self.report(*s)?;
            Some(format!("{t}|{}|{}|{shown}", r.occurred_at, self.ids.text(r.id)))
        });
        let found = page
            .iter()
            .filter_map(|(t, s)| Some(Found { id: self.ids.text(self.report(*s)?.id), words: *t }))
            .collect();
        FoundPage { found, more, more_at_least: beyond > COUNTED, next }
    }

    fn key(&self, slot: u32) -> (i64, Reverse<u128>) {
        self.report(slot).map_or((i64::MIN, Reverse(u128::MAX)), |r| r.order_key())
    }

    /// Whether `author` has a draft in the index: a search for a draft's
    /// reference reads the store only for an author who has one.
    pub fn has_drafts(&self, author: &str) -> bool {
        let me = self.author_at.get(author);
        me.and_then(|me| self.drafts.get(me)).is_some_and(|slots| !slots.is_empty())
    }

    /// The viewer's own drafts holding any of the words, with how many.
    fn my_drafts(&self, asked: &[u32], viewer: Viewer<'_>) -> Vec<(u32, u32)> {
        let Some(me) = self.author_at.get(viewer.username) else { return Vec::new() };
        let Some(slots) = self.drafts.get(me).filter(|_| *me != NOBODY) else { return Vec::new() };
        slots
            .iter()
            .filter_map(|slot| {
                let report = self.report(*slot)?;
                let held = report
                    .words
                    .iter()
                    .filter(|c| (viewer.reads_unsanitised || *c % 2 == 0) && asked.contains(&(*c / 2)))
                    .count() as u32;
                (held > 0).then_some((held, *slot))
            })
            .collect()
    }

    /// The ordinal below which reports rank after the cursor (among those
    /// holding as many words as it).
    fn ord_bound(&self, cursor: &Cursor) -> u32 {
        let at = self.order.partition_point(|s| self.key(*s) < cursor.order_key());
        self.order.get(at).map_or(u32::MAX, |s| self.ord(*s))
    }

    /// The newest `need` reports below ordinal `end` holding exactly `t`
    /// of the words, newest first, by ordinal.
    fn tier(&self, lists: &[Postings], t: u32, need: usize, end: u32) -> Vec<u32> {
        let mut by_length: Vec<usize> = (0..lists.len()).collect();
        by_length.sort_by_key(|i| lists[*i].list.len());
        let (walked, looked_up) = by_length.split_at(lists.len() + 1 - t as usize);
        let mut ends: Vec<usize> = lists
            .iter()
            .map(|p| if end == u32::MAX { p.list.len() } else { p.list.partition_point(|c| c / 2 < end) })
            .collect();
        let mut out = Vec::new();
        loop {
            let mut newest: Option<u32> = None;
            for i in walked {
                ends[*i] = lists[*i].visible_end(ends[*i]);
                if ends[*i] > 0 {
                    newest = newest.max(Some(lists[*i].list[ends[*i] - 1] / 2));
                }
            }
            let Some(ord) = newest else { break };
            let mut held = 0;
            for i in walked {
                if ends[*i] > 0 && lists[*i].list[ends[*i] - 1] / 2 == ord {
                    held += 1;
                    ends[*i] -= 1;
                }
            }
            for i in looked_up {
                let (found, at) = lists[*i].find(ord, ends[*i]);
                ends[*i] = at;
                held += u32::from(found);
            }
            if held == t {
                out.push(ord);
                if out.len() == need {
                    break;
                }
            }
        }
        out
    }

    /// How many reports (drafts aside) hold any of the words, as the
    /// viewer may match them, up to `most`: one merge, newest first.
    fn count_up_to(&self, lists: &[Postings], most: usize) -> usize {
        if let [one] = lists {
            return most.min(one.list.len() - if one.all { 0 } else { one.unsanitised_only });
        }
        let mut ends: Vec<usize> = lists.iter().map(|p| p.list.len()).collect();
        let mut n = 0;
        while n < most {
            let mut newest: Option<u32> = None;
            for (p, end) in lists.iter().zip(ends.iter_mut()) {
                *end = p.visible_end(*end);
                if *end > 0 {
                    newest = newest.max(Some(p.list[*end - 1] / 2));
                }
            }
            let Some(ord) = newest else { return n };
            n += 1;
            for (p, end) in lists.iter().zip(ends.iter_mut()) {
                if *end > 0 && p.list[*end - 1] / 2 == ord {
                    *end -= 1;
                }
            }
        }
        n
    }
}
