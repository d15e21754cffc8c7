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
    /// A custody time limit this many days or fewer from expiry is due,
    /// as the server is set (`[cases] ctl_warning_days`); None until read.
    pub ctl_warning_days: Option<i64>,
    /// Why they could not be read, when they could not.
    pub ctl_error: Option<String>,
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
