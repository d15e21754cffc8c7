//! The real binary in a pseudo-terminal against a real server: an operator
//! types a misspelt name, opens the profile giving a reason, then watches
//! the detainee board while a booking made through the API appears on it;
//! and a warrant circulated through the API flips the person to WANTED in a
//! console watching the lookup, within a second; and an incident worked from
//! one control-room console shows live on another.
//!
//! Each step waits for what it needs on the screen (never a fixed sleep),
//! with a generous limit: CI runs these beside the rest of the suite on
//! two cores. A change made elsewhere waits for the console's stream to be
//! connected (`● LIVE`): one made before would reach nobody. A key that
//! acts on a record waits for the console's own answer to the step before,
//! named, since an earlier step's "saved." is still on screen.

use crate::common;

use std::time::{Duration, Instant};

use bluelamp::domain::role::Role;
use chrono::Utc;
use common::terminal::{console_at_lookup, Terminal};
use common::warrants::{circulate, validated_warrant};
use common::{Backend, TestServer};
use serde_json::json;

/// How long one step may take on a machine running the whole suite; each
/// wait ends as soon as the screen shows what it waits for.
const STEP: Duration = Duration::from_secs(30);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lookup_profile_and_a_live_booking_on_the_board() {
    let s = TestServer::start(Backend::Sqlite).await.expect("server");
    bluelamp::cli::seeding::seed(&s.state.store, 300, 3, false).await.expect("seed");
    let token = s.login_as("ps.e2e", &[Role::CustodySergeant, Role::ControlRoom]).await;
    let person = s.person(&token, "Harriet", "Oyelaran", "1991-02-17").await;
    s.settle().await;
    let server = s.root();
    let config = tempfile::tempdir().expect("config dir");

    let mut term = tokio::task::block_in_place(|| {
        let mut term = console_at_lookup(&server, &token, config.path());
        // A hurried operator's spelling.
        term.type_text("harriet oyelarn");
        term.wait_for("Oyelaran", Duration::from_secs(10));
        term.send(b"\r");
        term.wait_for("reason", Duration::from_secs(10));
        term.type_text("e2e: caller reports a disturbance");
        term.send(b"\r");
        term.wait_for("1991-02-17", Duration::from_secs(10));
        // F3: the detainee board.
        term.send(b"\x1bOR");
        term.wait_for("Custody — all suites", Duration::from_secs(10));
        // Listening, so the booking made through the API below reaches it.
        term.wait_for("● LIVE", STEP);
        term
    });
    assert!(!term.contents().contains("Oyelaran"), "not in custody yet:\n{}", term.contents());

    // Booked in through the API, by someone else, elsewhere.
    let (_, suites) = s.get(&token, "/locations?kind=custody_suite").await;
    let suite = suites.as_array().unwrap().iter().find(|l| l["name"] == "Brixton Custody Suite").expect("Brixton")
        ["id"]
        .clone();
    // A free cell: the server refuses an occupied one.
    let (_, board) = s.get(&token, &format!("/custody/board?suite={}", suite.as_str().unwrap())).await;
    let taken: Vec<&str> =
        board["rows"].as_array().unwrap().iter().filter_map(|r| r["event"]["details"]["cell"].as_str()).collect();
    let free = (1..=30).map(|c| format!("C{c}")).find(|c| !taken.contains(&c.as_str())).expect("a free cell");
    let booking = json!({
        "person_id": person,
        "suite_id": suite, "cell": free,
        "arrested_at": (Utc::now() - chrono::Duration::minutes(50)).to_rfc3339(),
        "relevant_time": (Utc::now() - chrono::Duration::minutes(30)).to_rfc3339(),
        "detention_authorised_at": (Utc::now() - chrono::Duration::minutes(25)).to_rfc3339(),
        "arrest_reason": "Suspected assault", "offences": ["Assault by beating"],
        "arresting_officer": "PC 42 Ahmed"
    });
    let (status, body) = s.post(&token, "/custody/book-in", &booking).await;
    assert_eq!(status, 201, "{body}");

    tokio::task::block_in_place(|| {
        term.wait_for("Oyelaran", Duration::from_secs(5));
        term.quit();
    });
}

/// A juvenile booked in through the API: the custody desk sees the alerts on
/// the board, the appropriate adult is recorded, the sergeant records a visit
/// from the board and is refused a review (the form keeps the text), the
/// inspector records the review from the board, the detainee is released,
/// and the audit log shows every step with its user.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_juvenile_from_booking_to_release_on_the_board() {
    let s = TestServer::start(Backend::Sqlite).await.expect("server");
    s.add_brixton_suite().await;
    let desk = s.login_as("ps.desk", &[Role::CustodySergeant]).await;
    let board_sergeant = s.login_as("ps.board", &[Role::CustodySergeant]).await;
    let inspector = s.login_as("insp.board", &[Role::Inspector]).await;
    let admin = s.login_as("admin.e2e", &[Role::Admin]).await;
    let server = s.root();

    // Booked in through the API: 15 years old, a self-harm marker, no appropriate adult yet.
    let dob = (Utc::now() - chrono::Duration::days(15 * 365 + 100)).date_naive().to_string();
    let booking = json!({
        "new_person": {
            "names": [{"forenames": "Keira", "surname": "Lomax"}], "date_of_birth": dob, "sex": "female",
            "markers": [{"category": "self_harm", "recorded_on": "2025-06-01", "source": "PNC"}]
        },
        "suite_id": "suite-brixton", "cell": "C4",
        "arrested_at": (Utc::now() - chrono::Duration::minutes(50)).to_rfc3339(),
        "relevant_time": (Utc::now() - chrono::Duration::minutes(30)).to_rfc3339(),
        "arrest_reason": "Seen leaving the shop with unpaid goods", "offences": ["Theft from a shop"],
        "arresting_officer": "PC 123 Okafor"
    });
    let (status, record) = s.post(&desk, "/custody/book-in", &booking).await;
    assert_eq!(status, 201, "{record}");
    let id = record["id"].as_str().unwrap().to_string();

    let sergeant_config = tempfile::tempdir().expect("config dir");
    let mut sergeant = tokio::task::block_in_place(|| {
        let mut term = console_at_lookup(&server, &board_sergeant, sergeant_config.path());
        term.send(b"\x1bOR"); // F3: the detainee board
        term.wait_for("Keira Lomax", STEP);
        // The alerts: no appropriate adult, and the marker, from the board's one reply.
        term.wait_for("✖ ADULT", STEP);
        term.wait_for("SH", STEP);
        // Listening, so the change made through the API below reaches it.
        term.wait_for("● LIVE", STEP);
        term
    });

    // The appropriate adult arrives; recorded through the API.
    let adult = json!({"version": 1, "action": {"action": "appropriate_adult", "name": "Dawn Lomax", "relationship": "mother"}});
    let (status, body) = s.post(&desk, &format!("/custody/{id}/actions"), &adult).await;
    assert_eq!(status, 200, "{body}");

    tokio::task::block_in_place(|| {
        sergeant.wait_until("the alert cleared", STEP, |screen| !screen.contains("ADULT"));
        // A visit from the board: level 2, so it asks whether rousing worked.
        sergeant.send(b"v");
        sergeant.wait_for("Roused (y/n)", STEP);
        sergeant.type_text("y");
        sergeant.send(b"\t");
        sergeant.type_text("1");
        sergeant.send(b"\t");
        sergeant.type_text("Talking to the appropriate adult");
        sergeant.send(b"\r");
        sergeant.wait_for("in cell C4: saved", STEP);
        // A review from the board is the inspector's: refused, the text kept.
        sergeant.send(b"R");
        sergeant.wait_for("Review of detention", STEP);
        sergeant.type_text("Detention continues");
        sergeant.send(b"\r");
        // The server's refusal, not the form's own note that the review is
        // an inspector's, which is on screen as soon as the form opens.
        sergeant.wait_until("the review refused", STEP, |screen| {
            reads(screen, "only an inspector may review detention before charge")
        });
        assert!(sergeant.contents().contains("Detention continues"), "the input was lost:\n{}", sergeant.contents());
        sergeant.send(b"\x1b");
        sergeant.quit();
    });

    let inspector_config = tempfile::tempdir().expect("config dir");
    tokio::task::block_in_place(|| {
        let mut term = console_at_lookup(&server, &inspector, inspector_config.path());
        term.send(b"\x1bOR");
        term.wait_for("Keira Lomax", STEP);
        term.send(b"R");
        term.wait_for("Review of detention", STEP);
        term.type_text("Detention continues: interview with appropriate adult");
        term.send(b"\r");
        term.wait_for("Review of Keira Lomax", STEP);
        term.wait_for(": saved.", STEP);
        term.quit();
    });

    // Released through the API.
    let (_, current) = s.get(&desk, &format!("/custody/{id}?reason=release%20check")).await;
    let version = current["version"].as_i64().unwrap();
    let release = json!({"version": version, "action": {"action": "release", "outcome": "released_under_investigation", "reason": "Enquiries continue"}});
    let (status, body) = s.post(&desk, &format!("/custody/{id}/actions"), &release).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "closed");
    let entries: Vec<(String, String)> = body["details"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["kind"].as_str().unwrap().to_string(), e["by"].as_str().unwrap().to_string()))
        .collect();
    assert!(entries.contains(&("visit".into(), "ps.board".into())), "{entries:?}");
    assert!(entries.contains(&("review".into(), "insp.board".into())), "{entries:?}");

    // The audit log: every step with its user, and nothing from the refused review.
    let steps = s.audit_steps(&admin, &id).await;
    let mut want: Vec<(String, String)> = [
        ("ps.desk", "custody: booked in"),
        ("ps.desk", "custody: appropriate_adult"),
        ("ps.board", "custody: visit"),
        ("insp.board", "custody: review"),
        ("ps.desk", "custody: release"),
    ]
    .iter()
    .map(|(u, r)| (u.to_string(), r.to_string()))
    .collect();
    want.sort();
    assert_eq!(steps, want);
}

/// Whether the screen reads `text`, wherever its lines and borders break it.
fn reads(screen: &str, text: &str) -> bool {
    let words: Vec<&str> =
        screen.split(|c: char| c.is_whitespace() || "│┌┐└┘─".contains(c)).filter(|w| !w.is_empty()).collect();
    words.join(" ").contains(text)
}

/// Circulating a warrant through the API flips the person to WANTED in a
/// console that is watching the subject lookup, within a second.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_circulated_warrant_shows_wanted_in_a_watching_lookup_within_a_second() {
    let s = TestServer::start(Backend::Sqlite).await.expect("server");
    let token = s.login_as("op.e2e", &[Role::ControlRoom]).await;
    let person = s.person(&token, "Ottoline", "Brackenbury", "1987-06-04").await;
    let id = validated_warrant(&s, &token, &person).await;
    s.settle().await;
    let server = s.root();
    let config = tempfile::tempdir().expect("config dir");

    let mut term = tokio::task::block_in_place(|| {
        let mut term = console_at_lookup(&server, &token, config.path());
        term.type_text("ottoline brackenbury");
        term.wait_for("Ottoline Brackenbury", Duration::from_secs(10));
        term
    });
    // Validated, not yet circulated: not wanted.
    assert!(!term.contents().contains("WANTED"), "wanted too soon:\n{}", term.contents());

    circulate(&s, &token, &id).await;
    let circulated = Instant::now();

    tokio::task::block_in_place(|| {
        // The deadline counts from the circulation, not from the poll.
        let within = Duration::from_secs(1).saturating_sub(circulated.elapsed());
        term.wait_for("WANTED", within);
        eprintln!("WANTED on the console {:?} after circulating", circulated.elapsed());
        let line = term.contents().lines().find(|l| l.contains("WANTED")).unwrap_or_default().to_string();
        assert!(line.contains("Ottoline Brackenbury"), "WANTED is not on the person's row: {line}");
        term.quit();
    });
}

/// The control room: an operator opens a call on the incident board, links
/// the suspect found in the subject lookup, assigns a unit, marks it at the
/// scene and closes the incident, each step from the keyboard, while a
/// second operator's board shows each step live — the suspect as WANTED.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_incident_worked_at_one_desk_shows_live_at_another() {
    let s = TestServer::start(Backend::Sqlite).await.expect("server");
    let operator = s.login_as("op.desk1", &[Role::ControlRoom]).await;
    let watcher = s.login_as("op.desk2", &[Role::ControlRoom]).await;
    let suspect = s.person(&operator, "Ottoline", "Brackenbury", "1987-06-04").await;
    let warrant = validated_warrant(&s, &operator, &suspect).await;
    circulate(&s, &operator, &warrant).await;
    s.settle().await;
    let server = s.root();
    let (desk_config, watch_config) = (tempfile::tempdir().expect("config"), tempfile::tempdir().expect("config"));

    tokio::task::block_in_place(|| {
        // Each on the board and listening: a step made at one desk before
        // the other's stream is connected would never reach it.
        let to_board = |term: &mut Terminal| {
            term.send(b"\x1b[18~"); // F7: the incident board
            term.wait_for("No open incidents.", STEP);
            term.wait_for("● LIVE", STEP);
        };
        let mut desk = console_at_lookup(&server, &operator, desk_config.path());
        let mut watch = console_at_lookup(&server, &watcher, watch_config.path());
        to_board(&mut desk);
        to_board(&mut watch);
        let step = STEP;
        // The desk's answer to its own step, by the step's name.
        let saved = |term: &Terminal, what: &str| {
            term.wait_until(&format!("{what} …: saved."), step, |screen| {
                screen.lines().any(|l| l.contains(what) && l.contains(": saved."))
            });
        };

        // A call: the form's inputs in order, Enter after each.
        desk.send(b"n");
        desk.wait_for("New incident", step);
        for value in [
            "Mrs Okoro",
            "",
            "Outside 12 Acre Lane",
            "Lambeth",
            "crime",
            "burglary",
            "I",
            "",
            "Man climbing in a window",
        ] {
            desk.type_text(value);
            desk.send(b"\r");
        }
        desk.wait_for("opened.", step);
        // Its row read and selected on the desk's board: `p` links a person
        // to the incident selected, and there is none before.
        desk.wait_for("Outside 12 Acre Lane", step);
        watch.wait_for("Outside 12 Acre Lane", step);
        watch.wait_for("m left", step);
        assert!(!watch.contents().contains("WANTED"), "nobody named yet:\n{}", watch.contents());

        // The suspect, found in the subject lookup and linked with their part.
        desk.send(b"p");
        desk.wait_for("link a person to CAD", step);
        desk.type_text("ottoline brackenbury");
        desk.wait_for("Ottoline Brackenbury", step);
        desk.send(b"\r");
        desk.wait_for("Link Ottoline Brackenbury to CAD", step);
        desk.type_text("suspect");
        desk.send(b"\r");
        saved(&desk, "Link a person to");
        desk.wait_for("Incident board", step);
        watch.wait_until("the suspect WANTED on the incident", step, |screen| {
            screen.lines().any(|l| l.contains("Ottoline Brackenbury") && l.contains("WANTED"))
        });
        desk.wait_for("WANTED", step);

        // A unit assigned, then at the scene (its call sign filled in).
        desk.send(b"a");
        desk.wait_for("Assign a resource", step);
        desk.type_text("LX21");
        desk.send(b"\r");
        watch.wait_for("LX21 assigned", step);
        // The desk's own answer, not the link's "saved." still on screen:
        // the scene form fills in the call sign from the incident as the
        // desk holds it.
        saved(&desk, "Assign a resource to");
        desk.wait_for("LX21 assigned", step);
        desk.send(b"s");
        desk.wait_for("At the scene of", step);
        desk.send(b"\r");
        watch.wait_for("LX21 at scene", step);
        watch.wait_for("attended", step);
        // Closing sends the version the desk holds: the scene's, once answered.
        saved(&desk, "Mark a resource at the scene of");
        desk.wait_for("LX21 at scene", step);

        // Closed with a result, after the question it asks.
        desk.send(b"C");
        desk.wait_for("Result:", step);
        desk.type_text("advice");
        desk.send(b"\r");
        desk.type_text("Advice given to the caller");
        desk.send(b"\r\r\r");
        desk.wait_for("It cannot be reopened", step);
        desk.send(b"\r");
        watch.wait_until("the incident off the board", step, |screen| {
            !screen.contains("Outside 12 Acre Lane") && screen.contains("No open incidents.")
        });
        desk.wait_for("No open incidents.", step);
        desk.quit();
        watch.quit();
    });
}
