//! The console against the real server: a seeded SQLite store, the real
//! routes on a loopback port, and the console's runtime performing its
//! effects. Login, the board, a cell visit written and seen coming back on
//! the live stream, a search, a profile opened with a reason, and the
//! warrant queue narrowed by a typed name.

use std::time::Duration;

use tokio::sync::mpsc;

use crate::client::{Client, ConnectionState};
use crate::console::action::{Action, Command, Edit};
use crate::console::effect::Effect;
use crate::console::queue_rows;
use crate::console::runtime::Runner;
use crate::console::state::{LoginField, Overlay, PaneId, Screen, State};
use crate::console::update::{board, update};
use crate::console::views;
use crate::domain::pace::Observation;
use crate::domain::role::{Role, Roles};
use crate::server::{self, AppState, ServerConfig};
use crate::store::{Actor, DatabaseUrl, Store};

/// Performs `effects` and feeds what comes back through `update` until
/// `done` holds, for at most 30 seconds.
pub(super) async fn drive(
    state: &mut State,
    runner: &mut Runner,
    rx: &mut mpsc::UnboundedReceiver<Action>,
    effects: Vec<Effect>,
    what: &str,
    done: impl Fn(&State) -> bool,
) {
    for effect in effects {
        runner.run(effect);
    }
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while !done(state) {
        let action = tokio::time::timeout_at(deadline, rx.recv())
            .await
            .unwrap_or_else(|_| {
                panic!(
                    "timed out waiting for {what}; message {:?}, writes in flight {}, last event {:?}, stream {:?}",
                    state.message, state.writes_in_flight, state.live.last_event_id, state.live.connection
                )
            })
            .expect("the channel closed");
        state.now = chrono::Utc::now();
        for effect in update(state, action) {
            runner.run(effect);
        }
    }
}

fn act(state: &mut State, runner: &mut Runner, action: Action) {
    for effect in update(state, action) {
        runner.run(effect);
    }
}

/// Who the seed holds depends on the hour it is seeded at; one detainee
/// booked in makes sure the board is never empty.
async fn book_one_in(url: &str) {
    let client = Client::new(url).unwrap();
    let login = crate::api::LoginRequest { username: "ps.test".into(), password: "sergeant-pass".into() };
    let token = client.login(&login).await.unwrap().token;
    let client = client.with_token(token);
    let suites = client.locations(Some(crate::domain::location::LocationKind::CustodySuite)).await.unwrap();
    // A free cell: the server refuses an occupied one.
    let board = client.custody_board(Some(&suites[0].id), None).await.unwrap();
    let taken: Vec<String> = board
        .rows
        .iter()
        .filter_map(|r| match &r.event.details {
            crate::domain::event::EventDetails::Custody(d) => Some(d.cell.clone()),
            _ => None,
        })
        .collect();
    let cells = suites[0].suite.as_ref().map(|s| s.cells.clone()).unwrap_or_default();
    let free = cells.into_iter().find(|c| !taken.contains(c)).expect("a free cell");
    let now = chrono::Utc::now();
    let booking = serde_json::json!({
        "new_person": {"names": [{"forenames": "Tobias", "surname": "Quennell"}], "date_of_birth": "1984-05-06",
                       "sex": "male"},
        "confirm_no_match": true,
        "suite_id": suites[0].id, "cell": free,
        "arrested_at": now - chrono::Duration::hours(2), "relevant_time": now - chrono::Duration::minutes(90),
        "arrest_reason": "Seen forcing the door of a parked van", "offences": ["Interference with a vehicle"],
        "arresting_officer": "PC 410 Adeyemi"
    });
    client.book_in(&serde_json::from_value(booking).unwrap(), None).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_works_against_the_real_server() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&DatabaseUrl::sqlite(&dir.path().join("console.db"))).await.unwrap();
    crate::cli::seeding::seed(&store, 600, 7, false).await.unwrap();
    let hash = crate::server::password::hash("sergeant-pass").unwrap();
    let roles = Roles(vec![Role::CustodySergeant, Role::ControlRoom]);
    store.create_user(&Actor::new("test", "console test user"), "ps.test", &hash, &roles).await.unwrap();
    let audit = store.clone();
    let app_state = AppState::start(store, ServerConfig::default()).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(server::serve(app_state, listener, std::future::pending()));
    book_one_in(&url).await;

    let config = tempfile::tempdir().unwrap();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut runner = Runner::new(Client::new(&url).unwrap(), tx, Some(config.path().to_path_buf()));
    let mut state = State::new(&url, chrono::Utc::now());
    state.pane = PaneId::Board;

    // Log in with the form.
    for c in "ps.test".chars() {
        act(&mut state, &mut runner, Action::Edit(Edit::Insert(c)));
    }
    act(&mut state, &mut runner, Action::Submit);
    assert_eq!(state.login.field, LoginField::Password);
    for c in "sergeant-pass".chars() {
        act(&mut state, &mut runner, Action::Edit(Edit::Insert(c)));
    }
    let effects = update(&mut state, Action::Submit);
    drive(&mut state, &mut runner, &mut rx, effects, "login, board and stream", |s| {
        s.screen == Screen::Main
            && s.board.rows.loaded
            && !s.board.suites.is_empty()
            && s.live.connection == ConnectionState::Connected
    })
    .await;
    let rows = views::board_rows(&state);
    assert!(!rows.is_empty(), "the seed put no one in custody");
    // A detainee to be roused asks first whether it worked (a form of its
    // own, tested elsewhere): visit one who is not. Which rows those are
    // follows the seed's clock.
    let at = rows
        .iter()
        .position(|(_, d)| !Observation::from_level(d.observation_level).needs_rousing())
        .expect("every detainee is to be roused");
    let (visited, _) = rows[at];
    let (id, version, summary) = (visited.id.clone(), visited.version, visited.summary.clone());

    // Record a visit: the write succeeds and comes back on the stream.
    act(&mut state, &mut runner, Action::Command(Command::Down));
    act(&mut state, &mut runner, Action::Command(Command::FirstRow));
    for _ in 0..at {
        act(&mut state, &mut runner, Action::Command(Command::Down));
    }
    assert_eq!(state.board.rows.list.selected.as_deref(), Some(id.as_str()));
    act(&mut state, &mut runner, Action::Command(board::RECORD_VISIT));
    for c in "awake".chars() {
        act(&mut state, &mut runner, Action::Edit(Edit::Insert(c)));
    }
    act(&mut state, &mut runner, Action::Pick(1));
    for c in "Reading a book".chars() {
        act(&mut state, &mut runner, Action::Edit(Edit::Insert(c)));
    }
    act(&mut state, &mut runner, Action::Submit);
    drive(&mut state, &mut runner, &mut rx, Vec::new(), "the visit saved and streamed back", |s| {
        s.writes_in_flight == 0 && s.live.last_event_id.is_some() && s.recently_changed(&id)
    })
    .await;
    let saved = state.board.rows.items.iter().find(|e| e.id == id).unwrap();
    assert_eq!(saved.version, version + 1, "{:?}", state.message);
    assert_eq!(state.board.rows.list.selected.as_deref(), Some(id.as_str()));

    // Find the detainee by name and open the record with a reason.
    act(&mut state, &mut runner, Action::Command(Command::Show(PaneId::Lookup)));
    let name = summary.split(" - ").next().unwrap_or(&summary).to_string();
    for c in name.chars() {
        act(&mut state, &mut runner, Action::Edit(Edit::Insert(c)));
    }
    drive(&mut state, &mut runner, &mut rx, Vec::new(), "search results", |s| {
        !s.lookup.searching() && !s.lookup.hits.is_empty()
    })
    .await;
    act(&mut state, &mut runner, Action::Submit);
    assert!(matches!(state.overlay, Overlay::Reason(_)));
    for c in "Custody risk assessment".chars() {
        act(&mut state, &mut runner, Action::Edit(Edit::Insert(c)));
    }
    act(&mut state, &mut runner, Action::Submit);
    drive(&mut state, &mut runner, &mut rx, Vec::new(), "the profile", |s| {
        s.profile.profile.is_some() || s.profile.error.is_some()
    })
    .await;
    assert_eq!(state.profile.error, None);
    assert_eq!(state.pane, PaneId::Profile);
    assert!(!state.profile.profile.as_ref().unwrap().timeline.is_empty());

    // Narrow the warrant queue by typing a name: the server is asked once,
    // when the typing stops, and the consultation records the words.
    let effects = update(&mut state, Action::Command(Command::Show(PaneId::Warrants)));
    drive(&mut state, &mut runner, &mut rx, effects, "the warrant queue", |s| {
        s.warrants.rows.loaded && !s.warrants.rows.loading
    })
    .await;
    let wanted = state.warrants.rows.items.last().expect("the seed has outstanding warrants").clone();
    let word = wanted.person_name.split_whitespace().last().unwrap().to_lowercase();
    act(&mut state, &mut runner, Action::Command(Command::Filter));
    for c in word.chars() {
        act(&mut state, &mut runner, Action::Edit(Edit::Insert(c)));
    }
    drive(&mut state, &mut runner, &mut rx, Vec::new(), "the filtered queue", |s| {
        !s.warrants.rows.loading && !s.warrants.rows.refiltered
    })
    .await;
    assert!(queue_rows::warrant_rows(&state).iter().any(|r| r.id == wanted.id));
    let filter = crate::store::AuditFilter { username: Some("ps.test".into()), limit: 500, ..Default::default() };
    let searched: Vec<String> = audit
        .audit_entries(&filter)
        .await
        .unwrap()
        .into_iter()
        .filter(|a| a.detail.contains("matching"))
        .map(|a| a.detail)
        .collect();
    assert_eq!(searched.len(), 1, "one query for the typed word: {searched:?}");
    assert!(searched[0].contains(&format!("matching \"{word}\"")), "{searched:?}");
    runner.shutdown();
}
