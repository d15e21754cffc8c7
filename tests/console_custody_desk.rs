//! The custody desk's whole job from the console, through the real binary
//! in a pseudo-terminal: a detainee found through the lookup is booked in
//! from the board, their risk assessed and rights given, then charged —
//! the case appears on a second console's cases pane — and bailed to
//! court with conditions; the record, the case and the bail are the
//! server's own.

use crate::common;

use std::time::Duration;

use bluelamp::domain::role::Role;
use chrono::Utc;
use common::terminal::console_at_lookup;
use common::{Backend, TestServer};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_detainee_is_booked_in_charged_and_bailed_from_the_board() {
    let s = TestServer::start(Backend::Sqlite).await.expect("server");
    s.add_suite("suite-brixton", "Brixton Custody Suite", Some(("BX", 6))).await;
    let token = s.login_as("ps.desk", &[Role::CustodySergeant]).await;
    let watcher = s.login_as("dc.cases", &[Role::Investigator]).await;
    let person = s.person(&token, "Harriet", "Oyelaran", "1991-02-17").await;
    s.settle().await;
    let server = s.root();
    let (config, config2) = (tempfile::tempdir().expect("config dir"), tempfile::tempdir().expect("config dir"));
    let step = Duration::from_secs(10);
    let court_date = (Utc::now() + chrono::Duration::days(3)).date_naive().to_string();
    tokio::task::block_in_place(|| {
        // A second desk watches the cases pane.
        let mut cases = console_at_lookup(&server, &watcher, config2.path());
        cases.send(b"5");
        cases.wait_for("No cases", step);

        let mut term = console_at_lookup(&server, &token, config.path());
        term.send(b"3");
        term.wait_for("Custody — all suites", step);
        term.wait_for("No one in custody", step);
        // b: the lookup finds the detainee; Enter books them in.
        term.send(b"b");
        term.wait_for("find the detainee to book in", step);
        term.type_text("harriet oyelaran");
        term.wait_for("Enter books in", step);
        term.send(b"\r");
        term.wait_for("Book in Harriet", step);
        // The times start at now: Tab past them to the officer.
        term.send(b"\t\t");
        term.type_text("PC 123 Okafor\tSeen leaving the premises\tBurglary\ty\tBrixton\t");
        // Sent without a cell: the form names it and keeps the rest.
        term.send(b"\r");
        term.wait_for("Cell is required", step);
        term.type_text("C2");
        term.send(b"\r");
        term.wait_for("booked in", step);
        term.wait_until("the detainee on the board", step, |screen| {
            screen.contains("Harriet") && screen.contains("BX C2")
        });
        // The risk assessment, then rights given.
        term.send(b"a");
        term.wait_for("Risk assessment", step);
        term.send(b"\t\t");
        term.type_text("No injuries, calm, no medication");
        term.send(b"\r");
        saved(&term, "Risk assessment of Harriet");
        term.send(b"i");
        term.wait_for("Rights —", step);
        term.type_text("g");
        term.send(b"\r");
        saved(&term, "Rights given to Harriet");
        // Charged and bailed to court with conditions; a date that is no date is named first.
        term.send(b"c");
        term.wait_for("Charge —", step);
        term.type_text(
            "\tCamberwell Green Magistrates' Court\tnext week\tn\t\t\treside 4 Acre Lane; curfew 21:00-07:00",
        );
        term.send(b"\r");
        term.wait_for("'next week' is not a day", step);
        for _ in 0.."next week".len() {
            term.send(b"\x7f");
        }
        term.type_text(&court_date);
        term.send(b"\r");
        saved(&term, "Charge of Harriet");
        term.wait_for("No one in custody", step);
        // The case is on the other desk's pane.
        cases.wait_for("Camberwell", step);
        cases.quit();
        term.quit();
    });
    let (status, page) = s.get(&token, &format!("/custody?person={person}&reason=console%20check")).await;
    assert_eq!(status, 200, "{page}");
    let record = &page["items"][0];
    let details = &record["details"];
    assert_eq!(details["outcome"], "charged_bailed", "{record}");
    assert_eq!(details["cell"], "C2");
    assert_eq!(details["arresting_officer"], "PC 123 Okafor");
    assert_eq!(details["indictable"], true);
    assert_eq!(details["bail"]["kind"], "to_court");
    let conditions = details["bail"]["conditions"].as_array().expect("conditions");
    assert_eq!(conditions.len(), 2, "{record}");
    assert_eq!(conditions[0]["type"], "residence");
    assert_eq!(conditions[1]["type"], "curfew");
    let entries: Vec<&str> =
        details["entries"].as_array().expect("entries").iter().filter_map(|e| e["kind"].as_str()).collect();
    assert!(entries.contains(&"risk_assessment") && entries.contains(&"rights"), "{entries:?}");
    let case = details["case"]["id"].as_str().expect("the case opened");
    let (status, case) = s.get(&token, &format!("/cases/{case}?reason=console%20check")).await;
    assert_eq!(status, 200, "{case}");
    assert_eq!(case["details"]["hearings"][0]["date"].as_str().map(|d| &d[..10]), Some(court_date.as_str()));
}

/// Waits for the status line to say that `what` was saved.
pub(crate) fn saved(term: &common::terminal::Terminal, what: &str) {
    term.wait_until(&format!("{what}: saved"), Duration::from_secs(10), |screen| {
        screen.lines().any(|l| l.contains(what) && l.contains("saved."))
    });
}
