//! The live change stream keeps drafts private: a change to an
//! intelligence draft reaches its author alone, live and when a stream
//! resumes; once submitted, the report's changes reach every role that
//! reads intelligence.

use crate::common;

use bluelamp::domain::role::Role;
use common::{intelligence_json, read_events, Backend, TestServer};
use serde_json::{json, Value};

both_backends!(a_drafts_changes_reach_its_author_alone_until_it_is_submitted,);

const TOPIC: &str = "?topics=intelligence";

fn seen(events: &[(i64, Value)]) -> Vec<(String, i64)> {
    events.iter().map(|(_, c)| (c["record_id"].as_str().unwrap().to_string(), c["version"].as_i64().unwrap())).collect()
}

async fn a_drafts_changes_reach_its_author_alone_until_it_is_submitted(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let author = s.login_as("dc.shah", &[Role::Investigator]).await;
    let officer = s.login_as("io.moss", &[Role::IntelligenceAnalyst]).await;
    let person = s.person(&author, "Darren", "Cole", "1990-04-01").await;
    s.settle().await;
    let start = s.state.store.last_change().await.unwrap();
    // The officer is listening live before the draft is written.
    let probe = TestServer::on_url_for_events(s.base.clone());
    let token = officer.clone();
    let live = tokio::spawn(async move { read_events(&probe, &token, TOPIC, None, 1).await });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    let (status, draft) = s.post(&author, "/intelligence", &intelligence_json(&person)).await;
    assert_eq!(status, 201, "{draft}");
    let id = draft["id"].as_str().unwrap().to_string();
    let revise = json!({"version": 1, "action": {"type": "revise", "sanitised_text": "Seen twice in a blue Golf"}});
    let (status, revised) = s.post(&author, &format!("/intelligence/{id}/actions"), &revise).await;
    assert_eq!(status, 200, "{revised}");
    // Linking the draft to a car and a place tells whoever has it open to
    // read its links again: that too is for its author alone.
    let control = s.login_as("cr.ames", &[Role::ControlRoom]).await;
    let (status, car) = s.post(&control, "/objects", &json!({"kind": "vehicle", "vrm": "LB07 SEO"})).await;
    assert_eq!(status, 201, "{car}");
    let seen_car = json!({"event_id": id, "role": "vehicle_seen"});
    let (status, body) = s.post(&author, &format!("/objects/{}/events", car["id"].as_str().unwrap()), &seen_car).await;
    assert_eq!(status, 201, "{body}");
    let address = json!({"address": {"lines": ["3 Brixton Water Lane"], "postcode": "SW2 1PE"}});
    let (status, place) = s.post(&control, "/places", &address).await;
    assert_eq!(status, 201, "{place}");
    let at_place = json!({"event": {"kind": "intelligence", "id": id}, "role": "event_address"});
    let (status, body) = s.post(&author, &format!("/places/{}/links", place["id"].as_str().unwrap()), &at_place).await;
    assert_eq!(status, 201, "{body}");
    s.settle().await;
    // Resuming from before the draft: nothing of it for the officer yet.
    let (status, _) = s.get(&officer, &format!("/intelligence/{id}?reason=intelligence%20stream%20check")).await;
    assert_eq!(status, 404, "a draft is its author's alone");
    let mine = read_events(&s, &author, TOPIC, Some(start), 4).await;
    let twice_linked = [(id.clone(), 1), (id.clone(), 2), (id.clone(), 2), (id.clone(), 2)];
    assert_eq!(seen(&mine), twice_linked, "the author hears of their own draft");
    assert_eq!(mine[3].1["op"], "linked");
    assert_eq!(mine[0].1["person_ids"], json!([person]));

    let submit = json!({"version": 2, "action": {"type": "submit"}});
    let (status, body) = s.post(&author, &format!("/intelligence/{id}/actions"), &submit).await;
    assert_eq!(status, 200, "{body}");
    s.settle().await;
    // Live, the first the officer hears of it is its submission.
    let heard = tokio::time::timeout(std::time::Duration::from_secs(10), live).await.unwrap().unwrap();
    assert_eq!(seen(&heard), [(id.clone(), 3)], "the officer heard of the draft before it was submitted");
    let resumed = read_events(&s, &officer, TOPIC, Some(start), 1).await;
    assert_eq!(seen(&resumed), [(id.clone(), 3)]);
    let mine = read_events(&s, &author, TOPIC, Some(mine[3].0), 1).await;
    assert_eq!(seen(&mine), [(id, 3)]);
}
