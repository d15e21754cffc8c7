//! The mouse: a click lands on what the last frame drew there.

use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use super::fixtures;
use super::harness::Console;
use crate::console::mouse;
use crate::console::state::{Overlay, PaneId};
use crate::console::ui::Ui;
use crate::console::update::registry;

const WIDTH: u16 = 160;
const HEIGHT: u16 = 48;

/// Draws the console as it stands, then finds where `text` was drawn.
fn find(c: &Console, ui: &Ui, text: &str) -> (u16, u16) {
    let buffer = super::snapshots::draw(&c.state, ui, WIDTH, HEIGHT);
    let screen = super::snapshots::text(&buffer);
    for (y, line) in screen.lines().enumerate() {
        if let Some(at) = line.find(text) {
            let x = line[..at].chars().count();
            return (x as u16, y as u16);
        }
    }
    panic!("'{text}' is not on screen:\n{screen}");
}

fn mouse_at(c: &mut Console, ui: &Ui, kind: MouseEventKind, (column, row): (u16, u16)) {
    let event = MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE };
    if let Some(action) = mouse::action(&c.state, ui, event) {
        c.act(action);
    }
}

fn click(c: &mut Console, ui: &Ui, text: &str) {
    let at = find(c, ui, text);
    mouse_at(c, ui, MouseEventKind::Down(MouseButton::Left), at);
}

#[test]
fn a_click_on_a_tab_shows_its_pane() {
    let ui = fixtures::ui("dark");
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Lookup;
    click(&mut c, &ui, "Warrants");
    assert_eq!(c.state.pane, PaneId::Warrants);
    click(&mut c, &ui, "Custody");
    assert_eq!(c.state.pane, PaneId::Board);
}

#[test]
fn a_click_selects_a_row_and_a_click_on_the_selected_row_opens_it() {
    let ui = fixtures::ui("dark");
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Board;
    // The board's rows, top to bottom: Dean Price's is the fifth.
    let ids = registry::pane(PaneId::Board).ids(&c.state);
    click(&mut c, &ui, "Dean PRICE");
    assert_eq!(c.state.board.rows.list.selected.as_ref(), Some(&ids[4]), "the row clicked is selected");
    assert_eq!(c.state.pane, PaneId::Board, "a first click only selects");
    click(&mut c, &ui, "Dean PRICE");
    assert_eq!(c.state.pane, PaneId::Event, "a click on the selected row opens it");
    assert_eq!(c.state.event.as_ref().map(|v| &v.event.id), Some(&ids[4]));
}

#[test]
fn the_wheel_moves_the_selection_and_dialogs_take_no_mouse() {
    let ui = fixtures::ui("dark");
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Board;
    let ids: Vec<String> = fixtures::detainees().iter().map(|d| d.id.clone()).collect();
    c.state.board.rows.list.selected = Some(ids[0].clone());
    let middle = (WIDTH / 2, HEIGHT / 2);
    mouse_at(&mut c, &ui, MouseEventKind::ScrollDown, middle);
    assert_eq!(c.state.board.rows.list.selected.as_ref(), Some(&ids[1]));
    mouse_at(&mut c, &ui, MouseEventKind::ScrollUp, middle);
    assert_eq!(c.state.board.rows.list.selected.as_ref(), Some(&ids[0]));

    c.state.overlay = Overlay::Palette { input: String::new(), error: None };
    let tab = find(&c, &ui, "Warrants");
    mouse_at(&mut c, &ui, MouseEventKind::Down(MouseButton::Left), tab);
    mouse_at(&mut c, &ui, MouseEventKind::ScrollDown, middle);
    assert_eq!(c.state.pane, PaneId::Board, "the palette is open: the click is not for the tabs");
    assert_eq!(c.state.board.rows.list.selected.as_ref(), Some(&ids[0]));
}
