//! An intelligence draft is its author's alone: to anyone else — another
//! investigator, an intelligence officer, an administrator exporting a
//! subject access request — it is not there, by id, through its actions,
//! in lists and queues, on a person's, vehicle's, phone's or place's
//! timeline (not even counted as withheld), in the search box (where its
//! reference finds it for its author) or in an export; once submitted it is seen as any report. "My drafts" reads the
//! caller's own drafts by author, a page at a time, losing none.

use std::collections::BTreeSet;

use crate::common;

use bluelamp::domain::role::Role;
use common::{intelligence_json, Backend, TestServer};
use serde_json::{json, Value};

both_backends!(another_authors_draft_is_not_there_on_any_route, my_drafts_pages_through_the_callers_own_drafts_only,);

const WHY: &str = "reason=intelligence%20desk%20check";

async fn get_ok(s: &TestServer, token: &str, path: &str) -> Value {
    let (status, body) = s.get(token, path).await;
    assert_eq!(status, 200, "{path}: {body}");
    body
}

/// Whether `body` holds the record `id` anywhere.
fn holds(body: &Value, id: &str) -> bool {
    body.to_string().contains(id)
}

/// The person ids the search box gives for `q`.
async fn found(s: &TestServer, token: &str, q: &str) -> Vec<String> {
    let q = q.replace('/', "%2F").replace(' ', "%20");
    let body = get_ok(s, token, &format!("/search/subjects?q={q}&{WHY}")).await;
    body["hits"].as_array().unwrap().iter().map(|h| h["person_id"].as_str().unwrap().to_string()).collect()
}

async fn another_authors_draft_is_not_there_on_any_route(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let author = s.login_as("dc.shah", &[Role::Investigator]).await;
    let colleague = s.login_as("dc.moss", &[Role::Investigator]).await;
    let analyst = s.login_as("ia.brown", &[Role::IntelligenceAnalyst]).await;
    let welfare = s.login_as("ds.khan", &[Role::Safeguarding]).await;
    let dpo = s.login_as("dpo.evans", &[Role::Admin]).await;
    let person = s.person(&author, "Darren", "Cole", "1990-04-01").await;
    let mut body = intelligence_json(&person);
    body["objects"] = json!([{"kind": "vehicle", "vrm": "LB07 SEO", "role": "vehicle_seen"},
                             {"kind": "phone", "number": "07700 900123", "role": "phone_used"}]);
    let (status, draft) = s.post(&author, "/intelligence", &body).await;
    assert_eq!(status, 201, "{draft}");
    let (id, reference) = (draft["id"].as_str().unwrap().to_string(), draft["reference"].as_str().unwrap().to_string());
    assert_eq!(draft["status"], "draft");
    s.settle().await;
    let lookup = get_ok(&s, &author, "/places/lookup?q=12%20acre%20lane%20sw2%205sg").await;
    let place = lookup["hits"][0]["place_id"].as_str().unwrap().to_string();
    let link = json!({"event": {"kind": "intelligence", "id": id}, "role": "subject_of_intelligence"});
    let (status, linked) = s.post(&author, &format!("/places/{place}/links"), &link).await;
    assert_eq!(status, 201, "{linked}");
    let objects = get_ok(&s, &author, &format!("/objects/lookup?vrm=LB07SEO&{WHY}")).await;
    let car = objects["hits"][0]["object"]["id"].as_str().unwrap().to_string();
    let phones = get_ok(&s, &author, &format!("/objects/lookup?phone=07700900123&{WHY}")).await;
    let phone = phones["hits"][0]["object"]["id"].as_str().unwrap().to_string();

    // Its author sees it everywhere it belongs.
    assert!(holds(&get_ok(&s, &author, &format!("/intelligence/{id}?{WHY}")).await, &id));
    assert!(holds(&get_ok(&s, &author, &format!("/intelligence?{WHY}")).await, &id));
    assert!(holds(&get_ok(&s, &author, &format!("/persons/{person}?{WHY}")).await, &id));
    assert!(holds(&get_ok(&s, &author, &format!("/objects/{car}?{WHY}")).await, &id));
    assert!(holds(&get_ok(&s, &author, &format!("/places/{place}?{WHY}")).await, &id));
    // The search box finds it by its reference, however typed, for its author.
    assert_eq!(found(&s, &author, &reference).await, [person.as_str()]);
    assert_eq!(found(&s, &author, &reference.to_lowercase().replace('/', " ")).await, [person.as_str()]);

    for (who, token) in [("investigator", &colleague), ("intelligence officer", &analyst)] {
        let (status, body) = s.get(token, &format!("/intelligence/{id}?{WHY}")).await;
        assert_eq!(status, 404, "{who} read another's draft: {body}");
        assert!(!holds(&body, &reference), "{body}");
        let revise = json!({"version": 1, "action": {"type": "revise", "priority": "high"}});
        let (status, body) = s.post(token, &format!("/intelligence/{id}/actions"), &revise).await;
        assert_eq!(status, 404, "{who} revised another's draft: {body}");
        // Not even a stale version says it is there.
        let submit = json!({"version": 7, "action": {"type": "submit"}});
        assert_eq!(s.post(token, &format!("/intelligence/{id}/actions"), &submit).await.0, 404, "{who}");
        for path in [
            format!("/intelligence?{WHY}"),
            format!("/intelligence?person={person}&{WHY}"),
            format!("/intelligence?status=draft&{WHY}"),
            format!("/intelligence/queue?queue=my_drafts&{WHY}"),
            format!("/objects/{car}?{WHY}"),
            format!("/objects/{phone}?{WHY}"),
            format!("/places/{place}?{WHY}"),
        ] {
            let body = get_ok(&s, token, &path).await;
            assert!(!holds(&body, &id), "{who} saw another's draft in {path}: {body}");
        }
        let profile = get_ok(&s, token, &format!("/persons/{person}?{WHY}")).await;
        assert!(!holds(&profile, &id), "{who}: {profile}");
        assert_eq!(profile["restricted"], 0, "{who}: not even counted");
        assert!(found(&s, token, &reference).await.is_empty(), "{who} found the draft's reference");
        // Nor may it be linked to anything by its id.
        let (status, _) = s.post(token, &format!("/places/{place}/links"), &link).await;
        assert_eq!(status, 404, "{who} linked another's draft");
    }
    // A role told how many records a profile withholds is not told of a draft.
    let profile = get_ok(&s, &welfare, &format!("/persons/{person}?{WHY}")).await;
    assert_eq!(profile["restricted"], 0, "{profile}");
    for path in [format!("/objects/{car}?{WHY}"), format!("/places/{place}?{WHY}")] {
        assert_eq!(get_ok(&s, &welfare, &path).await["restricted"], 0, "{path}");
    }
    // Nor is it in a subject access export.
    let export = get_ok(&s, &dpo, &format!("/persons/{person}/export?reason=SAR%202026%2F0142")).await;
    assert!(!holds(&export, &id), "{export}");
    // The refusals read nothing: no consultation of the draft by anyone else.
    let audit = get_ok(&s, &dpo, &format!("/audit?record={id}")).await;
    let readers: BTreeSet<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "consultation")
        .map(|e| e["username"].as_str().unwrap())
        .collect();
    assert_eq!(readers, BTreeSet::from(["dc.shah"]), "{audit}");

    // Submitted, it is seen as any report.
    let submit = json!({"version": draft["version"], "action": {"type": "submit"}});
    let (status, body) = s.post(&author, &format!("/intelligence/{id}/actions"), &submit).await;
    assert_eq!(status, 200, "{body}");
    s.settle().await;
    assert!(holds(&get_ok(&s, &analyst, &format!("/intelligence/{id}?{WHY}")).await, &id));
    assert!(holds(&get_ok(&s, &colleague, &format!("/persons/{person}?{WHY}")).await, &id));
    assert!(holds(&get_ok(&s, &colleague, &format!("/objects/{phone}?{WHY}")).await, &id));
    assert_eq!(found(&s, &analyst, &reference).await, [person.as_str()]);
    assert_eq!(get_ok(&s, &welfare, &format!("/persons/{person}?{WHY}")).await["restricted"], 1);
}

/// Every page of the caller's "my drafts" queue, `limit` at a time.
async fn my_drafts(s: &TestServer, token: &str, limit: usize) -> (Vec<String>, usize) {
    let (mut ids, mut pages, mut after) = (Vec::new(), 0, None::<String>);
    loop {
        let mut path = format!("/intelligence/queue?queue=my_drafts&limit={limit}&{WHY}");
        if let Some(a) = &after {
            path.push_str(&format!("&after={}", form_urlencoded::byte_serialize(a.as_bytes()).collect::<String>()));
        }
        let page = get_ok(s, token, &path).await;
        pages += 1;
        ids.extend(page["items"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap().to_string()));
        match page["next"].as_str() {
            Some(next) => {
                assert!(page["more"].as_u64().unwrap() > 0, "{page}");
                after = Some(next.to_string());
            }
            None => return (ids, pages),
        }
    }
}

async fn my_drafts_pages_through_the_callers_own_drafts_only(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let authors = [
        (s.login_as("dc.shah", &[Role::Investigator]).await, 23),
        (s.login_as("ia.brown", &[Role::IntelligenceAnalyst]).await, 9),
        (s.login_as("dc.moss", &[Role::Investigator]).await, 4),
    ];
    let person = s.person(&authors[0].0, "Darren", "Cole", "1990-04-01").await;
    let mut written: Vec<BTreeSet<String>> = vec![BTreeSet::new(); authors.len()];
    // Interleaved, so each author's drafts are spread among the others'.
    for round in 0..23 {
        for (i, (token, n)) in authors.iter().enumerate() {
            if round < *n {
                let mut body = intelligence_json(&person);
                body["occurred_at"] = json!(format!("2026-10-01T12:{:02}:00Z", round));
                let (status, draft) = s.post(token, "/intelligence", &body).await;
                assert_eq!(status, 201, "{draft}");
                written[i].insert(draft["id"].as_str().unwrap().to_string());
            }
        }
    }
    // A submitted report of the first author's is not a draft.
    let mut submitted = intelligence_json(&person);
    submitted["details"]["status"] = json!("submitted");
    assert_eq!(s.post(&authors[0].0, "/intelligence", &submitted).await.0, 201);

    for (i, (token, n)) in authors.iter().enumerate() {
        let (ids, pages) = my_drafts(&s, token, 5).await;
        assert_eq!(ids.len(), *n, "author {i}: {ids:?}");
        assert_eq!(pages, n.div_ceil(5), "author {i}");
        assert_eq!(ids.iter().cloned().collect::<BTreeSet<_>>(), written[i], "author {i}: their own, none lost");
    }
    // Newest first.
    let (first, _) = my_drafts(&s, &authors[0].0, 50).await;
    let page = get_ok(&s, &authors[0].0, &format!("/intelligence/queue?queue=my_drafts&limit=50&{WHY}")).await;
    let times: Vec<&str> =
        page["items"].as_array().unwrap().iter().map(|e| e["occurred_at"].as_str().unwrap()).collect();
    assert_eq!(times.len(), first.len());
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
}
