//! What the detainee board reads from the domain's PACE rules: each of the
//! clock, the review and the visit as fine, due soon or overdue, and any
//! other alarm (a failed rousing, a missing appropriate adult) as words.

pub use crate::domain::pace::{status_at, AlertKind, CustodyStatus, Severity};

/// How close a due time is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Urgency {
    Fine,
    DueSoon,
    Overdue,
}

impl From<Severity> for Urgency {
    fn from(severity: Severity) -> Self {
        match severity {
            Severity::DueSoon => Urgency::DueSoon,
            Severity::Overdue => Urgency::Overdue,
        }
    }
}

/// The board's reading of one status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Urgencies {
    pub clock: Urgency,
    pub review: Urgency,
    pub visit: Urgency,
    /// An alarm that is not one of the three, as a short word for the
    /// status column (the record view gives it in full).
    pub other: Option<&'static str>,
}

pub fn urgencies(status: &CustodyStatus) -> Urgencies {
    let of = |kinds: &[AlertKind]| {
        status
            .alerts
            .iter()
            .filter(|a| kinds.contains(&a.kind))
            .map(|a| Urgency::from(a.severity))
            .max()
            .unwrap_or(Urgency::Fine)
    };
    let other = status.alerts.iter().find_map(|a| match a.kind {
        AlertKind::RousingFailed => Some("ROUSE"),
        AlertKind::AppropriateAdultMissing => Some("ADULT"),
        _ => None,
    });
    Urgencies {
        clock: of(&[AlertKind::ClockExpired, AlertKind::ClockDueSoon]),
        review: of(&[AlertKind::ReviewOverdue]),
        visit: of(&[AlertKind::VisitOverdue]),
        other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::{CustodyDetails, CustodyEntry, OpenClosed};
    use chrono::{DateTime, Utc};

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn details() -> CustodyDetails {
        CustodyDetails {
            suite_id: "s1".into(),
            cell: "C4".into(),
            arrested_at: t("2026-11-25T08:00:00Z"),
            relevant_time: t("2026-11-25T08:30:00Z"),
            detention_authorised_at: t("2026-11-25T08:45:00Z"),
            arrest_reason: "x".into(),
            offences: vec!["Theft".into()],
            indictable: false,
            arresting_officer: "PC 1".into(),
            observation_level: 2,
            last_visit_at: Some(t("2026-11-25T11:00:00Z")),
            last_review_at: None,
            status: OpenClosed::Open,
            outcome: None,
            entries: vec![],
            case: None,
            crime: None,
            warrant: None,
            bail: None,
            carried: None,
        }
    }

    #[test]
    fn the_board_reads_each_due_item_from_the_pace_rules() {
        let fine = urgencies(&status_at(&details(), t("2026-11-25T11:05:00Z")));
        assert_eq!(
            (fine.clock, fine.review, fine.visit, fine.other),
            (Urgency::Fine, Urgency::Fine, Urgency::Fine, None)
        );
        // Level 2: a visit every 30 minutes, so 11:31 is past due.
        let late = urgencies(&status_at(&details(), t("2026-11-25T11:31:00Z")));
        assert_eq!(late.visit, Urgency::Overdue);
        // Past 24 hours from the relevant time, the clock has run out.
        let expired = urgencies(&status_at(&details(), t("2026-11-26T08:31:00Z")));
        assert_eq!(expired.clock, Urgency::Overdue);
    }

    #[test]
    fn other_alarms_are_named() {
        let mut record = details();
        record.entries.push(CustodyEntry {
            at: t("2026-11-25T11:10:00Z"),
            by: "PS 1".into(),
            kind: crate::domain::pace::entries::APPROPRIATE_ADULT_REQUIRED.into(),
            text: "Detainee is 16".into(),
        });
        let read = urgencies(&status_at(&record, t("2026-11-25T11:12:00Z")));
        assert_eq!(read.other, Some("ADULT"));
    }
}
