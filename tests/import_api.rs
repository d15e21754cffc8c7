//! The linkage routes: why a person's records belong together, and split.

use crate::common;

use std::path::Path;

use bluelamp::domain::role::Role;
use bluelamp::import::{import_file, linker_for, ImportOptions, ImportReport, LoadedMapping};
use bluelamp::linkage::LinkageConfig;
use bluelamp::store::Store;
use common::Backend;
use common::TestServer;
use serde_json::json;

both_backends!(why_and_split_over_the_api, the_review_queue_accepts_and_rejects);

/// Imports `file` in the custody system's layout as source "custody".
async fn import_custody(store: &Store, file: &Path) -> ImportReport {
    let mapping = LoadedMapping::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings/custody.toml")).unwrap();
    let opts = ImportOptions {
        source: "custody".into(),
        strict: false,
        rejects: None,
        linkage: LinkageConfig::default(),
        username: "import".into(),
    };
    let mut linker = linker_for(store, opts.linkage.clone()).await.unwrap();
    import_file(store, &mut linker, file, &mapping, &opts, |_| {}).await.unwrap()
}

async fn why_and_split_over_the_api(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.csv");
    std::fs::write(
        &file,
        "CUSTODY_NO,SURNAME,FORENAME_1,FORENAME_2,DATE_OF_BIRTH,SEX,ADDR_LINE_1,ADDR_LINE_2,ADDR_LINE_3,POSTCODE,\
         PNC_ID,CRO_NO,WARNING_MARKERS\nC1,Smith,John,,02/01/1980,M,1 High St,,,E1 6AN,,,\n\
         C2,Smyth,Jon,,01/02/1980,M,1 High St,,,E1 6AN,,,\n",
    )
    .unwrap();
    let store = &server.state.store;
    let report = import_custody(store, &file).await;
    assert_eq!(report.merged, 1);
    let id = store.import_row("custody", "C1").await.unwrap().person_id;

    let token = server.login_as("pc.why", &[Role::Investigator]).await;
    let (status, body) = server.get(&token, &format!("/persons/{id}/why?reason=linkage%20check")).await;
    assert_eq!(status, 200, "{body}");
    let records = body["records"].as_array().unwrap();
    assert_eq!(records.len(), 2);
    let fields = records[1]["evidence"]["fields"].as_array().unwrap();
    let dob = fields.iter().find(|f| f["field"] == "date_of_birth").unwrap();
    assert_eq!(dob["level"], "swapped");
    let (status, _) = server.get(&token, &format!("/persons/{id}/why")).await;
    assert_eq!(status, 400);

    let (status, body) = server.post(&token, "/imports/custody/C2/split", &json!({"reason": "not the same man"})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["restored"]["id"], id.as_str());
    assert_eq!(body["restored"]["names"].as_array().unwrap().len(), 1);
    let (_, body) = server.get(&token, &format!("/persons/{id}/why?reason=linkage%20check")).await;
    assert_eq!(body["records"].as_array().unwrap().len(), 1);
}

async fn the_review_queue_accepts_and_rejects(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.csv");
    // Same names, no date of birth on the later rows, a different address:
    // not enough to merge, enough to ask.
    std::fs::write(
        &file,
        "CUSTODY_NO,SURNAME,FORENAME_1,FORENAME_2,DATE_OF_BIRTH,SEX,ADDR_LINE_1,ADDR_LINE_2,ADDR_LINE_3,POSTCODE,\
         PNC_ID,CRO_NO,WARNING_MARKERS\nC1,Okonkwo,Chidi,,02/01/1980,M,1 High St,,,E1 6AN,,,\n\
         C2,Okonkwo,Chidi,,,M,4 Park Rd,,,N1 9GU,,,\nC3,Okonkwo,Chidi,,,M,7 Mill Ln,,,SE1 7PB,,,\n",
    )
    .unwrap();
    let store = &server.state.store;
    let report = import_custody(store, &file).await;
    assert_eq!((report.created, report.review), (3, 2), "{report:?}");
    let c1 = store.import_row("custody", "C1").await.unwrap().person_id;
    let c2 = store.import_row("custody", "C2").await.unwrap().person_id;

    let token = server.login_as("dc.review", &[Role::Investigator]).await;
    let (status, body) = server.get(&token, "/review").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body.as_array().unwrap().len(), 2);
    // How many are open in all, for a queue longer than one read.
    let (status, body) = server.get(&token, "/review?limit=1").await;
    assert_eq!((status, body.as_array().unwrap().len()), (200, 1));
    assert_eq!(server.get(&token, "/review/count").await.1, json!({"open": 2}));
    // Each pair carries both sides and the evidence the reviewer decides on.
    let pair = &body[0];
    assert_eq!(pair["candidate"]["person_id"], c1.as_str());
    assert_eq!(pair["candidate"]["name"], "Chidi Okonkwo");
    assert!(pair["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["field"] == "surname" && f["weight"].as_f64().unwrap() > 0.0));
    // Reading the names was a consultation.
    let filter = bluelamp::store::AuditFilter { record_id: Some(c1.clone()), limit: 50, ..Default::default() };
    let audit = store.audit_entries(&filter).await.unwrap();
    assert!(audit.iter().any(|a| a.detail == "review queue" && a.action == "consultation"), "{audit:?}");
    // A role that may not change person records may not review.
    let inspector = server.login_as("insp.only", &[Role::Inspector]).await;
    assert_eq!(server.get(&inspector, "/review").await.0, 403);
    assert_eq!(server.get(&inspector, "/review/count").await.0, 403);
    let (status, _) = server.post(&inspector, "/review/custody/C2/accept", &json!({"reason": "same man"})).await;
    assert_eq!(status, 403);

    let (status, body) = server.post(&token, "/review/custody/C2/accept", &json!({"reason": "same man"})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["id"], c1.as_str());
    assert_eq!(store.import_row("custody", "C2").await.unwrap().person_id, c1);
    let (status, _) = server.post(&token, "/review/custody/C3/reject", &json!({"reason": "different man"})).await;
    assert_eq!(status, 204);
    let (_, body) = server.get(&token, "/review").await;
    assert!(body.as_array().unwrap().is_empty());
    assert_eq!(server.get(&token, "/review/count").await.1, json!({"open": 0}));
    // The import that queued the pairs and each decision are in the change
    // log, so that a queue on screen follows them.
    let review: Vec<String> = store
        .changes_since(0, 1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|c| c.topic == bluelamp::api::linkage::REVIEW_TOPIC)
        .map(|c| c.record_id)
        .collect();
    assert_eq!(review, ["custody", "custody/C2", "custody/C3"]);
    assert_eq!(store.count_persons().await.unwrap(), 2);

    // An accepted match can be split again, back to the candidate as it was,
    // and the row to the person it was before, under the same id.
    let before = store.import_row("custody", "C2").await.unwrap().before.unwrap();
    let (status, body) = server.post(&token, "/imports/custody/C2/split", &json!({"reason": "wrong after all"})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(store.person(&c1).await.unwrap().details, before);
    assert_eq!(store.import_row("custody", "C2").await.unwrap().person_id, c2);
    assert_eq!(store.person(&c2).await.unwrap().details.names[0].surname, "Okonkwo");
}
