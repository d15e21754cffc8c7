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

/// The case's summary, then each defendant the list says has flags, by
/// name with their flags (`⚑ WANTED` after a failure to appear).
pub fn defendants<'a>(state: &State, event: &Event, ui: &Ui) -> Line<'a> {
    let mut spans = vec![Span::raw(event.summary.clone())];
    for p in event.people.iter().filter(|p| p.role == EventRole::Defendant) {
        let Some(flags) = state.flags.get(&p.person_id).copied() else { continue };
        spans.push(Span::raw(" · "));
        if let Some(name) = state.names.get(&p.person_id).filter(|_| has_several(event)) {
            spans.push(Span::raw(format!("{name} ")));
        }
        spans.extend(flag_spans(flags, ui));
    }
    Line::from(spans)
}

/// Whether the case has more than one defendant (their flags then say whose).
fn has_several(event: &Event) -> bool {
    event.people.iter().filter(|p| p.role == EventRole::Defendant).count() > 1
}
