//! A session that ends — the idle lock, the server's 401 — asks for the
//! password again and gives the same officer back everything on screen:
//! panes, an open form with its text, filters, the search. Another officer
//! logging in at that console starts afresh.

use chrono::Duration;
use crossterm::event::KeyCode;

use super::fixtures::{self, now};
use super::harness::{last_save, Console};
use crate::api::LoginResponse;
use crate::client::ClientError;
use crate::console::action::Action;
use crate::console::effect::Effect;
use crate::console::state::{Overlay, PaneId, Screen, State};
use crate::domain::role::Role;

fn login_reply(username: &str) -> LoginResponse {
    LoginResponse {
        token: "new-token".into(),
        expires_at: now() + Duration::hours(12),
        username: username.into(),
        roles: vec![Role::CustodySergeant, Role::ControlRoom, Role::Investigator],
        idle_timeout_secs: 1800,
    }
}

/// A sergeant mid-work: the warrant list filtered, a cell move half typed
/// on the board.
fn mid_work() -> Console {
    let mut c = Console::new(fixtures::state());
    c.state.pane = PaneId::Warrants;
    c.key(KeyCode::Char('/')).type_text("brown").key(KeyCode::Enter);
    c.state.pane = PaneId::Board;
    c.key(KeyCode::Char('m')).type_text("C9").key(KeyCode::Tab).type_text("Ligature point in C4");
    c.effects.clear();
    c
}

/// Everything the sergeant had is as it was.
fn assert_work_kept(state: &State) {
    assert_eq!(state.pane, PaneId::Board);
    let Overlay::Custody(form) = &state.overlay else { panic!("the open form was lost: {:?}", state.overlay) };
    assert_eq!((form.fields[0].value.as_str(), form.fields[1].value.as_str()), ("C9", "Ligature point in C4"));
    assert_eq!(state.warrants.rows.list.filter, "brown");
    assert_eq!(state.lookup.query, "smith");
    assert_eq!(state.board.rows.items.len(), 5);
    assert_eq!(state.profile.person_id.as_deref(), Some("p-smith"));
}

fn password_again(c: &mut Console, username: &str) {
    assert_eq!(c.state.screen, Screen::Login);
    assert_eq!(c.state.login.username, "ps.khan", "the name is filled in");
    c.type_text("a long test passphrase").key(KeyCode::Enter);
    assert!(
        c.effects.iter().any(|e| matches!(e, Effect::Login { username, .. } if username == "ps.khan")),
        "{:?}",
        c.effects
    );
    c.act(Action::LoggedIn(Ok(login_reply(username))));
    assert_eq!(c.state.screen, Screen::Main);
}

#[test]
fn after_the_idle_timeout_the_console_locks_and_gives_the_work_back() {
    let mut c = mid_work();
    // Keys keep it open: one 20 minutes in, then a tick 29 minutes after it.
    c.state.now = now() + Duration::minutes(20);
    c.key(KeyCode::Right);
    c.act(Action::Tick(now() + Duration::minutes(49)));
    assert_eq!(c.state.screen, Screen::Main, "used 29 minutes ago");
    c.act(Action::Tick(now() + Duration::minutes(50)));
    assert_eq!(c.state.screen, Screen::Login, "30 minutes without a key locks it");
    assert!(c.state.login.notice.as_deref().unwrap().starts_with("Locked after 30 minutes without use"));
    assert!(c.effects.iter().any(|e| matches!(e, Effect::Logout)), "the server ends the session too");
    assert!(c.effects.iter().any(|e| matches!(e, Effect::DropSession)));
    password_again(&mut c, "ps.khan");
    assert_work_kept(&c.state);
    // The form is still the sergeant's to send.
    c.key(KeyCode::Enter);
    assert_eq!(last_save(&c.effects).unwrap().action["cell"], "C9");
}

#[test]
fn a_session_the_server_ended_asks_for_the_password_and_keeps_the_work() {
    let mut c = mid_work();
    let refused = ClientError::Api {
        status: 401,
        code: "unauthenticated".into(),
        message: "the session has ended".into(),
        field: None,
    };
    c.act(Action::BoardLoaded(Err(refused)));
    assert!(c.effects.iter().any(|e| matches!(e, Effect::DropSession)));
    password_again(&mut c, "ps.khan");
    assert_work_kept(&c.state);
}

#[test]
fn another_officer_at_a_locked_console_sees_nothing_of_the_last_ones_work() {
    let mut c = mid_work();
    c.act(Action::Tick(now() + Duration::minutes(31)));
    assert_eq!(c.state.screen, Screen::Login);
    password_again(&mut c, "pc.other");
    assert_eq!(c.state.session.as_ref().unwrap().username, "pc.other");
    assert_eq!(c.state.overlay, Overlay::None);
    assert!(c.state.board.rows.items.is_empty() && c.state.warrants.rows.list.filter.is_empty());
    assert!(c.state.lookup.query.is_empty() && c.state.profile.person_id.is_none());
}

fn loads(effects: &[Effect]) -> usize {
    effects.iter().filter(|e| matches!(e, Effect::LoadList(_) | Effect::LoadSuites)).count()
}

/// A console that has heard of no change reads its pane only once its
/// stream has said where it starts (so no change falls between the two);
/// the word of a stream since replaced is not taken for it.
#[test]
fn a_fresh_login_reads_the_pane_once_the_stream_says_where_it_starts() {
    use crate::console::action::Live;
    let mut c = Console::new(State::new("http://localhost", now()));
    c.state.pane = PaneId::Board;
    c.act(Action::LoggedIn(Ok(login_reply("ps.khan"))));
    let first = match c.effects.iter().find(|e| matches!(e, Effect::Subscribe { .. })) {
        Some(Effect::Subscribe { last_event_id: None, subscription, .. }) => *subscription,
        other => panic!("no fresh stream asked for: {other:?}"),
    };
    assert_eq!(loads(&c.effects), 0, "read before the stream started: {:?}", c.effects);
    // Switching panes meanwhile reads nothing either.
    c.act(Action::Command(crate::console::action::Command::Show(PaneId::Warrants)));
    c.act(Action::Command(crate::console::action::Command::Show(PaneId::Board)));
    assert_eq!(loads(&c.effects), 0, "{:?}", c.effects);
    assert!(!c.effects.iter().any(|e| matches!(e, Effect::LoadQueue { .. })));

    // The session is checked again: a new stream replaces the first.
    c.effects.clear();
    c.act(Action::SessionChecked(Ok(crate::api::Me {
        username: "ps.khan".into(),
        roles: login_reply("ps.khan").roles,
        expires_at: now() + Duration::hours(12),
        idle_timeout_secs: 1800,
    })));
    let second = match c.effects.iter().find(|e| matches!(e, Effect::Subscribe { .. })) {
        Some(Effect::Subscribe { last_event_id: None, subscription, .. }) => *subscription,
        other => panic!("no fresh stream asked for: {other:?}"),
    };
    assert_ne!(first, second);
    c.effects.clear();
    c.act(Action::Live(Live::Started { subscription: first, from: 40 }));
    assert!(c.effects.is_empty() && c.state.live.last_event_id.is_none(), "{:?}", c.effects);

    c.act(Action::Live(Live::Started { subscription: second, from: 41 }));
    assert_eq!(c.state.live.last_event_id, Some(41));
    assert_eq!(loads(&c.effects), 2, "{:?}", c.effects);
    // Once only; and the next stream resumes from there.
    c.effects.clear();
    c.act(Action::Live(Live::Started { subscription: second, from: 41 }));
    assert!(c.effects.is_empty());
    c.act(Action::Tick(now() + Duration::minutes(31)));
    c.type_text("a long test passphrase").key(KeyCode::Enter);
    c.effects.clear();
    c.act(Action::LoggedIn(Ok(login_reply("ps.khan"))));
    assert!(
        c.effects.iter().any(|e| matches!(e, Effect::Subscribe { last_event_id: Some(41), .. })),
        "{:?}",
        c.effects
    );
}

/// A fresh stream that cannot connect (a proxy that drops event streams,
/// say) does not keep the pane waiting: it reads as soon as the stream is
/// reported lost.
#[test]
fn a_stream_that_cannot_connect_does_not_keep_the_pane_waiting() {
    use crate::client::ConnectionState;
    use crate::console::action::Live;
    let mut c = Console::new(State::new("http://localhost", now()));
    c.state.pane = PaneId::Board;
    c.act(Action::LoggedIn(Ok(login_reply("ps.khan"))));
    assert_eq!(loads(&c.effects), 0, "{:?}", c.effects);
    c.effects.clear();
    let lost = ConnectionState::Reconnecting {
        attempt: 1,
        retry_in: std::time::Duration::from_secs(2),
        error: "connection refused".into(),
    };
    c.act(Action::Live(Live::State(lost)));
    assert_eq!(loads(&c.effects), 2, "the board read at once: {:?}", c.effects);
    c.effects.clear();
    let subscription = c.state.live.subscription;
    c.act(Action::Live(Live::Started { subscription, from: 7 }));
    assert_eq!(loads(&c.effects), 0, "not read twice when the stream comes at last: {:?}", c.effects);
}
