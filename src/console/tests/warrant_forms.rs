//! The warrant queue's work through real keys: allocate to me, the
//! allocate, execute and withdraw forms (snapshots of each and of a
//! refusal), the priority filter, the typed filter, paging and live
//! changes, deep in a long queue too.

use crossterm::event::KeyCode;

use super::fixtures;
use super::harness::{last_save, Console};
use super::snapshots::{draw, text};
use crate::api::warrants::{QueuePage, QueueRow};
use crate::client::ClientError;
use crate::console::action::{Action, Live};
use crate::console::effect::Effect;
use crate::console::state::{Overlay, PaneId, WarrantFormKind};
use crate::console::update::registry::has_unsaved_work;
use crate::domain::priority::Bands;
use crate::domain::role::{Role, Roles};

impl Console {
    fn on_queue() -> Self {
        let mut state = fixtures::state();
        state.pane = PaneId::Warrants;
        Console::new(state)
    }

    /// The last save asked for: (what, id, version, action).
    fn last_save(&self) -> (String, String, i64, serde_json::Value) {
        let save = last_save(&self.effects).expect("a save");
        (save.what, save.id, save.version, save.action)
    }

    /// The server's answer to the last save asked for.
    fn answer(&mut self, result: Result<crate::domain::event::Event, ClientError>) -> &mut Self {
        let answer = last_save(&self.effects).expect("a save").answer(result);
        self.act(answer)
    }

    /// The last single warrant's row asked for: (seq, id, query).
    fn row_asked_for(&self) -> Option<(u64, String, crate::client::QueueQuery)> {
        self.effects.iter().rev().find_map(|e| match e {
            Effect::LoadQueueRow { seq, id, query } => Some((*seq, id.clone(), query.clone())),
            _ => None,
        })
    }

    fn screen(&self, width: u16, height: u16) -> String {
        text(&draw(&self.state, &fixtures::ui("dark"), width, height))
    }
}

fn refusal(field: &str, message: &str) -> ClientError {
    ClientError::Api { status: 422, code: "invalid".into(), message: message.into(), field: Some(field.into()) }
}

#[test]
fn m_allocates_the_selected_warrant_to_me_in_one_key() {
    let mut c = Console::on_queue();
    c.key(KeyCode::Char('m'));
    let (what, id, version, action) = c.last_save();
    assert_eq!((id.as_str(), version), ("wt1", 1));
    assert_eq!(action, serde_json::json!({"type": "allocate", "officer": "ps.khan"}));
    assert!(what.contains("WT/26/0006281"));
    assert_eq!(c.state.overlay, Overlay::None);
}

#[test]
fn the_allocate_form_sends_the_officer_typed() {
    let mut c = Console::on_queue();
    c.key(KeyCode::Down); // wt4, Mark LEE
    c.key(KeyCode::Char('A')).type_text("pc.jones");
    insta::assert_snapshot!("warrant_form_allocate", c.screen(80, 24));
    c.key(KeyCode::Enter);
    let (_, id, _, action) = c.last_save();
    assert_eq!(id, "wt4");
    assert_eq!(action, serde_json::json!({"type": "allocate", "officer": "pc.jones"}));
    assert!(matches!(&c.state.overlay, Overlay::WarrantForm(f) if f.saving));
}

#[test]
fn the_execute_form_walks_its_inputs_and_opens_custody_at_a_suite_named() {
    let mut c = Console::on_queue();
    c.key(KeyCode::Char('x'));
    let Overlay::WarrantForm(form) = &c.state.overlay else { panic!("no form") };
    assert_eq!(form.kind, WarrantFormKind::Execute);
    // Time and officer come filled in; the cursor starts on the place.
    assert_eq!(form.value("at"), "2026-11-25 14:00");
    assert_eq!(form.value("officer"), "ps.khan");
    assert_eq!(form.fields[form.focus].name, "place");
    c.type_text("12 Acre Lane, SW2").key(KeyCode::Enter).key(KeyCode::Enter).type_text("brix");
    c.key(KeyCode::Enter).type_text("C4");
    insta::assert_snapshot!("warrant_form_execute", c.screen(80, 24));
    c.key(KeyCode::Enter);
    let (what, id, _, action) = c.last_save();
    assert_eq!(id, "wt1");
    assert!(what.starts_with("Execution of WT/26/0006281"));
    assert_eq!(action["type"], "execute");
    assert_eq!(action["at"], "2026-11-25T14:00:00Z");
    assert_eq!(action["place"], "12 Acre Lane, SW2");
    assert_eq!(action["officer"], "ps.khan");
    assert_eq!(action["suite_id"], "loc-brixton");
    assert_eq!(action["cell"], "C4");
}

#[test]
fn a_search_warrant_executes_without_a_custody_suite() {
    let mut c = Console::on_queue();
    c.key(KeyCode::Down).key(KeyCode::Char('x')); // wt4 is a search warrant
    let Overlay::WarrantForm(form) = &c.state.overlay else { panic!("no form") };
    assert_eq!(form.fields.iter().map(|f| f.name).collect::<Vec<_>>(), ["at", "place", "officer"]);
    c.type_text("Flat 2, 9 High Street").key(KeyCode::Enter).key(KeyCode::Enter);
    let (_, id, _, action) = c.last_save();
    assert_eq!(id, "wt4");
    assert!(action.get("suite_id").is_none(), "{action}");
}

#[test]
fn the_withdraw_form_asks_a_ground_and_enough_detail_then_confirms_naming_the_warrant() {
    let mut c = Console::on_queue();
    c.key(KeyCode::Char('W')).key(KeyCode::Enter).key(KeyCode::Enter);
    let Overlay::WarrantForm(form) = &c.state.overlay else { panic!("no form") };
    assert_eq!(form.error.as_deref(), Some("Ground must not be empty"));
    assert_eq!(form.error_field.as_deref(), Some("ground"));
    // A ground not on the list is named with the list.
    c.type_text("whim").key(KeyCode::Enter).key(KeyCode::Enter);
    let Overlay::WarrantForm(form) = &c.state.overlay else { panic!("no form") };
    assert_eq!(form.error_field.as_deref(), Some("ground"));
    assert!(form.error.as_deref().unwrap_or_default().contains("surrendered at court"), "{:?}", form.error);
    // Its number on the list will do; "test" is too little to say why.
    for _ in 0..4 {
        c.key(KeyCode::Backspace);
    }
    c.type_text("1").key(KeyCode::Enter).type_text("test").key(KeyCode::Enter);
    let Overlay::WarrantForm(form) = &c.state.overlay else { panic!("no form") };
    assert_eq!(form.error_field.as_deref(), Some("reason"));
    assert!(form.error.as_deref().unwrap_or_default().contains("at least 15 characters"), "{:?}", form.error);
    assert!(!c.effects.iter().any(|e| matches!(e, Effect::Save { .. })));
    for _ in 0..4 {
        c.key(KeyCode::Backspace);
    }
    c.type_text("Surrendered at Camberwell Green this morning");
    insta::assert_snapshot!("warrant_form_withdraw", c.screen(80, 24));
    // Enter asks first, naming the warrant and the person; Esc goes back.
    c.key(KeyCode::Enter);
    let Overlay::WarrantForm(form) = &c.state.overlay else { panic!("no form") };
    let question = form.confirming.clone().expect("a question");
    assert!(question.contains("WT/26/0006281") && question.contains("Surrendered at court"), "{question}");
    assert!(!c.effects.iter().any(|e| matches!(e, Effect::Save { .. })), "sent before the answer");
    insta::assert_snapshot!("warrant_form_withdraw_confirm", c.screen(80, 24));
    c.key(KeyCode::Esc);
    assert!(matches!(&c.state.overlay, Overlay::WarrantForm(f) if f.confirming.is_none()));
    c.key(KeyCode::Enter).key(KeyCode::Enter);
    let (_, _, _, action) = c.last_save();
    assert_eq!(
        action,
        serde_json::json!({"type": "withdraw", "ground": "surrendered_at_court",
                           "reason": "Surrendered at Camberwell Green this morning"})
    );
}

#[test]
fn a_refusal_keeps_the_input_and_names_the_field() {
    let mut c = Console::on_queue();
    c.key(KeyCode::Char('x')).type_text("12 Acre Lane").key(KeyCode::Enter).key(KeyCode::Enter);
    c.type_text("Nowhere").key(KeyCode::Enter).type_text("C4").key(KeyCode::Enter);
    let (_, _, _, action) = c.last_save();
    assert_eq!(action["suite_id"], "Nowhere");
    c.answer(Err(refusal("action.suite_id", "'Nowhere' is not a custody suite")));
    let Overlay::WarrantForm(form) = &c.state.overlay else { panic!("the form was closed") };
    assert!(!form.saving);
    assert_eq!(form.value("place"), "12 Acre Lane");
    assert_eq!(form.value("cell"), "C4");
    assert_eq!(form.error_field.as_deref(), Some("suite_id"));
    assert_eq!(form.fields[form.focus].name, "suite_id");
    assert_eq!(form.error.as_deref(), Some("Not saved: Custody suite: 'Nowhere' is not a custody suite"));
    insta::assert_snapshot!("warrant_form_refused", c.screen(80, 24));
    // Correct the one field and send again.
    c.key(KeyCode::Backspace);
    c.act(Action::Edit(crate::console::action::Edit::Clear)).type_text("Wandsworth");
    c.key(KeyCode::Down).key(KeyCode::Enter);
    let (_, _, _, action) = c.last_save();
    assert_eq!(action["suite_id"], "loc-wandsworth");
    assert_eq!(action["place"], "12 Acre Lane");
}

#[test]
fn esc_keeps_a_typed_form_and_the_same_key_resumes_it() {
    let mut c = Console::on_queue();
    c.key(KeyCode::Char('W')).type_text("2").key(KeyCode::Tab).type_text("Court recalled it at the hearing");
    c.key(KeyCode::Esc);
    assert_eq!(c.state.overlay, Overlay::None);
    assert!(has_unsaved_work(&c.state));
    c.key(KeyCode::Char('W'));
    let Overlay::WarrantForm(form) = &c.state.overlay else { panic!("no form") };
    assert_eq!(form.value("reason"), "Court recalled it at the hearing");
    // Confirmed and saved: the form closes and nothing is left unsent.
    c.key(KeyCode::Enter).key(KeyCode::Enter);
    let mut done = fixtures::warrants().remove(0);
    done.version = 2;
    c.answer(Ok(done));
    assert_eq!(c.state.overlay, Overlay::None);
    assert!(!has_unsaved_work(&c.state));
}

#[test]
fn a_role_that_may_not_work_warrants_is_told_so() {
    let mut c = Console::on_queue();
    if let Some(session) = &mut c.state.session {
        session.roles = Roles(vec![Role::CustodySergeant]);
    }
    c.key(KeyCode::Char('x'));
    assert_eq!(c.state.overlay, Overlay::None);
    assert!(c.state.message.as_ref().unwrap().text.contains("may not mark warrants executed"));
}

#[test]
fn a_warrant_changed_deep_in_a_long_queue_takes_its_place_without_a_reload() {
    let mut c = Console::on_queue();
    // Five hundred rows loaded of more: too many to reload on each change.
    let base = fixtures::queue(&fixtures::warrants());
    let rows = &mut c.state.warrants.rows;
    rows.items = (0..500)
        .map(|i| QueueRow { id: format!("wt-{i:03}"), score: 1000 - i, ..base[i as usize % base.len()].clone() })
        .collect();
    rows.next = Some("cursor-500".into());
    rows.total = 900;
    rows.loaded = true;
    let change = |id: &str| crate::api::Change {
        seq: 60,
        topic: "warrants".into(),
        op: "updated".into(),
        record_id: id.into(),
        version: 1,
        person_ids: vec![],
        private_to: None,
        at: fixtures::now(),
    };

    // A new warrant that outranks the rest: asked for alone, and put first.
    c.act(Action::Live(Live::Change(change("wt-new"))));
    let Some((seq, id, query)) = c.row_asked_for() else { panic!("the warrant was not asked for") };
    assert_eq!((id.as_str(), query.id), ("wt-new", None), "the filters are the queue's own");
    let new = QueueRow { id: "wt-new".into(), score: 2000, ..base[0].clone() };
    c.act(Action::QueueRowLoaded { seq, id, result: Ok((Some(new), 901)) });
    let rows = &c.state.warrants.rows;
    assert_eq!((rows.items.len(), rows.items[0].id.as_str(), rows.total), (501, "wt-new", 901));
    assert!(c.state.changed.contains_key("wt-new"));

    // One that falls below the rows loaded comes with a later page; the count follows at once.
    c.act(Action::Live(Live::Change(change("wt-low"))));
    let Some((seq, id, _)) = c.row_asked_for() else { panic!("the warrant was not asked for") };
    let low = QueueRow { id: "wt-low".into(), score: -5, ..base[0].clone() };
    c.act(Action::QueueRowLoaded { seq, id, result: Ok((Some(low), 902)) });
    let rows = &c.state.warrants.rows;
    assert_eq!((rows.items.len(), rows.total), (501, 902));
    assert!(!rows.items.iter().any(|r| r.id == "wt-low"));
}

fn page(skip: usize, take: usize, next: Option<&str>) -> QueuePage {
    let all = fixtures::queue(&fixtures::warrants());
    QueuePage {
        items: all.into_iter().skip(skip).take(take).collect(),
        total: 4,
        next: next.map(str::to_string),
        bands: Bands::default(),
    }
}

#[test]
fn the_priority_filter_asks_the_server_and_drops_older_answers() {
    let mut c = Console::on_queue();
    // The picker offers the bands' floors: the first is where MED starts.
    c.key(KeyCode::Char('p')).key(KeyCode::Down).key(KeyCode::Enter);
    assert_eq!(c.state.warrants.min_priority, Some(Bands::default().medium_from));
    let Some(Effect::LoadQueue { seq, query, append: false }) = c.effects.last().cloned() else {
        panic!("no queue load")
    };
    assert_eq!(query.min_priority, Some(30));
    c.key(KeyCode::Char('p')).key(KeyCode::Down).key(KeyCode::Enter);
    assert_eq!(c.state.warrants.min_priority, Some(Bands::default().high_from));
    // The answer to the first filter arrives late: ignored.
    let stale = page(0, 4, None);
    c.act(Action::QueueLoaded { seq, append: false, result: Ok(stale) });
    assert!(c.state.warrants.rows.items.is_empty());
    let Some(Effect::LoadQueue { seq, query, .. }) = c.effects.last().cloned() else { panic!("no queue load") };
    assert_eq!(query.min_priority, Some(60));
    let high = QueuePage { total: 1, ..page(0, 1, None) };
    c.act(Action::QueueLoaded { seq, append: false, result: Ok(high) });
    assert_eq!(c.state.warrants.rows.items.len(), 1);
    // The list of another filter is not news: no warrant is marked as changed.
    let rows = &c.state.warrants.rows.items;
    assert!(!rows.iter().any(|r| c.state.changed.contains_key(&r.id)), "{:?}", c.state.changed);
    let screen = c.screen(80, 24);
    assert!(screen.contains("Priority: HIGH (60+)"), "{screen}");
    assert!(screen.contains("Why WT/26/0006281 scores 91"), "{screen}");
}

#[test]
fn the_typed_filter_narrows_at_once_and_asks_the_server_for_warrants_not_loaded() {
    let mut c = Console::on_queue();
    let loaded = page(0, 2, Some("cursor-2"));
    let Some(Effect::LoadQueue { seq, .. }) = c.key(KeyCode::Char('r')).effects.last().cloned() else {
        panic!("no reload")
    };
    c.act(Action::QueueLoaded { seq, append: false, result: Ok(loaded) });
    let shown_before: Vec<String> = c.state.warrants.rows.items.iter().map(|r| r.id.clone()).collect();
    let wanted = fixtures::queue(&fixtures::warrants()).pop().unwrap();
    assert!(!shown_before.contains(&wanted.id), "the match is not loaded yet");

    let name = wanted.person_name.split_whitespace().last().unwrap().to_lowercase();
    c.key(KeyCode::Char('/')).type_text(&name);
    // The loaded rows narrow at once; the server is asked for every match.
    assert!(crate::console::queue_rows::warrant_rows(&c.state).is_empty());
    let Some(Effect::LoadQueue { seq, query, append: false }) = c.effects.last().cloned() else {
        panic!("the filter did not ask the server")
    };
    assert_eq!(query.text.as_deref(), Some(name.as_str()));
    let answer = QueuePage { items: vec![wanted.clone()], total: 1, ..page(0, 0, None) };
    c.act(Action::QueueLoaded { seq, append: false, result: Ok(answer) });
    let rows: Vec<&str> = crate::console::queue_rows::warrant_rows(&c.state).iter().map(|r| r.id.as_str()).collect();
    assert_eq!(rows, [wanted.id.as_str()]);
    // Another list, not news: the row is not marked as changed.
    assert!(!c.state.changed.contains_key(&wanted.id));
    let screen = c.screen(100, 24);
    assert!(screen.contains("1 outstanding"), "{screen}");

    // Clearing the filter asks for the whole queue again.
    c.key(KeyCode::Esc);
    let Some(Effect::LoadQueue { query, .. }) = c.effects.last().cloned() else { panic!("no reload") };
    assert_eq!(query.text, None);
}

#[test]
fn the_bands_are_the_ones_the_server_reads_its_scores_in() {
    let mut c = Console::on_queue();
    let Some(Effect::LoadQueue { seq, .. }) = c.key(KeyCode::Char('r')).effects.last().cloned() else {
        panic!("no reload")
    };
    // A force that weighs more sets its bands higher: 91 is MED there.
    let bands = Bands { high_from: 95, medium_from: 50 };
    c.act(Action::QueueLoaded { seq, append: false, result: Ok(QueuePage { bands, ..page(0, 4, None) }) });
    let screen = c.screen(120, 24);
    assert!(screen.contains("MED   91"), "{screen}");
    c.key(KeyCode::Char('p')).key(KeyCode::Down).key(KeyCode::Enter);
    assert_eq!(c.state.warrants.min_priority, Some(50));
    c.key(KeyCode::Char('p')).key(KeyCode::Down).key(KeyCode::Enter);
    assert_eq!(c.state.warrants.min_priority, Some(95));
    assert!(c.screen(120, 24).contains("Priority: HIGH (95+)"));
}

#[test]
fn scrolling_near_the_end_fetches_the_next_page_once() {
    let mut c = Console::on_queue();
    c.key(KeyCode::Char('r'));
    let Some(Effect::LoadQueue { seq, .. }) = c.effects.last().cloned() else { panic!("no reload") };
    let first = page(0, 2, Some("cursor-2"));
    c.act(Action::QueueLoaded { seq, append: false, result: Ok(first) });
    // Two rows loaded of four: already near the end, so the next page is asked for.
    let Some(Effect::LoadQueue { seq, query, append: true }) = c.effects.last().cloned() else {
        panic!("no next page")
    };
    assert_eq!(query.after.as_deref(), Some("cursor-2"));
    let loads = c.effects.len();
    c.key(KeyCode::Down);
    assert_eq!(c.effects.len(), loads, "asked twice while the page was out");
    c.act(Action::QueueLoaded { seq, append: true, result: Ok(page(2, 2, None)) });
    assert_eq!(c.state.warrants.rows.items.len(), 4);
    assert_eq!(c.state.warrants.rows.list.selected.as_deref(), Some("wt4"));
}

#[test]
fn a_live_change_rereads_a_warrant_on_screen_and_reloads_for_a_new_one() {
    let mut c = Console::on_queue();
    let change = |id: &str| crate::api::Change {
        seq: 50,
        topic: "warrants".into(),
        op: "updated".into(),
        record_id: id.into(),
        version: 2,
        person_ids: vec![],
        private_to: None,
        at: fixtures::now(),
    };
    c.act(Action::Live(Live::Change(change("wt2"))));
    assert!(c.effects.iter().any(|e| matches!(e, Effect::Refresh { id, .. } if id == "wt2")));
    c.act(Action::Live(Live::Change(change("wt-new"))));
    assert!(matches!(c.effects.last(), Some(Effect::LoadQueue { append: false, .. })));
    // Another while that load is out waits for it.
    let loads = c.effects.len();
    c.act(Action::Live(Live::Change(change("wt-newer"))));
    assert_eq!(c.effects.len(), loads);
    assert!(c.state.warrants.rows.again);
}
