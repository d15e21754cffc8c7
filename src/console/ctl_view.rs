//! The custody time limit running on a case as the case status pane shows
//! it: the days left, due within the server's warning days, or expired.

use super::state::State;
use crate::domain::case_lifecycle::{custody_time_limit, CtlRules, CustodyTimeLimit};
use crate::domain::ctl_watch::CtlStanding;
use crate::domain::event::CaseDetails;

/// The custody time limit running on a case and how it stands. Until the
/// server's warning days are read only an expired limit is flagged.
pub fn ctl(d: &CaseDetails, state: &State) -> Option<(CustodyTimeLimit, CtlStanding)> {
    let limit = custody_time_limit(d, &CtlRules::default(), state.now)?;
    let standing = match state.cases.ctl_warning_days {
        Some(days) => CtlStanding::of(&limit, days),
        None if limit.days_remaining < 0 => CtlStanding::Expired,
        None => CtlStanding::Running,
    };
    Some((limit, standing))
}

/// How the case's limit stands, Running when none runs.
pub fn ctl_standing(d: &CaseDetails, state: &State) -> CtlStanding {
    ctl(d, state).map(|(_, s)| s).unwrap_or(CtlStanding::Running)
}
