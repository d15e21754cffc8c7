//! The levels a comparison grades a field at (names, dates of birth), and
//! the name each has in the weights table.

use super::features::Features;
use crate::domain::dates::PartialDate;
use crate::matching::{dob_agreement, DobAgreement};

/// How closely two names agree, best first (the index of each name level
/// in the weights).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Level {
    Exact = 0,
    Nickname = 1,
    Close = 2,
    Phonetic = 3,
    /// One forename an initial, the other's first letter ("J" for John).
    Initial = 4,
    Differs = 5,
}

impl Level {
    /// Every level, best first, as the weights lay them out.
    pub(super) const ALL: [Level; 6] =
        [Level::Exact, Level::Nickname, Level::Close, Level::Phonetic, Level::Initial, Level::Differs];

    pub(super) fn as_str(self) -> &'static str {
        match self {
            Level::Exact => "exact",
            Level::Nickname => "nickname",
            Level::Close => "close",
            Level::Phonetic => "phonetic",
            Level::Initial => "initial",
            Level::Differs => "differs",
        }
    }
}

pub(super) fn surname_key(level: Level) -> &'static str {
    match level {
        Level::Exact => "surname.exact",
        Level::Nickname | Level::Close => "surname.close",
        Level::Phonetic => "surname.phonetic",
        // A surname against a forename's initial (names the other way round).
        Level::Initial | Level::Differs => "surname.differs",
    }
}

pub(super) fn forename_key(level: Level) -> &'static str {
    match level {
        Level::Exact => "forename.exact",
        Level::Nickname => "forename.nickname",
        Level::Close => "forename.close",
        Level::Phonetic => "forename.phonetic",
        Level::Initial => "forename.initial",
        Level::Differs => "forename.differs",
    }
}

/// The levels dates of birth are weighed at, named in [`DOB_LEVELS`] in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DobLevel {
    Exact,
    Month,
    Year,
    Swapped,
    Near,
    /// Two whole dates under a year apart that agree at no closer level:
    /// a date recorded weeks or months out, as some sources do often.
    WithinYear,
    Differs,
}

pub(super) const DOB_LEVELS: [&str; 7] =
    ["dob.exact", "dob.month", "dob.year", "dob.swapped", "dob.near", "dob.within_year", "dob.differs"];

/// The level two dates of birth agree at, by the shared ladder: to the
/// precision both give. A month that may be the other's day (swapped before
/// the day was lost) agrees to the year alone; a slip is near. A partial
/// date a year out differs: no day and month say it is a slip, and weighed
/// as near it sends namesakes to review (in the synthetic exports, all it
/// sends are namesakes).
pub(super) fn dob_level(a: PartialDate, b: PartialDate) -> DobLevel {
    match dob_agreement(a, b) {
        DobAgreement::Exact => DobLevel::Exact,
        DobAgreement::Month => DobLevel::Month,
        DobAgreement::Year | DobAgreement::MonthIsDay => DobLevel::Year,
        DobAgreement::Swapped => DobLevel::Swapped,
        DobAgreement::Near(_) => DobLevel::Near,
        DobAgreement::Differs if within_year(a, b) => DobLevel::WithinYear,
        DobAgreement::YearApart | DobAgreement::Differs => DobLevel::Differs,
    }
}

/// Two whole dates less than a year apart: the later comes before the
/// earlier's anniversary. Compared as (year, month, day), since it runs for
/// every candidate whose date differs.
fn within_year(a: PartialDate, b: PartialDate) -> bool {
    let (Some(am), Some(ad), Some(bm), Some(bd)) = (a.month, a.day, b.month, b.day) else { return false };
    let (x, y) = ((a.year, am, ad), (b.year, bm, bd));
    let (early, late) = if x <= y { (x, y) } else { (y, x) };
    late < (early.0 + 1, early.1, early.2)
}

/// Whether two persons' dates of birth rule each other out: both are known
/// and no date of one agrees with any of the other even in part (a day and
/// month swapped, a one-digit slip and a partial date all still agree).
pub fn dates_rule_out(a: &Features, b: &Features) -> bool {
    !a.dobs.is_empty()
        && !b.dobs.is_empty()
        && a.dobs.iter().all(|x| b.dobs.iter().all(|y| dob_level(*x, *y) == DobLevel::Differs))
}
