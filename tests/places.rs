//! Places through the API: an address written two ways is one place, a
//! household's stored addresses resolve to it, each kind of link (people
//! with their roles and dates, a crime scene and an incident's address from
//! the records themselves, an arrest and an intelligence report linked by
//! hand), the profile's need-to-know and audit, the lookup, bad input
//! refused naming its field with nothing written, and erasure.

use crate::common;

use bluelamp::domain::role::Role;
use common::{intelligence_json, submitted_intelligence_json, Backend, TestServer};
use serde_json::{json, Value};

both_backends!(
    an_address_written_two_ways_is_one_place_shared_by_a_household,
    each_kind_of_link_shows_on_the_place_and_the_person,
    the_profile_shows_each_role_only_what_it_may_know_and_is_audited,
    a_lookup_finds_places_by_postcode_or_words_with_typos,
    bad_input_is_refused_naming_the_field_and_nothing_is_written,
    erasing_a_person_takes_them_off_their_places,
);

const REASON: &str = "reason=attending%20a%20call";

fn resident(forenames: &str, surname: &str, lines: &[&str], postcode: &str) -> Value {
    json!({
        "names": [{"forenames": forenames, "surname": surname}],
        "date_of_birth": "1985-06-01",
        "addresses": [{"address": {"lines": lines, "postcode": postcode}, "from": "2023-04-01"}]
    })
}

async fn made(s: &TestServer, token: &str, path: &str, body: &Value) -> String {
    let (status, reply) = s.post(token, path, body).await;
    assert_eq!(status, 201, "{path}: {reply}");
    reply["id"].as_str().unwrap().to_string()
}

async fn profile(s: &TestServer, token: &str, place: &str) -> Value {
    let (status, body) = s.get(token, &format!("/places/{place}?{REASON}")).await;
    assert_eq!(status, 200, "{body}");
    body
}

/// The id of the place a lookup for `q` ranks first.
async fn first_hit(s: &TestServer, token: &str, q: &str) -> String {
    let (status, body) = s.get(token, &format!("/places/lookup?q={}", q.replace(' ', "%20"))).await;
    assert_eq!(status, 200, "{body}");
    body["hits"][0]["place_id"].as_str().unwrap_or_else(|| panic!("no hit for {q}: {body}")).to_string()
}

async fn an_address_written_two_ways_is_one_place_shared_by_a_household(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let place = json!({"address": {"lines": ["12 Acacia Ave"], "postcode": "SW2 1AA"}});
    let (status, first) = s.post(&control, "/places", &place).await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(first["key"], "SW21AA:12 ACACIA AVENUE");
    assert_eq!(first["address"]["postcode"], "SW2 1AA");
    let again = json!({"address": {"lines": ["12 ACACIA AVENUE"], "postcode": "SW21AA"}});
    let (status, second) = s.post(&control, "/places", &again).await;
    assert_eq!(status, 200, "the place already recorded is given back: {second}");
    assert_eq!(second["id"], first["id"]);
    let id = first["id"].as_str().unwrap();

    // A household: two people whose stored addresses are written differently.
    let mother = made(&s, &control, "/persons", &resident("Grace", "Adeyemi", &["12 acacia avenue"], "sw21aa")).await;
    let son = made(
        &s,
        &control,
        "/persons",
        &resident("Tunde", "Adeyemi", &["12, Acacia Ave.", "Brixton", "London"], "SW2 1AA"),
    )
    .await;
    let flat = made(&s, &control, "/persons", &resident("Ola", "Bello", &["Flat 2", "12 Acacia Ave"], "SW2 1AA")).await;
    let p = profile(&s, &control, id).await;
    let people: Vec<&str> = p["people"].as_array().unwrap().iter().map(|x| x["person_id"].as_str().unwrap()).collect();
    assert!(people.contains(&mother.as_str()) && people.contains(&son.as_str()), "{p}");
    assert!(!people.contains(&flat.as_str()), "a flat in the house is a place of its own: {p}");
    assert!(p["people"].as_array().unwrap().iter().all(|x| x["role"] == "lives_at" && x["from"] == "2023-04-01"));
    // The person's profile lists the place.
    let (_, person) = s.get(&control, &format!("/persons/{son}?{REASON}")).await;
    assert_eq!(person["places"][0]["place_id"], id, "{person}");
    assert_eq!(person["places"][0]["role"], "lives_at");

    // A move: the person's new address is a new place, the old one keeps them with its end date.
    let (_, current) = s.get(&control, &format!("/persons/{son}?{REASON}")).await;
    let mut details = resident("Tunde", "Adeyemi", &["12 Acacia Ave"], "SW2 1AA");
    details["addresses"][0]["to"] = json!("2025-01-31");
    details["addresses"]
        .as_array_mut()
        .unwrap()
        .push(json!({"address": {"lines": ["7 Mill Lane"], "postcode": "SE1 7PB"}, "from": "2025-02-01"}));
    let update = json!({"version": current["person"]["version"], "person": details});
    let (status, body) = s.put(&control, &format!("/persons/{son}"), &update).await;
    assert_eq!(status, 200, "{body}");
    let p = profile(&s, &control, id).await;
    let son_there = p["people"].as_array().unwrap().iter().find(|x| x["person_id"] == son.as_str()).cloned();
    assert_eq!(son_there.unwrap()["to"], "2025-01-31", "{p}");
    assert_ne!(first_hit(&s, &control, "7 mill lane se1 7pb").await, id);
}

async fn each_kind_of_link_shows_on_the_place_and_the_person(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    s.add_brixton_suite().await;
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let analyst = s.login_as("ia.ross", &[Role::IntelligenceAnalyst]).await;
    let custody = s.login_as("sgt.cole", &[Role::CustodySergeant]).await;
    let person = made(&s, &control, "/persons", &resident("Dean", "Marsh", &["40 Acre Lane"], "SW2 5SG")).await;
    let place = first_hit(&s, &control, "40 acre lane sw2 5sg").await;
    for (role, from) in [("works_at", "2024-01-01"), ("frequents", "2025-06-01")] {
        made(
            &s,
            &control,
            &format!("/places/{place}/links"),
            &json!({"person_id": person, "role": role, "from": from}),
        )
        .await;
    }
    // A crime recorded at the address, written another way, finds the place.
    let crime = json!({"occurred_at": "2026-09-01T10:00:00Z", "summary": "Burglary", "borough": "Lambeth",
        "people": [{"person_id": person, "role": "victim"}],
        "details": {"kind": "crime", "offence": "Burglary dwelling", "status": "open",
                    "location": {"lines": ["40 ACRE LN", "London"], "postcode": "sw25sg"}}});
    made(&s, &control, "/crimes", &crime).await;
    // An incident at it.
    let call = json!({"caller": {"name": "Maya Okafor"}, "category": "crime", "subtype": "burglary", "grade": "S",
        "summary": "Shouting heard", "location": {"address": {"lines": ["40 Acre Lane"], "postcode": "SW2 5SG", "borough": "Lambeth"}}});
    made(&s, &control, "/incidents/open", &call).await;
    // An arrest there, and intelligence about it, linked by hand.
    let booking = json!({"person_id": person, "suite_id": "suite-brixton", "cell": "C1",
        "arrested_at": "2026-10-02T09:00:00Z", "relevant_time": "2026-10-02T09:30:00Z",
        "detention_authorised_at": "2026-10-02T09:40:00Z", "arrest_reason": "Seen leaving the shop",
        "offences": ["Theft"], "arresting_officer": "PC 1 Okafor"});
    let arrest = made(&s, &custody, "/custody/book-in", &booking).await;
    let link = json!({"event": {"kind": "custody", "id": arrest}, "role": "arrest_address"});
    made(&s, &custody, &format!("/places/{place}/links"), &link).await;
    let intel = made(&s, &analyst, "/intelligence", &intelligence_json(&person)).await;
    let link = json!({"event": {"kind": "intelligence", "id": intel}, "role": "subject_of_intelligence"});
    made(&s, &analyst, &format!("/places/{place}/links"), &link).await;

    let p = profile(&s, &analyst, &place).await;
    let mut roles: Vec<&str> = p["people"].as_array().unwrap().iter().map(|x| x["role"].as_str().unwrap()).collect();
    roles.sort();
    assert_eq!(roles, ["frequents", "lives_at", "works_at"], "{p}");
    let timeline: Vec<(&str, &str)> = p["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["kind"].as_str().unwrap(), e["role"].as_str().unwrap()))
        .collect();
    assert_eq!(timeline.len(), 4, "{p}");
    for want in [
        ("crime", "crime_scene"),
        ("incident", "address_of_incident"),
        ("custody", "arrest_address"),
        ("intelligence", "subject_of_intelligence"),
    ] {
        assert!(timeline.contains(&want), "{want:?} in {timeline:?}");
    }
    let times: Vec<&str> =
        p["timeline"].as_array().unwrap().iter().map(|e| e["occurred_at"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first: {times:?}");
    let (_, person_profile) = s.get(&control, &format!("/persons/{person}?{REASON}")).await;
    assert_eq!(person_profile["places"].as_array().unwrap().len(), 3, "{person_profile}");
    // A link naming nobody, or the wrong kind of role, is refused.
    let (status, body) =
        s.post(&control, &format!("/places/{place}/links"), &json!({"person_id": "nobody", "role": "lives_at"})).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("person_id")), "{body}");
    let (status, body) =
        s.post(&control, &format!("/places/{place}/links"), &json!({"person_id": person, "role": "crime_scene"})).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("role")), "{body}");
}

async fn the_profile_shows_each_role_only_what_it_may_know_and_is_audited(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let analyst = s.login_as("ia.ross", &[Role::IntelligenceAnalyst]).await;
    let safeguarding = s.login_as("ps.hale", &[Role::Safeguarding]).await;
    let admin = s.login_as("admin.one", &[Role::Admin]).await;
    let person = made(&s, &control, "/persons", &resident("Dean", "Marsh", &["40 Acre Lane"], "SW2 5SG")).await;
    let place = first_hit(&s, &control, "SW2 5SG").await;
    let intel = made(&s, &analyst, "/intelligence", &submitted_intelligence_json(&person)).await;
    let link = json!({"event": {"kind": "intelligence", "id": intel}, "role": "subject_of_intelligence"});
    made(&s, &analyst, &format!("/places/{place}/links"), &link).await;
    // The control room may not link what it may not read.
    let (status, _) = s.post(&control, &format!("/places/{place}/links"), &link).await;
    assert_eq!(status, 403);

    let seen = |p: &Value| p["timeline"].as_array().unwrap().len();
    let p = profile(&s, &control, &place).await;
    assert_eq!((seen(&p), p["restricted"].as_u64()), (0, Some(0)), "not even told: {p}");
    assert!(!p.to_string().contains(&intel), "{p}");
    let p = profile(&s, &safeguarding, &place).await;
    assert_eq!((seen(&p), p["restricted"].as_u64()), (0, Some(1)), "told how many: {p}");
    let p = profile(&s, &analyst, &place).await;
    assert_eq!((seen(&p), p["restricted"].as_u64()), (1, Some(0)), "{p}");
    assert_eq!(p["people"][0]["markers"], json!([]));

    let (status, body) = s.get(&control, &format!("/places/{place}")).await;
    assert_eq!((status, body["error"]["code"].as_str()), (400, Some("reason_required")));
    // The place, the person and the record shown are each audited with the reason.
    let (_, audit) = s.get(&admin, &format!("/audit?record={place}")).await;
    let reasons: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "consultation")
        .map(|e| e["reason"].as_str().unwrap())
        .collect();
    assert!(reasons.iter().filter(|r| **r == "attending a call").count() >= 3, "{audit}");
    let (_, audit) = s.get(&admin, &format!("/audit?record={intel}")).await;
    let by_analyst = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "consultation" && e["username"] == "ia.ross" && e["reason"] == "attending a call");
    assert!(by_analyst, "{audit}");
    let (_, audit) = s.get(&admin, &format!("/audit?person={person}")).await;
    assert!(audit.to_string().contains("on a place's profile"), "{audit}");
}

async fn a_lookup_finds_places_by_postcode_or_words_with_typos(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let mut ids = Vec::new();
    for (lines, postcode) in [
        (vec!["12 Acacia Avenue", "Brixton"], "SW2 1AA"),
        (vec!["14 Acacia Avenue"], "SW2 1AA"),
        (vec!["3 Mare Street"], "E8 1HY"),
        (vec!["12 Acacia Avenue"], "SW20 8NE"),
    ] {
        let body = json!({"address": {"lines": lines, "postcode": postcode},
                          "warnings": [{"category": "firearms", "recorded_on": "2026-01-01", "source": "IR/1"}]});
        ids.push(made(&s, &control, "/places", &body).await);
    }
    let (_, by_postcode) = s.get(&control, "/places/lookup?q=sw21aa").await;
    assert_eq!(by_postcode["hits"].as_array().unwrap().len(), 2, "{by_postcode}");
    assert_eq!(by_postcode["read_as"], "postcode SW2 1AA");
    assert_eq!(by_postcode["hits"][0]["warnings"], json!(["firearms at address"]));
    assert_eq!(first_hit(&s, &control, "12 acacai ave").await, ids[0]);
    assert_eq!(first_hit(&s, &control, "14 Acacia Av SW2").await, ids[1]);
    assert_eq!(first_hit(&s, &control, "mare stret").await, ids[2]);
    // A district is the postcode's whole first half: SW2 is not SW20.
    assert_eq!(first_hit(&s, &control, "12 acacia ave sw2").await, ids[0]);
    assert_eq!(first_hit(&s, &control, "12 acacia ave sw20").await, ids[3]);
    let (_, district) = s.get(&control, "/places/lookup?q=acacia%20sw2").await;
    assert_eq!(district["hits"].as_array().unwrap().len(), 2, "{district}");
    let (_, typo) = s.get(&control, "/places/lookup?q=12%20acacai%20ave").await;
    let why = typo["hits"][0]["why"].to_string();
    assert!(why.contains("ACACAI ~ ACACIA"), "{typo}");
    let (_, none) = s.get(&control, "/places/lookup?q=99%20nowhere%20road").await;
    assert_eq!(none["hits"], json!([]), "{none}");
    // The subject search box answers an address with its places too, and a name with none.
    let (status, search) = s.get(&control, "/search/subjects?q=12%20acacia%20ave%20sw2").await;
    assert_eq!(status, 200, "{search}");
    assert_eq!(search["places"][0]["place_id"], ids[0].as_str(), "{search}");
    let (_, names) = s.get(&control, "/search/subjects?q=acacia").await;
    assert_eq!(names["places"], json!([]), "{names}");
}

async fn bad_input_is_refused_naming_the_field_and_nothing_is_written(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    for (address, field) in [
        (json!({"lines": ["1 High St"], "postcode": "SW2 1CA"}), "address.postcode"),
        (json!({"lines": ["1 High St"], "postcode": "not one"}), "address.postcode"),
        (json!({"lines": ["1 High St"], "postcode": "SW2 1AA", "lat": 91.0, "lon": 0.1}), "address.lat"),
        (json!({"lines": ["1 High St"], "postcode": "SW2 1AA", "lat": 51.5, "lon": 13.4}), "address.lon"),
        (json!({"lines": ["1 High St"], "postcode": "SW2 1AA", "lat": 51.5}), "address.lon"),
        (json!({"lines": [" "], "postcode": "SW2 1AA"}), "address.lines"),
    ] {
        let (status, body) = s.post(&control, "/places", &json!({"address": address})).await;
        assert_eq!((status, body["error"]["field"].as_str()), (422, Some(field)), "{address}: {body}");
    }
    let (_, none) = s.get(&control, "/places/lookup?q=sw2").await;
    assert_eq!(none["hits"], json!([]), "nothing written: {none}");
    let (status, body) = s.post(&control, "/persons", &resident("Ann", "Lee", &["1 High St"], "SW2 1CA")).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("addresses[0].address.postcode")), "{body}");

    // A stale version is refused; so is an address that is another place's.
    let id = made(&s, &control, "/places", &json!({"address": {"lines": ["1 High St"], "postcode": "SW2 1AA"}})).await;
    made(&s, &control, "/places", &json!({"address": {"lines": ["2 High St"], "postcode": "SW2 1AA"}})).await;
    let warned = json!({"address": {"lines": ["1 High Street"], "postcode": "SW2 1AA"},
                        "warnings": [{"category": "dog", "recorded_on": "2026-02-01", "source": "PC 4 Lowe"}]});
    let (status, body) = s.put(&control, &format!("/places/{id}"), &json!({"version": 1, "place": warned})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["version"], 2);
    let (status, _) = s.put(&control, &format!("/places/{id}"), &json!({"version": 1, "place": warned})).await;
    assert_eq!(status, 409);
    let moved = json!({"version": 2, "place": {"address": {"lines": ["2 High St"], "postcode": "SW2 1AA"}}});
    let (status, body) = s.put(&control, &format!("/places/{id}"), &moved).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("place.address")), "{body}");
    let bad = json!({"version": 2, "place": {"address": {"lines": ["1 High St"], "postcode": "SW2 1AA"},
        "warnings": [{"category": "dog", "recorded_on": "2026-02-01", "source": "PC 4",
                      "expires_on": "2026-01-01"}]}});
    let (status, body) = s.put(&control, &format!("/places/{id}"), &bad).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("place.warnings[0].expires_on")), "{body}");
    let p = profile(&s, &control, &id).await;
    assert_eq!(p["current_warnings"], json!(["dog at address"]), "{p}");
}

async fn erasing_a_person_takes_them_off_their_places(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let admin = s.login_as("admin.one", &[Role::Admin]).await;
    let alone = made(&s, &control, "/persons", &resident("Vera", "Quist", &["9 Lone Road"], "N7 8QP")).await;
    let shared = made(&s, &control, "/persons", &resident("Ivo", "Quist", &["5 Pair Road"], "N1 9GU")).await;
    made(&s, &control, "/persons", &resident("Eve", "Quist", &["5 Pair Rd"], "N1 9GU")).await;
    let lone_place = first_hit(&s, &control, "9 lone road").await;
    let pair_place = first_hit(&s, &control, "5 pair road").await;
    for person in [&alone, &shared] {
        let (status, body) = s
            .send(
                reqwest::Method::DELETE,
                &admin,
                &format!("/persons/{person}?reason=erasure%20request%2012"),
                &json!({}),
            )
            .await;
        assert_eq!(status, 204, "{body}");
    }
    let (status, _) = s.get(&control, &format!("/places/{lone_place}?{REASON}")).await;
    assert_eq!(status, 404, "a place made only from the erased person's address goes with them");
    let p = profile(&s, &control, &pair_place).await;
    assert_eq!(p["people"].as_array().unwrap().len(), 1, "{p}");
    assert!(!p.to_string().contains(&shared), "{p}");
}
