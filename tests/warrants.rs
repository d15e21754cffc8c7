//! Warrants through the API: the walk from receipt to execution (ending in
//! an open custody record, written with the warrant or not at all),
//! refusals, the resolution list, the priority queue, search warrant
//! expiry, and WANTED showing live in the lookup.

use crate::common;

use std::time::{Duration, Instant};

use bluelamp::domain::custody::BookIn;
use bluelamp::domain::event::{EventDetails, EventInput, EventKind};
use bluelamp::domain::link::{EventPerson, EventRole};
use bluelamp::domain::priority::PriorityRules;
use bluelamp::domain::role::Role;
use bluelamp::server::ServerConfig;
use bluelamp::store::{Actor, CellClaim, EventFilter, StoreError};
use chrono::{Duration as Days, Utc};
use common::{Backend, TestServer};
use serde_json::{json, Value};

fn warrant(person: Option<&str>, kind: &str, offence: &str, issued_days_ago: i64, borough: &str) -> Value {
    let issued = (Utc::now() - Days::days(issued_days_ago)).date_naive();
    let people = match person {
        Some(p) => json!([{"person_id": p, "role": "wanted_person"}]),
        None => json!([]),
    };
    json!({
        "occurred_at": format!("{issued}T09:00:00Z"),
        "borough": borough,
        "summary": format!("{kind} warrant: {offence}"),
        "people": people,
        "details": {
            "kind": "warrant", "warrant_kind": kind, "status": "received",
            "issuing_court": "Highbury Corner Magistrates' Court", "issued_on": issued.to_string(),
            "offence": offence
        }
    })
}

async fn create(s: &TestServer, token: &str, body: &Value) -> (String, i64) {
    let (status, w) = s.post(token, "/warrants", body).await;
    assert_eq!(status, 201, "{w}");
    (w["id"].as_str().unwrap().to_string(), w["version"].as_i64().unwrap())
}

async fn act(s: &TestServer, token: &str, id: &str, version: i64, action: Value) -> (u16, Value) {
    s.post(token, &format!("/warrants/{id}/actions"), &json!({"version": version, "action": action})).await
}

/// Acts and expects success; returns the new version.
async fn step(s: &TestServer, token: &str, id: &str, version: i64, action: Value) -> i64 {
    let (status, body) = act(s, token, id, version, action.clone()).await;
    assert_eq!(status, 200, "{action}: {body}");
    body["version"].as_i64().unwrap()
}

async fn flags(s: &TestServer, token: &str, surname: &str) -> Value {
    s.settle().await;
    let (status, body) = s.get(token, &format!("/search/subjects?q={surname}&reason=warrant%20check")).await;
    assert_eq!(status, 200, "{body}");
    body["hits"][0]["flags"].clone()
}

async fn a_warrant_walks_from_receipt_to_execution(b: Backend) {
    let Some(s) = TestServer::start(b).await else {
        return;
    };
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let officer = s.login_as("pc.jones", &[Role::Investigator]).await;
    let custody = s.login_as("ps.lee", &[Role::CustodySergeant]).await;
    s.add_brixton_suite().await;
    let person = s.person(&control, "Marcus", "Whitfield", "1988-03-14").await;
    let (id, v) = create(&s, &control, &warrant(Some(&person), "bench", "Robbery", 10, "Lambeth")).await;

    // Wrong roles and out-of-order actions change nothing.
    let (status, body) = act(&s, &custody, &id, v, json!({"type": "validate"})).await;
    assert_eq!(status, 403, "{body}");
    let (status, body) = act(&s, &control, &id, v, json!({"type": "circulate"})).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "action.type");
    assert!(body["error"]["message"].as_str().unwrap().contains("received"), "{body}");
    let (status, body) = act(&s, &control, &id, v, json!({"type": "fly"})).await;
    assert_eq!(status, 422, "{body}");

    let v = step(&s, &control, &id, v, json!({"type": "validate"})).await;
    assert_eq!(flags(&s, &control, "Whitfield").await["wanted"], false);
    let v = step(&s, &control, &id, v, json!({"type": "circulate"})).await;
    assert_eq!(flags(&s, &control, "Whitfield").await["wanted"], true);

    // A stale version is refused, not applied over the newer change.
    let (status, body) = act(&s, &control, &id, v - 1, json!({"type": "allocate", "officer": "pc.jones"})).await;
    assert_eq!(status, 409, "{body}");

    // The console's list to choose from: users who work warrants, no one else.
    let (status, officers) = s.get(&control, "/warrants/officers").await;
    assert_eq!(status, 200, "{officers}");
    let names: Vec<&str> = officers["usernames"].as_array().unwrap().iter().filter_map(|u| u.as_str()).collect();
    assert!(names.contains(&"pc.jones") && names.contains(&"op.khan"), "{names:?}");
    assert!(!names.contains(&"ps.lee"), "a custody sergeant does not work warrants: {names:?}");
    // Only to a user of the system; the refusal names the input.
    let (status, body) = act(&s, &control, &id, v, json!({"type": "allocate", "officer": "nobody.here"})).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "action.officer", "{body}");
    assert!(body["error"]["message"].as_str().unwrap_or_default().contains("nobody.here"), "{body}");
    // A role that may not work warrants hears so, even with an old version.
    let (status, body) = act(&s, &custody, &id, v - 1, json!({"type": "allocate", "officer": "pc.jones"})).await;
    assert_eq!(status, 403, "{body}");
    let v = step(&s, &control, &id, v, json!({"type": "allocate", "officer": "pc.jones"})).await;
    let v = step(&s, &officer, &id, v, json!({"type": "attempt", "note": "No reply at the home address"})).await;
    let (status, body) = act(
        &s,
        &officer,
        &id,
        v,
        json!({"type": "execute", "at": Utc::now(), "place": "Brixton Road, SW9", "officer": "PC 123 Jones"}),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "action.suite_id");
    let at = Utc::now() - Days::minutes(1);
    let (status, body) = act(
        &s,
        &officer,
        &id,
        v,
        json!({"type": "execute", "at": at, "place": "Brixton Road, SW9", "officer": "PC 123 Jones",
               "suite_id": "suite-nowhere", "cell": "C4"}),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "action.suite_id");
    let (status, done) = act(
        &s,
        &officer,
        &id,
        v,
        json!({"type": "execute", "at": at, "place": "Brixton Road, SW9", "officer": "PC 123 Jones",
               "suite_id": "suite-brixton", "cell": "C4"}),
    )
    .await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["status"], "executed");
    assert_eq!(done["details"]["attempts"][0]["by"], "pc.jones");
    assert_eq!(done["details"]["execution"]["place"], "Brixton Road, SW9");

    // The execution opened a custody record for the person.
    let custody_id = done["details"]["execution"]["custody_record_id"].as_str().expect("custody record").to_string();
    let (status, record) = s.get(&custody, &format!("/custody/{custody_id}?reason=book%20in%20check")).await;
    assert_eq!(status, 200, "{record}");
    assert_eq!(record["status"], "open");
    assert_eq!(record["people"], json!([{"person_id": person, "role": "detainee"}]));
    assert_eq!(record["details"]["suite_id"], "suite-brixton");
    assert_eq!(record["borough"], "Lambeth");
    assert_eq!(record["details"]["offences"], json!(["Robbery"]));
    let f = flags(&s, &control, "Whitfield").await;
    assert_eq!(f["wanted"], false);
    assert_eq!(f["in_custody"], true);

    // Executed is final.
    let (status, body) = act(
        &s,
        &control,
        &id,
        v + 1,
        json!({"type": "withdraw", "ground": "issued_in_error", "reason": "Entered against the wrong person"}),
    )
    .await;
    assert_eq!(status, 422, "{body}");

    // Every transition was audited with its version.
    let admin = s.login_as("admin", &[Role::Admin]).await;
    let (status, audit) = s.get(&admin, &format!("/audit?record={id}")).await;
    assert_eq!(status, 200, "{audit}");
    let text = audit.to_string();
    for word in ["validated", "circulated", "allocated", "executed"] {
        assert!(text.contains(word), "audit lacks {word}: {text}");
    }
}

/// The custody record an execution opens and the executed warrant are one
/// write: a warrant that cannot be written (changed meanwhile) leaves no
/// custody record, and its detainee free to be booked in.
async fn an_execution_refused_at_the_warrant_opens_no_custody_record(b: Backend) {
    let Some(s) = TestServer::start(b).await else {
        return;
    };
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    s.add_brixton_suite().await;
    let person = s.person(&control, "Marcus", "Whitfield", "1988-03-14").await;
    let (id, v) = create(&s, &control, &warrant(Some(&person), "bench", "Robbery", 10, "Lambeth")).await;
    let store = &s.state.store;

    let at = Utc::now() - Days::minutes(1);
    let booking: BookIn = serde_json::from_value(json!({
        "suite_id": "suite-brixton", "cell": "C4", "arrested_at": at, "relevant_time": at,
        "arrest_reason": "Warrant", "offences": ["Robbery"], "arresting_officer": "PC 123 Jones"
    }))
    .unwrap();
    let details = store.person(&person).await.unwrap().details;
    let custody = EventInput {
        objects: Vec::new(),
        reference: None,
        occurred_at: at,
        borough: Some("Lambeth".into()),
        summary: "Arrested on warrant".into(),
        people: vec![EventPerson { person_id: person.clone(), role: EventRole::Detainee }],
        details: EventDetails::Custody(booking.checked(&details, "pc.jones", Utc::now()).unwrap()),
    };
    let current = store.event(EventKind::Warrant, &id).await.unwrap();
    let executed = EventInput {
        objects: Vec::new(),
        reference: Some(current.reference.clone()),
        occurred_at: current.occurred_at,
        borough: current.borough.clone(),
        summary: current.summary.clone(),
        people: current.people.clone(),
        details: current.details.clone(),
    };
    let actor = Actor::new("pc.jones", "warrant executed");
    let key = "warrant-execution:test";
    let cell = CellClaim { share_reason: None, by: "pc.jones".into(), at: Utc::now() };
    let err = store.execute_warrant(&actor, &person, custody, &cell, key, &id, v + 1, executed).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err}");

    let filter = EventFilter { limit: 10, ..EventFilter::default() };
    assert!(store.list_events(EventKind::Custody, &filter).await.unwrap().0.is_empty());
    assert!(store.written_under_key("pc.jones", key).await.unwrap().is_none());
    assert_eq!(flags(&s, &control, "Whitfield").await["in_custody"], false);
}

async fn an_unmatched_warrant_waits_on_the_resolution_list(b: Backend) {
    let Some(s) = TestServer::start(b).await else {
        return;
    };
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let (id, v) = create(&s, &control, &warrant(None, "breach", "Theft", 3, "Camden")).await;
    s.settle().await;
    let (status, list) = s.get(&control, "/warrants/resolution").await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["items"][0]["id"], id.as_str());

    let (status, body) = act(&s, &control, &id, v, json!({"type": "validate"})).await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["field"], "action.person_id");
    let (status, body) = act(&s, &control, &id, v, json!({"type": "validate", "person_id": "nobody"})).await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["field"], "action.person_id");

    // Matched to an existing record: no new person is made.
    let person = s.person(&control, "Kelly", "Osei", "1995-07-02").await;
    s.settle().await;
    let (_, before) = s.get(&control, "/search/subjects?q=Osei&reason=name%20check").await;
    let (status, w) = act(&s, &control, &id, v, json!({"type": "validate", "person_id": person})).await;
    assert_eq!(status, 200, "{w}");
    assert_eq!(w["people"], json!([{"person_id": person, "role": "wanted_person"}]));
    let (_, list) = s.get(&control, "/warrants/resolution").await;
    assert_eq!(list["items"], json!([]));
    s.settle().await;
    let (_, after) = s.get(&control, "/search/subjects?q=Osei&reason=name%20check").await;
    assert_eq!(before["hits"].as_array().unwrap().len(), 1);
    assert_eq!(after["hits"].as_array().unwrap().len(), 1);
}

async fn the_queue_orders_by_priority_and_says_why(b: Backend) {
    let Some(s) = TestServer::start(b).await else {
        return;
    };
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    // A warrant is allocated to a user of the system.
    s.login_as("pc.jones", &[Role::Investigator]).await;
    let mut ids = Vec::new();
    for (i, (kind, offence, days, borough, violent)) in [
        ("commitment", "Fine default", 4, "Camden", false),
        ("bench", "Robbery", 5, "Lambeth", true),
        ("arrest_without_bail", "Burglary", 400, "Lambeth", false),
        ("breach", "Theft", 5, "Lambeth", false),
    ]
    .into_iter()
    .enumerate()
    {
        let person = s.person(&control, "Queue", &format!("Person{i}"), "1990-01-01").await;
        let mut body = warrant(Some(&person), kind, offence, days, borough);
        body["details"]["violence"] = violent.into();
        let (id, v) = create(&s, &control, &body).await;
        let v = step(&s, &control, &id, v, json!({"type": "validate"})).await;
        step(&s, &control, &id, v, json!({"type": "circulate"})).await;
        ids.push(id);
    }
    s.settle().await;
    let (status, page) = s.get(&control, "/warrants/queue").await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["total"], 4);
    let order: Vec<&str> = page["items"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(order, vec![ids[1].as_str(), ids[2].as_str(), ids[3].as_str(), ids[0].as_str()], "{page}");
    let top = &page["items"][0];
    assert_eq!(top["person_name"], "Queue Person1");
    let reasons: Vec<&str> = top["reasons"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
    assert!(reasons.contains(&"violence (+25)"), "{reasons:?}");
    assert!(reasons.contains(&"failed to appear for a serious offence (+15)"), "{reasons:?}");
    let aged = &page["items"][1]["reasons"];
    assert!(aged.to_string().contains("outstanding 400 days (+12)"), "{aged}");

    // Filters.
    let (_, page) = s.get(&control, "/warrants/queue?borough=lambeth&kind=breach").await;
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["id"], ids[3].as_str());
    let (_, page) = s.get(&control, "/warrants/queue?min_priority=30").await;
    assert_eq!(page["total"], 2, "{page}");
    let (_, top) = s.get(&control, "/warrants/queue?limit=1").await;
    let v = top["items"][0]["version"].as_i64().unwrap();
    step(&s, &control, &ids[1], v, json!({"type": "allocate", "officer": "pc.jones"})).await;
    let (_, page) = s.get(&control, "/warrants/queue?allocated=pc.jones").await;
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["allocated_to"], "pc.jones");
    let (_, page) = s.get(&control, "/warrants/queue?allocated=false").await;
    assert_eq!(page["total"], 3);
    // Typed words: each must be found in the name, reference, offence,
    // court, officer or borough, over the whole queue, not one page.
    let (_, page) = s.get(&control, "/warrants/queue?text=person2%20LAMBETH&limit=1").await;
    assert_eq!(page["total"], 1, "{page}");
    assert_eq!(page["items"][0]["id"], ids[2].as_str());
    let (_, page) = s.get(&control, "/warrants/queue?text=lambeth").await;
    assert_eq!(page["total"], 3, "{page}");
    let (_, page) = s.get(&control, "/warrants/queue?text=pc.jones%20robbery").await;
    assert_eq!(page["total"], 1, "{page}");
    let (_, page) = s.get(&control, "/warrants/queue?text=person2%20camden").await;
    assert_eq!(page["total"], 0, "{page}");
    // One warrant's row, where the queue's filters keep it.
    let (_, page) = s.get(&control, &format!("/warrants/queue?id={}", ids[2])).await;
    assert_eq!((page["total"].as_u64(), page["items"][0]["id"].as_str()), (Some(1), Some(ids[2].as_str())));
    let (_, page) = s.get(&control, &format!("/warrants/queue?id={}&kind=bench", ids[2])).await;
    assert_eq!(page["total"], 0, "{page}");
    // What was searched for is on record with the consultation.
    let admin = s.login_as("admin", &[Role::Admin]).await;
    let (_, audit) = s.get(&admin, "/audit?user=op.khan").await;
    assert!(audit.to_string().contains("matching \\\"person2 camden\\\""), "{audit}");

    // Pages follow on without gaps or repeats.
    let (_, first) = s.get(&control, "/warrants/queue?limit=3").await;
    let cursor = first["next"].as_str().expect("next").to_string();
    let (_, second) = s.get(&control, &format!("/warrants/queue?limit=3&after={cursor}")).await;
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert_eq!(second["items"][0]["id"], ids[0].as_str());
    assert!(second.get("next").is_none());
    let (status, body) = s.get(&control, "/warrants/queue?after=nonsense").await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["field"], "after");

    // The routes are described for API clients.
    let doc: Value = s.http.get(format!("{}/openapi.json", s.base)).send().await.unwrap().json().await.unwrap();
    for path in ["/api/v1/warrants/queue", "/api/v1/warrants/{id}/actions", "/api/v1/cases/{id}/actions"] {
        assert!(doc["paths"][path].is_object(), "{path} missing from the API description");
    }

    // Withdrawn leaves the queue.
    let v = s.get(&control, "/warrants/queue?kind=commitment").await.1["items"][0]["version"].as_i64().unwrap();
    // A withdrawal says why, on a ground from the list and in enough words.
    let short = json!({"type": "withdraw", "ground": "other", "reason": "test"});
    let (status, body) = act(&s, &control, &ids[0], v, short).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "action.reason", "{body}");
    let no_ground = json!({"type": "withdraw", "reason": "The fine was paid in full at court"});
    let (status, body) = act(&s, &control, &ids[0], v, no_ground).await;
    assert_eq!(status, 422, "{body}");
    let paid = json!({"type": "withdraw", "ground": "other", "reason": "The fine was paid in full at court"});
    step(&s, &control, &ids[0], v, paid).await;
    let (_, page) = s.get(&control, "/warrants/queue").await;
    assert_eq!(page["total"], 3);
    // The reason stays on the warrant, with who withdrew it and when.
    let (_, withdrawn) = s.get(&control, &format!("/warrants/{}?reason=record%20check", ids[0])).await;
    let closure = &withdrawn["details"]["closure"];
    assert_eq!(withdrawn["details"]["status"], "withdrawn");
    assert_eq!(closure["reason"], "Other: The fine was paid in full at court", "{withdrawn}");
    assert_eq!(closure["by"], "op.khan");
    assert!(closure["at"].is_string());
}

async fn search_warrants_expire_after_three_months(b: Backend) {
    let Some(s) = TestServer::start(b).await else {
        return;
    };
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let person = s.person(&control, "Dean", "Archer", "1979-11-30").await;
    let (old, _) =
        create(&s, &control, &warrant(Some(&person), "search", "Possession with intent to supply", 100, "Hackney"))
            .await;
    let (fresh, v) =
        create(&s, &control, &warrant(Some(&person), "search", "Handling stolen goods", 10, "Hackney")).await;
    let v = step(&s, &control, &fresh, v, json!({"type": "validate"})).await;
    step(&s, &control, &fresh, v, json!({"type": "circulate"})).await;

    // Listing already leaves the expired one out; the sweep then records it.
    let (_, page) = s.get(&control, "/warrants/queue?kind=search").await;
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["id"], fresh.as_str());
    let expired = bluelamp::server::warrants::expire_due(&s.state, Utc::now()).await.expect("sweep");
    assert_eq!(expired, 1);
    let (_, w) = s.get(&control, &format!("/warrants/{old}?reason=record%20check")).await;
    assert_eq!(w["status"], "expired");
    let (_, w) = s.get(&control, &format!("/warrants/{fresh}?reason=record%20check")).await;
    assert_eq!(w["status"], "circulated");
    // The search warrant's execution needs no custody suite.
    let (status, w) = act(
        &s,
        &control,
        &fresh,
        3,
        json!({"type": "execute", "at": Utc::now(), "place": "Flat 2, Mare Street", "officer": "DC Patel"}),
    )
    .await;
    assert_eq!(status, 200, "{w}");
    assert!(w["details"]["execution"].get("custody_record_id").is_none());
}

/// What a console watching the subject lookup does: follow the event
/// stream and search again when a warrant touching the person changes.
async fn circulating_shows_wanted_in_a_watching_lookup_within_a_second(b: Backend) {
    use futures::StreamExt;
    let Some(s) = TestServer::start(b).await else {
        return;
    };
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let person = s.person(&control, "Trevor", "Blackwood", "1983-05-09").await;
    let (id, v) = create(&s, &control, &warrant(Some(&person), "arrest_without_bail", "Wounding", 1, "Newham")).await;
    let v = step(&s, &control, &id, v, json!({"type": "validate"})).await;
    s.settle().await;
    assert_eq!(flags(&s, &control, "Blackwood").await["wanted"], false);

    // The console's live stream: every change it is sent, in order.
    let res = s.http.get(format!("{}/events?topics=warrants", s.base)).bearer_auth(&control).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let (tx, mut changes) = tokio::sync::mpsc::unbounded_channel::<Value>();
    tokio::spawn(async move {
        let mut stream = res.bytes_stream();
        let mut buf = String::new();
        while let Some(Ok(chunk)) = stream.next().await {
            buf.push_str(&String::from_utf8_lossy(&chunk));
            while let Some(end) = buf.find("\n\n") {
                let block: String = buf.drain(..end + 2).collect();
                for data in block.lines().filter_map(|l| l.strip_prefix("data:")) {
                    if let Ok(change) = serde_json::from_str::<Value>(data.trim()) {
                        let _ = tx.send(change);
                    }
                }
            }
        }
    });
    // Let the stream settle into following the live feed before the change under test.
    let (other, _) = create(&s, &control, &warrant(None, "breach", "Theft", 1, "Newham")).await;
    let first = tokio::time::timeout(Duration::from_secs(10), changes.recv()).await.expect("stream").unwrap();
    assert_eq!(first["record_id"], other.as_str());
    tokio::time::sleep(Duration::from_millis(100)).await;

    let circulated = Instant::now();
    step(&s, &control, &id, v, json!({"type": "circulate"})).await;
    let lookup = async {
        loop {
            let change = changes.recv().await.expect("stream open");
            if change["person_ids"].as_array().is_some_and(|p| p.iter().any(|x| x == &json!(person))) {
                let (_, hits) = s.get(&control, "/search/subjects?q=Blackwood&reason=caller%20lookup").await;
                return hits["hits"][0]["flags"]["wanted"].clone();
            }
        }
    };
    let wanted = tokio::time::timeout(Duration::from_secs(1), lookup).await.expect("within a second");
    eprintln!("WANTED visible {:?} after circulating", circulated.elapsed());
    assert_eq!(wanted, true);
}

/// The same two warrants under the default weights and under a force's
/// own: weighting violence more puts the violent theft first, and the
/// explanation gives the new points.
async fn priority_weights_from_the_config_change_the_order_and_the_reasons(b: Backend) {
    let mut ordered = Vec::new();
    for violence in [None, Some(60)] {
        let mut config = ServerConfig::default();
        if let Some(points) = violence {
            // A force that weighs violence more reads its scores in higher bands.
            config.warrant_priority =
                PriorityRules { violence: points, high_from: 80, medium_from: 45, ..PriorityRules::default() };
        }
        let Some(s) = TestServer::start_with(b, config).await else {
            return;
        };
        let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
        for (surname, offence, violent) in [("Robber", "Robbery", false), ("Thief", "Theft", true)] {
            let person = s.person(&control, "Weight", surname, "1990-01-01").await;
            let mut body = warrant(Some(&person), "breach", offence, 3, "Lambeth");
            body["details"]["violence"] = violent.into();
            let (id, v) = create(&s, &control, &body).await;
            let v = step(&s, &control, &id, v, json!({"type": "validate"})).await;
            step(&s, &control, &id, v, json!({"type": "circulate"})).await;
        }
        s.settle().await;
        let (status, page) = s.get(&control, "/warrants/queue").await;
        assert_eq!(status, 200, "{page}");
        let bands = if violence.is_some() { (80, 45) } else { (60, 30) };
        assert_eq!(
            (page["bands"]["high_from"].as_i64(), page["bands"]["medium_from"].as_i64()),
            (Some(bands.0), Some(bands.1))
        );
        let rows: Vec<(String, i64, Value)> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (r["person_name"].as_str().unwrap().to_string(), r["score"].as_i64().unwrap(), r["reasons"].clone())
            })
            .collect();
        ordered.push(rows);
    }
    let names = |rows: &[(String, i64, Value)]| rows.iter().map(|r| r.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&ordered[0]), ["Weight Robber", "Weight Thief"], "{:?}", ordered[0]);
    assert_eq!((ordered[0][0].1, ordered[0][1].1), (40, 30));
    assert!(ordered[0][1].2.to_string().contains("violence (+25)"));
    assert_eq!(names(&ordered[1]), ["Weight Thief", "Weight Robber"], "{:?}", ordered[1]);
    assert_eq!(ordered[1][0].1, 65);
    assert!(ordered[1][0].2.to_string().contains("violence (+60)"), "{:?}", ordered[1][0].2);
}

both_backends!(
    priority_weights_from_the_config_change_the_order_and_the_reasons,
    a_warrant_walks_from_receipt_to_execution,
    an_execution_refused_at_the_warrant_opens_no_custody_record,
    an_unmatched_warrant_waits_on_the_resolution_list,
    the_queue_orders_by_priority_and_says_why,
    search_warrants_expire_after_three_months,
    circulating_shows_wanted_in_a_watching_lookup_within_a_second,
);
