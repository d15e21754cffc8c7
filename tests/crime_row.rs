//! One crime read in a queue (`GET /crimes/queue?id=`), as the console
//! follows a change: its row when the crime is in the queue, none when it
//! is not, audited as one consultation of that crime alone.

use crate::common;

use bluelamp::domain::role::Role;
use chrono::{Duration, Utc};
use common::{Backend, TestServer};
use serde_json::{json, Value};

both_backends!(one_crime_is_read_in_its_queue_and_audited_alone);

async fn record(s: &TestServer, token: &str, summary: &str) -> String {
    let reported = Utc::now() - Duration::hours(3);
    let body = json!({
        "occurred_at": reported - Duration::hours(1), "borough": "lambeth", "summary": summary,
        "details": {"kind": "crime", "offence": "Burglary", "status": "open", "reported_at": reported}
    });
    let (status, crime) = s.post(token, "/crimes", &body).await;
    assert_eq!(status, 201, "{crime}");
    crime["id"].as_str().unwrap().to_string()
}

async fn rows(s: &TestServer, token: &str, query: &str) -> Vec<Value> {
    let (status, page) = s.get(token, &format!("/crimes/queue?{query}")).await;
    assert_eq!(status, 200, "{page}");
    page["rows"].as_array().unwrap().clone()
}

async fn consultations(s: &TestServer, admin: &str, id: &str) -> usize {
    let (status, audit) = s.get(admin, &format!("/audit?record={id}")).await;
    assert_eq!(status, 200, "{audit}");
    audit["items"].as_array().unwrap().iter().filter(|e| e["action"] == "consultation").count()
}

async fn one_crime_is_read_in_its_queue_and_audited_alone(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    let admin = s.login_as("admin.lee", &[Role::Admin]).await;
    let first = record(&s, &dc, "Shed broken into").await;
    let second = record(&s, &dc, "Garage broken into").await;

    let found = rows(&s, &dc, &format!("queue=unallocated&id={first}")).await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["event"]["id"], first.as_str());
    assert!(found[0]["due"]["classification_due"].is_string(), "with its clocks: {found:?}");
    assert_eq!(consultations(&s, &admin, &first).await, 1, "the crime read");
    assert_eq!(consultations(&s, &admin, &second).await, 0, "the other crime was not read");

    // Not in the queue asked about: no row, and nothing consulted.
    let none = rows(&s, &dc, &format!("queue=mine&id={first}")).await;
    assert!(none.is_empty(), "{none:?}");
    assert_eq!(consultations(&s, &admin, &first).await, 1);
    let unknown = rows(&s, &dc, "queue=unallocated&id=no-such-crime").await;
    assert!(unknown.is_empty(), "{unknown:?}");
}
