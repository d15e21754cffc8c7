//! The crime desk through the API: a crime from its report to an approved
//! outcome, each refusal (naming its field or rule, writing nothing), the
//! 24-hour classification clock and review-due in the queues, the roles
//! (a supervisor approves and reviews, only the crime registrar cancels),
//! the generic update refused, and a force's own class table.

use crate::common;

use bluelamp::domain::crime::tables::parse_classes;
use bluelamp::domain::crime::CrimeRules;
use bluelamp::domain::role::Role;
use bluelamp::server::ServerConfig;
use chrono::{Duration, Utc};
use common::{Backend, TestServer};
use serde_json::{json, Value};

both_backends!(
    a_crime_walks_from_its_report_to_an_approved_outcome,
    bad_input_is_refused_with_the_field_or_rule_named_and_nothing_written,
    the_queues_show_the_classification_clock_and_reviews_due,
    only_supervisors_review_and_approve_and_only_the_registrar_cancels,
    the_generic_update_no_longer_bypasses_the_actions,
    a_force_classifies_from_its_own_table,
);

fn report(person: &str, reported_hours_ago: i64) -> Value {
    let reported = Utc::now() - Duration::hours(reported_hours_ago);
    json!({
        "occurred_at": reported - Duration::hours(2), "borough": "lambeth",
        "summary": "Flat entered through a rear window, laptop taken",
        "people": [{"person_id": person, "role": "victim"}],
        "details": {"kind": "crime", "offence": "Burglary", "status": "open", "reported_at": reported,
                    "modus_operandi": "Rear window forced with a screwdriver",
                    "narrative": "Victim returned from work to find the flat searched"}
    })
}

async fn record(s: &TestServer, token: &str, body: &Value) -> (String, Value) {
    let (status, crime) = s.post(token, "/crimes", body).await;
    assert_eq!(status, 201, "{crime}");
    (crime["id"].as_str().unwrap().to_string(), crime)
}

async fn act(s: &TestServer, token: &str, id: &str, version: i64, action: Value) -> (u16, Value) {
    s.post(token, &format!("/crimes/{id}/actions"), &json!({"version": version, "action": action})).await
}

async fn step(s: &TestServer, token: &str, id: &str, crime: &Value, action: Value) -> Value {
    let (status, body) = act(s, token, id, crime["version"].as_i64().unwrap(), action.clone()).await;
    assert_eq!(status, 200, "{action}: {body}");
    body
}

async fn read(s: &TestServer, token: &str, id: &str) -> Value {
    let (status, crime) = s.get(token, &format!("/crimes/{id}?reason=crime%20review%20check")).await;
    assert_eq!(status, 200, "{crime}");
    crime
}

async fn queue(s: &TestServer, token: &str, query: &str) -> Vec<Value> {
    let (status, page) = s.get(token, &format!("/crimes/queue?{query}")).await;
    assert_eq!(status, 200, "{page}");
    page["rows"].as_array().unwrap().clone()
}

fn ids(rows: &[Value]) -> Vec<String> {
    rows.iter().map(|r| r["event"]["id"].as_str().unwrap().to_string()).collect()
}

async fn a_crime_walks_from_its_report_to_an_approved_outcome(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    let inspector = s.login_as("insp.cole", &[Role::Inspector]).await;
    let victim = s.person(&dc, "Maya", "Okafor", "1988-03-02").await;
    let suspect = s.person(&dc, "Darren", "Cole", "1990-04-01").await;
    let (id, crime) = record(&s, &dc, &report(&victim, 1)).await;
    assert_eq!(crime["status"], "open");
    let crime = step(&s, &dc, &id, &crime, json!({"type": "classify", "code": "28E"})).await;
    assert_eq!(crime["details"]["classifications"][0]["name"], "Burglary - residential");
    let crime =
        step(&s, &dc, &id, &crime, json!({"type": "allocate", "officer": "dc.shah", "unit": "Lambeth CID"})).await;
    assert_eq!(crime["status"], "under_investigation");
    let crime =
        step(&s, &dc, &id, &crime, json!({"type": "link_person", "person_id": suspect, "role": "suspect"})).await;
    let crime = step(&s, &dc, &id, &crime, json!({"type": "log", "kind": "enquiry", "text": "CCTV requested"})).await;
    let crime = step(&s, &inspector, &id, &crime, json!({"type": "review", "note": "Good start"})).await;
    let crime =
        step(&s, &dc, &id, &crime, json!({"type": "propose_outcome", "outcome": 1, "note": "Charged with burglary"}))
            .await;
    assert_eq!(crime["status"], "outcome_proposed");
    let crime = step(&s, &inspector, &id, &crime, json!({"type": "approve_outcome"})).await;
    assert_eq!(crime["status"], "closed");
    assert_eq!(crime["details"]["finalisation"]["approved_by"], "insp.cole");
    assert_eq!(crime["details"]["finalisation"]["outcome"], 1);
    let log: Vec<&str> =
        crime["details"]["log"].as_array().unwrap().iter().map(|e| e["by"].as_str().unwrap()).collect();
    assert_eq!(log, ["dc.shah", "dc.shah", "dc.shah", "dc.shah", "insp.cole", "dc.shah", "insp.cole"]);
    assert_eq!(crime["people"].as_array().unwrap().len(), 2);
    // Each step is in the audit, with its reason.
    let admin = s.login_as("admin.lee", &[Role::Admin]).await;
    let steps = s.audit_steps(&admin, &id).await;
    assert!(steps.iter().any(|(_, reason)| reason.contains("crime classified 28E")), "{steps:?}");
    assert!(steps.iter().any(|(_, reason)| reason.contains("outcome approved")), "{steps:?}");
}

async fn bad_input_is_refused_with_the_field_or_rule_named_and_nothing_written(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    let inspector = s.login_as("insp.cole", &[Role::Inspector]).await;
    let victim = s.person(&dc, "Maya", "Okafor", "1988-03-02").await;
    // A crime is recorded at its start: no class, allocation or outcome in the body.
    let mut early = report(&victim, 1);
    early["details"]["status"] = json!("closed");
    let (status, body) = s.post(&dc, "/crimes", &early).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("details.status")), "{body}");
    let mut future = report(&victim, 1);
    future["details"]["reported_at"] = json!(Utc::now() + Duration::days(2));
    assert_eq!(s.post(&dc, "/crimes", &future).await.1["error"]["field"], "details.reported_at");

    let (id, crime) = record(&s, &dc, &report(&victim, 1)).await;
    let refused = |action: Value, field: &'static str| {
        let (s, dc, id) = (&s, dc.clone(), id.clone());
        async move {
            let (status, body) = act(s, &dc, &id, 1, action.clone()).await;
            assert_eq!(status, 422, "{action}: {body}");
            assert_eq!(body["error"]["field"], field, "{action}: {body}");
        }
    };
    refused(json!({"type": "classify", "code": "99Z"}), "action.code").await;
    refused(json!({"type": "propose_outcome", "outcome": 18, "note": "done"}), "action.type").await;
    refused(json!({"type": "allocate", "officer": " ", "unit": "CID"}), "action.officer").await;
    // The officer in the case is a user of the system, as the console's list offers them.
    refused(json!({"type": "allocate", "officer": "dc.nobody", "unit": "CID"}), "action.officer").await;
    refused(json!({"type": "log", "kind": "decision", "text": "approved"}), "action.kind").await;
    let crime = step(&s, &dc, &id, &crime, json!({"type": "classify", "code": "28E"})).await;
    let crime = step(&s, &dc, &id, &crime, json!({"type": "allocate", "officer": "dc.shah", "unit": "CID"})).await;
    let v = crime["version"].as_i64().unwrap();
    let (status, body) = act(&s, &dc, &id, v, json!({"type": "propose_outcome", "outcome": 19, "note": "x"})).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("action.outcome")), "{body}");
    let (status, body) = act(&s, &dc, &id, v, json!({"type": "classify", "code": "30C"})).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("action.reason")), "{body}");
    // Approval with nothing proposed names the rule.
    let (status, body) = act(&s, &inspector, &id, v, json!({"type": "approve_outcome"})).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("action.type")), "{body}");
    // Stale version.
    let (status, body) = act(&s, &dc, &id, v - 1, json!({"type": "log", "kind": "note", "text": "late"})).await;
    assert_eq!(status, 409, "{body}");
    // Nothing of the refusals was written.
    let stored = read(&s, &dc, &id).await;
    assert_eq!(stored["version"].as_i64(), Some(v));
    assert_eq!(stored["details"]["classifications"].as_array().unwrap().len(), 1);
    assert!(stored["details"].get("proposed_outcome").is_none());
}

async fn the_queues_show_the_classification_clock_and_reviews_due(b: Backend) {
    let config =
        ServerConfig { crimes: CrimeRules { review_every_days: 1, ..CrimeRules::default() }, ..Default::default() };
    let Some(s) = TestServer::start_with(b, config).await else { return };
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    let other = s.login_as("dc.ng", &[Role::Investigator]).await;
    let victim = s.person(&dc, "Maya", "Okafor", "1988-03-02").await;
    let (fresh, _) = record(&s, &dc, &report(&victim, 2)).await;
    let (late, _) = record(&s, &dc, &report(&victim, 30)).await;
    let (mine, crime) = record(&s, &dc, &report(&victim, 3)).await;
    let crime = step(&s, &dc, &mine, &crime, json!({"type": "classify", "code": "28E"})).await;
    step(&s, &dc, &mine, &crime, json!({"type": "allocate", "officer": "dc.shah", "unit": "Lambeth CID"})).await;

    let awaiting = queue(&s, &dc, "queue=awaiting_classification").await;
    assert_eq!(ids(&awaiting).len(), 2);
    let due = |id: &str| awaiting.iter().find(|r| r["event"]["id"] == id).unwrap()["due"].clone();
    assert_eq!(due(&fresh)["classification_overdue"], false);
    assert_eq!(due(&late)["classification_overdue"], true);
    assert!(due(&late)["classification_due"].is_string());
    let mut unallocated = ids(&queue(&s, &dc, "queue=unallocated").await);
    unallocated.sort();
    let mut expected = vec![fresh.clone(), late.clone()];
    expected.sort();
    assert_eq!(unallocated, expected);
    assert_eq!(ids(&queue(&s, &dc, "queue=mine").await), vec![mine.clone()]);
    assert!(queue(&s, &other, "queue=mine").await.is_empty());
    assert_eq!(ids(&queue(&s, &other, "queue=unit&unit=Lambeth%20CID").await), vec![mine.clone()]);
    // Allocated now, the first review falls due in a day: not yet.
    assert!(queue(&s, &dc, "queue=review_due").await.is_empty());
    let row = queue(&s, &dc, "queue=mine").await.remove(0);
    assert_eq!(row["due"]["review_overdue"], false);
    assert!(row["due"]["review_due"].is_string());
    let (status, body) = s.get(&dc, "/crimes/queue?queue=unit").await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("unit")), "{body}");
}

async fn only_supervisors_review_and_approve_and_only_the_registrar_cancels(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    let inspector = s.login_as("insp.cole", &[Role::Inspector]).await;
    let registrar = s.login_as("fcr.ahmed", &[Role::CrimeRegistrar]).await;
    let custody = s.login_as("co.lane", &[Role::CustodyOfficer]).await;
    let victim = s.person(&dc, "Maya", "Okafor", "1988-03-02").await;
    let (id, crime) = record(&s, &dc, &report(&victim, 1)).await;
    let crime = step(&s, &dc, &id, &crime, json!({"type": "classify", "code": "28E"})).await;
    let crime = step(&s, &dc, &id, &crime, json!({"type": "allocate", "officer": "dc.shah", "unit": "CID"})).await;
    let v = crime["version"].as_i64().unwrap();
    assert_eq!(act(&s, &dc, &id, v, json!({"type": "review", "note": "fine"})).await.0, 403);
    assert_eq!(act(&s, &custody, &id, v, json!({"type": "log", "kind": "note", "text": "x"})).await.0, 403);
    let cancel = json!({"type": "cancel", "reason": "no_crime",
                        "additional_information": "Owner found the laptop at her sister's flat"});
    let (status, body) = act(&s, &dc, &id, v, cancel.clone()).await;
    assert_eq!(status, 403, "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("crime registrar"), "{body}");
    assert_eq!(act(&s, &inspector, &id, v, cancel.clone()).await.0, 403);
    let crime =
        step(&s, &dc, &id, &crime, json!({"type": "propose_outcome", "outcome": 18, "note": "No suspect"})).await;
    let v = crime["version"].as_i64().unwrap();
    assert_eq!(act(&s, &dc, &id, v, json!({"type": "approve_outcome"})).await.0, 403);
    let crime =
        step(&s, &inspector, &id, &crime, json!({"type": "return_outcome", "reason": "Check CCTV first"})).await;
    assert_eq!(crime["status"], "under_investigation");
    let crime = step(&s, &registrar, &id, &crime, cancel).await;
    assert_eq!(crime["status"], "cancelled");
    assert_eq!(crime["details"]["cancellation"]["decided_by"], "fcr.ahmed");
    assert!(queue(&s, &dc, "").await.is_empty(), "a cancelled crime leaves the queues");
}

async fn the_generic_update_no_longer_bypasses_the_actions(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    let victim = s.person(&dc, "Maya", "Okafor", "1988-03-02").await;
    let (id, crime) = record(&s, &dc, &report(&victim, 1)).await;
    let mut event = report(&victim, 1);
    event["details"]["status"] = json!("closed");
    let (status, body) =
        s.put(&dc, &format!("/crimes/{id}"), &json!({"version": crime["version"], "event": event})).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("collection")), "{body}");
    assert_eq!(read(&s, &dc, &id).await["status"], "open");
}

async fn a_force_classifies_from_its_own_table(b: Backend) {
    let mut rules = CrimeRules::default();
    rules.tables.classes = parse_classes("code,name\nX1,Force test class\n").unwrap();
    let Some(s) = TestServer::start_with(b, ServerConfig { crimes: rules, ..Default::default() }).await else { return };
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    let victim = s.person(&dc, "Maya", "Okafor", "1988-03-02").await;
    let (_, tables) = s.get(&dc, "/crimes/tables").await;
    assert_eq!(tables["classes"], json!([{"code": "X1", "name": "Force test class"}]));
    assert_eq!(tables["classification_hours"], 24);
    let (id, crime) = record(&s, &dc, &report(&victim, 1)).await;
    assert_eq!(act(&s, &dc, &id, 1, json!({"type": "classify", "code": "28E"})).await.0, 422);
    step(&s, &dc, &id, &crime, json!({"type": "classify", "code": "x1"})).await;
}
