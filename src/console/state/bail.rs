//! The bail desk's state: the bail diary of every station — those past
//! their time to answer first, then those answering later today, then
//! pre-charge bail whose last day is near — one list, filtered by typing.

use super::list::ListState;
use crate::api::bail::{BailDiary, BailDiaryRow};

/// How many days ahead the desk lists pre-charge bail ending.
pub const ENDING_DAYS: i64 = 28;

/// Where a person's bail stands in the diary, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BailDue {
    Overdue,
    Today,
    Ending,
}

impl BailDue {
    pub fn label(self) -> &'static str {
        match self {
            BailDue::Overdue => "✖ OVERDUE",
            BailDue::Today => "today",
            BailDue::Ending => "ending",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct BailLine {
    pub due: BailDue,
    pub row: BailDiaryRow,
}

/// The order of the diary (`S`). The whole diary is read at once, so the
/// console orders it without asking the server again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum BailSort {
    /// Overdue, then today, then ending, each soonest first (the server's).
    #[default]
    Due,
    /// By the person's surname, then forenames.
    Name,
    /// By where bail is answered.
    Place,
}

impl BailSort {
    pub const ALL: [BailSort; 3] = [BailSort::Due, BailSort::Name, BailSort::Place];

    /// How the title says it: "by name".
    pub fn label(self) -> &'static str {
        match self {
            BailSort::Due => "most urgent first",
            BailSort::Name => "by name",
            BailSort::Place => "by where answered",
        }
    }

    pub fn next(self) -> BailSort {
        let at = BailSort::ALL.iter().position(|s| *s == self).unwrap_or(0);
        BailSort::ALL[(at + 1) % BailSort::ALL.len()]
    }
}

#[derive(Debug, Clone, Default)]
pub struct Bail {
    /// Overdue first, then today, then ending, each soonest first.
    pub rows: Vec<BailLine>,
    pub list: ListState,
    pub loaded: bool,
    pub loading: bool,
    pub error: Option<String>,
    /// Which read the rows on their way answer (an older one is dropped).
    pub seq: u64,
    pub sort: BailSort,
}

impl Bail {
    /// The diary as read: overdue, today, ending, in the server's order.
    pub fn land(&mut self, diary: BailDiary) {
        let lines = |due: BailDue, rows: Vec<BailDiaryRow>| rows.into_iter().map(move |row| BailLine { due, row });
        self.rows = lines(BailDue::Overdue, diary.overdue)
            .chain(lines(BailDue::Today, diary.today))
            .chain(lines(BailDue::Ending, diary.ending))
            .collect();
    }

    /// The rows the typed filter leaves: it matches the name, the custody
    /// record's reference, the place and the conditions.
    pub fn visible(&self) -> Vec<&BailLine> {
        let filter = self.list.filter.to_lowercase();
        let mut rows: Vec<&BailLine> = self
            .rows
            .iter()
            .filter(|l| {
                let r = &l.row;
                filter.is_empty()
                    || r.person_name.as_deref().unwrap_or_default().to_lowercase().contains(&filter)
                    || r.reference.to_lowercase().contains(&filter)
                    || r.place.as_deref().unwrap_or_default().to_lowercase().contains(&filter)
                    || r.conditions.iter().any(|c| c.to_lowercase().contains(&filter))
            })
            .collect();
        // Stable: equal keys keep the diary's own order.
        match self.sort {
            BailSort::Due => {}
            BailSort::Name => rows.sort_by_cached_key(|l| name_key(l.row.person_name.as_deref())),
            BailSort::Place => rows.sort_by_cached_key(|l| {
                let place = l.row.place.as_deref().map(str::to_lowercase);
                (place.is_none(), place)
            }),
        }
        rows
    }
}

/// A name as the name order reads it, surname first (the last word, as the
/// diary sends a name whole); a row without a name last.
fn name_key(name: Option<&str>) -> (bool, String) {
    let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else { return (true, String::new()) };
    let key = match name.rsplit_once(' ') {
        Some((forenames, surname)) => format!("{surname} {forenames}"),
        None => name.to_string(),
    };
    (false, key.to_lowercase())
}
