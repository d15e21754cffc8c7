//! The warrant queue says where a wanted person is held: a person booked
//! into custody while wanted shows IN CUSTODY with the suite and cell on
//! their warrant's row (only where the caller is told the IN CUSTODY flag),
//! and the custody record so read is audited with the queue.

use crate::cli::Cli;
use crate::common;

use bluelamp::domain::role::Role;
use chrono::{Duration, Utc};
use common::warrants::ottoline_wanted;
use common::{Backend, TestServer};
use serde_json::json;

async fn a_wanted_person_in_custody_shows_where_on_the_queue(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    s.add_brixton_suite().await;
    let sergeant = s.login_as("ps.held", &[Role::CustodySergeant, Role::ControlRoom]).await;
    let id = ottoline_wanted(&s, &sergeant).await;
    let (_, queue) = s.get(&sergeant, "/warrants/queue").await;
    let row = &queue["items"][0];
    assert_eq!(row["id"], id.as_str(), "{queue}");
    assert!(row.get("held_at").is_none(), "not held yet: {row}");
    let person = row["person_id"].as_str().unwrap().to_string();
    let at = |h: i64| (Utc::now() - Duration::hours(h)).to_rfc3339();
    let booking = json!({
        "person_id": person, "suite_id": "suite-brixton", "cell": "C20",
        "arrested_at": at(2), "relevant_time": at(2), "detention_authorised_at": at(1),
        "arrest_reason": "Arrested on the outstanding bench warrant",
        "offences": ["Failing to surrender"], "indictable": false, "arresting_officer": "PC 123 Okafor"
    });
    let (status, record) = s.post(&sergeant, "/custody/book-in", &booking).await;
    assert_eq!(status, 201, "{record}");
    s.settle().await;
    let (status, queue) = s.get(&sergeant, "/warrants/queue?reason=warrant%20queue%20check").await;
    assert_eq!(status, 200, "{queue}");
    let row = &queue["items"][0];
    assert_eq!(row["flags"]["in_custody"], true, "{row}");
    assert_eq!(row["held_at"], "Brixton Custody Suite C20", "{row}");
    let custody_id = record["id"].as_str().unwrap();
    let admin = s.login_as("admin.held", &[Role::Admin]).await;
    let (status, audit) = s.get(&admin, &format!("/audit?record={custody_id}")).await;
    assert_eq!(status, 200, "{audit}");
    assert!(
        audit["items"].as_array().unwrap().iter().any(|e| e["reason"] == "warrant queue check"),
        "reading where they are held is audited with the queue's reason: {audit}"
    );

    // The command line's list of warrants says where, in every format.
    let cli = Cli::for_server(&s, &sergeant);
    let listed = cli.json(&["query", "warrants"]);
    let row = listed.as_array().unwrap().iter().find(|r| r["id"] == id.as_str()).expect("the warrant listed");
    assert_eq!(row["held_at"], "Brixton Custody Suite C20", "{row}");
    let table = cli.ok(&["query", "warrants", "--format", "table"]);
    assert!(table.contains("HELD_AT") && table.contains("Brixton Custody Suite C20"), "{table}");
    let csv = cli.ok(&["query", "warrants", "--format", "csv"]);
    assert!(csv.lines().next().unwrap().ends_with(",held_at") && csv.contains("Brixton Custody Suite C20"), "{csv}");
    let jsonl = cli.ok(&["query", "warrants", "--format", "jsonl"]);
    assert!(jsonl.contains("\"held_at\":\"Brixton Custody Suite C20\""), "{jsonl}");
    let (_, audit) = s.get(&admin, &format!("/audit?record={custody_id}")).await;
    let list_read = |e: &serde_json::Value| e["detail"].as_str().is_some_and(|d| d.contains("list of warrants"));
    assert!(
        audit["items"].as_array().unwrap().iter().any(|e| list_read(e) || e["reason"] == "warrants queue"),
        "reading where they are held for the list is audited: {audit}"
    );
}

both_backends!(a_wanted_person_in_custody_shows_where_on_the_queue);
