//! The warrant queue read in the order asked for, on both backends: by
//! priority (the default), oldest or newest issued first, or by the wanted
//! person's surname; pages follow on in that order; an unknown order is
//! refused naming the field and the orders there are; `bluelamp query
//! warrants --sort` prints the queue in the same order.

use crate::cli::{check_documented_shape, Cli};
use crate::common;

use bluelamp::domain::role::Role;
use chrono::{Duration, Utc};
use common::{Backend, TestServer};
use serde_json::{json, Value};

both_backends!(
    the_queue_reads_in_the_order_asked,
    the_command_line_sorts_the_queue_as_the_server_does,
    the_name_order_reads_the_stored_surname
);

/// A circulated warrant for a new person, issued `days` ago; its id.
async fn wanted(s: &TestServer, token: &str, name: (&str, &str), kind: &str, offence: &str, days: i64) -> String {
    let person = s.person(token, name.0, name.1, "1990-01-01").await;
    let issued = (Utc::now() - Duration::days(days)).date_naive();
    let body = json!({
        "occurred_at": format!("{issued}T09:00:00Z"), "borough": "Lambeth",
        "summary": format!("{kind} warrant: {offence}"),
        "people": [{"person_id": person, "role": "wanted_person"}],
        "details": {"kind": "warrant", "warrant_kind": kind, "status": "received",
                    "issuing_court": "Highbury Corner Magistrates' Court", "issued_on": issued.to_string(),
                    "offence": offence, "violence": kind == "bench"}
    });
    let (status, created) = s.post(token, "/warrants", &body).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    for (version, step) in [(1, "validate"), (2, "circulate")] {
        let body = json!({"version": version, "action": {"type": step}});
        let (status, answer) = s.post(token, &format!("/warrants/{id}/actions"), &body).await;
        assert_eq!(status, 200, "{step}: {answer}");
    }
    id
}

/// Young (highest priority, issued 5 days ago), Brown (low, 400 days ago),
/// Clark (issued yesterday): their ids in that order. The name order is
/// neither the priority order nor the order of issue.
async fn three_wanted(s: &TestServer, token: &str) -> Vec<String> {
    let young = wanted(s, token, ("Zoe", "Young"), "bench", "Robbery", 5).await;
    let brown = wanted(s, token, ("Kyle", "Brown"), "commitment", "Fine default", 400).await;
    let clark = wanted(s, token, ("Amy", "Clark"), "breach", "Theft", 1).await;
    s.settle().await;
    vec![young, brown, clark]
}

fn order(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect()
}

async fn the_queue_reads_in_the_order_asked(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let ids = three_wanted(&s, &control).await;
    let (young, brown, clark) = (&ids[0], &ids[1], &ids[2]);
    let get = |query: String| {
        let (s, control) = (&s, &control);
        async move { s.get(control, &format!("/warrants/queue?{query}")).await }
    };
    let (status, default) = get(String::new()).await;
    assert_eq!(status, 200, "{default}");
    let (_, priority) = get("sort=priority".into()).await;
    assert_eq!(order(&default), order(&priority), "priority is the default");
    assert_eq!(&order(&priority)[0], young, "the robbery with violence first: {priority}");
    let scores: Vec<i64> = priority["items"].as_array().unwrap().iter().map(|r| r["score"].as_i64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let (_, oldest) = get("sort=oldest".into()).await;
    assert_eq!(order(&oldest), [brown.clone(), young.clone(), clark.clone()]);
    let (_, newest) = get("sort=newest".into()).await;
    assert_eq!(order(&newest), [clark.clone(), young.clone(), brown.clone()]);
    let (_, name) = get("sort=name".into()).await;
    assert_eq!(order(&name), [brown.clone(), clark.clone(), young.clone()], "by surname: {name}");
    assert_eq!(name["total"], 3);

    // Pages follow on in the order asked, without gaps or repeats.
    let (_, first) = get("sort=newest&limit=2".into()).await;
    assert_eq!(order(&first), [clark.clone(), young.clone()]);
    let cursor = first["next"].as_str().expect("a next page").to_string();
    let (_, second) = get(format!("sort=newest&limit=2&after={cursor}")).await;
    assert_eq!(order(&second), [brown.as_str()]);
    assert!(second.get("next").is_none(), "{second}");
    let (_, first) = get("sort=name&limit=1".into()).await;
    assert_eq!(order(&first), [brown.as_str()]);
    let cursor = first["next"].as_str().expect("a next page").to_string();
    let (_, second) = get(format!("sort=name&limit=1&after={cursor}")).await;
    assert_eq!(order(&second), [clark.as_str()]);
    // A cursor is for its own order: in another it would start anywhere.
    let (status, body) = get(format!("sort=priority&limit=1&after={cursor}")).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "after", "{body}");

    // An order the server does not know is refused, naming the field and the orders.
    let (status, body) = get("sort=sideways".into()).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "sort", "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    for word in ["priority", "oldest", "newest", "name"] {
        assert!(message.contains(word), "{message}");
    }
}

async fn the_command_line_sorts_the_queue_as_the_server_does(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let ids = three_wanted(&s, &control).await;
    let cli = Cli::for_server(&s, &control);
    let rows = cli.json(&["query", "warrants", "--sort", "newest"]);
    let got: Vec<&str> = rows.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(got, [ids[2].as_str(), ids[0].as_str(), ids[1].as_str()]);
    assert_eq!(rows[0]["wanted_person"], "Amy Clark", "{rows}");
    let rows = cli.json(&["query", "warrants", "--sort", "name", "--limit", "2"]);
    let names: Vec<&str> = rows.as_array().unwrap().iter().map(|r| r["wanted_person"].as_str().unwrap()).collect();
    assert_eq!(names, ["Kyle Brown", "Amy Clark"]);
    check_documented_shape(&cli, "query warrants --sort", &["query", "warrants", "--sort", "oldest"]);
    // A sort the command does not know is a usage error listing the ones it does.
    let out = cli.run(&["query", "warrants", "--sort", "sideways"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("priority") && out.stderr.contains("newest"), "{out:?}");
}

/// A surname of two words sorts whole: "Ann De Souza" comes before "Kyle
/// Evans" (by the name's last word, "Souza", she would come after).
async fn the_name_order_reads_the_stored_surname(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let evans = wanted(&s, &control, ("Kyle", "Evans"), "breach", "Theft", 3).await;
    let de_souza = wanted(&s, &control, ("Ann", "De Souza"), "breach", "Theft", 4).await;
    s.settle().await;
    let (status, page) = s.get(&control, "/warrants/queue?sort=name").await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(order(&page), [de_souza, evans], "{page}");
}
