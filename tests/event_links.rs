//! An event's record lists the vehicles, phones and places linked to it,
//! each with its part in it, on both backends: a crime recorded with a
//! stolen car, a phone and its scene lists all three when read; a place
//! linked by hand to an intelligence report shows on the report (and the
//! report's readers hear of it on the change log); each one shown is on
//! the audit with the read's reason. The record names its people too, each
//! on the audit, so a view needs no other read to name them.

use crate::common;

use bluelamp::domain::role::Role;
use common::{intelligence_json, Backend, TestServer};
use serde_json::{json, Value};

both_backends!(
    a_record_lists_its_vehicles_phones_and_places_with_their_parts,
    a_place_linked_by_hand_shows_on_the_record,
    a_record_names_its_people_each_on_the_audit,
);

const WHY: &str = "reason=attending%20the%20scene";

async fn made(s: &TestServer, token: &str, path: &str, body: &Value) -> Value {
    let (status, reply) = s.post(token, path, body).await;
    assert!(status == 201 || status == 200, "{path}: {reply}");
    reply
}

async fn a_record_lists_its_vehicles_phones_and_places_with_their_parts(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let control = s.login_as("op.adams", &[Role::ControlRoom]).await;
    let admin = s.login_as("admin.one", &[Role::Admin]).await;
    let victim = s.person(&control, "Darren", "Cole", "1990-04-01").await;
    let crime = json!({
        "occurred_at": "2026-10-01T22:00:00Z", "borough": "Lambeth",
        "summary": "Car taken from the drive, phone left in it",
        "people": [{"person_id": victim, "role": "victim"}],
        "details": {"kind": "crime", "offence": "Theft of a motor vehicle", "status": "open",
                    "location": {"lines": ["40 Acre Lane"], "postcode": "sw25sg"}},
        "objects": [{"kind": "vehicle", "vrm": "lb07 seo", "role": "stolen_vehicle"},
                    {"kind": "phone", "number": "07700 900123", "role": "stolen_phone"}],
    });
    let id = made(&s, &control, "/crimes", &crime).await["id"].as_str().unwrap().to_string();
    let (status, record) = s.get(&control, &format!("/crimes/{id}?{WHY}")).await;
    assert_eq!(status, 200, "{record}");
    assert_eq!(record["reference"].as_str().map(|r| r.starts_with("CR")), Some(true), "the record itself: {record}");
    let vehicle = &record["vehicles"][0];
    assert_eq!(
        (vehicle["key"].as_str(), vehicle["role"].as_str()),
        (Some("LB07SEO"), Some("stolen_vehicle")),
        "{record}"
    );
    assert_eq!(vehicle["markers"], json!(["STOLEN"]), "{record}");
    let phone = &record["phones"][0];
    assert_eq!(
        (phone["key"].as_str(), phone["role"].as_str()),
        (Some("+447700900123"), Some("stolen_phone")),
        "{record}"
    );
    let place = &record["places"][0];
    assert_eq!(place["role"], "crime_scene", "{record}");
    assert!(place["address"].as_str().unwrap().ends_with("SW2 5SG"), "{record}");
    assert_eq!(record["vehicles"].as_array().unwrap().len(), 1, "{record}");

    // Each opens its own profile.
    let vehicle_id = vehicle["object_id"].as_str().unwrap();
    let (status, profile) = s.get(&control, &format!("/objects/{vehicle_id}?{WHY}")).await;
    assert_eq!((status, profile["timeline"][0]["id"].as_str()), (200, Some(id.as_str())), "{profile}");
    let place_id = place["place_id"].as_str().unwrap();
    let (status, profile) = s.get(&control, &format!("/places/{place_id}?{WHY}")).await;
    assert_eq!((status, profile["timeline"][0]["id"].as_str()), (200, Some(id.as_str())), "{profile}");

    // The read put each one shown on the audit with its reason.
    for shown in [vehicle_id, phone["object_id"].as_str().unwrap(), place_id] {
        let (_, audit) = s.get(&admin, &format!("/audit?record={shown}")).await;
        let on_the_record = audit["items"].as_array().unwrap().iter().any(|e| {
            e["action"] == "consultation"
                && e["reason"] == "attending the scene"
                && e["detail"].as_str().is_some_and(|d| d.contains("on crime CR"))
        });
        assert!(on_the_record, "{shown}: {audit}");
    }
}

async fn a_place_linked_by_hand_shows_on_the_record(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let analyst = s.login_as("ia.ross", &[Role::IntelligenceAnalyst]).await;
    let person = s.person(&control, "Dean", "Marsh", "1985-06-01").await;
    let place = json!({"address": {"lines": ["12 Acacia Avenue"], "postcode": "SW2 1AA", "borough": "Lambeth"},
                       "warnings": [{"category": "dog", "recorded_on": "2026-01-05", "source": "PC 12 Shah"}]});
    let place = made(&s, &control, "/places", &place).await["id"].as_str().unwrap().to_string();
    let intel =
        made(&s, &analyst, "/intelligence", &intelligence_json(&person)).await["id"].as_str().unwrap().to_string();
    let (_, before) = s.get(&analyst, &format!("/intelligence/{intel}?{WHY}")).await;
    assert_eq!(
        (before["places"].as_array().map(Vec::len), before["vehicles"].as_array().map(Vec::len)),
        (Some(0), Some(0))
    );
    let seq = s.state.store.last_change().await.unwrap();
    let link = json!({"event": {"kind": "intelligence", "id": intel}, "role": "subject_of_intelligence"});
    made(&s, &analyst, &format!("/places/{place}/links"), &link).await;
    // The report's own readers hear of the new link (its version unchanged),
    // so an open record view reads its links again.
    let changes = s.state.store.changes_since(seq, 100).await.unwrap();
    assert!(
        changes.iter().any(|c| c.topic == "intelligence" && c.op == "linked" && c.record_id == intel && c.version == 1),
        "{changes:?}"
    );
    let (status, record) = s.get(&analyst, &format!("/intelligence/{intel}?{WHY}")).await;
    assert_eq!(status, 200, "{record}");
    assert_eq!(
        record["places"],
        json!([{"place_id": place, "address": "12 Acacia Avenue, SW2 1AA", "role": "subject_of_intelligence",
                "warnings": ["dog at address"]}]),
        "{record}"
    );
}

async fn a_record_names_its_people_each_on_the_audit(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let control = s.login_as("op.adams", &[Role::ControlRoom]).await;
    let admin = s.login_as("admin.one", &[Role::Admin]).await;
    let victim = s.person(&control, "Darren", "Cole", "1990-04-01").await;
    let suspect = s.person(&control, "Wayne", "Hurst", "1988-02-11").await;
    let crime = json!({
        "occurred_at": "2026-10-01T22:00:00Z", "borough": "Lambeth", "summary": "Bag snatched at the bus stop",
        "people": [{"person_id": victim, "role": "victim"}, {"person_id": suspect, "role": "suspect"}],
        "details": {"kind": "crime", "offence": "Robbery", "status": "open",
                    "location": {"lines": ["Brixton Road"], "postcode": "SW9 8HE"}},
    });
    let id = made(&s, &control, "/crimes", &crime).await["id"].as_str().unwrap().to_string();
    let (status, record) = s.get(&control, &format!("/crimes/{id}?{WHY}")).await;
    assert_eq!(status, 200, "{record}");
    let names = record["names"].as_object().expect("names");
    assert_eq!(names.len(), 2, "{record}");
    assert!(names[&victim].as_str().unwrap().to_lowercase().contains("darren cole"), "{record}");
    assert!(names[&suspect].as_str().unwrap().to_lowercase().contains("wayne hurst"), "{record}");
    // Each person named is a consultation with the read's reason.
    for named in [&victim, &suspect] {
        let (_, audit) = s.get(&admin, &format!("/audit?record={named}")).await;
        let on_the_record = audit["items"].as_array().unwrap().iter().any(|e| {
            e["action"] == "consultation"
                && e["reason"] == "attending the scene"
                && e["detail"].as_str().is_some_and(|d| d.starts_with("named on crime CR"))
        });
        assert!(on_the_record, "{named}: {audit}");
    }
}
