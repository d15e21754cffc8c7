//! Warrants made through the API for tests that need one on the queue.

use chrono::Utc;
use serde_json::json;

use super::TestServer;

/// A bench warrant for `person`, received and validated (not yet
/// circulated, so they are not WANTED yet); its id.
pub async fn validated_warrant(s: &TestServer, token: &str, person: &str) -> String {
    let warrant = json!({
        "occurred_at": Utc::now().to_rfc3339(),
        "borough": "Lambeth",
        "summary": "Bench warrant: burglary",
        "people": [{"person_id": person, "role": "wanted_person"}],
        "details": {
            "kind": "warrant", "warrant_kind": "bench", "status": "received",
            "issuing_court": "Camberwell Green Magistrates' Court", "issued_on": Utc::now().date_naive().to_string(),
            "offence": "Burglary (dwelling)"
        }
    });
    let (status, created) = s.post(token, "/warrants", &warrant).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    let body = json!({"version": 1, "action": {"type": "validate"}});
    let (status, answer) = s.post(token, &format!("/warrants/{id}/actions"), &body).await;
    assert_eq!(status, 200, "validate: {answer}");
    id
}

/// Ottoline Brackenbury wanted on a circulated bench warrant, settled in
/// the search: the warrant's id.
pub async fn ottoline_wanted(s: &TestServer, token: &str) -> String {
    let person = s.person(token, "Ottoline", "Brackenbury", "1987-06-04").await;
    let id = validated_warrant(s, token, &person).await;
    circulate(s, token, &id).await;
    s.settle().await;
    id
}

/// Circulates a validated warrant: its person is WANTED.
pub async fn circulate(s: &TestServer, token: &str, id: &str) {
    let body = json!({"version": 2, "action": {"type": "circulate"}});
    let (status, answer) = s.post(token, &format!("/warrants/{id}/actions"), &body).await;
    assert_eq!(status, 200, "circulate: {answer}");
}
