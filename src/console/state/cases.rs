//! The case status pane's state: its filters and the open cases.

use super::list::Rows;
use crate::domain::event::CaseStatus;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cases {
    pub status: Option<CaseStatus>,
    pub officer: Option<String>,
    pub rows: Rows,
}
