//! The crime and intelligence desks in the real console, in a
//! pseudo-terminal against a real server: an investigator allocates a crime
//! to themselves (the officer chosen from the list) and logs an enquiry on
//! it while a supervisor's console, watching their unit's queue, shows the
//! crime arrive and its log grow; and an intelligence officer evaluates,
//! sanitises and disseminates a submitted report from the keyboard, each
//! recipient a disclosure in the audit.

use crate::common;

use std::time::Duration;

use bluelamp::domain::role::Role;
use chrono::Utc;
use common::terminal::console_at_lookup;
use common::{intelligence_json, Backend, TestServer};
use serde_json::json;

const F8: &[u8] = b"\x1b[19~";
const F9: &[u8] = b"\x1b[20~";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_investigator_allocates_and_logs_a_crime_while_a_supervisor_watches() {
    let s = TestServer::start(Backend::Sqlite).await.expect("server");
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    let inspector = s.login_as("insp.ward", &[Role::Inspector]).await;
    let victim = s.person(&dc, "Maya", "Okafor", "1988-03-02").await;
    let reported = Utc::now() - chrono::Duration::hours(2);
    let report = json!({
        "occurred_at": reported - chrono::Duration::hours(1), "borough": "lambeth",
        "summary": "Flat entered through a rear window, laptop taken",
        "people": [{"person_id": victim, "role": "victim"}],
        "details": {"kind": "crime", "offence": "Burglary", "status": "open", "reported_at": reported}
    });
    let (status, crime) = s.post(&dc, "/crimes", &report).await;
    assert_eq!(status, 201, "{crime}");
    let reference = crime["reference"].as_str().unwrap().to_string();
    s.settle().await;
    let server = s.root();
    let (dc_config, insp_config) = (tempfile::tempdir().expect("config"), tempfile::tempdir().expect("config"));
    let step = Duration::from_secs(10);

    tokio::task::block_in_place(|| {
        // The supervisor watches their unit's queue.
        let mut watch = console_at_lookup(&server, &inspector, insp_config.path());
        watch.send(F8);
        watch.wait_for("Crimes — my crimes", step);
        watch.send(b"u");
        watch.wait_for("My unit", step);
        watch.type_text("Lambeth CID");
        watch.send(b"\r");
        watch.wait_for("No crimes in \"my unit\".", step);

        // The investigator finds it among the unallocated and takes it.
        let mut desk = console_at_lookup(&server, &dc, dc_config.path());
        desk.send(F8);
        desk.wait_for("Crimes — my crimes", step);
        desk.send(b"c");
        desk.type_text("unalloc");
        desk.send(b"\r");
        desk.wait_for("Crimes — unallocated", step);
        desk.wait_for(&reference, step);
        desk.send(b"a");
        desk.wait_for(&format!("Allocate {reference}"), step);
        desk.wait_for("Users:", step);
        desk.type_text("shah");
        desk.wait_for("Users: dc.shah", step);
        desk.send(b"\r");
        desk.type_text("Lambeth CID");
        desk.send(b"\r");
        desk.wait_for(&format!("Allocate {reference}: saved."), step);
        desk.wait_until("the crime out of the unallocated queue", step, |screen| !screen.contains(&reference));
        watch.wait_until("the crime in the unit's queue with its officer", step, |screen| {
            screen.lines().any(|l| l.contains(&reference) && l.contains("dc.shah"))
        });

        // Not classified yet: it waits there, and the enquiry is logged from it.
        desk.send(b"c");
        desk.type_text("classif");
        desk.send(b"\r");
        desk.wait_for("Crimes — awaiting classification", step);
        desk.wait_for(&reference, step);
        desk.send(b"L");
        desk.wait_for(&format!("Log entry on {reference}"), step);
        desk.type_text("House-to-house in Acre Lane: two witnesses");
        desk.send(b"\r");
        desk.wait_for(&format!("Add a log entry to {reference}: saved."), step);
        watch.wait_for("House-to-house in Acre Lane: two witnesses", step);
        desk.quit();
        watch.quit();
    });

    let (_, stored) =
        s.get(&dc, &format!("/crimes/{}?reason=console%20desk%20check", crime["id"].as_str().unwrap())).await;
    assert_eq!(stored["details"]["allocations"][0]["officer"], "dc.shah", "{stored}");
    assert_eq!(stored["details"]["allocations"][0]["unit"], "Lambeth CID", "{stored}");
    let log = stored["details"]["log"].as_array().unwrap();
    assert!(log.iter().any(|e| e["kind"] == "action" && e["by"] == "dc.shah"), "{stored}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_intelligence_officer_evaluates_sanitises_and_disseminates_a_report() {
    let s = TestServer::start(Backend::Sqlite).await.expect("server");
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    let analyst = s.login_as("ia.brown", &[Role::IntelligenceAnalyst]).await;
    let admin = s.login_as("admin.lee", &[Role::Admin]).await;
    let person = s.person(&dc, "Darren", "Cole", "1990-04-01").await;
    let mut body = intelligence_json(&person);
    body["details"]["status"] = json!("submitted");
    body["details"]["priority"] = json!("high");
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
        // The analyst reads the source's words.
        desk.wait_for("Source X saw it from flat 4", step);

        // Graded as submitted: the conditions, priority and rationale stand.
        desk.send(b"e");
        desk.wait_for(&format!("Evaluate {reference}"), step);
        desk.send(b"\r\r\r");
        desk.wait_for(&format!("Evaluate {reference}: saved."), step);
        desk.wait_for("No reports in the evaluation queue.", step);

        desk.send(b"v");
        desk.type_text("sanit");
        desk.send(b"\r");
        desk.wait_for("Intelligence — sanitisation", step);
        // The report's own next steps, not its reference in the last
        // message: the queue has read it.
        desk.wait_for("s sanitise", step);
        desk.send(b"s");
        desk.wait_for("Approve the sanitised text", step);
        desk.send(b"\r");
        desk.wait_for(&format!("Sanitise {reference}: saved."), step);

        desk.send(b"v");
        desk.type_text("dissem");
        desk.send(b"\r");
        desk.wait_for("Intelligence — dissemination", step);
        desk.wait_for("d disseminate", step);
        desk.send(b"d");
        desk.wait_for(&format!("Disseminate {reference}"), step);
        desk.type_text("Lambeth drugs unit, DS Mills");
        desk.send(b"\r");
        desk.type_text("Briefing for Operation Larch");
        desk.send(b"\r");
        desk.wait_for(&format!("Disseminate {reference}: saved."), step);
        desk.quit();
    });

    let (_, stored) = s.get(&analyst, &format!("/intelligence/{id}?reason=console%20desk%20check")).await;
    assert_eq!(stored["status"], "disseminated", "{stored}");
    assert_eq!(stored["details"]["evaluation"]["by"], "ia.brown", "{stored}");
    assert_eq!(stored["details"]["sanitisation"]["approved_by"], "ia.brown", "{stored}");
    let (status, audit) = s.get(&admin, &format!("/audit?record={id}")).await;
    assert_eq!(status, 200, "{audit}");
    let disclosures: Vec<String> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "disclosure")
        .map(|e| e["detail"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(disclosures.len(), 2, "one disclosure a recipient: {audit}");
    assert!(disclosures.iter().any(|d| d.contains("DS Mills") && d.contains("Operation Larch")), "{disclosures:?}");
}
