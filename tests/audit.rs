//! The tamper-evident audit: an attacker with write access to the database
//! drops the guards, edits, deletes, reorders, truncates and rebuilds the
//! chain, and `admin audit verify` finds each one; on PostgreSQL the
//! server's own role cannot update, delete or truncate the audit at all.

use crate::common;

use std::path::PathBuf;
use std::process::Command;

use bluelamp::domain::audit_chain::{field_digest, from_hex, to_hex, Linked, GENESIS};
use bluelamp::domain::audit_checkpoint::Checkpoint;
use bluelamp::domain::role::Role;
use bluelamp::server::ServerConfig;
use bluelamp::store::{audit_files, Actor, AuditRecord, BreakKind, Store};
use common::{Backend, TestDb, TestServer};
use ed25519_dalek::SigningKey;
use sqlx::{AnyConnection, Connection, Row};

both_backends!(
    an_intact_chain_verifies_and_the_guards_refuse_changes,
    an_entry_edited_in_place_is_found,
    an_entry_edited_and_rehashed_breaks_the_next_link,
    deleted_entries_are_found,
    an_entry_written_around_the_store_is_found,
    reordered_entries_are_found,
    a_rebuilt_chain_no_longer_matches_its_checkpoint,
    a_truncated_log_is_found_against_its_checkpoint,
    deleted_and_forged_checkpoints_are_found,
    entries_written_before_the_chain_are_chained_in_order,
    a_server_signs_for_its_head_at_intervals,
    who_looked_at_a_person_is_one_query,
    a_search_s_list_of_people_shown_changed_is_found,
);

/// A store with 30 audited consultations, the head signed for at entry 20.
struct Audited {
    db: TestDb,
    store: Store,
    key: SigningKey,
    keys: tempfile::TempDir,
}

impl Audited {
    async fn new(backend: Backend) -> Option<Audited> {
        let db = TestDb::new(backend).await?;
        let store = Store::open(&db.url).await.expect("open");
        let keys = tempfile::tempdir().unwrap();
        let key_path = keys.path().join("audit.key");
        audit_files::generate_key(&key_path).unwrap();
        let key = audit_files::load_signing_key(&key_path).unwrap();
        let audited = Audited { db, store, key, keys };
        audited.consult(20).await;
        let cp = audited.store.checkpoint_head(&audited.key, &audited.log()).await.unwrap().expect("signed");
        assert_eq!(cp.seq, 20);
        audited.consult(10).await;
        Some(audited)
    }

    async fn consult(&self, n: usize) {
        for i in 0..n {
            let id = format!("person-{i}");
            let actor = Actor::new("pc.adams", format!("CAD {i} welfare check"));
            let record =
                AuditRecord { action: "consultation", record_kind: "person", record_id: &id, detail: "profile" };
            self.store.record_access(&actor, &[record]).await.unwrap();
        }
    }

    fn log(&self) -> PathBuf {
        audit_files::default_checkpoint_log(&self.keys.path().join("audit.key"))
    }

    fn public_key(&self) -> PathBuf {
        audit_files::public_key_path(&self.keys.path().join("audit.key"))
    }

    /// The verdict with the trusted key and the external checkpoint log.
    async fn verify(&self) -> bluelamp::store::AuditVerification {
        let external = audit_files::read_checkpoint_log(&self.log()).unwrap();
        self.store.verify_audit(&[self.key.verifying_key()], &external).await.unwrap()
    }

    /// A connection of someone with the database's password (the schema
    /// owner's), the guards dropped.
    async fn attacker(&self) -> Attacker {
        sqlx::any::install_default_drivers();
        let mut conn = AnyConnection::connect(self.db.url.as_driver_url()).await.expect("connect");
        let backend = self.store.backend;
        for sql in unguard(backend) {
            sqlx::query(sql).execute(&mut conn).await.unwrap();
        }
        Attacker { conn, backend }
    }
}

struct Attacker {
    conn: AnyConnection,
    backend: bluelamp::store::Backend,
}

fn unguard(backend: bluelamp::store::Backend) -> &'static [&'static str] {
    match backend {
        bluelamp::store::Backend::Sqlite => &[
            "DROP TRIGGER audit_no_update",
            "DROP TRIGGER audit_no_delete",
            "DROP TRIGGER audit_checkpoints_no_delete",
        ],
        bluelamp::store::Backend::Postgres => &[
            "DROP TRIGGER audit_no_change ON audit",
            "DROP TRIGGER audit_no_truncate ON audit",
            "DROP TRIGGER audit_checkpoints_no_change ON audit_checkpoints",
        ],
    }
}

impl Attacker {
    async fn run(&mut self, sql: &str) {
        sqlx::query(sql).execute(&mut self.conn).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// Recreates the dropped guards, so nothing shows at that level.
    async fn reguard(mut self) {
        let sql: &[&str] = match self.backend {
            bluelamp::store::Backend::Sqlite => &[
                "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'append-only'); END",
                "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'append-only'); END",
                "CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints \
                 BEGIN SELECT RAISE(ABORT, 'append-only'); END",
            ],
            bluelamp::store::Backend::Postgres => &[
                "CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit FOR EACH ROW \
                 EXECUTE FUNCTION audit_guard()",
                "CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit FOR EACH STATEMENT \
                 EXECUTE FUNCTION append_only()",
                "CREATE TRIGGER audit_checkpoints_no_change BEFORE UPDATE OR DELETE ON audit_checkpoints \
                 FOR EACH ROW EXECUTE FUNCTION append_only()",
            ],
        };
        for s in sql {
            self.run(s).await;
        }
    }

    /// Recomputes the hashes of entries `from` onwards, as anyone who knows
    /// the (public) algorithm can: every link then holds again.
    async fn rehash(&mut self, from: i64, to: Option<i64>) {
        let rows = sqlx::query(
            "SELECT seq, at, username, action, record_kind, record_id, reason, detail, reason_salt, detail_salt, \
             prev_hash FROM audit WHERE seq >= $1 ORDER BY seq",
        )
        .bind(from)
        .fetch_all(&mut self.conn)
        .await
        .unwrap();
        let mut prev = None;
        for row in rows {
            let seq: i64 = row.get("seq");
            if to.is_some_and(|t| seq > t) {
                break;
            }
            let text = |c: &str| row.get::<String, _>(c);
            let salt = |c: &str| hex::decode(row.get::<String, _>(c)).unwrap();
            let before = prev.unwrap_or_else(|| from_hex(&text("prev_hash")).unwrap_or(GENESIS));
            let hash = Linked {
                seq,
                at: &text("at"),
                username: &text("username"),
                action: &text("action"),
                record_kind: &text("record_kind"),
                record_id: &text("record_id"),
                reason: field_digest(&salt("reason_salt"), &text("reason")),
                detail: field_digest(&salt("detail_salt"), &text("detail")),
            }
            .hash(&before);
            sqlx::query("UPDATE audit SET prev_hash = $1, hash = $2 WHERE seq = $3")
                .bind(to_hex(&before))
                .bind(to_hex(&hash))
                .bind(seq)
                .execute(&mut self.conn)
                .await
                .unwrap();
            prev = Some(hash);
        }
    }
}

fn first_break(report: &bluelamp::store::AuditVerification) -> (i64, BreakKind) {
    let first = report.breaks.first().unwrap_or_else(|| panic!("no break found: {report:?}"));
    (first.seq, first.kind)
}

/// Runs `bluelamp admin audit verify` on the database.
fn verify_with_binary(a: &Audited) -> (i32, String) {
    let out = tokio::task::block_in_place(|| {
        Command::new(env!("CARGO_BIN_EXE_bluelamp"))
            .args(["admin", "audit", "verify", "--format", "table", "--database", a.db.url.as_driver_url(), "--key"])
            .arg(a.public_key())
            .arg("--checkpoints")
            .arg(a.log())
            .env("RUST_LOG", "error")
            .output()
            .expect("run bluelamp")
    });
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), text)
}

async fn an_intact_chain_verifies_and_the_guards_refuse_changes(b: Backend) {
    let Some(a) = Audited::new(b).await else { return };
    let report = a.verify().await;
    assert!(report.is_intact(), "{report:?}");
    assert_eq!((report.entries, report.head_seq, report.last_checkpoint), (30, Some(30), Some(20)));
    assert_eq!((report.checkpoints, report.unsigned_tail), (1, 10));
    let (code, text) = verify_with_binary(&a);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("intact"), "{text}");
    // With the guards in place, nobody edits or deletes, even with the password.
    sqlx::any::install_default_drivers();
    let mut conn = AnyConnection::connect(a.db.url.as_driver_url()).await.unwrap();
    for sql in [
        "UPDATE audit SET reason = 'routine' WHERE seq = 3",
        "UPDATE audit SET reason = '[erased]', reason_salt = NULL WHERE seq = 3",
        "DELETE FROM audit WHERE seq = 3",
        "DELETE FROM audit_checkpoints",
    ] {
        let err = sqlx::query(sql).execute(&mut conn).await.expect_err(sql).to_string();
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
    if b == Backend::Postgres {
        let err = sqlx::query("TRUNCATE audit").execute(&mut conn).await.expect_err("truncate").to_string();
        assert!(err.contains("append-only"), "{err}");
    }
    assert!(a.verify().await.is_intact());
}

async fn an_entry_edited_in_place_is_found(b: Backend) {
    let Some(a) = Audited::new(b).await else { return };
    let mut attacker = a.attacker().await;
    attacker.run("UPDATE audit SET reason = 'routine patrol' WHERE seq = 12").await;
    attacker.reguard().await;
    let report = a.verify().await;
    assert_eq!(first_break(&report), (12, BreakKind::Edited), "{report:?}");
    let (code, text) = verify_with_binary(&a);
    assert_ne!(code, 0, "{text}");
    assert!(text.contains("first at entry 12"), "{text}");
}

async fn an_entry_edited_and_rehashed_breaks_the_next_link(b: Backend) {
    let Some(a) = Audited::new(b).await else { return };
    let mut attacker = a.attacker().await;
    attacker.run("UPDATE audit SET username = 'someone.else' WHERE seq = 12").await;
    attacker.rehash(12, Some(12)).await;
    attacker.reguard().await;
    assert_eq!(first_break(&a.verify().await), (13, BreakKind::Unlinked));
}

async fn deleted_entries_are_found(b: Backend) {
    let Some(a) = Audited::new(b).await else { return };
    let mut attacker = a.attacker().await;
    attacker.run("DELETE FROM audit WHERE seq IN (15, 16)").await;
    attacker.run("DELETE FROM audit WHERE seq = 1").await;
    attacker.reguard().await;
    let report = a.verify().await;
    let found: Vec<(i64, BreakKind)> = report.breaks.iter().map(|b| (b.seq, b.kind)).collect();
    assert_eq!(found, [(2, BreakKind::Missing), (17, BreakKind::Missing)], "{report:?}");
}

async fn an_entry_written_around_the_store_is_found(b: Backend) {
    let Some(a) = Audited::new(b).await else { return };
    let mut attacker = a.attacker().await;
    if b == Backend::Postgres {
        attacker.run("ALTER TABLE audit ALTER COLUMN hash DROP NOT NULL, ALTER COLUMN prev_hash DROP NOT NULL").await;
    }
    attacker
        .run(
            "INSERT INTO audit (seq, at, username, action, record_kind, record_id, reason, detail) \
             VALUES (31, '2026-11-25T10:00:00.000000Z', 'someone', 'consultation', 'person', 'p9', 'x', 'y')",
        )
        .await;
    attacker.reguard().await;
    assert_eq!(first_break(&a.verify().await), (31, BreakKind::Unchained));
}

async fn reordered_entries_are_found(b: Backend) {
    let Some(a) = Audited::new(b).await else { return };
    let mut attacker = a.attacker().await;
    attacker.run("UPDATE audit SET seq = -17 WHERE seq = 17").await;
    attacker.run("UPDATE audit SET seq = 17 WHERE seq = 18").await;
    attacker.run("UPDATE audit SET seq = 18 WHERE seq = -17").await;
    attacker.reguard().await;
    assert_eq!(first_break(&a.verify().await), (17, BreakKind::Edited));
}

async fn a_rebuilt_chain_no_longer_matches_its_checkpoint(b: Backend) {
    let Some(a) = Audited::new(b).await else { return };
    let mut attacker = a.attacker().await;
    attacker.run("UPDATE audit SET record_id = 'person-other' WHERE seq = 12").await;
    attacker.rehash(12, None).await;
    attacker.reguard().await;
    // Every link holds; only the signed checkpoint shows the rewrite.
    let report = a.verify().await;
    assert_eq!(report.breaks.len(), 1, "{report:?}");
    assert_eq!(first_break(&report), (20, BreakKind::Rewritten));
    // Without the trusted key and the log, the database's own checkpoint
    // still catches it (its signature is checked against the key it names).
    let unsigned = a.store.verify_audit(&[], &[]).await.unwrap();
    assert_eq!(first_break(&unsigned), (20, BreakKind::Rewritten));
}

async fn a_truncated_log_is_found_against_its_checkpoint(b: Backend) {
    let Some(a) = Audited::new(b).await else { return };
    // The unsigned tail alone: not detectable, and the report says how much is unsigned.
    assert_eq!(a.verify().await.unsigned_tail, 10);
    let mut attacker = a.attacker().await;
    attacker.run("DELETE FROM audit WHERE seq > 18").await;
    attacker.reguard().await;
    let report = a.verify().await;
    assert_eq!(first_break(&report), (20, BreakKind::Truncated), "{report:?}");
    assert_eq!(report.head_seq, Some(18));
    // Emptied altogether (TRUNCATE on PostgreSQL).
    let mut attacker = a.attacker().await;
    let sql = if b == Backend::Postgres { "TRUNCATE audit" } else { "DELETE FROM audit" };
    attacker.run(sql).await;
    attacker.reguard().await;
    let report = a.verify().await;
    assert_eq!(report.entries, 0);
    assert_eq!(first_break(&report), (20, BreakKind::Truncated), "{report:?}");
}

async fn deleted_and_forged_checkpoints_are_found(b: Backend) {
    let Some(a) = Audited::new(b).await else { return };
    let mut attacker = a.attacker().await;
    attacker.run("UPDATE audit SET detail = 'nothing to see' WHERE seq = 5").await;
    attacker.rehash(5, None).await;
    attacker.run("DELETE FROM audit_checkpoints").await;
    // And a checkpoint of their own for the rebuilt head.
    let head: (i64, String) = sqlx::query_as("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
        .fetch_one(&mut attacker.conn)
        .await
        .unwrap();
    let forged = Checkpoint::sign(&SigningKey::from_bytes(&[7; 32]), head.0, &head.1, chrono::Utc::now());
    attacker.reguard().await;
    a.store.add_checkpoint(&forged).await.unwrap();
    let report = a.verify().await;
    let kinds: Vec<(i64, BreakKind)> = report.breaks.iter().map(|b| (b.seq, b.kind)).collect();
    // The log outside the database still has the real checkpoint: it is
    // missing from the database and no longer matches; the forged one is
    // not signed by the trusted key.
    assert!(kinds.contains(&(20, BreakKind::Checkpoint)), "{report:?}");
    assert!(kinds.contains(&(20, BreakKind::Rewritten)), "{report:?}");
    assert!(kinds.contains(&(30, BreakKind::Checkpoint)), "{report:?}");
    assert!(report.breaks.iter().any(|b| b.message.contains("not one of the trusted keys")), "{report:?}");
}

/// "Who looked at this person, when and why": the entries about the person
/// and about every record they are on, in one query (API and command line).
async fn who_looked_at_a_person_is_one_query(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let admin = s.login_as("admin.who", &[Role::Admin]).await;
    let dc = s.login_as("dc.who", &[Role::Investigator]).await;
    let p = s.person(&dc, "Ada", "Quist", "1979-02-03").await;
    let other = s.person(&dc, "Darren", "Cole", "1990-04-01").await;
    let crime = serde_json::json!({"occurred_at": "2026-01-01T00:00:00Z", "summary": "Theft from a shop",
        "people": [{"person_id": p, "role": "suspect"}], "details": {"kind": "crime", "offence": "Theft", "status": "open"}});
    let (status, body) = s.post(&dc, "/crimes", &crime).await;
    assert_eq!(status, 201, "{body}");
    let crime_id = body["id"].as_str().unwrap().to_string();
    assert_eq!(s.get(&dc, &format!("/persons/{p}?reason=CAD%2077%20welfare%20check")).await.0, 200);
    assert_eq!(s.get(&dc, &format!("/crimes/{crime_id}?reason=case%20review%2012")).await.0, 200);
    assert_eq!(s.get(&dc, &format!("/persons/{other}?reason=CAD%2078%20welfare%20check")).await.0, 200);
    // A search is one entry, found by each person it showed and no other
    // (once the subject index has both people).
    s.settle().await;
    let (status, found) = s.get(&dc, "/search/subjects?q=Ada%20Quist&reason=CAD%2079%20name%20check").await;
    assert_eq!(status, 200, "{found}");
    let shown: Vec<&str> = found["hits"].as_array().unwrap().iter().map(|h| h["person_id"].as_str().unwrap()).collect();
    assert!(shown.contains(&p.as_str()) && !shown.contains(&other.as_str()), "{found}");
    let searches_of = |page: &serde_json::Value| {
        page["items"].as_array().unwrap().iter().filter(|e| e["reason"] == "CAD 79 name check").count()
    };
    assert_eq!(searches_of(&s.get(&admin, &format!("/audit?person={other}")).await.1), 0);
    let (_, by_record) = s.get(&admin, &format!("/audit?record={p}")).await;
    assert_eq!(searches_of(&by_record), 1);
    // The entry names each person it showed.
    let search = by_record["items"].as_array().unwrap().iter().find(|e| e["reason"] == "CAD 79 name check").unwrap();
    let named: Vec<&str> = search["shown"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    let mut expected = shown.clone();
    expected.sort_unstable();
    assert_eq!(named, expected, "{search}");

    let (status, page) = s.get(&admin, &format!("/audit?person={p}")).await;
    assert_eq!(status, 200, "{page}");
    let seen: Vec<(String, String, String)> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let text = |k: &str| e[k].as_str().unwrap().to_string();
            (text("record_id"), text("action"), text("reason"))
        })
        .collect();
    assert!(seen.contains(&(p.clone(), "consultation".into(), "CAD 77 welfare check".into())), "{seen:?}");
    assert!(seen.contains(&(crime_id.clone(), "consultation".into(), "case review 12".into())), "{seen:?}");
    assert!(seen.iter().any(|(id, action, _)| *id == crime_id && action == "collection"), "{seen:?}");
    assert!(seen.contains(&("-".into(), "consultation".into(), "CAD 79 name check".into())), "{seen:?}");
    assert!(seen.iter().all(|(id, _, _)| *id == p || *id == crime_id || id == "-"), "{seen:?}");

    let out = tokio::task::block_in_place(|| {
        Command::new(env!("CARGO_BIN_EXE_bluelamp"))
            .args(["query", "audit", "--person", &p, "--format", "json"])
            .env("BLUELAMP_SERVER", s.root())
            .env("BLUELAMP_TOKEN", &admin)
            .env("BLUELAMP_CONFIG_DIR", tempfile::tempdir().unwrap().path())
            .output()
            .unwrap()
    });
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(rows.as_array().unwrap().iter().any(|e| e["reason"] == "CAD 77 welfare check"), "{rows}");
}

/// A server with an audit key signs for the head once enough entries were
/// added (here 5), in the database and in the log beside the key.
async fn a_server_signs_for_its_head_at_intervals(b: Backend) {
    let keys = tempfile::tempdir().unwrap();
    let key = keys.path().join("audit.key");
    audit_files::generate_key(&key).unwrap();
    let mut signing = bluelamp::server::checkpoints::AuditSigning::with_key(key.clone());
    signing.every_entries = 5;
    let config = ServerConfig { audit_signing: Some(signing), ..ServerConfig::default() };
    let Some(s) = TestServer::start_with(b, config).await else { return };
    let token = s.login_as("pc.sign", &[Role::ControlRoom]).await;
    for i in 0..6 {
        let (status, _) = s.get(&token, &format!("/search/subjects?q=smith{i}")).await;
        assert_eq!(status, 200);
    }
    let log = audit_files::default_checkpoint_log(&key);
    let mut logged = Vec::new();
    for _ in 0..100 {
        logged = audit_files::read_checkpoint_log(&log).unwrap();
        if !logged.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(!logged.is_empty(), "no checkpoint was signed");
    assert_eq!(s.state.store.audit_checkpoints().await.unwrap(), logged);
    let public = audit_files::load_public_key(&audit_files::public_key_path(&key)).unwrap();
    let report = s.state.store.verify_audit(&[public], &logged).await.unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert!(report.last_checkpoint.is_some_and(|c| c >= 5), "{report:?}");
}

/// A database an older Bluelamp wrote (seq gaps from rolled-back
/// transactions included) is chained on upgrade, in order from 64 zeros,
/// its entries unchanged, and new entries follow the last.
async fn entries_written_before_the_chain_are_chained_in_order(b: Backend) {
    let Some(db) = TestDb::new(b).await else { return };
    let old = Store::open_at_version(&db.url, 16).await.unwrap();
    let mut conn = AnyConnection::connect(db.url.as_driver_url()).await.unwrap();
    for (seq, reason) in [(1, "CAD 1 check"), (2, "CAD 2 check"), (3, "CAD 3 check"), (7, "after a gap")] {
        sqlx::query(
            "INSERT INTO audit (seq, at, username, action, record_kind, record_id, reason, detail) \
             VALUES ($1, '2025-01-01T10:00:00.000000Z', 'pc.old', 'consultation', 'person', 'p1', $2, 'profile')",
        )
        .bind(seq)
        .bind(reason)
        .execute(&mut conn)
        .await
        .unwrap();
    }
    old.close().await;
    let store = Store::open(&db.url).await.unwrap();
    let report = store.verify_audit(&[], &[]).await.unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!((report.entries, report.head_seq), (4, Some(7)));
    let first: String =
        sqlx::query_scalar("SELECT prev_hash FROM audit WHERE seq = 1").fetch_one(&mut conn).await.unwrap();
    assert_eq!(first, "0".repeat(64));
    let filter = bluelamp::store::AuditFilter { limit: 10, ..Default::default() };
    let reasons: Vec<String> = store.audit_entries(&filter).await.unwrap().into_iter().map(|e| e.reason).collect();
    assert_eq!(reasons, ["after a gap", "CAD 3 check", "CAD 2 check", "CAD 1 check"]);
    let actor = Actor::new("pc.new", "CAD 8 check");
    let record = AuditRecord { action: "consultation", record_kind: "person", record_id: "p1", detail: "profile" };
    store.record_access(&actor, &[record]).await.unwrap();
    let report = store.verify_audit(&[], &[]).await.unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.head_seq, Some(8));
}

/// The role a server connects as: `url` with its user and password.
fn as_role(url: &str, role: &str, password: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let host = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    format!("{scheme}://{role}:{password}@{host}")
}

/// On PostgreSQL the server runs as a role that may add to the audit and
/// read it, never change it; it still serves, redacts for an erasure
/// (through the owner's function) and its entries still chain.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_role_without_rights_on_the_audit_serves_but_cannot_change_it() {
    let Some(owner_db) = TestDb::new(Backend::Postgres).await else { return };
    let owner = Store::open(&owner_db.url).await.unwrap();
    let role = format!("bluelamp_srv_{}", uuid::Uuid::new_v4().simple());
    sqlx::any::install_default_drivers();
    let mut as_owner = AnyConnection::connect(owner_db.url.as_driver_url()).await.unwrap();
    sqlx::query(&format!("CREATE ROLE {role} LOGIN PASSWORD 'serverpass'")).execute(&mut as_owner).await.unwrap();
    let grants = owner.grant_server_role(&role).await.unwrap();
    for table in ["audit", "audit_subjects"] {
        let grant = format!("GRANT SELECT, INSERT ON TABLE \"{table}\"");
        assert!(grants.iter().any(|g| g.contains(&grant)), "{grants:?}");
    }
    let url: bluelamp::store::DatabaseUrl = as_role(owner_db.url.as_driver_url(), &role, "serverpass").parse().unwrap();
    let server_db = TestDb::at(url.clone());
    let s = TestServer::on_with(server_db, ServerConfig::default()).await;
    let admin = s.login_as("admin.role", &[Role::Admin]).await;
    let id = s.person(&admin, "Ada", "Quist", "1980-02-03").await;
    let (status, _) = s.get(&admin, &format!("/persons/{id}?reason=role%20check")).await;
    assert_eq!(status, 200);
    let (status, _) = s.get(&admin, "/search/subjects?q=quist").await;
    assert_eq!(status, 200);
    let res = s.http.delete(format!("{}/persons/{id}?reason=erasure%20request", s.base)).bearer_auth(&admin);
    assert_eq!(res.send().await.unwrap().status(), 204);

    let mut conn = AnyConnection::connect(url.as_driver_url()).await.unwrap();
    for sql in [
        "UPDATE audit SET reason = 'x' WHERE seq = 1",
        "DELETE FROM audit WHERE seq = 1",
        "TRUNCATE audit",
        "DELETE FROM audit_subjects",
    ] {
        let err = sqlx::query(sql).execute(&mut conn).await.expect_err(sql).to_string();
        assert!(err.contains("permission denied"), "{sql}: {err}");
    }
    for sql in ["ALTER TABLE audit DISABLE TRIGGER USER", "DROP TRIGGER audit_no_change ON audit"] {
        let err = sqlx::query(sql).execute(&mut conn).await.expect_err(sql).to_string();
        assert!(err.contains("must be owner"), "{sql}: {err}");
    }
    // The erasure redacted the search for her name, through the owner's function.
    let report = owner.verify_audit(&[], &[]).await.unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert!(report.entries >= 5 && report.redacted_fields >= 1, "{report:?}");
}

/// A search is one entry; the people it showed are rows beside the chain,
/// held to the digest the entry was chained with.
async fn a_search_s_list_of_people_shown_changed_is_found(b: Backend) {
    let Some(a) = Audited::new(b).await else { return };
    let actor = Actor::new("pc.adams", "CAD 31 name check");
    let record = AuditRecord { action: "consultation", record_kind: "search", record_id: "-", detail: "q=smith" };
    a.store.record_consultation(&actor, &record, &["person-1", "person-2", "person-3"]).await.unwrap();
    assert!(a.verify().await.is_intact());
    sqlx::any::install_default_drivers();
    let mut conn = AnyConnection::connect(a.db.url.as_driver_url()).await.unwrap();
    let err = sqlx::query("DELETE FROM audit_subjects").execute(&mut conn).await.expect_err("delete").to_string();
    assert!(err.contains("append-only"), "{err}");

    let mut attacker = a.attacker().await;
    let unguard = match b {
        Backend::Sqlite => "DROP TRIGGER audit_subjects_no_delete",
        Backend::Postgres => "DROP TRIGGER audit_subjects_no_change ON audit_subjects",
    };
    attacker.run(unguard).await;
    attacker.run("DELETE FROM audit_subjects WHERE record_id = 'person-2'").await;
    attacker.reguard().await;
    let report = a.verify().await;
    assert_eq!(first_break(&report), (31, BreakKind::Edited), "{report:?}");
    assert!(report.breaks[0].message.contains("2 record(s) kept as shown by entry 31"), "{report:?}");
}
