//! Intelligence text search through the API: the words are matched against
//! what the caller would be shown — the sanitised text for most roles, the
//! unsanitised text too for intelligence roles, never a handling code C
//! report's text, a draft only for its author, nothing for a role that may
//! not read intelligence — ranked by words in common then newest, a page at
//! a time, each search audited once with its reason and the reports shown.

use crate::common;

use bluelamp::domain::role::Role;
use common::{intelligence_json, Backend, TestServer};
use serde_json::{json, Value};

both_backends!(a_search_matches_only_what_the_caller_would_be_shown, a_search_pages_and_refuses_bad_input);

const WHY: &str = "reason=drugs%20supply%20enquiry";

/// A report on `person` with its texts, submitted unless `draft`.
async fn report(s: &TestServer, token: &str, person: &str, at: &str, texts: (&str, &str), draft: bool) -> String {
    let mut body = intelligence_json(person);
    body["occurred_at"] = json!(at);
    body["details"]["sanitised_text"] = json!(texts.0);
    body["details"]["unsanitised_text"] = json!(texts.1);
    if !draft {
        body["details"]["status"] = json!("submitted");
    }
    let (status, made) = s.post(token, "/intelligence", &body).await;
    assert_eq!(status, 201, "{made}");
    made["id"].as_str().unwrap().to_string()
}

async fn search(s: &TestServer, token: &str, q: &str) -> Value {
    let (status, body) = s.get(token, &format!("/intelligence/search?q={}&{WHY}", q.replace(' ', "%20"))).await;
    assert_eq!(status, 200, "{q}: {body}");
    body
}

fn ids(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|h| h["event"]["id"].as_str().unwrap().to_string()).collect()
}

async fn a_search_matches_only_what_the_caller_would_be_shown(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    let moss = s.login_as("dc.moss", &[Role::Investigator]).await;
    let analyst = s.login_as("ia.brown", &[Role::IntelligenceAnalyst]).await;
    let control = s.login_as("op.adams", &[Role::ControlRoom]).await;
    let admin = s.login_as("admin.lee", &[Role::Admin]).await;
    let person = s.person(&dc, "Darren", "Cole", "1990-04-01").await;
    let golf = report(
        &s,
        &dc,
        &person,
        "2026-10-01T12:00:00Z",
        ("Subject deals from a blue Golf near Brixton market", "Source KESTREL watched from flat 4"),
        false,
    )
    .await;
    let van =
        report(&s, &dc, &person, "2026-10-03T12:00:00Z", ("Transit van used in Brixton burglaries", "-"), false).await;
    let older_van = report(&s, &dc, &person, "2026-09-03T12:00:00Z", ("Transit van seen in Brixton", "-"), false).await;
    let mut coded = intelligence_json(&person);
    coded["details"]["status"] = json!("submitted");
    coded["details"]["sanitised_text"] = json!("Golf kept at a Brixton garage");
    coded["details"]["grading"] = json!({"scheme": "3x5x2", "source": 2, "intelligence": "B", "handling": "C",
                                          "conditions": "Not to be shared outside the MIT"});
    assert_eq!(s.post(&analyst, "/intelligence", &coded).await.0, 201);
    let draft = report(&s, &moss, &person, "2026-10-05T12:00:00Z", ("Golf driver seen in Brixton", "-"), true).await;

    // Most words in common first, then newest; the code C report never, the
    // other author's draft not at all.
    let page = search(&s, &dc, "golf brixton").await;
    assert_eq!(ids(&page), [golf.clone(), van.clone(), older_van.clone()], "{page}");
    assert_eq!((page["items"][0]["words"].as_u64(), page["items"][1]["words"].as_u64()), (Some(2), Some(1)));
    assert_eq!(page["words"], json!(["golf", "brixton"]));
    assert!(!page.to_string().contains("KESTREL"), "the text shown as the role may see it: {page}");
    // A word only in the unsanitised text: not for an investigator, found by an analyst.
    assert!(ids(&search(&s, &dc, "kestrel").await).is_empty());
    let page = search(&s, &analyst, "kestrel").await;
    assert_eq!(ids(&page), [golf.as_str()]);
    assert!(page.to_string().contains("Source KESTREL watched"), "{page}");
    // The code C report's words find nothing, for anyone.
    assert!(ids(&search(&s, &analyst, "garage").await).is_empty());
    // The draft answers its author alone.
    assert!(ids(&search(&s, &analyst, "driver").await).is_empty());
    assert_eq!(ids(&search(&s, &moss, "driver").await), [draft.as_str()]);
    // A role that may not read intelligence gets nothing.
    let (status, body) = s.get(&control, &format!("/intelligence/search?q=golf&{WHY}")).await;
    assert_eq!(status, 403, "{body}");
    assert!(!body.to_string().contains(&golf), "{body}");

    // Each search is one entry in the audit, with its reason, findable by
    // each report it showed.
    let (status, audit) = s.get(&admin, &format!("/audit?record={golf}")).await;
    assert_eq!(status, 200, "{audit}");
    let searches: Vec<&Value> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["record_kind"] == "intelligence_search" && e["username"] == "dc.shah")
        .collect();
    assert_eq!(searches.len(), 1, "{audit}");
    assert_eq!(searches[0]["reason"], "drugs supply enquiry");
    assert!(searches[0]["detail"].as_str().unwrap().starts_with("q=golf brixton"), "{audit}");

    // A report changed is found by its new words at once.
    let (_, read) = s.get(&moss, &format!("/intelligence/{draft}?{WHY}")).await;
    let revise = json!({"version": read["version"], "action": {"type": "revise", "sanitised_text": "Red Ford Fiesta"}});
    let (status, body) = s.post(&moss, &format!("/intelligence/{draft}/actions"), &revise).await;
    assert_eq!(status, 200, "{body}");
    assert!(ids(&search(&s, &moss, "driver").await).is_empty());
    assert_eq!(ids(&search(&s, &moss, "fiesta").await), [draft]);
}

async fn a_search_pages_and_refuses_bad_input(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    let person = s.person(&dc, "Darren", "Cole", "1990-04-01").await;
    let mut made = Vec::new();
    for day in 1..=7 {
        let at = format!("2026-10-{day:02}T12:00:00Z");
        made.push(report(&s, &dc, &person, &at, ("Blue Golf seen on Acre Lane", "-"), false).await);
    }
    made.reverse();
    let mut seen = Vec::new();
    let mut after = String::new();
    for left in [4, 1, 0] {
        let (status, page) = s.get(&dc, &format!("/intelligence/search?q=golf&limit=3{after}&{WHY}")).await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(page["more"], left, "{page}");
        seen.extend(ids(&page));
        after = page["next"]
            .as_str()
            .map(|n| format!("&after={}", form_urlencoded::byte_serialize(n.as_bytes()).collect::<String>()))
            .unwrap_or_default();
        assert_eq!(after.is_empty(), left == 0, "{page}");
    }
    assert_eq!(seen, made, "newest first, none twice, none lost");

    for (query, field) in [
        ("q=", "q"),
        ("q=the%20a", "q"),
        ("q=golf&limit=0", "limit"),
        ("q=golf&limit=101", "limit"),
        ("q=golf&after=2%7Cx", "after"),
    ] {
        let (status, body) = s.get(&dc, &format!("/intelligence/search?{query}&{WHY}")).await;
        assert_eq!((status, body["error"]["field"].as_str()), (422, Some(field)), "{query}: {body}");
    }
}
