//! The role-by-route matrix: every route of the OpenAPI document, asked by
//! every role, answers as the need-to-know rule says (`server::access`,
//! reading the domain's role table), and no answer carries anything of a
//! record its caller may not read. A route added to the API without an
//! entry here fails the test.
//!
//! The data: one person on a record of every kind, the intelligence and
//! safeguarding records marked with words found nowhere else (in the
//! summary, the text, the reference), rows of a legacy intelligence system
//! (their references marked too) beside a custody system's, and a possible
//! match from the intelligence rows in the review queue. Each role's every
//! answer is searched for the marks of every kind it may not read.

use crate::common;

use std::time::Duration;

use bluelamp::domain::event::EventKind;
use bluelamp::domain::role::{Role, Roles};
use bluelamp::server::access::{sight, Sight};
use common::{person_json, Backend, TestServer};
use reqwest::Method;
use serde_json::{json, Value};

both_backends!(every_route_answers_every_role_as_the_rule_says);

/// Found only in the intelligence records and rows.
const INTEL: &str = "ZQXINTEL";
/// Found only in the unsanitised intelligence text.
const SOURCE: &str = "ZQXSOURCE";
/// Found only in the safeguarding record.
const SAFE: &str = "ZQXSAFE";
const REASON: &str = "reason=access%20matrix%20check";

/// What a route asks of its caller, in the terms of the rule.
#[derive(Debug, Clone, Copy)]
enum Needs {
    /// No login at all (health, the login itself).
    Nothing,
    /// Any logged-in user.
    Login,
    /// Any logged-in user, on a session made for this one request (a
    /// logout ends it, and the role's own token must outlive the walk).
    OwnSession,
    ReadPeople,
    WritePeople,
    Admin,
    Read(EventKind),
    Write(EventKind),
    /// Custody officers and sergeants (booking in; custody actions other
    /// than reviews and extensions).
    CustodyStaff,
    /// Changing people through a row of a legacy system of this kind: a
    /// row the caller may not see is not there.
    WriteRowOf(EventKind),
    /// Linking a record of this kind to a vehicle or phone: a record the
    /// caller may not read is not there; one they read but may not change
    /// is forbidden.
    LinkRecordOf(EventKind),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Allowed,
    Forbidden,
    NotThere,
}

/// What the rule says `roles` get from a route that needs `needs`.
fn expect(needs: Needs, roles: &Roles) -> Expect {
    let allowed = |yes: bool| if yes { Expect::Allowed } else { Expect::Forbidden };
    match needs {
        Needs::Nothing | Needs::Login | Needs::OwnSession => Expect::Allowed,
        Needs::ReadPeople => allowed(roles.may_read_people()),
        Needs::WritePeople => allowed(roles.may_write_people()),
        Needs::Admin => allowed(roles.is_admin()),
        Needs::Read(kind) => allowed(sight(roles, kind) == Sight::Read),
        Needs::Write(kind) => allowed(roles.may_write(kind)),
        Needs::CustodyStaff => allowed(roles.has(Role::CustodyOfficer) || roles.has(Role::CustodySergeant)),
        Needs::WriteRowOf(_) if !roles.may_write_people() => Expect::Forbidden,
        Needs::WriteRowOf(kind) if sight(roles, kind) == Sight::Read => Expect::Allowed,
        Needs::WriteRowOf(_) => Expect::NotThere,
        Needs::LinkRecordOf(kind) if sight(roles, kind) != Sight::Read => Expect::NotThere,
        Needs::LinkRecordOf(kind) => allowed(roles.may_write(kind)),
    }
}

/// What the matrix made, by id.
struct Fixture {
    person: String,
    /// The person the intelligence system's own row became.
    intel_person: String,
    /// Each kind's record: (collection, id).
    records: Vec<(EventKind, String)>,
    custody: String,
    incident: String,
    warrant: String,
    case: String,
    crime: String,
    intel_reference: String,
    safe_reference: String,
    /// A place the person lives at, linked to every kind's record.
    place: String,
    /// A vehicle the intelligence record names: its profile may show the
    /// record only to those who read intelligence.
    vehicle: String,
}

impl Fixture {
    fn record(&self, kind: EventKind) -> &str {
        self.records.iter().find(|(k, _)| *k == kind).map(|(_, id)| id.as_str()).unwrap_or("none")
    }
}

/// One concrete request of a route.
struct Request {
    method: Method,
    path: String,
    body: Option<Value>,
    needs: Needs,
}

fn request(method: Method, path: impl Into<String>, body: Option<Value>, needs: Needs) -> Request {
    Request { method, path: path.into(), body, needs }
}

/// A valid new record of each kind, naming `person`.
fn new_record(kind: EventKind, person: &str) -> Value {
    let at = "2026-10-01T12:00:00Z";
    let (reference, summary, role, details) = match kind {
        EventKind::Crime => {
            (None, "Theft of a bicycle", "suspect", json!({"kind": "crime", "offence": "Theft", "status": "open"}))
        }
        EventKind::Intelligence => (
            Some("IR/2026/ZQXINTEL1"),
            "ZQXINTEL report",
            "subject",
            json!({"kind": "intelligence",
                   "grading": {"scheme": "3x5x2", "source": 2, "intelligence": "B", "handling": "P"},
                   "priority": "medium", "sanitised_text": "ZQXINTEL sanitised text",
                   "unsanitised_text": "ZQXSOURCE unsanitised text", "status": "submitted"}),
        ),
        EventKind::Safeguarding => (
            Some("SG/2026/ZQXSAFE1"),
            "ZQXSAFE concern",
            "subject",
            json!({"kind": "safeguarding", "category": "child_welfare", "risk": "low",
                   "officer_in_charge": "DS ZQXSAFE", "status": "draft"}),
        ),
        EventKind::Asb => {
            (None, "Noise at night", "suspect", json!({"kind": "asb", "category": "nuisance", "status": "open"}))
        }
        EventKind::Case => (
            Some("01YE1234524"),
            "Street robbery",
            "defendant",
            json!({"kind": "case", "charges": [], "stage": "pre_charge", "status": "under_investigation",
                   "officer_in_case": "DC Shah"}),
        ),
        EventKind::Warrant => (
            None,
            "Bench warrant: burglary",
            "wanted_person",
            json!({"kind": "warrant", "warrant_kind": "bench", "status": "received",
                   "issuing_court": "Highbury Corner Magistrates' Court", "issued_on": "2026-09-30",
                   "offence": "Burglary"}),
        ),
        // Refused after the role is asked: incidents are opened by their own route.
        EventKind::Incident => (
            None,
            "Burglary in progress",
            "reporting_person",
            json!({"kind": "incident", "status": "open", "category": "crime", "subtype": "burglary",
                   "caller": {"name": "Maya Okafor"}, "location": {"description": "Acre Lane", "borough": "Lambeth"},
                   "grading": [{"at": at, "by": "op", "grade": "I"}]}),
        ),
        // Refused after the role is asked: custody records are opened by booking in.
        EventKind::Custody => (
            None,
            "Theft from a shop",
            "detainee",
            json!({"kind": "custody", "suite_id": "suite-brixton", "cell": "C6",
                   "arrested_at": at, "relevant_time": at, "detention_authorised_at": at,
                   "arrest_reason": "Seen leaving the shop", "offences": ["Theft from a shop"],
                   "arresting_officer": "PC 123 Okafor", "observation_level": 1, "status": "open"}),
        ),
    };
    let mut body = json!({"occurred_at": at, "borough": "Lambeth", "summary": summary,
                          "people": [{"person_id": person, "role": role}], "details": details});
    if let Some(r) = reference {
        body["reference"] = json!(r);
    }
    body
}

/// A call naming `person` as its caller.
fn new_incident(person: &str) -> Value {
    json!({"caller": {"name": "Darren Cole"}, "caller_person_id": person,
           "location": {"description": "Acre Lane", "borough": "Lambeth"},
           "category": "crime", "subtype": "burglary", "grade": "I", "summary": "Burglary in progress"})
}

/// Who of the fixture's users writes each kind.
fn writer(kind: EventKind) -> Role {
    match kind {
        EventKind::Intelligence => Role::IntelligenceAnalyst,
        EventKind::Safeguarding => Role::Safeguarding,
        EventKind::Case => Role::Investigator,
        EventKind::Custody => Role::CustodyOfficer,
        _ => Role::ControlRoom,
    }
}

async fn fixture(s: &TestServer, tokens: &[(Role, String)]) -> Fixture {
    let token = |role: Role| tokens.iter().find(|(r, _)| *r == role).map(|(_, t)| t.clone()).unwrap();
    s.add_brixton_suite().await;
    let person = s.person(&token(Role::ControlRoom), "Darren", "Cole", "1990-04-01").await;
    let mut records = Vec::new();
    for kind in EventKind::ALL.into_iter().filter(|k| !matches!(k, EventKind::Custody | EventKind::Incident)) {
        let (status, body) =
            s.post(&token(writer(kind)), &format!("/{}", kind.collection()), &new_record(kind, &person)).await;
        assert_eq!(status, 201, "{kind}: {body}");
        records.push((kind, body["id"].as_str().unwrap().to_string()));
    }
    let booking = json!({
        "person_id": person, "suite_id": "suite-brixton", "cell": "C4",
        "arrested_at": "2026-10-02T09:00:00Z", "relevant_time": "2026-10-02T09:30:00Z",
        "detention_authorised_at": "2026-10-02T09:40:00Z", "arrest_reason": "Seen leaving the shop",
        "offences": ["Theft from a shop"], "arresting_officer": "PC 123 Okafor"
    });
    let (status, custody) = s.post(&token(Role::CustodyOfficer), "/custody/book-in", &booking).await;
    assert_eq!(status, 201, "{custody}");
    let custody = custody["id"].as_str().unwrap().to_string();
    records.push((EventKind::Custody, custody.clone()));
    let (status, incident) = s.post(&token(Role::ControlRoom), "/incidents/open", &new_incident(&person)).await;
    assert_eq!(status, 201, "{incident}");
    let incident = incident["id"].as_str().unwrap().to_string();
    records.push((EventKind::Incident, incident.clone()));

    // A custody system's row, and an intelligence system's two: one a
    // person of its own, one a possible match for the custody row's.
    s.import_legacy(
        "custody",
        "custody.toml",
        "CUSTODY_NO,SURNAME,FORENAME_1,FORENAME_2,DATE_OF_BIRTH,SEX,ADDR_LINE_1,ADDR_LINE_2,ADDR_LINE_3,POSTCODE,\
         PNC_ID,CRO_NO,WARNING_MARKERS\nC1,Okonkwo,Chidi,,02/01/1980,M,1 High St,,,E1 6AN,,,\n",
    )
    .await
    .unwrap();
    s.import_legacy(
        "intelligence",
        "intelligence.toml",
        "subject_id,forename,surname,date_of_birth,gender,address,post_code,cro_no,warnings,phone\n\
         ZQXINTEL-R1,Imogen,Tarrant,1975-05-05,Female,9 Mill Lane,SE1 7PB,,,\n\
         ZQXINTEL-R2,Chidi,Okonkwo,,Male,4 Park Rd,N1 9GU,,,\n",
    )
    .await
    .unwrap();
    let place = place_with_links(s, &token, &person, &records).await;
    let (_, review) = s.get(&token(Role::Investigator), "/review").await;
    assert!(review.to_string().contains("ZQXINTEL-R2"), "the intelligence row waits for review: {review}");
    s.settle().await;
    let intel_person = s.state.store.import_row("intelligence", "ZQXINTEL-R1").await.unwrap().person_id;
    let (status, vehicle) =
        s.post(&token(Role::ControlRoom), "/objects", &json!({"kind": "vehicle", "vrm": "LB07 SEO"})).await;
    assert_eq!(status, 201, "{vehicle}");
    let vehicle = vehicle["id"].as_str().unwrap().to_string();
    let intel = records.iter().find(|(k, _)| *k == EventKind::Intelligence).map(|(_, id)| id.clone()).unwrap();
    let link = json!({"event_id": intel, "role": "vehicle_seen"});
    let (status, body) = s.post(&token(Role::IntelligenceAnalyst), &format!("/objects/{vehicle}/events"), &link).await;
    assert_eq!(status, 201, "{body}");
    Fixture {
        vehicle,
        intel_person,
        warrant: records.iter().find(|(k, _)| *k == EventKind::Warrant).map(|(_, id)| id.clone()).unwrap(),
        case: records.iter().find(|(k, _)| *k == EventKind::Case).map(|(_, id)| id.clone()).unwrap(),
        crime: records.iter().find(|(k, _)| *k == EventKind::Crime).map(|(_, id)| id.clone()).unwrap(),
        person,
        records,
        custody,
        incident,
        intel_reference: "IR/2026/ZQXINTEL1".into(),
        safe_reference: "SG/2026/ZQXSAFE1".into(),
        place,
    }
}

/// A place the person lives at, with every kind's record linked to it by a
/// role that writes that kind: its profile must show each role only what
/// it may read.
async fn place_with_links(
    s: &TestServer,
    token: &dyn Fn(Role) -> String,
    person: &str,
    records: &[(EventKind, String)],
) -> String {
    let address = json!({"address": {"lines": ["3 Brixton Water Lane"], "postcode": "SW2 1PE"}});
    let (status, place) = s.post(&token(Role::ControlRoom), "/places", &address).await;
    assert_eq!(status, 201, "{place}");
    let place = place["id"].as_str().unwrap().to_string();
    let link = json!({"person_id": person, "role": "lives_at"});
    let (status, body) = s.post(&token(Role::ControlRoom), &format!("/places/{place}/links"), &link).await;
    assert_eq!(status, 201, "{body}");
    for (kind, id) in records {
        let link = json!({"event": {"kind": kind, "id": id}, "role": "event_address"});
        let (status, body) = s.post(&token(writer(*kind)), &format!("/places/{place}/links"), &link).await;
        assert_eq!(status, 201, "{kind}: {body}");
    }
    place
}

/// The requests that exercise one route of the document, or None when the
/// matrix has no entry for it.
fn requests_for(method: &str, template: &str, fx: &Fixture) -> Option<Vec<Request>> {
    use Needs::*;
    let p = &fx.person;
    let get = |path: String, needs: Needs| request(Method::GET, path, None, needs);
    let post = |path: String, body: Value, needs: Needs| request(Method::POST, path, Some(body), needs);
    let put = |path: String, body: Value, needs: Needs| request(Method::PUT, path, Some(body), needs);
    let reason = json!({"reason": "access matrix check"});
    let per_kind = |f: &dyn Fn(EventKind) -> Request| EventKind::ALL.into_iter().map(f).collect::<Vec<_>>();
    let search = |q: &str| get(format!("/search/subjects?q={}&{REASON}", q.replace('/', "%2F")), ReadPeople);
    Some(match (method, template) {
        ("get", "/api/v1/health") => vec![get("/health".into(), Nothing)],
        ("get", "/api/v1/openapi.json") => vec![get("/openapi.json".into(), Nothing)],
        ("post", "/api/v1/auth/login") => vec![post(
            "/auth/login".into(),
            json!({"username": "matrix.nobody", "password": "not the password at all"}),
            Nothing,
        )],
        ("get", "/api/v1/auth/me") => vec![get("/auth/me".into(), Login)],
        ("post", "/api/v1/auth/logout") => vec![post("/auth/logout".into(), json!({}), OwnSession)],
        ("post", "/api/v1/users/{username}/unlock") => {
            vec![post(format!("/users/matrix.{}/unlock", Role::ControlRoom), json!({}), Admin)]
        }
        ("get", "/api/v1/search/subjects") => vec![
            search(&fx.intel_reference),
            search(&fx.safe_reference),
            search(&format!("darren {}", fx.intel_reference)),
            search("darren cole"),
            search("chidi okonkwo"),
        ],
        ("get", "/api/v1/persons/{id}") => vec![get(format!("/persons/{p}?{REASON}"), ReadPeople)],
        ("post", "/api/v1/persons") => {
            vec![post("/persons".into(), person_json("Kim", "Lowe", "1991-01-01"), WritePeople)]
        }
        ("put", "/api/v1/persons/{id}") => vec![put(
            format!("/persons/{p}"),
            json!({"version": 999, "person": person_json("Darren", "Cole", "1990-04-01")}),
            WritePeople,
        )],
        ("delete", "/api/v1/persons/{id}") => {
            vec![request(Method::DELETE, format!("/persons/no-such-person?{REASON}"), None, Admin)]
        }
        ("post", "/api/v1/persons/{id}/links") => vec![post(
            format!("/persons/{p}/links"),
            json!({"target": "object", "target_id": "no-such-object", "relationship": "keeper"}),
            WritePeople,
        )],
        ("get", "/api/v1/persons/{id}/export") => vec![get(format!("/persons/{p}/export?{REASON}"), Admin)],
        ("get", "/api/v1/persons/{id}/why") => vec![
            get(format!("/persons/{p}/why?{REASON}"), ReadPeople),
            get(format!("/persons/{}/why?{REASON}", fx.intel_person), ReadPeople),
        ],
        ("post", "/api/v1/imports/{source}/{reference}/split") => vec![
            post("/imports/intelligence/ZQXINTEL-R1/split".into(), reason.clone(), WriteRowOf(EventKind::Intelligence)),
            post("/imports/custody/C1/split".into(), reason.clone(), WriteRowOf(EventKind::Custody)),
        ],
        ("get", "/api/v1/review") => vec![get(format!("/review?{REASON}"), WritePeople)],
        ("get", "/api/v1/review/count") => vec![get("/review/count".into(), WritePeople)],
        ("post", "/api/v1/review/{source}/{reference}/accept") => {
            vec![post(
                "/review/intelligence/ZQXINTEL-R9/accept".into(),
                reason.clone(),
                WriteRowOf(EventKind::Intelligence),
            )]
        }
        ("post", "/api/v1/review/{source}/{reference}/reject") => {
            vec![post(
                "/review/intelligence/ZQXINTEL-R9/reject".into(),
                reason.clone(),
                WriteRowOf(EventKind::Intelligence),
            )]
        }
        ("get", "/api/v1/imports") => vec![
            get(format!("/imports?{REASON}"), ReadPeople),
            get(format!("/imports?source=intelligence&{REASON}"), ReadPeople),
        ],
        ("get", "/api/v1/imports/findings") => vec![
            get(format!("/imports/findings?{REASON}"), ReadPeople),
            get(format!("/imports/findings?source=intelligence&{REASON}"), ReadPeople),
        ],
        ("get", "/api/v1/{collection}") => {
            let mut list = per_kind(&|k| get(format!("/{}?{REASON}", k.collection()), Read(k)));
            list.extend(per_kind(&|k| get(format!("/{}?person={p}&{REASON}", k.collection()), Read(k))));
            list
        }
        ("post", "/api/v1/{collection}") => {
            per_kind(&|k| post(format!("/{}", k.collection()), new_record(k, p), Write(k)))
        }
        ("get", "/api/v1/{collection}/{id}") => {
            per_kind(&|k| get(format!("/{}/{}?{REASON}", k.collection(), fx.record(k)), Read(k)))
        }
        ("put", "/api/v1/{collection}/{id}") => per_kind(&|k| {
            let body = json!({"version": 999, "event": new_record(k, p)});
            put(format!("/{}/{}", k.collection(), fx.record(k)), body, Write(k))
        }),
        ("get", "/api/v1/locations") => vec![get("/locations".into(), Login)],
        ("post", "/api/v1/places") => vec![post(
            "/places".into(),
            json!({"address": {"lines": ["40 Acre Lane"], "postcode": "SW2 5SG"}}),
            WritePeople,
        )],
        ("get", "/api/v1/places/{id}") => vec![get(format!("/places/{}?{REASON}", fx.place), ReadPeople)],
        ("put", "/api/v1/places/{id}") => vec![put(
            format!("/places/{}", fx.place),
            json!({"version": 999, "place": {"address": {"lines": ["3 Brixton Water Lane"], "postcode": "SW2 1PE"}}}),
            WritePeople,
        )],
        ("post", "/api/v1/places/{id}/links") => {
            let mut list = vec![post(
                format!("/places/{}/links", fx.place),
                json!({"person_id": p, "role": "frequents"}),
                WritePeople,
            )];
            list.extend(per_kind(&|k| {
                let link = json!({"event": {"kind": k, "id": fx.record(k)}, "role": "event_address"});
                post(format!("/places/{}/links", fx.place), link, Write(k))
            }));
            list
        }
        ("get", "/api/v1/places/lookup") => vec![
            get(format!("/places/lookup?q=SW2%201PE&{REASON}"), ReadPeople),
            get(format!("/places/lookup?q=brixton%20watr%20lane&{REASON}"), ReadPeople),
        ],
        ("post", "/api/v1/objects") => vec![post(
            "/objects".into(),
            json!({"kind": "vehicle", "vrm": "LB12XYZ", "make": "Ford", "model": "Focus", "colour": "Blue"}),
            WritePeople,
        )],
        ("get", "/api/v1/objects/lookup") => vec![
            get(format!("/objects/lookup?vrm=LB07%3FEO&{REASON}"), ReadPeople),
            get(format!("/objects/lookup?phone=07700900123&{REASON}"), ReadPeople),
        ],
        ("get", "/api/v1/objects/{id}") => vec![get(format!("/objects/{}?{REASON}", fx.vehicle), ReadPeople)],
        ("put", "/api/v1/objects/{id}") => vec![put(
            format!("/objects/{}", fx.vehicle),
            json!({"version": 999, "details": {"kind": "vehicle", "vrm": "LB07SEO"}}),
            WritePeople,
        )],
        ("post", "/api/v1/objects/{id}/events") => per_kind(&|k| {
            let body = json!({"event_id": fx.record(k), "role": "vehicle_used"});
            post(format!("/objects/{}/events", fx.vehicle), body, LinkRecordOf(k))
        }),
        ("get", "/api/v1/audit") => {
            vec![get("/audit?limit=50".into(), Admin), get(format!("/audit?person={p}&limit=50"), Admin)]
        }
        ("get", "/api/v1/events") => vec![get("/events?after=0".into(), Login)],
        ("post", "/api/v1/custody/book-in") => vec![post(
            "/custody/book-in".into(),
            json!({"person_id": "no-such-person", "suite_id": "suite-brixton", "cell": "C5",
                   "arrested_at": "2026-10-02T09:00:00Z", "relevant_time": "2026-10-02T09:30:00Z",
                   "arrest_reason": "Seen leaving the shop", "offences": ["Theft"], "arresting_officer": "PC 1"}),
            CustodyStaff,
        )],
        ("post", "/api/v1/custody/{id}/actions") => vec![post(
            format!("/custody/{}/actions", fx.custody),
            json!({"version": 999, "action": {"action": "visit", "roused": true, "notes": "asleep, breathing"}}),
            CustodyStaff,
        )],
        ("get", "/api/v1/custody/{id}/status") => {
            vec![get(format!("/custody/{}/status?{REASON}", fx.custody), Read(EventKind::Custody))]
        }
        ("get", "/api/v1/custody/board") => vec![get(format!("/custody/board?{REASON}"), Read(EventKind::Custody))],
        ("post", "/api/v1/custody/{id}/bail/actions") => vec![post(
            format!("/custody/{}/bail/actions", fx.custody),
            json!({"version": 999, "action": {"type": "answer", "note": "Answered at the front counter"}}),
            Write(EventKind::Custody),
        )],
        ("get", "/api/v1/custody/bail-diary") => {
            vec![get(format!("/custody/bail-diary?{REASON}"), Read(EventKind::Custody))]
        }
        ("post", "/api/v1/warrants/{id}/actions") => vec![post(
            format!("/warrants/{}/actions", fx.warrant),
            json!({"version": 999, "action": {"type": "circulate"}}),
            Write(EventKind::Warrant),
        )],
        ("get", "/api/v1/warrants/officers") => vec![get("/warrants/officers".to_string(), Write(EventKind::Warrant))],
        ("get", "/api/v1/warrants/queue") => {
            vec![get(format!("/warrants/queue?{REASON}"), Read(EventKind::Warrant))]
        }
        ("get", "/api/v1/warrants/resolution") => {
            vec![get(format!("/warrants/resolution?{REASON}"), Read(EventKind::Warrant))]
        }
        ("post", "/api/v1/cases/{id}/actions") => vec![post(
            format!("/cases/{}/actions", fx.case),
            json!({"version": 999, "action": {"type": "seek_early_advice"}}),
            Write(EventKind::Case),
        )],
        ("post", "/api/v1/incidents/open") => {
            vec![post("/incidents/open".into(), new_incident(p), Write(EventKind::Incident))]
        }
        ("post", "/api/v1/incidents/{id}/actions") => vec![post(
            format!("/incidents/{}/actions", fx.incident),
            json!({"version": 999, "action": {"type": "log", "text": "Caller rang again"}}),
            Write(EventKind::Incident),
        )],
        ("get", "/api/v1/incidents/board") => {
            vec![get(format!("/incidents/board?{REASON}"), Read(EventKind::Incident))]
        }
        ("post", "/api/v1/crimes/{id}/actions") => vec![post(
            format!("/crimes/{}/actions", fx.crime),
            json!({"version": 999, "action": {"type": "log", "kind": "enquiry", "text": "CCTV requested"}}),
            Write(EventKind::Crime),
        )],
        ("get", "/api/v1/crimes/queue") => vec![get(format!("/crimes/queue?{REASON}"), Read(EventKind::Crime))],
        ("get", "/api/v1/crimes/tables") => vec![get("/crimes/tables".into(), Read(EventKind::Crime))],
        ("get", "/api/v1/crimes/officers") => vec![get("/crimes/officers".to_string(), Write(EventKind::Crime))],
        ("post", "/api/v1/intelligence/{id}/actions") => vec![post(
            format!("/intelligence/{}/actions", fx.record(EventKind::Intelligence)),
            json!({"version": 999, "action": {"type": "submit"}}),
            Write(EventKind::Intelligence),
        )],
        ("get", "/api/v1/intelligence/queue") => vec![
            get(format!("/intelligence/queue?queue=evaluation&{REASON}"), Read(EventKind::Intelligence)),
            get(format!("/intelligence/queue?queue=my_drafts&{REASON}"), Read(EventKind::Intelligence)),
        ],
        ("get", "/api/v1/intelligence/search") => vec![
            get(format!("/intelligence/search?q=zqxintel&{REASON}"), Read(EventKind::Intelligence)),
            get(format!("/intelligence/search?q=zqxsource&{REASON}"), Read(EventKind::Intelligence)),
        ],
        ("post", "/api/v1/safeguarding/{id}/actions") => vec![post(
            format!("/safeguarding/{}/actions", fx.record(EventKind::Safeguarding)),
            json!({"version": 999, "action": {"type": "record_check", "system": "pnc", "result": "No trace"}}),
            Write(EventKind::Safeguarding),
        )],
        ("get", "/api/v1/safeguarding/queue") => {
            vec![get(format!("/safeguarding/queue?{REASON}"), Read(EventKind::Safeguarding))]
        }
        ("get", "/api/v1/safeguarding/agencies") => {
            vec![get("/safeguarding/agencies".into(), Read(EventKind::Safeguarding))]
        }
        ("post", "/api/v1/asb/{id}/actions") => vec![post(
            format!("/asb/{}/actions", fx.record(EventKind::Asb)),
            json!({"version": 999, "action": {"type": "request_review"}}),
            Write(EventKind::Asb),
        )],
        ("get", "/api/v1/asb/{id}/standing") => {
            vec![get(format!("/asb/{}/standing?{REASON}", fx.record(EventKind::Asb)), Read(EventKind::Asb))]
        }
        ("get", "/api/v1/asb/cases") => vec![
            get(format!("/asb/cases?{REASON}"), Read(EventKind::Asb)),
            get(format!("/asb/cases?trigger_met=true&borough=lambeth&{REASON}"), Read(EventKind::Asb)),
        ],
        ("get", "/api/v1/cases/{id}/custody-time-limit") => {
            vec![get(format!("/cases/{}/custody-time-limit", fx.case), Read(EventKind::Case))]
        }
        ("get", "/api/v1/cases/custody-time-limits") => {
            vec![get(format!("/cases/custody-time-limits?due=true&{REASON}"), Read(EventKind::Case))]
        }
        _ => return None,
    })
}

/// The words a caller who may not read `kind` must never be sent.
fn marks(kind: EventKind, fx: &Fixture) -> Vec<String> {
    match kind {
        EventKind::Intelligence => vec![INTEL.into(), fx.record(kind).to_string()],
        EventKind::Safeguarding => vec![SAFE.into(), fx.record(kind).to_string()],
        _ => Vec::new(),
    }
}

/// Sends a request as `token`; the event stream is read for a moment.
async fn send(s: &TestServer, token: Option<&str>, r: &Request) -> (u16, String) {
    let mut req = s.http.request(r.method.clone(), format!("{}{}", s.base, r.path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(body) = &r.body {
        req = req.json(body);
    }
    let res = req.send().await.expect("send");
    let status = res.status().as_u16();
    if r.path.starts_with("/events") {
        use futures::StreamExt;
        let mut stream = res.bytes_stream();
        let mut text = String::new();
        let until = tokio::time::Instant::now() + Duration::from_millis(400);
        while let Ok(Some(Ok(chunk))) = tokio::time::timeout_at(until, stream.next()).await {
            text.push_str(&String::from_utf8_lossy(&chunk));
        }
        return (status, text);
    }
    (status, res.text().await.unwrap_or_default())
}

async fn every_route_answers_every_role_as_the_rule_says(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    let mut tokens = Vec::new();
    for role in Role::ALL {
        tokens.push((role, s.login_as(&format!("matrix.{role}"), &[role]).await));
    }
    let fx = fixture(&s, &tokens).await;

    let doc: Value = s.http.get(format!("{}/openapi.json", s.base)).send().await.unwrap().json().await.unwrap();
    let mut routes: Vec<(String, String)> = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().unwrap().keys() {
            routes.push((method.clone(), path.clone()));
        }
    }
    routes.sort();
    let missing: Vec<String> = routes
        .iter()
        .filter(|(m, p)| requests_for(m, p, &fx).is_none())
        .map(|(m, p)| format!("{} {p}", m.to_uppercase()))
        .collect();
    assert!(missing.is_empty(), "routes without a matrix entry: {missing:?}");

    let mut asked = 0;
    let mut failures = Vec::new();
    for (method, template) in &routes {
        for r in requests_for(method, template, &fx).unwrap_or_default() {
            for (role, token) in &tokens {
                let roles = Roles(vec![*role]);
                let own;
                let token = match r.needs {
                    Needs::Nothing => None,
                    Needs::OwnSession => {
                        own = s.login_as(&format!("matrix.leaving.{role}"), &[*role]).await;
                        Some(own.as_str())
                    }
                    _ => Some(token.as_str()),
                };
                let (status, body) = send(&s, token, &r).await;
                asked += 1;
                let want = expect(r.needs, &roles);
                let ok = match want {
                    _ if status >= 500 => false,
                    Expect::Allowed => matches!(r.needs, Needs::Nothing) || (status != 403 && status != 401),
                    Expect::Forbidden => status == 403,
                    Expect::NotThere => status == 404,
                };
                if !ok {
                    failures.push(format!("{role} {} {}: {status}, expected {want:?}: {body}", r.method, r.path));
                }
                let documented = &doc["paths"][template.as_str()][method.as_str()]["responses"];
                if documented.get(status.to_string()).is_none() {
                    failures.push(format!("{role} {} {}: {status} is not in the document", r.method, r.path));
                }
                // The auditor reads the audit, and a subject access export
                // is everything, by design: both are admins' only.
                if template.starts_with("/api/v1/audit") || template.ends_with("/export") {
                    continue;
                }
                // A search says back what was typed; what it found is the answer.
                let body = if template.starts_with("/api/v1/search") {
                    serde_json::from_str::<Value>(&body).map(|v| v["hits"].to_string()).unwrap_or(body)
                } else {
                    body
                };
                for kind in EventKind::ALL.into_iter().filter(|k| sight(&roles, *k) != Sight::Read) {
                    for mark in marks(kind, &fx) {
                        if body.contains(&mark) {
                            failures
                                .push(format!("{role} {} {} was sent '{mark}' of {kind}: {body}", r.method, r.path));
                        }
                    }
                }
                if !roles.may_read_unsanitised() && body.contains(SOURCE) {
                    failures.push(format!("{role} {} {} was sent unsanitised intelligence", r.method, r.path));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} of {asked} answers broke the rule:\n{}", failures.len(), failures.join("\n"));
    // Every route, every role: the matrix is the whole API.
    assert!(asked >= routes.len() * Role::ALL.len(), "{asked} requests for {} routes", routes.len());
    eprintln!("access matrix: {} routes, {asked} requests, {} roles", routes.len(), Role::ALL.len());
}
