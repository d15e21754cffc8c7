//! Answering bail with an arrest: the custody record the arrest opens and
//! the answer are one write, refused together (a cell in use leaves the
//! bail running and opens nothing), the answer naming the new record; only
//! pre-charge bail is answered this way; on both backends.

use crate::bail::{act, book, flags, release, WHY};
use crate::cli::Cli;
use crate::common;

use bluelamp::domain::role::Role;
use chrono::{Duration, Utc};
use common::{Backend, TestServer};
use serde_json::{json, Value};

both_backends!(answering_bail_with_an_arrest_opens_custody_in_the_same_write);

fn answer(cell: &str) -> Value {
    json!({"type": "answer", "note": "Answered; phone download shows further offences",
           "rearrest": {"suite_id": "Brixton Custody Suite", "cell": cell, "reason": "Further offences found on the phone"}})
}

async fn record(s: &TestServer, token: &str, id: &str) -> Value {
    let (status, record) = s.get(token, &format!("/custody/{id}?{WHY}")).await;
    assert_eq!(status, 200, "{record}");
    record
}

async fn answering_bail_with_an_arrest_opens_custody_in_the_same_write(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    s.add_brixton_suite().await;
    let sergeant = s.login_as("ps.patel", &[Role::CustodySergeant]).await;
    let person = s.person(&sergeant, "Dion", "Carter", "1991-05-14").await;
    let (id, v) = book(&s, &sergeant, &person, "C1").await;
    let back = json!({"bail": {"return_at": Utc::now() + Duration::hours(1)}});
    let (status, bailed) = act(&s, &sergeant, "actions", &id, v, release(back)).await;
    assert_eq!(status, 200, "{bailed}");
    let v = bailed["version"].as_i64().unwrap();
    // Someone else is in C2.
    let other = s.person(&sergeant, "Lee", "Moss", "1985-02-02").await;
    book(&s, &sergeant, &other, "C2").await;

    // Refused together: the cell is in use, so the bail is not answered either.
    let (status, body) = act(&s, &sergeant, "bail/actions", &id, v, answer("C2")).await;
    assert_ne!(status, 200, "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("C2"), "{body}");
    let unchanged = record(&s, &sergeant, &id).await;
    assert_eq!(unchanged["version"], v, "{unchanged}");
    assert_eq!(unchanged["details"]["bail"]["status"], "running", "{unchanged}");
    assert_eq!(flags(&s, &sergeant, &person).await["flags"]["in_custody"], false);
    let (status, body) = act(
        &s,
        &sergeant,
        "bail/actions",
        &id,
        v,
        json!({"type": "answer", "note": "x", "rearrest": {"suite_id": "Brixton", "cell": "C3", "reason": " "}}),
    )
    .await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("action.rearrest.reason")), "{body}");

    // Answered with the arrest: a new record opens, named by the answer.
    let (status, answered) = act(&s, &sergeant, "bail/actions", &id, v, answer("C3")).await;
    assert_eq!(status, 200, "{answered}");
    let bail = &answered["details"]["bail"];
    assert_eq!(bail["status"], "answered", "{bail}");
    let new_id = bail["closure"]["custody_record_id"].as_str().expect("the answer names the new record").to_string();
    let opened = record(&s, &sergeant, &new_id).await;
    assert_eq!(opened["status"], "open", "{opened}");
    assert_eq!(opened["details"]["cell"], "C3", "{opened}");
    assert_eq!(opened["details"]["arrest_reason"], "Further offences found on the phone", "{opened}");
    assert_eq!(opened["details"]["offences"], json!(["Assault occasioning actual bodily harm"]), "{opened}");
    assert_eq!(opened["people"][0]["person_id"], person.as_str(), "{opened}");
    let profile = flags(&s, &sergeant, &person).await;
    assert_eq!(profile["flags"]["in_custody"], true, "{}", profile["flags"]);
    assert_eq!(profile["flags"]["on_bail"], false, "{}", profile["flags"]);

    // Bail to court is answered at court: no arrest through it.
    let third = s.person(&sergeant, "Ria", "Bond", "1993-08-08").await;
    let (charged, v) = book(&s, &sergeant, &third, "C4").await;
    let charge = json!({"action": "charge", "offences": ["Burglary"], "remanded": false,
        "court": "Camberwell Green Magistrates' Court", "court_date": Utc::now().date_naive() + Duration::days(1)});
    let (status, body) = act(&s, &sergeant, "actions", &charged, v, charge).await;
    assert_eq!(status, 200, "{body}");
    let v = body["version"].as_i64().unwrap();
    let (status, body) = act(&s, &sergeant, "bail/actions", &charged, v, answer("C5")).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("action.rearrest")), "{body}");

    // The CLI takes the arrest with the answer.
    let fourth = s.person(&sergeant, "Kai", "Stone", "1990-03-03").await;
    let (id, v) = book(&s, &sergeant, &fourth, "C6").await;
    let back = json!({"bail": {"return_at": Utc::now() + Duration::hours(1)}});
    let (status, _) = act(&s, &sergeant, "actions", &id, v, release(back)).await;
    assert_eq!(status, 200);
    let cli = Cli::for_server(&s, &sergeant);
    let answered =
        cli.json(&["bail", "answer", &id, "--arrest-reason", "Breach of curfew", "--suite", "Brixton", "--cell", "C7"]);
    assert!(answered["details"]["bail"]["closure"]["custody_record_id"].is_string(), "{answered}");
    let out = cli.run(&["bail", "answer", &id, "--suite", "Brixton"]);
    assert_eq!(out.code, 2, "--suite without --arrest-reason: {out:?}");
}
