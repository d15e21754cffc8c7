//! Logins that resist attack, sessions that end, and the transport: a real
//! server on loopback over a real SQLite file and a real PostgreSQL.
//! Lockout and unlock, names that are no account treated as accounts,
//! logout and the idle timeout (at once, even for requests that share a
//! token's lookup), a login flood refused while another user's
//! searches go on, security headers on every reply, HTTPS with a force's
//! own certificate authority, and database, log and backup files readable
//! by their owner alone.

use crate::common;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use bluelamp::domain::role::{Role, Roles};
use bluelamp::server::{password, ServerConfig};
use bluelamp::store::{Actor, AuditFilter, Issued};
use common::{Backend, TestServer};
use serde_json::{json, Value};

const PASSWORD: &str = "a long test passphrase";

async fn add_user(s: &TestServer, name: &str, roles: &[Role]) {
    let hash = password::hash(PASSWORD).expect("hash");
    s.state
        .store
        .create_user(&Actor::new("test", "test setup"), name, &hash, &Roles(roles.to_vec()))
        .await
        .expect("user");
}

/// Tries a login; the status, the reply's body and its `Retry-After`.
async fn attempt(s: &TestServer, username: &str, password: &str) -> (u16, Value, Option<u64>) {
    let reply = s
        .http
        .post(format!("{}/auth/login", s.base))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .expect("login");
    let retry_after = reply.headers().get("retry-after").and_then(|v| v.to_str().ok()?.parse().ok());
    (reply.status().as_u16(), reply.json().await.unwrap_or(Value::Null), retry_after)
}

/// The audit's actions for `record`, oldest first.
async fn audited(s: &TestServer, admin: &str, record: &str) -> Vec<String> {
    let (status, page) = s.get(admin, &format!("/audit?record={record}")).await;
    assert_eq!(status, 200, "{page}");
    let mut actions: Vec<String> =
        page["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_string()).collect();
    actions.reverse();
    actions
}

async fn five_failures_lock_an_account_until_an_admin_unlocks_it(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let admin = s.login_as("admin.one", &[Role::Admin]).await;
    let control = s.login_as("op.control", &[Role::ControlRoom]).await;
    add_user(&s, "pc.adams", &[Role::ControlRoom]).await;
    for _ in 0..5 {
        let (status, body, _) = attempt(&s, "pc.adams", "not the password").await;
        assert_eq!((status, body["error"]["code"].as_str()), (401, Some("unauthenticated")), "{body}");
    }
    // Locked: even the right password is refused, unchecked, with when to come back.
    let (status, body, retry_after) = attempt(&s, "pc.adams", PASSWORD).await;
    assert_eq!((status, body["error"]["code"].as_str()), (429, Some("too_many_attempts")), "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("locked"), "{body}");
    assert!(retry_after.is_some_and(|s| (14 * 60..=15 * 60).contains(&s)), "{retry_after:?}");
    let user = s.state.store.user("pc.adams").await.unwrap();
    assert!(user.locked_until.is_some());

    // Only an admin unlocks, and only an account that exists.
    assert_eq!(s.post(&control, "/users/pc.adams/unlock", &json!({})).await.0, 403);
    assert_eq!(s.post(&admin, "/users/nobody.here/unlock", &json!({})).await.0, 404);
    assert_eq!(s.post(&admin, "/users/pc.adams/unlock", &json!({})).await.0, 204);
    let (status, body, _) = attempt(&s, "pc.adams", PASSWORD).await;
    assert_eq!(status, 200, "{body}");

    let actions = audited(&s, &admin, "pc.adams").await;
    let failed = actions.iter().filter(|a| *a == "login_failed").count();
    assert_eq!(failed, 5, "{actions:?}");
    for expected in ["lockout", "login_refused", "unlock", "login"] {
        assert!(actions.iter().any(|a| a == expected), "{expected} is not audited: {actions:?}");
    }
    let (_, page) = s.get(&admin, "/audit?record=pc.adams").await;
    let unlock = page["items"].as_array().unwrap().iter().find(|e| e["action"] == "unlock").unwrap();
    assert_eq!(unlock["username"], "admin.one", "the unlock is the admin's act");
}

/// The attack the lockout answers: twenty guesses in about a second, then
/// the right password, which must not get in.
async fn twenty_wrong_passwords_then_the_right_one_is_refused_and_audited(b: Backend) {
    let mut config = ServerConfig::default();
    config.login.refusal_delay_ms = 0;
    let Some(s) = TestServer::start_with(b, config).await else { return };
    let admin = s.login_as("admin.one", &[Role::Admin]).await;
    add_user(&s, "pc.baker", &[Role::ControlRoom]).await;
    let mut statuses = Vec::new();
    for n in 0..20 {
        statuses.push(attempt(&s, "pc.baker", &format!("guess number {n}")).await.0);
    }
    assert_eq!(statuses[..5], [401; 5], "{statuses:?}");
    assert!(statuses[5..].iter().all(|s| *s == 429), "locked or throttled after five: {statuses:?}");
    let (status, body, retry_after) = attempt(&s, "pc.baker", PASSWORD).await;
    assert_eq!((status, body["error"]["code"].as_str()), (429, Some("too_many_attempts")), "{body}");
    assert!(retry_after.is_some_and(|s| s > 0), "{retry_after:?}");
    assert!(body.get("token").is_none(), "{body}");
    let user = s.state.store.user("pc.baker").await.unwrap();
    assert!(user.locked_until.is_some_and(|t| t > chrono::Utc::now() + chrono::Duration::minutes(14)));

    let actions = audited(&s, &admin, "pc.baker").await;
    assert_eq!(actions.iter().filter(|a| *a == "login_failed").count(), 5, "only checked guesses: {actions:?}");
    assert_eq!(actions.iter().filter(|a| *a == "lockout").count(), 1, "{actions:?}");
    assert!(actions.iter().any(|a| a == "login_refused"), "{actions:?}");
    assert!(!actions.iter().any(|a| a == "login"), "never let in: {actions:?}");
}

/// Guesses sent at once are checked side by side: a lockout written while
/// the right password was being checked holds against it, on both backends.
async fn a_lockout_during_the_check_of_the_right_password_holds(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    add_user(&s, "pc.clark", &[Role::ControlRoom]).await;
    let store = &s.state.store;
    let before = store.user("pc.clark").await.unwrap();
    assert!(before.locked_until.is_none(), "not locked when the right password's check began");
    let lockout = chrono::Duration::minutes(15);
    for _ in 0..5 {
        store.login_failed("pc.clark", "a guess checked meanwhile", 5, lockout).await.unwrap();
    }
    let (_, token_hash) = password::new_token();
    let expires = chrono::Utc::now() + chrono::Duration::hours(12);
    let issued = store.store_token(&Actor::new("pc.clark", "login"), &token_hash, expires, "test").await.unwrap();
    assert_eq!(issued, Issued::Locked);
    let now = chrono::Utc::now();
    assert!(store.token(&token_hash, now, now - chrono::Duration::minutes(30)).await.unwrap().is_none());
    let filter = AuditFilter { record_id: Some("pc.clark".into()), limit: 100, ..Default::default() };
    let actions: Vec<String> = store.audit_entries(&filter).await.unwrap().into_iter().map(|e| e.action).collect();
    assert!(!actions.contains(&"login".to_string()), "{actions:?}");
}

/// `admin user add` and `admin user reset-password` for a user of each role.
async fn a_common_password_is_refused_for_every_role(b: Backend) {
    let Some(db) = common::TestDb::new(b).await else { return };
    let url = db.url.as_driver_url().to_string();
    let set = |args: &[&str], password: &str| {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_bluelamp"))
            .args(args)
            .args(["--password-stdin", "--database", &url])
            .env("RUST_LOG", "error")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run bluelamp");
        let mut input = child.stdin.take().unwrap();
        std::io::Write::write_all(&mut input, format!("{password}\n").as_bytes()).unwrap();
        drop(input);
        let out = child.wait_with_output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    tokio::task::block_in_place(|| {
        for role in Role::ALL {
            let name = format!("user.{}", role.as_str().replace('_', "."));
            let add = ["admin", "user", "add", &name, "--role", role.as_str()];
            for weak in ["password1234", "Password1234", "short"] {
                let (code, stderr) = set(&add, weak);
                assert!(code.is_some_and(|c| c != 0), "{role}: {weak} accepted: {stderr}");
                assert!(stderr.contains("password"), "{stderr}");
            }
            assert_eq!(set(&add, PASSWORD).0, Some(0), "{role}");
            let reset = ["admin", "user", "reset-password", &name];
            let (code, stderr) = set(&reset, "password1234");
            assert!(code.is_some_and(|c| c != 0), "{role}: reset to password1234 accepted: {stderr}");
            assert!(stderr.contains("common and breached"), "{stderr}");
        }
    });
}

async fn a_name_that_is_no_account_fails_and_locks_as_an_account_does(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let admin = s.login_as("admin.one", &[Role::Admin]).await;
    add_user(&s, "pc.real", &[Role::ControlRoom]).await;
    let mut replies = Vec::new();
    for name in ["pc.real", "pc.ghost"] {
        for _ in 0..5 {
            let (status, body, _) = attempt(&s, name, "not the password").await;
            assert_eq!(status, 401);
            replies.push(body);
        }
        let (status, body, retry_after) = attempt(&s, name, PASSWORD).await;
        assert_eq!(status, 429, "{name}: {body}");
        assert!(retry_after.is_some());
        replies.push(body);
    }
    // Word for word the same: the replies do not tell which name exists.
    assert_eq!(replies[..6], replies[6..]);
    let actions = audited(&s, &admin, "pc.ghost").await;
    assert_eq!(actions.iter().filter(|a| *a == "login_failed").count(), 5, "{actions:?}");
    assert!(actions.iter().any(|a| a == "lockout"), "{actions:?}");
}

async fn logout_and_the_idle_timeout_end_a_session(b: Backend) {
    let config = ServerConfig { idle_timeout_secs: 1, ..ServerConfig::default() };
    let Some(s) = TestServer::start_with(b, config).await else { return };
    let token = s.login_as("pc.adams", &[Role::ControlRoom]).await;
    let (status, me) = s.get(&token, "/auth/me").await;
    assert_eq!((status, me["idle_timeout_secs"].as_i64()), (200, Some(1)));
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let (status, body) = s.get(&token, "/auth/me").await;
    assert_eq!(status, 401, "idle for longer than the timeout: {body}");

    let Some(s) = TestServer::start(b).await else { return };
    let admin = s.login_as("admin.one", &[Role::Admin]).await;
    let token = s.login_as("pc.adams", &[Role::ControlRoom]).await;
    assert_eq!(s.get(&token, "/auth/me").await.0, 200);
    assert_eq!(s.post(&token, "/auth/logout", &json!({})).await.0, 204);
    assert_eq!(s.get(&token, "/auth/me").await.0, 401, "a revoked token is refused");
    assert_eq!(s.post(&token, "/auth/logout", &json!({})).await.0, 401);
    assert!(audited(&s, &admin, "pc.adams").await.contains(&"logout".to_string()));
}

/// Requests that come together share their token's lookup, yet a session
/// ended or changed anywhere (here by a second process on the database, as
/// an admin command is) is refused or changed at the very next request.
async fn sessions_read_together_still_end_and_change_at_once(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let token = s.login_as("pc.adams", &[Role::ControlRoom]).await;
    let burst = |token: String| {
        let requests: Vec<_> = (0..40)
            .map(|_| {
                let (http, url, token) = (s.http.clone(), format!("{}/auth/me", s.base), token.clone());
                tokio::spawn(async move { http.get(url).bearer_auth(token).send().await.unwrap().status().as_u16() })
            })
            .collect();
        futures::future::join_all(requests)
    };
    let statuses: Vec<u16> = burst(token.clone()).await.into_iter().map(Result::unwrap).collect();
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");

    let admin = bluelamp::store::Store::open(&s.second_db().url).await.unwrap();
    let actor = Actor::new("admin.cli", "role change from the command line");
    let roles = Roles(vec![Role::CustodySergeant]);
    admin.update_user(&actor, "pc.adams", Some(&roles), None, None).await.unwrap();
    let (status, me) = s.get(&token, "/auth/me").await;
    assert_eq!((status, me["roles"].clone()), (200, json!(["custody_sergeant"])), "the new roles at once");

    let during = burst(token.clone());
    admin.update_user(&actor, "pc.adams", None, None, Some(true)).await.unwrap();
    let (status, body) = s.get(&token, "/auth/me").await;
    assert_eq!(status, 401, "a disabled user's session is refused at once: {body}");
    for status in during.await {
        assert!([200, 401].contains(&status.unwrap()));
    }

    admin.update_user(&actor, "pc.adams", None, None, Some(false)).await.unwrap();
    let token = s.login_as("pc.brown", &[Role::ControlRoom]).await;
    let during = burst(token.clone());
    assert_eq!(s.post(&token, "/auth/logout", &json!({})).await.0, 204);
    assert_eq!(s.get(&token, "/auth/me").await.0, 401, "refused at once after logout");
    for status in during.await {
        assert!([200, 401].contains(&status.unwrap()));
    }
    assert_eq!(s.get(&token, "/auth/me").await.0, 401);
}

/// A loopback address of its own for each flooding client, so the limits
/// per address meet 32 sources, not one.
fn flood_source(i: usize) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(127, 0, 0, 10 + i as u8))
}

async fn a_login_flood_is_refused_while_another_user_searches(b: Backend) {
    // Refusals answered at once, so the flood comes as fast as the server answers.
    let mut config = ServerConfig::default();
    config.login.refusal_delay_ms = 0;
    let Some(s) = TestServer::start_with(b, config).await else { return };
    let searcher = s.login_as("op.searcher", &[Role::ControlRoom]).await;
    add_user(&s, "pc.victim", &[Role::ControlRoom]).await;
    s.person(&searcher, "Darren", "Cole", "1990-04-01").await;
    s.settle().await;
    let base = Arc::new(s.base.clone());
    let flood: Vec<_> = (0..32)
        .map(|i| {
            let base = base.clone();
            tokio::spawn(async move {
                let http = reqwest::Client::builder().local_address(flood_source(i)).build().expect("client");
                let mut statuses = Vec::new();
                for n in 0..25 {
                    // Half the clients at one account, half spraying names.
                    let name = if i % 2 == 0 { "pc.victim".to_string() } else { format!("guess.{i}.{n}") };
                    let reply = http
                        .post(format!("{base}/auth/login"))
                        .json(&json!({"username": name, "password": format!("guess number {n}")}))
                        .send()
                        .await
                        .expect("a reply");
                    statuses.push(reply.status().as_u16());
                }
                statuses
            })
        })
        .collect();
    let mut searched = 0;
    while flood.iter().any(|task| !task.is_finished()) || searched < 20 {
        let (status, body) = s.get(&searcher, "/search/subjects?q=darren%20cole").await;
        assert_eq!(status, 200, "a search during the flood: {body}");
        assert!(body["hits"].as_array().is_some_and(|hits| !hits.is_empty()), "{body}");
        searched += 1;
    }
    let mut statuses = Vec::new();
    for task in flood {
        statuses.extend(task.await.expect("flood task"));
    }
    let count = |code: u16| statuses.iter().filter(|s| **s == code).count();
    assert_eq!(count(401) + count(429), statuses.len(), "only refusals, never a 5xx: {statuses:?}");
    assert!(count(429) > 0, "the flood is throttled");
    // On a slow machine the flood can end with fewer than five passwords
    // checked (the rest refused as busy, unchecked, which counts for
    // nothing): the guesses that follow, one at a time, are checked, and
    // the account locks at the fifth failure in all.
    let is_locked = || async {
        let victim = s.state.store.user("pc.victim").await.unwrap();
        victim.locked_until.is_some_and(|t| t > chrono::Utc::now())
    };
    for n in 0..5 {
        if is_locked().await {
            break;
        }
        let http = reqwest::Client::builder().local_address(flood_source(40 + n)).build().expect("client");
        let reply = http
            .post(format!("{base}/auth/login"))
            .json(&json!({"username": "pc.victim", "password": format!("late guess {n}")}))
            .send()
            .await
            .expect("a reply");
        assert_eq!(reply.status().as_u16(), 401, "a guess after the flood is checked and refused");
    }
    assert!(is_locked().await, "the attacked account is locked");
    eprintln!("flood: {} refused as wrong, {} throttled; {searched} searches answered", count(401), count(429));
}

/// Security headers on a success, an error, a route that does not exist
/// and a refusal before any handler.
async fn every_reply_carries_the_security_headers(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let token = s.login_as("pc.adams", &[Role::ControlRoom]).await;
    let requests = [
        s.http.get(format!("{}/health", s.base)),
        s.http.get(format!("{}/persons/nobody?reason=checking%20a%20record", s.base)).bearer_auth(&token),
        s.http.get(format!("{}/no/such/route", s.base)),
        s.http.get(format!("{}/search/subjects?q=smith", s.base)),
        s.http.post(format!("{}/auth/login", s.base)).body("not json"),
    ];
    let mut statuses = Vec::new();
    for request in requests {
        let reply = request.send().await.expect("reply");
        statuses.push(reply.status().as_u16());
        let headers = reply.headers();
        for (name, value) in [
            ("cache-control", "no-store"),
            ("x-content-type-options", "nosniff"),
            ("x-frame-options", "DENY"),
            ("referrer-policy", "no-referrer"),
        ] {
            assert_eq!(headers.get(name).and_then(|v| v.to_str().ok()), Some(value), "{name} on {}", reply.url());
        }
        let csp = headers.get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert!(csp.starts_with("default-src 'none'"), "{csp}");
        assert!(headers.get("strict-transport-security").is_none(), "no HSTS over plain HTTP");
    }
    assert_eq!(statuses, [200, 404, 404, 401, 422]);
}

/// A force's own certificate authority, and a server certificate it signed
/// for `localhost`: (CA PEM, certificate PEM, key PEM).
fn force_pki() -> (String, String, String) {
    use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
    let mut authority = CertificateParams::new(Vec::<String>::new()).unwrap();
    authority.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    authority.distinguished_name.push(DnType::CommonName, "Bluelamp test force CA");
    let ca = CertifiedIssuer::self_signed(authority, KeyPair::generate().unwrap()).unwrap();
    let key = KeyPair::generate().unwrap();
    let cert = CertificateParams::new(vec!["localhost".to_string()]).unwrap().signed_by(&key, &ca).unwrap();
    (ca.pem(), cert.pem(), key.serialize_pem())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_with_a_forces_own_certificate_authority() {
    use bluelamp::client::{Client, ClientError};
    use bluelamp::server::{self, transport, AppState};
    let db = common::TestDb::new(Backend::Sqlite).await.unwrap();
    let store = bluelamp::store::Store::open(&db.url).await.unwrap();
    let state = AppState::start(store, ServerConfig::default()).await.unwrap();
    let hash = password::hash(PASSWORD).unwrap();
    let roles = Roles(vec![Role::ControlRoom]);
    state.store.create_user(&Actor::new("test", "setup"), "pc.adams", &hash, &roles).await.unwrap();

    let dir = tempfile::tempdir().unwrap();
    let (ca, cert, key) = force_pki();
    let [ca_file, cert_file, key_file] = ["ca.pem", "cert.pem", "key.pem"].map(|f| dir.path().join(f));
    std::fs::write(&ca_file, ca).unwrap();
    std::fs::write(&cert_file, cert).unwrap();
    std::fs::write(&key_file, key).unwrap();
    let tls = transport::acceptor(&cert_file, &key_file).unwrap();
    assert!(transport::acceptor(&ca_file, &ca_file).is_err(), "a certificate is not a key");

    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await.unwrap();
    let url = format!("https://localhost:{}", listener.local_addr().unwrap().port());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(server::serve_tls(state, listener, tls, async move {
        let _ = stopped.await;
    }));

    let client = Client::trusting(&url, Some(&ca_file)).unwrap();
    assert_eq!(client.health().await.unwrap().status, "ok");
    let login = bluelamp::api::LoginRequest { username: "pc.adams".into(), password: PASSWORD.into() };
    let reply = client.login(&login).await.unwrap();
    let me = client.clone().with_token(reply.token).me().await.unwrap();
    assert_eq!(me.username, "pc.adams");

    // Without the force's authority the server's certificate is not trusted.
    let untrusted = Client::new(&url).unwrap().health().await.unwrap_err();
    assert!(matches!(untrusted, ClientError::Network(_)), "{untrusted:?}");
    // Over HTTPS, browsers are told to keep to it.
    let pem = std::fs::read(&ca_file).unwrap();
    let http =
        reqwest::Client::builder().add_root_certificate(reqwest::Certificate::from_pem(&pem).unwrap()).build().unwrap();
    let reply = http.get(format!("{url}/api/v1/health")).send().await.unwrap();
    assert_eq!(reply.headers()["strict-transport-security"], "max-age=31536000");
    assert_eq!(reply.headers()["cache-control"], "no-store");
    let _ = stop.send(());
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_its_log_backups_and_rejects_are_for_their_owner_alone() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let Some(s) = TestServer::start(Backend::Sqlite).await else { return };
    let token = s.login_as("pc.adams", &[Role::Admin]).await;
    s.person(&token, "Darren", "Cole", "1990-04-01").await;
    let db = std::path::PathBuf::from(s.db.url.sqlite_path().unwrap());
    for file in [db.clone(), db.with_extension("db-wal"), db.with_extension("db-shm")] {
        assert!(file.exists(), "{} exists while serving", file.display());
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("backup.db");
    s.state.store.backup_to(&backup).await.unwrap();
    assert_eq!(mode(&backup), 0o600);
    assert!(s.state.store.backup_to(&backup).await.is_err(), "a backup never overwrites");
    let restored = dir.path().join("restored.db");
    bluelamp::store::backup::restore_sqlite(&backup, &restored).await.unwrap();
    assert_eq!(mode(&restored), 0o600, "a restored database");

    // An import's rejects list quotes what the rows held (a row is rejected
    // only for having no name and no identifier).
    let csv = dir.path().join("custody.csv");
    std::fs::write(
        &csv,
        "CUSTODY_NO,SURNAME,FORENAME_1,FORENAME_2,DATE_OF_BIRTH,SEX,ADDR_LINE_1,ADDR_LINE_2,ADDR_LINE_3,POSTCODE,\
         PNC_ID,CRO_NO,WARNING_MARKERS\nC1,,,,31/02/1980,M,1 High St,,,E1 6AN,,,\n",
    )
    .unwrap();
    let rejects = dir.path().join("rejects.csv");
    let mapping = bluelamp::import::LoadedMapping::read(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings/custody.toml"),
    )
    .unwrap();
    let options = bluelamp::import::ImportOptions {
        source: "custody".into(),
        strict: false,
        rejects: Some(rejects.clone()),
        linkage: Default::default(),
        username: "import".into(),
    };
    let store = &s.state.store;
    let mut linker = bluelamp::import::linker_for(store, options.linkage.clone()).await.unwrap();
    bluelamp::import::import_file(store, &mut linker, &csv, &mapping, &options, |_| {}).await.unwrap();
    assert!(std::fs::read_to_string(&rejects).unwrap().lines().count() > 1, "the row was rejected");
    assert_eq!(mode(&rejects), 0o600);
}

both_backends!(
    five_failures_lock_an_account_until_an_admin_unlocks_it,
    twenty_wrong_passwords_then_the_right_one_is_refused_and_audited,
    a_lockout_during_the_check_of_the_right_password_holds,
    a_common_password_is_refused_for_every_role,
    a_name_that_is_no_account_fails_and_locks_as_an_account_does,
    logout_and_the_idle_timeout_end_a_session,
    sessions_read_together_still_end_and_change_at_once,
    a_login_flood_is_refused_while_another_user_searches,
    every_reply_carries_the_security_headers,
);
