//! Keys in, state out: real key events through the router the binary uses,
//! then `update`, with results fed back as actions.

use crossterm::event::{KeyCode, KeyModifiers};

use super::fixtures::{self, t};
use super::harness::{last_save, Console};
use crate::api::SearchResponse;
use crate::client::ClientError;
use crate::console::action::{Action, ListId};
use crate::console::effect::Effect;
use crate::console::state::{LookupFocus, Overlay, PaneId, Screen};
use crate::console::update::cases;
use crate::console::update::registry::has_unsaved_work;

/// A custody record booked in, as the live stream announces it.
fn booked_in(record: &str, seq: i64) -> crate::api::Change {
    crate::api::Change {
        seq,
        at: fixtures::now(),
        topic: "custody".into(),
        op: "created".into(),
        record_id: record.into(),
        version: 1,
        person_ids: vec!["p-new".into()],
        private_to: None,
    }
}

/// The board's reply holding the fixture detainees, each with `markers`.
fn board_reply(markers: &[&str]) -> Action {
    let rows = fixtures::detainees()
        .into_iter()
        .map(|event| crate::api::custody::BoardRow {
            status: crate::domain::pace::status_at(crate::console::views::custody(&event).unwrap(), fixtures::now()),
            name: event.summary.clone(),
            date_of_birth: None,
            markers: markers.iter().map(|m| m.to_string()).collect(),
            alerts: vec![],
            flags: Default::default(),
            person_id: event.people.first().map(|p| p.person_id.clone()),
            event,
        })
        .collect();
    Action::BoardLoaded(Ok(crate::api::custody::Board { at: fixtures::now(), rows }))
}

#[test]
fn lookup_to_profile_asks_the_reason_and_remembers_it() {
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Lookup;
    c.key(KeyCode::Down).key(KeyCode::Enter);
    let Overlay::Reason(prompt) = &c.state.overlay else { panic!("no reason prompt") };
    assert_eq!(prompt.person_id, "p-smyth");
    assert_eq!(prompt.pick, None, "recent reasons offered, none chosen");
    // Typing gives a reason of its own.
    c.type_text("Sighting report 4411").key(KeyCode::Enter);
    assert_eq!(c.state.pane, PaneId::Profile);
    assert!(c.effects.iter().any(|e| matches!(e, Effect::LoadProfile { person_id, reason }
        if person_id == "p-smyth" && reason == "Sighting report 4411")));
    assert_eq!(c.state.recent_reasons[0], "Sighting report 4411");
}

#[test]
fn an_older_search_answer_never_overwrites_a_newer_one() {
    let mut c = Console::new(fixtures::empty());
    c.state.pane = PaneId::Lookup;
    c.type_text("smi");
    let seqs: Vec<u64> = c
        .effects
        .iter()
        .filter_map(|e| match e {
            Effect::Search { seq, .. } => Some(*seq),
            _ => None,
        })
        .collect();
    assert_eq!(seqs.len(), 3);
    let answer = |q: &str, n: usize| {
        Ok(SearchResponse {
            query: q.into(),
            hits: fixtures::hits().into_iter().take(n).collect(),
            places: Vec::new(),
            objects: vec![],
        })
    };
    c.act(Action::SearchDone { seq: seqs[2], result: answer("smi", 1) });
    c.act(Action::SearchDone { seq: seqs[0], result: answer("s", 3) });
    assert_eq!(c.state.lookup.hits.len(), 1);
    assert_eq!(c.state.lookup.answered, "smi");
    assert!(!c.state.lookup.searching());
}

#[test]
fn panes_switch_with_one_key_and_the_palette_picks_a_suite() {
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Lookup;
    // Over the list a digit switches panes; in the search box it types, and F-keys switch.
    c.key(KeyCode::Char('3'));
    assert_eq!(c.state.pane, PaneId::Board);
    c.key(KeyCode::Char('1')).key(KeyCode::Char('/')).key(KeyCode::Char('3'));
    assert_eq!(c.state.pane, PaneId::Lookup);
    assert_eq!(c.state.lookup.query, "smith3");
    c.key(KeyCode::F(4));
    assert_eq!(c.state.pane, PaneId::Warrants);
    c.key(KeyCode::Char('3'));
    assert_eq!(c.state.pane, PaneId::Board);
    c.key(KeyCode::Char(':')).type_text("custody wands").key(KeyCode::Enter);
    assert_eq!(c.state.board.suite.as_deref(), Some("loc-wandsworth"));
    assert_eq!(c.state.overlay, Overlay::None);
    c.key(KeyCode::Char(':')).type_text("nonsense").key(KeyCode::Enter);
    assert!(
        matches!(&c.state.overlay, Overlay::Palette { error: Some(e), .. } if e.contains("unknown command ':nonsense'"))
    );
    c.key(KeyCode::Esc);
    c.key(KeyCode::Char(':')).type_text("subject jones").key(KeyCode::Enter);
    assert_eq!((c.state.pane, c.state.lookup.query.as_str()), (PaneId::Lookup, "jones"));
    assert_eq!(c.state.lookup.focus, LookupFocus::Input);
}

#[test]
fn a_live_change_keeps_the_selection_on_its_record_and_marks_the_row() {
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Board;
    c.state.changed.clear();
    let selected = c.state.board.rows.list.selected.clone();
    let offset = c.state.board.rows.list.offset;
    c.act(Action::Live(crate::console::action::Live::Change(booked_in("cu9", 42))));
    assert!(c.effects.iter().any(|e| matches!(e, Effect::Refresh { id, .. } if id == "cu9")));
    // The new detainee lands in cell C0, above the selection.
    let mut new = fixtures::detainees().remove(0);
    new.id = "cu9".into();
    new.summary = "New ARRIVAL".into();
    if let crate::domain::event::EventDetails::Custody(d) = &mut new.details {
        d.cell = "C0".into();
    }
    c.act(Action::Refreshed { kind: crate::domain::event::EventKind::Custody, id: "cu9".into(), result: Ok(new) });
    assert_eq!(c.state.board.rows.list.selected, selected);
    assert_eq!(c.state.board.rows.list.offset, offset);
    assert!(c.state.recently_changed("cu9"));
    assert_eq!(c.state.live.last_event_id, Some(42));
    // The mark fades after a few seconds of ticking.
    c.act(Action::Tick(fixtures::now() + chrono::Duration::seconds(5)));
    assert!(!c.state.recently_changed("cu9"));
}

#[test]
fn a_removed_row_moves_the_selection_to_its_neighbour() {
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Board;
    c.key(KeyCode::Down); // cu2 -> cu3 (C10)
    assert_eq!(c.state.board.rows.list.selected.as_deref(), Some("cu3"));
    let mut page = fixtures::detainees();
    page.retain(|e| e.id != "cu3");
    let page = crate::api::EventPage { items: page, ..Default::default() };
    c.act(Action::ListLoaded { list: ListId::Board, result: Ok(page) });
    assert_eq!(c.state.board.rows.list.selected.as_deref(), Some("cu4"));
}

#[test]
fn a_case_list_longer_than_the_console_holds_says_of_how_many() {
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Cases;
    let shown = fixtures::cases().len();
    let screen_after = |c: &mut Console, more: usize, more_at_least: bool, next: Option<&str>| {
        let page = crate::api::EventPage {
            items: fixtures::cases(),
            next: next.map(str::to_string),
            more,
            more_at_least,
            ..Default::default()
        };
        c.act(Action::ListLoaded { list: cases::LIST, result: Ok(page) });
        super::snapshots::text(&super::snapshots::draw(&c.state, &fixtures::ui("dark"), 140, 30))
    };
    let screen = screen_after(&mut c, 307, false, Some("cursor"));
    assert!(screen.contains(&format!("(the newest {shown} of {} open)", shown + 307)), "{screen}");
    // Past the server's count, at least that many.
    let screen = screen_after(&mut c, 1_000, true, Some("cursor"));
    assert!(screen.contains(&format!("(the newest {shown} of {}+ open)", shown + 1_000)), "{screen}");
    // A whole list says nothing of the kind.
    let screen = screen_after(&mut c, 0, false, None);
    assert!(!screen.contains("open)"), "{screen}");
}

#[test]
fn a_failed_write_keeps_the_note_and_says_why() {
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Warrants;
    c.key(KeyCode::Char('t')).type_text("Called at 12 Acre Lane, no reply").key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("a save");
    assert_eq!(save.version, 1);
    assert_eq!(save.action["type"], "attempt");
    assert_eq!(save.action["note"], "Called at 12 Acre Lane, no reply");
    assert!(has_unsaved_work(&c.state));
    let conflict =
        ClientError::Api { status: 409, code: "conflict".into(), message: "stale version".into(), field: None };
    c.act(save.answer(Err(conflict)));
    let Overlay::Note(note) = &c.state.overlay else { panic!("the note was closed") };
    assert_eq!(note.text, "Called at 12 Acre Lane, no reply");
    assert!(note.error.as_deref().unwrap().contains("someone else changed this record"));
    // Esc keeps it as a draft; quitting now asks first.
    c.key(KeyCode::Esc).key(KeyCode::Char('q'));
    assert_eq!(c.state.overlay, Overlay::ConfirmQuit);
    assert!(!c.state.quit);
    c.key(KeyCode::Char('n'));
    assert!(!c.state.quit);
    // Reopening resumes the draft.
    c.key(KeyCode::Char('t'));
    assert!(matches!(&c.state.overlay, Overlay::Note(n) if n.text.starts_with("Called at")));
}

#[test]
fn q_quits_at_once_when_nothing_would_be_lost() {
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Cases;
    c.key(KeyCode::Char('q'));
    assert!(c.state.quit);
}

#[test]
fn an_expired_session_returns_to_login_and_keeps_the_panes() {
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Board;
    c.act(Action::Tick(t("2026-11-25T22:00:01Z")));
    assert_eq!(c.state.screen, Screen::Login);
    assert!(c.effects.iter().any(|e| matches!(e, Effect::DropSession)));
    assert_eq!(c.state.board.rows.items.len(), 5);
    c.type_text("hunter2").key(KeyCode::Enter);
    assert!(c.effects.iter().any(|e| matches!(e, Effect::Login { password, .. } if password == "hunter2")));
}

#[test]
fn slash_filters_the_current_list() {
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Warrants;
    c.key(KeyCode::Char('/')).type_text("croydon fraud");
    assert_eq!(crate::console::queue_rows::warrant_rows(&c.state).len(), 0);
    c.key(KeyCode::Backspace).key_with(KeyCode::Char('w'), KeyModifiers::CONTROL);
    assert_eq!(c.state.warrants.rows.list.filter, "croydon ");
    c.key_with(KeyCode::Char('u'), KeyModifiers::CONTROL).type_text("brown").key(KeyCode::Enter);
    assert_eq!(crate::console::queue_rows::warrant_rows(&c.state).len(), 1);
    assert!(!c.state.warrants.rows.list.filter_editing);
    // Esc clears the filter.
    c.key(KeyCode::Esc);
    assert_eq!(crate::console::queue_rows::warrant_rows(&c.state).len(), 4);
}

#[test]
fn withheld_records_are_shown_and_cannot_be_opened() {
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Profile;
    c.key(KeyCode::Down).key(KeyCode::Enter);
    assert_eq!(c.state.pane, PaneId::Profile);
    assert!(c.state.message.as_ref().unwrap().text.contains("withheld"));
    c.key(KeyCode::Down).key(KeyCode::Enter);
    assert_eq!(c.state.pane, PaneId::Event);
    c.key(KeyCode::Esc);
    assert_eq!(c.state.pane, PaneId::Profile);
}

// ---- custody board forms ----

#[test]
fn a_review_from_the_board_is_sent_as_the_custody_action() {
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Board;
    c.key(KeyCode::Char('R'));
    let Overlay::Custody(form) = &c.state.overlay else { panic!("no review form") };
    assert_eq!(form.record_id, "cu2");
    // Enter on an empty form names the input and sends nothing.
    c.key(KeyCode::Enter);
    let Overlay::Custody(form) = &c.state.overlay else { panic!("the form closed") };
    assert_eq!(form.error_field.as_deref(), Some("outcome"));
    assert!(c.effects.is_empty());
    c.type_text("Detention continues: interview at 14:00").key(KeyCode::Enter);
    assert!(matches!(c.effects.last(), Some(Effect::Save { .. })), "no save");
    let save = last_save(&c.effects).unwrap();
    assert_eq!((save.id.as_str(), save.kind, save.version), ("cu2", crate::domain::event::EventKind::Custody, 1));
    assert_eq!(save.action["action"], "review");
    assert_eq!(save.action["outcome"], "Detention continues: interview at 14:00");
    let mut event = fixtures::detainees().remove(1);
    event.version = 2;
    c.act(save.answer(Ok(event)));
    assert_eq!(c.state.overlay, Overlay::None);
    assert_eq!(c.state.board.draft, None);
    assert!(!has_unsaved_work(&c.state));
}

#[test]
fn a_refused_cell_move_keeps_the_input_and_names_the_field() {
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Board;
    c.key(KeyCode::Char('m')).type_text("C9").key(KeyCode::Tab).type_text("Ligature point in C4").key(KeyCode::Enter);
    assert!(matches!(c.effects.last(), Some(Effect::Save { .. })), "no save");
    let save = last_save(&c.effects).unwrap();
    let action = &save.action;
    assert_eq!(action["action"], "cell_move");
    assert_eq!((action["cell"].as_str(), action["reason"].as_str()), (Some("C9"), Some("Ligature point in C4")));
    let refusal = ClientError::Api {
        status: 422,
        code: "invalid".into(),
        message: "cell C9 is out of use".into(),
        field: Some("action.cell".into()),
    };
    c.act(save.answer(Err(refusal)));
    let Overlay::Custody(form) = &c.state.overlay else { panic!("the form closed") };
    assert_eq!(form.fields[0].value, "C9");
    assert_eq!(form.fields[1].value, "Ligature point in C4");
    assert_eq!(form.error_field.as_deref(), Some("cell"));
    assert_eq!(form.focus, 0, "the named input has the focus");
    // Named by the form's label, not the API's name for it.
    assert_eq!(form.error.as_deref(), Some("Not saved: New cell: cell C9 is out of use"));
    // Corrected and sent again; Esc first keeps a draft the key resumes.
    c.key(KeyCode::Esc);
    assert!(has_unsaved_work(&c.state));
    c.key(KeyCode::Char('m'));
    let Overlay::Custody(form) = &c.state.overlay else { panic!("the draft was lost") };
    assert_eq!(form.fields[1].value, "Ligature point in C4");
    c.key(KeyCode::Backspace).type_text("8").key(KeyCode::Enter);
    assert!(matches!(c.effects.last(), Some(Effect::Save { .. })), "no save");
    assert_eq!(last_save(&c.effects).unwrap().action["cell"], "C8");
}

#[test]
fn the_board_loads_in_one_request_with_the_markers() {
    let mut c = Console::new(fixtures::empty());
    c.state.pane = PaneId::Board;
    c.act(board_reply(&["SH"]));
    assert!(c.state.board.rows.loaded);
    assert!(c.effects.is_empty(), "no request per detainee: {:?}", c.effects);
    assert_eq!(c.state.people.get("p-begum").unwrap().markers, vec!["SH".to_string()]);
}

#[test]
fn only_a_person_change_asks_the_board_again_for_markers() {
    use crate::console::action::Live;
    let change = |topic: &str, record: &str| crate::api::Change {
        seq: 7,
        at: fixtures::now(),
        topic: topic.into(),
        op: "updated".into(),
        record_id: record.into(),
        version: 2,
        person_ids: vec!["p-begum".into()],
        private_to: None,
    };
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Board;
    c.state.board.rows.loaded = true;
    // Everyone on the board is known (as after the board's reply).
    for event in fixtures::detainees() {
        for p in event.people {
            c.state.people.entry(p.person_id).or_default();
        }
    }
    // A visit to her record: the record is re-read, her markers stay.
    c.act(Action::Live(Live::Change(change("custody", "cu2"))));
    assert!(!c.effects.iter().any(|e| matches!(e, Effect::LoadList(ListId::Board))), "{:?}", c.effects);
    assert!(c.effects.iter().any(|e| matches!(e, Effect::Refresh { id, .. } if id == "cu2")));
    // Her person record changed (a new marker, say): one board request.
    c.effects.clear();
    c.act(Action::Live(Live::Change(change("persons", "p-begum"))));
    let loads = c.effects.iter().filter(|e| matches!(e, Effect::LoadList(ListId::Board))).count();
    assert_eq!(loads, 1, "{:?}", c.effects);
}

#[test]
fn a_board_read_before_a_booking_does_not_lose_it() {
    use crate::console::action::Live;
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Board;
    // A board load is on its way (a marker changed, say) when a detainee is booked in.
    c.state.board.rows.loading = true;
    c.act(Action::Live(Live::Change(booked_in("cu9", 43))));
    let mut booked = fixtures::detainees().remove(0);
    booked.id = "cu9".into();
    c.act(Action::Refreshed { kind: crate::domain::event::EventKind::Custody, id: "cu9".into(), result: Ok(booked) });
    assert!(c.state.board.rows.items.iter().any(|e| e.id == "cu9"));
    // The board's reply was read before the booking: the booking stays, and is read again.
    c.effects.clear();
    c.act(board_reply(&[]));
    assert!(c.state.board.rows.items.iter().any(|e| e.id == "cu9"), "the booking was lost");
    assert!(c.effects.iter().any(|e| matches!(e, Effect::Refresh { id, .. } if id == "cu9")), "{:?}", c.effects);
    assert!(c.state.board.rows.touched_while_loading.is_empty());
}
