//! The justice chain through the API: a charge in custody opens the
//! prosecution case (or joins the one for the same matter), links custody
//! record, case and crime report both ways, and is one write with the
//! custody outcome.

use crate::common;

use bluelamp::domain::event::{CustodyOutcome, EventDetails, EventInput, EventKind, OpenClosed};
use bluelamp::domain::role::Role;
use bluelamp::store::{Actor, CaseWrite, ChargeWrite, StoreError};
use chrono::{Duration, Utc};
use common::{Backend, TestServer};
use serde_json::{json, Value};

const WHY: &str = "reason=case%20file%20check";

/// Books `person` in at Brixton, in `cell`: the record's id and version.
pub async fn book(s: &TestServer, token: &str, person: &str, cell: &str) -> (String, i64) {
    let at = |h: i64| (Utc::now() - Duration::hours(h)).to_rfc3339();
    let body = json!({
        "person_id": person, "suite_id": "suite-brixton", "cell": cell,
        "arrested_at": at(3), "relevant_time": at(2), "detention_authorised_at": at(2),
        "arrest_reason": "Seen leaving the premises", "offences": ["Burglary"],
        "arresting_officer": "PC 123 Okafor"
    });
    let (status, event) = s.post(token, "/custody/book-in", &body).await;
    assert_eq!(status, 201, "{event}");
    (event["id"].as_str().unwrap().to_string(), event["version"].as_i64().unwrap())
}

async fn crime(s: &TestServer, token: &str, suspects: &[&str]) -> (String, String) {
    let people: Vec<Value> = suspects.iter().map(|p| json!({"person_id": p, "role": "suspect"})).collect();
    let body = json!({"occurred_at": (Utc::now() - Duration::days(2)).to_rfc3339(), "borough": "Lambeth",
        "summary": "Burglary, Acre Lane", "people": people,
        "details": {"kind": "crime", "offence": "Burglary", "status": "open"}});
    let (status, event) = s.post(token, "/crimes", &body).await;
    assert_eq!(status, 201, "{event}");
    (event["id"].as_str().unwrap().to_string(), event["reference"].as_str().unwrap().to_string())
}

fn charge(extra: Value) -> Value {
    let mut action = json!({"action": "charge", "offences": ["Burglary"], "remanded": true,
        "court": "Camberwell Green Magistrates' Court",
        "court_date": (Utc::now() + Duration::days(1)).date_naive()});
    for (k, v) in extra.as_object().unwrap() {
        action[k] = v.clone();
    }
    action
}

async fn act(s: &TestServer, token: &str, id: &str, version: i64, action: Value) -> (u16, Value) {
    s.post(token, &format!("/custody/{id}/actions"), &json!({"version": version, "action": action})).await
}

async fn cases(s: &TestServer, token: &str) -> Vec<Value> {
    let (status, page) = s.get(token, &format!("/cases?{WHY}")).await;
    assert_eq!(status, 200, "{page}");
    page["items"].as_array().unwrap().clone()
}

async fn a_charge_opens_the_case_and_links_record_case_and_crime(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    s.add_brixton_suite().await;
    let sergeant = s.login_as("ps.patel", &[Role::CustodySergeant]).await;
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    let first = s.person(&dc, "Jason", "Mbeki", "1999-02-11").await;
    let second = s.person(&dc, "Liam", "Foley", "2000-05-30").await;
    let (crime_id, crime_number) = crime(&s, &dc, &[&first, &second]).await;
    let (id, v) = book(&s, &sergeant, &first, "C1").await;

    // Refused, with the field named, and nothing written.
    let (status, body) = act(&s, &sergeant, &id, v, charge(json!({"offences": []}))).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("action.offences")), "{body}");
    let (status, body) = act(&s, &sergeant, &id, v, charge(json!({"court_date": null}))).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("action.court_date")), "{body}");
    let (status, body) = act(&s, &sergeant, &id, v, charge(json!({"crime": "CR/26/9999999"}))).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("action.crime")), "{body}");
    let (status, body) = act(&s, &sergeant, &id, v, charge(json!({"urn": "01YE12"}))).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("action.urn")), "{body}");
    let (status, body) = act(&s, &sergeant, &id, v - 1, charge(json!({}))).await;
    assert_eq!(status, 409, "{body}");
    assert!(cases(&s, &dc).await.is_empty());
    let (_, record) = s.get(&sergeant, &format!("/custody/{id}?{WHY}")).await;
    assert_eq!((record["version"].as_i64(), record["status"].as_str()), (Some(v), Some("open")), "{record}");

    // Charged on the crime report, by its number: a new case under a new URN.
    let (status, record) = act(&s, &sergeant, &id, v, charge(json!({"crime": crime_number}))).await;
    assert_eq!(status, 200, "{record}");
    assert_eq!(record["details"]["outcome"], "charged_remanded");
    assert_eq!(record["details"]["crime"]["id"], crime_id.as_str());
    let case_id = record["details"]["case"]["id"].as_str().unwrap().to_string();
    let urn = record["details"]["case"]["reference"].as_str().unwrap().to_string();
    assert!(urn.starts_with("01CU") && urn.len() == 11, "{urn}");

    let (status, case) = s.get(&dc, &format!("/cases/{case_id}?{WHY}")).await;
    assert_eq!(status, 200, "{case}");
    assert_eq!(case["reference"], urn.as_str());
    assert_eq!(case["status"], "first_hearing_listed");
    assert_eq!(case["people"], json!([{"person_id": first, "role": "defendant"}]));
    let d = &case["details"];
    assert_eq!(d["charges"][0]["offence"], "Burglary");
    assert_eq!(d["charging_decision"], "police_charge");
    assert_eq!(d["officer_in_case"], "PC 123 Okafor");
    assert_eq!(d["stage"], "remand");
    assert_eq!(d["hearings"][0]["court"], "Camberwell Green Magistrates' Court");
    assert_eq!(d["hearings"][0]["remanded_in_custody"], true);
    assert_eq!(d["custody_records"][0]["id"], id.as_str());
    assert_eq!(d["crimes"][0]["id"], crime_id.as_str());
    let (_, report) = s.get(&dc, &format!("/crimes/{crime_id}?{WHY}")).await;
    assert_eq!(report["details"]["cases"], json!([{"kind": "case", "id": case_id, "reference": urn}]));

    // The co-accused, charged on the same crime report, joins the same case.
    let (id2, v2) = book(&s, &sergeant, &second, "C2").await;
    let (status, record2) = act(
        &s,
        &sergeant,
        &id2,
        v2,
        charge(json!({"crime": crime_id, "remanded": false, "officer_in_case": "DC Shah"})),
    )
    .await;
    assert_eq!(status, 200, "{record2}");
    assert_eq!(record2["details"]["outcome"], "charged_bailed");
    assert_eq!(record2["details"]["case"]["id"], case_id.as_str());
    let (_, case) = s.get(&dc, &format!("/cases/{case_id}?{WHY}")).await;
    assert_eq!(case["people"].as_array().unwrap().len(), 2, "{case}");
    assert_eq!(case["details"]["custody_records"].as_array().unwrap().len(), 2, "{case}");
    assert_eq!(case["details"]["hearings"].as_array().unwrap().len(), 1, "the same listing: {case}");
    assert_eq!(cases(&s, &dc).await.len(), 1);
    let (_, report) = s.get(&dc, &format!("/crimes/{crime_id}?{WHY}")).await;
    assert_eq!(report["details"]["cases"].as_array().unwrap().len(), 1);

    // The case's opening is on record, by the sergeant who charged.
    let admin = s.login_as("admin", &[Role::Admin]).await;
    let (_, audit) = s.get(&admin, &format!("/audit?record={case_id}")).await;
    let text = audit.to_string();
    assert!(text.contains(&format!("case {urn} created")) && text.contains("ps.patel"), "{text}");
    assert!(text.contains("custody: charge"), "{text}");
}

async fn a_charge_under_a_urn_joins_that_case_or_is_refused_when_it_is_closed(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    s.add_brixton_suite().await;
    let sergeant = s.login_as("ps.patel", &[Role::CustodySergeant]).await;
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    let person = s.person(&dc, "Leah", "Grant", "2001-09-23").await;
    let file = json!({"reference": "01YE0077726", "occurred_at": (Utc::now() - Duration::days(9)).to_rfc3339(),
        "summary": "Burglary, Acre Lane", "people": [],
        "details": {"kind": "case", "charges": [], "stage": "pre_charge", "status": "awaiting_cps",
                    "officer_in_case": "DC Shah"}});
    let (status, case) = s.post(&dc, "/cases", &file).await;
    assert_eq!(status, 201, "{case}");
    let case_id = case["id"].as_str().unwrap().to_string();
    let (id, v) = book(&s, &sergeant, &person, "C1").await;
    let (status, record) =
        act(&s, &sergeant, &id, v, charge(json!({"urn": "01ye 00777 26", "decision": "cps_full_code_test"}))).await;
    assert_eq!(status, 200, "{record}");
    assert_eq!(record["details"]["case"]["id"], case_id.as_str());
    let (_, case) = s.get(&dc, &format!("/cases/{case_id}?{WHY}")).await;
    assert_eq!(case["status"], "first_hearing_listed");
    assert_eq!(case["details"]["charging_decision"], "cps_full_code_test");
    assert_eq!(case["people"], json!([{"person_id": person, "role": "defendant"}]));

    // A finalised case is not charged on again.
    let (status, _) =
        s.post(&dc, &format!("/cases/{case_id}/actions"), &json!({"version": 2, "action": {"type": "finalise"}})).await;
    assert_eq!(status, 422, "a listed case is not finalised without a result");
    let other = s.person(&dc, "Owen", "Pike", "1990-01-01").await;
    let (id2, v2) = book(&s, &sergeant, &other, "C2").await;
    let (status, _) = act(&s, &sergeant, &id2, v2, charge(json!({"urn": "01YE0077726"}))).await;
    assert_eq!(status, 200);
    let closed = s.state.store.event(EventKind::Case, &case_id).await.unwrap();
    let mut input = closed.as_input();
    if let EventDetails::Case(d) = &mut input.details {
        d.status = bluelamp::domain::event::CaseStatus::Finalised;
    }
    let actor = Actor::new("dc.shah", "finalised for the test");
    s.state.store.update_event(&actor, EventKind::Case, &case_id, closed.version, input).await.unwrap();
    let third = s.person(&dc, "Ravi", "Nair", "1985-03-03").await;
    let (id3, v3) = book(&s, &sergeant, &third, "C3").await;
    let (status, body) = act(&s, &sergeant, &id3, v3, charge(json!({"urn": "01YE0077726"}))).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("action.urn")), "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("finalised"), "{body}");
    let (_, record) = s.get(&sergeant, &format!("/custody/{id3}?{WHY}")).await;
    assert_eq!(record["status"], "open", "{record}");
}

/// A refused case write leaves no charged outcome: the custody record and
/// the case are one transaction.
async fn a_refused_case_write_leaves_no_charged_outcome(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    s.add_brixton_suite().await;
    let sergeant = s.login_as("ps.patel", &[Role::CustodySergeant]).await;
    let dc = s.login_as("dc.shah", &[Role::Investigator]).await;
    let person = s.person(&dc, "Kelly", "Osei", "1995-07-02").await;
    let (crime_id, _) = crime(&s, &dc, &[&person]).await;
    let (id, v) = book(&s, &sergeant, &person, "C1").await;
    let store = &s.state.store;
    let current = store.event(EventKind::Custody, &id).await.unwrap();
    let mut custody = current.as_input();
    if let EventDetails::Custody(d) = &mut custody.details {
        d.status = OpenClosed::Closed;
        d.outcome = Some(CustodyOutcome::ChargedRemanded);
    }
    let case = |urn: &str| EventInput {
        objects: Vec::new(),
        reference: Some(urn.into()),
        occurred_at: current.occurred_at,
        borough: None,
        summary: "Burglary".into(),
        people: vec![],
        details: EventDetails::Case(
            serde_json::from_value(json!({"charges": [], "stage": "remand",
            "status": "first_hearing_listed", "officer_in_case": "DC Shah"}))
            .unwrap(),
        ),
    };
    let mut filed = serde_json::to_value(case("01YE0000126")).unwrap();
    filed["details"]["status"] = json!("awaiting_cps");
    filed["details"]["stage"] = json!("pre_charge");
    let (status, existing) = s.post(&dc, "/cases", &filed).await;
    assert_eq!(status, 201, "{existing}");
    let actor = Actor::new("ps.patel", "custody: charge");

    // The case changed since it was read: the charge is refused with it.
    let write = ChargeWrite {
        custody_id: id.clone(),
        custody_expected: v,
        custody: custody.clone(),
        case: CaseWrite::Join { id: existing["id"].as_str().unwrap().into(), expected: 7, input: case("01YE0000126") },
        crime_id: Some(crime_id.clone()),
    };
    let err = store.charge_with_case(&actor, write).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err}");

    // A new case under a URN already taken: refused by the database itself.
    let write = ChargeWrite {
        custody_id: id.clone(),
        custody_expected: v,
        custody,
        case: CaseWrite::Open { input: case("01YE0000126"), urn_prefix: "01CU".into() },
        crime_id: Some(crime_id.clone()),
    };
    assert!(store.charge_with_case(&actor, write).await.is_err());

    let after = store.event(EventKind::Custody, &id).await.unwrap();
    assert_eq!(after.version, v);
    let EventDetails::Custody(d) = &after.details else { panic!("not custody") };
    assert_eq!((d.status, d.outcome, d.case.as_ref()), (OpenClosed::Open, None, None));
    let report = store.event(EventKind::Crime, &crime_id).await.unwrap();
    assert_eq!(report.version, 1, "the crime report is not linked");
    assert_eq!(cases(&s, &dc).await.len(), 1);
}

both_backends!(
    a_charge_opens_the_case_and_links_record_case_and_crime,
    a_charge_under_a_urn_joins_that_case_or_is_refused_when_it_is_closed,
    a_refused_case_write_leaves_no_charged_outcome,
);
