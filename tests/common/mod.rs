//! Shared test harness: a real server on a loopback port over a real SQLite
//! file or a fresh database in a real PostgreSQL.
#![allow(dead_code)]

pub mod bulk;
pub mod desk_records;
pub mod terminal;
pub mod warrants;

use std::time::Duration;

use bluelamp::domain::role::{Role, Roles};
use bluelamp::server::{self, password, AppState, ServerConfig};
use bluelamp::store::{Actor, DatabaseUrl, Store};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database for one test. PostgreSQL comes from the PG* environment the
/// test command sets up; without it PostgreSQL tests are skipped, unless
/// BLUELAMP_REQUIRE_POSTGRES says they must run.
pub struct TestDb {
    pub url: DatabaseUrl,
    _dir: Option<tempfile::TempDir>,
}

fn postgres_base() -> Option<String> {
    if let Ok(url) = std::env::var("BLUELAMP_TEST_POSTGRES") {
        return Some(url);
    }
    let host = std::env::var("PGHOST").ok()?;
    let port = std::env::var("PGPORT").unwrap_or_else(|_| "5432".into());
    let user = std::env::var("PGUSER").unwrap_or_else(|_| "postgres".into());
    let pass = std::env::var("PGPASSWORD").unwrap_or_default();
    let host = if host.starts_with('/') { "localhost".to_string() } else { host };
    let pass: String = form_urlencoded::byte_serialize(pass.as_bytes()).collect();
    Some(format!("postgres://{user}:{pass}@{host}:{port}"))
}

impl TestDb {
    /// An existing database, under another URL (another role, say).
    pub fn at(url: DatabaseUrl) -> TestDb {
        TestDb { url, _dir: None }
    }

    pub async fn new(backend: Backend) -> Option<TestDb> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = DatabaseUrl::sqlite(&dir.path().join("bluelamp.db"));
                Some(TestDb { url, _dir: Some(dir) })
            }
            Backend::Postgres => {
                let Some(base) = postgres_base() else {
                    if std::env::var("BLUELAMP_REQUIRE_POSTGRES").is_ok() {
                        panic!("BLUELAMP_REQUIRE_POSTGRES is set but no PostgreSQL is configured (PGHOST)");
                    }
                    eprintln!("skipped: no PostgreSQL configured (run the README's test command)");
                    return None;
                };
                use sqlx::Connection;
                let name = format!("bluelamp_test_{}", uuid::Uuid::new_v4().simple());
                let mut admin =
                    sqlx::PgConnection::connect(&format!("{base}/postgres")).await.expect("connect to PostgreSQL");
                sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("create database");
                let url: DatabaseUrl = format!("{base}/{name}").parse().expect("url");
                Some(TestDb { url, _dir: None })
            }
        }
    }
}

pub struct TestServer {
    pub base: String,
    pub state: AppState,
    pub http: reqwest::Client,
    pub db: TestDb,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    /// The server's task: it ends when the server has shut down.
    served: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
}

impl TestServer {
    pub async fn start(backend: Backend) -> Option<TestServer> {
        let db = TestDb::new(backend).await?;
        Some(Self::on(db).await)
    }

    /// A server with settings of its own (say, other priority weights).
    pub async fn start_with(backend: Backend, config: ServerConfig) -> Option<TestServer> {
        let db = TestDb::new(backend).await?;
        Some(Self::on_with(db, config).await)
    }

    /// A server over an existing database (a second server over one PostgreSQL).
    pub async fn on(db: TestDb) -> TestServer {
        Self::on_with(db, ServerConfig::default()).await
    }

    pub async fn on_with(db: TestDb, config: ServerConfig) -> TestServer {
        let store = Store::open(&db.url).await.expect("open store");
        let state = AppState::start(store, config).await.expect("start");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}/api/v1", listener.local_addr().expect("addr"));
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let served = tokio::spawn(server::serve(state.clone(), listener, async move {
            let _ = rx.await;
        }));
        TestServer { base, state, http: reqwest::Client::new(), db, shutdown: Some(tx), served: Some(served) }
    }

    /// Shuts the server down, as Ctrl-C would (its event streams close).
    pub fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }

    /// Stops the server and waits until it has shut down.
    pub async fn stopped(&mut self) -> anyhow::Result<()> {
        self.stop();
        match self.served.take() {
            Some(served) => served.await?,
            None => Ok(()),
        }
    }

    /// The server's address as the CLI and the console take it (without `/api/v1`).
    pub fn root(&self) -> String {
        self.base.trim_end_matches("/api/v1").to_string()
    }

    /// Who wrote to a record and why, as the audit log shows it (records
    /// made and changes), sorted.
    pub async fn audit_steps(&self, token: &str, record: &str) -> Vec<(String, String)> {
        let (status, audit) = self.get(token, &format!("/audit?record={record}")).await;
        assert_eq!(status, 200, "{audit}");
        let mut steps: Vec<(String, String)> = audit["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "collection" || e["action"] == "alteration")
            .map(|e| (e["username"].as_str().unwrap().to_string(), e["reason"].as_str().unwrap().to_string()))
            .collect();
        steps.sort();
        steps
    }

    pub fn second_db(&self) -> TestDb {
        TestDb { url: self.db.url.clone(), _dir: None }
    }

    /// Creates a user with `roles` and logs in through the API.
    pub async fn login_as(&self, name: &str, roles: &[Role]) -> String {
        let pw = "a long test passphrase";
        let hash = password::hash(pw).expect("hash");
        self.state
            .store
            .create_user(&Actor::new("test", "test setup"), name, &hash, &Roles(roles.to_vec()))
            .await
            .expect("user");
        let res = self
            .http
            .post(format!("{}/auth/login", self.base))
            .json(&serde_json::json!({"username": name, "password": pw}))
            .send()
            .await
            .expect("login");
        assert_eq!(res.status(), 200, "login as {name}");
        let body: Value = res.json().await.expect("json");
        body["token"].as_str().expect("token").to_string()
    }

    pub async fn get(&self, token: &str, path: &str) -> (u16, Value) {
        let res = self.http.get(format!("{}{path}", self.base)).bearer_auth(token).send().await.expect("get");
        status_json(res).await
    }

    pub async fn send(&self, method: reqwest::Method, token: &str, path: &str, body: &Value) -> (u16, Value) {
        let res = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("send");
        status_json(res).await
    }

    pub async fn post(&self, token: &str, path: &str, body: &Value) -> (u16, Value) {
        self.send(reqwest::Method::POST, token, path, body).await
    }

    pub async fn put(&self, token: &str, path: &str, body: &Value) -> (u16, Value) {
        self.send(reqwest::Method::PUT, token, path, body).await
    }

    /// Creates a person through the API and returns its id.
    pub async fn person(&self, token: &str, forenames: &str, surname: &str, dob: &str) -> String {
        let (status, body) = self.post(token, "/persons", &person_json(forenames, surname, dob)).await;
        assert_eq!(status, 201, "{body}");
        body["id"].as_str().expect("id").to_string()
    }

    /// Adds the Brixton custody suite (id `suite-brixton`) to the store.
    pub async fn add_brixton_suite(&self) {
        self.add_suite("suite-brixton", "Brixton Custody Suite", None).await;
    }

    /// Adds a custody suite to the store, set up with a code and cells C1
    /// to C`cells` when `setup` gives them (any cell otherwise).
    pub async fn add_suite(&self, id: &str, name: &str, setup: Option<(&str, u32)>) {
        use bluelamp::domain::location::{Address, Location, LocationKind, SuiteSetup};
        let suite = Location {
            id: id.into(),
            kind: LocationKind::CustodySuite,
            name: name.into(),
            address: Address {
                lines: vec!["367 Brixton Road".into()],
                postcode: "SW9 7DD".into(),
                borough: Some("Lambeth".into()),
                lat: None,
                lon: None,
            },
            suite: setup.map(|(code, cells)| SuiteSetup {
                code: code.into(),
                cells: (1..=cells).map(|c| format!("C{c}")).collect(),
            }),
        };
        self.state.store.upsert_locations(&[suite]).await.expect("suite");
    }

    /// Waits until the server's index has applied every change so far.
    pub async fn settle(&self) {
        let target = self.state.store.last_change().await.expect("last change");
        // Generous: following a bulk seed on a busy machine takes a while.
        for _ in 0..3000 {
            if self.state.applied.load(std::sync::atomic::Ordering::Relaxed) >= target {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("the server did not apply change {target}");
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

async fn status_json(res: reqwest::Response) -> (u16, Value) {
    let status = res.status().as_u16();
    let text = res.text().await.expect("body");
    let value = if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
    (status, value)
}

pub fn person_json(forenames: &str, surname: &str, dob: &str) -> Value {
    serde_json::json!({
        "names": [{"forenames": forenames, "surname": surname}],
        "date_of_birth": dob,
        "sex": "male",
        "addresses": [{"address": {"lines": ["12 Acre Lane"], "postcode": "SW2 5SG", "borough": "Lambeth"}}],
        "markers": [{"category": "violent", "recorded_on": "2020-01-01", "source": "PNC"}]
    })
}

/// A report of intelligence on `person`: sanitised text about a blue Golf,
/// unsanitised text naming flat 4.
pub fn intelligence_json(person: &str) -> Value {
    serde_json::json!({
        "occurred_at": "2026-10-01T12:00:00Z",
        "summary": "Dealing from a car",
        "people": [{"person_id": person, "role": "subject"}],
        "details": {"kind": "intelligence",
                    "grading": {"scheme": "3x5x2", "source": 2, "intelligence": "B", "handling": "P"},
                    "priority": "medium", "sanitised_text": "Subject believed to deal from a blue Golf",
                    "unsanitised_text": "Source X saw it from flat 4"}
    })
}

/// [`intelligence_json`] submitted at once: a draft is its author's alone,
/// a submitted report is read by every role that reads intelligence.
pub fn submitted_intelligence_json(person: &str) -> Value {
    let mut body = intelligence_json(person);
    body["details"]["status"] = serde_json::json!("submitted");
    body
}

impl TestServer {
    /// Imports `csv` as legacy source `source` with the shipped mapping
    /// `mapping` (a file name in `mappings/`), straight into the store.
    pub async fn import_legacy(&self, source: &str, mapping: &str, csv: &str) -> Result<(), String> {
        use bluelamp::import::{import_file, linker_for, ImportOptions, LoadedMapping};
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("rows.csv");
        std::fs::write(&file, csv).expect("csv");
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings").join(mapping);
        let mapping = LoadedMapping::read(&path).expect("mapping");
        let opts = ImportOptions {
            source: source.into(),
            strict: true,
            rejects: None,
            linkage: bluelamp::linkage::LinkageConfig::default(),
            username: "import".into(),
        };
        let store = &self.state.store;
        let mut linker = linker_for(store, opts.linkage.clone()).await.map_err(|e| e.to_string())?;
        import_file(store, &mut linker, &file, &mapping, &opts, |_| {}).await.map(|_| ()).map_err(|e| e.to_string())
    }
}

/// Runs a test body against both backends.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name(super::common::Backend::Sqlite).await })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name(super::common::Backend::Postgres).await })*
        }
    };
}

/// Reads `n` events from the event stream, resuming after `last_event_id`.
pub async fn read_events(
    server: &impl StreamTarget,
    token: &str,
    query: &str,
    last_event_id: Option<i64>,
    n: usize,
) -> Vec<(i64, Value)> {
    use futures::StreamExt;
    let mut req = server.http().get(format!("{}/events{query}", server.base())).bearer_auth(token);
    if let Some(id) = last_event_id {
        req = req.header("Last-Event-ID", id.to_string());
    }
    let res = req.send().await.expect("stream");
    assert_eq!(res.status(), 200);
    let mut stream = res.bytes_stream();
    let mut buf = String::new();
    let mut out = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while out.len() < n {
        let chunk = tokio::time::timeout_at(deadline, stream.next())
            .await
            .unwrap_or_else(|_| panic!("only {} of {n} events arrived", out.len()))
            .expect("stream ended")
            .expect("chunk");
        buf.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buf.find("\n\n") {
            let block: String = buf.drain(..end + 2).collect();
            let mut id = None;
            let mut data = None;
            for line in block.lines() {
                if let Some(v) = line.strip_prefix("id:") {
                    id = v.trim().parse::<i64>().ok();
                } else if let Some(v) = line.strip_prefix("data:") {
                    data = serde_json::from_str::<Value>(v.trim()).ok();
                }
            }
            if let (Some(id), Some(data)) = (id, data) {
                out.push((id, data));
            }
        }
    }
    out
}

impl TestServer {
    /// A handle that only talks HTTP to an already running server (for
    /// stream readers in their own task).
    pub fn on_url_for_events(base: String) -> EventProbe {
        EventProbe { base, http: reqwest::Client::new() }
    }
}

/// Just enough of a server handle to read its event stream.
pub struct EventProbe {
    pub base: String,
    pub http: reqwest::Client,
}

/// Anything with a base URL and a client to read an event stream from.
pub trait StreamTarget {
    fn base(&self) -> &str;
    fn http(&self) -> &reqwest::Client;
}

impl StreamTarget for TestServer {
    fn base(&self) -> &str {
        &self.base
    }
    fn http(&self) -> &reqwest::Client {
        &self.http
    }
}

impl StreamTarget for EventProbe {
    fn base(&self) -> &str {
        &self.base
    }
    fn http(&self) -> &reqwest::Client {
        &self.http
    }
}

/// Loads records straight into the store, as a legacy import or the seed
/// does, in whatever state they are in: fixtures for read-side tests that
/// would otherwise walk every lifecycle through the API.
pub async fn load_records(server: &TestServer, inputs: &[Value]) -> Vec<String> {
    use bluelamp::domain::event::{Event, EventInput};
    use bluelamp::domain::provenance::Provenance;
    let now = chrono::Utc::now();
    let mut events = Vec::new();
    for (i, value) in inputs.iter().enumerate() {
        let mut input: EventInput = serde_json::from_value(value.clone()).expect("event input");
        let kind = input.details.kind();
        input.validate(kind, now).expect("valid fixture");
        let id = uuid::Uuid::new_v4().to_string();
        events.push(Event {
            reference: input
                .reference
                .clone()
                .unwrap_or_else(|| format!("{}/26/{:07}", kind.reference_prefix(), 9_000_000 + i)),
            id,
            kind,
            version: 1,
            status: input.details.status(),
            occurred_at: input.occurred_at,
            borough: input.borough,
            summary: input.summary,
            people: input.people,
            details: input.details,
            created_at: now,
            updated_at: now,
            provenance: Provenance::entered("fixture", now),
        });
    }
    let ids = events.iter().map(|e| e.id.clone()).collect();
    let batch = bluelamp::store::BulkBatch { events, ..Default::default() };
    server.state.store.load_batch(&Actor::new("fixture", "test fixture"), &batch, None).await.expect("load fixtures");
    ids
}
