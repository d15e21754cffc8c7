//! Queues of what is overdue, on both backends: the safeguarding desk's
//! reports whose sign-off has fallen due, and the intelligence desk's
//! retention reviews due, the most overdue first (or the latest due with
//! `sort=newest`), whenever they were reported; paged without a report lost
//! or repeated, each page saying how many follow; and a cursor from another
//! order refused, naming `after`. (The crime desk's reviews due are in
//! `review_due`.)

use crate::cli::Cli;
use crate::common;

use bluelamp::domain::event::{Event, EventDetails, EventKind};
use bluelamp::domain::intelligence::{
    Grading, IntelligenceDetails, IntelligenceStatus, Priority, RetentionDecision, RetentionReview,
};
use bluelamp::domain::provenance::Provenance;
use bluelamp::domain::role::Role;
use bluelamp::store::{Actor, BulkBatch};
use chrono::{DateTime, Duration, Utc};
use common::desk_records::{encode, every_page};
use common::{Backend, TestServer};
use serde_json::{json, Value};

both_backends!(
    overdue_sign_offs_come_most_overdue_first_page_by_page,
    retention_reviews_due_come_most_overdue_first_page_by_page
);

/// The ids the command line prints for `args`.
fn printed(cli: &Cli, args: &[&str]) -> Vec<String> {
    let rows = cli.json(args);
    rows.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect()
}

/// A report submitted for sign-off, reported `reported_hours_ago`, its
/// sign-off due `due_in_hours` from now (negative: overdue).
fn submitted(i: usize, reported_hours_ago: i64, due_in_hours: i64) -> Value {
    let now = Utc::now();
    let reported = now - Duration::hours(reported_hours_ago);
    json!({
        "id": format!("s{i:03}"), "kind": "safeguarding", "reference": format!("SG/T/{i:05}"), "version": 1,
        "status": "submitted", "occurred_at": reported, "borough": "lambeth", "summary": "Child left alone",
        "people": [], "created_at": reported, "updated_at": reported, "provenance": {"entered_by": "pc.lee"},
        "details": {"kind": "safeguarding", "category": "child_welfare", "status": "submitted", "risk": "high",
                    "officer_in_charge": "DS Khan", "submitted": {"by": "pc.lee", "at": reported},
                    "sign_off_due": now + Duration::hours(due_in_hours)}
    })
}

/// A reviewed intelligence report, reported `reported_days_ago`, its next
/// retention review `due_in_days` from today (negative: overdue).
fn reviewed(i: usize, reported_days_ago: i64, due_in_days: i64) -> Event {
    let now = Utc::now();
    let reported = now - Duration::days(reported_days_ago);
    let grading = Grading::ThreeFiveTwo { source: 2, intelligence: 'B', handling: 'P', conditions: None };
    let mut d = IntelligenceDetails::draft(grading, Priority::Medium, "Deals from a blue Golf".into(), None);
    d.status = IntelligenceStatus::Reviewed;
    d.retention_reviews = vec![RetentionReview {
        decision: RetentionDecision::Retain,
        note: "Live enquiry".into(),
        next_review: Some((now + Duration::days(due_in_days)).date_naive()),
        at: reported,
        by: "ia.reed".into(),
    }];
    Event {
        id: format!("r{i:03}"),
        kind: EventKind::Intelligence,
        reference: format!("IR/T/{i:05}"),
        version: 1,
        status: d.status.as_str().to_string(),
        occurred_at: reported,
        borough: None,
        summary: "Reviewed report".into(),
        people: Vec::new(),
        details: EventDetails::Intelligence(d),
        created_at: reported,
        updated_at: reported,
        provenance: Provenance::entered("dc.shah", reported),
    }
}

/// Every row of `query`, `limit` at a time, with the `more` of each page.
async fn read_all(s: &TestServer, token: &str, query: &str, limit: usize) -> (Vec<String>, Vec<u64>) {
    let pages = every_page(s, token, &format!("/safeguarding/queue?{query}&limit={limit}")).await;
    let rows = pages.iter().flat_map(|page| page["rows"].as_array().unwrap());
    let mut ids = Vec::new();
    for row in rows {
        assert_eq!(row["due"]["sign_off_overdue"], true, "{row}");
        ids.push(row["event"]["id"].as_str().unwrap().to_string());
    }
    (ids, pages.iter().map(|page| page["more"].as_u64().unwrap()).collect())
}

async fn overdue_sign_offs_come_most_overdue_first_page_by_page(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    // Ten overdue, reported in an order of their own; six not yet due, the
    // newest reported among them, as on a real desk.
    let mut reports: Vec<Value> =
        (0..10).map(|i| submitted(i, 30 + ((i as i64 * 7) % 10) * 5, -1 - i as i64 * 3)).collect();
    reports.extend((10..16).map(|i| submitted(i, i as i64 - 10, 2 + i as i64)));
    let events = reports.iter().map(|r| serde_json::from_value(r.clone()).unwrap()).collect();
    let actor = Actor::new("test", "bulk");
    s.state.store.load_batch(&actor, &BulkBatch { events, ..BulkBatch::default() }, None).await.unwrap();
    let supervisor = s.login_as("ds.khan", &[Role::SafeguardingSupervisor]).await;

    let due = |r: &Value| r["details"]["sign_off_due"].as_str().unwrap().parse::<DateTime<Utc>>().unwrap();
    let mut overdue: Vec<&Value> = reports.iter().filter(|r| due(r) <= Utc::now()).collect();
    overdue.sort_by_key(|r| due(r));
    let most_overdue: Vec<String> = overdue.iter().map(|r| r["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(most_overdue.len(), 10);
    let by_report: Vec<String> = {
        let mut by_time = overdue.clone();
        by_time.sort_by_key(|r| r["occurred_at"].as_str().unwrap().to_string());
        by_time.iter().map(|r| r["id"].as_str().unwrap().to_string()).collect()
    };
    assert_ne!(by_report, most_overdue, "reported in another order than they fell due");
    let latest_due: Vec<String> = most_overdue.iter().rev().cloned().collect();

    for queue in ["sign_off_overdue", "overdue"] {
        let (ids, mores) = read_all(&s, &supervisor, &format!("queue={queue}"), 4).await;
        assert_eq!(ids, most_overdue, "{queue}");
        assert_eq!(mores, [6, 2, 0], "{queue}");
        assert_eq!(read_all(&s, &supervisor, &format!("queue={queue}&sort=oldest"), 10).await.0, most_overdue);
        assert_eq!(read_all(&s, &supervisor, &format!("queue={queue}&sort=newest"), 3).await.0, latest_due);
    }

    // A cursor carries its order: another order, or a queue paged by time, refuses it.
    let (_, first) = s.get(&supervisor, "/safeguarding/queue?queue=sign_off_overdue&limit=4").await;
    let after = encode(first["next"].as_str().unwrap());
    for other in ["queue=sign_off_overdue&sort=newest", "queue=awaiting_sign_off", "sort=oldest"] {
        let (status, body) = s.get(&supervisor, &format!("/safeguarding/queue?{other}&limit=4&after={after}")).await;
        assert_eq!((status, body["error"]["field"].as_str()), (422, Some("after")), "{other}: {body}");
    }

    // The command line asks for the same orders.
    let cli = Cli::for_server(&s, &supervisor);
    let query = ["query", "safeguarding", "--queue", "sign_off_overdue"];
    assert_eq!(printed(&cli, &query), most_overdue);
    assert_eq!(printed(&cli, &[&query[..], &["--sort", "newest"]].concat()), latest_due);
    assert_eq!(printed(&cli, &[&query[..], &["--sort", "oldest"]].concat()), most_overdue);
}

async fn retention_reviews_due_come_most_overdue_first_page_by_page(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    // Nine due (today's included), reported in an order of their own; five
    // not due yet, the newest reported among them.
    let mut reports: Vec<Event> =
        (0..9).map(|i| reviewed(i, 100 + ((i as i64 * 4) % 9) * 10, -(i as i64) * 5)).collect();
    reports.extend((9..14).map(|i| reviewed(i, i as i64 - 9, 3 + i as i64)));
    let mut most_overdue: Vec<String> = reports[..9].iter().map(|r| r.id.clone()).collect();
    most_overdue.reverse();
    let by_report: Vec<String> = {
        let mut by_time: Vec<&Event> = reports[..9].iter().collect();
        by_time.sort_by_key(|r| r.occurred_at);
        by_time.iter().map(|r| r.id.clone()).collect()
    };
    assert_ne!(by_report, most_overdue, "reported in another order than they fell due");
    let actor = Actor::new("test", "bulk");
    s.state.store.load_batch(&actor, &BulkBatch { events: reports, ..BulkBatch::default() }, None).await.unwrap();
    let analyst = s.login_as("ia.reed", &[Role::IntelligenceAnalyst]).await;

    let read = |query: &'static str, limit: usize| {
        let (s, analyst) = (&s, &analyst);
        async move {
            let path = format!("/intelligence/queue?queue=retention_due&{query}&limit={limit}");
            let pages = every_page(s, analyst, &path).await;
            let items = pages.iter().flat_map(|page| page["items"].as_array().unwrap());
            let ids: Vec<String> = items.map(|e| e["id"].as_str().unwrap().to_string()).collect();
            (ids, pages.iter().map(|page| page["more"].as_u64().unwrap()).collect::<Vec<u64>>())
        }
    };
    let (ids, mores) = read("", 4).await;
    assert_eq!(ids, most_overdue);
    assert_eq!(mores, [5, 1, 0]);
    let latest_due: Vec<String> = most_overdue.iter().rev().cloned().collect();
    assert_eq!(read("sort=newest", 3).await.0, latest_due);
    assert_eq!(read("sort=oldest", 9).await.0, most_overdue);

    let (_, first) = s.get(&analyst, "/intelligence/queue?queue=retention_due&limit=4").await;
    let after = encode(first["next"].as_str().unwrap());
    for other in ["queue=retention_due&sort=newest", "queue=sanitisation"] {
        let (status, body) = s.get(&analyst, &format!("/intelligence/queue?{other}&limit=4&after={after}")).await;
        assert_eq!((status, body["error"]["field"].as_str()), (422, Some("after")), "{other}: {body}");
    }
}
