//! A detainee's whole time in custody through the API, with the PACE clock
//! enforced: booking in, the board's alerts, every kind of refusal, the
//! audit trail and concurrent updates.

use crate::common;

use bluelamp::domain::location::{Address, Location, LocationKind, SuiteSetup};
use bluelamp::domain::role::Role;
use chrono::{Duration, Utc};
use common::{Backend, TestServer};
use serde_json::{json, Value};

/// Starts a server with two custody suites on record.
async fn start(b: Backend) -> Option<TestServer> {
    let s = TestServer::start(b).await?;
    let suite = |id: &str, name: &str, borough: &str| Location {
        id: id.into(),
        kind: LocationKind::CustodySuite,
        name: name.into(),
        address: Address {
            lines: vec![name.into()],
            postcode: "SW9 7DD".into(),
            borough: Some(borough.into()),
            lat: None,
            lon: None,
        },
        suite: None,
    };
    s.state
        .store
        .upsert_locations(&[
            suite("suite-brixton", "Brixton Custody Suite", "Lambeth"),
            suite("suite-lewisham", "Lewisham Custody Suite", "Lewisham"),
        ])
        .await
        .expect("suites");
    Some(s)
}

fn ago(hours: i64, minutes: i64) -> String {
    (Utc::now() - Duration::hours(hours) - Duration::minutes(minutes)).to_rfc3339()
}

fn juvenile_json(forenames: &str, surname: &str) -> Value {
    let dob = (Utc::now() - Duration::days(15 * 365 + 100)).date_naive().to_string();
    json!({
        "names": [{"forenames": forenames, "surname": surname}],
        "date_of_birth": dob,
        "sex": "female",
        "markers": [{"category": "self_harm", "recorded_on": "2025-06-01", "source": "PNC"}]
    })
}

fn booking(suite: &str, cell: &str, hours_ago: i64) -> Value {
    json!({
        "suite_id": suite, "cell": cell,
        "arrested_at": ago(hours_ago, 20), "relevant_time": ago(hours_ago, 0),
        "detention_authorised_at": ago(hours_ago - 1, 45),
        "arrest_reason": "Caught leaving a shop with goods not paid for",
        "offences": ["Theft from a shop"], "indictable": true,
        "arresting_officer": "PC 123 Okafor"
    })
}

fn with(mut v: Value, extra: Value) -> Value {
    if let (Some(o), Some(e)) = (v.as_object_mut(), extra.as_object()) {
        for (k, x) in e {
            o.insert(k.clone(), x.clone());
        }
    }
    v
}

/// Books `person_id` in and returns (id, version).
async fn book(s: &TestServer, token: &str, person_id: &str, hours_ago: i64) -> (String, i64) {
    let body = with(booking("suite-brixton", "C4", hours_ago), json!({"person_id": person_id}));
    let (status, event) = s.post(token, "/custody/book-in", &body).await;
    assert_eq!(status, 201, "{event}");
    (event["id"].as_str().unwrap().to_string(), event["version"].as_i64().unwrap())
}

async fn act(s: &TestServer, token: &str, id: &str, version: i64, action: Value) -> (u16, Value) {
    s.post(token, &format!("/custody/{id}/actions"), &json!({"version": version, "action": action})).await
}

fn alerts(row: &Value) -> Vec<String> {
    row["alerts"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_string()).collect()
}

async fn a_juvenile_is_booked_in_looked_after_and_released(b: Backend) {
    let Some(s) = start(b).await else {
        return;
    };
    let sergeant = s.login_as("ps.patel", &[Role::CustodySergeant]).await;
    let inspector = s.login_as("insp.hughes", &[Role::Inspector]).await;
    let admin = s.login_as("admin.root", &[Role::Admin]).await;

    let body = with(booking("suite-brixton", "C1", 1), json!({"new_person": juvenile_json("Keira", "Lomax")}));
    let (status, event) = s.post(&sergeant, "/custody/book-in", &body).await;
    assert_eq!(status, 201, "{event}");
    let id = event["id"].as_str().unwrap().to_string();
    let kinds: Vec<&str> =
        event["details"]["entries"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["booked_in", "authorisation", "appropriate_adult_required"]);
    // A self-harm marker sets level 2 from the start.
    assert_eq!(event["details"]["observation_level"], 2);
    assert_eq!(event["people"][0]["role"], "detainee");
    assert_eq!(event["borough"], "Lambeth", "the record takes the suite's borough");

    // The board shows the alert, with the name and markers.
    let (status, board) = s.get(&sergeant, "/custody/board?suite=suite-brixton").await;
    assert_eq!(status, 200, "{board}");
    let rows = board["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["name"], "Keira Lomax");
    assert_eq!(rows[0]["markers"], json!(["SH"]));
    assert!(alerts(&rows[0]).contains(&"APPROPRIATE ADULT NEEDED".to_string()), "{board}");
    let (status, st) = s.get(&sergeant, &format!("/custody/{id}/status")).await;
    assert_eq!(status, 200);
    assert!(st["alerts"].as_array().unwrap().iter().any(|a| a["kind"] == "appropriate_adult_missing"), "{st}");
    assert_eq!(st["observation"], "intermittent");

    let (status, event) = act(
        &s,
        &sergeant,
        &id,
        1,
        json!({"action": "appropriate_adult", "name": "Dawn Lomax", "relationship": "mother"}),
    )
    .await;
    assert_eq!(status, 200, "{event}");
    let (_, board) = s.get(&sergeant, "/custody/board?suite=suite-brixton").await;
    assert!(!alerts(&board["rows"][0]).iter().any(|a| a.contains("APPROPRIATE")), "{board}");

    let (status, event) =
        act(&s, &sergeant, &id, 2, json!({"action": "visit", "roused": true, "notes": "awake, talking"})).await;
    assert_eq!(status, 200, "{event}");
    assert!(event["details"]["last_visit_at"].is_string());
    let (status, event) =
        act(&s, &inspector, &id, 3, json!({"action": "review", "outcome": "Detention continues: interview pending"}))
            .await;
    assert_eq!(status, 200, "{event}");
    assert!(event["details"]["last_review_at"].is_string());
    let (status, event) = act(
        &s,
        &sergeant,
        &id,
        4,
        json!({"action": "release", "outcome": "no_further_action", "reason": "Shop declined to support"}),
    )
    .await;
    assert_eq!(status, 200, "{event}");
    assert_eq!(event["status"], "closed");
    assert_eq!(event["details"]["outcome"], "no_further_action");
    let (_, board) = s.get(&sergeant, "/custody/board?suite=suite-brixton").await;
    assert_eq!(board["rows"].as_array().unwrap().len(), 0, "released detainees leave the board");

    // The audit log shows every step with its user.
    let steps = s.audit_steps(&admin, &id).await;
    let mut want = vec![
        ("ps.patel".to_string(), "custody: booked in".to_string()),
        ("ps.patel".to_string(), "custody: appropriate_adult".to_string()),
        ("ps.patel".to_string(), "custody: visit".to_string()),
        ("insp.hughes".to_string(), "custody: review".to_string()),
        ("ps.patel".to_string(), "custody: release".to_string()),
    ];
    want.sort();
    assert_eq!(steps, want);
}

async fn bad_input_is_refused_and_nothing_is_written(b: Backend) {
    let Some(s) = start(b).await else {
        return;
    };
    let sergeant = s.login_as("ps.patel", &[Role::CustodySergeant]).await;
    let inspector = s.login_as("insp.hughes", &[Role::Inspector]).await;
    let superintendent = s.login_as("supt.ward", &[Role::Superintendent]).await;
    let person = s.person(&sergeant, "Darren", "Cole", "1990-04-01").await;
    let (id, v) = book(&s, &sergeant, &person, 25).await;
    let unchanged = |event: &Value| event["version"].as_i64() == Some(v);
    let reload = || async { s.get(&sergeant, &format!("/custody/{id}?reason=record%20check")).await.1 };

    // A review recorded by someone who is not an inspector.
    let (status, body) = act(&s, &sergeant, &id, v, json!({"action": "review", "outcome": "continue"})).await;
    assert_eq!(status, 403, "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("only an inspector"), "{body}");
    assert!(unchanged(&reload().await));

    // An extension beyond the law: two reviews done, but 25 h after the relevant time.
    let (status, r1) =
        act(&s, &inspector, &id, v, json!({"action": "review", "at": ago(20, 0), "outcome": "continue"})).await;
    assert_eq!(status, 200, "{r1}");
    let (status, r2) =
        act(&s, &inspector, &id, v + 1, json!({"action": "review", "at": ago(12, 0), "outcome": "continue"})).await;
    assert_eq!(status, 200, "{r2}");
    let v = v + 2;
    let extension =
        json!({"action": "extension", "grounds": "Evidence outstanding", "representations": "Solicitor objected"});
    let (status, body) = act(&s, &superintendent, &id, v, extension.clone()).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "action.at");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("more than 24 hours after the relevant time"),
        "{body}"
    );
    // And only a superintendent may extend at all.
    let (status, body) = act(&s, &sergeant, &id, v, extension).await;
    assert_eq!(status, 403, "{body}");

    // A visit timed in the future.
    let future = (Utc::now() + Duration::minutes(30)).to_rfc3339();
    let (status, body) = act(&s, &sergeant, &id, v, json!({"action": "visit", "at": future, "notes": "x"})).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "action.at");
    assert!(body["error"]["message"].as_str().unwrap().contains("in the future"), "{body}");

    // Unknown fields and actions are refused by name.
    let (status, body) = act(&s, &sergeant, &id, v, json!({"action": "meal", "meal": "main", "colour": "red"})).await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = act(&s, &sergeant, &id, v, json!({"action": "teleport"})).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(reload().await["version"].as_i64(), Some(v), "nothing was written");

    // A release of someone already released.
    let release =
        json!({"action": "release", "outcome": "released_under_investigation", "reason": "enquiries continue"});
    let (status, body) = act(&s, &sergeant, &id, v, release.clone()).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = act(&s, &sergeant, &id, v + 1, release).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "action.status");
    assert!(body["error"]["message"].as_str().unwrap().contains("already been released"), "{body}");
    assert_eq!(reload().await["version"].as_i64(), Some(v + 1));

    // A stale version.
    let (status, body) = act(&s, &sergeant, &id, v, json!({"action": "meal", "meal": "light"})).await;
    assert_eq!(status, 409, "{body}");
}

async fn two_sergeants_at_once_one_wins(b: Backend) {
    let Some(s) = start(b).await else {
        return;
    };
    let first = s.login_as("ps.patel", &[Role::CustodySergeant]).await;
    let second = s.login_as("ps.jones", &[Role::CustodySergeant]).await;
    let person = s.person(&first, "Darren", "Cole", "1990-04-01").await;
    let (id, v) = book(&s, &first, &person, 1).await;
    for round in 0..3 {
        let v = v + round;
        let a =
            act(&s, &first, &id, v, json!({"action": "cell_move", "cell": format!("A{round}"), "reason": "flooded"}));
        let b =
            act(&s, &second, &id, v, json!({"action": "cell_move", "cell": format!("B{round}"), "reason": "noise"}));
        let ((sa, ba), (sb, bb)) = tokio::join!(a, b);
        let mut statuses = [sa, sb];
        statuses.sort();
        assert_eq!(statuses, [200, 409], "{ba} {bb}");
        let (_, event) = s.get(&first, &format!("/custody/{id}?reason=record%20check")).await;
        assert_eq!(event["version"].as_i64(), Some(v + 1));
        let moves = event["details"]["entries"].as_array().unwrap().iter().filter(|e| e["kind"] == "cell_move").count();
        assert_eq!(moves as i64, round + 1, "exactly one move per round");
    }
}

async fn roles_are_enforced(b: Backend) {
    let Some(s) = start(b).await else {
        return;
    };
    let sergeant = s.login_as("ps.patel", &[Role::CustodySergeant]).await;
    let officer = s.login_as("dco.reed", &[Role::CustodyOfficer]).await;
    let inspector = s.login_as("insp.hughes", &[Role::Inspector]).await;
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let person = s.person(&sergeant, "Darren", "Cole", "1990-04-01").await;
    let body = with(booking("suite-brixton", "C4", 1), json!({"person_id": person}));
    let (status, _) = s.post(&control, "/custody/book-in", &body).await;
    assert_eq!(status, 403);
    let (status, _) = s.post(&inspector, "/custody/book-in", &body).await;
    assert_eq!(status, 403);
    let (id, v) = book(&s, &officer, &person, 1).await;
    // Booking the same person in twice is refused while the first record is open.
    let (status, body2) = s.post(&sergeant, "/custody/book-in", &body).await;
    assert_eq!(status, 409, "{body2}");
    // The inspector reviews but does not visit; the custody officer visits but does not review before charge.
    let (status, _) = act(&s, &inspector, &id, v, json!({"action": "visit", "roused": true})).await;
    assert_eq!(status, 403);
    let (status, _) = act(&s, &officer, &id, v, json!({"action": "review", "outcome": "continue"})).await;
    assert_eq!(status, 403);
    let (status, _) = act(&s, &control, &id, v, json!({"action": "meal", "meal": "main"})).await;
    assert_eq!(status, 403);
    let (status, body) = act(&s, &officer, &id, v, json!({"action": "visit", "roused": true})).await;
    assert_eq!(status, 200, "{body}");
    // A transfer goes only to a suite that exists; the board follows the detainee.
    let transfer = json!({"action": "transfer", "suite_id": "suite-nowhere", "cell": "L1", "reason": "full"});
    let (status, body) = act(&s, &officer, &id, v + 1, transfer).await;
    assert_eq!((status, body["error"]["field"].clone()), (422, json!("action.suite_id")), "{body}");
    let transfer = json!({"action": "transfer", "suite_id": "suite-lewisham", "cell": "L1", "reason": "full"});
    let (status, body) = act(&s, &officer, &id, v + 1, transfer).await;
    assert_eq!(status, 200, "{body}");
    let (_, board) = s.get(&officer, "/custody/board?suite=suite-lewisham").await;
    assert_eq!(board["rows"][0]["event"]["id"], id.as_str());
    assert_eq!(s.get(&officer, "/custody/board?suite=suite-brixton").await.1["rows"], json!([]));
    let wrong = with(booking("suite-nowhere", "C1", 1), json!({"new_person": juvenile_json("Al", "Bee")}));
    let (status, body) = s.post(&officer, "/custody/book-in", &with(wrong, json!({"confirm_no_match": true}))).await;
    assert_eq!((status, body["error"]["field"].clone()), (422, json!("suite_id")), "{body}");
    // The status is read by any role that may read custody records.
    assert_eq!(s.get(&control, &format!("/custody/{id}/status")).await.0, 200);
    // The routes are in the published API description.
    let (_, doc) = s.get(&control, "/openapi.json").await;
    for path in ["/api/v1/custody/book-in", "/api/v1/custody/{id}/actions", "/api/v1/custody/board"] {
        assert!(doc["paths"].get(path).is_some(), "{path} is not in the OpenAPI document");
    }
}

async fn a_new_person_who_matches_someone_needs_confirmation(b: Backend) {
    let Some(s) = start(b).await else {
        return;
    };
    let sergeant = s.login_as("ps.patel", &[Role::CustodySergeant]).await;
    let existing = s.person(&sergeant, "Darren", "Cole", "1990-04-01").await;
    s.settle().await;
    let new = json!({"names": [{"forenames": "Darren", "surname": "Cole"}], "date_of_birth": "1990-04-01"});
    let body = with(booking("suite-brixton", "C2", 1), json!({"new_person": new}));
    let (status, reply) = s.post(&sergeant, "/custody/book-in", &body).await;
    assert_eq!(status, 409, "{reply}");
    assert_eq!(reply["error"]["code"], "possible_match");
    assert_eq!(reply["candidates"][0]["person_id"], existing.as_str());
    // A near miss (a typo) is still a close match.
    let typo = json!({"names": [{"forenames": "Daren", "surname": "Cole"}], "date_of_birth": "1990-04-01"});
    let (status, reply) = s.post(&sergeant, "/custody/book-in", &with(body.clone(), json!({"new_person": typo}))).await;
    assert_eq!(status, 409, "{reply}");
    // Someone else entirely is booked in as a new person.
    let other = json!({"names": [{"forenames": "Priya", "surname": "Nandakumar"}], "date_of_birth": "1985-02-11"});
    let (status, event) =
        s.post(&sergeant, "/custody/book-in", &with(body.clone(), json!({"new_person": other}))).await;
    assert_eq!(status, 201, "{event}");
    // Confirmed after checking: a new record, even with the same name.
    // (In another cell: Priya is in C2.)
    let confirmed = with(body, json!({"confirm_no_match": true, "cell": "C5"}));
    let (status, event) = s.post(&sergeant, "/custody/book-in", &confirmed).await;
    assert_eq!(status, 201, "{event}");
    assert_ne!(event["people"][0]["person_id"], existing.as_str());
    // A retried booking with the same Idempotency-Key books in once.
    let retry = with(booking("suite-brixton", "C3", 1), json!({"new_person": juvenile_json("Tia", "Moss")}));
    let mut ids = Vec::new();
    for _ in 0..2 {
        let res = s
            .http
            .post(format!("{}/custody/book-in", s.base))
            .bearer_auth(&sergeant)
            .header("Idempotency-Key", "booking-7f3a")
            .json(&retry)
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "{}", res.status());
        let event: Value = res.json().await.unwrap();
        ids.push((event["id"].clone(), event["people"][0]["person_id"].clone()));
    }
    assert_eq!(ids[0], ids[1]);
    // Neither or both ways of naming the detainee is refused.
    let (status, reply) = s.post(&sergeant, "/custody/book-in", &booking("suite-brixton", "C2", 1)).await;
    assert_eq!((status, reply["error"]["field"].clone()), (422, json!("person_id")));
}

async fn risk_assessment_reads_the_markers(b: Backend) {
    let Some(s) = start(b).await else {
        return;
    };
    let sergeant = s.login_as("ps.patel", &[Role::CustodySergeant]).await;
    let (status, person) = s
        .post(
            &sergeant,
            "/persons",
            &json!({"names": [{"forenames": "Sam", "surname": "Grey"}], "date_of_birth": "1980-01-01",
                    "markers": [{"category": "suicidal", "recorded_on": "2024-01-01", "source": "PNC"}]}),
        )
        .await;
    assert_eq!(status, 201);
    let (id, v) = book(&s, &sergeant, person["id"].as_str().unwrap(), 1).await;
    let (status, body) = act(&s, &sergeant, &id, v, json!({"action": "risk_assessment", "observation_level": 1})).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "action.observation_level");
    assert!(body["error"]["message"].as_str().unwrap().contains("suicidal"), "{body}");
    let (status, event) =
        act(&s, &sergeant, &id, v, json!({"action": "risk_assessment", "observation_level": 3})).await;
    assert_eq!(status, 200, "{event}");
    assert_eq!(event["details"]["observation_level"], 3);
    // A failed rousing check alerts for a healthcare professional.
    let (status, event) = act(&s, &sergeant, &id, v + 1, json!({"action": "visit", "roused": false})).await;
    assert_eq!(status, 200, "{event}");
    let (_, st) = s.get(&sergeant, &format!("/custody/{id}/status")).await;
    assert!(st["alerts"].as_array().unwrap().iter().any(|a| a["kind"] == "rousing_failed"), "{st}");
    // Pre-charge bail runs 3 months by default.
    let (status, event) = act(
        &s,
        &sergeant,
        &id,
        v + 2,
        json!({"action": "release", "outcome": "pre_charge_bail", "reason": "CCTV",
                "bail": {"return_at": Utc::now() + chrono::Duration::days(7)}}),
    )
    .await;
    assert_eq!(status, 200, "{event}");
    let until = (Utc::now().date_naive().checked_add_months(chrono::Months::new(3))).unwrap().to_string();
    let last = event["details"]["entries"].as_array().unwrap().last().unwrap().clone();
    assert!(last["text"].as_str().unwrap().contains(&until), "{last}");
}

/// A booking in of a new person is one write: refused, it leaves no person
/// behind, whether the refusal comes from the checks or from the database.
async fn a_refused_booking_leaves_no_person_behind(b: Backend) {
    let Some(s) = start(b).await else {
        return;
    };
    let sergeant = s.login_as("ps.patel", &[Role::CustodySergeant]).await;
    let persons = s.state.store.count_persons().await.unwrap();

    // Refused by the checks: a suite that does not exist.
    let body = with(booking("suite-nowhere", "C1", 1), json!({"new_person": juvenile_json("Keira", "Lomax")}));
    let (status, reply) = s.post(&sergeant, "/custody/book-in", &body).await;
    assert_eq!(status, 422, "{reply}");
    assert_eq!(reply["error"]["field"], "suite_id");
    assert_eq!(s.state.store.count_persons().await.unwrap(), persons, "no orphan person");

    // Accepted: the person and the record come together.
    let body = with(booking("suite-brixton", "C1", 1), json!({"new_person": juvenile_json("Keira", "Lomax")}));
    let (status, event) = s.post(&sergeant, "/custody/book-in", &body).await;
    assert_eq!(status, 201, "{event}");
    assert_eq!(s.state.store.count_persons().await.unwrap(), persons + 1);

    // Refused by the database inside the transaction (a reference already
    // taken): the new person is rolled back with the record.
    let input: bluelamp::domain::event::EventInput = serde_json::from_value(json!({
        "reference": event["reference"], "occurred_at": event["occurred_at"], "borough": event["borough"],
        "summary": "Ben Ortiz - Theft", "people": [], "details": event["details"],
    }))
    .unwrap();
    let new: bluelamp::domain::person::PersonDetails = serde_json::from_value(juvenile_json("Ben", "Ortiz")).unwrap();
    let actor = bluelamp::store::Actor::new("ps.patel", "custody: booked in");
    // The cell is shared for a reason, so it is the reference that refuses.
    let cell = bluelamp::store::CellClaim {
        share_reason: Some("both low risk".into()),
        by: "ps.patel".into(),
        at: chrono::Utc::now(),
    };
    let detainee = bluelamp::store::Detainee::New(Box::new(new));
    let refused = s.state.store.book_in(&actor, detainee, input, &cell, None).await;
    assert!(matches!(refused, Err(bluelamp::store::StoreError::Duplicate(_))), "{refused:?}");
    assert_eq!(s.state.store.count_persons().await.unwrap(), persons + 1, "the rolled-back person is gone");
    let admin = s.login_as("admin.root", &[Role::Admin]).await;
    let (_, audit) = s.get(&admin, "/audit?user=ps.patel").await;
    let created = audit["items"].as_array().unwrap().iter().filter(|e| e["record_kind"] == "person").count();
    assert_eq!(created, 1, "only the booked-in person was recorded: {audit}");
}

/// Executing an arrest warrant opens the custody record with the checks of
/// any booking in: not someone already in custody, a cell, an appropriate
/// adult for a juvenile, the observation level the markers call for.
async fn an_arrest_on_a_warrant_is_booked_in_with_the_same_checks(b: Backend) {
    let Some(s) = start(b).await else {
        return;
    };
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let officer = s.login_as("pc.jones", &[Role::Investigator]).await;
    let sergeant = s.login_as("ps.patel", &[Role::CustodySergeant]).await;
    let (status, person) = s.post(&control, "/persons", &juvenile_json("Keira", "Lomax")).await;
    assert_eq!(status, 201, "{person}");
    let person = person["id"].as_str().unwrap().to_string();
    let issued = (Utc::now() - Duration::days(3)).date_naive();
    let warrant = json!({
        "occurred_at": format!("{issued}T09:00:00Z"), "borough": "Lambeth", "summary": "Bench warrant: Theft",
        "people": [{"person_id": person, "role": "wanted_person"}],
        "details": {"kind": "warrant", "warrant_kind": "bench", "status": "received",
                    "issuing_court": "Camberwell Green Magistrates' Court", "issued_on": issued.to_string(),
                    "offence": "Theft"}
    });
    let (status, w) = s.post(&control, "/warrants", &warrant).await;
    assert_eq!(status, 201, "{w}");
    let id = w["id"].as_str().unwrap().to_string();
    let mut v = w["version"].as_i64().unwrap();
    for action in [json!({"type": "validate"}), json!({"type": "circulate"})] {
        let (status, body) =
            s.post(&control, &format!("/warrants/{id}/actions"), &json!({"version": v, "action": action})).await;
        assert_eq!(status, 200, "{body}");
        v = body["version"].as_i64().unwrap();
    }
    let execute = |cell: &str| {
        json!({"version": v, "action": {"type": "execute", "at": Utc::now() - Duration::minutes(5),
            "place": "Brixton Road, SW9", "officer": "PC 123 Jones", "suite_id": "suite-brixton", "cell": cell}})
    };

    // No cell: refused as a booking in would be, and nothing is opened.
    let (status, body) = s.post(&officer, &format!("/warrants/{id}/actions"), &execute(" ")).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "action.cell");

    // Already in custody on another record: refused, the warrant unchanged.
    let (custody_id, custody_v) = book(&s, &sergeant, &person, 2).await;
    let (status, body) = s.post(&officer, &format!("/warrants/{id}/actions"), &execute("C4")).await;
    assert_eq!(status, 409, "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("already in custody"), "{body}");
    let (_, still) = s.get(&control, &format!("/warrants/{id}?reason=record%20check")).await;
    assert_eq!(still["version"].as_i64().unwrap(), v, "{still}");
    let (status, board) = s.get(&sergeant, "/custody/board").await;
    assert_eq!(status, 200);
    assert_eq!(board["rows"].as_array().unwrap().len(), 1);

    // Released, the arrest opens a record with the book-in's entries.
    let release = json!({"action": "release", "outcome": "released_under_investigation", "reason": "Enquiries"});
    let (status, body) = act(&s, &sergeant, &custody_id, custody_v, release).await;
    assert_eq!(status, 200, "{body}");
    let (status, done) = s.post(&officer, &format!("/warrants/{id}/actions"), &execute("C4")).await;
    assert_eq!(status, 200, "{done}");
    let opened = done["details"]["execution"]["custody_record_id"].as_str().unwrap().to_string();
    let (status, record) = s.get(&sergeant, &format!("/custody/{opened}?reason=record%20check")).await;
    assert_eq!(status, 200, "{record}");
    let kinds: Vec<&str> =
        record["details"]["entries"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["booked_in", "authorisation", "appropriate_adult_required"]);
    assert_eq!(record["details"]["observation_level"], 2, "the self-harm marker sets level 2");
    let (_, board) = s.get(&sergeant, "/custody/board").await;
    let row = board["rows"].as_array().unwrap().iter().find(|r| r["event"]["id"] == opened.as_str()).unwrap();
    assert!(alerts(row).contains(&"APPROPRIATE ADULT NEEDED".to_string()), "{row}");
}

/// A role that may not take an action is told so whatever version it sent:
/// "forbidden" is decided before "conflict".
async fn a_refused_role_hears_forbidden_before_conflict(b: Backend) {
    let Some(s) = start(b).await else {
        return;
    };
    let officer = s.login_as("dco.reed", &[Role::CustodyOfficer]).await;
    let inspector = s.login_as("insp.hughes", &[Role::Inspector]).await;
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let person = s.person(&officer, "Darren", "Cole", "1990-04-01").await;
    let (id, v) = book(&s, &officer, &person, 1).await;
    let visit = json!({"action": "visit", "roused": true});
    assert_eq!(act(&s, &officer, &id, v, visit.clone()).await.0, 200);
    // Each sends the version before the visit.
    let (status, body) = act(&s, &inspector, &id, v, visit.clone()).await;
    assert_eq!(status, 403, "{body}");
    let (status, body) = act(&s, &control, &id, v, visit.clone()).await;
    assert_eq!(status, 403, "{body}");
    let (status, body) = act(&s, &officer, &id, v, visit).await;
    assert_eq!(status, 409, "{body}");
}

/// Adds Bromley, a suite set up with code BR and cells C1 to C3.
async fn add_bromley(s: &TestServer) {
    let bromley = Location {
        id: "suite-bromley".into(),
        kind: LocationKind::CustodySuite,
        name: "Bromley Custody Suite".into(),
        address: Address {
            lines: vec!["High Street".into()],
            postcode: "BR1 1ER".into(),
            borough: Some("Bromley".into()),
            lat: None,
            lon: None,
        },
        suite: Some(SuiteSetup { code: "BR".into(), cells: vec!["C1".into(), "C2".into(), "C3".into()] }),
    };
    s.state.store.upsert_locations(&[bromley]).await.expect("suite");
}

fn entries_of(event: &Value, kind: &str) -> Vec<String> {
    let entries = event["details"]["entries"].as_array().unwrap();
    entries.iter().filter(|e| e["kind"] == kind).map(|e| e["text"].as_str().unwrap().to_string()).collect()
}

async fn a_cell_must_exist_and_be_free(b: Backend) {
    let Some(s) = start(b).await else {
        return;
    };
    add_bromley(&s).await;
    let token = s.login_as("ps.patel", &[Role::CustodySergeant]).await;
    let first = s.person(&token, "Darren", "Cole", "1990-04-01").await;
    let second = s.person(&token, "Amir", "Khan", "1988-02-11").await;
    let book_at = |person: &str, cell: &str| with(booking("suite-bromley", cell, 2), json!({"person_id": person}));

    let (status, held) = s.post(&token, "/custody/book-in", &book_at(&first, "C1")).await;
    assert_eq!(status, 201, "{held}");
    let held_ref = held["reference"].as_str().unwrap().to_string();

    // Booking in to an occupied cell, or one the suite does not have.
    let (status, body) = s.post(&token, "/custody/book-in", &book_at(&second, "C1")).await;
    assert_eq!(status, 409, "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("cell C1") && message.contains(&held_ref), "{message}");
    assert!(!message.contains(held["id"].as_str().unwrap()), "names the record by reference: {message}");
    let (status, body) = s.post(&token, "/custody/book-in", &book_at(&second, "Z99")).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "cell");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("'Z99' is not a cell of Bromley Custody Suite"),
        "{body}"
    );

    // A cell typed in lower case is the suite's cell.
    let (status, moved) = s.post(&token, "/custody/book-in", &book_at(&second, "c2")).await;
    assert_eq!(status, 201, "{moved}");
    assert_eq!(moved["details"]["cell"], "C2");
    let (id, v) = (moved["id"].as_str().unwrap().to_string(), moved["version"].as_i64().unwrap());

    // Moves: refused into an occupied cell or a missing one, nothing written.
    let move_to = |cell: &str| json!({"action": "cell_move", "cell": cell, "reason": "C2 flooded"});
    let (status, body) = act(&s, &token, &id, v, move_to("C1")).await;
    assert_eq!(status, 409, "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("cell C1") && message.contains(&held_ref) && message.contains("Bromley"), "{message}");
    let (status, body) = act(&s, &token, &id, v, move_to("Z99")).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "action.cell");

    // Doubling up with a reason: allowed, and the reason is in the log.
    let shared = with(move_to("C1"), json!({"share_reason": "suite full; both low risk"}));
    let (status, event) = act(&s, &token, &id, v, shared).await;
    assert_eq!(status, 200, "{event}");
    assert_eq!(event["details"]["cell"], "C1");
    assert_eq!(
        entries_of(&event, "cell_shared"),
        [format!("Sharing cell C1 with {held_ref}: suite full; both low risk")]
    );

    // A transfer into an occupied cell is refused too.
    let other = s.person(&token, "Lee", "Tran", "1979-07-30").await;
    let (brixton, bv) = book(&s, &token, &other, 1).await;
    let transfer = json!({"action": "transfer", "suite_id": "suite-bromley", "cell": "C1", "reason": "Brixton full"});
    let (status, body) = act(&s, &token, &brixton, bv, transfer.clone()).await;
    assert_eq!(status, 409, "{body}");
    let (status, body) = act(&s, &token, &brixton, bv, with(transfer, json!({"cell": "C3"}))).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (body["details"]["suite_id"].as_str(), body["details"]["cell"].as_str()),
        (Some("suite-bromley"), Some("C3"))
    );
}

async fn two_detainees_moved_into_one_cell_at_once_one_is_refused(b: Backend) {
    let Some(s) = start(b).await else {
        return;
    };
    add_bromley(&s).await;
    let first = s.login_as("ps.patel", &[Role::CustodySergeant]).await;
    let second = s.login_as("ps.jones", &[Role::CustodySergeant]).await;
    let book_at = |person: &str, cell: &str| with(booking("suite-bromley", cell, 2), json!({"person_id": person}));
    let mut held = Vec::new();
    for (forenames, surname, cell) in [("Darren", "Cole", "C2"), ("Amir", "Khan", "C3")] {
        let person = s.person(&first, forenames, surname, "1990-04-01").await;
        let (status, event) = s.post(&first, "/custody/book-in", &book_at(&person, cell)).await;
        assert_eq!(status, 201, "{event}");
        held.push((event["id"].as_str().unwrap().to_string(), event["version"].as_i64().unwrap()));
    }
    let move_to_c1 = json!({"action": "cell_move", "cell": "C1", "reason": "cells cleaned"});
    let a = act(&s, &first, &held[0].0, held[0].1, move_to_c1.clone());
    let b = act(&s, &second, &held[1].0, held[1].1, move_to_c1);
    let ((sa, ba), (sb, bb)) = tokio::join!(a, b);
    let mut statuses = [sa, sb];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "{ba} {bb}");
    let refused = if sa == 409 { &ba } else { &bb };
    assert!(refused["error"]["message"].as_str().unwrap().contains("cell C1 is occupied"), "{refused}");

    // Two bookings into one free cell at once (the cell the moved detainee
    // left): one is refused.
    let free = if sa == 200 { "C2" } else { "C3" };
    let one = s.person(&first, "Lee", "Tran", "1979-07-30").await;
    let other = s.person(&first, "Kim", "Park", "1985-03-12").await;
    let (a, b) = (book_at(&one, free), book_at(&other, free));
    let ((sa, ba), (sb, bb)) =
        tokio::join!(s.post(&first, "/custody/book-in", &a), s.post(&second, "/custody/book-in", &b));
    let mut statuses = [sa, sb];
    statuses.sort();
    assert_eq!(statuses, [201, 409], "{ba} {bb}");

    let (_, board) = s.get(&first, "/custody/board?suite=BR&reason=board%20check").await;
    let mut cells: Vec<&str> =
        board["rows"].as_array().unwrap().iter().map(|r| r["event"]["details"]["cell"].as_str().unwrap()).collect();
    cells.sort();
    let mut unique = cells.clone();
    unique.dedup();
    assert_eq!(cells, unique, "one detainee per cell: {board}");
}

async fn a_list_names_its_people_and_audits_each_one(b: Backend) {
    let Some(s) = start(b).await else {
        return;
    };
    let sergeant = s.login_as("ps.patel", &[Role::CustodySergeant]).await;
    let person = s.person(&sergeant, "Darren", "Cole", "1990-04-01").await;
    book(&s, &sergeant, &person, 1).await;
    let (status, page) = s.get(&sergeant, "/custody?reason=night%20shift%20handover").await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["names"][&person], "Darren Cole", "{page}");
    let admin = s.login_as("admin.root", &[Role::Admin]).await;
    let (_, audit) = s.get(&admin, &format!("/audit?person={person}")).await;
    let named = audit["items"].as_array().unwrap().iter().any(|e| {
        e["action"] == "consultation" && e["reason"] == "night shift handover" && e["record_id"] == person.as_str()
    });
    assert!(named, "the person named on the list is on the audit: {audit}");
}

both_backends!(
    a_juvenile_is_booked_in_looked_after_and_released,
    bad_input_is_refused_and_nothing_is_written,
    two_sergeants_at_once_one_wins,
    roles_are_enforced,
    a_new_person_who_matches_someone_needs_confirmation,
    risk_assessment_reads_the_markers,
    a_refused_booking_leaves_no_person_behind,
    an_arrest_on_a_warrant_is_booked_in_with_the_same_checks,
    a_refused_role_hears_forbidden_before_conflict,
    a_cell_must_exist_and_be_free,
    two_detainees_moved_into_one_cell_at_once_one_is_refused,
    a_list_names_its_people_and_audits_each_one,
);
