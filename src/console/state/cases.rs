//! The case status pane's state: its filters, the open cases, which view
//! of them is shown, and the force's custody time limit warning.

use super::list::Rows;
use crate::domain::event::CaseStatus;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cases {
    pub status: Option<CaseStatus>,
    pub officer: Option<String>,
    pub rows: Rows,
    pub view: CaseView,
    pub sort: CaseSort,
    /// A custody time limit this many days or fewer from expiry is due,
    /// as the server is set (`[cases] ctl_warning_days`); None until read.
    pub ctl_warning_days: Option<i64>,
    /// Why they could not be read, when they could not.
    pub ctl_error: Option<String>,
}

/// The order of the cases list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CaseSort {
    /// Custody time limits at risk, then overdue files, then next hearing.
    #[default]
    Urgency,
    NextHearing,
    FileDue,
    Urn,
    Officer,
}

impl CaseSort {
    pub const ALL: [CaseSort; 5] =
        [CaseSort::Urgency, CaseSort::NextHearing, CaseSort::FileDue, CaseSort::Urn, CaseSort::Officer];

    /// How the title says it: "sorted by next hearing".
    pub fn label(self) -> &'static str {
        match self {
            CaseSort::Urgency => "urgency",
            CaseSort::NextHearing => "next hearing",
            CaseSort::FileDue => "file due",
            CaseSort::Urn => "URN",
            CaseSort::Officer => "officer in case",
        }
    }
}

/// What the pane lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CaseView {
    /// The open cases, custody time limits at risk and overdue files first.
    #[default]
    Cases,
    /// The hearings listed today and tomorrow, court by court.
    Hearings,
}
