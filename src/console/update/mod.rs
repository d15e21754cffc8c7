//! `update(&mut State, Action) -> Vec<Effect>`: every change to the console
//! happens here, without I/O, so keys-in/state-out is testable. This file
//! only routes each action to its owner: the session, the keys, the live
//! stream, the records, or — for a result a pane asked for — the pane,
//! found through `registry.rs`. Each pane's update is a file of its own
//! implementing `pane::Pane`.

mod allocation;
pub mod asb;
mod asb_form;
pub mod asb_reads;
pub mod bail;
pub mod board;
pub mod cases;
mod click;
mod commands;
mod common;
mod crime_decision;
mod crime_form;
mod crime_link;
mod crime_queue;
pub mod crime_reads;
mod crime_request;
mod crime_row;
pub mod crimes;
mod custody_book_in;
mod custody_common;
mod custody_fields;
mod custody_form;
mod custody_inputs;
mod custody_request;
mod decision;
mod desk_form;
mod desk_page;
pub mod entity;
pub mod event;
mod incident_form;
mod incident_link;
mod incident_request;
pub mod incidents;
mod input;
mod intel_form;
mod intel_grading;
pub mod intel_reads;
mod intel_steps;
pub mod intelligence;
mod live;
pub mod lookup;
mod opening;
mod palette;
mod palette_complete;
mod pane;
mod picker;
pub mod profile;
pub mod profile_linked;
mod record_nav;
mod records;
pub mod registry;
pub mod review;
mod rows;
pub mod safeguarding;
mod safeguarding_form;
pub mod safeguarding_reads;
mod session;
mod warrant_form;
mod warrant_queue;
pub mod warrants;

use crate::console::action::Action;
use crate::console::effect::Effect;
use crate::console::state::State;

pub use pane::{Mode, Pane};

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    use input::key;
    use pane::Key;
    if action.is_input() {
        state.last_input = state.now;
    }
    match action {
        Action::Tick(now) => session::tick(state, now),
        Action::Resize(width, height) => {
            state.size = (width, height);
            Vec::new()
        }
        Action::Command(command) => commands::in_context(state, command),
        Action::Run(line) => palette::run(state, &line),
        Action::Edit(edit) => key(state, Key::Edit(edit)),
        Action::Submit => key(state, Key::Submit),
        Action::Cancel => key(state, Key::Cancel),
        Action::Pick(delta) => key(state, Key::Pick(delta)),
        Action::Click(target) => click::click(state, target),
        Action::Complete => {
            palette_complete::complete(state);
            Vec::new()
        }
        Action::TypeAhead(letter) => type_ahead(state, letter),
        Action::LoggedIn(result) => session::logged_in(state, result),
        Action::SessionChecked(result) => session::checked(state, result),
        Action::Live(live) => live::message(state, live),
        Action::Refreshed { kind, id, result } => records::refreshed(state, kind, &id, result),
        Action::RecordRefreshed { kind, id, result } => records::refreshed_with_links(state, kind, &id, result),
        Action::Saved { kind, id, what, result } => records::saved(state, kind, id, what, result),
        // A result a pane asked for: the pane takes it.
        reply => registry::reply(state, reply),
    }
}

/// A free letter over a list: the pane's box takes the focus (as its
/// filter key would give it), then the letter.
fn type_ahead(state: &mut State, letter: char) -> Vec<Effect> {
    let mut effects = commands::in_context(state, crate::console::action::Command::Filter);
    if state.overlay == crate::console::state::Overlay::None && registry::pane(state.pane).typing(state) {
        effects.extend(input::key(state, pane::Key::Edit(crate::console::action::Edit::Insert(letter))));
    }
    effects
}
