//! The ASB desk through the API: incidents linked as records (never
//! twice, never a record of another kind), the case review trigger met as
//! the third incident inside six months is linked and un-met when one is
//! unlinked, repeat and vulnerable victims derived, a review refused before
//! the trigger unless a supervisor overrides it, recorded with its panel,
//! tools with their dates, the close; a stale version 409, roles enforced,
//! an update that would change what the actions did refused; a case opened by an incident's close has it
//! linked; a case written in the old free-text shape still reads.

use crate::common;

use bluelamp::domain::event::{EventDetails, EventKind};
use bluelamp::domain::role::Role;
use bluelamp::store::Store;
use chrono::{Duration, Utc};
use common::{Backend, TestDb, TestServer};
use serde_json::{json, Value};
use sqlx::{AnyConnection, Connection};

both_backends!(
    linked_incidents_meet_the_trigger_and_an_unlinked_one_unmeets_it,
    a_review_tools_and_the_close_follow_the_desks_rules,
    an_incident_closed_as_asb_opens_a_case_with_it_linked,
    a_case_written_with_text_incidents_reads_after_the_upgrade,
    an_erased_victim_leaves_the_case_its_links_and_assessments,
);

pub(crate) fn asb_call(victim: &str, days_ago: i64, subtype: &str) -> Value {
    json!({
        "caller": {"name": "Jean Price", "callback": true},
        "location": {"description": "Stairwell, Block C, Moorland Estate", "borough": "lambeth"},
        "category": "anti_social_behaviour", "subtype": subtype, "grade": "R",
        "summary": "Group shouting and smoking in the stairwell",
        "opened_at": Utc::now() - Duration::days(days_ago) - Duration::hours(1),
        "people": [{"person_id": victim, "role": "victim"}]
    })
}

pub(crate) async fn incident(s: &TestServer, token: &str, body: &Value) -> String {
    let (status, event) = s.post(token, "/incidents/open", body).await;
    assert_eq!(status, 201, "{event}");
    event["id"].as_str().unwrap().to_string()
}

fn case_json(complainant: &str, subject: &str) -> Value {
    json!({
        "occurred_at": Utc::now() - Duration::days(210), "borough": "lambeth",
        "summary": "Nuisance - Moorland Estate stairwell",
        "people": [{"person_id": complainant, "role": "complainant"}, {"person_id": subject, "role": "subject"}],
        "details": {"kind": "asb", "category": "nuisance", "status": "open"}
    })
}

async fn open_case(s: &TestServer, token: &str, body: &Value) -> Value {
    let (status, case) = s.post(token, "/asb", body).await;
    assert_eq!(status, 201, "{case}");
    case
}

async fn act(s: &TestServer, token: &str, case: &Value, action: Value) -> (u16, Value) {
    let id = case["id"].as_str().unwrap();
    s.post(token, &format!("/asb/{id}/actions"), &json!({"version": case["version"], "action": action})).await
}

async fn step(s: &TestServer, token: &str, case: &Value, action: Value) -> Value {
    let (status, body) = act(s, token, case, action.clone()).await;
    assert_eq!(status, 200, "{action}: {body}");
    body
}

async fn standing(s: &TestServer, token: &str, case: &Value) -> Value {
    let id = case["id"].as_str().unwrap();
    let (status, view) = s.get(token, &format!("/asb/{id}/standing?reason=case%20review%20check")).await;
    assert_eq!(status, 200, "{view}");
    view
}

/// The ids of the open Lambeth cases whose trigger is (or is not) met.
async fn cases(s: &TestServer, token: &str, met: bool) -> Vec<String> {
    let (status, page) = s.get(token, &format!("/asb/cases?trigger_met={met}&borough=Lambeth")).await;
    assert_eq!(status, 200, "{page}");
    page["rows"].as_array().unwrap().iter().map(|r| r["event"]["id"].as_str().unwrap().to_string()).collect()
}

fn link(record: &str) -> Value {
    json!({"type": "link_incident", "record_id": record})
}

async fn linked_incidents_meet_the_trigger_and_an_unlinked_one_unmeets_it(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let officer = s.login_as("pc.ahmed", &[Role::ControlRoom]).await;
    let victim = s.person(&officer, "Jean", "Price", "1941-03-02").await;
    let subject = s.person(&officer, "Kyle", "Dunn", "2004-07-19").await;
    let mut with_text = case_json(&victim, &subject);
    with_text["details"]["incidents"] = json!([]);
    with_text["details"]["reviews"] = json!([{"requested_at": Utc::now(), "requested_by": "x",
        "incidents_in_window": 3, "trigger_met": true}]);
    let (status, body) = s.post(&officer, "/asb", &with_text).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("details.incidents")), "{body}");
    let mut case = open_case(&s, &officer, &case_json(&victim, &subject)).await;
    let mut ids = Vec::new();
    for days in [200, 90, 30, 2] {
        ids.push(incident(&s, &officer, &asb_call(&victim, days, "nuisance")).await);
    }
    for id in &ids[..3] {
        case = step(&s, &officer, &case, link(id)).await;
    }
    // The first is older than six months: two count, and a review is refused naming the rule.
    let view = standing(&s, &officer, &case).await;
    assert_eq!(view["standing"]["trigger"]["met"], false, "{view}");
    assert_eq!(view["standing"]["trigger"]["incidents_in_window"], 2);
    let (status, body) = act(&s, &officer, &case, json!({"type": "request_review"})).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "action.override_reason");
    assert!(body["error"]["message"].as_str().unwrap().contains("2 of 3 incidents in 183 days"), "{body}");

    case = step(&s, &officer, &case, link(&ids[3])).await;
    let view = standing(&s, &officer, &case).await;
    assert_eq!(view["standing"]["trigger"]["met"], true, "{view}");
    assert_eq!(view["standing"]["trigger"]["counted"].as_array().unwrap().len(), 3);
    let victim_standing = &view["standing"]["victims"][0];
    assert_eq!(
        (victim_standing["person_id"].as_str(), &victim_standing["repeat"]),
        (Some(victim.as_str()), &json!(true))
    );
    assert_eq!(case["details"]["incidents"].as_array().unwrap().len(), 4);
    assert_eq!(case["details"]["incidents"][3]["record"]["id"], ids[3].as_str());
    assert_eq!(case["details"]["incidents"][3]["category"], "nuisance");

    // Linked twice: refused with the rule named, nothing written.
    let (status, body) = act(&s, &officer, &case, link(&ids[3])).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("already linked to this case"), "{body}");
    let (status, body) = act(&s, &officer, &json!({"id": case["id"], "version": 1}), link(&ids[0])).await;
    assert_eq!(status, 409, "a stale version: {body}");
    let crime_call = json!({"caller": {"name": "Jean Price"}, "location": {"description": "Block C", "borough": "lambeth"},
        "category": "crime", "subtype": "burglary", "grade": "S", "summary": "Door forced"});
    let burglary = incident(&s, &officer, &crime_call).await;
    let (status, body) = act(&s, &officer, &case, link(&burglary)).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("action.record_id")), "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("only ASB incidents and crime reports"), "{body}");
    let (status, body) = act(&s, &officer, &case, link("nothing-here")).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("action.record_id")), "{body}");
    let other = open_case(&s, &officer, &case_json(&victim, &subject)).await;
    let (status, body) = act(&s, &officer, &other, link(&ids[1])).await;
    assert_eq!(status, 422, "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains(case["reference"].as_str().unwrap()) && message.contains("one case"), "{message}");
    assert_eq!(standing(&s, &officer, &case).await["event"]["version"], case["version"], "nothing written");

    // Unlinked: the trigger is met no more.
    let unlink = json!({"type": "unlink_incident", "record_id": ids[2], "reason": "Another block's stairwell"});
    case = step(&s, &officer, &case, unlink).await;
    assert_eq!(standing(&s, &officer, &case).await["standing"]["trigger"]["met"], false);
    assert!(case["details"]["log"].as_array().unwrap().last().unwrap()["text"]
        .as_str()
        .unwrap()
        .contains("Another block's stairwell"));
    let id = case["id"].as_str().unwrap().to_string();
    assert!(cases(&s, &officer, false).await.contains(&id) && !cases(&s, &officer, true).await.contains(&id));
    // Another case may now take it; this one links it back and meets the trigger again.
    case = step(&s, &officer, &case, link(&ids[2])).await;
    assert!(cases(&s, &officer, true).await.contains(&id));
    let steps = s.audit_steps(&s.login_as("admin", &[Role::Admin]).await, &id).await;
    assert!(steps.iter().any(|(_, reason)| reason.contains("incident unlinked: Another block")), "{steps:?}");

    let put = json!({"version": case["version"], "event": case_json(&victim, &subject)});
    let (status, body) = s.put(&officer, &format!("/asb/{id}"), &put).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("event.details")), "{body}");
}

async fn a_review_tools_and_the_close_follow_the_desks_rules(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let officer = s.login_as("pc.ahmed", &[Role::ControlRoom]).await;
    let inspector = s.login_as("insp.cole", &[Role::Inspector]).await;
    let custody = s.login_as("co.reid", &[Role::CustodyOfficer]).await;
    let victim = s.person(&officer, "Jean", "Price", "1941-03-02").await;
    let subject = s.person(&officer, "Kyle", "Dunn", "2004-07-19").await;
    let mut case = open_case(&s, &officer, &case_json(&victim, &subject)).await;
    let first = incident(&s, &officer, &asb_call(&victim, 5, "personal")).await;
    let (status, _) = act(&s, &custody, &case, link(&first)).await;
    assert_eq!(status, 403, "a custody officer does not work ASB cases");
    case = step(&s, &officer, &case, link(&first)).await;

    let early = json!({"type": "request_review", "override_reason": "Victim is 85 and lives alone"});
    let (status, body) = act(&s, &officer, &case, early.clone()).await;
    assert_eq!(status, 403, "only a supervisor overrides the trigger: {body}");
    case = step(&s, &inspector, &case, early).await;
    assert_eq!(case["details"]["reviews"][0]["trigger_met"], false);
    assert_eq!(case["details"]["reviews"][0]["override_reason"], "Victim is 85 and lives alone");
    let (status, body) = act(&s, &officer, &case, json!({"type": "request_review"})).await;
    assert_eq!(status, 422, "one review at a time: {body}");
    let close = json!({"type": "close", "result": "resolved", "note": "Quiet"});
    let (status, body) = act(&s, &officer, &case, close).await;
    assert_eq!(status, 422, "a review is waiting: {body}");
    let review = |panel: Value| {
        json!({"type": "record_review", "panel": panel,
        "decision": "Civil injunction to be sought", "action_plan": "Housing applies within 14 days"})
    };
    let (status, body) = act(&s, &officer, &case, review(json!([" "]))).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("action.panel")), "{body}");
    case = step(&s, &officer, &case, review(json!(["Lambeth ASB team", "Clarion Housing"]))).await;
    assert_eq!(case["details"]["reviews"][0]["outcome"]["panel"], json!(["Lambeth ASB team", "Clarion Housing"]));

    let risk = json!({"type": "assess_risk", "person_id": victim, "risk": "high", "reasons": "Lives alone, 85"});
    case = step(&s, &officer, &case, risk).await;
    let view = standing(&s, &officer, &case).await;
    assert_eq!(view["standing"]["victims"][0]["vulnerable"], true, "{view}");
    let on_subject = json!({"type": "assess_risk", "person_id": subject, "risk": "high", "reasons": "x y"});
    let (status, body) = act(&s, &officer, &case, on_subject).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("action.person_id")), "{body}");

    let today = Utc::now().date_naive();
    let letter = json!({"type": "record_tool", "tool": "warning_letter", "from": today});
    let (status, body) = act(&s, &officer, &case, letter).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("action.person_id")), "{body}");
    let injunction = json!({"type": "record_tool", "tool": "civil_injunction", "person_id": subject, "from": today});
    let (status, body) = act(&s, &officer, &case, injunction.clone()).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("action.note")), "{body}");
    let mut injunction = injunction;
    injunction["note"] = json!("Camberwell Green Magistrates' Court: no entry to Block C");
    injunction["until"] = json!(today + Duration::days(365));
    case = step(&s, &officer, &case, injunction).await;
    assert_eq!(case["details"]["tools"][0]["tool"], "civil_injunction");
    let (status, body) = act(&s, &officer, &case, json!({"type": "close", "result": "won", "note": "x"})).await;
    assert_eq!(status, 422, "{body}");
    case =
        step(&s, &officer, &case, json!({"type": "close", "result": "resolved_by_tool", "note": "Quiet since"})).await;
    assert_eq!(case["status"], "closed");
    let (status, body) = act(&s, &officer, &case, link(&first)).await;
    assert_eq!(status, 422, "a closed case takes no more: {body}");
    let (status, page) = s.get(&officer, "/asb/cases?status=closed").await;
    assert_eq!(status, 200);
    assert!(page["rows"].as_array().unwrap().iter().any(|r| r["event"]["id"] == case["id"]), "{page}");
}

async fn an_incident_closed_as_asb_opens_a_case_with_it_linked(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let control = s.login_as("op.adams", &[Role::ControlRoom]).await;
    let victim = s.person(&control, "Jean", "Price", "1941-03-02").await;
    let subject = s.person(&control, "Kyle", "Dunn", "2004-07-19").await;
    let id = incident(&s, &control, &asb_call(&victim, 0, "personal")).await;
    let (_, opened) = s.get(&control, &format!("/incidents/{id}?reason=CAD%20review")).await;
    let close = json!({"type": "close", "result": "asb_recorded", "note": "Abuse again", "asb_category": "personal"});
    let (status, closed) = s
        .post(&control, &format!("/incidents/{id}/actions"), &json!({"version": opened["version"], "action": close}))
        .await;
    assert_eq!(status, 200, "{closed}");
    let case_id = closed["details"]["closure"]["record"]["id"].as_str().unwrap();
    let (_, case) = s.get(&control, &format!("/asb/{case_id}?reason=asb%20from%20incident")).await;
    assert_eq!(case["details"]["incidents"][0]["record"]["id"], id.as_str(), "{case}");
    assert_eq!(case["details"]["incidents"][0]["people"][0]["person_id"], victim.as_str());
    let other = open_case(&s, &control, &case_json(&victim, &subject)).await;
    let (status, body) = act(&s, &control, &other, link(&id)).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains(case["reference"].as_str().unwrap()), "{body}");
}

/// A database an older Bluelamp wrote: an ASB case with its incidents as
/// text and hand-set flags reads after the upgrade, the text kept as noted
/// incidents (not counted), nothing linked.
async fn a_case_written_with_text_incidents_reads_after_the_upgrade(b: Backend) {
    let Some(db) = TestDb::new(b).await else { return };
    let old = Store::open_at_version(&db.url, 27).await.unwrap();
    let body = json!({"id": "asb1", "kind": "asb", "reference": "ASB/25/0000001", "version": 1, "status": "open",
        "occurred_at": "2025-01-01T10:00:00Z", "summary": "Noise from flat 12", "people": [],
        "details": {"kind": "asb", "category": "nuisance", "status": "open", "repeat_victim": true,
                    "vulnerable_victim": false,
                    "incidents": [{"at": "2025-01-01T10:00:00Z", "description": "Loud music until 3am"},
                                  {"at": "2025-01-09T23:00:00Z", "description": "Shouting on the landing"}]},
        "created_at": "2025-01-01T10:00:00Z", "updated_at": "2025-01-01T10:00:00Z",
        "provenance": {"entered_by": "pc.old"}});
    let mut conn = AnyConnection::connect(db.url.as_driver_url()).await.unwrap();
    sqlx::query(
        "INSERT INTO events (id, kind, reference, version, status, is_open, occurred_at, body, created_at, updated_at) \
         VALUES ('asb1', 'asb', 'ASB/25/0000001', 1, 'open', 1, '2025-01-01T10:00:00.000000Z', $1, \
         '2025-01-01T10:00:00.000000Z', '2025-01-01T10:00:00.000000Z')",
    )
    .bind(body.to_string())
    .execute(&mut conn)
    .await
    .unwrap();
    old.close().await;
    let store = Store::open(&db.url).await.unwrap();
    let case = store.event(EventKind::Asb, "asb1").await.unwrap();
    let EventDetails::Asb(d) = &case.details else { panic!("not an ASB case") };
    assert!(d.incidents.is_empty());
    let noted: Vec<&str> = d.noted_incidents.iter().map(|n| n.description.as_str()).collect();
    assert_eq!(noted, ["Loud music until 3am", "Shouting on the landing"]);
}

async fn an_erased_victim_leaves_the_case_its_links_and_assessments(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let officer = s.login_as("pc.ahmed", &[Role::ControlRoom]).await;
    let admin = s.login_as("admin", &[Role::Admin]).await;
    let victim = s.person(&officer, "Jean", "Price", "1941-03-02").await;
    let subject = s.person(&officer, "Kyle", "Dunn", "2004-07-19").await;
    let mut case = open_case(&s, &officer, &case_json(&victim, &subject)).await;
    let first = incident(&s, &officer, &asb_call(&victim, 3, "personal")).await;
    case = step(&s, &officer, &case, link(&first)).await;
    let risk = json!({"type": "assess_risk", "person_id": victim, "risk": "high", "reasons": "Jean Price lives alone"});
    case = step(&s, &officer, &case, risk).await;
    let (status, body) = s
        .send(reqwest::Method::DELETE, &admin, &format!("/persons/{victim}?reason=erasure%20request"), &json!({}))
        .await;
    assert_eq!(status, 204, "{body}");
    let view = standing(&s, &officer, &case).await;
    let text = view["event"].to_string();
    assert!(!text.contains(&victim) && !text.contains("Jean Price"), "{text}");
    assert_eq!(view["standing"]["victims"], json!([]));
    assert_eq!(view["event"]["details"]["incidents"][0]["record"]["id"], first.as_str(), "the link stays");
}
