//! The justice chain from a missed hearing: a failure to appear recorded on
//! the case issues the bench warrant against the defendant in the same
//! write, the warrant enters the queue with its priority, and executing it
//! opens custody linked back to the warrant and the case.

use crate::common;

use bluelamp::domain::event::{EventDetails, EventInput, EventKind};
use bluelamp::domain::link::{EventPerson, EventRole};
use bluelamp::domain::role::Role;
use bluelamp::store::{Actor, StoreError};
use chrono::{Duration, Utc};
use common::{Backend, TestServer};
use serde_json::{json, Value};

const WHY: &str = "reason=case%20file%20check";

/// A case charged and heard yesterday, with `defendants`, built through
/// its actions as a case officer would.
async fn listed_case(s: &TestServer, token: &str, urn: &str, defendants: &[&str]) -> (String, i64) {
    let people: Vec<Value> = defendants.iter().map(|p| json!({"person_id": p, "role": "defendant"})).collect();
    let body = json!({"reference": urn, "occurred_at": (Utc::now() - Duration::days(20)).to_rfc3339(),
        "borough": "Lambeth", "summary": "Robbery, Electric Avenue", "people": people,
        "details": {"kind": "case", "status": "under_investigation", "stage": "pre_charge",
            "officer_in_case": "DC Shah", "charges": []}});
    let (status, case) = s.post(token, "/cases", &body).await;
    assert_eq!(status, 201, "{case}");
    let id = case["id"].as_str().unwrap().to_string();
    let charged = json!({"type": "charging_decision", "decision": "police_charge",
        "charges": [{"offence": "Robbery", "date": (Utc::now() - Duration::days(20)).date_naive()}]});
    let heard = json!({"type": "list_first_hearing", "court": "Camberwell Green Magistrates' Court",
        "date": Utc::now() - Duration::days(1)});
    let mut v = case["version"].as_i64().unwrap();
    for action in [charged, heard] {
        let (status, case) = act(s, token, "cases", &id, v, action).await;
        assert_eq!(status, 200, "{case}");
        v = case["version"].as_i64().unwrap();
    }
    (id, v)
}

async fn act(s: &TestServer, token: &str, collection: &str, id: &str, version: i64, action: Value) -> (u16, Value) {
    s.post(token, &format!("/{collection}/{id}/actions"), &json!({"version": version, "action": action})).await
}

async fn warrants(s: &TestServer, token: &str) -> Vec<Value> {
    let (status, page) = s.get(token, &format!("/warrants?{WHY}")).await;
    assert_eq!(status, 200, "{page}");
    page["items"].as_array().unwrap().clone()
}

async fn a_failure_to_appear_issues_the_bench_warrant_and_its_arrest_links_back(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    s.add_brixton_suite().await;
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    let sergeant = s.login_as("ps.patel", &[Role::CustodySergeant]).await;
    let person = s.person(&dc, "Dion", "Achterberg", "1994-06-17").await;
    let (bare, bare_v) = listed_case(&s, &dc, "01YE0012326", &[]).await;
    let (id, v) = listed_case(&s, &dc, "01YE0012426", &[&person]).await;
    let fta = |hearing: usize| json!({"type": "failed_to_appear", "hearing": hearing});

    // Refused, the rule or field named, and nothing written.
    let (status, body) = act(&s, &dc, "cases", &bare, bare_v, fta(0)).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("action.defendant")), "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("names none"), "{body}");
    let (status, body) = act(&s, &dc, "cases", &id, v, fta(1)).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("action.hearing")), "no such hearing: {body}");
    let (status, body) = act(&s, &dc, "cases", &id, v - 1, fta(0)).await;
    assert_eq!(status, 409, "{body}");
    let (status, body) = act(&s, &sergeant, "cases", &id, v, fta(0)).await;
    assert_eq!(status, 403, "{body}");
    assert!(warrants(&s, &dc).await.is_empty());
    let (_, case) = s.get(&dc, &format!("/cases/{id}?{WHY}")).await;
    assert_eq!(case["version"].as_i64(), Some(v), "{case}");

    // Recorded: the hearing's outcome, and the warrant, each naming the other.
    let (status, case) = act(&s, &dc, "cases", &id, v, fta(0)).await;
    assert_eq!(status, 200, "{case}");
    assert_eq!(case["details"]["hearings"][0]["outcome"], "failed to appear — warrant issued");
    let link = &case["details"]["warrants"][0];
    assert_eq!(link["kind"], "warrant", "{case}");
    let warrant_id = link["id"].as_str().unwrap().to_string();
    let (status, warrant) = s.get(&dc, &format!("/warrants/{warrant_id}?{WHY}")).await;
    assert_eq!(status, 200, "{warrant}");
    assert_eq!(warrant["reference"], link["reference"]);
    assert_eq!(warrant["status"], "received");
    assert_eq!(warrant["people"], json!([{"person_id": person, "role": "wanted_person"}]));
    let w = &warrant["details"];
    assert_eq!((w["warrant_kind"].as_str(), w["offence"].as_str()), (Some("bench"), Some("Robbery")));
    assert_eq!(w["issuing_court"], "Camberwell Green Magistrates' Court");
    assert_eq!(w["case"], json!({"kind": "case", "id": id, "reference": "01YE0012426"}));

    // It enters the warrant queue, scored as any other: a serious offence, a failure to appear.
    s.settle().await;
    let (status, queue) = s.get(&dc, &format!("/warrants/queue?{WHY}")).await;
    assert_eq!(status, 200, "{queue}");
    let row = queue["items"].as_array().unwrap().iter().find(|r| r["id"] == warrant_id.as_str()).expect("queued");
    assert_eq!(row["person_id"], person.as_str());
    assert!(row["score"].as_i64().unwrap() >= 40 + 10 + 15, "{row}");
    assert!(row["reasons"].to_string().contains("failed to appear for a serious offence"), "{row}");

    // Worked as any warrant; its arrest opens custody naming the warrant and the case.
    let mut v = warrant["version"].as_i64().unwrap();
    for action in [json!({"type": "validate"}), json!({"type": "circulate"})] {
        let (status, body) = act(&s, &dc, "warrants", &warrant_id, v, action).await;
        assert_eq!(status, 200, "{body}");
        v = body["version"].as_i64().unwrap();
    }
    let arrest = json!({"type": "execute", "at": Utc::now() - Duration::minutes(5), "place": "Coldharbour Lane",
        "officer": "PC 123 Okafor", "suite_id": "suite-brixton", "cell": "C2"});
    let (status, done) = act(&s, &dc, "warrants", &warrant_id, v, arrest).await;
    assert_eq!(status, 200, "{done}");
    let custody_id = done["details"]["execution"]["custody_record_id"].as_str().unwrap().to_string();
    let (_, record) = s.get(&sergeant, &format!("/custody/{custody_id}?{WHY}")).await;
    assert_eq!(record["details"]["warrant"]["id"], warrant_id.as_str(), "{record}");
    assert_eq!(record["details"]["case"]["id"], id.as_str(), "{record}");
    let (_, case) = s.get(&dc, &format!("/cases/{id}?{WHY}")).await;
    assert_eq!(case["details"]["custody_records"][0]["id"], custody_id.as_str(), "{case}");
}

/// The case and its bench warrant are one write: a case changed since it
/// was read, or a warrant against nobody on record, writes neither.
async fn a_refused_case_write_issues_no_warrant(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    let person = s.person(&dc, "Nia", "Brathwaite", "1997-01-09").await;
    let (id, v) = listed_case(&s, &dc, "01YE0012526", &[&person]).await;
    let store = &s.state.store;
    let case = store.event(EventKind::Case, &id).await.unwrap();
    let EventDetails::Case(details) = &case.details else { panic!("not a case") };
    let link = bluelamp::domain::link::LinkedRecord {
        kind: EventKind::Case,
        id: id.clone(),
        reference: case.reference.clone(),
    };
    let warrant =
        |who: &str| -> EventInput { bluelamp::domain::bench_warrant::issue(&link, details, None, 0, who).unwrap() };
    let actor = Actor::new("dc.shah", "case file: failed to appear, bench warrant issued");

    let err = store.fail_to_appear(&actor, &id, v + 1, case.as_input(), warrant(&person)).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err}");
    let err = store.fail_to_appear(&actor, &id, v, case.as_input(), warrant("nobody")).await.unwrap_err();
    assert!(err.to_string().contains("nobody"), "{err}");

    assert!(warrants(&s, &dc).await.is_empty());
    let after = store.event(EventKind::Case, &id).await.unwrap();
    assert_eq!(after.version, v);
    let EventDetails::Case(d) = &after.details else { panic!("not a case") };
    assert!(d.warrants.is_empty());

    // Written together, they name each other.
    let (case, warrant) = store.fail_to_appear(&actor, &id, v, case.as_input(), warrant(&person)).await.unwrap();
    let EventDetails::Case(d) = &case.details else { panic!("not a case") };
    assert_eq!(d.warrants[0].id, warrant.id);
    assert_eq!(warrant.people, vec![EventPerson { person_id: person, role: EventRole::WantedPerson }]);
}

both_backends!(
    a_failure_to_appear_issues_the_bench_warrant_and_its_arrest_links_back,
    a_refused_case_write_issues_no_warrant,
);
