//! A vehicle, its keeper and the keeper's address in the real console, in a
//! pseudo-terminal against a real server: part of a plate (`LB07*`) typed in the
//! lookup finds the vehicle beside the people, it opens with the reason
//! asked, its keeper opens from it, and the keeper's address opens from
//! their profile with the incident and the crime recorded there; and a
//! vehicle linked to an open record from elsewhere shows on it live.

use crate::common;

use std::time::Duration;

use bluelamp::domain::role::Role;
use common::terminal::console_at_lookup;
use common::{Backend, TestServer};
use serde_json::json;

async fn made(s: &TestServer, token: &str, path: &str, body: &serde_json::Value) -> String {
    let (status, reply) = s.post(token, path, body).await;
    assert!(status == 201 || status == 200, "{path}: {reply}");
    reply["id"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_partial_plate_leads_to_the_vehicle_its_keeper_and_the_events_at_their_address() {
    let s = TestServer::start(Backend::Sqlite).await.expect("server");
    let control = s.login_as("op.adams", &[Role::ControlRoom]).await;
    let keeper = json!({
        "names": [{"forenames": "Darren", "surname": "Cole"}], "date_of_birth": "1990-04-01",
        "addresses": [{"address": {"lines": ["12 Acacia Avenue"], "postcode": "SW2 1AA"}, "from": "2023-04-01"}]
    });
    let keeper = made(&s, &control, "/persons", &keeper).await;
    let car = json!({"kind": "vehicle", "vrm": "LB07 SEO", "make": "Volkswagen", "model": "Golf", "colour": "Blue",
        "markers": [{"kind": "of_interest", "recorded_on": "2026-01-05", "source": "IR/26/0000042"}]});
    let car = made(&s, &control, "/objects", &car).await;
    let link = json!({"target": "object", "target_id": car, "relationship": "keeper", "from": "2024-03-01"});
    made(&s, &control, &format!("/persons/{keeper}/links"), &link).await;
    // Two records at the address, written another way: both find the place.
    let crime = json!({"occurred_at": "2026-09-01T10:00:00Z", "summary": "Shed broken into, tools taken",
        "borough": "Lambeth", "people": [{"person_id": keeper, "role": "victim"}],
        "details": {"kind": "crime", "offence": "Burglary", "status": "open",
                    "location": {"lines": ["12 ACACIA AVE"], "postcode": "sw21aa"}}});
    let crime = s.post(&control, "/crimes", &crime).await.1["reference"].as_str().unwrap().to_string();
    let call = json!({"caller": {"name": "Maya Okafor"}, "category": "crime", "subtype": "burglary",
        "grade": "S", "summary": "Shouting from the house",
        "location": {"address": {"lines": ["12 Acacia Avenue"], "postcode": "SW2 1AA", "borough": "Lambeth"}}});
    let (status, incident) = s.post(&control, "/incidents/open", &call).await;
    assert_eq!(status, 201, "{incident}");
    let incident = incident["reference"].as_str().unwrap().to_string();
    s.settle().await;
    let server = s.root();
    let config = tempfile::tempdir().expect("config");
    let step = Duration::from_secs(10);

    tokio::task::block_in_place(|| {
        let mut console = console_at_lookup(&server, &control, config.path());
        // Part of the plate: the vehicle is found, saying what it is and why.
        console.send(b"/");
        console.type_text("LB07*");
        console.wait_for("vehicle LB07SEO Blue Volkswagen Golf", step);
        console.wait_for("a partial mark", step);
        console.send(b"\r");
        console.wait_for("Why are you opening the record of vehicle LB07SEO?", step);
        console.type_text("ANPR hit on Brixton Road");
        console.send(b"\r");
        console.wait_for("Vehicle LB07SEO — opened for: ANPR hit on Brixton Road", step);
        console.wait_for("◉ OF INTEREST", step);
        console.wait_for("since 01/03/2024", step);

        // The keeper, first on the list, opens with the same reason.
        console.send(b"\r");
        console.wait_for("Darren Cole — opened for: ANPR hit on Brixton Road", step);
        console.send(b"p");
        console.wait_for("Places, vehicles and phones (2)", step);
        console.wait_for("lives at", step);
        console.send(b"\r");
        console.wait_for("Place 12 Acacia Avenue, SW2 1AA — opened for: ANPR hit on Brixton Road", step);
        console.wait_for(&crime, step);
        console.wait_for(&incident, step);
        console.wait_for("crime scene", step);
        console.quit();
    });
}

/// The record view's list of vehicles, phones and places follows the live
/// stream: a car linked to the open crime from elsewhere shows on it, with
/// its part and the STOLEN marker the link gives it, without reopening it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vehicle_linked_to_the_open_record_elsewhere_shows_on_it() {
    let s = TestServer::start(Backend::Sqlite).await.expect("server");
    let control = s.login_as("op.adams", &[Role::ControlRoom]).await;
    let victim = json!({"names": [{"forenames": "Darren", "surname": "Cole"}], "date_of_birth": "1990-04-01"});
    let victim = made(&s, &control, "/persons", &victim).await;
    let crime = json!({"occurred_at": "2026-09-01T10:00:00Z", "summary": "Car taken from the drive overnight",
        "borough": "Lambeth", "people": [{"person_id": victim, "role": "victim"}],
        "details": {"kind": "crime", "offence": "Theft of a motor vehicle", "status": "open",
                    "location": {"lines": ["12 Acacia Avenue"], "postcode": "SW2 1AA"}}});
    let crime = made(&s, &control, "/crimes", &crime).await;
    let car = made(&s, &control, "/objects", &json!({"kind": "vehicle", "vrm": "LB07 SEO"})).await;
    s.settle().await;
    let server = s.root();
    let config = tempfile::tempdir().expect("config");
    let step = Duration::from_secs(10);
    let runtime = tokio::runtime::Handle::current();

    tokio::task::block_in_place(|| {
        let mut console = console_at_lookup(&server, &control, config.path());
        console.send(b"/");
        console.type_text("Darren Cole");
        console.wait_for("1990", step);
        console.send(b"\r");
        console.wait_for("Why are you opening the record of Darren Cole?", step);
        console.type_text("Keeper reporting the theft");
        console.send(b"\r");
        console.wait_for("Darren Cole — opened for: Keeper reporting the theft", step);
        console.send(b"\r");
        console.wait_for("(version 1)", step);
        console.wait_for("(crime scene)", step);
        assert!(!console.contents().contains("LB07SEO"), "{}", console.contents());

        // Linked from elsewhere while the record is open.
        let link = json!({"event_id": crime, "role": "stolen_vehicle"});
        let (status, reply) = runtime.block_on(s.post(&control, &format!("/objects/{car}/events"), &link));
        assert_eq!(status, 201, "{reply}");
        console.wait_for("LB07SEO (stolen vehicle) ▲ STOLEN", step);
        console.quit();
    });
}
