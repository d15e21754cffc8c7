//! The ASB desk through the real binary: an ASB case reaches its review
//! trigger as the third incident inside six months is linked from the CLI,
//! and loses it when one is unlinked; a second link of the same incident
//! exits 2 naming the rule; `query asb` in the shape docs/cli.md gives,
//! filtered by the trigger; a bad value exits 2 listing the values.

use crate::asb::{asb_call, incident};
use crate::cli::{check_documented_shape, Cli};
use crate::common;

use bluelamp::domain::role::Role;
use common::{Backend, TestServer};

both_backends!(the_trigger_is_reached_as_a_third_incident_is_linked_from_the_cli);

async fn the_trigger_is_reached_as_a_third_incident_is_linked_from_the_cli(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let token = s.login_as("pc.ahmed", &[Role::ControlRoom]).await;
    let cli = Cli::for_server(&s, &token);
    let victim = s.person(&token, "Jean", "Price", "1941-03-02").await;
    let subject = s.person(&token, "Kyle", "Dunn", "2004-07-19").await;
    let mut incidents = Vec::new();
    for days in [60, 20, 3] {
        incidents.push(incident(&s, &token, &asb_call(&victim, days, "nuisance")).await);
    }
    let out = cli.run(&["asb", "open", "--category", "noisy", "--summary", "x", "--complainant", &victim]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("personal, nuisance, environmental"), "{out:?}");
    let case = cli.json(&[
        "asb",
        "open",
        "--category",
        "nuisance",
        "--borough",
        "lambeth",
        "--summary",
        "Nuisance - Moorland Estate stairwell",
        "--complainant",
        &victim,
        "--subject",
        &subject,
    ]);
    assert_eq!(case["standing"]["trigger"]["met"], false, "{case}");
    let id = case["event"]["id"].as_str().unwrap().to_string();
    for record in &incidents[..2] {
        let view = cli.json(&["asb", "link", &id, "--record", record]);
        assert_eq!(view["standing"]["trigger"]["met"], false, "{view}");
    }
    let table = cli.ok(&["asb", "link", &id, "--record", &incidents[2], "--format", "table"]);
    assert!(table.contains("MET 3/3 in 183d"), "the third incident meets the trigger: {table}");
    assert!(table.contains("1 repeat"), "{table}");
    let out = cli.run(&["asb", "link", &id, "--record", &incidents[2]]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("already linked to this case"), "{out:?}");

    check_documented_shape(&cli, "query asb", &["query", "asb", "--trigger-met"]);
    let met = cli.json(&["query", "asb", "--trigger-met", "--borough", "lambeth"]);
    assert_eq!(met[0]["id"], id.as_str(), "{met}");
    assert_eq!(met[0]["trigger"], "MET 3/3 in 183d");
    let view = cli.json(&["asb", "unlink", &id, "--record", &incidents[1], "--reason", "Another estate"]);
    assert_eq!(view["standing"]["trigger"]["met"], false, "unlinked, the trigger is met no more: {view}");
    assert_eq!(cli.json(&["query", "asb", "--trigger-met"]), serde_json::json!([]));
    let unmet = cli.ok(&["query", "asb", "--trigger-met=false", "--format", "csv"]);
    assert!(unmet.contains(&id) && unmet.contains("not met 2/3 in 183d"), "{unmet}");
    let out = cli.run(&["asb", "request-review", &id]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("action.override_reason"), "{out:?}");
    let shown = cli.ok(&["asb", "show", &id, "--reason", "case review panel", "--format", "table"]);
    assert!(shown.contains("not met 2/3 in 183d"), "{shown}");
}
