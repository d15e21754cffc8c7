//! The crime and intelligence desks' decisions in the real console, in a
//! pseudo-terminal against a real server: an inspector approves the
//! outcome an investigator proposed, from the "awaiting approval" queue,
//! and the crime is finalised with them as its approver; and an
//! intelligence officer returns a submitted report to its author with the
//! reason, after the console refused it without one.

use crate::common;

use std::time::Duration;

use bluelamp::domain::role::Role;
use chrono::Utc;
use common::terminal::console_at_lookup;
use common::{intelligence_json, Backend, TestServer};
use serde_json::{json, Value};

const F8: &[u8] = b"\x1b[19~";
const F9: &[u8] = b"\x1b[20~";

async fn step(s: &TestServer, token: &str, crime: &Value, action: Value) -> Value {
    let id = crime["id"].as_str().unwrap();
    let body = json!({"version": crime["version"], "action": action});
    let (status, crime) = s.post(token, &format!("/crimes/{id}/actions"), &body).await;
    assert_eq!(status, 200, "{action}: {crime}");
    crime
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_inspector_approves_a_proposed_outcome_from_the_console() {
    let s = TestServer::start(Backend::Sqlite).await.expect("server");
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    let inspector = s.login_as("insp.ward", &[Role::Inspector]).await;
    let reported = Utc::now() - chrono::Duration::hours(30);
    let report = json!({
        "occurred_at": reported - chrono::Duration::hours(1), "borough": "lambeth",
        "summary": "Pedal cycle taken from a front garden",
        "details": {"kind": "crime", "offence": "Theft of a pedal cycle", "status": "open", "reported_at": reported}
    });
    let (status, crime) = s.post(&dc, "/crimes", &report).await;
    assert_eq!(status, 201, "{crime}");
    let reference = crime["reference"].as_str().unwrap().to_string();
    let crime = step(&s, &dc, &crime, json!({"type": "classify", "code": "44"})).await;
    let crime = step(&s, &dc, &crime, json!({"type": "allocate", "officer": "dc.shah", "unit": "Lambeth CID"})).await;
    let outcome = json!({"type": "propose_outcome", "outcome": 18, "note": "No CCTV, no witnesses, no forensics"});
    let crime = step(&s, &dc, &crime, outcome).await;
    s.settle().await;
    let server = s.root();
    let config = tempfile::tempdir().expect("config");
    let step = Duration::from_secs(10);

    tokio::task::block_in_place(|| {
        let mut desk = console_at_lookup(&server, &inspector, config.path());
        desk.send(F8);
        desk.wait_for("Crimes — my crimes", step);
        // c opens the queue picker; typing narrows it, Enter picks.
        desk.send(b"c");
        desk.type_text("approval");
        desk.send(b"\r");
        desk.wait_for("Crimes — awaiting approval", step);
        desk.wait_for(&reference, step);
        desk.wait_for("A approve · B return", step);
        desk.send(b"A");
        desk.wait_for("Approve outcome 18", step);
        desk.type_text("Proportionate enquiries made");
        desk.send(b"\r");
        desk.wait_for(&format!("Approve the outcome of {reference}: saved."), step);
        desk.wait_for("No crimes in \"awaiting approval\".", step);
        desk.quit();
    });

    let id = crime["id"].as_str().unwrap();
    let (_, stored) = s.get(&dc, &format!("/crimes/{id}?reason=console%20approval%20check")).await;
    assert_eq!(stored["details"]["status"], "closed", "{stored}");
    assert_eq!(stored["details"]["finalisation"]["approved_by"], "insp.ward", "{stored}");
    assert_eq!(stored["details"]["finalisation"]["outcome"], 18, "{stored}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_intelligence_officer_returns_a_report_to_its_author_from_the_console() {
    let s = TestServer::start(Backend::Sqlite).await.expect("server");
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    let analyst = s.login_as("ia.brown", &[Role::IntelligenceAnalyst]).await;
    let admin = s.login_as("admin.lee", &[Role::Admin]).await;
    let person = s.person(&dc, "Darren", "Cole", "1990-04-01").await;
    let mut body = intelligence_json(&person);
    body["details"]["status"] = json!("submitted");
    let (status, report) = s.post(&dc, "/intelligence", &body).await;
    assert_eq!(status, 201, "{report}");
    let id = report["id"].as_str().unwrap().to_string();
    let reference = report["reference"].as_str().unwrap().to_string();
    s.settle().await;
    let server = s.root();
    let config = tempfile::tempdir().expect("config");
    let step = Duration::from_secs(10);

    tokio::task::block_in_place(|| {
        let mut desk = console_at_lookup(&server, &analyst, config.path());
        desk.send(F9);
        desk.wait_for("Intelligence — evaluation", step);
        desk.wait_for(&reference, step);
        desk.wait_for("e evaluate · B return", step);
        desk.send(b"B");
        desk.wait_for(&format!("Return {reference} to its author"), step);
        desk.send(b"\r");
        desk.wait_for("Reason must not be empty", step);
        desk.type_text("Say how the source knows the car is used");
        desk.send(b"\r");
        desk.wait_for(&format!("Return {reference}: saved."), step);
        desk.wait_for("No reports in the evaluation queue.", step);
        desk.quit();
    });

    // Back with its author: a draft is theirs alone.
    let (_, stored) = s.get(&dc, &format!("/intelligence/{id}?reason=console%20return%20check")).await;
    assert_eq!(stored["status"], "draft", "{stored}");
    let (status, audit) = s.get(&admin, &format!("/audit?record={id}")).await;
    assert_eq!(status, 200, "{audit}");
    assert!(
        audit.to_string().contains("intelligence returned to its author: Say how the source knows the car is used"),
        "{audit}"
    );
}
