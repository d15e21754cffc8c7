//! `bluelamp query warrant|case|crime ID --format text` (and `query event …
//! --format text`) read a record in words, on both backends: its people by
//! name and part, its statuses, stages and decisions as the wording table
//! says them, no code and no person's id; a list command still refuses
//! `--format text` as a usage error.

use crate::cli::Cli;
use crate::common;

use bluelamp::domain::role::Role;
use chrono::{Duration, Utc};
use common::{Backend, TestServer};
use serde_json::json;

both_backends!(one_record_reads_in_words_with_its_people_named);

/// Text with no code left in it (`first_hearing_listed`) and no id of `person`.
fn in_words(text: &str, person: &str) {
    assert!(!text.contains('_'), "a code not in words:\n{text}");
    assert!(!text.contains(person), "a person's id where their name belongs:\n{text}");
}

async fn one_record_reads_in_words_with_its_people_named(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let writer = s.login_as("writer", &[Role::Investigator, Role::ControlRoom]).await;
    let cli = Cli::for_server(&s, &writer);
    let reason = ["--reason", "file review", "--format", "text"];

    let warrant = common::warrants::ottoline_wanted(&s, &writer).await;
    let mut args = vec!["query", "warrant", warrant.as_str()];
    args.extend(reason);
    let text = cli.ok(&args);
    assert!(text.starts_with("Warrant WT/"), "{text}");
    assert!(text.contains("Wanted person   Ottoline Brackenbury"), "{text}");
    assert!(text.contains("Kind            Bench warrant") && text.contains("Status          Circulated"), "{text}");
    let (status, record) = s.get(&writer, &format!("/warrants/{warrant}?reason=file%20review")).await;
    assert_eq!(status, 200, "{record}");
    in_words(&text, record["people"][0]["person_id"].as_str().expect("the wanted person"));

    let defendant = s.person(&writer, "Darren", "Cole", "1990-04-01").await;
    // A case charged on the CPS's full code test and listed for its first
    // hearing, through the case's own actions.
    let case = json!({
        "reference": "01YE1234526", "occurred_at": "2026-11-01T10:00:00Z", "summary": "Assault",
        "people": [{"person_id": defendant, "role": "defendant"}],
        "details": {"kind": "case", "charges": [], "stage": "pre_charge", "status": "under_investigation",
                    "officer_in_case": "DC Shah"}
    });
    let (status, created) = s.post(&writer, "/cases", &case).await;
    assert_eq!(status, 201, "{created}");
    let charge = json!({"offence": "Common assault", "date": "2026-11-01"});
    let hearing = Utc::now() + Duration::days(3);
    let steps = [
        json!({"type": "submit_to_cps"}),
        json!({"type": "charging_decision", "decision": "cps_full_code_test", "charges": [charge]}),
        json!({"type": "list_first_hearing", "court": "Camberwell Green", "date": hearing}),
    ];
    for (version, action) in (1..).zip(steps) {
        let path = format!("/cases/{}/actions", created["id"].as_str().unwrap());
        let (status, body) = s.post(&writer, &path, &json!({"version": version, "action": action})).await;
        assert_eq!(status, 200, "{action}: {body}");
    }
    let id = created["id"].as_str().unwrap().to_string();
    let mut args = vec!["query", "case", id.as_str()];
    args.extend(reason);
    let text = cli.ok(&args);
    assert!(text.contains("Defendant       Darren Cole"), "{text}");
    assert!(text.contains("Status          First hearing listed"), "{text}");
    assert!(text.contains("Decision        CPS: full code test met"), "{text}");
    assert!(text.contains("Hearing         First hearing at Camberwell Green, 20"), "{text}");
    in_words(&text, &defendant);
    // The long form reads the same.
    let mut args = vec!["query", "event", "cases", id.as_str()];
    args.extend(reason);
    assert_eq!(cli.ok(&args), text);

    let crime = json!({
        "occurred_at": "2026-10-01T22:00:00Z", "borough": "Lambeth", "summary": "Bag snatched at the bus stop",
        "people": [{"person_id": defendant, "role": "suspect"}],
        "details": {"kind": "crime", "offence": "Robbery", "status": "open",
                    "location": {"lines": ["Brixton Road"], "postcode": "SW9 8HE"}},
    });
    let (status, created) = s.post(&writer, "/crimes", &crime).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    let mut args = vec!["query", "crime", id.as_str()];
    args.extend(reason);
    let text = cli.ok(&args);
    assert!(text.contains("Suspect         Darren Cole") && text.contains("Status          Open"), "{text}");
    assert!(text.contains("Place           Brixton Road, SW9 8HE (crime scene)"), "{text}");
    in_words(&text, &defendant);

    // A list has no text form: a usage error.
    let out = cli.run(&["query", "warrants", "--format", "text"]);
    assert_eq!(out.code, 2, "{out:?}");
}
