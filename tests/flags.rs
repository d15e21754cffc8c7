//! WANTED, IN CUSTODY, ON BAIL, MISSING and AT RISK on every surface a
//! person appears on through the API — the search hit, the profile, the
//! custody board's row, the warrant queue's row, a list's people (the
//! cases, the warrants) — and only to roles that may read the records a
//! flag comes from: MISSING and AT RISK come from safeguarding reports (AT
//! RISK withheld is shown in `safeguarding.rs`).

use crate::common;

use crate::justice_chain::book;
use crate::safeguarding::missing_report;
use bluelamp::domain::role::Role;
use chrono::{Duration, Utc};
use common::warrants::{circulate, validated_warrant};
use common::{Backend, TestServer};
use serde_json::{json, Value};

both_backends!(
    a_wanted_detainee_is_flagged_on_the_board_the_queue_and_the_warrant_list,
    a_defendant_bailed_to_court_is_on_bail_on_the_cases_list,
    missing_is_told_only_to_roles_that_read_safeguarding,
);

async fn a_wanted_detainee_is_flagged_on_the_board_the_queue_and_the_warrant_list(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    s.add_brixton_suite().await;
    let sergeant = s.login_as("ps.flags", &[Role::CustodySergeant, Role::ControlRoom]).await;
    let person = s.person(&sergeant, "Ottoline", "Brackenbury", "1987-06-04").await;
    let warrant = validated_warrant(&s, &sergeant, &person).await;
    circulate(&s, &sergeant, &warrant).await;
    book(&s, &sergeant, &person, "C1").await;
    s.settle().await;
    let (status, board) = s.get(&sergeant, "/custody/board").await;
    assert_eq!(status, 200, "{board}");
    assert_eq!(board["rows"][0]["flags"]["wanted"], true, "{board}");
    assert_eq!(board["rows"][0]["flags"]["in_custody"], true);
    let (status, queue) = s.get(&sergeant, "/warrants/queue").await;
    assert_eq!(status, 200, "{queue}");
    let row = &queue["items"][0];
    assert_eq!((row["flags"]["wanted"].as_bool(), row["flags"]["in_custody"].as_bool()), (Some(true), Some(true)));
    let (status, list) = s.get(&sergeant, "/warrants?reason=flags%20check").await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["flags"][&person]["wanted"], true, "{list}");
}

async fn a_defendant_bailed_to_court_is_on_bail_on_the_cases_list(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    s.add_brixton_suite().await;
    let sergeant = s.login_as("ps.bail", &[Role::CustodySergeant]).await;
    let person = s.person(&sergeant, "Harriet", "Oyelaran", "1991-02-17").await;
    let (id, version) = book(&s, &sergeant, &person, "C1").await;
    let charge = json!({"action": "charge", "offences": ["Burglary"], "remanded": false,
        "court": "Camberwell Green Magistrates' Court",
        "court_date": (Utc::now() + Duration::days(3)).date_naive(),
        "bail": {"conditions": [{"type": "residence", "address": "4 Acre Lane"}]}});
    let (status, record) =
        s.post(&sergeant, &format!("/custody/{id}/actions"), &json!({"version": version, "action": charge})).await;
    assert_eq!(status, 200, "{record}");
    let (status, cases) = s.get(&sergeant, "/cases?reason=flags%20check").await;
    assert_eq!(status, 200, "{cases}");
    let flags: &Value = &cases["flags"][&person];
    assert_eq!((flags["on_bail"].as_bool(), flags["in_custody"].as_bool()), (Some(true), Some(false)), "{cases}");
}

async fn missing_is_told_only_to_roles_that_read_safeguarding(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    s.add_brixton_suite().await;
    let officer = s.login_as("ps.reid", &[Role::Safeguarding]).await;
    let sergeant = s.login_as("ps.khan", &[Role::CustodySergeant]).await;
    let teen = s.person(&officer, "Tolu", "Adeyemi", "2007-03-09").await;
    let report = missing_report(&teen);
    let (status, created) = s.post(&officer, "/safeguarding", &report).await;
    assert_eq!(status, 201, "{created}");
    // Found and booked in later: the custody board is the sergeant's surface.
    book(&s, &sergeant, &teen, "C1").await;
    s.settle().await;
    let hit = |found: &Value| found["hits"].as_array().unwrap().iter().find(|h| h["person_id"] == teen).cloned();
    let (_, found) = s.get(&officer, "/search/subjects?q=Tolu%20Adeyemi&reason=welfare%20check").await;
    let told = hit(&found).expect("found")["flags"].clone();
    assert_eq!((told["missing"].as_bool(), told["in_custody"].as_bool()), (Some(true), Some(true)), "{found}");
    let (_, found) = s.get(&sergeant, "/search/subjects?q=Tolu%20Adeyemi&reason=welfare%20check").await;
    let flags = hit(&found).expect("found")["flags"].clone();
    assert_eq!((flags["missing"].as_bool(), flags["in_custody"].as_bool()), (Some(false), Some(true)), "{found}");
    let (_, profile) = s.get(&sergeant, &format!("/persons/{teen}?reason=welfare%20check")).await;
    assert_eq!(profile["flags"]["missing"], false, "{profile}");
    let (_, board) = s.get(&sergeant, "/custody/board").await;
    assert_eq!(board["rows"][0]["flags"]["missing"], false, "{board}");
    let (_, list) = s.get(&sergeant, "/custody?reason=flags%20check").await;
    assert!(!list["flags"][&teen]["missing"].as_bool().unwrap_or(false), "{list}");
    assert_eq!(list["flags"][&teen]["in_custody"], true, "{list}");
}
