//! The subject access export end to end: an imported, merged person who is
//! on records with someone else, consulted and disclosed; the export holds
//! their source rows, the linkage evidence, the records in full and who
//! looked at them, and its redactions take out the third party and the
//! intelligence exempt from disclosure. On both backends, and through the
//! command line into a file only its user can read.

use crate::common;

use std::path::Path;
use std::process::Command;

use bluelamp::domain::role::Role;
use bluelamp::import::{import_file, linker_for, ImportOptions, LoadedMapping};
use bluelamp::linkage::LinkageConfig;
use common::{Backend, TestServer};
use serde_json::{json, Value};

both_backends!(an_export_holds_everything_and_redacts_what_is_chosen);

/// Imports two custody rows of one man (the second a misspelling) and
/// returns the person they became.
async fn imported_person(server: &TestServer, dir: &Path) -> String {
    let file = dir.join("custody.csv");
    std::fs::write(
        &file,
        "CUSTODY_NO,SURNAME,FORENAME_1,FORENAME_2,DATE_OF_BIRTH,SEX,ADDR_LINE_1,ADDR_LINE_2,ADDR_LINE_3,POSTCODE,\
         PNC_ID,CRO_NO,WARNING_MARKERS\nC1,Hartington,Thomas,,02/01/1980,M,1 High St,,,E1 6AN,,,\n\
         C2,Hartingdon,Tom,,01/02/1980,M,1 High St,,,E1 6AN,,,\n",
    )
    .unwrap();
    let mapping = LoadedMapping::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings/custody.toml")).unwrap();
    let options = ImportOptions {
        source: "custody".into(),
        strict: false,
        rejects: None,
        linkage: LinkageConfig::default(),
        username: "import".into(),
    };
    let store = &server.state.store;
    let mut linker = linker_for(store, options.linkage.clone()).await.unwrap();
    let report = import_file(store, &mut linker, &file, &mapping, &options, |_| {}).await.unwrap();
    assert_eq!(report.merged, 1, "{report:?}");
    store.import_row("custody", "C1").await.unwrap().person_id
}

async fn an_export_holds_everything_and_redacts_what_is_chosen(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let dir = tempfile::tempdir().unwrap();
    let subject = imported_person(&s, dir.path()).await;
    let investigator = s.login_as("dc.shah", &[Role::Investigator]).await;
    let admin = s.login_as("dpo.evans", &[Role::Admin]).await;
    let victim = s.person(&investigator, "Darren", "Cole", "1990-04-01").await;
    let crime = json!({"occurred_at": "2026-10-01T12:00:00Z", "summary": "Darren Cole says Thomas Hartington hit him",
        "people": [{"person_id": subject, "role": "suspect"}, {"person_id": victim, "role": "victim"}],
        "details": {"kind": "crime", "offence": "Assault", "status": "open"}});
    let (status, crime) = s.post(&investigator, "/crimes", &crime).await;
    assert_eq!(status, 201, "{crime}");
    let intel = json!({"occurred_at": "2026-10-02T12:00:00Z", "summary": "Dealing from a car",
        "people": [{"person_id": subject, "role": "subject"}],
        "details": {"kind": "intelligence",
                    "grading": {"scheme": "3x5x2", "source": 2, "intelligence": "B", "handling": "P"},
                    "priority": "medium", "sanitised_text": "Subject believed to deal from a blue Golf",
                    "unsanitised_text": "Source X saw it from flat 4", "status": "submitted"}});
    let (status, intel) = s.post(&investigator, "/intelligence", &intel).await;
    assert_eq!(status, 201, "{intel}");
    let (status, _) = s.get(&investigator, &format!("/persons/{subject}?reason=welfare%20check%20at%20home")).await;
    assert_eq!(status, 200);

    // Unredacted: everything held.
    let (status, export) = s.get(&admin, &format!("/persons/{subject}/export?reason=SAR%202026%2F0142")).await;
    assert_eq!(status, 200, "{export}");
    assert_eq!(export["layout"], "bluelamp-subject-access/1");
    assert_eq!(export["person"]["id"], subject.as_str());
    assert_eq!(export["disclosure"]["reason"], "SAR 2026/0142");
    let rows = export["source_records"].as_array().unwrap();
    let refs: Vec<&str> = rows.iter().map(|r| r["source_ref"].as_str().unwrap()).collect();
    assert_eq!(refs, ["C1", "C2"]);
    assert_eq!(rows[1]["record"]["names"][0]["surname"], "Hartingdon", "the row as its source recorded it");
    assert_eq!(rows[1]["outcome"], "merged");
    assert!(!rows[1]["evidence"]["fields"].as_array().unwrap().is_empty(), "the linkage evidence");
    assert_eq!(export["timeline"].as_array().unwrap().len(), 2);
    let text = export.to_string();
    assert!(text.contains("Source X saw it from flat 4"), "unsanitised intelligence, unredacted");
    let on_crime: Vec<(&str, bool)> = export["people_on_records"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["event_id"] == crime["id"])
        .map(|p| (p["name"].as_str().unwrap(), p["subject"].as_bool().unwrap()))
        .collect();
    assert_eq!(on_crime, [("Thomas Hartington", true), ("Darren Cole", false)]);
    let history = export["history"].as_array().unwrap();
    let consulted = history
        .iter()
        .find(|h| h["action"] == "consultation" && h["username"] == "dc.shah")
        .unwrap_or_else(|| panic!("the consultation is in the history: {history:?}"));
    assert_eq!(consulted["reason"], "welfare check at home");
    assert!(history.iter().any(|h| h["action"] == "collection" && h["record_id"] == crime["id"]), "{history:?}");

    // The export is a disclosure of the person and of each record.
    let (_, audit) = s.get(&admin, &format!("/audit?record={}", crime["id"].as_str().unwrap())).await;
    let disclosed = audit["items"].as_array().unwrap().iter().find(|e| e["action"] == "disclosure").cloned();
    let disclosed = disclosed.unwrap_or_else(|| panic!("the record's disclosure is audited: {audit}"));
    assert_eq!(disclosed["username"], "dpo.evans");
    assert_eq!(disclosed["reason"], "SAR 2026/0142");

    // Third parties and intelligence redacted.
    let path = format!("/persons/{subject}/export?reason=SAR%202026%2F0142&redact=third_parties,intelligence");
    let (status, redacted) = s.get(&admin, &path).await;
    assert_eq!(status, 200, "{redacted}");
    let text = redacted.to_string();
    for gone in ["Darren", "Cole", victim.as_str(), "Source X saw it"] {
        assert!(!text.contains(gone), "{gone} is still in the redacted export");
    }
    assert!(text.contains("Thomas Hartington"), "the subject's own name stays");
    let crime_entry = redacted["timeline"].as_array().unwrap().iter().find(|t| t["id"] == crime["id"]).unwrap();
    assert_eq!(crime_entry["event"]["summary"], "[third party] says Thomas Hartington hit him");
    let redactions: Vec<&str> = redacted["disclosure"]["redactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["redaction"].as_str().unwrap())
        .collect();
    assert_eq!(redactions, ["third_parties", "intelligence"]);
    let (_, audit) = s.get(&admin, &format!("/audit?record={subject}")).await;
    let details: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "disclosure")
        .map(|e| e["detail"].as_str().unwrap())
        .collect();
    assert!(details.contains(&"subject access export, redacted: third_parties, intelligence"), "{details:?}");

    // Whole intelligence reports withheld, with the exemption.
    let path = format!("/persons/{subject}/export?reason=SAR%202026%2F0142&redact=intelligence_records");
    let (status, withheld) = s.get(&admin, &path).await;
    assert_eq!(status, 200, "{withheld}");
    let entry = withheld["timeline"].as_array().unwrap().iter().find(|t| t["id"] == intel["id"]).unwrap();
    assert_eq!((entry["withheld"].as_bool(), entry.get("event")), (Some(true), None));
    assert_eq!(withheld["disclosure"]["withheld"][0]["id"], intel["id"]);
    assert!(withheld["disclosure"]["withheld"][0]["exemption"].as_str().unwrap().contains("s.45(4)(b)"));
    assert!(!withheld.to_string().contains("blue Golf"));

    let (status, refused) =
        s.get(&admin, &format!("/persons/{subject}/export?reason=SAR%202026%2F0142&redact=everything")).await;
    assert_eq!((status, refused["error"]["field"].as_str()), (422, Some("redact")), "{refused}");
    assert_eq!(s.get(&investigator, &format!("/persons/{subject}/export?reason=SAR")).await.0, 403);

    // The command line writes it to a file its user alone can read.
    let file = dir.path().join("sar-0142.json");
    let out = Command::new(env!("CARGO_BIN_EXE_bluelamp"))
        .args(["admin", "export-person", &subject, "--reason", "SAR 2026/0142", "--redact", "third_parties"])
        .arg("--output")
        .arg(&file)
        .env("BLUELAMP_SERVER", s.root())
        .env("BLUELAMP_TOKEN", &admin)
        .env("BLUELAMP_CONFIG_DIR", dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(written["person"]["id"], subject.as_str());
    assert!(!written.to_string().contains("Cole"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }
}
