//! The index of vehicles, phones and places behind the search box, kept
//! from the change log: a new mark and a former one, a phone loaded in
//! bulk, and a write through one server found through another.

use crate::common;

use bluelamp::domain::object::{bare_phone, Object};
use bluelamp::domain::provenance::Provenance;
use bluelamp::domain::role::Role;
use bluelamp::store::{Actor, BulkBatch};
use common::{Backend, TestServer};
use serde_json::{json, Value};

both_backends!(marks_numbers_and_places_follow_the_change_log_into_the_search_box,);

async fn search(s: &TestServer, token: &str, q: &str) -> Value {
    let (status, body) =
        s.get(token, &format!("/search/subjects?q={}", q.replace('+', "%2B").replace(' ', "%20"))).await;
    assert_eq!(status, 200, "{body}");
    body
}

fn whys(body: &Value, id: &str) -> Vec<String> {
    // An empty list is left out of the reply.
    let objects = body["objects"].as_array().cloned().unwrap_or_default();
    objects.iter().filter(|o| o["object"]["id"] == id).map(|o| o["why"].as_str().unwrap().to_string()).collect()
}

async fn marks_numbers_and_places_follow_the_change_log_into_the_search_box(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let control = s.login_as("op.khan", &[Role::ControlRoom]).await;
    let (status, made) = s.post(&control, "/objects", &json!({"kind": "vehicle", "vrm": "LB07SEO"})).await;
    assert_eq!(status, 201, "{made}");
    let car = made["id"].as_str().unwrap().to_string();
    // Two unknown characters, as a witness remembers it.
    let found = search(&s, &control, "LB0? SE?").await;
    assert_eq!(whys(&found, &car).len(), 1, "{found}");

    // Re-registered: the new mark finds it, and the old one as a former mark.
    let body = json!({"version": 1, "details": {"kind": "vehicle", "vrm": "V8 NEW"}});
    let (status, reply) = s.put(&control, &format!("/objects/{car}"), &body).await;
    assert_eq!(status, 200, "{reply}");
    let found = search(&s, &control, "V8NEW").await;
    assert!(whys(&found, &car).first().is_some_and(|w| w.starts_with("vehicle: VRM V8NEW")), "{found}");
    let found = search(&s, &control, "*07SEO").await;
    assert!(whys(&found, &car).first().is_some_and(|w| w.starts_with("vehicle: former VRM LB07SEO")), "{found}");

    // A phone written in bulk (an import, a seed) is found in any form.
    let phone = Object {
        id: uuid::Uuid::new_v4().to_string(),
        version: 1,
        details: bare_phone("+447700900555".into()),
        provenance: Provenance::entered("loader", chrono::Utc::now()),
    };
    let batch = BulkBatch { objects: vec![phone.clone()], ..BulkBatch::default() };
    s.state.store.load_batch(&Actor::new("loader", "bulk load"), &batch, None).await.unwrap();
    for form in ["07700 900555", "+44 7700 900555"] {
        assert_eq!(whys(&search(&s, &control, form).await, &phone.id).len(), 1, "{form}");
    }

    // A second server over the same store learns of a new place from the log.
    let other = TestServer::on(s.second_db()).await;
    let place = json!({"address": {"lines": ["12 Acacia Avenue"], "postcode": "SW2 1AA"}});
    let (status, made) = s.post(&control, "/places", &place).await;
    assert_eq!(status, 201, "{made}");
    other.settle().await;
    let found = search(&other, &control, "12 acacai ave sw2").await;
    assert_eq!(found["places"][0]["place_id"], made["id"], "{found}");
    assert_eq!(whys(&search(&other, &control, "V8NEW").await, &car).len(), 1);
}
