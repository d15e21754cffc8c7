//! A save's own change, coming back on the live stream, is not read again:
//! the console holds the record at that version already (one GET and one
//! audited consultation fewer). A newer change, someone else's, still is.

use crossterm::event::KeyCode;

use super::fixtures;
use super::harness::{last_save, Console};
use crate::api::Change;
use crate::console::action::{Action, Live};
use crate::console::effect::Effect;
use crate::console::state::PaneId;
use crate::domain::event::Event;

fn change(topic: &str, record: &Event, version: i64, seq: i64) -> Action {
    Action::Live(Live::Change(Change {
        seq,
        at: fixtures::now(),
        topic: topic.into(),
        op: "updated".into(),
        record_id: record.id.clone(),
        version,
        person_ids: record.people.iter().map(|p| p.person_id.clone()).collect(),
        private_to: None,
    }))
}

/// The reads of record `id` among `effects`: the record itself, or the
/// queue it is in.
fn rereads(effects: &[Effect], id: &str) -> usize {
    effects
        .iter()
        .filter(|e| match e {
            Effect::Refresh { id: read, .. } | Effect::LoadQueueRow { id: read, .. } => read == id,
            Effect::LoadQueue { .. } => true,
            _ => false,
        })
        .count()
}

#[test]
fn a_visit_saved_from_the_board_is_not_read_again_when_its_change_comes_back() {
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Board;
    // Up selects John SMITH (level 1): his condition and what was seen.
    c.key(KeyCode::Up).key(KeyCode::Char('v')).type_text("1").key(KeyCode::Tab).type_text("Reading");
    c.key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("a save");
    let mut visited = fixtures::detainees().into_iter().find(|e| e.id == save.id).unwrap();
    visited.version = save.version + 1;
    c.act(save.answer(Ok(visited.clone())));
    c.effects.clear();

    c.act(change("custody", &visited, visited.version, 70));
    assert_eq!(rereads(&c.effects, &visited.id), 0, "{:?}", c.effects);
    assert_eq!(c.state.live.last_event_id, Some(70));

    c.act(change("custody", &visited, visited.version + 1, 71));
    assert_eq!(rereads(&c.effects, &visited.id), 1, "{:?}", c.effects);
    assert!(c.effects.iter().any(|e| matches!(e, Effect::Refresh { id, .. } if *id == visited.id)));
}

#[test]
fn a_warrant_allocated_from_the_queue_is_not_read_again_when_its_change_comes_back() {
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Warrants;
    c.key(KeyCode::Char('m'));
    let save = last_save(&c.effects).expect("a save");
    let mut allocated = fixtures::warrants().into_iter().find(|e| e.id == save.id).unwrap();
    allocated.version = save.version + 1;
    c.act(save.answer(Ok(allocated.clone())));
    assert_eq!(c.state.warrants.rows.items.iter().find(|r| r.id == allocated.id).map(|r| r.version), Some(2));
    c.effects.clear();

    c.act(change("warrants", &allocated, allocated.version, 80));
    assert_eq!(rereads(&c.effects, &allocated.id), 0, "{:?}", c.effects);

    c.act(change("warrants", &allocated, allocated.version + 1, 81));
    assert!(c.effects.iter().any(|e| matches!(e, Effect::Refresh { id, .. } if *id == allocated.id)));
}

#[test]
fn a_board_read_before_the_save_does_not_undo_it() {
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Board;
    c.key(KeyCode::Up).key(KeyCode::Char('v')).type_text("1").key(KeyCode::Tab).type_text("Reading");
    c.key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("a save");
    // A board load is on its way, read before the visit was saved.
    c.state.board.rows.loading = true;
    let mut visited = fixtures::detainees().into_iter().find(|e| e.id == save.id).unwrap();
    visited.version = save.version + 1;
    c.act(save.answer(Ok(visited.clone())));
    c.act(change("custody", &visited, visited.version, 90));
    c.effects.clear();
    let page = crate::api::EventPage { items: fixtures::detainees(), next: None, ..Default::default() };
    c.act(Action::ListLoaded { list: crate::console::action::ListId::Board, result: Ok(page) });
    let row = c.state.board.rows.items.iter().find(|e| e.id == visited.id).unwrap();
    assert_eq!(row.version, visited.version, "the older page replaced the saved visit");
    assert_eq!(rereads(&c.effects, &visited.id), 0, "{:?}", c.effects);
}
