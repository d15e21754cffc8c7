//! The mouse, where the terminal reports it: the wheel moves the selection
//! of the list on screen, a click on a tab shows its pane, a click on a
//! row selects it and a click on the selected row opens it. Dialogs and the
//! login screen take no mouse: their keys say what they do.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use super::action::{Action, Command};
use super::state::{Overlay, Screen, State};
use super::ui::Ui;

pub fn action(state: &State, ui: &Ui, event: MouseEvent) -> Option<Action> {
    if state.screen != Screen::Main || state.overlay != Overlay::None {
        return None;
    }
    match event.kind {
        MouseEventKind::ScrollDown => Some(Action::Command(Command::Down)),
        MouseEventKind::ScrollUp => Some(Action::Command(Command::Up)),
        MouseEventKind::Down(MouseButton::Left) => ui.hits.at(event.column, event.row).map(Action::Click),
        _ => None,
    }
}
