//! Allocating a warrant from the list of users who work warrants: typing
//! narrows the list shown under the form, Enter takes the one left, and a
//! name that is no such user is refused on the form before anything is sent.

use crossterm::event::{KeyCode, KeyModifiers};

use super::fixtures;
use super::harness::{last_save, Console};
use super::snapshots::{draw, text};
use crate::console::action::Action;
use crate::console::effect::Effect;
use crate::console::state::{Overlay, PaneId};

fn allocating() -> Console {
    let mut state = fixtures::state();
    state.pane = PaneId::Warrants;
    let mut c = Console::new(state);
    c.key(KeyCode::Char('A'));
    assert!(c.effects.iter().any(|e| matches!(e, Effect::LoadOfficers)), "the list was not asked for");
    let officers = ["dc.ames", "pc.jones", "pc.reid", "ps.khan"].map(String::from).to_vec();
    c.act(Action::OfficersLoaded(Ok(officers)));
    c
}

#[test]
fn typing_narrows_the_list_and_enter_takes_the_one_left() {
    let mut c = allocating();
    c.type_text("jon");
    let screen = text(&draw(&c.state, &fixtures::ui("dark"), 80, 24));
    assert!(screen.contains("Users: pc.jones"), "{screen}");
    insta::assert_snapshot!("warrant_form_allocate_choices", screen);
    c.key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("a save");
    assert_eq!(save.action, serde_json::json!({"type": "allocate", "officer": "pc.jones"}));
}

#[test]
fn a_name_that_is_no_user_or_could_be_several_is_refused_on_the_form() {
    let mut c = allocating();
    c.type_text("nobody.here").key(KeyCode::Enter);
    let Overlay::WarrantForm(form) = &c.state.overlay else { panic!("the form closed") };
    assert_eq!(form.error_field.as_deref(), Some("officer"));
    assert!(form.error.as_deref().unwrap_or_default().contains("no user who works warrants"), "{:?}", form.error);
    c.key_with(KeyCode::Char('u'), KeyModifiers::CONTROL).type_text("pc.").key(KeyCode::Enter);
    let Overlay::WarrantForm(form) = &c.state.overlay else { panic!("the form closed") };
    assert!(form.error.as_deref().unwrap_or_default().contains("pc.jones, pc.reid"), "{:?}", form.error);
    assert!(!c.effects.iter().any(|e| matches!(e, Effect::Save { .. })), "sent a name that is no user");
}
