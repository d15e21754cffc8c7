//! The same answers on SQLite and PostgreSQL where they used to differ:
//! text PostgreSQL cannot store (a NUL) is refused with the field named
//! wherever it enters, text that would display as other text and dates
//! outside any record's range are refused the same way, and fifty retries
//! of one write at once make one record.

use crate::common;

use std::path::Path;

use bluelamp::domain::role::Role;
use bluelamp::import::{import_file, linker_for, ImportOptions, LoadedMapping};
use bluelamp::linkage::LinkageConfig;
use chrono::{Duration, Utc};
use common::{person_json, Backend, TestServer};
use serde_json::{json, Value};

both_backends!(
    text_no_database_can_store_is_refused_naming_the_field,
    text_that_displays_as_other_text_and_impossible_dates_are_refused,
    fifty_retries_at_once_make_one_record,
    a_key_sent_again_with_another_body_is_refused,
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

/// Sends `body` to `path` `n` times at once under one key.
async fn at_once(s: &TestServer, token: &str, path: &str, key: &str, body: &Value, n: usize) -> Vec<(u16, Value)> {
    let sends = (0..n).map(|_| {
        let request =
            s.http.post(format!("{}{path}", s.base)).bearer_auth(token).header("Idempotency-Key", key).json(body);
        async move { reply(request.send().await.unwrap()).await }
    });
    futures::future::join_all(sends).await
}

fn assert_one_answer(what: &str, replies: &[(u16, Value)]) -> Value {
    let (status, first) = &replies[0];
    assert_eq!(*status, 201, "{what}: {first}");
    for (i, other) in replies.iter().enumerate() {
        assert_eq!(other, &replies[0], "{what}: reply {i} differs from the first");
    }
    first.clone()
}

async fn fifty_retries_at_once_make_one_record(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let t = s.login_as("dc.grey", &[Role::Investigator]).await;
    let persons = s.state.store.count_persons().await.unwrap();

    let replies = at_once(&s, &t, "/persons", "person-1", &person_json("Ann", "Lee", "1990-01-01"), 50).await;
    assert_one_answer("persons", &replies);
    assert_eq!(s.state.store.count_persons().await.unwrap(), persons + 1);

    let replies = at_once(&s, &t, "/crimes", "crime-1", &crime("Bag taken", "2026-01-01T10:00:00Z"), 50).await;
    let made = assert_one_answer("crimes", &replies);
    let (_, list) = s.get(&t, "/crimes?limit=100&reason=checking%20the%20retries").await;
    let crimes = list["items"].as_array().unwrap();
    assert_eq!(crimes.len(), 1, "{list}");
    assert_eq!(crimes[0]["id"], made["id"]);

    // A booking in of a new person: one person, one record, even though
    // the retries look for close matches while the first is written.
    s.add_brixton_suite().await;
    let sergeant = s.login_as("ps.patel", &[Role::CustodySergeant]).await;
    let at = |minutes: i64| (Utc::now() - Duration::minutes(minutes)).to_rfc3339();
    let booking = json!({
        "suite_id": "suite-brixton", "cell": "C1", "arrested_at": at(60), "relevant_time": at(40),
        "detention_authorised_at": at(30), "arrest_reason": "Seen taking a bag", "offences": ["Theft"],
        "arresting_officer": "PC 123 Okafor",
        "new_person": {"names": [{"forenames": "Darren", "surname": "Cole"}], "date_of_birth": "1990-04-01"}
    });
    let persons = s.state.store.count_persons().await.unwrap();
    let replies = at_once(&s, &sergeant, "/custody/book-in", "booking-1", &booking, 50).await;
    assert_one_answer("book-in", &replies);
    assert_eq!(s.state.store.count_persons().await.unwrap(), persons + 1);
}

async fn a_key_sent_again_with_another_body_is_refused(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let t = s.login_as("dc.grey", &[Role::Investigator]).await;
    let first = at_once(&s, &t, "/persons", "key-1", &person_json("Ann", "Lee", "1990-01-01"), 1).await;
    assert_eq!(first[0].0, 201, "{}", first[0].1);
    let persons = s.state.store.count_persons().await.unwrap();
    // The same body again is a retry; another body under the key is not.
    let again = at_once(&s, &t, "/persons", "key-1", &person_json("Ann", "Lee", "1990-01-01"), 1).await;
    assert_eq!(again, first);
    let other = at_once(&s, &t, "/persons", "key-1", &person_json("Ann", "Leigh", "1990-01-01"), 1).await;
    assert_refused("another person", &other[0], "Idempotency-Key");
    assert!(other[0].1["error"]["message"].as_str().unwrap().contains("another body"), "{}", other[0].1);
    assert_eq!(s.state.store.count_persons().await.unwrap(), persons);

    let made = at_once(&s, &t, "/crimes", "key-2", &crime("Bag taken", "2026-01-01T10:00:00Z"), 1).await;
    assert_eq!(made[0].0, 201);
    let other = at_once(&s, &t, "/crimes", "key-2", &crime("Phone taken", "2026-01-01T10:00:00Z"), 1).await;
    assert_refused("another crime", &other[0], "Idempotency-Key");
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
