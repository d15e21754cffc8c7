//! The safeguarding and ASB desks in the real console, in a
//! pseudo-terminal against a real server: a safeguarding supervisor signs
//! off and refers a submitted report while a safeguarding officer's
//! console shows it leave "awaiting my sign-off" and its referral arrive;
//! and an ASB case, its first incident linked from the pane (chosen from
//! the borough's list), reaches its review trigger as the third is linked
//! from the CLI while the ASB pane shows it.

use crate::asb::{asb_call, incident};
use crate::cli::Cli;
use crate::common;

use std::time::Duration;

use bluelamp::domain::role::Role;
use chrono::Utc;
use common::terminal::console_at_lookup;
use common::{Backend, TestServer};
use serde_json::json;

const F10: &[u8] = b"\x1b[21~";
const F11: &[u8] = b"\x1b[23~";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supervisor_signs_off_and_refers_a_report_while_another_console_watches() {
    let s = TestServer::start(Backend::Sqlite).await.expect("server");
    let officer = s.login_as("dc.shah", &[Role::Safeguarding]).await;
    let supervisor = s.login_as("ds.moss", &[Role::SafeguardingSupervisor]).await;
    let child = s.person(&officer, "Amy", "Clarke", "2019-05-02").await;
    let body = json!({
        "occurred_at": Utc::now() - chrono::Duration::hours(3), "borough": "lambeth",
        "summary": "Child left alone overnight",
        "people": [{"person_id": child, "role": "subject"}],
        "details": {"kind": "safeguarding", "category": "child_welfare", "status": "draft", "risk": "high",
                    "risk_reasons": "Aged 7, alone overnight twice this week",
                    "police_checks": "PNC: no trace on the mother", "officer_in_charge": "DC Shah"}
    });
    let (status, report) = s.post(&officer, "/safeguarding", &body).await;
    assert_eq!(status, 201, "{report}");
    let id = report["id"].as_str().unwrap().to_string();
    let reference = report["reference"].as_str().unwrap().to_string();
    let submit = json!({"version": report["version"], "action": {"type": "submit"}});
    let (status, submitted) = s.post(&officer, &format!("/safeguarding/{id}/actions"), &submit).await;
    assert_eq!(status, 200, "{submitted}");
    s.settle().await;
    let server = s.root();
    let (officer_config, supervisor_config) =
        (tempfile::tempdir().expect("config"), tempfile::tempdir().expect("config"));
    let step = Duration::from_secs(10);

    tokio::task::block_in_place(|| {
        // The officer watches the queue awaiting sign-off.
        let mut watch = console_at_lookup(&server, &officer, officer_config.path());
        watch.send(F10);
        watch.wait_for("Safeguarding — awaiting sign-off", step);
        watch.wait_for(&reference, step);
        watch.wait_for("Amy Clarke ! AT RISK", step);

        // The officer may not sign off: the server says so in the form.
        watch.send(b"s");
        watch.wait_for(&format!("Sign off {reference}"), step);
        watch.send(b"\r");
        watch.wait_for("only a safeguarding supervisor may sign off", step);
        watch.send(b"\x1b");

        let mut desk = console_at_lookup(&server, &supervisor, supervisor_config.path());
        desk.send(F10);
        desk.wait_for(&reference, step);
        desk.send(b"s");
        desk.wait_for(&format!("Sign off {reference}"), step);
        desk.type_text("Refer to children's social care today");
        desk.send(b"\r");
        desk.wait_for(&format!("Sign off {reference}: saved."), step);
        desk.wait_until("the report out of the sign-off queue", step, |screen| !screen.contains(&reference));
        watch.wait_until("the report gone from the officer's queue", step, |screen| !screen.contains(&reference));

        // Signed off, it waits among every open report to be referred.
        // v opens the queue picker; Delete clears it to every open report.
        watch.send(b"v");
        watch.wait_for("Filter: Safeguarding queue", step);
        watch.send(b"\x1b[3~");
        watch.wait_for("Safeguarding — all open", step);
        watch.wait_for("to share or refer", step);
        desk.send(b"v");
        desk.wait_for("Filter: Safeguarding queue", step);
        desk.send(b"\x1b[3~");
        desk.wait_for("Safeguarding — all open", step);
        desk.wait_for(&reference, step);
        desk.send(b"f");
        desk.wait_for(&format!("Refer {reference} to a partner agency"), step);
        desk.wait_for("Agencies:", step);
        desk.type_text("lambeth-childrens");
        desk.send(b"\r");
        desk.type_text("Duty and assessment team");
        desk.send(b"\r");
        desk.wait_for(&format!("Refer {reference}: saved."), step);
        watch.wait_for("(Duty and assessment team)", step);
        watch.wait_for("response in", step);
        desk.quit();
        watch.quit();
    });

    let (_, stored) = s.get(&officer, &format!("/safeguarding/{id}?reason=console%20desk%20check")).await;
    assert_eq!(stored["status"], "referred", "{stored}");
    assert_eq!(stored["details"]["sign_off"]["by"], "ds.moss", "{stored}");
    assert_eq!(stored["details"]["referrals"][0]["agency"], "lambeth-childrens", "{stored}");
    assert_eq!(stored["details"]["referrals"][0]["recipient"], "Duty and assessment team", "{stored}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_asb_case_reaches_its_trigger_as_the_cli_links_a_third_incident() {
    let s = TestServer::start(Backend::Sqlite).await.expect("server");
    let token = s.login_as("pc.ahmed", &[Role::ControlRoom]).await;
    let cli = Cli::for_server(&s, &token);
    let victim = s.person(&token, "Jean", "Price", "1941-03-02").await;
    let mut incidents = Vec::new();
    for days in [60, 20, 3] {
        incidents.push(incident(&s, &token, &asb_call(&victim, days, "personal")).await);
    }
    let case = cli.json(&[
        "asb",
        "open",
        "--category",
        "personal",
        "--borough",
        "lambeth",
        "--summary",
        "Abuse at Jean Price in the Moorland Estate stairwell",
        "--complainant",
        &victim,
    ]);
    let id = case["event"]["id"].as_str().unwrap().to_string();
    let reference = case["event"]["reference"].as_str().unwrap().to_string();
    cli.json(&["asb", "link", &id, "--record", &incidents[0]]);
    let (_, second) = s.get(&token, &format!("/incidents/{}?reason=test%20setup", incidents[1])).await;
    let second_ref = second["reference"].as_str().unwrap().to_string();
    s.settle().await;
    let server = s.root();
    let config = tempfile::tempdir().expect("config");
    let step = Duration::from_secs(10);

    tokio::task::block_in_place(|| {
        let mut desk = console_at_lookup(&server, &token, config.path());
        desk.send(F11);
        desk.wait_for("ASB cases — all boroughs", step);
        desk.wait_until("the case at 1 of 3", step, |screen| {
            screen.lines().any(|l| l.contains(&reference) && l.contains("1/3"))
        });

        // The second from the pane: chosen from the borough's list by its reference.
        desk.send(b"l");
        desk.wait_for(&format!("Link an incident to {reference}"), step);
        desk.wait_for(&second_ref, step);
        desk.type_text(&second_ref);
        desk.send(b"\r");
        desk.wait_for(&format!("Link an incident to {reference}: saved."), step);
        desk.wait_until("the case at 2 of 3", step, |screen| {
            screen.lines().any(|l| l.contains(&reference) && l.contains("2/3") && !l.contains("TRIGGER MET"))
        });

        // The third from the CLI: the pane shows the trigger met.
        let linked = cli.json(&["asb", "link", &id, "--record", &incidents[2]]);
        assert_eq!(linked["standing"]["trigger"]["met"], true, "{linked}");
        desk.wait_until("the trigger met on the case's row", step, |screen| {
            screen.lines().any(|l| l.contains(&reference) && l.contains("3/3") && l.contains("▲ TRIGGER MET"))
        });
        desk.wait_for("3 of 3 incidents in 183 days", step);
        desk.quit();
    });
}
