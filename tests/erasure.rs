//! Erasure that erases: a person imported from two legacy rows (merged),
//! put on imported and entered records, named in other records' text,
//! searched for and looked at, is erased; then the database file, its
//! write-ahead log and a PostgreSQL dump hold neither their name, nor their
//! date of birth, nor their address. The audit keeps the erasure (by whom
//! and why) and still verifies, the searches naming them redacted.

use crate::common;

use std::path::Path;

use bluelamp::domain::event::{EventDetails, EventKind};
use bluelamp::domain::role::Role;
use bluelamp::import::{import_file, linker_for, ImportOptions, ImportReport, LoadedMapping};
use bluelamp::linkage::LinkageConfig;
use bluelamp::search::SubjectQuery;
use bluelamp::server::ServerConfig;
use bluelamp::store::{AuditFilter, Store};
use common::{Backend, TestServer};
use serde_json::{json, Value};

both_backends!(an_erased_person_leaves_nothing_behind, an_erased_caller_is_erased_from_the_incident_they_called_in);

/// What must not be found anywhere afterwards (lowercase).
const TRACES: [&str; 6] = ["thistlewood", "barnaby", "quillfeather", "1983-07-19", "19/07/1983", "n7 9qx"];

const NOMINALS: &str = "CUSTODY_NO,SURNAME,FORENAME_1,FORENAME_2,DATE_OF_BIRTH,SEX,ADDR_LINE_1,ADDR_LINE_2,\
                        ADDR_LINE_3,POSTCODE,PNC_ID,CRO_NO,WARNING_MARKERS\n\
                        C1,Thistlewood,Barnaby,,19/07/1983,M,47 Quillfeather Row,,,N7 9QX,,,\n\
                        C2,Thistlewood,Barnaby,Jude,19/07/1983,M,47 Quillfeather Row,,,N7 9QX,,,\n\
                        C3,Quist,Ada,,03/02/1979,F,1 High St,,,E1 6AN,,,\n";

const CRIME_MAPPING: &str = "reference = [\"CRIME_NO\", \"CUSTODY_NO\"]\n[event]\nkind = \"crime\"\n\
                             reference = \"CRIME_NO\"\noccurred_at = { column = \"AT\", format = \"%Y-%m-%d %H:%M\" }\n\
                             summary = \"NOTE\"\n[event.nominal]\ncolumn = \"CUSTODY_NO\"\nsource = \"custody\"\n\
                             role = { column = \"PART\", codes = { S = \"suspect\", V = \"victim\" } }\n\
                             [event.details]\noffence = \"OFFENCE\"\nstatus = { value = \"open\" }\n";

const CRIMES: &str = "CRIME_NO,CUSTODY_NO,PART,AT,OFFENCE,NOTE\n\
                      CR/9,C1,S,2025-06-01 22:15,Robbery,Thistlewood seen leaving 47 Quillfeather Row\n\
                      CR/9,C3,V,2025-06-01 22:15,Robbery,Victim Ada Quist\n";

async fn import(store: &Store, dir: &Path, name: &str, text: &str, mapping: &Path, source: &str) -> ImportReport {
    let file = dir.join(name);
    std::fs::write(&file, text).unwrap();
    let mapping = LoadedMapping::read(mapping).unwrap();
    let opts = ImportOptions {
        source: source.into(),
        strict: false,
        rejects: None,
        linkage: LinkageConfig::default(),
        username: "import".into(),
    };
    let mut linker = linker_for(store, opts.linkage.clone()).await.unwrap();
    import_file(store, &mut linker, &file, &mapping, &opts, |_| {}).await.unwrap()
}

/// Erases person `id` through the API, for the `reason` given (URL-encoded).
async fn erase(s: &TestServer, token: &str, id: &str, reason: &str) {
    let res =
        s.http.delete(format!("{}/persons/{id}?reason={reason}", s.base)).bearer_auth(token).send().await.unwrap();
    assert_eq!(res.status(), 204);
    s.settle().await;
}

fn intelligence(people: Value, text: &str) -> Value {
    json!({
        "occurred_at": "2026-10-01T12:00:00Z",
        "summary": "Supply in Holloway",
        "people": people,
        "details": {"kind": "intelligence",
                    "grading": {"scheme": "3x5x2", "source": 2, "intelligence": "B", "handling": "P"},
                    "priority": "medium", "sanitised_text": text, "unsanitised_text": format!("Source says: {text}")}
    })
}

/// Every trace of `TRACES` in `text`, case aside.
fn traces(text: &[u8]) -> Vec<&'static str> {
    let lower = text.to_ascii_lowercase();
    TRACES.iter().copied().filter(|t| lower.windows(t.len()).any(|w| w == t.as_bytes())).collect()
}

async fn an_erased_person_leaves_nothing_behind(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let store = &s.state.store;
    let dir = tempfile::tempdir().unwrap();
    let custody = Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings/custody.toml");
    let report = import(store, dir.path(), "nominals.csv", NOMINALS, &custody, "custody").await;
    assert_eq!((report.created, report.merged), (2, 1), "{report:?}");
    let id = store.import_row("custody", "C1").await.unwrap().person_id;
    let ada = store.import_row("custody", "C3").await.unwrap().person_id;
    let crime_mapping = dir.path().join("crimes.toml");
    std::fs::write(&crime_mapping, CRIME_MAPPING).unwrap();
    let report = import(store, dir.path(), "crimes.csv", CRIMES, &crime_mapping, "crimes").await;
    assert_eq!(report.events, 1, "{report:?}");

    let admin = s.login_as("admin.erase", &Role::ALL).await;
    // Records entered about him and about others that name him.
    let (status, body) = s
        .post(
            &admin,
            "/intelligence",
            &intelligence(
                json!([{"person_id": id, "role": "subject"}, {"person_id": ada, "role": "subject"}]),
                "Barnaby Thistlewood (19/07/1983) deals from 47 Quillfeather Row, N7 9QX with Ada Quist; \
                 Thistlewood drives",
            ),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let theirs = body["id"].as_str().unwrap().to_string();
    let (status, body) = s
        .post(
            &admin,
            "/intelligence",
            &intelligence(json!([{"person_id": ada, "role": "subject"}]), "Ada Quist seen with B. Thistlewood"),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let others = body["id"].as_str().unwrap().to_string();
    let (_, profile) = s.get(&admin, &format!("/persons/{ada}?reason=adding%20a%20description")).await;
    let mut details = profile["person"].clone();
    for key in ["id", "version", "created_at", "updated_at", "provenance"] {
        details.as_object_mut().unwrap().remove(key);
    }
    details["description"] = json!("Cousin of Barnaby Thistlewood");
    let (status, body) = s
        .put(&admin, &format!("/persons/{ada}"), &json!({"version": profile["person"]["version"], "person": details}))
        .await;
    assert_eq!(status, 200, "{body}");
    s.settle().await;
    // He is searched for and looked at, the reasons naming him.
    for q in ["q=barnaby%20thistlewood&dob=1983-07-19", "q=Thistlewood%20N7%209QX", "q=19/07/1983"] {
        let (status, body) =
            s.get(&admin, &format!("/search/subjects?{q}&reason=welfare%20check%20on%20Barnaby%20Thistlewood")).await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, _) = s.get(&admin, &format!("/persons/{id}?reason=calls%20about%20Thistlewood")).await;
    assert_eq!(status, 200);
    let (status, _) = s.get(&admin, &format!("/persons/{id}/why?reason=checking%20the%20merge")).await;
    assert_eq!(status, 200);
    // His records listed, and everything held on him disclosed to him.
    let (status, _) = s.get(&admin, &format!("/intelligence?person={id}&reason=reports%20on%20Thistlewood")).await;
    assert_eq!(status, 200);
    let (status, _) = s.get(&admin, &format!("/persons/{id}/export?reason=SAR%20from%20Barnaby%20Thistlewood")).await;
    assert_eq!(status, 200);

    // Before: all of it can be read there.
    let before: Vec<&str> = on_disk(&s, b).iter().flat_map(|(_, bytes)| traces(bytes)).collect();
    assert!(TRACES.iter().all(|t| before.contains(t)), "{before:?}");

    erase(&s, &admin, &id, "erasure%20request%20from%20Barnaby%20Thistlewood").await;

    // Through the API: gone from every view.
    assert_eq!(s.get(&admin, &format!("/persons/{id}?reason=after%20erasure")).await.0, 404);
    // (Asked of the index itself: a search through the API would put the
    // name in the audit afresh, as a new search for it rightly does.)
    let query = SubjectQuery { text: "barnaby thistlewood".into(), dob: None, limit: 10 };
    assert!(s.state.index.read().await.search(&query, chrono::Utc::now().date_naive()).is_empty());
    let (_, sources) = s.get(&admin, "/imports").await;
    assert!(!sources.to_string().contains(&id), "{sources}");
    assert_eq!(store.import_rows(None).await.unwrap().len(), 1);
    assert!(store.import_events(None).await.unwrap().iter().all(|r| r.person_id == ada));
    // Records stay, without him, his name replaced where it was written.
    let crime = &store.events_for_person(&ada).await.unwrap();
    let crime = &crime.iter().find(|(e, _)| e.kind == EventKind::Crime).unwrap().0;
    assert_eq!((crime.people.len(), crime.summary.as_str()), (1, "[erased] seen leaving [erased]"));
    let intel = store.event(EventKind::Intelligence, &theirs).await.unwrap();
    let EventDetails::Intelligence(d) = &intel.details else { panic!() };
    assert_eq!(d.sanitised_text, "[erased] ([erased]) deals from [erased], [erased] with Ada Quist; [erased] drives");
    let intel = store.event(EventKind::Intelligence, &others).await.unwrap();
    let EventDetails::Intelligence(d) = &intel.details else { panic!() };
    assert_eq!(d.sanitised_text, "Ada Quist seen with [erased]");
    assert_eq!(store.person(&ada).await.unwrap().details.description.as_deref(), Some("Cousin of [erased]"));
    // The audit: the erasure with who and why, searches redacted, the chain whole.
    let erasure = store
        .audit_entries(&AuditFilter { record_id: Some(id.clone()), limit: 100, ..Default::default() })
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.action == "erasure")
        .expect("the erasure is on record");
    assert_eq!((erasure.username.as_str(), erasure.reason.as_str()), ("admin.erase", "erasure request from [erased]"));
    let report = store.verify_audit(&[], &[]).await.unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert!(report.redacted_fields >= 6, "{report:?}");

    // And on disk: nothing.
    for (file, bytes) in on_disk(&s, b) {
        assert_eq!(traces(&bytes), Vec::<&str>::new(), "{file} ({} bytes)", bytes.len());
    }
}

/// The bytes an attacker with the disk or a dump would read: the SQLite
/// file, its write-ahead log and the erasure log beside it; or a
/// PostgreSQL dump of the whole database.
fn on_disk(s: &TestServer, b: Backend) -> Vec<(String, Vec<u8>)> {
    match b {
        Backend::Sqlite => {
            let path = s.db.url.sqlite_path().unwrap().to_string();
            [path.clone(), format!("{path}-wal"), format!("{path}-erasures.jsonl")]
                .into_iter()
                .map(|file| {
                    let bytes = std::fs::read(&file).unwrap_or_default();
                    (file, bytes)
                })
                .collect()
        }
        Backend::Postgres => {
            let dump = tokio::task::block_in_place(|| {
                std::process::Command::new("pg_dump")
                    .arg(format!("--dbname={}", s.db.url.as_driver_url()))
                    .output()
                    .expect("pg_dump")
            });
            assert!(dump.status.success(), "{}", String::from_utf8_lossy(&dump.stderr));
            assert!(dump.stdout.len() > 10_000, "a dump of the whole database");
            vec![("pg_dump".into(), dump.stdout)]
        }
    }
}

/// Runs the real binary; (exit code, stderr).
fn bluelamp(args: &[&str]) -> (i32, String) {
    let out = tokio::task::block_in_place(|| {
        std::process::Command::new(env!("CARGO_BIN_EXE_bluelamp"))
            .args(args)
            .env("RUST_LOG", "error")
            .env_remove("BLUELAMP_ERASURE_LOG")
            .output()
            .expect("run bluelamp")
    });
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Back up, erase, restore: the person is gone again, whether the erasure
/// is found in the database being replaced or only in the erasure log kept
/// apart from it (the database lost).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restore_erases_again_what_was_erased_since_the_backup() {
    let s = TestServer::start(Backend::Sqlite).await.unwrap();
    let admin = s.login_as("admin.restore", &Role::ALL).await;
    let ada = s.person(&admin, "Ada", "Quistgaard", "1979-02-03").await;
    let darren = s.person(&admin, "Darren", "Cole", "1990-04-01").await;
    let (status, _) = s.get(&admin, "/search/subjects?q=ada%20quistgaard&reason=checking%20Quistgaard").await;
    assert_eq!(status, 200);
    let db_path = s.db.url.sqlite_path().unwrap().to_string();
    let db = format!("sqlite://{db_path}");
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("before.db");
    let (code, err) = bluelamp(&["admin", "backup", backup.to_str().unwrap(), "--database", &db]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("erasures made after it are logged"), "{err}");

    let res = s.http.delete(format!("{}/persons/{ada}?reason=erasure%20request", s.base)).bearer_auth(&admin);
    assert_eq!(res.send().await.unwrap().status(), 204);
    let log = format!("{db_path}-erasures.jsonl");
    let logged = bluelamp::store::read_erasure_log(Path::new(&log)).unwrap();
    assert_eq!(logged.iter().map(|r| r.person_id.as_str()).collect::<Vec<_>>(), [ada.as_str()]);
    // The database as it is now (the erasure in it), for the second case.
    let current = dir.path().join("current.db");
    assert_eq!(bluelamp(&["admin", "backup", current.to_str().unwrap(), "--database", &db]).0, 0);

    let check = |path: std::path::PathBuf| {
        let (ada, darren) = (ada.clone(), darren.clone());
        async move {
            let store = Store::open(&bluelamp::store::DatabaseUrl::sqlite(&path)).await.unwrap();
            assert!(store.person(&ada).await.is_err(), "{} still holds the erased person", path.display());
            assert!(store.person(&darren).await.is_ok());
            assert_eq!(store.erasures().await.unwrap().len(), 1);
            let report = store.verify_audit(&[], &[]).await.unwrap();
            assert!(report.is_intact(), "{report:?}");
            store.close().await;
            let bytes = std::fs::read(&path).unwrap();
            assert!(!bytes.to_ascii_lowercase().windows(10).any(|w| w == b"quistgaard"), "{}", path.display());
        }
    };
    // The database was lost: a new file, the erasure log kept apart.
    let lost = dir.path().join("lost.db");
    let lost_url = format!("sqlite://{}", lost.display());
    let (code, err) =
        bluelamp(&["admin", "restore", backup.to_str().unwrap(), "--database", &lost_url, "--erasure-log", &log]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 erasures made since the backup were made again"), "{err}");
    check(lost.clone()).await;
    // The database is still there (no log given, none beside it): its own
    // record of the erasure is replayed.
    let current_url = format!("sqlite://{}", current.display());
    let (code, err) = bluelamp(&["admin", "restore", backup.to_str().unwrap(), "--database", &current_url]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 erasures made since the backup were made again"), "{err}");
    check(current).await;
    // Replaying the log on a database that has made its erasures changes nothing.
    let (code, err) = bluelamp(&["admin", "erasures", "replay", "--log", &log, "--database", &lost_url]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 of the"), "{err}");
}

/// PostgreSQL is backed up with pg_dump and restored with pg_restore; the
/// erasure log the servers keep is then replayed into the restored database.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_pg_restore_the_erasure_log_is_replayed() {
    let logs = tempfile::tempdir().unwrap();
    let log = logs.path().join("erasures.jsonl");
    let config = ServerConfig { erasure_log: Some(log.clone()), ..ServerConfig::default() };
    let Some(s) = TestServer::start_with(Backend::Postgres, config).await else { return };
    let admin = s.login_as("admin.pg", &Role::ALL).await;
    let ada = s.person(&admin, "Ada", "Quistgaard", "1979-02-03").await;
    let darren = s.person(&admin, "Darren", "Cole", "1990-04-01").await;
    let dump = logs.path().join("before.dump");
    let pg = |program: &str, args: Vec<String>| {
        let out = tokio::task::block_in_place(|| std::process::Command::new(program).args(&args).output().unwrap());
        assert!(out.status.success(), "{program}: {}", String::from_utf8_lossy(&out.stderr));
    };
    let url = s.db.url.as_driver_url().to_string();
    pg("pg_dump", vec!["--format=custom".into(), format!("--file={}", dump.display()), format!("--dbname={url}")]);
    let res = s.http.delete(format!("{}/persons/{ada}?reason=erasure%20request", s.base)).bearer_auth(&admin);
    assert_eq!(res.send().await.unwrap().status(), 204);

    let restored = common::TestDb::new(Backend::Postgres).await.unwrap();
    let restored_url = restored.url.as_driver_url().to_string();
    pg("pg_restore", vec!["--no-owner".into(), format!("--dbname={restored_url}"), dump.display().to_string()]);
    let store = Store::open(&restored.url).await.unwrap();
    assert!(store.person(&ada).await.is_ok(), "the backup holds her");
    let (code, err) =
        bluelamp(&["admin", "erasures", "replay", "--log", log.to_str().unwrap(), "--database", &restored_url]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 of the 1 erasures"), "{err}");
    assert!(store.person(&ada).await.is_err());
    assert!(store.person(&darren).await.is_ok());
    assert!(store.verify_audit(&[], &[]).await.unwrap().is_intact());
}

/// A caller on the one record, erased, is `[erased]` on the incident they
/// called in — not the name they gave at the call, which text matching
/// against their record would not find ("Tommo" for Thomas).
async fn an_erased_caller_is_erased_from_the_incident_they_called_in(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let admin = s.login_as("admin.erase", &Role::ALL).await;
    let caller = s.person(&admin, "Thomas", "Featherstonehaugh", "1979-04-02").await;
    let suspect = s.person(&admin, "Ada", "Quist", "1979-02-03").await;
    let call = json!({
        "caller": {"name": "Tommo", "phone": "07700 900777", "callback": true},
        "caller_person_id": caller,
        "people": [{"person_id": suspect, "role": "suspect"}],
        "location": {"description": "Outside 14 Acre Lane", "borough": "lambeth"},
        "category": "crime", "subtype": "burglary", "grade": "S",
        "summary": "Two men forcing a door"
    });
    let (status, incident) = s.post(&admin, "/incidents/open", &call).await;
    assert_eq!(status, 201, "{incident}");
    let id = incident["id"].as_str().unwrap();
    erase(&s, &admin, &caller, "erasure%20request").await;
    let (status, after) = s.get(&admin, &format!("/incidents/{id}?reason=erasure%20check")).await;
    assert_eq!(status, 200, "{after}");
    assert_eq!(after["details"]["caller"], json!({"name": "[erased]", "callback": false}), "{after}");
    assert_eq!(after["people"], json!([{"person_id": suspect, "role": "suspect"}]));
    let body = after.to_string();
    assert!(!body.contains("Tommo") && !body.contains("900777"), "{body}");
}
