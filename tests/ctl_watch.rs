//! Custody time limits on watch through the API and the CLI: a remanded
//! defendant's limit is due within the server's `ctl_warning_days`, an
//! alarm once expired, and neither before; `GET /cases/custody-time-limits`
//! lists them expired first (each case read audited) and `query cases
//! --ctl-due` prints only the due and expired ones, on both backends.

use crate::cli::{check_documented_shape, Cli};
use crate::common;

use bluelamp::domain::case_rules::CaseRules;
use bluelamp::domain::role::Role;
use bluelamp::server::ServerConfig;
use chrono::{Duration, Utc};
use common::{Backend, TestServer};
use serde_json::{json, Value};

both_backends!(limits_are_due_within_the_warning_days_and_expired_after_them);

/// A case whose defendant was remanded in custody at a magistrates' first
/// hearing `days_ago` (or bailed there, when `remanded` is false), walked
/// there through the case's actions.
async fn remanded_case(s: &TestServer, token: &str, urn: &str, days_ago: i64, remanded: bool) -> String {
    let defendant = s.person(token, "Ryan", &format!("Cole{days_ago}"), "1996-04-02").await;
    let held = Utc::now() - Duration::days(days_ago);
    let body = json!({
        "reference": urn,
        "occurred_at": (held - Duration::days(1)).to_rfc3339(),
        "borough": "Lambeth",
        "summary": "Burglary, Acre Lane",
        "people": [{"person_id": defendant, "role": "defendant"}],
        "details": {"kind": "case", "charges": [], "stage": "pre_charge",
                    "status": "under_investigation", "officer_in_case": "DC Shah"}
    });
    let (status, case) = s.post(token, "/cases", &body).await;
    assert_eq!(status, 201, "{case}");
    let id = case["id"].as_str().unwrap().to_string();
    let mut version = case["version"].as_i64().unwrap();
    let charge = json!({"offence": "Burglary", "date": (held - Duration::days(1)).date_naive()});
    for action in [
        json!({"type": "submit_to_cps"}),
        json!({"type": "charging_decision", "decision": "cps_full_code_test", "charges": [charge]}),
        json!({"type": "list_first_hearing", "court": "Camberwell Green Magistrates' Court", "date": held}),
        json!({"type": "hearing_outcome", "hearing": 0, "outcome": "Adjourned", "remanded_in_custody": remanded}),
    ] {
        let (status, body) =
            s.post(token, &format!("/cases/{id}/actions"), &json!({"version": version, "action": action})).await;
        assert_eq!(status, 200, "{action}: {body}");
        version = body["version"].as_i64().unwrap();
    }
    id
}

fn standing<'a>(watch: &'a Value, id: &str) -> Option<&'a Value> {
    watch["cases"].as_array().unwrap().iter().find(|c| c["case_id"] == id)
}

async fn limits_are_due_within_the_warning_days_and_expired_after_them(b: Backend) {
    let config =
        ServerConfig { cases: CaseRules { ctl_warning_days: 30, ..CaseRules::default() }, ..Default::default() };
    let Some(s) = TestServer::start_with(b, config).await else { return };
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    // 56 days from the remand: 16 left (due within 30), 4 past (expired),
    // 46 left (not yet due); a defendant on bail has no limit.
    let due = remanded_case(&s, &dc, "01YE4000126", 40, true).await;
    let expired = remanded_case(&s, &dc, "01YE4000226", 60, true).await;
    let running = remanded_case(&s, &dc, "01YE4000326", 10, true).await;
    let bailed = remanded_case(&s, &dc, "01YE4000426", 40, false).await;

    let (status, watch) = s.get(&dc, "/cases/custody-time-limits?reason=CTL%20review").await;
    assert_eq!(status, 200, "{watch}");
    assert_eq!(watch["warning_days"], 30, "the server's setting: {watch}");
    assert_eq!(standing(&watch, &due).unwrap()["standing"], "due", "{watch}");
    assert_eq!(standing(&watch, &due).unwrap()["limit"]["days_remaining"], 16, "{watch}");
    assert_eq!(standing(&watch, &expired).unwrap()["standing"], "expired", "{watch}");
    assert_eq!(standing(&watch, &expired).unwrap()["limit"]["days_remaining"], -4, "{watch}");
    assert_eq!(standing(&watch, &running).unwrap()["standing"], "running", "{watch}");
    assert!(standing(&watch, &bailed).is_none(), "bail runs no limit: {watch}");
    let order: Vec<&str> = watch["cases"].as_array().unwrap().iter().map(|c| c["case_id"].as_str().unwrap()).collect();
    assert_eq!(order, vec![expired.as_str(), due.as_str(), running.as_str()], "expired first, then soonest");

    let (status, flagged) = s.get(&dc, "/cases/custody-time-limits?due=true").await;
    assert_eq!(status, 200, "{flagged}");
    let ids: Vec<&str> = flagged["cases"].as_array().unwrap().iter().map(|c| c["case_id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec![expired.as_str(), due.as_str()], "{flagged}");
    let (status, bad) = s.get(&dc, "/cases/custody-time-limits?due=maybe").await;
    assert_eq!(status, 422, "{bad}");

    let admin = s.login_as("admin", &[Role::Admin]).await;
    let (_, audit) = s.get(&admin, &format!("/audit?record={due}")).await;
    let read = |e: &&Value| e["action"] == "consultation" && e["reason"] == "CTL review";
    assert!(audit["items"].as_array().unwrap().iter().any(|e| read(&e)), "each case listed is audited: {audit}");

    // The CLI: the limit on every row, and only the due and expired with --ctl-due.
    let cli = Cli::for_server(&s, &dc);
    let rows = cli.json(&["query", "cases", "--ctl-due"]);
    let urns: Vec<&str> = rows.as_array().unwrap().iter().map(|r| r["urn"].as_str().unwrap()).collect();
    assert_eq!(urns.len(), 2, "{rows}");
    assert!(urns.contains(&"01YE4000126") && urns.contains(&"01YE4000226"), "{rows}");
    let all = cli.json(&["query", "cases"]);
    let row = |urn: &str| all.as_array().unwrap().iter().find(|r| r["urn"] == urn).unwrap().clone();
    assert_eq!(row("01YE4000226")["ctl"], "expired", "{all}");
    assert_eq!(row("01YE4000226")["ctl_days_remaining"], -4, "{all}");
    assert_eq!(row("01YE4000326")["ctl"], "running", "{all}");
    assert_eq!(row("01YE4000426")["ctl"], Value::Null, "{all}");
    check_documented_shape(&cli, "query cases", &["query", "cases", "--ctl-due"]);
}
