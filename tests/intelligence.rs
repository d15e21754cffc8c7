//! The intelligence desk through the API: a report from its draft to a
//! retention review, each refusal (naming its field or rule, writing
//! nothing), the roles (only an intelligence officer evaluates, and not
//! the submitter; only a sanitised report is disseminated), each recipient
//! a disclosure in the audit, the evaluation queue's order, and the
//! generic update refused; a handling code C report opens only to a reader
//! who acknowledges its conditions, and the acknowledgement is audited.

use crate::common;

use bluelamp::domain::event::EventKind;
use bluelamp::domain::role::Role;
use bluelamp::store::{EventFilter, Store};
use common::{intelligence_json, Backend, TestDb, TestServer};
use serde_json::{json, Value};
use sqlx::{AnyConnection, Connection};

both_backends!(
    a_report_walks_from_draft_to_a_retention_review,
    the_submitter_may_not_evaluate_and_only_intelligence_officers_may,
    an_unsanitised_report_is_never_disseminated,
    the_evaluation_queue_is_highest_priority_then_longest_waiting,
    the_generic_update_no_longer_bypasses_the_actions,
    a_handling_code_c_report_opens_only_with_its_conditions_acknowledged,
    reports_recorded_before_the_lifecycle_stand_as_evaluated,
);

async fn record(s: &TestServer, token: &str, body: &Value) -> (String, Value) {
    let (status, report) = s.post(token, "/intelligence", body).await;
    assert_eq!(status, 201, "{report}");
    (report["id"].as_str().unwrap().to_string(), report)
}

async fn act(s: &TestServer, token: &str, id: &str, version: i64, action: Value) -> (u16, Value) {
    s.post(token, &format!("/intelligence/{id}/actions"), &json!({"version": version, "action": action})).await
}

async fn step(s: &TestServer, token: &str, id: &str, report: &Value, action: Value) -> Value {
    let (status, body) = act(s, token, id, report["version"].as_i64().unwrap(), action.clone()).await;
    assert_eq!(status, 200, "{action}: {body}");
    body
}

async fn read(s: &TestServer, token: &str, id: &str) -> Value {
    let (status, report) = s.get(token, &format!("/intelligence/{id}?reason=intelligence%20desk%20check")).await;
    assert_eq!(status, 200, "{report}");
    report
}

fn graded(source: u8, intelligence: &str) -> Value {
    json!({"scheme": "3x5x2", "source": source, "intelligence": intelligence, "handling": "P"})
}

/// A report on `person`, submitted at once (with its priority).
fn submitted(person: &str, priority: &str) -> Value {
    let mut body = intelligence_json(person);
    body["details"]["status"] = json!("submitted");
    body["details"]["priority"] = json!(priority);
    body
}

async fn a_report_walks_from_draft_to_a_retention_review(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    let analyst = s.login_as("ia.brown", &[Role::IntelligenceAnalyst]).await;
    let admin = s.login_as("admin.lee", &[Role::Admin]).await;
    let person = s.person(&dc, "Darren", "Cole", "1990-04-01").await;
    let (id, report) = record(&s, &dc, &intelligence_json(&person)).await;
    assert_eq!((report["status"].as_str(), report["details"]["status"].as_str()), (Some("draft"), Some("draft")));

    // The investigator revises the draft without the text they may not read:
    // it is kept, and the placeholder they were shown is not written back.
    let report = step(&s, &dc, &id, &report, json!({"type": "revise", "priority": "high"})).await;
    let placeholder = report["details"]["unsanitised_text"].clone();
    assert_eq!(placeholder, "[withheld: intelligence roles only]");
    let revise =
        json!({"type": "revise", "sanitised_text": "Subject deals from a blue Golf", "unsanitised_text": placeholder});
    let report = step(&s, &dc, &id, &report, revise).await;
    let (status, refused) =
        act(&s, &dc, &id, 3, json!({"type": "revise", "unsanitised_text": "my guess at the source"})).await;
    assert_eq!((status, refused["error"]["field"].as_str()), (422, Some("action.unsanitised_text")), "{refused}");
    // A draft is its author's alone: even an intelligence officer is told it is not there.
    assert_eq!(s.get(&analyst, &format!("/intelligence/{id}?reason=intelligence%20desk%20check")).await.0, 404);

    let report = step(&s, &dc, &id, &report, json!({"type": "submit"})).await;
    assert_eq!(report["details"]["submission"]["by"], "dc.shah");
    assert_eq!(read(&s, &analyst, &id).await["details"]["unsanitised_text"], "Source X saw it from flat 4");
    // Graded other than the submitter: the evaluator says why.
    let (status, refused) = act(&s, &analyst, &id, 4, json!({"type": "evaluate", "grading": graded(1, "B")})).await;
    assert_eq!((status, refused["error"]["field"].as_str()), (422, Some("action.rationale")), "{refused}");
    let report = step(
        &s,
        &analyst,
        &id,
        &report,
        json!({"type": "evaluate", "grading": graded(1, "B"), "rationale": "Source proved reliable twice this year"}),
    )
    .await;
    assert_eq!(report["details"]["evaluation"]["submitted"]["source"], 2);
    assert_eq!(report["details"]["grading"]["source"], 1);
    let report = step(
        &s,
        &analyst,
        &id,
        &report,
        json!({"type": "sanitise", "sanitised_text": "Subject believed to deal drugs from a blue Golf"}),
    )
    .await;
    assert_eq!(report["details"]["sanitisation"]["approved_by"], "ia.brown");
    let report = step(
        &s,
        &analyst,
        &id,
        &report,
        json!({"type": "disseminate", "recipients": ["Lambeth CID", "DS Khan"], "purpose": "Drugs supply enquiry"}),
    )
    .await;
    assert_eq!(report["status"], "disseminated");
    // A stale version is refused.
    let (status, _) = act(&s, &analyst, &id, 1, json!({"type": "sanitise"})).await;
    assert_eq!(status, 409);
    let report = step(
        &s,
        &analyst,
        &id,
        &report,
        json!({"type": "review_retention", "decision": "retain", "note": "Live enquiry",
               "next_review": (chrono::Utc::now() + chrono::Duration::days(365)).date_naive()}),
    )
    .await;
    assert_eq!(report["status"], "reviewed");

    // Each recipient is a disclosure on record, with who sent it and why.
    let (status, audit) = s.get(&admin, &format!("/audit?record={id}")).await;
    assert_eq!(status, 200, "{audit}");
    let disclosed: Vec<String> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "disclosure" && e["username"] == "ia.brown")
        .map(|e| e["detail"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(disclosed.len(), 2, "{disclosed:?}");
    assert!(disclosed.iter().any(|d| d.contains("to Lambeth CID for Drugs supply enquiry")), "{disclosed:?}");
    assert!(disclosed.iter().any(|d| d.contains("to DS Khan")), "{disclosed:?}");
}

async fn the_submitter_may_not_evaluate_and_only_intelligence_officers_may(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let brown = s.login_as("ia.brown", &[Role::IntelligenceAnalyst]).await;
    let green = s.login_as("ia.green", &[Role::IntelligenceAnalyst]).await;
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    let person = s.person(&dc, "Darren", "Cole", "1990-04-01").await;
    let (id, report) = record(&s, &brown, &submitted(&person, "medium")).await;
    assert_eq!(report["details"]["submission"]["by"], "ia.brown");
    let evaluate = json!({"type": "evaluate", "grading": graded(2, "B")});
    let (status, refused) = act(&s, &brown, &id, 1, evaluate.clone()).await;
    assert_eq!(status, 422, "{refused}");
    assert!(refused["error"]["message"].as_str().unwrap().contains("other than its submitter"), "{refused}");
    // An investigator writes intelligence but does not evaluate it.
    let (status, refused) = act(&s, &dc, &id, 1, evaluate.clone()).await;
    assert_eq!(status, 403, "{refused}");
    for action in [
        json!({"type": "return", "reason": "Say where"}),
        json!({"type": "sanitise"}),
        json!({"type": "disseminate", "recipients": ["CID"], "purpose": "Enquiry"}),
        json!({"type": "review_retention", "decision": "dispose", "note": "Not needed"}),
    ] {
        assert_eq!(act(&s, &dc, &id, 1, action.clone()).await.0, 403, "{action}");
    }
    assert_eq!(read(&s, &green, &id).await["version"], 1, "nothing was written");
    let report = step(&s, &green, &id, &report, evaluate).await;
    assert_eq!(report["details"]["evaluation"]["by"], "ia.green");
    // A report is recorded as a draft or submitted; nothing later.
    let mut body = intelligence_json(&person);
    body["details"]["status"] = json!("evaluated");
    let (status, refused) = s.post(&brown, "/intelligence", &body).await;
    assert_eq!((status, refused["error"]["field"].as_str()), (422, Some("details.status")), "{refused}");
}

async fn an_unsanitised_report_is_never_disseminated(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let brown = s.login_as("ia.brown", &[Role::IntelligenceAnalyst]).await;
    let green = s.login_as("ia.green", &[Role::IntelligenceAnalyst]).await;
    let person = s.person(&brown, "Darren", "Cole", "1990-04-01").await;
    let (id, report) = record(&s, &brown, &submitted(&person, "high")).await;
    let disseminate = json!({"type": "disseminate", "recipients": ["Lambeth CID"], "purpose": "Enquiry"});
    let (status, refused) = act(&s, &green, &id, 1, disseminate.clone()).await;
    assert_eq!((status, refused["error"]["field"].as_str()), (422, Some("action.type")), "{refused}");
    let report = step(&s, &green, &id, &report, json!({"type": "evaluate", "grading": graded(2, "B")})).await;
    let (status, refused) = act(&s, &green, &id, 2, disseminate.clone()).await;
    assert_eq!(status, 422, "{refused}");
    assert!(refused["error"]["message"].as_str().unwrap().contains("sanitised"), "{refused}");
    // The unsanitised text is not approved as the sanitised one.
    let copy = json!({"type": "sanitise", "sanitised_text": "Source X saw it from flat 4"});
    let (status, refused) = act(&s, &green, &id, 2, copy).await;
    assert_eq!((status, refused["error"]["field"].as_str()), (422, Some("action.sanitised_text")), "{refused}");
    let stored = read(&s, &green, &id).await;
    assert_eq!((stored["version"].as_i64(), stored["status"].as_str()), (Some(2), Some("evaluated")));
    let report = step(&s, &green, &id, &report, json!({"type": "sanitise"})).await;
    step(&s, &green, &id, &report, disseminate).await;
}

async fn the_evaluation_queue_is_highest_priority_then_longest_waiting(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    let analyst = s.login_as("ia.brown", &[Role::IntelligenceAnalyst]).await;
    let control = s.login_as("op.adams", &[Role::ControlRoom]).await;
    let person = s.person(&dc, "Darren", "Cole", "1990-04-01").await;
    let (low_old, _) = record(&s, &dc, &submitted(&person, "low")).await;
    let (high_old, _) = record(&s, &dc, &submitted(&person, "high")).await;
    let (high_new, _) = record(&s, &dc, &submitted(&person, "high")).await;
    let (draft, _) = record(&s, &dc, &intelligence_json(&person)).await;
    let (status, page) = s.get(&analyst, "/intelligence/queue?queue=evaluation").await;
    assert_eq!(status, 200, "{page}");
    let order: Vec<&str> = page["items"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(order, vec![high_old.as_str(), high_new.as_str(), low_old.as_str()]);
    // A page at a time, in the same order, each page saying how many are left.
    let mut paged = Vec::new();
    let mut after = String::new();
    for left in [2, 1, 0] {
        let (status, page) = s.get(&analyst, &format!("/intelligence/queue?queue=evaluation&limit=1{after}")).await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(page["items"].as_array().unwrap().len(), 1, "{page}");
        assert_eq!(page["more"], left, "{page}");
        paged.push(page["items"][0]["id"].as_str().unwrap().to_string());
        after = page["next"]
            .as_str()
            .map(|n| format!("&after={}", form_urlencoded::byte_serialize(n.as_bytes()).collect::<String>()))
            .unwrap_or_default();
        assert_eq!(after.is_empty(), left == 0, "{page}");
    }
    assert_eq!(paged, order);
    let (status, body) = s.get(&analyst, "/intelligence/queue?queue=evaluation&after=2|x").await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("after")), "{body}");
    // The investigator sees the reports without the source's words.
    let (_, page) = s.get(&dc, "/intelligence/queue?queue=evaluation").await;
    assert!(!page.to_string().contains("flat 4"), "{page}");
    let (_, page) = s.get(&dc, "/intelligence/queue?queue=my_drafts").await;
    let drafts: Vec<&str> = page["items"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(drafts, vec![draft.as_str()]);
    // A role that may not read intelligence has no queue; an unknown queue is named.
    assert_eq!(s.get(&control, "/intelligence/queue?queue=evaluation").await.0, 403);
    let (status, body) = s.get(&analyst, "/intelligence/queue?queue=everything").await;
    assert_eq!(status, 422, "{body}");
}

async fn the_generic_update_no_longer_bypasses_the_actions(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let analyst = s.login_as("ia.brown", &[Role::IntelligenceAnalyst]).await;
    let person = s.person(&analyst, "Darren", "Cole", "1990-04-01").await;
    let (id, report) = record(&s, &analyst, &intelligence_json(&person)).await;
    let mut event = intelligence_json(&person);
    event["reference"] = report["reference"].clone();
    event["details"]["status"] = json!("disseminated");
    let (status, refused) =
        s.put(&analyst, &format!("/intelligence/{id}"), &json!({"version": 1, "event": event})).await;
    assert_eq!((status, refused["error"]["field"].as_str()), (422, Some("collection")), "{refused}");
    assert_eq!(read(&s, &analyst, &id).await["status"], "draft");
}

const CONDITIONS: &str = "Share with children's services only";

async fn a_handling_code_c_report_opens_only_with_its_conditions_acknowledged(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let analyst = s.login_as("ia.brown", &[Role::IntelligenceAnalyst]).await;
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    let admin = s.login_as("admin.lee", &[Role::Admin]).await;
    let person = s.person(&dc, "Darren", "Cole", "1990-04-01").await;
    let mut body = intelligence_json(&person);
    body["details"]["grading"] =
        json!({"scheme": "3x5x2", "source": 2, "intelligence": "B", "handling": "C", "conditions": CONDITIONS});
    let (id, created) = record(&s, &dc, &body).await;
    assert_eq!(created["details"]["grading"]["conditions"], CONDITIONS);
    assert!(!created.to_string().contains("blue Golf"), "{created}");
    // The placeholder its author was shown in place of the text, sent back,
    // does not overwrite it.
    let (status, revised) = act(
        &s,
        &dc,
        &id,
        1,
        json!({"type": "revise", "priority": "high", "sanitised_text": created["details"]["sanitised_text"]}),
    )
    .await;
    assert_eq!(status, 200, "{revised}");
    // Submitted, it is no longer its author's alone.
    assert_eq!(act(&s, &dc, &id, 2, json!({"type": "submit"})).await.0, 200);
    // Wherever it is listed, the conditions show and the text does not.
    let (_, list) = s.get(&analyst, &format!("/intelligence?person={person}&reason=subject%20briefing")).await;
    assert!(!list.to_string().contains("blue Golf") && !list.to_string().contains("flat 4"), "{list}");
    assert!(list.to_string().contains(CONDITIONS), "{list}");

    for (token, who) in [(&dc, "dc.shah"), (&analyst, "ia.brown")] {
        let path = format!("/intelligence/{id}?reason=subject%20briefing");
        let (status, refused) = s.get(token, &path).await;
        assert_eq!(status, 400, "{refused}");
        assert_eq!(refused["error"]["code"], "acknowledgement_required");
        assert_eq!(refused["error"]["field"], "acknowledge");
        assert!(refused["error"]["message"].as_str().unwrap().contains(CONDITIONS), "{refused}");
        assert!(!refused.to_string().contains("blue Golf"), "{refused}");
        let (status, opened) = s.get(token, &format!("{path}&acknowledge=true")).await;
        assert_eq!(status, 200, "{opened}");
        assert_eq!(opened["details"]["sanitised_text"], "Subject believed to deal from a blue Golf", "{who}");
        let (_, audit) = s.get(&admin, &format!("/audit?record={id}")).await;
        let acknowledged = audit["items"].as_array().unwrap().iter().any(|e| {
            e["action"] == "acknowledgement"
                && e["username"] == who
                && e["reason"] == "subject briefing"
                && e["detail"].as_str().is_some_and(|d| d.contains(CONDITIONS))
        });
        assert!(acknowledged, "{who}: {audit}");
    }
    let (_, stored) = s.get(&analyst, &format!("/intelligence/{id}?reason=subject%20briefing&acknowledge=true")).await;
    assert_eq!(stored["details"]["sanitised_text"], "Subject believed to deal from a blue Golf");
    assert_eq!(stored["details"]["unsanitised_text"], "Source X saw it from flat 4");
    // A handling code P report opens without it.
    let (p_id, _) = record(&s, &dc, &intelligence_json(&person)).await;
    assert_eq!(s.get(&dc, &format!("/intelligence/{p_id}?reason=subject%20briefing")).await.0, 200);
}

/// A database an older Bluelamp wrote: its intelligence (no status in the
/// body, the priority in the status column) stands as evaluated after the
/// upgrade, in its body and in the column the queues filter on.
async fn reports_recorded_before_the_lifecycle_stand_as_evaluated(b: Backend) {
    let Some(db) = TestDb::new(b).await else { return };
    let old = Store::open_at_version(&db.url, 37).await.unwrap();
    let body = json!({"id": "ir1", "kind": "intelligence", "reference": "IR/1/25", "version": 1, "status": "medium",
        "occurred_at": "2025-01-01T10:00:00Z", "summary": "Dealing from a car", "people": [],
        "details": {"kind": "intelligence", "grading": {"scheme": "3x5x2", "source": 2, "intelligence": "B",
                    "handling": "P"}, "priority": "medium", "sanitised_text": "Deals from a blue Golf"},
        "created_at": "2025-01-01T10:00:00Z", "updated_at": "2025-01-01T10:00:00Z",
        "provenance": {"entered_by": "pc.old"}});
    let mut conn = AnyConnection::connect(db.url.as_driver_url()).await.unwrap();
    sqlx::query(
        "INSERT INTO events (id, kind, reference, version, status, is_open, occurred_at, body, created_at, updated_at) \
         VALUES ('ir1', 'intelligence', 'IR/1/25', 1, 'medium', 1, '2025-01-01T10:00:00.000000Z', $1, \
         '2025-01-01T10:00:00.000000Z', '2025-01-01T10:00:00.000000Z')",
    )
    .bind(body.to_string())
    .execute(&mut conn)
    .await
    .unwrap();
    old.close().await;
    let store = Store::open(&db.url).await.unwrap();
    let report = store.event(EventKind::Intelligence, "ir1").await.unwrap();
    assert_eq!(report.status, "evaluated");
    let filter = EventFilter { status: Some("evaluated".into()), limit: 10, ..EventFilter::default() };
    let (listed, _) = store.list_events(EventKind::Intelligence, &filter).await.unwrap();
    assert_eq!(listed.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), vec!["ir1"]);
}
