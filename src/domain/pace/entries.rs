//! The custody log entry kinds the rules read. An entry's meaning is its kind
//! and its time; the text is the recorded reason or grounds, read by people,
//! except for a warrant of further detention, whose text starts with the hours
//! the court granted. Entries of any other kind (meals, rights, property…)
//! are kept in the log and ignored by the rules.

use chrono::{DateTime, Utc};

use super::PaceError;
use crate::domain::event::{CustodyDetails, CustodyEntry, CustodyOutcome};

/// A review of detention (s.40) carried out at `at`; text: the outcome.
pub const REVIEW: &str = "review";
/// The review due was postponed at `at`; text: the reason (required). It does
/// not move the schedule: the review is still due, and the next is due as if
/// it had not been postponed.
pub const REVIEW_POSTPONED: &str = "review_postponed";
/// A superintendent authorised detention up to 36 h from the relevant time
/// (s.42); text: the grounds and the representations heard (required).
pub const EXTENSION: &str = "extension";
/// A magistrates' court issued or extended a warrant of further detention
/// (ss.43–44) at `at`; text: `<hours>h` then the court and notes, such as
/// `36h Highbury Corner Magistrates' Court`. The period runs from `at`.
pub const WARRANT_OF_FURTHER_DETENTION: &str = "warrant_of_further_detention";
/// A visit to the cell, with the detainee roused where the level requires it.
pub const VISIT: &str = "visit";
/// A visit at which the detainee could not be roused: a healthcare
/// professional is called, and the board alerts until a later `visit`.
pub const ROUSING_FAILED: &str = "rousing_failed";
/// The detainee was charged at `at`: the detention clock stops.
pub const CHARGED: &str = "charged";
/// A juvenile or vulnerable adult was booked in without an appropriate adult;
/// the board alerts until a later `appropriate_adult` entry.
pub const APPROPRIATE_ADULT_REQUIRED: &str = "appropriate_adult_required";
/// An appropriate adult attended; text: who.
pub const APPROPRIATE_ADULT: &str = "appropriate_adult";

/// Every kind the rules read.
pub const RULE_KINDS: [&str; 9] = [
    REVIEW,
    REVIEW_POSTPONED,
    EXTENSION,
    WARRANT_OF_FURTHER_DETENTION,
    VISIT,
    ROUSING_FAILED,
    CHARGED,
    APPROPRIATE_ADULT_REQUIRED,
    APPROPRIATE_ADULT,
];

/// The hours at the start of a warrant's text: one to three digits then `h`,
/// then the end or a space. Nothing else is read from the text.
pub fn parse_warrant_hours(text: &str) -> Result<u32, PaceError> {
    let missing = || PaceError::WarrantHoursMissing { text: text.chars().take(60).collect() };
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return Err(missing());
    }
    let rest = &text[digits..];
    let after_h = rest.strip_prefix('h').ok_or_else(missing)?;
    if !(after_h.is_empty() || after_h.starts_with(char::is_whitespace)) {
        return Err(missing());
    }
    text[..digits].parse().map_err(|_| missing())
}

/// The log in time order; entries at the same instant keep the order they
/// were recorded in.
pub(super) fn in_time_order(record: &CustodyDetails) -> Vec<&CustodyEntry> {
    let mut entries: Vec<&CustodyEntry> = record.entries.iter().collect();
    entries.sort_by_key(|e| e.at);
    entries
}

/// When the detainee was charged, from the first `charged` entry.
pub fn charged_at(record: &CustodyDetails) -> Option<DateTime<Utc>> {
    record.entries.iter().filter(|e| e.kind == CHARGED).map(|e| e.at).min()
}

/// Charged, by a `charged` entry or by the recorded outcome (the time may then
/// be unknown): either way the detention clock no longer runs.
pub fn is_charged(record: &CustodyDetails) -> bool {
    charged_at(record).is_some()
        || matches!(record.outcome, Some(CustodyOutcome::ChargedBailed | CustodyOutcome::ChargedRemanded))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warrant_hours_are_read_strictly() {
        assert_eq!(parse_warrant_hours("36h Highbury Corner Magistrates' Court"), Ok(36));
        assert_eq!(parse_warrant_hours("12h"), Ok(12));
        assert_eq!(parse_warrant_hours("0h"), Ok(0)); // the range is checked by the rules
        assert_eq!(parse_warrant_hours("24h\nextended on application"), Ok(24));
        for bad in ["", "h", "36", "36 h", " 36h", "36H", "36hours", "36h.", "+36h", "1000h", "thirty-six hours", "٣٦h"]
        {
            let err = parse_warrant_hours(bad).unwrap_err();
            assert!(matches!(err, PaceError::WarrantHoursMissing { .. }), "{bad:?}");
        }
    }

    #[test]
    fn the_error_quotes_at_most_a_short_piece_of_the_text() {
        let long = "x".repeat(500);
        let PaceError::WarrantHoursMissing { text } = parse_warrant_hours(&long).unwrap_err() else {
            panic!("wrong error");
        };
        assert_eq!(text.len(), 60);
    }
}
