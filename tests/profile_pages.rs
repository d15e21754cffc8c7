//! A vehicle's and a place's timeline a page at a time: newest first, each
//! record once across the pages whatever is recorded between them, the
//! same total on every page, the withheld counted on every page and never
//! shown, only the records on a page audited, the client following every
//! page, and a bad page size or cursor refused naming its field.

use crate::common;

use bluelamp::client::Client;
use bluelamp::domain::role::Role;
use common::{submitted_intelligence_json, Backend, TestServer};
use serde_json::{json, Value};

both_backends!(
    a_timeline_comes_a_page_at_a_time_newest_first_each_record_once,
    only_a_pages_records_are_audited_and_the_withheld_are_counted_on_every_page,
    a_bad_page_size_or_cursor_is_refused_naming_its_field,
);

const REASON: &str = "reason=checking%20the%20plate";

fn crime(at: &str, n: usize) -> Value {
    json!({
        "occurred_at": at,
        "borough": "Lambeth",
        "summary": format!("Car seen leaving after a break-in ({n})"),
        "details": {"kind": "crime", "offence": "Burglary dwelling", "status": "open",
                    "location": {"lines": ["40 Acre Lane"], "postcode": "SW2 5SG"}},
        "objects": [{"kind": "vehicle", "vrm": "LB07 SEO", "role": "vehicle_used"}],
    })
}

/// The place and the vehicle eight crimes name, and the crimes' ids newest
/// first (two of them at the same minute: the later id first).
async fn eight_crimes(s: &TestServer, token: &str) -> (String, String, Vec<String>) {
    let mut made = Vec::new();
    for (n, at) in [
        "2026-01-03T10:00:00Z",
        "2026-01-01T10:00:00Z",
        "2026-01-05T10:00:00Z",
        "2026-01-05T10:00:00Z",
        "2026-01-02T10:00:00Z",
        "2026-01-08T10:00:00Z",
        "2026-01-04T10:00:00Z",
        "2026-01-07T10:00:00Z",
    ]
    .into_iter()
    .enumerate()
    {
        let (status, body) = s.post(token, "/crimes", &crime(at, n)).await;
        assert_eq!(status, 201, "{body}");
        made.push((at, body["id"].as_str().unwrap().to_string()));
    }
    made.sort_by(|a, b| b.cmp(a));
    let (_, places) = s.get(token, "/places/lookup?q=SW25SG").await;
    let place = places["hits"][0]["place_id"].as_str().unwrap_or_else(|| panic!("{places}")).to_string();
    let (_, cars) = s.get(token, "/objects/lookup?vrm=LB07SEO").await;
    let car = cars["hits"][0]["object"]["id"].as_str().unwrap_or_else(|| panic!("{cars}")).to_string();
    (place, car, made.into_iter().map(|(_, id)| id).collect())
}

fn ids(page: &Value) -> Vec<String> {
    page["timeline"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap().to_string()).collect()
}

/// Every page of `path`'s timeline, `limit` at a time.
async fn pages(s: &TestServer, token: &str, path: &str, limit: usize) -> Vec<Value> {
    let mut out = Vec::new();
    let mut after = String::new();
    loop {
        let (status, page) = s.get(token, &format!("{path}?{REASON}&limit={limit}{after}")).await;
        assert_eq!(status, 200, "{page}");
        let next = page["timeline_next"].as_str().map(str::to_string);
        out.push(page);
        match next {
            Some(next) => after = format!("&after={}", urlencoding(&next)),
            None => return out,
        }
    }
}

fn urlencoding(text: &str) -> String {
    text.replace('%', "%25").replace('|', "%7C").replace(':', "%3A").replace('+', "%2B")
}

async fn a_timeline_comes_a_page_at_a_time_newest_first_each_record_once(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let (place, car, newest_first) = eight_crimes(&s, &control).await;
    for path in [format!("/places/{place}"), format!("/objects/{car}")] {
        let read = pages(&s, &control, &path, 3).await;
        let sizes: Vec<usize> = read.iter().map(|p| ids(p).len()).collect();
        assert_eq!(sizes, [3, 3, 2], "{path}");
        assert!(read.iter().all(|p| p["timeline_total"] == 8), "{path}: {read:?}");
        let seen: Vec<String> = read.iter().flat_map(ids).collect();
        assert_eq!(seen, newest_first, "{path}: newest first, each once");
        // One page of the usual size holds all eight, with nothing to follow.
        let (_, whole) = s.get(&control, &format!("{path}?{REASON}")).await;
        assert_eq!(ids(&whole), newest_first, "{path}");
        assert!(whole.get("timeline_next").is_none(), "{whole}");
    }

    // A record made between two pages is on the first page when read again,
    // and does not move the second.
    let path = format!("/objects/{car}");
    let (_, first) = s.get(&control, &format!("{path}?{REASON}&limit=3")).await;
    let (status, newer) = s.post(&control, "/crimes", &crime("2026-02-01T10:00:00Z", 9)).await;
    assert_eq!(status, 201, "{newer}");
    let next = urlencoding(first["timeline_next"].as_str().unwrap());
    let (_, second) = s.get(&control, &format!("{path}?{REASON}&limit=3&after={next}")).await;
    assert_eq!(ids(&second), newest_first[3..6], "{second}");
    assert_eq!(second["timeline_total"], 9);

    // The client follows every page, as `query vehicle --reason` does.
    let client = Client::new(&s.root()).unwrap().with_token(control.clone());
    let whole = client.object_profile_whole(&car, "checking the plate", 2).await.unwrap();
    let seen: Vec<&str> = whole.timeline.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(seen[0], newer["id"].as_str().unwrap());
    assert_eq!(seen[1..], newest_first.iter().map(String::as_str).collect::<Vec<_>>()[..]);
    assert_eq!(whole.timeline_next, None);
    let whole = client.place_profile_whole(&place, "checking the plate", 4).await.unwrap();
    assert_eq!(whole.timeline.len(), 9);
    assert_eq!(whole.timeline_total, 9);
}

async fn only_a_pages_records_are_audited_and_the_withheld_are_counted_on_every_page(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let analyst = s.login_as("ia.ross", &[Role::IntelligenceAnalyst]).await;
    let safeguarding = s.login_as("ps.hale", &[Role::Safeguarding]).await;
    let admin = s.login_as("admin.one", &[Role::Admin]).await;
    let (place, car, newest_first) = eight_crimes(&s, &control).await;
    let person = s.person(&control, "Dean", "Marsh", "1985-06-01").await;
    let (status, intel) = s.post(&analyst, "/intelligence", &submitted_intelligence_json(&person)).await;
    assert_eq!(status, 201, "{intel}");
    let intel = intel["id"].as_str().unwrap().to_string();
    let link = json!({"event": {"kind": "intelligence", "id": intel}, "role": "subject_of_intelligence"});
    assert_eq!(s.post(&analyst, &format!("/places/{place}/links"), &link).await.0, 201);
    let link = json!({"event_id": intel, "role": "vehicle_seen"});
    assert_eq!(s.post(&analyst, &format!("/objects/{car}/events"), &link).await.0, 201);

    for path in [format!("/places/{place}"), format!("/objects/{car}")] {
        // Not even told of it: the control room's total is the eight crimes.
        let read = pages(&s, &control, &path, 3).await;
        assert!(read.iter().all(|p| p["timeline_total"] == 8 && p["restricted"] == 0), "{path}: {read:?}");
        assert!(!format!("{read:?}").contains(&intel));
        // Told how many, on every page, and never shown.
        let read = pages(&s, &safeguarding, &path, 5).await;
        assert_eq!(read.len(), 2, "{path}");
        assert!(read.iter().all(|p| p["restricted"] == 1), "{path}: {read:?}");
        assert!(!format!("{read:?}").contains(&intel));
        // The analyst reads it with the crimes.
        let read = pages(&s, &analyst, &path, 5).await;
        let seen: Vec<String> = read.iter().flat_map(ids).collect();
        assert_eq!(seen.len(), 9);
        assert!(seen.contains(&intel), "{path}");
    }

    // The first page of three is audited, with its reason; what it did not
    // show is not.
    let (_, _) = s.get(&control, &format!("/objects/{car}?reason=ANPR%20hit%20on%20Acre%20Lane&limit=3")).await;
    let consulted = |audit: &Value| {
        audit["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "consultation" && e["reason"] == "ANPR hit on Acre Lane")
    };
    for (n, id) in newest_first.iter().enumerate() {
        let (_, audit) = s.get(&admin, &format!("/audit?record={id}")).await;
        assert_eq!(consulted(&audit), n < 3, "record {n} of the timeline: {audit}");
    }
    let (_, audit) = s.get(&admin, &format!("/audit?record={car}")).await;
    assert!(consulted(&audit), "{audit}");
}

async fn a_bad_page_size_or_cursor_is_refused_naming_its_field(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let (place, car, _) = eight_crimes(&s, &control).await;
    for path in [format!("/places/{place}"), format!("/objects/{car}")] {
        for (query, field) in [
            ("limit=0", "limit"),
            ("limit=501", "limit"),
            ("limit=many", "limit"),
            ("after=nonsense", "after"),
            ("after=2026-01-01%7Cx", "after"),
            ("after=%7C%7C", "after"),
        ] {
            let (status, body) = s.get(&control, &format!("{path}?{REASON}&{query}")).await;
            assert_eq!((status, body["error"]["field"].as_str()), (422, Some(field)), "{path}?{query}: {body}");
        }
        // The reason is still asked for first.
        let (status, body) = s.get(&control, &format!("{path}?limit=3")).await;
        assert_eq!((status, body["error"]["code"].as_str()), (400, Some("reason_required")), "{body}");
        // A cursor past the end is an empty last page.
        let (status, body) = s.get(&control, &format!("{path}?{REASON}&after=0000%7Ca%7Cb")).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!((ids(&body).len(), body["timeline_total"].as_u64()), (0, Some(8)), "{body}");
    }
}
