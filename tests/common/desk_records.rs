//! The crime, safeguarding and ASB records the list tests make through the
//! API, dated so many hours or days ago so their order is known.

use chrono::{Duration, Utc};
use serde_json::{json, Value};

use super::TestServer;

/// A pedal cycle theft reported `hours_ago`, with `victim`.
pub fn crime(victim: &str, hours_ago: i64) -> Value {
    let reported = Utc::now() - Duration::hours(hours_ago);
    json!({
        "occurred_at": reported - Duration::hours(1), "borough": "lambeth", "summary": "Bicycle taken from a rack",
        "people": [{"person_id": victim, "role": "victim"}],
        "details": {"kind": "crime", "offence": "Theft of a pedal cycle", "status": "open", "reported_at": reported}
    })
}

/// A draft child welfare report on `subject`, of something `hours_ago`.
pub fn safeguarding_report(subject: &str, hours_ago: i64) -> Value {
    json!({
        "occurred_at": Utc::now() - Duration::hours(hours_ago), "borough": "lambeth",
        "summary": "Child left alone overnight",
        "people": [{"person_id": subject, "role": "subject"}],
        "details": {"kind": "safeguarding", "category": "child_welfare", "status": "draft", "risk": "high",
                    "risk_reasons": "Aged 6, alone overnight", "officer_in_charge": "DS Khan"}
    })
}

/// An open nuisance case from `complainant`, begun `days_ago`.
pub fn asb_case(complainant: &str, days_ago: i64) -> Value {
    json!({
        "occurred_at": Utc::now() - Duration::days(days_ago), "borough": "lambeth",
        "summary": "Nuisance in the stairwell",
        "people": [{"person_id": complainant, "role": "complainant"}],
        "details": {"kind": "asb", "category": "nuisance", "status": "open"}
    })
}

/// `s` as it goes in a query string (a page's cursor, say).
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Every page of the list at `path` (its query begun), each answered 200,
/// its `next` followed to the end.
pub async fn every_page(s: &TestServer, token: &str, path: &str) -> Vec<Value> {
    let (mut pages, mut after) = (Vec::new(), String::new());
    loop {
        let (status, page) = s.get(token, &format!("{path}{after}")).await;
        assert_eq!(status, 200, "{page}");
        let next = page["next"].as_str().map(|next| format!("&after={}", encode(next)));
        pages.push(page);
        match next {
            Some(next) => after = next,
            None => return pages,
        }
    }
}
