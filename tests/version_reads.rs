//! A CLI action sent without `--record-version` reads the record only for
//! its version, on both backends: the record is consulted (with the
//! version-read's reason) but its vehicles, phones and places are neither
//! listed nor put on the audit as consulted; a full read still lists and
//! audits each of them.

use crate::cli::Cli;
use crate::common;

use bluelamp::domain::role::Role;
use common::{Backend, TestServer};
use serde_json::{json, Value};

both_backends!(a_read_for_the_version_consults_the_record_alone,);

/// How many consultations of `record` the audit holds.
async fn consultations(s: &TestServer, admin: &str, record: &str) -> usize {
    let (status, audit) = s.get(admin, &format!("/audit?record={record}")).await;
    assert_eq!(status, 200, "{audit}");
    audit["items"].as_array().unwrap().iter().filter(|e| e["action"] == "consultation").count()
}

async fn a_read_for_the_version_consults_the_record_alone(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let control = s.login_as("op.adams", &[Role::ControlRoom]).await;
    let investigator = s.login_as("dc.shah", &[Role::Investigator]).await;
    let admin = s.login_as("admin.one", &[Role::Admin]).await;
    let victim = s.person(&control, "Darren", "Cole", "1990-04-01").await;
    let crime = json!({
        "occurred_at": "2026-10-01T22:00:00Z", "borough": "Lambeth",
        "summary": "Car taken from the drive, phone left in it",
        "people": [{"person_id": victim, "role": "victim"}],
        "details": {"kind": "crime", "offence": "Theft of a motor vehicle", "status": "open",
                    "location": {"lines": ["40 Acre Lane"], "postcode": "SW2 5SG"}},
        "objects": [{"kind": "vehicle", "vrm": "LB07 SEO", "role": "stolen_vehicle"},
                    {"kind": "phone", "number": "07700 900123", "role": "stolen_phone"}],
    });
    let (status, made) = s.post(&control, "/crimes", &crime).await;
    assert_eq!(status, 201, "{made}");
    let id = made["id"].as_str().unwrap().to_string();
    let (_, record) = s.get(&control, &format!("/crimes/{id}?reason=attending%20the%20scene")).await;
    let linked: Vec<String> = ["vehicles", "phones", "places"]
        .iter()
        .map(|list| {
            let item: &Value = &record[list][0];
            item["object_id"].as_str().or(item["place_id"].as_str()).unwrap().to_string()
        })
        .collect();
    let mut before = Vec::new();
    for record in &linked {
        before.push(consultations(&s, &admin, record).await);
    }
    let crime_before = consultations(&s, &admin, &id).await;

    // The action reads the crime for its version, then sends it.
    let cli = Cli::for_server(&s, &investigator);
    cli.ok(&["crime", "log", &id, "--kind", "note", "--text", "Keeper rang to chase", "--format", "json"]);
    assert_eq!(consultations(&s, &admin, &id).await, crime_before + 1, "the crime itself was read");
    for (record, count) in linked.iter().zip(&before) {
        assert_eq!(consultations(&s, &admin, record).await, *count, "{record} was consulted by a version read");
    }

    // The same read through the API: the record alone.
    let (status, alone) =
        s.get(&investigator, &format!("/crimes/{id}?reason=reading%20its%20version&links=false")).await;
    assert_eq!(status, 200, "{alone}");
    assert_eq!((alone["reference"].as_str().is_some(), alone["vehicles"].as_array().map(Vec::len)), (true, Some(0)));

    // A full read lists and audits each of them, once.
    let (_, full) = s.get(&investigator, &format!("/crimes/{id}?reason=reviewing%20the%20crime")).await;
    assert_eq!(full["vehicles"].as_array().map(Vec::len), Some(1), "{full}");
    for (record, count) in linked.iter().zip(&before) {
        assert_eq!(consultations(&s, &admin, record).await, count + 1, "{record}");
    }
}
