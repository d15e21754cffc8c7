//! The crime, safeguarding and ASB queues, and every collection's plain
//! list, say how many more they hold beyond the page, on both backends, so
//! a list can say "2 of 3": the count follows the page's cursor down to
//! none on the last page.

use crate::common;

use bluelamp::domain::role::Role;
use chrono::{Duration, Utc};
use common::bulk::load_events;
use common::desk_records::{asb_case, crime, encode, safeguarding_report as report};
use common::{Backend, TestServer};
use serde_json::{json, Value};

both_backends!(
    each_page_says_how_many_more_the_queue_holds,
    a_plain_list_says_how_many_more_it_holds,
    a_long_queue_is_counted_to_a_thousand_and_says_so
);

fn case_file(urn: &str, defendant: &str) -> Value {
    json!({
        "reference": urn, "occurred_at": Utc::now() - Duration::days(60), "borough": "southwark",
        "summary": "Street robbery, Walworth Road",
        "people": [{"person_id": defendant, "role": "defendant"}],
        "details": {"kind": "case", "charges": [], "stage": "pre_charge",
                    "status": "under_investigation", "officer_in_case": "DC Shah"}
    })
}

/// The `more` of each page of `path`, read `limit` at a time to the end.
async fn counts(s: &TestServer, token: &str, path: &str, limit: usize) -> Vec<u64> {
    let mut out = Vec::new();
    let mut after = String::new();
    loop {
        let (status, page) = s.get(token, &format!("{path}limit={limit}{after}")).await;
        assert_eq!(status, 200, "{page}");
        out.push(page["more"].as_u64().expect("more on every page"));
        match page["next"].as_str() {
            Some(next) => after = format!("&after={}", encode(next)),
            None => return out,
        }
    }
}

async fn each_page_says_how_many_more_the_queue_holds(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    let person = s.person(&dc, "Maya", "Okafor", "1988-03-02").await;
    for hours in [3, 2, 1] {
        let (status, body) = s.post(&dc, "/crimes", &crime(&person, hours)).await;
        assert_eq!(status, 201, "{body}");
    }
    assert_eq!(counts(&s, &dc, "/crimes/queue?", 2).await, [1, 0]);
    assert_eq!(counts(&s, &dc, "/crimes/queue?", 1).await, [2, 1, 0]);
    assert_eq!(counts(&s, &dc, "/crimes/queue?", 5).await, [0]);

    let officer = s.login_as("ds.khan", &[Role::Safeguarding]).await;
    let child = s.person(&officer, "Ruby", "Okafor", "2019-05-01").await;
    for _ in 0..3 {
        let (status, body) = s.post(&officer, "/safeguarding", &report(&child, 1)).await;
        assert_eq!(status, 201, "{body}");
    }
    assert_eq!(counts(&s, &officer, "/safeguarding/queue?queue=drafts&", 2).await, [1, 0]);

    let asb = s.login_as("pc.asb", &[Role::ControlRoom]).await;
    let complainant = s.person(&asb, "Jean", "Price", "1941-07-09").await;
    for _ in 0..3 {
        let (status, body) = s.post(&asb, "/asb", &asb_case(&complainant, 30)).await;
        assert_eq!(status, 201, "{body}");
    }
    assert_eq!(counts(&s, &asb, "/asb/cases?", 2).await, [1, 0]);
}

/// A collection's plain list (what the console's case status loads) counts
/// under its own filter; none more is said by leaving `more` out.
async fn a_plain_list_says_how_many_more_it_holds(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    let defendant = s.person(&dc, "Jason", "Mbeki", "1999-02-11").await;
    for urn in ["01YE1234526", "01YE1234527", "01YE1234528"] {
        let (status, body) = s.post(&dc, "/cases", &case_file(urn, &defendant)).await;
        assert_eq!(status, 201, "{body}");
    }
    let mut mores = Vec::new();
    let mut after = String::new();
    loop {
        let (status, page) = s.get(&dc, &format!("/cases?open=true&limit=2{after}")).await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(page.get("more_at_least"), None, "{page}");
        mores.push(page.get("more").cloned());
        match page["next"].as_str() {
            Some(next) => after = format!("&after={}", encode(next)),
            None => break,
        }
    }
    assert_eq!(mores, [Some(json!(1)), None]);
    let (_, page) = s.get(&dc, "/cases?limit=1&sort=oldest").await;
    assert_eq!(page["more"], 2, "{page}");
    // The count keeps the list's filter: no closed cases, none more.
    let (_, page) = s.get(&dc, "/cases?open=false&limit=1").await;
    assert_eq!((page["items"].as_array().map(Vec::len), page.get("more")), (Some(0), None), "{page}");
}

/// Past a thousand the count stops and says "at least": a page of a queue of
/// 300,000 crimes costs what a page of a short one does.
async fn a_long_queue_is_counted_to_a_thousand_and_says_so(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let at = Utc::now() - Duration::hours(2);
    let crime = json!({
        "status": "open", "borough": "lambeth", "summary": "Bicycle taken",
        "details": {"kind": "crime", "offence": "Theft of a pedal cycle", "status": "open", "reported_at": at}
    });
    load_events(&s, 1_060, at, &crime).await;
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    let (status, first) = s.get(&dc, "/crimes/queue?limit=50").await;
    assert_eq!(status, 200, "{first}");
    assert_eq!((first["more"].as_u64(), first["more_at_least"].as_bool()), (Some(1_000), Some(true)));
    // Three pages on, 910 remain: counted exactly, and the flag is gone.
    let mut page = first;
    for _ in 0..2 {
        let after = encode(page["next"].as_str().expect("a next page"));
        page = s.get(&dc, &format!("/crimes/queue?limit=50&after={after}")).await.1;
    }
    assert_eq!(page["more"], 910, "{page}");
    assert_eq!(page.get("more_at_least"), None, "{page}");
    // The plain list counts the same way.
    let (status, list) = s.get(&dc, "/crimes?open=true&limit=50").await;
    assert_eq!(status, 200, "{list}");
    assert_eq!((list["more"].as_u64(), list["more_at_least"].as_bool()), (Some(1_000), Some(true)));
}
