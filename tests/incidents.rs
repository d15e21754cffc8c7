//! The control room's incidents through the API: the walk from the call to
//! the close, each refusal (naming its field, writing nothing), the
//! attendance clock through a regrade, a close that opens a crime report
//! linked both ways, a repeat call, a WANTED person showing on the board,
//! the roles, and a force's own reference format and targets.

use crate::common;

use bluelamp::domain::incident::{IncidentRules, ReferenceFormat};
use bluelamp::domain::role::Role;
use bluelamp::server::ServerConfig;
use chrono::{DateTime, Duration, Utc};
use common::{Backend, TestServer};
use serde_json::{json, Value};

both_backends!(
    an_incident_walks_from_the_call_to_its_close,
    bad_input_is_refused_with_the_field_named_and_nothing_written,
    the_clock_runs_from_the_grading_and_restarts_at_a_regrade,
    a_crime_recorded_opens_a_crime_report_linked_both_ways,
    a_repeat_call_is_closed_into_the_first,
    a_wanted_person_linked_to_an_incident_shows_on_it,
    operators_and_supervisors_write_and_everyone_reads,
    a_force_numbers_and_times_incidents_its_own_way,
);

fn call(grade: &str) -> Value {
    json!({
        "caller": {"name": "Maya Okafor", "phone": "07700 900461", "callback": true},
        "location": {"description": "Outside 14 Acre Lane", "borough": "lambeth"},
        "category": "crime", "subtype": "burglary", "grade": grade,
        "summary": "Two men forcing the door of the flat opposite"
    })
}

async fn open(s: &TestServer, token: &str, body: &Value) -> (String, i64, Value) {
    let (status, event) = s.post(token, "/incidents/open", body).await;
    assert_eq!(status, 201, "{event}");
    (event["id"].as_str().unwrap().to_string(), event["version"].as_i64().unwrap(), event)
}

async fn act(s: &TestServer, token: &str, id: &str, version: i64, action: Value) -> (u16, Value) {
    s.post(token, &format!("/incidents/{id}/actions"), &json!({"version": version, "action": action})).await
}

/// Acts and expects success; returns the incident as written.
async fn step(s: &TestServer, token: &str, id: &str, version: i64, action: Value) -> Value {
    let (status, body) = act(s, token, id, version, action.clone()).await;
    assert_eq!(status, 200, "{action}: {body}");
    body
}

fn version(event: &Value) -> i64 {
    event["version"].as_i64().unwrap()
}

async fn row(s: &TestServer, token: &str, id: &str) -> Value {
    let (status, board) = s.get(token, &format!("/incidents/board?id={id}")).await;
    assert_eq!(status, 200, "{board}");
    board["rows"][0].clone()
}

fn time(value: &Value) -> DateTime<Utc> {
    value.as_str().unwrap().parse().unwrap()
}

async fn an_incident_walks_from_the_call_to_its_close(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let (id, v, event) = open(&s, &control, &call("I")).await;
    let reference = event["reference"].as_str().unwrap();
    let day = chrono::Utc::now().with_timezone(&chrono_tz::Europe::London).format("%d%b%y").to_string();
    assert!(reference.starts_with("CAD ") && reference.ends_with(&day.to_uppercase()), "{reference}");
    assert_eq!(event["status"], "open");
    assert_eq!(event["borough"], "Lambeth");
    assert_eq!(event["details"]["log"][0]["by"], "op.khan");
    // A second call today takes the next number.
    let (_, _, second) = open(&s, &control, &call("S")).await;
    let serial = |r: &Value| r.as_str().unwrap().split(' ').nth(1).unwrap().parse::<u32>().unwrap();
    assert_eq!(serial(&second["reference"]), serial(&event["reference"]) + 1);

    let e = step(&s, &control, &id, v, json!({"type": "assign", "call_sign": "LX21"})).await;
    assert_eq!(e["status"], "resourced");
    let e = step(&s, &control, &id, version(&e), json!({"type": "en_route", "call_sign": "LX21"})).await;
    // Someone else's view is stale now: refused, nothing written.
    let (status, body) = act(&s, &control, &id, v, json!({"type": "log", "text": "stale"})).await;
    assert_eq!(status, 409, "{body}");
    let e = step(&s, &control, &id, version(&e), json!({"type": "arrive", "call_sign": "LX21"})).await;
    assert_eq!(e["status"], "at_scene");
    assert_eq!(row(&s, &control, &id).await["clock"]["state"], "attended");
    let e = step(&s, &control, &id, version(&e), json!({"type": "log", "text": "Suspects made off"})).await;
    let close = json!({"type": "close", "result": "no_trace", "note": "Area searched, no trace"});
    let e = step(&s, &control, &id, version(&e), close.clone()).await;
    assert_eq!(e["status"], "closed");
    assert_eq!(e["details"]["closure"]["result"], "no_trace");
    assert_eq!(e["details"]["resources"][0]["status"], "released");
    // Closed: read-only, but a later log entry is taken.
    let (status, body) = act(&s, &control, &id, version(&e), close).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("action.type")), "{body}");
    let e = step(&s, &control, &id, version(&e), json!({"type": "log", "text": "Caller rang back"})).await;
    assert_eq!(e["status"], "closed");
    assert_eq!(row(&s, &control, &id).await, Value::Null, "a closed incident leaves the board");
    // Each step is audited with who did it and why.
    let admin = s.login_as("admin.lee", &[Role::Admin]).await;
    let steps = s.audit_steps(&admin, &id).await;
    assert_eq!(steps.len(), 7, "{steps:?}");
    assert!(steps.iter().all(|(who, _)| who == "op.khan"));
    assert!(steps.iter().any(|(_, why)| why == "incident closed: no trace"), "{steps:?}");
    // And read back through the common routes, with a reason.
    let (status, read) = s.get(&control, &format!("/incidents/{id}?reason=CAD%20review%20of%20call")).await;
    assert_eq!((status, read["version"].clone()), (200, e["version"].clone()));
    let (status, list) = s.get(&control, "/incidents?open=false").await;
    assert_eq!(status, 200, "{list}");
    assert!(list["items"].as_array().unwrap().iter().any(|i| i["id"] == id.as_str()));
}

async fn bad_input_is_refused_with_the_field_named_and_nothing_written(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let refused = |status: u16, body: &Value, field: &str| {
        assert_eq!((status, body["error"]["field"].as_str()), (422, Some(field)), "{body}");
    };
    let mut bad = call("I");
    bad["category"] = json!("loitering");
    let (status, body) = s.post(&control, "/incidents/open", &bad).await;
    refused(status, &body, "category");
    let mut bad = call("Z");
    let (status, body) = s.post(&control, "/incidents/open", &bad).await;
    refused(status, &body, "grade");
    bad = call("I");
    bad["subtype"] = json!("collision_injury");
    let (status, body) = s.post(&control, "/incidents/open", &bad).await;
    refused(status, &body, "subtype");
    bad = call("I");
    bad["caller_person_id"] = json!("nobody");
    let (status, body) = s.post(&control, "/incidents/open", &bad).await;
    refused(status, &body, "caller_person_id");
    // A record opened as a plain event would skip its rules.
    let (status, body) = s
        .post(&control, "/incidents", &json!({"occurred_at": Utc::now(), "summary": "x", "details": {"kind": "crime"}}))
        .await;
    assert_eq!(status, 422, "{body}");
    let (_, before) = s.get(&control, "/incidents").await;
    assert_eq!(before["items"].as_array().unwrap().len(), 0, "nothing was opened");

    let (id, v, _) = open(&s, &control, &call("S")).await;
    let checks = [
        (json!({"type": "regrade", "grade": "I", "reason": ""}), "action.reason"),
        (json!({"type": "regrade", "grade": "Q", "reason": "knife seen"}), "action.grade"),
        (json!({"type": "sing", "call_sign": "LX21"}), "action.type"),
        (json!({"type": "arrive", "call_sign": "LX21"}), "action.call_sign"),
        (json!({"type": "close", "result": "crime_recorded", "note": "burglary confirmed"}), "action.offence"),
        (json!({"type": "close", "result": "asb_recorded", "note": "youths again"}), "action.asb_category"),
        (json!({"type": "close", "result": "filed", "note": "done"}), "action.result"),
        (json!({"type": "link_person", "person_id": "nobody", "role": "suspect"}), "action.person_id"),
        (json!({"type": "duplicate_of", "incident_id": "nothing"}), "action.incident_id"),
    ];
    for (action, field) in checks {
        let (status, body) = act(&s, &control, &id, v, action).await;
        refused(status, &body, field);
    }
    let (status, body) = act(&s, &control, "nothing", 1, json!({"type": "log", "text": "x"})).await;
    assert_eq!(status, 404, "{body}");
    let (_, read) = s.get(&control, &format!("/incidents/{id}?reason=checking%20the%20refusals")).await;
    assert_eq!(version(&read), v, "no refusal wrote anything");
    let (status, body) = s.put(&control, &format!("/incidents/{id}"), &json!({"version": v, "event": call("I")})).await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = s.get(&control, "/incidents/board?grade=Q").await;
    refused(status, &body, "grade");
}

async fn the_clock_runs_from_the_grading_and_restarts_at_a_regrade(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let mut body = call("S");
    let opened_at = Utc::now() - Duration::minutes(70);
    body["opened_at"] = json!(opened_at);
    let (id, v, _) = open(&s, &control, &body).await;
    let r = row(&s, &control, &id).await;
    assert_eq!(r["clock"]["state"], "running");
    assert_eq!(time(&r["clock"]["due"]), opened_at + Duration::minutes(60));
    assert!(time(&r["clock"]["due"]) < Utc::now(), "an S call 70 minutes old is overdue");

    let regrade = json!({"type": "regrade", "grade": "I", "reason": "Caller says a knife is out"});
    let e = step(&s, &control, &id, v, regrade).await;
    let grading = e["details"]["grading"].as_array().unwrap();
    assert_eq!(grading.len(), 2, "the history is kept");
    assert_eq!(grading[0]["grade"], "S");
    let regraded_at = time(&grading[1]["at"]);
    let r = row(&s, &control, &id).await;
    assert_eq!(time(&r["clock"]["from"]), regraded_at);
    assert_eq!(time(&r["clock"]["due"]), regraded_at + Duration::minutes(15), "15 minutes from the regrade");

    // The board puts the most urgent first: I before S, the sooner target first.
    let (old_i, _, _) = open(&s, &control, &{
        let mut b = call("I");
        b["opened_at"] = json!(Utc::now() - Duration::minutes(30));
        b
    })
    .await;
    let (s_grade, _, _) = open(&s, &control, &call("S")).await;
    let (_, board) = s.get(&control, "/incidents/board").await;
    let order: Vec<&str> =
        board["rows"].as_array().unwrap().iter().map(|r| r["event"]["id"].as_str().unwrap()).collect();
    assert_eq!(order, [old_i.as_str(), id.as_str(), s_grade.as_str()]);
    let (_, only_i) = s.get(&control, "/incidents/board?grade=I&unresourced=true&borough=LAMBETH&category=crime").await;
    assert_eq!(only_i["rows"].as_array().unwrap().len(), 2, "{only_i}");
}

async fn a_crime_recorded_opens_a_crime_report_linked_both_ways(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let victim = s.person(&control, "Maya", "Okafor", "1979-05-02").await;
    let suspect = s.person(&control, "Dean", "Rourke", "1990-11-20").await;
    let mut body = call("I");
    body["caller_person_id"] = json!(victim);
    body["location"] = json!({"address": {"lines": ["14 Acre Lane"], "postcode": "sw2 5sg", "borough": "Lambeth"}});
    let (id, v, event) = open(&s, &control, &body).await;
    assert_eq!(event["people"], json!([{"person_id": victim, "role": "reporting_person"}]));
    let e = step(&s, &control, &id, v, json!({"type": "link_person", "person_id": suspect, "role": "suspect"})).await;
    let e = step(&s, &control, &id, version(&e), json!({"type": "assign", "call_sign": "LX21"})).await;
    let e = step(&s, &control, &id, version(&e), json!({"type": "arrive", "call_sign": "LX21"})).await;
    let close = json!({"type": "close", "result": "crime_recorded", "note": "Door forced, TV taken",
                       "offence": "Burglary (dwelling)"});
    let closed = step(&s, &control, &id, version(&e), close).await;
    let record = &closed["details"]["closure"]["record"];
    assert_eq!(record["kind"], "crime");
    let crime_id = record["id"].as_str().unwrap();
    let (status, crime) = s.get(&control, &format!("/crimes/{crime_id}?reason=crime%20from%20incident")).await;
    assert_eq!(status, 200, "{crime}");
    assert_eq!(crime["reference"], record["reference"]);
    assert_eq!(crime["details"]["offence"], "Burglary (dwelling)");
    assert_eq!(
        crime["details"]["from_incident"],
        json!({"kind": "incident", "id": id, "reference": closed["reference"]})
    );
    assert_eq!(crime["details"]["location"]["postcode"], "SW2 5SG");
    assert_eq!(crime["borough"], "Lambeth");
    assert_eq!(crime["people"], closed["people"], "the people keep their parts");
    assert!(crime["summary"].as_str().unwrap().contains("Door forced"), "{crime}");
    // Written together: the crime is collected under the close's reason.
    let admin = s.login_as("admin.lee", &[Role::Admin]).await;
    assert_eq!(s.audit_steps(&admin, crime_id).await, [("op.khan".into(), "incident closed: crime recorded".into())]);

    // An ASB close opens an ASB case the same way.
    let (asb_id, v, _) = open(&s, &control, &call("E")).await;
    let close = json!({"type": "close", "result": "asb_recorded", "note": "Youths kicking doors again",
                       "asb_category": "nuisance"});
    let closed = step(&s, &control, &asb_id, v, close).await;
    let record = &closed["details"]["closure"]["record"];
    assert_eq!(record["kind"], "asb");
    let (_, case) =
        s.get(&control, &format!("/asb/{}?reason=asb%20from%20incident", record["id"].as_str().unwrap())).await;
    assert_eq!(case["details"]["from_incident"]["id"], asb_id.as_str());
    assert_eq!(case["details"]["category"], "nuisance");
}

async fn a_repeat_call_is_closed_into_the_first(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let (first, _, first_event) = open(&s, &control, &call("I")).await;
    let (repeat, v, _) = open(&s, &control, &call("S")).await;
    let e = step(&s, &control, &repeat, v, json!({"type": "duplicate_of", "incident_id": first})).await;
    assert_eq!(e["status"], "closed");
    assert_eq!(e["details"]["closure"]["result"], "duplicate");
    assert_eq!(e["details"]["duplicate_of"]["reference"], first_event["reference"]);
    let (_, original) = s.get(&control, &format!("/incidents/{first}?reason=repeat%20call%20check")).await;
    assert_eq!(original["version"], 2);
    assert_eq!(original["details"]["duplicates"][0]["id"], repeat.as_str());
    assert_eq!(original["details"]["log"].as_array().unwrap().last().unwrap()["kind"], "duplicate");
}

async fn a_wanted_person_linked_to_an_incident_shows_on_it(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let person = s.person(&control, "Marcus", "Whitfield", "1988-03-14").await;
    let issued = (Utc::now() - Duration::days(3)).date_naive();
    let warrant = json!({
        "occurred_at": format!("{issued}T09:00:00Z"), "borough": "Lambeth", "summary": "Bench warrant: robbery",
        "people": [{"person_id": person, "role": "wanted_person"}],
        "details": {"kind": "warrant", "warrant_kind": "bench", "status": "received",
                    "issuing_court": "Highbury Corner Magistrates' Court", "issued_on": issued.to_string(),
                    "offence": "Robbery"}
    });
    let (status, w) = s.post(&control, "/warrants", &warrant).await;
    assert_eq!(status, 201, "{w}");
    let wid = w["id"].as_str().unwrap();
    let (status, w) = s
        .post(&control, &format!("/warrants/{wid}/actions"), &json!({"version": 1, "action": {"type": "validate"}}))
        .await;
    assert_eq!(status, 200, "{w}");
    let (id, v, _) = open(&s, &control, &call("I")).await;
    let e = step(&s, &control, &id, v, json!({"type": "link_person", "person_id": person, "role": "suspect"})).await;
    let shown = &row(&s, &control, &id).await["people"][0];
    assert_eq!(
        (shown["name"].as_str(), shown["role"].as_str()),
        (Some("Marcus Whitfield"), Some("suspect")),
        "{shown}"
    );
    assert_eq!(shown["flags"]["wanted"], false, "validated, not yet circulated");
    let (status, w) = s
        .post(&control, &format!("/warrants/{wid}/actions"), &json!({"version": 2, "action": {"type": "circulate"}}))
        .await;
    assert_eq!(status, 200, "{w}");
    // Circulated a moment ago: the incident shows it at once.
    let shown = &row(&s, &control, &id).await["people"][0];
    assert_eq!(shown["flags"]["wanted"], true, "{shown}");
    // The person's own list of incidents, with a reason.
    let (status, list) = s.get(&control, &format!("/incidents?person={person}&reason=wanted%20check")).await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["items"][0]["version"], e["version"]);
}

async fn operators_and_supervisors_write_and_everyone_reads(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let supervisor = s.login_as("ps.amos", &[Role::ControlRoomSupervisor]).await;
    for role in Role::ALL {
        let token = s.login_as(&format!("reader.{role}"), &[role]).await;
        let (status, body) = s.get(&token, "/incidents/board").await;
        assert_eq!(status, 200, "{role} reads the board: {body}");
        let (status, body) = s.post(&token, "/incidents/open", &call("S")).await;
        let writes = matches!(role, Role::ControlRoom | Role::ControlRoomSupervisor);
        assert_eq!(status, if writes { 201 } else { 403 }, "{role} opens: {body}");
    }
    let (id, v, _) = open(&s, &control, &call("I")).await;
    let down = json!({"type": "regrade", "grade": "E", "reason": "Suspects long gone, caller happy to wait"});
    let (status, body) = act(&s, &control, &id, v, down.clone()).await;
    assert_eq!(status, 403, "an operator may not downgrade an I: {body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("supervisor"), "{body}");
    let close = json!({"type": "close", "result": "advice_given", "note": "Caller given advice by phone"});
    let (status, body) = act(&s, &control, &id, v, close.clone()).await;
    assert_eq!(status, 403, "nor close an I nobody attended: {body}");
    let e = step(&s, &supervisor, &id, v, down).await;
    assert_eq!(e["details"]["grading"][1]["by"], "ps.amos");
    // Graded E now: the operator closes it.
    step(&s, &control, &id, version(&e), close).await;
    // Raising the response is anyone's who works incidents.
    let (id, v, _) = open(&s, &control, &call("E")).await;
    step(&s, &control, &id, v, json!({"type": "regrade", "grade": "I", "reason": "Now a weapon is seen"})).await;
    // Every other role reads the incident, and no step of its lifecycle
    // is theirs: each is refused and nothing is written.
    let person = s.person(&control, "Marcus", "Whitfield", "1988-03-14").await;
    let steps = [
        json!({"type": "log", "text": "a note from another desk"}),
        json!({"type": "assign", "call_sign": "LX21"}),
        json!({"type": "regrade", "grade": "S", "reason": "thinks it less urgent"}),
        json!({"type": "link_person", "person_id": person, "role": "suspect"}),
        json!({"type": "close", "result": "advice_given", "note": "advice"}),
        json!({"type": "duplicate_of", "incident_id": id}),
    ];
    for role in Role::ALL.into_iter().filter(|r| !matches!(r, Role::ControlRoom | Role::ControlRoomSupervisor)) {
        let token = s.login_as(&format!("other.{role}"), &[role]).await;
        let (status, body) = s.get(&token, &format!("/incidents/{id}?reason=role%20check")).await;
        assert_eq!(status, 200, "{role} reads the incident: {body}");
        for step in &steps {
            let (status, body) = act(&s, &token, &id, 2, step.clone()).await;
            assert_eq!(status, 403, "{role} {step}: {body}");
        }
    }
    let (_, after) = s.get(&control, &format!("/incidents/{id}?reason=role%20check")).await;
    assert_eq!(after["version"], 2, "nothing written: {after}");
}

async fn a_force_numbers_and_times_incidents_its_own_way(b: Backend) {
    let rules = IncidentRules {
        reference: ReferenceFormat::parse("INC/{YYYY}/{serial:6}").unwrap(),
        immediate_minutes: 20,
        ..IncidentRules::default()
    };
    let config = ServerConfig { incidents: rules, ..ServerConfig::default() };
    let Some(s) = TestServer::start_with(b, config).await else { return };
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let (id, _, event) = open(&s, &control, &call("I")).await;
    let year = Utc::now().format("%Y").to_string();
    assert_eq!(event["reference"], format!("INC/{year}/000001"));
    let grading = &event["details"]["grading"][0];
    assert_eq!(time(&grading["due"]) - time(&grading["at"]), Duration::minutes(20));
    // A retried call with the same key opens one incident.
    let keyed = |key: &str| {
        s.http
            .post(format!("{}/incidents/open", s.base))
            .bearer_auth(&control)
            .header("Idempotency-Key", key)
            .json(&call("S"))
    };
    let first: Value = keyed("call-77").send().await.unwrap().json().await.unwrap();
    let again: Value = keyed("call-77").send().await.unwrap().json().await.unwrap();
    assert_eq!(first["id"], again["id"]);
    assert_ne!(first["id"], id.as_str());
}
