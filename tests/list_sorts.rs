//! The desks' lists read newest or oldest first, on both backends: the
//! crime, safeguarding and ASB queues and the plain list of a collection
//! take `sort`; pages follow on in the order asked and count what is left
//! in it; a cursor made in one order is refused in the other; an unknown
//! order is refused naming `sort`; the evaluation queue keeps its own
//! order; `bluelamp query crimes --sort` prints the queue so, and an
//! unknown order is a usage error listing the orders.

use crate::cli::Cli;
use crate::common;

use bluelamp::domain::role::Role;
use common::desk_records::{asb_case, crime, encode, safeguarding_report as report};
use common::{Backend, TestServer};
use serde_json::Value;

both_backends!(each_list_reads_in_the_order_asked, the_command_line_sorts_a_queue);

/// The ids of a page, whichever key holds its rows.
fn ids(page: &Value) -> Vec<String> {
    let rows = page.get("rows").or_else(|| page.get("items")).and_then(Value::as_array).expect("rows");
    rows.iter().map(|r| r.get("event").unwrap_or(r)["id"].as_str().unwrap().to_string()).collect()
}

/// Every id of `path` (which ends in `?` or `&`), read `limit` at a time,
/// with the `more` each page said (none said on a plain list is none).
async fn walk(s: &TestServer, token: &str, path: &str, limit: usize) -> (Vec<String>, Vec<u64>) {
    let (mut all, mut more, mut after) = (Vec::new(), Vec::new(), String::new());
    loop {
        let (status, page) = s.get(token, &format!("{path}limit={limit}{after}")).await;
        assert_eq!(status, 200, "{path}: {page}");
        all.extend(ids(&page));
        more.push(page.get("more").map_or(0, |m| m.as_u64().expect("a count")));
        match page["next"].as_str() {
            Some(next) => after = format!("&after={}", encode(next)),
            None => return (all, more),
        }
    }
}

/// Newest first by default and asked for, oldest first reversed, page by
/// page; a newest cursor refused oldest first and the other way round.
async fn check_orders(s: &TestServer, token: &str, path: &str, made: &[String]) {
    let newest: Vec<String> = made.iter().rev().cloned().collect();
    let (default, _) = walk(s, token, path, 50).await;
    assert_eq!(default, newest, "{path}: newest first by default");
    let (asked, more) = walk(s, token, &format!("{path}sort=newest&"), 1).await;
    assert_eq!(asked, newest, "{path}: newest first, a page at a time");
    assert_eq!(more, [2, 1, 0], "{path}: the count follows the order");
    let (oldest, more) = walk(s, token, &format!("{path}sort=oldest&"), 1).await;
    assert_eq!(oldest, made, "{path}: oldest first, a page at a time");
    assert_eq!(more, [2, 1, 0], "{path}: the count follows the order");
    for (made_in, read_in) in [("newest", "oldest"), ("oldest", "newest")] {
        let (_, first) = s.get(token, &format!("{path}sort={made_in}&limit=1")).await;
        let cursor = first["next"].as_str().expect("a next page");
        let (status, body) = s.get(token, &format!("{path}sort={read_in}&limit=1&after={}", encode(cursor))).await;
        assert_eq!(status, 422, "{path}: a {made_in} cursor read {read_in} first: {body}");
        assert_eq!(body["error"]["field"], "after", "{body}");
    }
    let (status, body) = s.get(token, &format!("{path}sort=sideways")).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "sort", "{body}");
}

async fn made(s: &TestServer, token: &str, path: &str, body: &Value) -> String {
    let (status, created) = s.post(token, path, body).await;
    assert_eq!(status, 201, "{created}");
    created["id"].as_str().unwrap().to_string()
}

async fn each_list_reads_in_the_order_asked(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    let person = s.person(&dc, "Maya", "Okafor", "1988-03-02").await;
    let mut crimes = Vec::new();
    for hours in [30, 20, 10] {
        crimes.push(made(&s, &dc, "/crimes", &crime(&person, hours)).await);
    }
    check_orders(&s, &dc, "/crimes/queue?", &crimes).await;
    // The plain list of a collection takes the same orders.
    check_orders(&s, &dc, "/crimes?reason=sort+check&", &crimes).await;

    let officer = s.login_as("ds.khan", &[Role::Safeguarding]).await;
    let child = s.person(&officer, "Ruby", "Okafor", "2019-05-01").await;
    let mut reports = Vec::new();
    for hours in [30, 20, 10] {
        reports.push(made(&s, &officer, "/safeguarding", &report(&child, hours)).await);
    }
    check_orders(&s, &officer, "/safeguarding/queue?queue=drafts&", &reports).await;

    let control = s.login_as("pc.asb", &[Role::ControlRoom]).await;
    let complainant = s.person(&control, "Jean", "Price", "1941-07-09").await;
    let mut cases = Vec::new();
    for days in [30, 20, 10] {
        cases.push(made(&s, &control, "/asb", &asb_case(&complainant, days)).await);
    }
    check_orders(&s, &control, "/asb/cases?", &cases).await;

    // The evaluation queue keeps its own order and says so.
    let analyst = s.login_as("ia.reed", &[Role::IntelligenceAnalyst]).await;
    let (status, body) = s.get(&analyst, "/intelligence/queue?queue=evaluation&sort=oldest").await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], "sort", "{body}");
    let (status, body) = s.get(&analyst, "/intelligence/queue?queue=sanitisation&sort=oldest").await;
    assert_eq!(status, 200, "{body}");
}

async fn the_command_line_sorts_a_queue(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    let person = s.person(&dc, "Maya", "Okafor", "1988-03-02").await;
    let mut crimes = Vec::new();
    for hours in [30, 20, 10] {
        crimes.push(made(&s, &dc, "/crimes", &crime(&person, hours)).await);
    }
    let cli = Cli::for_server(&s, &dc);
    let rows = cli.json(&["query", "crimes", "--sort", "oldest", "--limit", "2"]);
    let got: Vec<&str> = rows.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(got, [crimes[0].as_str(), crimes[1].as_str()]);
    let rows = cli.json(&["query", "crimes", "--sort", "newest"]);
    let got: Vec<&str> = rows.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(got, [crimes[2].as_str(), crimes[1].as_str(), crimes[0].as_str()]);
    // An order a command does not know is a usage error listing the ones it does.
    for command in ["crimes", "safeguarding", "asb", "cases"] {
        let out = cli.run(&["query", command, "--sort", "sideways"]);
        assert_eq!(out.code, 2, "{command}: {out:?}");
        assert!(out.stderr.contains("newest") && out.stderr.contains("oldest"), "{command}: {out:?}");
    }
    let out = cli.run(&["query", "intelligence", "--queue", "sanitisation", "--sort", "sideways"]);
    assert_eq!(out.code, 2, "{out:?}");
}
