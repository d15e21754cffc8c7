//! The live stream leaves no gap: a change made after the console's first
//! read and before its stream connected still reaches the board (the
//! console's stream is held back until its reads are done, the worst order
//! the network can give), and a stream that drops before it has heard of
//! any change replays, on reconnecting, what happened while it was down —
//! only what its caller may hear of.

use crate::common;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bluelamp::client::{Client, ConnectionState};
use bluelamp::console::action::Action;
use bluelamp::console::effect::Effect;
use bluelamp::console::runtime::Runner;
use bluelamp::console::state::{PaneId, Screen, State};
use bluelamp::console::update::update;
use bluelamp::domain::role::Role;
use common::{intelligence_json, Backend, TestServer};
use futures::StreamExt;
use serde_json::{json, Value};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

both_backends!(
    a_change_between_the_first_read_and_the_stream_reaches_the_board,
    a_stream_dropped_before_any_change_replays_what_happened_while_down,
);

fn call(summary: &str) -> Value {
    json!({
        "caller": {"name": "Maya Okafor", "phone": "07700 900461", "callback": true},
        "location": {"description": "Outside 14 Acre Lane", "borough": "lambeth"},
        "category": "crime", "subtype": "burglary", "grade": "I", "summary": summary
    })
}

async fn open_incident(s: &TestServer, token: &str, summary: &str) -> String {
    let (status, event) = s.post(token, "/incidents/open", &call(summary)).await;
    assert_eq!(status, 201, "{event}");
    event["id"].as_str().unwrap().to_string()
}

/// The console's runtime, with its live stream held back: a subscription
/// waits in `held` until the test lets it go.
struct Console {
    state: State,
    runner: Runner,
    rx: mpsc::UnboundedReceiver<Action>,
    held: Vec<Effect>,
    hold: bool,
}

impl Console {
    fn perform(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            if self.hold && matches!(effect, Effect::Subscribe { .. }) {
                self.held.push(effect);
            } else {
                self.runner.run(effect);
            }
        }
    }

    async fn next(&mut self, within: Duration) -> Option<()> {
        let action = tokio::time::timeout(within, self.rx.recv()).await.ok()?.expect("the channel closed");
        self.state.now = chrono::Utc::now();
        let effects = update(&mut self.state, action);
        self.perform(effects);
        Some(())
    }

    /// Until nothing has come back for a while.
    async fn quiet(&mut self) {
        while self.next(Duration::from_millis(700)).await.is_some() {}
    }

    async fn until(&mut self, what: &str, done: impl Fn(&State) -> bool) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        while !done(&self.state) {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            if self.next(left).await.is_none() {
                panic!("timed out waiting for {what}; incidents {:?}", on_board(&self.state));
            }
        }
    }

    /// Lets the held stream go, and holds nothing from now on.
    fn release(&mut self) {
        self.hold = false;
        let held = std::mem::take(&mut self.held);
        self.perform(held);
    }
}

fn on_board(state: &State) -> Vec<String> {
    state.incidents.rows.iter().map(|r| r.event.id.clone()).collect()
}

async fn a_change_between_the_first_read_and_the_stream_reaches_the_board(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let token = s.login_as("op.gap", &[Role::ControlRoom]).await;
    let first = open_incident(&s, &token, "Two men forcing the door of the flat opposite").await;
    s.settle().await;

    let (tx, rx) = mpsc::unbounded_channel();
    let client = Client::new(&s.root()).unwrap().with_token(token.clone());
    let mut state = State::new(&s.root(), chrono::Utc::now());
    state.screen = Screen::Main;
    state.pane = PaneId::Incidents;
    let runner = Runner::new(client, tx, None);
    let mut console = Console { state, runner, rx, held: Vec::new(), hold: true };
    // The session checked at start: the console reads what it can while
    // its stream has not connected yet.
    console.perform(vec![Effect::CheckSession]);
    console.quiet().await;
    assert_eq!(console.held.len(), 1, "the console did not ask for its stream");

    // A call comes in before the stream connects.
    let between = open_incident(&s, &token, "Car alarm sounding for an hour").await;
    s.settle().await;
    console.release();
    console
        .until("the incident opened before the stream connected", |st| {
            st.incidents.loaded && on_board(st).contains(&between)
        })
        .await;
    assert!(on_board(&console.state).contains(&first));
    assert_eq!(console.state.live.connection, ConnectionState::Connected);

    // And from then on, live.
    let later = open_incident(&s, &token, "Shouting in the street").await;
    console.until("the incident opened once live", |st| on_board(st).contains(&later)).await;
    console.runner.shutdown();
}

/// A loopback proxy in front of the server whose connections can be cut,
/// and new ones refused, until it opens again.
struct Proxy {
    address: SocketAddr,
    open: Arc<AtomicBool>,
    connections: Arc<Mutex<Vec<JoinHandle<()>>>>,
    accepting: JoinHandle<()>,
}

impl Proxy {
    async fn to(upstream: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let open = Arc::new(AtomicBool::new(true));
        let connections = Arc::new(Mutex::new(Vec::new()));
        let (is_open, held) = (open.clone(), connections.clone());
        let accepting = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if !is_open.load(Ordering::SeqCst) {
                    continue; // dropped: the client sees the connection fail
                }
                let task = tokio::spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                held.lock().unwrap().push(task);
            }
        });
        Proxy { address, open, connections, accepting }
    }

    fn cut(&self) {
        self.open.store(false, Ordering::SeqCst);
        for task in self.connections.lock().unwrap().drain(..) {
            task.abort();
        }
    }

    fn reopen(&self) {
        self.open.store(true, Ordering::SeqCst);
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.cut();
        self.accepting.abort();
    }
}

async fn a_stream_dropped_before_any_change_replays_what_happened_while_down(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let control = s.login_as("op.drop", &[Role::ControlRoom]).await;
    let author = s.login_as("dc.shah", &[Role::Investigator]).await;
    let person = s.person(&author, "Darren", "Cole", "1990-04-01").await;
    s.settle().await;
    let upstream: SocketAddr = s.root().trim_start_matches("http://").parse().unwrap();
    let proxy = Proxy::to(upstream).await;

    let client = Client::new(&format!("http://{}", proxy.address)).unwrap().with_token(control.clone());
    let mut stream = client.events(&["incidents", "intelligence"], None);
    let mut origin = stream.origin();
    let mut connection = stream.state();
    let within = Duration::from_secs(10);
    let from = tokio::time::timeout(within, origin.wait_for(Option::is_some))
        .await
        .expect("the stream did not say where it starts")
        .map(|from| *from)
        .unwrap()
        .unwrap();
    assert_eq!(from, s.state.store.last_change().await.unwrap());

    // The connection drops before any change was heard.
    proxy.cut();
    let dropped =
        tokio::time::timeout(within, connection.wait_for(|c| matches!(c, ConnectionState::Reconnecting { .. })))
            .await
            .expect("the drop went unnoticed")
            .is_ok();
    assert!(dropped);
    // Meanwhile: a draft the control room may not hear of, then two calls.
    let (status, draft) = s.post(&author, "/intelligence", &intelligence_json(&person)).await;
    assert_eq!(status, 201, "{draft}");
    let draft = draft["id"].as_str().unwrap().to_string();
    let first = open_incident(&s, &control, "Two men forcing the door of the flat opposite").await;
    let second = open_incident(&s, &control, "Car alarm sounding for an hour").await;
    s.settle().await;
    proxy.reopen();

    let mut heard = Vec::new();
    while !(heard.contains(&first) && heard.contains(&second)) {
        let change = tokio::time::timeout(Duration::from_secs(20), stream.next())
            .await
            .unwrap_or_else(|_| panic!("what happened while down was not replayed; heard {heard:?}"))
            .expect("the stream ended")
            .expect("a change");
        assert_ne!(change.record_id, draft, "someone else's draft was replayed");
        assert!(change.seq > from, "{change:?} is from before the stream started");
        heard.push(change.record_id);
    }
    assert!(heard.iter().position(|id| *id == first) < heard.iter().position(|id| *id == second), "{heard:?}");
    assert_eq!(*origin.borrow(), Some(from), "the origin moved");
}
