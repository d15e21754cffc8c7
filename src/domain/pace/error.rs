//! Why a custody log entry was refused, in words for the custody sergeant.

use chrono::{DateTime, NaiveDateTime, Utc};

use super::london_time::format_london;
use crate::domain::FieldError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaceError {
    #[error("this custody record is closed: the detainee has already been released")]
    AlreadyReleased,

    #[error("the detainee was charged at {}: the detention clock no longer applies", format_london(*.at))]
    AlreadyCharged { at: DateTime<Utc> },

    #[error("every entry must say who made it")]
    NotAttributed,

    #[error("the entry is timed {}, which is in the future", format_london(*.at))]
    InFuture { at: DateTime<Utc> },

    #[error("a {what} cannot be timed before detention was authorised at {}", format_london(*.authorised))]
    BeforeDetention { what: &'static str, authorised: DateTime<Utc> },

    #[error("a {what} must record its {needs}")]
    ReasonRequired { what: &'static str, needs: &'static str },

    #[error("detention beyond 24 hours is only possible for an indictable offence")]
    NotIndictable,

    #[error(
        "a superintendent's extension cannot be given more than 24 hours after the relevant time (the latest was {})",
        format_london(*.latest)
    )]
    ExtensionTooLate { latest: DateTime<Utc> },

    #[error(
        "a superintendent's extension cannot be given before the second review ({done} review(s) carried out so far)"
    )]
    BeforeSecondReview { done: usize },

    #[error("the detention clock ran out at {}: the detainee must be charged or released", format_london(*.limit))]
    ClockExpired { limit: DateTime<Utc> },

    #[error(
        "a warrant of further detention must start with the hours the court granted, such as \
         \"36h Highbury Corner Magistrates' Court\" (got \"{text}\")"
    )]
    WarrantHoursMissing { text: String },

    #[error("a warrant of further detention may authorise 1 to {max} hours, not {hours}")]
    WarrantHoursOutOfRange { hours: u32, max: i64 },

    #[error(
        "this would hold the detainee until {}, beyond 96 hours from the relevant time (the latest is {})",
        format_london(*.would_end),
        format_london(*.latest)
    )]
    BeyondMaximum { would_end: DateTime<Utc>, latest: DateTime<Utc> },

    #[error("{local} happens twice in London when the clocks go back: enter it in UTC")]
    AmbiguousLocalTime { local: NaiveDateTime },

    #[error("{local} does not exist in London (the clocks go forward): check the time")]
    NonexistentLocalTime { local: NaiveDateTime },
}

impl PaceError {
    /// The field of a custody log entry the error is about, for the API's
    /// field-level error shape.
    pub fn field(&self) -> &'static str {
        match self {
            PaceError::AlreadyReleased => "status",
            PaceError::AlreadyCharged { .. } | PaceError::NotIndictable | PaceError::BeforeSecondReview { .. } => {
                "kind"
            }
            PaceError::NotAttributed => "by",
            PaceError::ReasonRequired { .. }
            | PaceError::WarrantHoursMissing { .. }
            | PaceError::WarrantHoursOutOfRange { .. }
            | PaceError::BeyondMaximum { .. } => "text",
            PaceError::InFuture { .. }
            | PaceError::BeforeDetention { .. }
            | PaceError::ExtensionTooLate { .. }
            | PaceError::ClockExpired { .. }
            | PaceError::AmbiguousLocalTime { .. }
            | PaceError::NonexistentLocalTime { .. } => "at",
        }
    }
}

impl From<PaceError> for FieldError {
    fn from(e: PaceError) -> Self {
        FieldError::new(e.field(), e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_show_london_time_and_name_a_field() {
        let e = PaceError::ClockExpired { limit: "2026-07-01T10:00:00Z".parse().unwrap() };
        assert_eq!(
            e.to_string(),
            "the detention clock ran out at 2026-07-01 11:00 BST: the detainee must be charged or released"
        );
        let f: FieldError = e.into();
        assert_eq!(f.field, "at");
        assert_eq!(FieldError::from(PaceError::NotAttributed).field, "by");
    }
}
