//! The central API end to end: a real server on loopback over a real SQLite
//! file and a real PostgreSQL, driven over HTTP.

use crate::common;

use bluelamp::domain::identifiers::format_pnc;
use bluelamp::domain::role::Role;
use common::{person_json, read_events, submitted_intelligence_json, Backend, TestServer};
use serde_json::json;

async fn login_and_tokens(b: Backend) {
    let Some(s) = TestServer::start(b).await else {
        return;
    };
    let token = s.login_as("pc.adams", &[Role::ControlRoom]).await;
    let (status, me) = s.get(&token, "/auth/me").await;
    assert_eq!(status, 200);
    assert_eq!(me["username"], "pc.adams");
    assert_eq!(me["roles"], json!(["control_room"]));

    let (status, body) =
        s.post("", "/auth/login", &json!({"username": "pc.adams", "password": "wrong password!"})).await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "unauthenticated");
    let (status, _) = s.post("", "/auth/login", &json!({"username": "nobody", "password": "wrong password!"})).await;
    assert_eq!(status, 401);
    let (status, body) = s.get("not-a-token", "/auth/me").await;
    assert_eq!(status, 401, "{body}");
    let res = s.http.get(format!("{}/search/subjects?q=smith", s.base)).send().await.unwrap();
    assert_eq!(res.status(), 401);
    // Tokens are stored hashed: the token itself is nowhere in the database.
    let hash = bluelamp::server::password::token_hash(&token);
    assert_ne!(hash, token);
}

async fn roles_are_enforced_by_the_server(b: Backend) {
    let Some(s) = TestServer::start(b).await else {
        return;
    };
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let investigator = s.login_as("dc.shah", &[Role::Investigator]).await;
    let analyst = s.login_as("ia.brown", &[Role::IntelligenceAnalyst]).await;
    let person = s.person(&investigator, "Darren", "Cole", "1990-04-01").await;
    let intel = submitted_intelligence_json(&person);
    let (status, _) = s.post(&investigator, "/intelligence", &intel).await;
    assert_eq!(status, 201);

    // Control room may not read or write intelligence, write custody, or read the audit log.
    assert_eq!(s.get(&control, "/intelligence").await.0, 403);
    assert_eq!(s.post(&control, "/intelligence", &intel).await.0, 403);
    assert_eq!(s.get(&control, "/audit").await.0, 403);
    let (status, body) = s.post(&control, "/custody", &json!({})).await;
    assert!(status == 403 || status == 422, "{status} {body}");
    assert_eq!(s.get(&control, "/safeguarding").await.0, 403);

    // In a profile, what a role may not see leaves no trace: no entry, no
    // kind, no date, not even a count for a role that reads nothing restricted.
    let (status, profile) = s.get(&control, &format!("/persons/{person}?reason=call%20in%20progress")).await;
    assert_eq!(status, 200, "{profile}");
    assert_eq!(profile["timeline"], json!([]));
    assert_eq!(profile["restricted"], 0);
    assert!(!profile.to_string().contains("blue Golf"));
    assert!(!profile.to_string().contains("intelligence"));

    // Investigators see sanitised intelligence only; analysts see it all.
    let (_, profile) = s.get(&investigator, &format!("/persons/{person}?reason=burglary%20enquiry")).await;
    let text = profile.to_string();
    assert!(text.contains("blue Golf"));
    assert!(!text.contains("flat 4"), "unsanitised text reached an investigator");
    let (_, profile) = s.get(&analyst, &format!("/persons/{person}?reason=intelligence%20assessment")).await;
    assert!(profile.to_string().contains("flat 4"));
}

async fn misspelt_name_is_found_in_top_three(b: Backend) {
    let Some(s) = TestServer::start(b).await else {
        return;
    };
    let t = s.login_as("op.jones", &[Role::ControlRoom]).await;
    let target = s.person(&t, "Mohammed", "Khan", "1985-03-12").await;
    for (f, sn, d) in [
        ("Imran", "Khan", "1979-01-02"),
        ("Mohammed", "Ali", "1990-06-07"),
        ("Aisha", "Khan", "1985-03-12"),
        ("Michael", "Kane", "1985-02-11"),
        ("Mohamed", "Hassan", "1988-09-09"),
    ] {
        s.person(&t, f, sn, d).await;
    }
    s.settle().await;
    let (status, body) = s.get(&t, "/search/subjects?q=Muhamad%20Kahn").await;
    assert_eq!(status, 200, "{body}");
    let hits = body["hits"].as_array().unwrap();
    let rank = hits.iter().position(|h| h["person_id"] == target.as_str());
    assert!(rank.is_some_and(|r| r < 3), "not in top three: {body}");
    let hit = &hits[rank.unwrap()];
    assert_eq!(hit["markers"], json!(["VI"]));
    assert_eq!(hit["area"], "Lambeth");
}

async fn misspelt_seeded_name_is_found_in_top_three(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let t = s.login_as("op.seed", &[Role::ControlRoom]).await;
    // Seeded while the server runs: its index learns of them from the change log.
    bluelamp::cli::seeding::seed(&s.state.store, 2_000, 11, false).await.unwrap();
    s.settle().await;
    let mut people = Vec::new();
    s.state.store.for_each_person(|p| people.push(p)).await.unwrap();
    let mut checked = 0;
    for person in people.iter().step_by(97).take(12) {
        let name = person.primary_name().unwrap();
        let surname: String = name.surname.clone();
        if surname.chars().count() < 5 {
            continue;
        }
        // Two letters of the surname transposed, as a hurried operator types.
        let mut chars: Vec<char> = surname.chars().collect();
        chars.swap(2, 3);
        let misspelt: String = chars.into_iter().collect();
        let forename = name.forenames.split_whitespace().next().unwrap();
        let q = format!("{forename} {misspelt}");
        let dob = person.details.date_of_birth.map(|d| d.to_string()).unwrap_or_default();
        let path = format!("/search/subjects?q={}&dob={dob}", q.replace(' ', "%20"));
        let (status, body) = s.get(&t, &path).await;
        assert_eq!(status, 200, "{body}");
        let rank = body["hits"].as_array().unwrap().iter().position(|h| h["person_id"] == person.id.as_str());
        assert!(rank.is_some_and(|r| r < 3), "'{q}' ({dob}) did not find {} in the top three: {body}", person.id);
        checked += 1;
    }
    assert!(checked >= 5, "too few seeded people checked");
}

async fn profile_needs_a_reason_and_is_audited(b: Backend) {
    let Some(s) = TestServer::start(b).await else {
        return;
    };
    let t = s.login_as("dc.green", &[Role::Investigator]).await;
    let admin = s.login_as("admin.one", &[Role::Admin]).await;
    let id = s.person(&t, "Jane", "Doe", "1970-01-01").await;
    let (status, body) = s.get(&t, &format!("/persons/{id}")).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "reason_required");
    assert_eq!(body["error"]["field"], "reason");
    let (status, _) = s.get(&t, &format!("/persons/{id}?reason=%20%20")).await;
    assert_eq!(status, 400);

    let (status, _) = s.get(&t, &format!("/persons/{id}?reason=burglary%20enquiry%20CR%2F1")).await;
    assert_eq!(status, 200);
    let (status, _) = s.get(&t, "/search/subjects?q=jane%20doe&reason=caller%20check").await;
    assert_eq!(status, 200);
    let (status, audit) = s.get(&admin, &format!("/audit?record={id}")).await;
    assert_eq!(status, 200);
    let items = audit["items"].as_array().unwrap();
    let consult =
        items.iter().find(|e| e["action"] == "consultation" && e["detail"] == "profile").expect("consultation logged");
    assert_eq!(consult["username"], "dc.green");
    assert_eq!(consult["reason"], "burglary enquiry CR/1");
    assert!(items.iter().any(|e| e["action"] == "collection"), "creation logged: {audit}");
    let (_, audit) = s.get(&admin, "/audit?user=dc.green").await;
    assert!(audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["record_kind"] == "search" && e["reason"] == "caller check"));
}

async fn stale_update_is_refused(b: Backend) {
    let Some(s) = TestServer::start(b).await else {
        return;
    };
    let t = s.login_as("dc.white", &[Role::Investigator]).await;
    let id = s.person(&t, "Tom", "Hart", "1980-05-05").await;
    let mut details = person_json("Thomas", "Hart", "1980-05-05");
    let (status, body) = s.put(&t, &format!("/persons/{id}"), &json!({"version": 1, "person": details})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["version"], 2);
    details["names"][0]["forenames"] = json!("Tommy");
    let (status, body) = s.put(&t, &format!("/persons/{id}"), &json!({"version": 1, "person": details})).await;
    assert_eq!(status, 409);
    assert_eq!(body["error"]["code"], "conflict");
    let (_, profile) = s.get(&t, &format!("/persons/{id}?reason=record%20check")).await;
    assert_eq!(profile["person"]["names"][0]["forenames"], "Thomas");
    assert_eq!(profile["person"]["version"], 2);
}

async fn a_changed_person_is_found_as_changed(b: Backend) {
    let Some(s) = TestServer::start(b).await else {
        return;
    };
    let t = s.login_as("dc.white", &[Role::Investigator]).await;
    let id = s.person(&t, "Tom", "Hart", "1980-05-05").await;
    let details = person_json("Thomas", "Hartington", "1981-06-07");
    let (status, body) = s.put(&t, &format!("/persons/{id}"), &json!({"version": 1, "person": details})).await;
    assert_eq!(status, 200, "{body}");
    s.settle().await;
    // The index follows the change, live and when it is built afresh.
    let found = |body: &serde_json::Value| {
        let hit = body["hits"].as_array().unwrap().iter().find(|h| h["person_id"] == id.as_str()).cloned();
        hit.map(|h| (h["name"].as_str().unwrap_or_default().to_string(), h["date_of_birth"].clone()))
    };
    let (_, body) = s.get(&t, "/search/subjects?q=Thomas%20Hartington").await;
    assert_eq!(found(&body), Some(("Thomas Hartington".to_string(), json!("1981-06-07"))), "{body}");
    let restarted = TestServer::on(s.second_db()).await;
    let t = restarted.login_as("dc.black", &[Role::Investigator]).await;
    let (_, body) = restarted.get(&t, "/search/subjects?q=Thomas%20Hartington").await;
    assert_eq!(found(&body), Some(("Thomas Hartington".to_string(), json!("1981-06-07"))), "{body}");
}

async fn retried_write_happens_once(b: Backend) {
    let Some(s) = TestServer::start(b).await else {
        return;
    };
    let t = s.login_as("dc.black", &[Role::Investigator]).await;
    let before = s.state.store.count_persons().await.unwrap();
    let mut ids = Vec::new();
    for _ in 0..2 {
        let res = s
            .http
            .post(format!("{}/persons", s.base))
            .bearer_auth(&t)
            .header("Idempotency-Key", "retry-1")
            .json(&person_json("Ann", "Lee", "1999-09-09"))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success());
        let body: serde_json::Value = res.json().await.unwrap();
        ids.push(body["id"].as_str().unwrap().to_string());
    }
    assert_eq!(ids[0], ids[1]);
    assert_eq!(s.state.store.count_persons().await.unwrap(), before + 1);

    // A key is for one request: the key of that person makes no crime.
    let crime = json!({"occurred_at": "2026-10-01T12:00:00Z", "summary": "Theft", "people": [],
                       "details": {"kind": "crime", "offence": "Theft", "status": "open"}});
    let res = s
        .http
        .post(format!("{}/crimes", s.base))
        .bearer_auth(&t)
        .header("Idempotency-Key", "retry-1")
        .json(&crime)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["field"], "Idempotency-Key", "{body}");
}

async fn bad_input_names_the_field_and_writes_nothing(b: Backend) {
    let Some(s) = TestServer::start(b).await else {
        return;
    };
    let t = s.login_as("dc.grey", &[Role::Investigator]).await;
    let before = s.state.store.count_persons().await.unwrap();
    let changes_before = s.state.store.last_change().await.unwrap();
    let url = format!("{}/persons", s.base);
    let raw = |body: &'static str| {
        s.http.post(&url).bearer_auth(&t).header("content-type", "application/json").body(body).send()
    };

    let res = raw("{\"names\": [").await.unwrap();
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert!(body["error"]["message"].as_str().unwrap().contains("not valid JSON"), "{body}");

    let mut wrong_pnc = person_json("A", "B", "1990-01-01");
    let good = format_pnc(90, 12345);
    let bad = format!("{}{}", &good[..good.len() - 1], if good.ends_with('Z') { 'A' } else { 'Z' });
    wrong_pnc["identifiers"] = json!([{"kind": "pnc", "value": bad}]);
    let cases = vec![
        (json!({"names": "Smith"}), "names"),
        (json!({"names": [{"forenames": "A", "surname": "B"}], "shoe_size": 9}), ""),
        (json!({"date_of_birth": "1990-01-01"}), ""),
        (json!({"names": [{"forenames": "A", "surname": "B"}], "date_of_birth": "1990-02-30"}), "date_of_birth"),
        (json!({"names": [{"forenames": "A", "surname": "B"}], "date_of_birth": "2999-01-01"}), "date_of_birth"),
        (json!({"names": [{"forenames": "A", "surname": " "}]}), "names[0].surname"),
        (wrong_pnc, "identifiers[0].value"),
        (json!({"names": [{"forenames": "A", "surname": "B"}], "ethnicity": "ZZ"}), "ethnicity"),
        (json!({"names": [{"forenames": "A", "surname": "B"}], "sex": 3}), "sex"),
    ];
    for (body, field) in cases {
        let (status, reply) = s.post(&t, "/persons", &body).await;
        assert_eq!(status, 422, "{body} -> {reply}");
        assert_eq!(reply["error"]["code"], "invalid");
        let named = reply["error"]["field"].as_str().unwrap_or_default();
        let message = reply["error"]["message"].as_str().unwrap_or_default();
        assert!(named == field || (field.is_empty() && !message.is_empty()), "expected field '{field}', got {reply}");
    }
    // Unknown and missing fields say which.
    let (_, reply) =
        s.post(&t, "/persons", &json!({"names": [{"forenames": "A", "surname": "B"}], "shoe_size": 9})).await;
    assert!(reply["error"]["message"].as_str().unwrap().contains("shoe_size"), "{reply}");
    let (_, reply) = s.post(&t, "/persons", &json!({"date_of_birth": "1990-01-01"})).await;
    assert!(reply["error"]["message"].as_str().unwrap().contains("names"), "{reply}");
    // A path that is not text once decoded is refused in the same shape.
    let (status, reply) = s.get(&t, "/persons/%FF?reason=record%20check").await;
    assert_eq!((status, reply["error"]["code"].as_str()), (422, Some("invalid")), "{reply}");

    // Oversize bodies.
    let huge = format!("{{\"names\": [{{\"forenames\": \"{}\", \"surname\": \"B\"}}]}}", "x".repeat(2 * 1024 * 1024));
    let res =
        s.http.post(&url).bearer_auth(&t).header("content-type", "application/json").body(huge).send().await.unwrap();
    assert_eq!(res.status(), 413);
    // The body was not read: the connection is closed, not left for the next request.
    assert_eq!(res.headers().get("connection").and_then(|v| v.to_str().ok()), Some("close"));
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_large");

    // Bad query parameters and event bodies.
    let (status, reply) = s.get(&t, "/search/subjects?q=smith&limit=many").await;
    assert_eq!(status, 422);
    assert_eq!(reply["error"]["field"], "limit");
    let (status, reply) = s.get(&t, "/search/subjects?q=smith&dob=1990-13-01").await;
    assert_eq!(status, 422);
    assert_eq!(reply["error"]["field"], "dob");
    let (status, reply) = s
        .post(&t, "/cases", &json!({"reference": "01YE123", "occurred_at": "2026-01-01T00:00:00Z", "summary": "x",
            "details": {"kind": "case", "charges": [], "stage": "pre_charge", "status": "charged", "officer_in_case": "DC"}}))
        .await;
    assert_eq!(status, 422);
    assert_eq!(reply["error"]["field"], "reference");
    let (status, reply) = s
        .post(
            &t,
            "/crimes",
            &json!({"occurred_at": "2026-01-01T00:00:00Z", "summary": "x",
            "people": [{"person_id": "no-such-person", "role": "suspect"}],
            "details": {"kind": "crime", "offence": "Theft", "status": "open"}}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(reply["error"]["field"], "people[0].person_id");

    assert_eq!(s.state.store.count_persons().await.unwrap(), before, "nothing written");
    assert_eq!(s.state.store.last_change().await.unwrap(), changes_before, "nothing in the change log");
}

async fn event_stream_resumes_without_loss(b: Backend) {
    let Some(s) = TestServer::start(b).await else {
        return;
    };
    let t = s.login_as("op.reid", &[Role::ControlRoom]).await;
    let start = s.state.store.last_change().await.unwrap();
    for i in 0..3 {
        s.person(&t, "Stream", &format!("Person{i}"), "1990-01-01").await;
    }
    let first = read_events(&s, &t, "?topics=persons", Some(start), 1).await;
    let seen = first[0].0;
    // Disconnected: more changes happen meanwhile.
    for i in 3..6 {
        s.person(&t, "Stream", &format!("Person{i}"), "1990-01-01").await;
    }
    let rest = read_events(&s, &t, "?topics=persons", Some(seen), 5).await;
    let seqs: Vec<i64> = rest.iter().map(|(id, _)| *id).collect();
    let mut sorted = seqs.clone();
    sorted.sort();
    assert_eq!(seqs, sorted, "in order");
    assert!(seqs.iter().all(|&s| s > seen));
    assert_eq!(seqs.len(), 5);
    assert!(rest.iter().all(|(_, c)| c["topic"] == "persons" && c["op"] == "created"));
    let (status, reply) = s
        .http
        .get(format!("{}/events", s.base))
        .bearer_auth(&t)
        .header("Last-Event-ID", "abc")
        .send()
        .await
        .map(|r| (r.status().as_u16(), r))
        .unwrap();
    assert_eq!(status, 422);
    drop(reply);
}

async fn circulated_warrant_makes_person_wanted_and_erasure_erases(b: Backend) {
    let Some(s) = TestServer::start(b).await else {
        return;
    };
    let t = s.login_as("op.ward", &[Role::ControlRoom]).await;
    let admin = s.login_as("admin.two", &[Role::Admin]).await;
    let id = s.person(&t, "Wayne", "Wanted", "1988-08-08").await;
    let warrant = json!({
        "occurred_at": "2026-11-01T09:00:00Z", "summary": "Wayne Wanted", "borough": "hackney",
        "people": [{"person_id": id, "role": "wanted_person"}],
        "details": {"kind": "warrant", "warrant_kind": "bench", "status": "received",
                    "issuing_court": "Thames Magistrates' Court", "issued_on": "2026-11-01", "offence": "Burglary"}
    });
    let (status, created) = s.post(&t, "/warrants", &warrant).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["borough"], "Hackney");
    assert!(created["reference"].as_str().unwrap().starts_with("WT/"));
    let wid = created["id"].as_str().unwrap();
    // Straight to circulated is not a lifecycle step; validate, then circulate.
    let mut version = created["version"].as_i64().unwrap();
    let (status, _) = s.put(&t, &format!("/warrants/{wid}"), &json!({"version": version, "event": warrant})).await;
    assert_eq!(status, 422, "plain updates bypass the lifecycle");
    for step in ["validate", "circulate"] {
        let (status, body) = s
            .post(&t, &format!("/warrants/{wid}/actions"), &json!({"version": version, "action": {"type": step}}))
            .await;
        assert_eq!(status, 200, "{step}: {body}");
        version = body["version"].as_i64().unwrap();
    }
    s.settle().await;
    let (_, found) = s.get(&t, "/search/subjects?q=wayne%20wanted").await;
    assert_eq!(found["hits"][0]["person_id"], id.as_str());
    assert_eq!(found["hits"][0]["flags"]["wanted"], true, "{found}");
    let (_, page) = s.get(&t, "/warrants?status=circulated&borough=Hackney").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    // Also found by the warrant's reference.
    let reference = created["reference"].as_str().unwrap();
    let (_, by_ref) = s.get(&t, &format!("/search/subjects?q={}", reference.replace('/', "%2F"))).await;
    assert_eq!(by_ref["hits"][0]["person_id"], id.as_str(), "{by_ref}");

    // Erasure: only admins, with a reason; afterwards no trace but the audit entry.
    assert_eq!(s.send(reqwest::Method::DELETE, &t, &format!("/persons/{id}?reason=x"), &json!(null)).await.0, 403);
    assert_eq!(s.send(reqwest::Method::DELETE, &admin, &format!("/persons/{id}"), &json!(null)).await.0, 400);
    let (status, _) = s
        .send(reqwest::Method::DELETE, &admin, &format!("/persons/{id}?reason=retention%20review"), &json!(null))
        .await;
    assert_eq!(status, 204);
    assert_eq!(s.get(&t, &format!("/persons/{id}?reason=record%20check")).await.0, 404);
    let (_, found) = s.get(&t, "/search/subjects?q=wayne%20wanted").await;
    assert!(found["hits"].as_array().unwrap().iter().all(|h| h["person_id"] != id.as_str()));
    let (_, page) = s.get(&t, "/warrants").await;
    assert!(!page.to_string().contains(&id), "the warrant no longer names the erased person");
    let (_, audit) = s.get(&admin, &format!("/audit?record={id}")).await;
    let erasure = audit["items"].as_array().unwrap().iter().find(|e| e["action"] == "erasure").expect("erasure logged");
    assert_eq!(erasure["reason"], "retention review");
}

async fn openapi_and_health_answer(b: Backend) {
    let Some(s) = TestServer::start(b).await else {
        return;
    };
    let res = s.http.get(format!("{}/health", s.base)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let health: serde_json::Value = res.json().await.unwrap();
    assert_eq!(health["status"], "ok");
    let res = s.http.get(format!("{}/openapi.json", s.base)).send().await.unwrap();
    let doc: serde_json::Value = res.json().await.unwrap();
    assert!(doc["paths"]["/api/v1/search/subjects"].is_object());
    assert!(doc["paths"]["/api/v1/persons/{id}"].is_object());
    let t = s.login_as("op.any", &[Role::ControlRoom]).await;
    let res = s.http.get(format!("{}/nowhere", s.base)).bearer_auth(&t).send().await.unwrap();
    assert_eq!(res.status(), 404);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");
}

both_backends!(
    login_and_tokens,
    roles_are_enforced_by_the_server,
    misspelt_name_is_found_in_top_three,
    misspelt_seeded_name_is_found_in_top_three,
    profile_needs_a_reason_and_is_audited,
    stale_update_is_refused,
    a_changed_person_is_found_as_changed,
    retried_write_happens_once,
    bad_input_names_the_field_and_writes_nothing,
    event_stream_resumes_without_loss,
    circulated_warrant_makes_person_wanted_and_erasure_erases,
    openapi_and_health_answer,
);
