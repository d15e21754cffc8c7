//! Held again on answering pre-charge bail for the same offence, the time
//! already spent in police detention before bail counts (PACE s.47(6)): the
//! new record carries it, its clock runs out that much sooner (at once when
//! a whole day was spent) and its first review is due on arrival after 6 h;
//! an arrest for a new offence starts a fresh clock; on both backends, with
//! the CLI's custody table and record.

use crate::bail::{act, book_since, release, WHY};
use crate::cli::Cli;
use crate::common;

use bluelamp::domain::role::Role;
use chrono::{Duration, Utc};
use common::{Backend, TestServer};
use serde_json::{json, Value};

both_backends!(answering_bail_carries_the_detention_spent_before_it);

/// Booked in `hours` ago, released on pre-charge bail now, then answering
/// it and arrested again into `cell` (for `offences`, those bailed for
/// when empty): the bailed record and the new one.
async fn held_again(
    s: &TestServer,
    token: &str,
    name: (&str, &str),
    cells: (&str, &str),
    hours: i64,
    offences: &[&str],
) -> (Value, Value) {
    let person = s.person(token, name.0, name.1, "1990-01-01").await;
    let (id, v) = book_since(s, token, &person, cells.0, hours).await;
    let back = json!({"bail": {"return_at": Utc::now() + Duration::days(28)}});
    let (status, bailed) = act(s, token, "actions", &id, v, release(back)).await;
    assert_eq!(status, 200, "{bailed}");
    let answer = json!({"type": "answer", "note": "Answered bail", "rearrest": {
        "suite_id": "Brixton", "cell": cells.1, "reason": "Further evidence", "offences": offences}});
    let (status, answered) = act(s, token, "bail/actions", &id, bailed["version"].as_i64().unwrap(), answer).await;
    assert_eq!(status, 200, "{answered}");
    let new_id = answered["details"]["bail"]["closure"]["custody_record_id"].as_str().unwrap().to_string();
    let (status, opened) = s.get(token, &format!("/custody/{new_id}?{WHY}")).await;
    assert_eq!(status, 200, "{opened}");
    (bailed, opened)
}

async fn pace(s: &TestServer, token: &str, record: &Value) -> Value {
    let (status, pace) = s.get(token, &format!("/custody/{}/status?{WHY}", record["id"].as_str().unwrap())).await;
    assert_eq!(status, 200, "{pace}");
    pace
}

fn remaining_hours(pace: &Value) -> f64 {
    pace["remaining_seconds"].as_f64().unwrap() / 3600.0
}

async fn answering_bail_carries_the_detention_spent_before_it(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    s.add_brixton_suite().await;
    let sergeant = s.login_as("ps.patel", &[Role::CustodySergeant]).await;

    // Six hours in custody before bail: the clock carries on from them.
    let (bailed, opened) = held_again(&s, &sergeant, ("Dion", "Carter"), ("C1", "C2"), 6, &[]).await;
    let carried = &opened["details"]["carried"];
    assert_eq!(carried["from"]["id"], bailed["id"], "{carried}");
    assert_eq!(carried["from"]["reference"], bailed["reference"], "{carried}");
    let seconds = carried["seconds"].as_i64().unwrap();
    assert!((6 * 3600..6 * 3600 + 120).contains(&seconds), "{carried}");
    let clock = pace(&s, &sergeant, &opened).await;
    let left = remaining_hours(&clock);
    assert!((17.9..=18.0).contains(&left), "18 h left, not 24: {clock}");
    // The first review fell due 6 h into detention: due as detention is authorised.
    assert_eq!(
        clock["next_review_due"].as_str().map(|t| t.parse::<chrono::DateTime<Utc>>().unwrap()),
        opened["details"]["detention_authorised_at"].as_str().map(|t| t.parse().unwrap()),
        "{clock}"
    );
    let logged = opened["details"]["entries"].as_array().unwrap();
    assert!(logged.iter().any(|e| e["kind"] == "detention_carried"), "{logged:?}");
    let reference = bailed["reference"].as_str().unwrap();
    let cli = Cli::for_server(&s, &sergeant);
    let new_id = opened["id"].as_str().unwrap();
    let text = cli.ok(&["query", "custody-record", new_id, "--reason", "bail check", "--format", "text"]);
    assert!(text.contains("Carried         6h 0") && text.contains(reference), "{text}");
    // The report says its codes in words: the log's kinds, the outcome.
    assert!(text.contains("Detention carried from before bail") && !text.contains("detention_carried"), "{text}");
    let old_id = bailed["id"].as_str().unwrap();
    let old = cli.ok(&["query", "custody-record", old_id, "--reason", "bail check", "--format", "text"]);
    assert!(old.contains("Outcome         Released on pre-charge bail"), "{old}");
    assert!(old.contains("Status          Closed") && !old.contains("pre_charge_bail"), "{old}");
    let board = cli.json(&["query", "custody"]);
    let row = board.as_array().unwrap().iter().find(|r| r["id"] == new_id).unwrap();
    let label = row["carried"].as_str().unwrap();
    assert!(label.starts_with("carried 6h 0") && label.ends_with(&format!("from {reference}")), "{row}");

    // A day and more before bail: the clock has run out on arrival.
    let (_, expired) = held_again(&s, &sergeant, ("Lee", "Moss"), ("C3", "C4"), 25, &[]).await;
    let clock = pace(&s, &sergeant, &expired).await;
    assert!(remaining_hours(&clock) < -0.9, "{clock}");
    let alerts = clock["alerts"].as_array().unwrap();
    assert!(alerts.iter().any(|a| a["kind"] == "clock_expired"), "{clock}");

    // A new offence: a fresh clock, nothing carried.
    let (_, fresh) = held_again(&s, &sergeant, ("Ria", "Bond"), ("C5", "C6"), 6, &["Criminal damage"]).await;
    assert!(fresh["details"].get("carried").is_none(), "{fresh}");
    let left = remaining_hours(&pace(&s, &sergeant, &fresh).await);
    assert!((23.9..=24.0).contains(&left), "a full 24 h: {left}");
    let board = cli.json(&["query", "custody"]);
    let row = board.as_array().unwrap().iter().find(|r| r["id"] == fresh["id"]).unwrap();
    assert_eq!(row["carried"], Value::Null, "{row}");
}
