//! `S` on the warrant queue steps through the server's orders (priority,
//! oldest, newest, name): each asks the server for the queue in that order
//! from its top, and the title says which order is shown.

use crossterm::event::KeyCode;

use super::fixtures;
use super::harness::Console;
use super::snapshots::{draw, text};
use crate::api::warrants::QueueSort;
use crate::console::effect::Effect;
use crate::console::state::PaneId;

fn asked_sort(c: &Console) -> Option<Option<QueueSort>> {
    c.effects.iter().rev().find_map(|e| match e {
        Effect::LoadQueue { query, append: false, .. } => Some(query.sort),
        _ => None,
    })
}

#[test]
fn s_steps_through_the_orders_and_the_title_says_which() {
    let mut state = fixtures::state();
    state.pane = PaneId::Warrants;
    let ui = fixtures::ui("dark");
    let mut c = Console::new(state);
    assert!(text(&draw(&c.state, &ui, 160, 40)).contains("Warrant queue — by priority"));
    for (sort, word) in [(QueueSort::Oldest, "oldest"), (QueueSort::Newest, "newest"), (QueueSort::Name, "name")] {
        c.effects.clear();
        c.key(KeyCode::Char('S'));
        assert_eq!(c.state.warrants.sort, sort);
        assert_eq!(asked_sort(&c), Some(Some(sort)), "the queue read again in the new order");
        assert!(c.state.warrants.rows.items.is_empty(), "the rows of the old order are not shown as the new");
        assert!(text(&draw(&c.state, &ui, 160, 40)).contains(&format!("Warrant queue — by {word}")));
    }
    c.effects.clear();
    c.key(KeyCode::Char('S'));
    assert_eq!(c.state.warrants.sort, QueueSort::Priority, "round to the default");
    assert_eq!(asked_sort(&c), Some(None), "the default is not sent");
}
