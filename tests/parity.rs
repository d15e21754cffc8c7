//! The same answers on SQLite and PostgreSQL where they used to differ:
//! text PostgreSQL cannot store (a NUL) is refused with the field named
//! wherever it enters, text that would display as other text and dates
//! outside any record's range are refused the same way.

mod common;

use std::path::Path;

use bluelamp::domain::role::Role;
use bluelamp::import::{import_file, linker_for, ImportOptions, LoadedMapping};
use bluelamp::linkage::LinkageConfig;
use common::{person_json, Backend, TestServer};
use serde_json::{json, Value};

both_backends!(
    text_no_database_can_store_is_refused_naming_the_field,
    text_that_displays_as_other_text_and_impossible_dates_are_refused,
    an_imported_cell_with_a_nul_is_a_reject_naming_its_column,
);

/// The reply to a request, as status and body.
async fn reply(res: reqwest::Response) -> (u16, Value) {
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn assert_refused(what: &str, (status, body): &(u16, Value), field: &str) {
    assert_eq!(*status, 422, "{what}: {body}");
    assert_eq!(body["error"]["code"], "invalid", "{what}: {body}");
    assert_eq!(body["error"]["field"], field, "{what}: {body}");
}

fn crime(summary: &str, occurred_at: &str) -> Value {
    json!({"occurred_at": occurred_at, "summary": summary, "people": [],
           "details": {"kind": "crime", "offence": "Theft", "status": "open"}})
}

async fn text_no_database_can_store_is_refused_naming_the_field(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let t = s.login_as("dc.grey", &[Role::Investigator]).await;
    let before = s.state.store.count_persons().await.unwrap();
    let changes_before = s.state.store.last_change().await.unwrap();

    // Unauthenticated: the login's user name.
    let login = s.http.post(format!("{}/auth/login", s.base)).json(&json!({"username": "ad\0min", "password": "x"}));
    assert_refused("login", &reply(login.send().await.unwrap()).await, "username");

    // Anywhere in a JSON body, however deep.
    let mut nested = person_json("Ann", "Lee", "1990-01-01");
    nested["addresses"][0]["address"]["lines"][0] = json!("12 Acre\0Lane");
    let bodies = [
        (json!({"names": [{"forenames": "Ann", "surname": "L\0ee"}]}), "names[0].surname"),
        (nested, "addresses[0].address.lines[0]"),
        (json!({"names": [{"forenames": "Ann", "surname": "Lee"}], "descr\0iption": "x"}), "descr\0iption"),
    ];
    for (body, field) in bodies {
        assert_refused("person", &s.post(&t, "/persons", &body).await, field);
    }
    assert_refused("crime", &s.post(&t, "/crimes", &crime("Bag \0 taken", "2026-01-01T10:00:00Z")).await, "summary");

    // Query strings, path parameters.
    assert_refused("search", &s.get(&t, "/search/subjects?q=smi%00th").await, "q");
    assert_refused("reason", &s.get(&t, "/persons/x?reason=che%00ck").await, "reason");
    assert_refused("path", &s.get(&t, "/persons/ab%00cd?reason=check").await, "id");
    assert_refused("collection", &s.get(&t, "/cri%00mes").await, "collection");

    // A header used as data.
    let key = reqwest::header::HeaderValue::from_bytes(b"key-\xff").unwrap();
    let res = s
        .http
        .post(format!("{}/persons", s.base))
        .bearer_auth(&t)
        .header("Idempotency-Key", key)
        .json(&person_json("Ann", "Lee", "1990-01-01"))
        .send()
        .await
        .unwrap();
    assert_refused("Idempotency-Key", &reply(res).await, "Idempotency-Key");

    assert_eq!(s.state.store.count_persons().await.unwrap(), before, "nothing written");
    assert_eq!(s.state.store.last_change().await.unwrap(), changes_before, "nothing in the change log");
    // And the server is well.
    let (status, _) = s.get(&t, "/search/subjects?q=smith").await;
    assert_eq!(status, 200);
}

async fn text_that_displays_as_other_text_and_impossible_dates_are_refused(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let t = s.login_as("dc.grey", &[Role::Investigator]).await;
    let before = s.state.store.count_persons().await.unwrap();
    for (surname, why) in [
        ("\u{202E}eeL", "bidirectional"),
        ("Le\u{200B}e", "invisible"),
        ("Lee\u{FEFF}", "invisible"),
        ("Lee\u{7}", "control"),
    ] {
        let body = json!({"names": [{"forenames": "Ann", "surname": surname}]});
        let refused = s.post(&t, "/persons", &body).await;
        assert_refused(surname, &refused, "names[0].surname");
        assert!(refused.1["error"]["message"].as_str().unwrap().contains(why), "{}", refused.1);
    }
    let old = json!({"names": [{"forenames": "Ann", "surname": "Lee"}], "date_of_birth": "1899-12-31"});
    assert_refused("born before 1900", &s.post(&t, "/persons", &old).await, "date_of_birth");
    assert_eq!(s.state.store.count_persons().await.unwrap(), before);

    // Free text keeps its line breaks, not an override.
    let (status, made) = s.post(&t, "/crimes", &crime("Bag taken.\nSuspect ran off.", "2026-01-01T10:00:00Z")).await;
    assert_eq!(status, 201, "{made}");
    let spoof = crime("Bag taken \u{202E}nur", "2026-01-01T10:00:00Z");
    assert_refused("summary", &s.post(&t, "/crimes", &spoof).await, "summary");
    for when in ["-262143-01-01T00:00:00Z", "1899-12-31T23:00:00Z", "+262142-12-31T23:59:59Z"] {
        assert_refused(when, &s.post(&t, "/crimes", &crime("Theft", when)).await, "occurred_at");
    }
    assert_refused("audit since", &s.get(&t, "/audit?since=-262143-01-01T00:00:00Z").await, "since");
}

async fn an_imported_cell_with_a_nul_is_a_reject_naming_its_column(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("custody.csv");
    std::fs::write(
        &file,
        "CUSTODY_NO,SURNAME,FORENAME_1,FORENAME_2,DATE_OF_BIRTH,SEX,ADDR_LINE_1,ADDR_LINE_2,ADDR_LINE_3,POSTCODE,\
         PNC_ID,CRO_NO,WARNING_MARKERS\nC1,Smith,John,,02/01/1980,M,1 High St,,,E1 6AN,,,\n\
         C2,Jo\0nes,Mary,,03/04/1975,F,2 Low St,,,E1 6AN,,,\n\
         C3,Brown,Ali\u{202E}ce,,05/06/1970,F,3 Mid St,,,E1 6AN,,,\n",
    )
    .unwrap();
    let mapping = LoadedMapping::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings/custody.toml")).unwrap();
    let rejects = dir.path().join("rejects.csv");
    let options = ImportOptions {
        source: "custody".into(),
        strict: false,
        rejects: Some(rejects.clone()),
        linkage: LinkageConfig::default(),
        username: "import".into(),
    };
    let store = &s.state.store;
    let mut linker = linker_for(store, options.linkage.clone()).await.unwrap();
    let report = import_file(store, &mut linker, &file, &mapping, &options, |_| {}).await.unwrap();
    assert_eq!((report.imported, report.rejected), (1, 2), "{report:?}");
    let rejects = std::fs::read_to_string(&rejects).unwrap();
    assert!(rejects.contains("3,\"column 'SURNAME': contains a NUL character"), "{rejects}");
    assert!(rejects.contains("4,\"names[0].forenames: contains a bidirectional control character"), "{rejects}");
}
