//! The review pane against the real server: an import that leaves
//! possible matches, decided from the pane, followed live, and a role the
//! server refuses.

use crate::console::action::Action;
use crate::console::state::{Overlay, State};
use crate::console::update::update;
use crate::domain::role::{Role, Roles};

/// The pane against the real server: the queue loaded, a pair merged and
/// split again, another kept apart, and a role the server refuses.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_review_pane_works_against_the_real_server() {
    use tokio::sync::mpsc;

    use crate::api::LoginRequest;
    use crate::client::Client;
    use crate::console::action::Command;
    use crate::console::runtime::Runner;
    use crate::console::state::PaneId;
    use crate::console::state::{Screen, Session};
    use crate::console::update::review;
    use crate::import::{import_file, linker_for, ImportOptions, LoadedMapping};
    use crate::server::{self, AppState, ServerConfig};
    use crate::store::{Actor, DatabaseUrl, Store};

    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&DatabaseUrl::sqlite(&dir.path().join("review.db"))).await.unwrap();
    // Same names, no date of birth on the later rows, other addresses:
    // not enough to merge, enough to ask.
    let file = dir.path().join("c.csv");
    std::fs::write(
        &file,
        "CUSTODY_NO,SURNAME,FORENAME_1,FORENAME_2,DATE_OF_BIRTH,SEX,ADDR_LINE_1,ADDR_LINE_2,ADDR_LINE_3,POSTCODE,\
         PNC_ID,CRO_NO,WARNING_MARKERS\nC1,Okonkwo,Chidi,,02/01/1980,M,1 High St,,,E1 6AN,,,\n\
         C2,Okonkwo,Chidi,,,M,4 Park Rd,,,N1 9GU,,,\nC3,Okonkwo,Chidi,,,M,7 Mill Ln,,,SE1 7PB,,,\n",
    )
    .unwrap();
    let mapping =
        LoadedMapping::read(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings/custody.toml")).unwrap();
    let opts = ImportOptions {
        source: "custody".into(),
        strict: false,
        rejects: None,
        linkage: Default::default(),
        username: "import".into(),
    };
    let mut linker = linker_for(&store, opts.linkage.clone()).await.unwrap();
    let report = import_file(&store, &mut linker, &file, &mapping, &opts, |_| {}).await.unwrap();
    assert_eq!(report.review, 2, "{report:?}");
    let c1 = store.import_row("custody", "C1").await.unwrap().person_id;
    for (name, role) in [("dc.review", Role::Investigator), ("insp.view", Role::Inspector)] {
        let hash = crate::server::password::hash("review-pass-phrase").unwrap();
        store.create_user(&Actor::new("test", "review test user"), name, &hash, &Roles(vec![role])).await.unwrap();
    }
    let app_state = AppState::start(store.clone(), ServerConfig::default()).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(server::serve(app_state, listener, std::future::pending()));

    async fn console(url: &str, user: &str) -> (State, Runner, mpsc::UnboundedReceiver<Action>) {
        let client = Client::new(url).unwrap();
        let login =
            client.login(&LoginRequest { username: user.into(), password: "review-pass-phrase".into() }).await.unwrap();
        let (tx, rx) = mpsc::unbounded_channel();
        let runner = Runner::new(client.with_token(login.token), tx, None);
        let mut state = State::new(url, chrono::Utc::now());
        state.screen = Screen::Main;
        // The console believes it may decide; only the server knows.
        state.session = Some(Session {
            username: user.into(),
            roles: Roles(vec![Role::Investigator]),
            expires_at: login.expires_at,
            idle_timeout: chrono::Duration::seconds(login.idle_timeout_secs),
        });
        (state, runner, rx)
    }

    async fn drive(
        state: &mut State,
        runner: &mut Runner,
        rx: &mut mpsc::UnboundedReceiver<Action>,
        action: Action,
        what: &str,
        done: impl Fn(&State) -> bool,
    ) {
        let effects = update(state, action);
        super::server::drive(state, runner, rx, effects, what, done).await;
    }

    let (mut state, mut runner, mut rx) = console(&url, "dc.review").await;
    drive(&mut state, &mut runner, &mut rx, Action::Command(Command::Show(PaneId::Review)), "the queue", |s| {
        s.review.loaded
    })
    .await;
    assert_eq!(state.review.error, None);
    assert_eq!((state.review.pairs.len(), state.review.open_total), (2, 2));
    assert!(state.review.pairs.iter().all(|p| p.candidate_id == c1 && !p.evidence.is_empty()));
    let first = state.review.pairs[0].source_ref.clone();

    // Merge the first pair: a, Enter.
    drive(&mut state, &mut runner, &mut rx, Action::Command(review::ACCEPT_MATCH), "the prompt", |s| {
        matches!(s.overlay, Overlay::Decide(_))
    })
    .await;
    drive(&mut state, &mut runner, &mut rx, Action::Submit, "the merge", |s| s.writes_in_flight == 0).await;
    assert_eq!(state.overlay, Overlay::None, "{:?}", state.message);
    assert_eq!(state.review.pairs[0].status, "accepted");
    assert_eq!(store.import_row("custody", &first).await.unwrap().person_id, c1);

    // Split it again: s, Enter.
    update(&mut state, Action::Command(review::SPLIT_MATCH));
    drive(&mut state, &mut runner, &mut rx, Action::Submit, "the split", |s| s.writes_in_flight == 0).await;
    assert_eq!(state.review.pairs[0].status, "split", "{:?}", state.message);
    assert_ne!(store.import_row("custody", &first).await.unwrap().person_id, c1);

    // Keep the second apart: down, x, Enter.
    update(&mut state, Action::Command(Command::Down));
    update(&mut state, Action::Command(review::REJECT_MATCH));
    drive(&mut state, &mut runner, &mut rx, Action::Submit, "the rejection", |s| s.writes_in_flight == 0).await;
    assert_eq!(state.review.pairs[1].status, "rejected", "{:?}", state.message);
    assert!(store.review_queue(Some("open")).await.unwrap().is_empty());

    // On the live stream, the pane follows an import at another desk.
    let topics = crate::console::update::registry::topics();
    let effects = vec![crate::console::effect::Effect::Subscribe { last_event_id: None, topics, subscription: 1 }];
    super::server::drive(&mut state, &mut runner, &mut rx, effects, "the stream", |s| {
        s.live.connection == crate::client::ConnectionState::Connected
    })
    .await;
    let later = dir.path().join("c4.csv");
    let header = std::fs::read_to_string(&file).unwrap().lines().next().unwrap().to_string();
    std::fs::write(&later, format!("{header}\nC4,Okonkwo,Chidi,,,M,9 Elm Rd,,,SE5 8QZ,,,\n")).unwrap();
    let mut linker = linker_for(&store, opts.linkage.clone()).await.unwrap();
    let report = import_file(&store, &mut linker, &later, &mapping, &opts, |_| {}).await.unwrap();
    assert_eq!(report.review, 1, "{report:?}");
    super::server::drive(&mut state, &mut runner, &mut rx, Vec::new(), "the new pair on screen", |s| {
        s.review.pairs.iter().any(|p| p.source_ref == "C4" && p.status == "open")
    })
    .await;
    runner.shutdown();

    // An inspector may not review: the server says so, the pane shows it.
    let (mut state, mut runner, mut rx) = console(&url, "insp.view").await;
    drive(&mut state, &mut runner, &mut rx, Action::Command(Command::Show(PaneId::Review)), "the refusal", |s| {
        !s.review.loading
    })
    .await;
    assert!(state.review.error.as_deref().is_some_and(|e| e.contains("do not allow")), "{:?}", state.review.error);
    runner.shutdown();
}
