//! The cells the case status pane's two views share: a case's defendants
//! with their flags, and the custody time limit running on it.

use ratatui::text::{Line, Span};

use super::flag_spans;
use crate::console::state::State;
use crate::console::ui::Ui;
use crate::domain::case_lifecycle::CustodyTimeLimit;
use crate::domain::ctl_watch::CtlStanding;
use crate::domain::event::Event;
use crate::domain::link::EventRole;

/// The custody time limit: its last day and the days left, marked with
/// symbol and word once due or expired; a dash when none runs.
pub fn ctl_cell<'a>(ctl: Option<(CustodyTimeLimit, CtlStanding)>, ui: &Ui) -> Line<'a> {
    let Some((limit, standing)) = ctl else {
        return Line::raw("—");
    };
    let days = limit.days_remaining;
    match standing {
        CtlStanding::Expired => Line::styled(format!("✖ EXPIRED {}d ago", -days), ui.style("alert")),
        CtlStanding::Due => Line::styled(format!("▲ DUE {days}d left"), ui.style("warning")),
        CtlStanding::Running => Line::raw(format!("{days}d left")),
    }
}

/// Each defendant by name with their flags (`⚑ WANTED` after a failure to
/// appear), the flags first so a narrow column cuts a name, never a flag;
/// the case's summary when the list named none of them.
pub fn defendants<'a>(state: &State, event: &Event, ui: &Ui) -> Line<'a> {
    let mut spans = Vec::new();
    for p in event.people.iter().filter(|p| p.role == EventRole::Defendant) {
        let Some(name) = state.names.get(&p.person_id) else { continue };
        if !spans.is_empty() {
            spans.push(Span::raw(" · "));
        }
        let marks = state.flags.get(&p.person_id).map(|f| flag_spans(*f, ui)).unwrap_or_default();
        if !marks.is_empty() {
            spans.extend(marks);
            spans.push(Span::raw(" "));
        }
        spans.push(Span::raw(name.clone()));
    }
    if spans.is_empty() {
        spans.push(Span::raw(event.summary.clone()));
    }
    Line::from(spans)
}
