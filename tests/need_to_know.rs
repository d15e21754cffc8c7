//! Need-to-know and the audit of access, as officers and auditors meet
//! them: what a profile says of records withheld, a withheld field that
//! survives an update by a role that never saw it, legacy rows that follow
//! their system's kind, and reads audited one record and one person at a
//! time, with a reason that says something. (`access_matrix.rs` walks
//! every route for every role.)

use crate::common;

use bluelamp::domain::role::Role;
use common::{intelligence_json, submitted_intelligence_json, Backend, TestServer};
use serde_json::{json, Value};

both_backends!(
    a_profile_counts_withheld_records_only_for_roles_that_may_ask,
    withheld_text_survives_an_update_by_a_role_that_cannot_read_it,
    reads_are_audited_one_record_and_one_person_at_a_time,
    legacy_rows_follow_the_kind_their_system_held,
);

fn safeguarding(person: &str) -> Value {
    json!({
        "occurred_at": "2026-10-03T12:00:00Z",
        "summary": "Child welfare concern",
        "people": [{"person_id": person, "role": "subject"}],
        "details": {"kind": "safeguarding", "category": "child_welfare", "risk": "low",
                    "officer_in_charge": "DS Khan", "status": "draft"}
    })
}

async fn a_profile_counts_withheld_records_only_for_roles_that_may_ask(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let analyst = s.login_as("ia.brown", &[Role::IntelligenceAnalyst]).await;
    let welfare = s.login_as("ds.khan", &[Role::Safeguarding]).await;
    let control = s.login_as("op.adams", &[Role::ControlRoom]).await;
    let person = s.person(&control, "Darren", "Cole", "1990-04-01").await;
    assert_eq!(s.post(&analyst, "/intelligence", &submitted_intelligence_json(&person)).await.0, 201);
    assert_eq!(s.post(&welfare, "/safeguarding", &safeguarding(&person)).await.0, 201);
    let profile = |token: String| {
        let s = &s;
        let path = format!("/persons/{person}?reason=welfare%20check");
        async move {
            let (status, body) = s.get(&token, &path).await;
            assert_eq!(status, 200, "{body}");
            let kinds: Vec<String> =
                body["timeline"].as_array().unwrap().iter().map(|t| t["kind"].as_str().unwrap().to_string()).collect();
            (kinds, body["restricted"].as_u64().unwrap())
        }
    };
    // The safeguarding officer reads safeguarding, and is told one record
    // more is withheld: no kind, no role, no date.
    assert_eq!(profile(welfare.clone()).await, (vec!["safeguarding".to_string()], 1));
    // The control room reads neither, and is told nothing.
    assert_eq!(profile(control.clone()).await, (vec![], 0));
    // The analyst reads both.
    let (kinds, restricted) = profile(analyst.clone()).await;
    assert_eq!((kinds.len(), restricted), (2, 0));
}

async fn withheld_text_survives_an_update_by_a_role_that_cannot_read_it(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let analyst = s.login_as("ia.brown", &[Role::IntelligenceAnalyst]).await;
    let investigator = s.login_as("dc.shah", &[Role::Investigator]).await;
    let person = s.person(&investigator, "Darren", "Cole", "1990-04-01").await;
    // Its author drafts it: a draft is theirs alone until submitted.
    let (status, created) = s.post(&investigator, "/intelligence", &intelligence_json(&person)).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap();
    let read = |token: &str| {
        let path = format!("/intelligence/{id}?reason=intelligence%20review");
        let token = token.to_string();
        let s = &s;
        async move { s.get(&token, &path).await.1 }
    };
    let revise = |version: i64, action: Value| {
        let s = &s;
        let token = investigator.clone();
        let path = format!("/intelligence/{id}/actions");
        async move { s.post(&token, &path, &json!({"version": version, "action": action})).await }
    };

    // The investigator reads the placeholder and revises the draft with it
    // sent back: the placeholder stands for the stored text.
    let seen = read(&investigator).await;
    assert_eq!(seen["details"]["unsanitised_text"], "[withheld: intelligence roles only]");
    let action = json!({"type": "revise", "sanitised_text": "Dealing from a blue Golf",
                        "unsanitised_text": seen["details"]["unsanitised_text"]});
    let (status, body) = revise(1, action).await;
    assert_eq!(status, 200, "{body}");
    // Left out altogether, it is kept too.
    let (status, body) = revise(2, json!({"type": "revise", "priority": "high"})).await;
    assert_eq!(status, 200, "{body}");
    // Another text would overwrite what the role never saw: refused, naming the field.
    let (status, body) = revise(3, json!({"type": "revise", "unsanitised_text": "my guess at the source"})).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "action.unsanitised_text");
    // And the whole record sent back through the generic update is refused.
    let event = json!({"reference": seen["reference"], "occurred_at": seen["occurred_at"], "summary": "x",
                       "people": seen["people"], "details": seen["details"]});
    let (status, body) =
        s.put(&investigator, &format!("/intelligence/{id}"), &json!({"version": 3, "event": event})).await;
    assert_eq!(status, 422, "{body}");

    let (status, body) = revise(3, json!({"type": "submit"})).await;
    assert_eq!(status, 200, "{body}");
    let stored = read(&analyst).await;
    assert_eq!(stored["details"]["sanitised_text"], "Dealing from a blue Golf");
    assert_eq!(stored["details"]["unsanitised_text"], "Source X saw it from flat 4");
    assert_eq!(stored["version"], 4);
}

async fn reads_are_audited_one_record_and_one_person_at_a_time(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    s.add_brixton_suite().await;
    let sergeant = s.login_as("ps.jones", &[Role::CustodySergeant]).await;
    let control = s.login_as("op.adams", &[Role::ControlRoom]).await;
    let admin = s.login_as("admin.lee", &[Role::Admin]).await;
    let person = s.person(&control, "Darren", "Cole", "1990-04-01").await;
    let booking = json!({
        "person_id": person, "suite_id": "suite-brixton", "cell": "C4",
        "arrested_at": "2026-10-02T09:00:00Z", "relevant_time": "2026-10-02T09:30:00Z",
        "detention_authorised_at": "2026-10-02T09:40:00Z", "arrest_reason": "Seen leaving the shop",
        "offences": ["Theft from a shop"], "arresting_officer": "PC 123 Okafor"
    });
    let (status, custody) = s.post(&sergeant, "/custody/book-in", &booking).await;
    assert_eq!(status, 201, "{custody}");
    let custody = custody["id"].as_str().unwrap().to_string();
    s.settle().await;

    // One person's records are a consultation of that person: a reason is
    // asked, and it must say something.
    let list = format!("/custody?person={person}");
    let (status, body) = s.get(&sergeant, &list).await;
    assert_eq!((status, body["error"]["code"].as_str()), (400, Some("reason_required")), "{body}");
    let (status, body) = s.get(&sergeant, &format!("{list}&reason=x")).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("reason")), "{body}");
    let (status, body) = s.get(&sergeant, &format!("{list}&reason=arrest%20enquiry")).await;
    assert_eq!(status, 200, "{body}");
    // A queue may give one reason for all of it, or none.
    assert_eq!(s.get(&sergeant, "/custody/board").await.0, 200);
    assert_eq!(s.get(&control, "/search/subjects?q=darren%20cole&reason=caller%20check").await.0, 200);
    assert_eq!(s.get(&control, "/warrants/resolution?reason=warrant%20desk").await.0, 200);
    assert_eq!(s.get(&control, "/imports?reason=reconciliation").await.0, 422);

    // Who looked at this person, when and why: one question.
    let (status, audit) = s.get(&admin, &format!("/audit?person={person}")).await;
    assert_eq!(status, 200, "{audit}");
    let seen: Vec<(String, String, String, String)> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "consultation")
        .map(|e| {
            let text = |k: &str| e[k].as_str().unwrap_or_default().to_string();
            (text("username"), text("record_kind"), text("reason"), text("detail"))
        })
        .collect();
    let has =
        |user: &str, kind: &str, reason: &str| seen.iter().any(|(u, k, r, _)| u == user && k == kind && r == reason);
    assert!(has("ps.jones", "person", "arrest enquiry"), "{seen:?}");
    assert!(has("ps.jones", "custody", "arrest enquiry"), "{seen:?}");
    assert!(has("ps.jones", "person", "custody board"), "{seen:?}");
    assert!(has("ps.jones", "custody", "custody board"), "{seen:?}");
    // A search is one entry, found by each person it showed.
    assert!(has("op.adams", "search", "caller check"), "{seen:?}");
    // And who looked at this record.
    let (_, audit) = s.get(&admin, &format!("/audit?record={custody}")).await;
    let reasons: Vec<&str> = audit["items"].as_array().unwrap().iter().filter_map(|e| e["reason"].as_str()).collect();
    assert!(reasons.contains(&"arrest enquiry") && reasons.contains(&"custody board"), "{reasons:?}");
}

const CUSTODY_HEADER: &str = "CUSTODY_NO,SURNAME,FORENAME_1,FORENAME_2,DATE_OF_BIRTH,SEX,ADDR_LINE_1,ADDR_LINE_2,\
                              ADDR_LINE_3,POSTCODE,PNC_ID,CRO_NO,WARNING_MARKERS";
const INTEL_HEADER: &str = "subject_id,forename,surname,date_of_birth,gender,address,post_code,cro_no,warnings,phone";

async fn legacy_rows_follow_the_kind_their_system_held(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let control = s.login_as("op.adams", &[Role::ControlRoom]).await;
    let investigator = s.login_as("dc.shah", &[Role::Investigator]).await;
    let admin = s.login_as("admin.lee", &[Role::Admin]).await;
    s.import_legacy(
        "custody",
        "custody.toml",
        &format!("{CUSTODY_HEADER}\nC1,Smith,John,,02/01/1980,M,1 High St,,,E1 6AN,,,\n"),
    )
    .await
    .unwrap();
    // The intelligence system knew the same man: merged into one person.
    s.import_legacy(
        "intelligence",
        "intelligence.toml",
        &format!("{INTEL_HEADER}\nI1,John,Smith,1980-01-02,Male,1 High St,E1 6AN,,,\n"),
    )
    .await
    .unwrap();
    let person = s.state.store.import_row("custody", "C1").await.unwrap().person_id;
    assert_eq!(s.state.store.import_row("intelligence", "I1").await.unwrap().person_id, person);

    // A source keeps the kind it was first imported as.
    let err = s
        .import_legacy(
            "intelligence",
            "custody.toml",
            &format!("{CUSTODY_HEADER}\nC9,Lee,Ann,,01/01/1990,F,,,,E1 6AN,,,\n"),
        )
        .await
        .unwrap_err();
    assert!(err.contains("intelligence records"), "{err}");

    let why = |token: String| {
        let s = &s;
        let path = format!("/persons/{person}/why?reason=linkage%20check");
        async move {
            let (status, body) = s.get(&token, &path).await;
            assert_eq!(status, 200, "{body}");
            body["records"].as_array().unwrap().iter().map(|r| r["source"].as_str().unwrap().to_string()).collect()
        }
    };
    let sources: Vec<String> = why(control.clone()).await;
    assert_eq!(sources, vec!["custody"]);
    let sources: Vec<String> = why(investigator.clone()).await;
    assert_eq!(sources, vec!["custody", "intelligence"]);

    let rows = |token: String, query: &'static str| {
        let s = &s;
        async move {
            let (status, body) = s.get(&token, &format!("/imports{query}")).await;
            assert_eq!(status, 200, "{body}");
            body["items"].as_array().unwrap().len()
        }
    };
    assert_eq!(rows(control.clone(), "?source=intelligence").await, 0);
    assert_eq!(rows(control.clone(), "").await, 1);
    assert_eq!(rows(investigator.clone(), "?source=intelligence").await, 1);
    // Reading the rows is a consultation of each person shown.
    let (_, audit) = s.get(&admin, &format!("/audit?person={person}")).await;
    assert!(audit["items"].as_array().unwrap().iter().any(|e| e["username"] == "op.adams"
        && e["detail"].as_str().is_some_and(|d| d.starts_with("imported row custody/C1"))));

    // A row the caller may not see is not there to split.
    let body = json!({"reason": "not the same man"});
    let (status, refused) = s.post(&control, "/imports/intelligence/I1/split", &body).await;
    assert_eq!(status, 404, "{refused}");
    assert!(!refused.to_string().contains("I1"), "{refused}");
    let (status, split) = s.post(&investigator, "/imports/intelligence/I1/split", &body).await;
    assert_eq!(status, 200, "{split}");
}
