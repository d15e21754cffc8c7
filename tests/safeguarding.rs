//! The safeguarding desk through the API: a report from its draft to its
//! close, sign-off refused to its author and to any role but the
//! safeguarding supervisor, bad input refused with the field or rule named
//! and nothing written, the overdue sign-off and referral queues, a missing
//! person's MISSING flag on profile and lookup that clears when found, the
//! generic update refused, and need-to-know: a role that may not read
//! safeguarding sees none of it.

use crate::common;

use bluelamp::domain::role::Role;
use bluelamp::domain::safeguarding::SafeguardingRules;
use bluelamp::server::ServerConfig;
use chrono::{Duration, Utc};
use common::{Backend, TestServer};
use serde_json::{json, Value};

both_backends!(
    a_report_walks_from_draft_to_closed_with_a_referral_answered,
    sign_off_is_refused_to_the_author_and_to_every_role_but_the_supervisor,
    bad_input_is_refused_with_the_field_or_rule_named_and_nothing_written,
    unsigned_reports_and_unanswered_referrals_are_overdue_in_the_queues,
    the_missing_flag_shows_on_profile_and_lookup_and_clears_when_found,
    the_generic_update_no_longer_bypasses_the_actions,
    a_role_that_may_not_read_safeguarding_never_sees_it,
);

fn report(subject: &str) -> Value {
    json!({
        "occurred_at": Utc::now() - Duration::hours(1), "borough": "lambeth",
        "summary": "Child left alone overnight",
        "people": [{"person_id": subject, "role": "subject"}],
        "details": {"kind": "safeguarding", "category": "child_welfare", "status": "draft", "risk": "high",
                    "risk_reasons": "Aged 6, alone overnight twice this week",
                    "police_checks": "PNC: no trace on the mother", "officer_in_charge": "DS Khan"}
    })
}

/// A missing-person report on `subject`, still a draft (MISSING while open).
pub fn missing_report(subject: &str) -> Value {
    json!({
        "occurred_at": Utc::now() - Duration::hours(2), "borough": "croydon",
        "summary": "Missing: 14-year-old not home from school",
        "people": [{"person_id": subject, "role": "subject"}],
        "details": {"kind": "safeguarding", "category": "missing_person", "status": "draft", "risk": "medium",
                    "risk_reasons": "First time missing", "officer_in_charge": "PS Reid",
                    "missing": {"last_seen_at": Utc::now() - Duration::hours(5), "last_seen_place": "Croydon College",
                                "grade": "medium", "grade_reason": "Aged 14, first time missing"}}
    })
}

async fn write(s: &TestServer, token: &str, body: &Value) -> (String, Value) {
    let (status, report) = s.post(token, "/safeguarding", body).await;
    assert_eq!(status, 201, "{report}");
    (report["id"].as_str().unwrap().to_string(), report)
}

async fn act(s: &TestServer, token: &str, id: &str, version: i64, action: Value) -> (u16, Value) {
    s.post(token, &format!("/safeguarding/{id}/actions"), &json!({"version": version, "action": action})).await
}

async fn step(s: &TestServer, token: &str, id: &str, report: &Value, action: Value) -> Value {
    let (status, body) = act(s, token, id, report["version"].as_i64().unwrap(), action.clone()).await;
    assert_eq!(status, 200, "{action}: {body}");
    body
}

async fn read(s: &TestServer, token: &str, id: &str) -> Value {
    let (status, report) = s.get(token, &format!("/safeguarding/{id}?reason=safeguarding%20review")).await;
    assert_eq!(status, 200, "{report}");
    report
}

async fn queue(s: &TestServer, token: &str, query: &str) -> Vec<Value> {
    let (status, page) = s.get(token, &format!("/safeguarding/queue?{query}")).await;
    assert_eq!(status, 200, "{page}");
    page["rows"].as_array().unwrap().clone()
}

fn ids(rows: &[Value]) -> Vec<String> {
    rows.iter().map(|r| r["event"]["id"].as_str().unwrap().to_string()).collect()
}

fn refer() -> Value {
    json!({"type": "refer", "agency": "lambeth-childrens", "recipient": "Duty and assessment team"})
}

async fn a_report_walks_from_draft_to_closed_with_a_referral_answered(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let officer = s.login_as("ds.khan", &[Role::Safeguarding]).await;
    let supervisor = s.login_as("di.patel", &[Role::SafeguardingSupervisor]).await;
    let child = s.person(&officer, "Amara", "Bello", "2020-05-01").await;
    let mother = s.person(&officer, "Grace", "Bello", "1994-02-11").await;
    let (id, r) = write(&s, &officer, &report(&child)).await;
    assert_eq!(r["status"], "draft");
    let r = step(&s, &officer, &id, &r, json!({"type": "link_person", "person_id": mother, "role": "carer"})).await;
    let r = step(&s, &officer, &id, &r, json!({"type": "record_check", "system": "pnd", "result": "No trace"})).await;
    let r = step(&s, &officer, &id, &r, json!({"type": "submit"})).await;
    assert_eq!(r["status"], "submitted");
    assert!(r["details"]["sign_off_due"].is_string());
    let r = step(&s, &supervisor, &id, &r, json!({"type": "sign_off", "note": "Refer today"})).await;
    assert_eq!(r["status"], "signed_off");
    assert_eq!(r["details"]["sign_off"]["by"], "di.patel");
    let share = json!({"type": "share", "agency": "lambeth-education", "recipient": "School safeguarding lead"});
    let r = step(&s, &officer, &id, &r, share).await;
    assert_eq!(r["status"], "shared");
    let r = step(&s, &officer, &id, &r, refer()).await;
    assert_eq!(r["status"], "referred");
    assert_eq!(r["details"]["sharing"], "formal_referral");
    let referral = &r["details"]["referrals"][1];
    assert_eq!(referral["agency_name"], "Lambeth children's social care");
    assert_eq!(referral["recipient"], "Duty and assessment team");
    assert!(referral["sent_at"].is_string() && referral["response_due"].is_string());
    assert_eq!(ids(&queue(&s, &supervisor, "queue=awaiting_response").await), vec![id.clone()]);
    let close = json!({"type": "close", "result": "partner_agency_lead", "note": "Social care leads"});
    let (status, body) = act(&s, &officer, &id, r["version"].as_i64().unwrap(), close.clone()).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("waiting for its response"), "{body}");
    let respond = json!({"type": "record_response", "decision": "accepted", "text": "Strategy discussion held"});
    let r = step(&s, &officer, &id, &r, respond).await;
    assert_eq!(r["details"]["referrals"][1]["response"]["decision"], "accepted");
    assert!(queue(&s, &supervisor, "queue=awaiting_response").await.is_empty());
    let r = step(&s, &officer, &id, &r, close).await;
    assert_eq!(r["status"], "closed");
    assert_eq!(r["details"]["closure"]["result"], "partner_agency_lead");
    let people: Vec<&str> = r["people"].as_array().unwrap().iter().map(|p| p["role"].as_str().unwrap()).collect();
    assert_eq!(people, ["subject", "carer"]);
    assert!(queue(&s, &officer, "").await.is_empty(), "a closed report leaves the queues");
    // Each step is in the audit, with its reason.
    let admin = s.login_as("admin.lee", &[Role::Admin]).await;
    let steps = s.audit_steps(&admin, &id).await;
    assert!(steps.iter().any(|(_, reason)| reason.contains("signed off")), "{steps:?}");
    assert!(steps.iter().any(|(_, reason)| reason.contains("referred to lambeth-childrens")), "{steps:?}");
}

async fn sign_off_is_refused_to_the_author_and_to_every_role_but_the_supervisor(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let author = s.login_as("dsu.ray", &[Role::SafeguardingSupervisor]).await;
    let officer = s.login_as("ds.khan", &[Role::Safeguarding]).await;
    let inspector = s.login_as("insp.cole", &[Role::Inspector, Role::Investigator]).await;
    let supervisor = s.login_as("di.patel", &[Role::SafeguardingSupervisor]).await;
    let child = s.person(&officer, "Amara", "Bello", "2020-05-01").await;
    let (id, r) = write(&s, &author, &report(&child)).await;
    let r = step(&s, &author, &id, &r, json!({"type": "submit"})).await;
    let v = r["version"].as_i64().unwrap();
    for token in [&officer, &inspector] {
        let (status, body) = act(&s, token, &id, v, json!({"type": "sign_off"})).await;
        assert_eq!(status, 403, "{body}");
        assert!(body["error"]["message"].as_str().unwrap().contains("safeguarding supervisor"), "{body}");
    }
    let (status, body) = act(&s, &author, &id, v, json!({"type": "sign_off"})).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("action.type")), "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("other than its author"), "{body}");
    assert_eq!(act(&s, &officer, &id, v, json!({"type": "return", "reason": "x y"})).await.0, 403);
    assert_eq!(read(&s, &officer, &id).await["status"], "submitted");
    let r = step(&s, &supervisor, &id, &r, json!({"type": "return", "reason": "Add the father's checks"})).await;
    assert_eq!(r["status"], "draft");
    let r = step(&s, &author, &id, &r, json!({"type": "submit"})).await;
    let r = step(&s, &supervisor, &id, &r, json!({"type": "sign_off"})).await;
    assert_eq!(r["status"], "signed_off");
}

async fn bad_input_is_refused_with_the_field_or_rule_named_and_nothing_written(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let officer = s.login_as("ds.khan", &[Role::Safeguarding]).await;
    let supervisor = s.login_as("di.patel", &[Role::SafeguardingSupervisor]).await;
    let child = s.person(&officer, "Amara", "Bello", "2020-05-01").await;
    // Written as a draft, nothing of the workflow in the body.
    let mut early = report(&child);
    early["details"]["status"] = json!("signed_off");
    let (status, body) = s.post(&officer, "/safeguarding", &early).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("details.status")), "{body}");
    let mut missing = missing_report(&child);
    missing["details"].as_object_mut().unwrap().remove("missing");
    let (status, body) = s.post(&officer, "/safeguarding", &missing).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("details.missing")), "{body}");

    let mut unreasoned = report(&child);
    unreasoned["details"]["risk_reasons"] = json!("");
    let (id, r) = write(&s, &officer, &unreasoned).await;
    let refused = |action: Value, field: &'static str, version: i64| {
        let (s, officer, id) = (&s, officer.clone(), id.clone());
        async move {
            let (status, body) = act(s, &officer, &id, version, action.clone()).await;
            assert_eq!(status, 422, "{action}: {body}");
            assert_eq!(body["error"]["field"], field, "{action}: {body}");
            body
        }
    };
    let body = refused(json!({"type": "submit"}), "action.type", 1).await;
    assert!(body["error"]["message"].as_str().unwrap().contains("reasons for its risk"), "{body}");
    refused(refer(), "action.type", 1).await;
    refused(json!({"type": "found", "at": Utc::now(), "place": "Home"}), "action.type", 1).await;
    refused(json!({"type": "link_person", "person_id": child, "role": "detainee"}), "action.role", 1).await;
    refused(json!({"type": "record_check", "system": "pnc", "result": " "}), "action.result", 1).await;
    let r = step(&s, &officer, &id, &r, json!({"type": "assess_risk", "risk": "high", "reasons": "Alone again"})).await;
    let r = step(&s, &officer, &id, &r, json!({"type": "submit"})).await;
    let r = step(&s, &supervisor, &id, &r, json!({"type": "sign_off"})).await;
    let v = r["version"].as_i64().unwrap();
    refused(json!({"type": "refer", "agency": "narnia-childrens", "recipient": "Duty"}), "action.agency", v).await;
    refused(json!({"type": "refer", "agency": "lambeth-childrens", "recipient": ""}), "action.recipient", v).await;
    let future = Utc::now() + Duration::days(1);
    refused(
        json!({"type": "refer", "agency": "lambeth-childrens", "recipient": "Duty", "sent_at": future}),
        "action.sent_at",
        v,
    )
    .await;
    refused(json!({"type": "record_response", "decision": "accepted", "text": "ok"}), "action.type", v).await;
    // Stale version.
    assert_eq!(act(&s, &officer, &id, v - 1, refer()).await.0, 409);
    let stored = read(&s, &officer, &id).await;
    assert_eq!(stored["version"].as_i64(), Some(v));
    assert!(stored["details"].get("referrals").is_none(), "{stored}");
}

async fn unsigned_reports_and_unanswered_referrals_are_overdue_in_the_queues(b: Backend) {
    // A force whose clocks have run out the moment they start.
    let rules = SafeguardingRules { sign_off_hours: 0, response_hours: 0, ..SafeguardingRules::default() };
    let Some(s) = TestServer::start_with(b, ServerConfig { safeguarding: rules, ..Default::default() }).await else {
        return;
    };
    let officer = s.login_as("ds.khan", &[Role::Safeguarding]).await;
    let supervisor = s.login_as("di.patel", &[Role::SafeguardingSupervisor]).await;
    let child = s.person(&officer, "Amara", "Bello", "2020-05-01").await;
    let (draft, _) = write(&s, &officer, &report(&child)).await;
    let (unsigned, r) = write(&s, &officer, &report(&child)).await;
    step(&s, &officer, &unsigned, &r, json!({"type": "submit"})).await;
    let (referred, r) = write(&s, &officer, &report(&child)).await;
    let r = step(&s, &officer, &referred, &r, json!({"type": "submit"})).await;
    let r = step(&s, &supervisor, &referred, &r, json!({"type": "sign_off"})).await;
    step(&s, &officer, &referred, &r, refer()).await;

    assert_eq!(ids(&queue(&s, &supervisor, "queue=drafts").await), vec![draft.clone()]);
    assert_eq!(ids(&queue(&s, &supervisor, "queue=awaiting_sign_off").await), vec![unsigned.clone()]);
    let late = queue(&s, &supervisor, "queue=sign_off_overdue").await;
    assert_eq!(ids(&late), vec![unsigned.clone()]);
    assert_eq!(late[0]["due"]["sign_off_overdue"], true);
    let late = queue(&s, &supervisor, "queue=response_overdue").await;
    assert_eq!(ids(&late), vec![referred.clone()]);
    assert_eq!(late[0]["due"]["response_overdue"], true);
    let mut overdue = ids(&queue(&s, &supervisor, "queue=overdue").await);
    overdue.sort();
    let mut expected = vec![unsigned.clone(), referred.clone()];
    expected.sort();
    assert_eq!(overdue, expected);
    // The response recorded, the referral is no longer overdue.
    let r = read(&s, &officer, &referred).await;
    step(
        &s,
        &officer,
        &referred,
        &r,
        json!({"type": "record_response", "decision": "no_further_action", "text": "Known"}),
    )
    .await;
    assert!(queue(&s, &supervisor, "queue=response_overdue").await.is_empty());
    let (status, body) = s.get(&supervisor, "/safeguarding/queue?queue=everything").await;
    assert_eq!(status, 422, "{body}");
}

async fn flags_of(s: &TestServer, token: &str, person: &str) -> (Value, Value) {
    s.settle().await;
    let (status, profile) = s.get(token, &format!("/persons/{person}?reason=welfare%20check")).await;
    assert_eq!(status, 200, "{profile}");
    let (status, found) = s.get(token, "/search/subjects?q=Tolu%20Adeyemi&reason=welfare%20check").await;
    assert_eq!(status, 200, "{found}");
    let hit = found["hits"].as_array().unwrap().iter().find(|h| h["person_id"] == person).cloned().unwrap();
    (profile["flags"].clone(), hit["flags"].clone())
}

async fn the_missing_flag_shows_on_profile_and_lookup_and_clears_when_found(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let officer = s.login_as("ps.reid", &[Role::Safeguarding]).await;
    let control = s.login_as("op.adams", &[Role::ControlRoom]).await;
    let detective = s.login_as("dc.moss", &[Role::Investigator]).await;
    let teen = s.person(&officer, "Tolu", "Adeyemi", "2012-03-09").await;
    let (id, r) = write(&s, &officer, &missing_report(&teen)).await;
    // The flag follows the person, for every role that may read its source.
    for token in [&officer, &detective] {
        let (profile, hit) = flags_of(&s, token, &teen).await;
        assert_eq!((profile["missing"].as_bool(), hit["missing"].as_bool()), (Some(true), Some(true)));
    }
    // The control room may not read safeguarding: it is not told by a flag either.
    let (profile, hit) = flags_of(&s, &control, &teen).await;
    assert_eq!((profile["missing"].as_bool(), hit["missing"].as_bool()), (Some(false), Some(false)));
    assert_eq!(ids(&queue(&s, &officer, "queue=missing").await), vec![id.clone()]);
    let r = step(&s, &officer, &id, &r, json!({"type": "log_enquiry", "text": "Friends' homes visited"})).await;
    let regrade =
        json!({"type": "grade_missing", "grade": "high", "reason": "Seen getting into a car with an older man"});
    let r = step(&s, &officer, &id, &r, regrade).await;
    assert_eq!(r["details"]["missing"]["regrades"][0]["grade"], "high");
    let found = json!({"type": "found", "at": Utc::now() - Duration::minutes(10), "place": "Croydon bus garage"});
    let r = step(&s, &officer, &id, &r, found).await;
    assert!(r["details"]["missing"]["found"]["return_interview_due"].is_string());
    let (profile, hit) = flags_of(&s, &detective, &teen).await;
    assert_eq!((profile["missing"].as_bool(), hit["missing"].as_bool()), (Some(false), Some(false)));
    assert!(queue(&s, &officer, "queue=missing").await.is_empty());
    let row = queue(&s, &officer, "").await.remove(0);
    assert!(row["due"]["return_interview_due"].is_string(), "{row}");
    // A high-risk report puts AT RISK on its subject while open.
    let risk = json!({"type": "assess_risk", "risk": "high", "reasons": "Exploitation suspected"});
    step(&s, &officer, &id, &r, risk).await;
    let (profile, hit) = flags_of(&s, &detective, &teen).await;
    assert_eq!((profile["at_risk"].as_bool(), hit["at_risk"].as_bool()), (Some(true), Some(true)));
    let (profile, hit) = flags_of(&s, &control, &teen).await;
    assert_eq!((profile["at_risk"].as_bool(), hit["at_risk"].as_bool()), (Some(false), Some(false)));
    assert_eq!(ids(&queue(&s, &officer, "queue=at_risk").await), vec![id]);
}

async fn the_generic_update_no_longer_bypasses_the_actions(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let officer = s.login_as("ds.khan", &[Role::Safeguarding]).await;
    let child = s.person(&officer, "Amara", "Bello", "2020-05-01").await;
    let (id, r) = write(&s, &officer, &report(&child)).await;
    let mut event = report(&child);
    event["details"]["status"] = json!("signed_off");
    event["details"]["sign_off"] = json!({"by": "ds.khan", "at": Utc::now()});
    let (status, body) =
        s.put(&officer, &format!("/safeguarding/{id}"), &json!({"version": r["version"], "event": event})).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("collection")), "{body}");
    assert_eq!(read(&s, &officer, &id).await["status"], "draft");
}

async fn a_role_that_may_not_read_safeguarding_never_sees_it(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let officer = s.login_as("ds.khan", &[Role::Safeguarding]).await;
    let custody = s.login_as("ps.lane", &[Role::CustodySergeant]).await;
    let child = s.person(&officer, "Amara", "Bello", "2020-05-01").await;
    let (id, r) = write(&s, &officer, &report(&child)).await;
    s.settle().await;
    assert_eq!(s.get(&custody, "/safeguarding/queue?queue=drafts").await.0, 403);
    assert_eq!(s.get(&custody, "/safeguarding").await.0, 403);
    assert_eq!(s.get(&custody, "/safeguarding/agencies").await.0, 403);
    assert_eq!(s.get(&custody, &format!("/safeguarding/{id}?reason=custody%20check")).await.0, 403);
    assert_eq!(act(&s, &custody, &id, r["version"].as_i64().unwrap(), json!({"type": "submit"})).await.0, 403);
    let (_, profile) = s.get(&custody, &format!("/persons/{child}?reason=custody%20check")).await;
    assert!(profile["timeline"].as_array().unwrap().is_empty(), "{profile}");
    let reference = r["reference"].as_str().unwrap().replace('/', "%2F");
    let (_, found) = s.get(&custody, &format!("/search/subjects?q={reference}&reason=custody%20check")).await;
    assert!(found["hits"].as_array().unwrap().is_empty(), "{found}");
    // The officer who may read it finds it by its reference.
    let (_, found) = s.get(&officer, &format!("/search/subjects?q={reference}&reason=welfare%20check")).await;
    assert_eq!(found["hits"][0]["person_id"], child);
}
