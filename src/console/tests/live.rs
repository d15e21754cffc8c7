//! The console's effects over real HTTP: a small stand-in server on a
//! loopback port, the runtime performing effects, `update` taking the
//! results. Login, loading the board, the live stream, a refreshed row.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, Query, State as AxState};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event as SseEvent, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures::StreamExt;
use tokio::sync::{mpsc, Notify};

use super::fixtures;
use crate::api::custody::{Board, BoardRow};
use crate::api::{Change, EventPage, LoginResponse, Me};
use crate::client::Client;
use crate::console::action::{Action, Command};
use crate::console::runtime::{Runner, LIVE_REASON};
use crate::console::state::{PaneId, Screen, State};
use crate::console::update::update;
use crate::domain::role::Role;

#[derive(Default)]
struct Fake {
    cu2_version: i64,
    reasons: Vec<String>,
    last_event_ids: Vec<Option<String>>,
}

#[derive(Clone)]
struct Shared {
    fake: Arc<Mutex<Fake>>,
    send_change: Arc<Notify>,
}

#[allow(clippy::result_large_err)] // the handlers return it as it is
fn authorised(headers: &HeaderMap) -> Result<(), Response> {
    if headers.get("authorization").and_then(|v| v.to_str().ok()) == Some("Bearer tok") {
        return Ok(());
    }
    let body = serde_json::json!({"error": {"code": "unauthenticated", "message": "no valid token"}});
    Err((StatusCode::UNAUTHORIZED, Json(body)).into_response())
}

fn cu2(version: i64) -> crate::domain::event::Event {
    let mut event = fixtures::detainees().remove(1);
    event.version = version;
    event
}

fn app(shared: Shared) -> Router {
    Router::new()
        .route(
            "/api/v1/auth/login",
            post(|| async {
                Json(LoginResponse {
                    token: "tok".into(),
                    expires_at: chrono::Utc::now() + chrono::Duration::hours(8),
                    username: "ps.khan".into(),
                    roles: vec![Role::CustodySergeant],
                    idle_timeout_secs: 1800,
                })
            }),
        )
        .route(
            "/api/v1/auth/me",
            get(|headers: HeaderMap| async move {
                authorised(&headers)?;
                Ok::<_, Response>(Json(Me {
                    username: "ps.khan".into(),
                    roles: vec![Role::CustodySergeant],
                    expires_at: chrono::Utc::now() + chrono::Duration::hours(8),
                    idle_timeout_secs: 1800,
                }))
            }),
        )
        .route("/api/v1/locations", get(|| async { Json(fixtures::suites()) }))
        .route(
            "/api/v1/custody",
            get(|AxState(s): AxState<Shared>, headers: HeaderMap| async move {
                authorised(&headers)?;
                let version = s.fake.lock().unwrap().cu2_version;
                let items =
                    fixtures::detainees().into_iter().map(|e| if e.id == "cu2" { cu2(version) } else { e }).collect();
                Ok::<_, Response>(Json(EventPage { items, next: None, ..Default::default() }))
            }),
        )
        .route(
            "/api/v1/custody/board",
            get(|AxState(s): AxState<Shared>, headers: HeaderMap| async move {
                authorised(&headers)?;
                let version = s.fake.lock().unwrap().cu2_version;
                let now = chrono::Utc::now();
                let rows = fixtures::detainees()
                    .into_iter()
                    .map(|e| if e.id == "cu2" { cu2(version) } else { e })
                    .filter_map(|event| {
                        let details = crate::console::views::custody(&event)?.clone();
                        let person_id = event.people.first().map(|p| p.person_id.clone());
                        let markers = if person_id.as_deref() == Some("p-begum") { vec!["SH".into()] } else { vec![] };
                        Some(BoardRow {
                            status: crate::domain::pace::status_at(&details, now),
                            name: event.summary.clone(),
                            date_of_birth: None,
                            markers,
                            alerts: vec![],
                            flags: Default::default(),
                            person_id,
                            event,
                        })
                    })
                    .collect();
                Ok::<_, Response>(Json(Board { at: now, rows }))
            }),
        )
        .route(
            "/api/v1/custody/{id}",
            get(
                |AxState(s): AxState<Shared>,
                 Path(id): Path<String>,
                 Query(q): Query<std::collections::HashMap<String, String>>,
                 headers: HeaderMap| async move {
                    authorised(&headers)?;
                    let mut fake = s.fake.lock().unwrap();
                    fake.reasons.push(q.get("reason").cloned().unwrap_or_default());
                    assert_eq!(id, "cu2");
                    Ok::<_, Response>(Json(cu2(fake.cu2_version)))
                },
            ),
        )
        .route(
            "/api/v1/events",
            get(|AxState(s): AxState<Shared>, headers: HeaderMap| async move {
                authorised(&headers)?;
                let last = headers.get("last-event-id").and_then(|v| v.to_str().ok()).map(str::to_string);
                s.fake.lock().unwrap().last_event_ids.push(last);
                let notify = s.send_change.clone();
                let change = futures::stream::once(async move {
                    notify.notified().await;
                    let change = Change {
                        seq: 42,
                        at: chrono::Utc::now(),
                        topic: "custody".into(),
                        op: "updated".into(),
                        record_id: "cu2".into(),
                        version: 2,
                        person_ids: vec!["p-begum".into()],
                        private_to: None,
                    };
                    let data = serde_json::to_string(&change).unwrap();
                    Ok::<_, Infallible>(SseEvent::default().id("42").event("custody").data(data))
                });
                // As the server does: first where the stream starts.
                let opening = futures::stream::once(async { Ok::<_, Infallible>(SseEvent::default().id("41")) });
                Ok::<_, Response>(Sse::new(opening.chain(change).chain(futures::stream::pending())))
            }),
        )
        .route(
            "/api/v1/search/subjects",
            get(|| async {
                Json(crate::api::SearchResponse {
                    query: "x".into(),
                    hits: fixtures::hits(),
                    places: Vec::new(),
                    objects: vec![],
                })
            }),
        )
        .with_state(shared)
}

/// Performs effects and feeds results back until `done` holds.
async fn drive(
    state: &mut State,
    runner: &mut Runner,
    rx: &mut mpsc::UnboundedReceiver<Action>,
    effects: Vec<crate::console::effect::Effect>,
    done: impl Fn(&State) -> bool,
) {
    for effect in effects {
        runner.run(effect);
    }
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !done(state) {
        let action = tokio::time::timeout_at(deadline, rx.recv())
            .await
            .expect("the console did not get there in time")
            .expect("the channel closed");
        for effect in update(state, action) {
            runner.run(effect);
        }
    }
}

#[tokio::test]
async fn login_loads_the_board_and_a_live_change_refreshes_its_row() {
    let shared = Shared {
        fake: Arc::new(Mutex::new(Fake { cu2_version: 1, ..Default::default() })),
        send_change: Arc::new(Notify::new()),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(std::future::IntoFuture::into_future(axum::serve(listener, app(shared.clone()))));

    let config = tempfile::tempdir().unwrap();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let client = Client::new(&format!("http://{address}")).unwrap();
    let mut runner = Runner::new(client, tx, Some(config.path().to_path_buf()));
    let mut state = State::new(&format!("http://{address}"), fixtures::now());
    state.pane = PaneId::Board;
    state.login.username = "ps.khan".into();
    state.login.password = "pw".into();
    state.login.field = crate::console::state::LoginField::Password;

    let effects = update(&mut state, Action::Submit);
    drive(&mut state, &mut runner, &mut rx, effects, |s| {
        s.screen == Screen::Main
            && s.board.rows.loaded
            && !s.board.suites.is_empty()
            && s.live.connection == crate::client::ConnectionState::Connected
    })
    .await;
    assert!(config.path().join(crate::client::credentials::FILE_NAME).exists());
    assert_eq!(crate::console::views::board_rows(&state).len(), 5);
    // The board's one reply carried the markers: no search per detainee.
    assert_eq!(state.people.get("p-begum").map(|b| b.markers.clone()), Some(vec!["SH".to_string()]));

    // Select Aisha BEGUM, then her record changes elsewhere.
    update(&mut state, Action::Command(Command::Down));
    update(&mut state, Action::Command(Command::Down));
    let selected = state.board.rows.list.selected.clone();
    shared.fake.lock().unwrap().cu2_version = 2;
    shared.send_change.notify_one();
    drive(&mut state, &mut runner, &mut rx, Vec::new(), |s| {
        s.board.rows.items.iter().any(|e| e.id == "cu2" && e.version == 2)
    })
    .await;
    assert_eq!(state.board.rows.list.selected, selected);
    assert!(state.recently_changed("cu2"));
    assert_eq!(state.live.last_event_id, Some(42));
    let fake = shared.fake.lock().unwrap();
    assert_eq!(fake.reasons, vec![LIVE_REASON.to_string()]);
    assert_eq!(fake.last_event_ids, vec![None]);
    runner.shutdown();
}

#[tokio::test]
async fn a_refused_token_sends_the_operator_to_log_in() {
    let shared = Shared { fake: Arc::new(Mutex::new(Fake::default())), send_change: Arc::new(Notify::new()) };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(std::future::IntoFuture::into_future(axum::serve(listener, app(shared))));
    let (tx, mut rx) = mpsc::unbounded_channel();
    let client = Client::new(&format!("http://{address}")).unwrap().with_token("expired".into());
    let mut runner = Runner::new(client, tx, None);
    let mut state = State::new(&format!("http://{address}"), fixtures::now());
    state.screen = Screen::Main;
    drive(&mut state, &mut runner, &mut rx, vec![crate::console::effect::Effect::CheckSession], |s| {
        s.screen == Screen::Login
    })
    .await;
    assert!(state.login.notice.as_deref().unwrap().contains("log in again"));
}
