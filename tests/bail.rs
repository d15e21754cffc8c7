//! Bail as a record: granted by the custody outcome in the same write, with
//! its conditions, return date and place and authority; extended on the
//! authority its length calls for; answered; shown as ON BAIL with its
//! conditions on the person while it runs; and the bail diary's lists.

use crate::common;

use chrono::{DateTime, Duration, Months, TimeZone, Utc};
use chrono_tz::Europe::London;
use common::{Backend, TestServer};
use serde_json::{json, Value};

use bluelamp::domain::role::Role;

pub(crate) const WHY: &str = "reason=bail%20check";

pub(crate) async fn book(s: &TestServer, token: &str, person: &str, cell: &str) -> (String, i64) {
    book_since(s, token, person, cell, 4).await
}

/// Booked in `hours` ago, arrested, arrived and detention authorised then.
pub(crate) async fn book_since(s: &TestServer, token: &str, person: &str, cell: &str, hours: i64) -> (String, i64) {
    let at = |h: i64| (Utc::now() - Duration::hours(h)).to_rfc3339();
    let body = json!({
        "person_id": person, "suite_id": "suite-brixton", "cell": cell,
        "arrested_at": at(hours), "relevant_time": at(hours), "detention_authorised_at": at(hours),
        "arrest_reason": "Named by the victim", "offences": ["Assault occasioning actual bodily harm"],
        "arresting_officer": "PC 123 Okafor"
    });
    let (status, event) = s.post(token, "/custody/book-in", &body).await;
    assert_eq!(status, 201, "{event}");
    (event["id"].as_str().unwrap().to_string(), event["version"].as_i64().unwrap())
}

pub(crate) async fn act(
    s: &TestServer,
    token: &str,
    path: &str,
    id: &str,
    version: i64,
    action: Value,
) -> (u16, Value) {
    s.post(token, &format!("/custody/{id}/{path}"), &json!({"version": version, "action": action})).await
}

pub(crate) fn release(extra: Value) -> Value {
    let mut action = json!({"action": "release", "outcome": "pre_charge_bail", "reason": "Phone download awaited"});
    for (k, v) in extra.as_object().unwrap() {
        action[k] = v.clone();
    }
    action
}

pub(crate) async fn flags(s: &TestServer, token: &str, person: &str) -> Value {
    let (status, profile) = s.get(token, &format!("/persons/{person}?{WHY}")).await;
    assert_eq!(status, 200, "{profile}");
    profile
}

/// Later today in London, whatever the time now.
fn later_today() -> DateTime<Utc> {
    let now = Utc::now();
    let midnight = now.with_timezone(&London).date_naive().succ_opt().unwrap().and_hms_opt(0, 0, 0).unwrap();
    let end = London.from_local_datetime(&midnight).earliest().unwrap().with_timezone(&Utc);
    now + (end - now) / 2
}

async fn bail_is_granted_with_the_outcome_extended_on_authority_and_answered(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    s.add_brixton_suite().await;
    let sergeant = s.login_as("ps.patel", &[Role::CustodySergeant]).await;
    let inspector = s.login_as("insp.rowe", &[Role::Inspector]).await;
    let person = s.person(&sergeant, "Shane", "Colquhoun", "1989-10-02").await;
    let (id, v) = book(&s, &sergeant, &person, "C1").await;
    let back = (Utc::now() + Duration::days(14)).to_rfc3339();

    // Refused, naming the field, and the record stays open without bail.
    let (status, body) = act(&s, &sergeant, "actions", &id, v, release(json!({}))).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("action.bail.return_at")), "{body}");
    let curfew =
        json!({"return_at": back, "conditions": [{"type": "curfew", "from": "21:00:00", "until": "21:00:00"}]});
    let (status, body) = act(&s, &sergeant, "actions", &id, v, release(json!({"bail": curfew}))).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("action.bail.conditions[0].until")), "{body}");
    let (_, record) = s.get(&sergeant, &format!("/custody/{id}?{WHY}")).await;
    assert_eq!((record["version"].as_i64(), record["status"].as_str()), (Some(v), Some("open")), "{record}");
    assert!(record["details"].get("bail").is_none(), "{record}");

    // Granted with the release: conditions, return, authority, three months.
    let terms = json!({"return_at": back, "conditions": [
        {"type": "residence", "address": "14 Acre Lane, SW2"},
        {"type": "no_contact", "person": "Dana Reid"},
        {"type": "reporting", "station": "Brixton", "days": "Mon and Thu"}]});
    let (status, record) = act(&s, &sergeant, "actions", &id, v, release(json!({"bail": terms}))).await;
    assert_eq!(status, 200, "{record}");
    let bail = &record["details"]["bail"];
    assert_eq!((bail["kind"].as_str(), bail["status"].as_str()), (Some("pre_charge"), Some("running")), "{bail}");
    assert_eq!(bail["return_place"], "suite-brixton");
    assert_eq!(bail["authority"], json!({"by": "ps.patel", "role": "custody_sergeant"}));
    let three = Utc::now().date_naive().checked_add_months(Months::new(3)).unwrap().to_string();
    assert_eq!(bail["limit_on"], three.as_str());
    assert_eq!(bail["conditions"].as_array().unwrap().len(), 3);
    let v = record["version"].as_i64().unwrap();

    // ON BAIL and its conditions on the person while it runs.
    s.settle().await;
    let profile = flags(&s, &sergeant, &person).await;
    assert_eq!(profile["flags"]["on_bail"], true, "{}", profile["flags"]);
    let conditions = profile["bail_conditions"].to_string();
    assert!(
        conditions.contains("no contact with Dana Reid") && conditions.contains("reside at 14 Acre Lane"),
        "{conditions}"
    );

    // Extended: the authority named, and held by the one who extends.
    let five = Utc::now().date_naive().checked_add_months(Months::new(5)).unwrap();
    let extend = |authority: Option<&str>| {
        let mut a = json!({"type": "extend", "until": five, "grounds": "Phone download pending"});
        if let Some(who) = authority {
            a["authority"] = who.into();
        }
        a
    };
    let (status, body) = act(&s, &inspector, "bail/actions", &id, v, extend(None)).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("action.authority")), "{body}");
    let (status, body) = act(&s, &sergeant, "bail/actions", &id, v, extend(Some("inspector"))).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("action.authority")), "{body}");
    let (status, record) = act(&s, &inspector, "bail/actions", &id, v, extend(Some("inspector"))).await;
    assert_eq!(status, 200, "{record}");
    assert_eq!(record["details"]["bail"]["limit_on"], five.to_string().as_str());
    assert_eq!(record["details"]["bail"]["extensions"][0]["by"], "insp.rowe");
    let (status, body) = act(&s, &inspector, "bail/actions", &id, v, extend(Some("inspector"))).await;
    assert_eq!(status, 409, "stale: {body}");
    let v = record["version"].as_i64().unwrap();

    // Answered: it no longer runs, and the flag goes.
    let (status, record) =
        act(&s, &sergeant, "bail/actions", &id, v, json!({"type": "answer", "note": "Answered; re-interviewed"})).await;
    assert_eq!(status, 200, "{record}");
    assert_eq!(record["details"]["bail"]["status"], "answered");
    s.settle().await;
    let profile = flags(&s, &sergeant, &person).await;
    assert_eq!(profile["flags"]["on_bail"], false, "{}", profile["flags"]);
    assert!(profile["bail_conditions"].as_array().unwrap().is_empty());

    // A charge that bails to court grants bail to court in the same write as the case.
    let other = s.person(&sergeant, "Lena", "Marsh", "1992-04-12").await;
    let (id2, v2) = book(&s, &sergeant, &other, "C2").await;
    let day = (Utc::now() + Duration::days(3)).date_naive();
    let charge = json!({"action": "charge", "offences": ["Assault occasioning actual bodily harm"], "remanded": false,
        "court": "Camberwell Green Magistrates' Court", "court_date": day,
        "bail": {"conditions": [{"type": "no_contact", "person": "Dana Reid"}]}});
    let (status, record) = act(&s, &sergeant, "actions", &id2, v2, charge).await;
    assert_eq!(status, 200, "{record}");
    let bail = &record["details"]["bail"];
    assert_eq!(
        (bail["kind"].as_str(), bail["return_place"].as_str()),
        (Some("to_court"), Some("Camberwell Green Magistrates' Court"))
    );
    assert!(record["details"]["case"]["id"].is_string(), "{record}");
}

async fn the_bail_diary_lists_today_overdue_and_ending(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    s.add_brixton_suite().await;
    let sergeant = s.login_as("ps.patel", &[Role::CustodySergeant]).await;
    let mut ids = Vec::new();
    let today = Utc::now().date_naive();
    let cases = [
        ("Today", json!({"bail": {"return_at": later_today()}})),
        (
            "Overdue",
            json!({"at": Utc::now() - Duration::hours(3), "bail": {"return_at": Utc::now() - Duration::hours(1)}}),
        ),
        (
            "Ending",
            json!({"bail_until": today + Duration::days(3), "bail": {"return_at": Utc::now() + Duration::days(2)}}),
        ),
    ];
    for (i, (surname, extra)) in cases.into_iter().enumerate() {
        let person = s.person(&sergeant, "Alex", surname, "1990-01-01").await;
        let (id, v) = book(&s, &sergeant, &person, &format!("C{}", i + 1)).await;
        let (status, record) = act(&s, &sergeant, "actions", &id, v, release(extra)).await;
        assert_eq!(status, 200, "{surname}: {record}");
        ids.push((id, record["version"].as_i64().unwrap()));
    }
    let listed = |diary: &Value, list: &str| -> Vec<String> {
        diary[list].as_array().unwrap().iter().map(|r| r["custody_id"].as_str().unwrap().to_string()).collect()
    };
    for query in ["", "&station=brixton"] {
        let (status, diary) = s.get(&sergeant, &format!("/custody/bail-diary?{WHY}{query}")).await;
        assert_eq!(status, 200, "{diary}");
        assert_eq!(listed(&diary, "today"), [ids[0].0.clone()], "{diary}");
        assert_eq!(listed(&diary, "overdue"), [ids[1].0.clone()], "{diary}");
        assert_eq!(listed(&diary, "ending"), [ids[2].0.clone()], "{diary}");
        assert_eq!(diary["today"][0]["person_name"], "Alex Today", "{diary}");
        assert_eq!(diary["today"][0]["place"], "Brixton Custody Suite", "{diary}");
        assert_eq!(diary["today"][0]["flags"]["on_bail"], true, "{diary}");
    }
    let (status, body) = s.get(&sergeant, &format!("/custody/bail-diary?{WHY}&station=Nowhere")).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("station")), "{body}");
    let (status, body) = s.get(&sergeant, &format!("/custody/bail-diary?{WHY}&days=400")).await;
    assert_eq!((status, body["error"]["field"].as_str()), (422, Some("days")), "{body}");

    // Answered, the overdue one leaves the diary.
    let (id, v) = &ids[1];
    let (status, body) = act(&s, &sergeant, "bail/actions", id, *v, json!({"type": "answer", "note": "Late"})).await;
    assert_eq!(status, 200, "{body}");
    let (_, diary) = s.get(&sergeant, &format!("/custody/bail-diary?{WHY}")).await;
    assert!(listed(&diary, "overdue").is_empty(), "{diary}");
    assert_eq!(listed(&diary, "today").len() + listed(&diary, "ending").len(), 2);

    // Bail to court granted at Brixton is in Brixton's diary (today or,
    // after 10:00, overdue until the hearing), not another station's.
    let person = s.person(&sergeant, "Alex", "Bailed", "1990-01-01").await;
    let (charged, v) = book(&s, &sergeant, &person, "C4").await;
    let charge = json!({"action": "charge", "offences": ["Burglary"], "remanded": false,
        "court": "Camberwell Green Magistrates' Court", "court_date": today});
    let (status, body) = act(&s, &sergeant, "actions", &charged, v, charge).await;
    assert_eq!(status, 200, "{body}");
    s.add_suite("suite-walworth", "Walworth Custody Suite", None).await;
    let (_, diary) = s.get(&sergeant, &format!("/custody/bail-diary?{WHY}&station=brixton")).await;
    let due: Vec<String> = [listed(&diary, "today"), listed(&diary, "overdue")].concat();
    assert!(due.contains(&charged), "{diary}");
    let (_, diary) = s.get(&sergeant, &format!("/custody/bail-diary?{WHY}&station=walworth")).await;
    assert!(!diary.to_string().contains(&charged), "{diary}");

    // The diary's reading is on record, naming each person shown.
    let admin = s.login_as("admin", &[Role::Admin]).await;
    let (_, audit) = s.get(&admin, &format!("/audit?record={}", ids[0].0)).await;
    assert!(audit.to_string().contains("bail diary"), "{audit}");
}

both_backends!(
    bail_is_granted_with_the_outcome_extended_on_authority_and_answered,
    the_bail_diary_lists_today_overdue_and_ending,
);
