//! Building the index from every report at once: the reports are read in
//! any order, then sorted by time once and posted in that order, rather
//! than each put in its place among a million.

use super::order::spacing;
use super::{IntelIndex, ReportText, NOBODY};

#[derive(Default)]
pub struct IntelBuilder {
    index: IntelIndex,
}

impl IntelBuilder {
    pub fn new() -> IntelBuilder {
        IntelBuilder::default()
    }

    /// Adds the report (a second time, it replaces the first).
    pub fn add(&mut self, report: &ReportText) {
        self.index.store(report);
    }

    pub fn finish(self) -> IntelIndex {
        let mut index = self.index;
        let mut drafts: Vec<u32> = Vec::new();
        let mut order: Vec<u32> = Vec::new();
        for (slot, report) in index.reports.iter().enumerate() {
            let Some(report) = report else { continue };
            if report.words.is_empty() {
                continue;
            }
            if report.draft_of == NOBODY {
                order.push(slot as u32);
            } else {
                drafts.push(slot as u32);
            }
        }
        order.sort_unstable_by_key(|s| index.report(*s).map(|r| r.order_key()));
        let spacing = spacing(order.len());
        for (i, slot) in order.iter().enumerate() {
            let ord = ((i as u64 + 1) * spacing) as u32;
            let Some(report) = index.reports[*slot as usize].as_mut() else { continue };
            report.ord = ord;
            for code in report.words.iter() {
                let (word, flag) = ((code / 2) as usize, code % 2);
                index.postings[word].push(ord * 2 + flag);
                index.unsanitised_only[word] += flag;
            }
        }
        for list in &mut index.postings {
            list.shrink_to_fit();
        }
        index.order = order;
        for slot in drafts {
            let author = index.reports[slot as usize].as_ref().map_or(NOBODY, |r| r.draft_of);
            index.drafts.entry(author).or_default().push(slot);
        }
        index
    }
}
