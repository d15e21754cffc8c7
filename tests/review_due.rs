//! The crime desk's queue of reviews due, on both backends: only crimes
//! whose review has fallen due, the most overdue first (or the latest due
//! with `sort=newest`), whoever reported them when; a unit's alone; paged
//! without a crime lost or repeated, each page saying how many follow; and
//! a cursor from another order refused, naming `after`.

use crate::common;

use bluelamp::domain::role::Role;
use bluelamp::store::{Actor, BulkBatch};
use chrono::{DateTime, Duration, Utc};
use common::desk_records::{encode, every_page};
use common::{Backend, TestServer};
use serde_json::{json, Value};

both_backends!(reviews_due_come_most_overdue_first_page_by_page, a_units_reviews_due_are_its_own_in_the_same_order);

/// A live crime reported `reported_days_ago`, allocated to `unit`, its
/// review due `due_in_days` from now (negative: overdue).
fn crime(i: usize, reported_days_ago: i64, due_in_days: i64, unit: &str) -> Value {
    let now = Utc::now();
    let reported = now - Duration::days(reported_days_ago);
    json!({
        "id": format!("c{i:03}"), "kind": "crime", "reference": format!("CR/T/{i:05}"), "version": 1,
        "status": "open", "occurred_at": reported, "borough": "lambeth", "summary": "Bicycle taken",
        "people": [], "created_at": reported, "updated_at": reported, "provenance": {"entered_by": "test"},
        "details": {"kind": "crime", "offence": "Theft of a pedal cycle", "status": "open", "reported_at": reported,
                    "allocations": [{"officer": "dc.shah", "unit": unit, "at": reported, "by": "ds.khan"}],
                    "review_due": now + Duration::days(due_in_days)}
    })
}

/// Twelve crimes whose reviews fell due at different times, reported in
/// an order of their own, and eight more not yet due (the newest among
/// them, as on a real desk).
async fn desk(b: Backend) -> Option<(TestServer, String, Vec<Value>)> {
    let s = TestServer::start(b).await?;
    let units = ["Lambeth CID", "Burglary Squad"];
    let mut crimes: Vec<Value> =
        (0..12).map(|i| crime(i, 40 + ((i as i64 * 7) % 12) * 3, -1 - i as i64 * 2, units[i % 2])).collect();
    crimes.extend((12..20).map(|i| crime(i, i as i64 - 12, 5 + i as i64, units[i % 2])));
    let events = crimes.iter().map(|c| serde_json::from_value(c.clone()).unwrap()).collect();
    s.state
        .store
        .load_batch(&Actor::new("test", "bulk"), &BulkBatch { events, ..BulkBatch::default() }, None)
        .await
        .unwrap();
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    Some((s, dc, crimes))
}

/// The ids of the due crimes among `crimes` (of `unit`, if given), the
/// most overdue first, or the latest due first.
fn expected(crimes: &[Value], unit: Option<&str>, most_overdue_first: bool) -> Vec<String> {
    let now = Utc::now();
    let due = |c: &Value| c["details"]["review_due"].as_str().unwrap().parse::<DateTime<Utc>>().unwrap();
    let mut due_now: Vec<&Value> = crimes
        .iter()
        .filter(|c| due(c) <= now)
        .filter(|c| unit.is_none_or(|u| c["details"]["allocations"][0]["unit"] == u))
        .collect();
    due_now.sort_by_key(|c| due(c));
    if !most_overdue_first {
        due_now.reverse();
    }
    due_now.iter().map(|c| c["id"].as_str().unwrap().to_string()).collect()
}

/// Every row of `query`, `limit` at a time, with the `more` of each page.
async fn read_all(s: &TestServer, token: &str, query: &str, limit: usize) -> (Vec<String>, Vec<u64>) {
    let pages = every_page(s, token, &format!("/crimes/queue?{query}&limit={limit}")).await;
    let rows = pages.iter().flat_map(|page| page["rows"].as_array().unwrap());
    let ids = rows.map(|row| row["event"]["id"].as_str().unwrap().to_string()).collect();
    (ids, pages.iter().map(|page| page["more"].as_u64().unwrap()).collect())
}

async fn reviews_due_come_most_overdue_first_page_by_page(b: Backend) {
    let Some((s, dc, crimes)) = desk(b).await else { return };
    let most_overdue = expected(&crimes, None, true);
    assert_eq!(most_overdue.len(), 12);
    // Reported in another order than they fell due: the page follows the due time.
    assert_ne!(most_overdue, {
        let mut by_report = most_overdue.clone();
        by_report.sort_by_key(|id| crimes.iter().position(|c| c["id"] == id.as_str()));
        by_report
    });
    let (ids, mores) = read_all(&s, &dc, "queue=review_due", 5).await;
    assert_eq!(ids, most_overdue);
    assert_eq!(mores, [7, 2, 0]);
    assert_eq!(read_all(&s, &dc, "queue=review_due&sort=oldest", 12).await.0, most_overdue);
    assert_eq!(read_all(&s, &dc, "queue=review_due&sort=newest", 5).await.0, expected(&crimes, None, false));

    // A cursor carries its order: another order, or another queue's, is refused.
    let (_, first) = s.get(&dc, "/crimes/queue?queue=review_due&limit=5").await;
    let after = encode(first["next"].as_str().unwrap());
    for other in ["queue=review_due&sort=newest", "queue=unallocated", "sort=oldest"] {
        let (status, body) = s.get(&dc, &format!("/crimes/queue?{other}&limit=5&after={after}")).await;
        assert_eq!((status, body["error"]["field"].as_str()), (422, Some("after")), "{other}: {body}");
    }
}

async fn a_units_reviews_due_are_its_own_in_the_same_order(b: Backend) {
    let Some((s, dc, crimes)) = desk(b).await else { return };
    let query = "queue=review_due&unit=Lambeth%20CID";
    let (ids, mores) = read_all(&s, &dc, query, 4).await;
    assert_eq!(ids, expected(&crimes, Some("Lambeth CID"), true));
    assert_eq!(mores, [2, 0]);
    assert_eq!(
        read_all(&s, &dc, &format!("{query}&sort=newest"), 4).await.0,
        expected(&crimes, Some("Lambeth CID"), false)
    );
}
