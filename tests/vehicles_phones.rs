//! Vehicles and phones as records of their own, on both backends: every
//! kind of link (people with their parts and dates, records with the
//! object's part), a record naming a plate linked to the vehicle on record
//! or making one, a plate found from part of it, a phone found from three
//! ways of writing it, the profile's need-to-know and audit, stale
//! versions refused, bad identifiers refused by name, and a phone known only
//! through an erased person erased with them.

use crate::common;

use bluelamp::domain::role::Role;
use common::{intelligence_json, submitted_intelligence_json, Backend, TestServer};
use serde_json::{json, Value};

both_backends!(
    people_and_records_link_to_vehicles_and_phones_and_show_on_the_profiles,
    a_partial_plate_and_a_phone_written_three_ways_are_found,
    a_vehicle_profile_keeps_to_need_to_know_and_is_audited_per_record,
    bad_identifiers_are_refused_by_name_and_a_stale_update_is_a_conflict,
    a_phone_known_only_through_an_erased_person_goes_with_them,
);

const WHY: &str = "reason=ANPR%20hit%20on%20Brixton%20Road";

fn crime(person: &str, objects: Value) -> Value {
    json!({
        "occurred_at": "2026-10-01T22:00:00Z",
        "borough": "Lambeth",
        "summary": "Car taken from outside the house overnight",
        "people": [{"person_id": person, "role": "victim"}],
        "details": {"kind": "crime", "offence": "Theft of a motor vehicle", "status": "open"},
        "objects": objects,
    })
}

async fn object(s: &TestServer, token: &str, body: Value) -> String {
    let (status, made) = s.post(token, "/objects", &body).await;
    assert_eq!(status, 201, "{made}");
    made["id"].as_str().unwrap().to_string()
}

async fn link(s: &TestServer, token: &str, person: &str, target: &str, relationship: &str, from: &str) -> u16 {
    let body = json!({"target": "object", "target_id": target, "relationship": relationship, "from": from});
    let (status, reply) = s.post(token, &format!("/persons/{person}/links"), &body).await;
    assert!(status == 201 || status == 422, "{reply}");
    status
}

async fn profile(s: &TestServer, token: &str, id: &str) -> Value {
    let (status, body) = s.get(token, &format!("/objects/{id}?{WHY}")).await;
    assert_eq!(status, 200, "{body}");
    body
}

async fn people_and_records_link_to_vehicles_and_phones_and_show_on_the_profiles(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let control = s.login_as("op.adams", &[Role::ControlRoom]).await;
    let analyst = s.login_as("ia.brown", &[Role::IntelligenceAnalyst]).await;
    let keeper = s.person(&control, "Darren", "Cole", "1990-04-01").await;
    let driver = s.person(&control, "Kyle", "Brown", "1992-02-02").await;
    let passenger = s.person(&control, "Amy", "Stone", "1995-05-05").await;
    let car = object(
        &s,
        &control,
        json!({"kind": "vehicle", "vrm": "lb07 seo", "make": "Volkswagen",
                                            "model": "Golf", "colour": "Blue"}),
    )
    .await;
    let phone = object(
        &s,
        &control,
        json!({"kind": "phone", "number": "07700 900123",
                                             "imei": "49-015420-323751-8"}),
    )
    .await;
    assert_eq!(link(&s, &control, &keeper, &car, "keeper", "2024-03-01").await, 201);
    assert_eq!(link(&s, &control, &driver, &car, "driver", "2025-01-10").await, 201);
    assert_eq!(link(&s, &control, &passenger, &car, "passenger", "2026-09-30").await, 201);
    assert_eq!(link(&s, &control, &keeper, &phone, "user", "2023-06-01").await, 201);
    assert_eq!(link(&s, &control, &driver, &phone, "owner", "2023-06-01").await, 201);
    // A part a person cannot have with the kind is refused by name.
    let (status, body) = s
        .post(
            &control,
            &format!("/persons/{keeper}/links"),
            &json!({"target": "object", "target_id": phone, "relationship": "passenger"}),
        )
        .await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("relationship")), "{body}");

    // A crime naming the plate (written another way) links to the car and
    // marks it stolen; one naming an unknown plate makes the vehicle.
    let named = json!([{"kind": "vehicle", "vrm": "LB07SEO", "role": "stolen_vehicle"},
                       {"kind": "phone", "number": "+44 7700 900123", "role": "phone_used"},
                       {"kind": "vehicle", "vrm": "K1 ABC", "role": "vehicle_used"}]);
    let (status, theft) = s.post(&control, "/crimes", &crime(&keeper, named)).await;
    assert_eq!(status, 201, "{theft}");
    let (_, found) = s.get(&control, "/objects/lookup?vrm=K1ABC").await;
    assert_eq!(found["hits"].as_array().unwrap().len(), 1, "the unknown plate made a vehicle: {found}");
    // An incident and an intelligence report linked to the car afterwards.
    let (status, incident) = s
        .post(
            &control,
            "/incidents/open",
            &json!({"caller": {"name": "Darren Cole"}, "caller_person_id": keeper,
            "location": {"description": "Acre Lane", "borough": "Lambeth"}, "category": "crime",
            "subtype": "burglary", "grade": "I", "summary": "Stolen car seen on Acre Lane"}),
        )
        .await;
    assert_eq!(status, 201, "{incident}");
    let (status, body) = s
        .post(&control, &format!("/objects/{car}/events"), &json!({"event_id": incident["id"], "role": "vehicle_seen"}))
        .await;
    assert_eq!(status, 201, "{body}");
    let (status, intel) = s.post(&analyst, "/intelligence", &intelligence_json(&driver)).await;
    assert_eq!(status, 201, "{intel}");
    let (status, body) = s
        .post(&analyst, &format!("/objects/{car}/events"), &json!({"event_id": intel["id"], "role": "vehicle_used"}))
        .await;
    assert_eq!(status, 201, "{body}");
    // A role that does not fit the kind is refused by name.
    let (status, body) = s
        .post(
            &control,
            &format!("/objects/{phone}/events"),
            &json!({"event_id": incident["id"], "role": "vehicle_seen"}),
        )
        .await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("role")), "{body}");

    let car_profile = profile(&s, &analyst, &car).await;
    assert_eq!(car_profile["object"]["details"]["vrm"], "LB07SEO");
    assert_eq!(car_profile["markers"], json!(["STOLEN"]), "the theft marked the car");
    let parts: Vec<(String, String)> = car_profile["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap().to_string(), p["relationship"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(parts.len(), 3, "{parts:?}");
    for part in ["keeper", "driver", "passenger"] {
        assert!(parts.iter().any(|(_, r)| r == part), "{part} missing: {parts:?}");
    }
    assert!(car_profile["people"][0]["from"].is_string(), "links keep their dates");
    let timeline: Vec<(String, String)> = car_profile["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["kind"].as_str().unwrap().to_string(), t["role"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(timeline.len(), 3, "{timeline:?}");
    assert!(timeline.contains(&("crime".into(), "stolen_vehicle".into())), "{timeline:?}");
    assert!(timeline.contains(&("incident".into(), "vehicle_seen".into())), "{timeline:?}");
    assert!(timeline.contains(&("intelligence".into(), "vehicle_used".into())), "{timeline:?}");
    let times: Vec<&str> =
        car_profile["timeline"].as_array().unwrap().iter().map(|t| t["occurred_at"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first: {times:?}");

    let phone_profile = profile(&s, &control, &phone).await;
    assert_eq!(phone_profile["object"]["details"]["number"], "+447700900123");
    assert_eq!(phone_profile["object"]["details"]["imei"], "490154203237518");
    let mut roles: Vec<&str> =
        phone_profile["people"].as_array().unwrap().iter().map(|p| p["relationship"].as_str().unwrap()).collect();
    roles.sort();
    assert_eq!(roles, vec!["owner", "user"]);
    assert_eq!(phone_profile["timeline"][0]["role"], "phone_used");

    // A person's profile lists their vehicles and phones.
    let (status, person) = s.get(&control, &format!("/persons/{keeper}?{WHY}")).await;
    assert_eq!(status, 200, "{person}");
    let mut kinds: Vec<&str> =
        person["objects"].as_array().unwrap().iter().map(|o| o["details"]["kind"].as_str().unwrap()).collect();
    kinds.sort();
    assert_eq!(kinds, vec!["phone", "vehicle"]);
}

async fn a_partial_plate_and_a_phone_written_three_ways_are_found(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let control = s.login_as("op.adams", &[Role::ControlRoom]).await;
    for vrm in ["LB07 SEO", "LB07 SEX", "LB09 SEO", "YK66 ABC"] {
        object(&s, &control, json!({"kind": "vehicle", "vrm": vrm})).await;
    }
    let plates = |body: &Value| -> Vec<String> {
        let mut v: Vec<String> = body["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["object"]["details"]["vrm"].as_str().unwrap().to_string())
            .collect();
        v.sort();
        v
    };
    let lookup = |q: &str| {
        let path = format!("/objects/lookup?{q}&{WHY}");
        let q = q.to_string();
        let s = &s;
        let token = control.clone();
        async move {
            let (status, body) = s.get(&token, &path).await;
            assert_eq!(status, 200, "{q}: {body}");
            body
        }
    };
    // Two unknown characters, as a witness remembers the plate.
    let two = lookup("vrm=LB0%3F%20SE%3F").await;
    assert_eq!(plates(&two), vec!["LB07SEO", "LB07SEX", "LB09SEO"]);
    assert!(two["reading"].as_str().unwrap().contains("2 unknown characters"), "{two}");
    assert_eq!(plates(&lookup("vrm=lb07%20se*").await), vec!["LB07SEO", "LB07SEX"]);
    assert_eq!(plates(&lookup("vrm=*SEO").await), vec!["LB07SEO", "LB09SEO"]);
    assert_eq!(plates(&lookup("vrm=lb07seo").await), vec!["LB07SEO"]);
    assert_eq!(plates(&lookup("vrm=LB07%20SEO").await), vec!["LB07SEO"]);
    // `_` and `%` are not wildcards: they are refused like any other mark.
    let (status, body) = s.get(&control, "/objects/lookup?vrm=LB07_EO").await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("vrm")), "{body}");
    let (status, body) = s.get(&control, "/objects/lookup?vrm=L*").await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("vrm")), "{body}");

    // A former mark finds the vehicle too, and says so.
    let (_, hit) = s.get(&control, "/objects/lookup?vrm=YK66ABC").await;
    let id = hit["hits"][0]["object"]["id"].as_str().unwrap().to_string();
    let (status, body) = s
        .put(
            &control,
            &format!("/objects/{id}"),
            &json!({"version": 1, "details": {"kind": "vehicle", "vrm": "K1 ABC"}}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["details"]["former_vrms"][0]["vrm"], "YK66ABC");
    let former = lookup("vrm=YK66ABC").await;
    assert_eq!(former["hits"][0]["why"], "former VRM YK66ABC", "{former}");
    assert_eq!(lookup("vrm=K1ABC").await["hits"][0]["why"], "VRM K1ABC");

    let phone = object(&s, &control, json!({"kind": "phone", "number": "+44 (0)7700 900123"})).await;
    for written in ["07700%20900123", "%2B44%207700%20900123", "0044-7700-900-123"] {
        let found = lookup(&format!("phone={written}")).await;
        let ids: Vec<&str> =
            found["hits"].as_array().unwrap().iter().map(|h| h["object"]["id"].as_str().unwrap()).collect();
        assert_eq!(ids, vec![phone.as_str()], "{written}: {found}");
    }
    let (status, body) = s.get(&control, "/objects/lookup?phone=12345").await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("phone")), "{body}");

    // The subject search box answers the same, each hit saying what it is
    // and why it matched.
    let (status, searched) = s.get(&control, &format!("/search/subjects?q=LB0%3F%20SE%3F&{WHY}")).await;
    assert_eq!(status, 200, "{searched}");
    let whys: Vec<&str> = searched["objects"].as_array().unwrap().iter().map(|h| h["why"].as_str().unwrap()).collect();
    assert_eq!(whys.len(), 3, "{searched}");
    assert!(whys.iter().all(|w| w.starts_with("vehicle: VRM LB0") && w.contains("2 unknown characters")), "{whys:?}");
    let (_, searched) = s.get(&control, "/search/subjects?q=0044%207700%20900123").await;
    assert_eq!(searched["objects"][0]["object"]["id"], phone.as_str(), "{searched}");
    assert_eq!(searched["objects"][0]["why"], "phone: number +447700900123");
    // The search is on the audit once, findable by the phone it showed.
    let admin = s.login_as("admin.lee", &[Role::Admin]).await;
    let (_, audit) = s.get(&admin, &format!("/audit?record={phone}")).await;
    let searches: Vec<&Value> =
        audit["items"].as_array().unwrap().iter().filter(|e| e["record_kind"] == "search").collect();
    assert_eq!(searches.len(), 1, "{audit}");
    assert!(searches[0]["detail"].as_str().unwrap().starts_with("q=0044 7700 900123"), "{audit}");
    let (_, searched) = s.get(&control, "/search/subjects?q=darren%20cole").await;
    assert!(searched.get("objects").is_none(), "a name finds no vehicle: {searched}");
}

async fn a_vehicle_profile_keeps_to_need_to_know_and_is_audited_per_record(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let analyst = s.login_as("ia.brown", &[Role::IntelligenceAnalyst]).await;
    let welfare = s.login_as("ds.khan", &[Role::Safeguarding]).await;
    let control = s.login_as("op.adams", &[Role::ControlRoom]).await;
    let admin = s.login_as("admin.lee", &[Role::Admin]).await;
    let person = s.person(&control, "Darren", "Cole", "1990-04-01").await;
    let car = object(&s, &control, json!({"kind": "vehicle", "vrm": "LB07SEO"})).await;
    assert_eq!(link(&s, &control, &person, &car, "keeper", "2024-01-01").await, 201);
    let mut intel = submitted_intelligence_json(&person);
    intel["objects"] = json!([{"kind": "vehicle", "vrm": "LB07 SEO", "role": "vehicle_seen"}]);
    assert_eq!(s.post(&analyst, "/intelligence", &intel).await.0, 201);
    let (status, theft) = s
        .post(
            &control,
            "/crimes",
            &crime(
                &person,
                json!([{"kind": "vehicle", "vrm": "LB07SEO",
        "role": "stolen_vehicle"}]),
            ),
        )
        .await;
    assert_eq!(status, 201, "{theft}");

    let seen = |body: &Value| -> (Vec<String>, u64) {
        let kinds =
            body["timeline"].as_array().unwrap().iter().map(|t| t["kind"].as_str().unwrap().to_string()).collect();
        (kinds, body["restricted"].as_u64().unwrap())
    };
    // The analyst reads both; the control room reads the crime and is told
    // nothing of the intelligence; safeguarding reads neither kind but is
    // told how many are withheld, as on a person's profile.
    let (mut kinds, restricted) = seen(&profile(&s, &analyst, &car).await);
    kinds.sort();
    assert_eq!((kinds, restricted), (vec!["crime".to_string(), "intelligence".to_string()], 0));
    let control_view = profile(&s, &control, &car).await;
    assert_eq!(seen(&control_view), (vec!["crime".to_string()], 0));
    assert!(!control_view.to_string().contains("blue Golf"), "no intelligence text for the control room");
    assert_eq!(seen(&profile(&s, &welfare, &car).await), (vec!["crime".to_string()], 1));

    // The reason and each record shown are on the audit, one entry each.
    let (status, audit) = s.get(&admin, &format!("/audit?record={car}")).await;
    assert_eq!(status, 200, "{audit}");
    let consulted: Vec<&Value> =
        audit["items"].as_array().unwrap().iter().filter(|e| e["action"] == "consultation").collect();
    assert!(consulted.len() >= 3, "{audit}");
    assert!(consulted.iter().all(|e| e["reason"] == "ANPR hit on Brixton Road"), "{audit}");
    let (_, audit) = s.get(&admin, &format!("/audit?record={}", theft["id"].as_str().unwrap())).await;
    assert!(audit.to_string().contains("on a vehicle profile"), "{audit}");
    let (_, audit) = s.get(&admin, &format!("/audit?person={person}")).await;
    assert!(audit.to_string().contains("on a vehicle profile"), "the keeper shown is audited: {audit}");
    // No reason, no profile.
    assert_eq!(s.get(&control, &format!("/objects/{car}")).await.0, 400);
}

async fn bad_identifiers_are_refused_by_name_and_a_stale_update_is_a_conflict(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let control = s.login_as("op.adams", &[Role::ControlRoom]).await;
    let person = s.person(&control, "Darren", "Cole", "1990-04-01").await;
    for (body, field) in [
        (json!({"kind": "vehicle", "vrm": "ZZ"}), "vrm"),
        (json!({"kind": "vehicle", "vrm": "LB07SEO", "vin": "123"}), "vin"),
        (json!({"kind": "phone", "number": "12345"}), "number"),
        (json!({"kind": "phone", "number": "07700900123", "imei": "490154203237519"}), "imei"),
        (
            json!({"kind": "vehicle", "vrm": "LB07SEO",
                "markers": [{"kind": "stolen", "recorded_on": "2026-10-01", "source": "CR1", "expires_on": "2026-01-01"}]}),
            "markers[0].expires_on",
        ),
    ] {
        let (status, reply) = s.post(&control, "/objects", &body).await;
        assert_eq!((status, reply["error"]["field"].as_str()), (422, Some(field)), "{body}: {reply}");
    }
    // A record naming a bad plate is refused whole: no record, no vehicle.
    let (status, reply) = s
        .post(&control, "/crimes", &crime(&person, json!([{"kind": "vehicle", "vrm": "!!", "role": "vehicle_used"}])))
        .await;
    assert_eq!((status, reply["error"]["field"].as_str()), (422, Some("objects[0].vrm")), "{reply}");
    let (_, crimes) = s.get(&control, "/crimes?reason=check%20nothing%20written").await;
    assert_eq!(crimes["items"].as_array().unwrap().len(), 0);

    let car = object(&s, &control, json!({"kind": "vehicle", "vrm": "LB07SEO"})).await;
    let update = |v: i64, colour: &str| json!({"version": v, "details": {"kind": "vehicle", "vrm": "LB07SEO", "colour": colour}});
    let (status, body) = s.put(&control, &format!("/objects/{car}"), &update(1, "Blue")).await;
    assert_eq!((status, body["version"].as_i64()), (200, Some(2)), "{body}");
    let (status, body) = s.put(&control, &format!("/objects/{car}"), &update(1, "Red")).await;
    assert_eq!(status, 409, "an update based on version 1 is stale: {body}");
    assert_eq!(profile(&s, &control, &car).await["object"]["details"]["colour"], "Blue");
    let (status, body) = s
        .put(
            &control,
            &format!("/objects/{car}"),
            &json!({"version": 2, "details": {"kind": "phone", "number": "07700900123"}}),
        )
        .await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("details.kind")), "{body}");
    // Every write is on the audit with who made it.
    let steps = s.audit_steps(&s.login_as("admin.lee", &[Role::Admin]).await, &car).await;
    assert_eq!(steps.len(), 2, "created and updated once: {steps:?}");
}

async fn a_phone_known_only_through_an_erased_person_goes_with_them(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let control = s.login_as("op.adams", &[Role::ControlRoom]).await;
    let admin = s.login_as("admin.lee", &[Role::Admin]).await;
    let gone = s.person(&control, "Tom", "Gone", "1960-01-01").await;
    let other = s.person(&control, "Amy", "Stone", "1995-05-05").await;
    let own = object(&s, &control, json!({"kind": "phone", "number": "07700900111"})).await;
    let shared = object(&s, &control, json!({"kind": "phone", "number": "07700900222"})).await;
    let car = object(&s, &control, json!({"kind": "vehicle", "vrm": "LB07SEO"})).await;
    assert_eq!(link(&s, &control, &gone, &own, "user", "2024-01-01").await, 201);
    assert_eq!(link(&s, &control, &gone, &shared, "user", "2024-01-01").await, 201);
    assert_eq!(link(&s, &control, &other, &shared, "owner", "2024-01-01").await, 201);
    assert_eq!(link(&s, &control, &gone, &car, "keeper", "2024-01-01").await, 201);
    let erased =
        s.http.delete(format!("{}/persons/{gone}?reason=erasure%20request", s.base)).bearer_auth(&admin).send().await;
    assert_eq!(erased.unwrap().status(), 204);
    assert_eq!(s.get(&control, &format!("/objects/{own}?{WHY}")).await.0, 404, "their own phone is erased");
    let shared_profile = profile(&s, &control, &shared).await;
    assert_eq!(shared_profile["people"].as_array().unwrap().len(), 1, "only the other user is left");
    let car_profile = profile(&s, &control, &car).await;
    assert!(car_profile["people"].as_array().unwrap().is_empty(), "the vehicle stays, without its keeper");
    let (_, found) = s.get(&control, "/objects/lookup?phone=07700900111").await;
    assert!(found["hits"].as_array().unwrap().is_empty(), "{found}");
}
