//! Prosecution case files through the API: the walk from charging decision
//! to result as the investigator, refusals for wrong roles, stale versions
//! and invalid transitions, rejection for quality, and the custody time limit.

use crate::common;

use bluelamp::domain::role::Role;
use chrono::{Duration, Utc};
use common::{Backend, TestServer};
use serde_json::{json, Value};

fn case_file(urn: &str, defendant: &str) -> Value {
    json!({
        "reference": urn,
        "occurred_at": (Utc::now() - Duration::days(60)).to_rfc3339(),
        "borough": "Southwark",
        "summary": "Street robbery, Walworth Road",
        "people": [{"person_id": defendant, "role": "defendant"}],
        "details": {"kind": "case", "charges": [], "stage": "pre_charge",
                    "status": "under_investigation", "officer_in_case": "DC Shah"}
    })
}

async fn act(s: &TestServer, token: &str, id: &str, version: i64, action: Value) -> (u16, Value) {
    s.post(token, &format!("/cases/{id}/actions"), &json!({"version": version, "action": action})).await
}

async fn step(s: &TestServer, token: &str, id: &str, version: i64, action: Value) -> (i64, Value) {
    let (status, body) = act(s, token, id, version, action.clone()).await;
    assert_eq!(status, 200, "{action}: {body}");
    (body["version"].as_i64().unwrap(), body)
}

async fn a_case_walks_from_charging_decision_to_result(b: Backend) {
    let Some(s) = TestServer::start(b).await else {
        return;
    };
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let defendant = s.person(&dc, "Jason", "Mbeki", "1999-02-11").await;
    let (status, bad) = s.post(&dc, "/cases", &case_file("01YE1234", &defendant)).await;
    assert_eq!(status, 422, "{bad}");
    assert_eq!(bad["error"]["field"], "reference");
    let (status, case) = s.post(&dc, "/cases", &case_file("01YE1234526", &defendant)).await;
    assert_eq!(status, 201, "{case}");
    let id = case["id"].as_str().unwrap().to_string();
    let v = case["version"].as_i64().unwrap();

    // Only investigators work case files.
    let (status, _) = act(&s, &control, &id, v, json!({"type": "submit_to_cps"})).await;
    assert_eq!(status, 403);

    let (v, _) = step(&s, &dc, &id, v, json!({"type": "submit_to_cps"})).await;
    let (status, stale) = act(&s, &dc, &id, v - 1, json!({"type": "seek_early_advice"})).await;
    assert_eq!(status, 409, "{stale}");
    let charge = json!({"offence": "Robbery", "date": (Utc::now() - Duration::days(60)).date_naive()});
    let (v, charged) = step(
        &s,
        &dc,
        &id,
        v,
        json!({"type": "charging_decision", "decision": "cps_full_code_test", "charges": [charge]}),
    )
    .await;
    assert_eq!(charged["status"], "charged");
    assert_eq!(charged["details"]["charging_decision"], "cps_full_code_test");

    // No result before any hearing, no trial before a plea.
    let (status, body) = act(&s, &dc, &id, v, json!({"type": "record_result", "hearing": 0, "result": "Guilty"})).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("before a hearing"), "{body}");
    // The first hearing has already been held by the time the plea is recorded.
    let first = Utc::now() - Duration::days(20);
    let (v, _) = step(
        &s,
        &dc,
        &id,
        v,
        json!({"type": "list_first_hearing", "court": "Camberwell Green Magistrates' Court", "date": first}),
    )
    .await;
    let trial = Utc::now() + Duration::days(90);
    let (status, body) =
        act(&s, &dc, &id, v, json!({"type": "list_trial", "court": "Inner London Crown Court", "date": trial})).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("before a plea"), "{body}");

    let (v, _) = step(
        &s,
        &dc,
        &id,
        v,
        json!({"type": "hearing_outcome", "hearing": 0, "outcome": "Sent to the Crown Court", "remanded_in_custody": true}),
    )
    .await;
    let (v, pleaded) = step(&s, &dc, &id, v, json!({"type": "enter_plea", "hearing": 0, "plea": "not_guilty"})).await;
    assert_eq!(pleaded["status"], "plea_entered");
    assert_eq!(pleaded["details"]["stage"], "upgrade");

    // Remanded in custody: the custody time limit is counting down.
    let (status, ctl) = s.get(&dc, &format!("/cases/{id}/custody-time-limit")).await;
    assert_eq!(status, 200, "{ctl}");
    assert_eq!(ctl["days_remaining"], 56 - 20, "{ctl}");

    let (v, listed) = step(
        &s,
        &dc,
        &id,
        v,
        json!({"type": "list_trial", "court": "Inner London Crown Court", "date": Utc::now() - Duration::days(1)}),
    )
    .await;
    assert_eq!(listed["status"], "trial_listed");
    let (_, ctl) = s.get(&dc, &format!("/cases/{id}/custody-time-limit")).await;
    assert_eq!(ctl["crown_court"], true);
    assert_eq!(ctl["days_remaining"], 182 - 20, "{ctl}");

    let (v, result) =
        step(&s, &dc, &id, v, json!({"type": "record_result", "hearing": 1, "result": "Guilty; 4 years"})).await;
    assert_eq!(result["status"], "result");
    assert_eq!(result["details"]["hearings"][1]["outcome"], "result: Guilty; 4 years");
    let (_, ctl) = s.get(&dc, &format!("/cases/{id}/custody-time-limit")).await;
    assert_eq!(ctl, Value::Null);
    let (v, done) = step(&s, &dc, &id, v, json!({"type": "finalise"})).await;
    assert_eq!(done["status"], "finalised");
    let (status, _) = act(&s, &dc, &id, v, json!({"type": "finalise"})).await;
    assert_eq!(status, 422);

    let admin = s.login_as("admin", &[Role::Admin]).await;
    let (_, audit) = s.get(&admin, &format!("/audit?record={id}")).await;
    let text = audit.to_string();
    assert!(text.contains("updated to trial_listed") && text.contains("updated to finalised"), "{text}");
}

async fn a_file_rejected_for_quality_carries_its_reason(b: Backend) {
    let Some(s) = TestServer::start(b).await else {
        return;
    };
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    let defendant = s.person(&dc, "Leah", "Grant", "2001-09-23").await;
    let (_, case) = s.post(&dc, "/cases", &case_file("01YE0077726", &defendant)).await;
    let id = case["id"].as_str().unwrap().to_string();
    let (v, _) = step(&s, &dc, &id, 1, json!({"type": "submit_to_cps"})).await;
    let (status, body) = act(&s, &dc, &id, v, json!({"type": "reject_for_quality", "reason": ""})).await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["field"], "action.reason");
    let (v, rejected) = step(&s, &dc, &id, v, json!({"type": "reject_for_quality", "reason": "No MG5 summary"})).await;
    assert_eq!(rejected["status"], "rejected_for_quality");
    assert_eq!(rejected["details"]["rejected_reason"], "No MG5 summary");
    let (status, _) =
        act(&s, &dc, &id, v, json!({"type": "list_first_hearing", "court": "X", "date": Utc::now()})).await;
    assert_eq!(status, 422);
    let (_, back) = step(&s, &dc, &id, v, json!({"type": "resubmit"})).await;
    assert_eq!(back["status"], "awaiting_cps");
}

both_backends!(a_case_walks_from_charging_decision_to_result, a_file_rejected_for_quality_carries_its_reason);
