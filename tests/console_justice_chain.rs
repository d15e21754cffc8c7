//! The justice chain end to end through the real binary: a custody
//! sergeant books a detainee in from the board and charges them, bailed to
//! court (written up afterwards, so the times are typed: the first hearing
//! was yesterday) — the case appears on a case officer's cases pane — then
//! the case officer records the failure to appear through the CLI, which
//! issues the bench warrant, validates and circulates it through the CLI,
//! and their console shows it in the warrant queue and the person WANTED.

use crate::cli::Cli;
use crate::common;
use crate::console_custody_desk::saved;

use std::time::Duration;

use bluelamp::domain::role::Role;
use chrono::{Days, Utc};
use chrono_tz::Europe::London;
use common::terminal::console_at_lookup;
use common::{Backend, TestServer};

/// Clears a prefilled input and types `text` in its place.
fn replace(term: &mut common::terminal::Terminal, text: &str) {
    for _ in 0..24 {
        term.send(b"\x7f");
    }
    term.type_text(text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_charge_from_the_board_then_a_failure_to_appear_makes_the_person_wanted() {
    let s = TestServer::start(Backend::Sqlite).await.expect("server");
    s.add_suite("suite-brixton", "Brixton Custody Suite", Some(("BX", 6))).await;
    let sergeant = s.login_as("ps.chain", &[Role::CustodySergeant]).await;
    let dc = s.login_as("dc.chain", &[Role::Investigator]).await;
    let person = s.person(&sergeant, "Tobias", "Wrenfield", "1988-09-30").await;
    s.settle().await;
    let server = s.root();
    let (config, config2) = (tempfile::tempdir().expect("config dir"), tempfile::tempdir().expect("config dir"));
    let step = Duration::from_secs(10);
    // Arrested two days ago (London), charged that afternoon, due at court yesterday.
    let day = Utc::now().with_timezone(&London).date_naive() - Days::new(2);
    let court_date = (day + Days::new(1)).to_string();
    let mut cases = tokio::task::block_in_place(|| {
        let mut cases = console_at_lookup(&server, &dc, config2.path());
        cases.send(b"5");
        cases.wait_for("No cases", step);

        let mut desk = console_at_lookup(&server, &sergeant, config.path());
        desk.send(b"3");
        desk.wait_for("No one in custody", step);
        desk.send(b"b");
        desk.wait_for("find the detainee to book in", step);
        desk.type_text("tobias wrenfield");
        desk.wait_for("Enter books in", step);
        desk.send(b"\r");
        desk.wait_for("Book in Tobias", step);
        replace(&mut desk, &format!("{day} 09:00"));
        desk.send(b"\t");
        replace(&mut desk, &format!("{day} 09:30"));
        desk.type_text("\tPC 77 Adeyemi\tSeen breaking into a car\tTheft from a motor vehicle\tn\tBrixton\tC3\tn\t");
        desk.type_text(&format!("{day} 09:45"));
        desk.send(b"\r");
        desk.wait_for("booked in", step);
        desk.wait_until("the detainee on the board", step, |screen| screen.contains("Tobias"));
        // Charged that afternoon and bailed to court for the next day.
        desk.send(b"c");
        desk.wait_for("Charge —", step);
        desk.type_text(&format!("\tCamberwell Green Magistrates' Court\t{court_date}\tn\t\t\t\t{day} 15:00"));
        desk.send(b"\r");
        saved(&desk, "Charge of Tobias");
        desk.wait_for("No one in custody", step);
        desk.quit();
        // The case is on the case officer's pane, its hearing already past.
        cases.wait_until("the case on the pane", step, |screen| {
            screen.lines().any(|l| l.contains("Tobias Wrenfield") && l.contains("first hearing listed"))
        });
        cases
    });

    let (status, page) = s.get(&sergeant, &format!("/custody?person={person}&reason=chain%20check")).await;
    assert_eq!(status, 200, "{page}");
    let details = &page["items"][0]["details"];
    assert_eq!(details["outcome"], "charged_bailed", "{details}");
    let case = details["case"]["id"].as_str().expect("the charge opened a case").to_string();

    // The failure to appear through the CLI issues the bench warrant; it is readied as any warrant.
    let cli = Cli::for_server(&s, &dc);
    let fta = cli.json(&["case", "failed-to-appear", &case]);
    assert_eq!(fta["details"]["hearings"][0]["outcome"], "failed to appear — warrant issued", "{fta}");
    let warrant = fta["details"]["warrants"][0]["id"].as_str().expect("the bench warrant").to_string();
    let reference = fta["details"]["warrants"][0]["reference"].as_str().unwrap().to_string();
    assert_eq!(cli.json(&["warrant", "validate", &warrant])["status"], "validated");
    let circulated = cli.ok(&["warrant", "circulate", &warrant, "--format", "table"]);
    assert!(circulated.contains("circulated") && circulated.contains("Camberwell"), "{circulated}");
    let again = cli.run(&["warrant", "circulate", &warrant]);
    assert_eq!(again.code, 2, "circulated twice: {again:?}");
    let stale = cli.run(&["warrant", "validate", &warrant, "--record-version", "1"]);
    assert_ne!(stale.code, 0, "{stale:?}");

    tokio::task::block_in_place(|| {
        cases.send(b"4");
        cases.wait_until("the bench warrant in the queue, WANTED", step, |screen| {
            screen.lines().any(|l| l.contains("Tobias") && l.contains("WANTED"))
        });
        // The case's row shows its defendant WANTED too, kept live.
        cases.send(b"5");
        cases.wait_until("the defendant WANTED on the cases pane", step, |screen| {
            // The flags come first; a narrow column may cut the name after them.
            screen.lines().any(|l| l.contains("Tobias Wren") && l.contains("WANTED"))
        });
        cases.send(b"1");
        cases.wait_for("Lookup", step);
        cases.type_text("tobias wrenfield");
        cases.wait_until("the person WANTED in the lookup", step, |screen| {
            screen.lines().any(|l| l.contains("Tobias") && l.contains("WANTED"))
        });
        cases.quit();
    });
    let (status, w) = s.get(&dc, &format!("/warrants/{warrant}?reason=chain%20check")).await;
    assert_eq!(status, 200, "{w}");
    assert_eq!((w["reference"].as_str(), w["status"].as_str()), (Some(reference.as_str()), Some("circulated")));
    assert_eq!(w["details"]["warrant_kind"], "bench", "{w}");
}
