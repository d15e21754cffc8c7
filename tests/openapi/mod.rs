//! The OpenAPI document is a contract the server keeps: every operation it
//! lists is called on a real server, with valid requests and invalid ones
//! (no token, a role that may not, a missing reason, an unknown record, a
//! stale version, a bad body, one too large), and every reply must have a
//! status the document lists for that operation and a body that validates
//! against the schema it gives. An operation never called, or never
//! answered with a success, fails the test: a new route comes with its
//! requests here.

use crate::common;
mod contract;

use std::path::Path;

use bluelamp::domain::role::Role;
use bluelamp::import::{import_file, linker_for, ImportOptions, LoadedMapping};
use bluelamp::linkage::LinkageConfig;
use chrono::{Duration, Utc};
use common::{person_json, Backend, TestServer};
use contract::Contract;
use reqwest::RequestBuilder;
use serde_json::{json, Value};

both_backends!(every_operation_answers_as_its_document_says);

/// The server, and the contract its replies are checked against.
struct Api<'a> {
    server: &'a TestServer,
    contract: Contract,
}

impl Api<'_> {
    fn request(&self, method: reqwest::Method, token: Option<&str>, path: &str) -> RequestBuilder {
        let request = self.server.http.request(method, format!("{}{path}", self.server.base));
        match token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
    }

    fn login(&self, body: &Value) -> RequestBuilder {
        self.request(reqwest::Method::POST, None, "/auth/login").json(body)
    }

    fn get(&self, token: &str, path: &str) -> RequestBuilder {
        self.request(reqwest::Method::GET, Some(token), path)
    }

    fn post(&self, token: &str, path: &str, body: &Value) -> RequestBuilder {
        self.request(reqwest::Method::POST, Some(token), path).json(body)
    }

    fn put(&self, token: &str, path: &str, body: &Value) -> RequestBuilder {
        self.request(reqwest::Method::PUT, Some(token), path).json(body)
    }

    fn delete(&self, token: &str, path: &str) -> RequestBuilder {
        self.request(reqwest::Method::DELETE, Some(token), path)
    }

    /// Sends `request`. A server that refuses a body too large answers at
    /// once and closes the connection with the body unread, which can reset
    /// it before the client reads the answer: such a request is sent again.
    async fn send(&self, request: reqwest::Request) -> reqwest::Response {
        for _ in 0..5 {
            let attempt = request.try_clone().expect("a request that can be sent again");
            match self.server.http.execute(attempt).await {
                Ok(reply) => return reply,
                Err(e) => eprintln!("sending again: {e}"),
            }
        }
        panic!("{} {}: no reply in five attempts", request.method(), request.url());
    }

    /// Sends `request`, checks the reply against the document, and returns
    /// its body; the status must be `status` (the request is what the test
    /// meant it to be).
    async fn expect(&mut self, status: u16, request: RequestBuilder) -> Value {
        let request = request.build().expect("a request");
        let (method, path) = (request.method().to_string(), request.url().path().to_string());
        let reply = self.send(request).await;
        let got = reply.status().as_u16();
        let content_type = reply
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        // An event stream does not end: its head is checked, not its body.
        let body = if content_type.starts_with("text/event-stream") {
            None
        } else {
            let text = reply.text().await.expect("a body");
            Some(if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) })
        };
        self.contract.check(&method, &path, got, &content_type, body.as_ref());
        assert_eq!(got, status, "{method} {path}: {body:?}");
        body.unwrap_or_default()
    }
}

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap_or_else(|| panic!("no id in {value}")).to_string()
}

fn version(value: &Value) -> i64 {
    value["version"].as_i64().unwrap_or_else(|| panic!("no version in {value}"))
}

fn event(collection_details: Value, person: &str, role: &str) -> Value {
    json!({
        "occurred_at": (Utc::now() - Duration::days(3)).to_rfc3339(),
        "borough": "Lambeth",
        "summary": "Fixture for the contract",
        "people": [{"person_id": person, "role": role}],
        "details": collection_details,
    })
}

/// Places: recorded (and the same address given back), read, updated,
/// linked and looked up, with the refusals.
async fn places(api: &mut Api<'_>, admin: &str, control: &str, inspector: &str, person: &str) {
    let place = json!({"address": {"lines": ["12 Acacia Ave"], "postcode": "SW2 1AA", "lat": 51.45, "lon": -0.11},
                       "warnings": [{"category": "dog", "recorded_on": "2026-01-05", "source": "PC 12 Shah"}]});
    let made = api.expect(201, api.post(admin, "/places", &place)).await;
    let same = json!({"address": {"lines": ["12 ACACIA AVENUE"], "postcode": "SW21AA"}});
    assert_eq!(api.expect(200, api.post(admin, "/places", &same)).await["id"], made["id"]);
    api.expect(422, api.post(admin, "/places", &json!({"address": {"lines": ["1 A Road"], "postcode": "XX"}}))).await;
    api.expect(403, api.post(inspector, "/places", &place)).await;
    let pid = id(&made);
    let link = json!({"person_id": person, "role": "lives_at", "from": "2024-03-01"});
    api.expect(201, api.post(admin, &format!("/places/{pid}/links"), &link)).await;
    api.expect(
        422,
        api.post(admin, &format!("/places/{pid}/links"), &json!({"person_id": person, "role": "crime_scene"})),
    )
    .await;
    api.expect(404, api.post(admin, "/places/nowhere/links", &link)).await;
    api.expect(403, api.post(inspector, &format!("/places/{pid}/links"), &link)).await;
    api.expect(200, api.get(control, &format!("/places/{pid}?reason=attending%20a%20call"))).await;
    api.expect(400, api.get(control, &format!("/places/{pid}"))).await;
    api.expect(404, api.get(control, "/places/nowhere?reason=attending%20a%20call")).await;
    let update = json!({"version": version(&made), "place": place});
    api.expect(200, api.put(admin, &format!("/places/{pid}"), &update)).await;
    api.expect(409, api.put(admin, &format!("/places/{pid}"), &update)).await;
    api.expect(422, api.put(admin, &format!("/places/{pid}"), &json!({"version": 2}))).await;
    api.expect(404, api.put(admin, "/places/nowhere", &update)).await;
    api.expect(200, api.get(control, "/places/lookup?q=12%20acacai%20ave%20sw2")).await;
    api.expect(422, api.get(control, "/places/lookup?q=%2C")).await;
    api.expect(422, api.get(control, "/places/lookup?q=sw2&limit=0")).await;
}

/// Imports custody rows as source "custody": Smith and Smyth merge into
/// one person; three of Chidi Okonkwo leave two possible matches to review.
async fn import_rows(server: &TestServer) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("custody.csv");
    std::fs::write(
        &file,
        "CUSTODY_NO,SURNAME,FORENAME_1,FORENAME_2,DATE_OF_BIRTH,SEX,ADDR_LINE_1,ADDR_LINE_2,ADDR_LINE_3,POSTCODE,\
         PNC_ID,CRO_NO,WARNING_MARKERS\n\
         C1,Smith,John,,02/01/1980,M,1 High St,,,E1 6AN,,,\n\
         C2,Smyth,Jon,,01/02/1980,M,1 High St,,,E1 6AN,,,\n\
         C3,Okonkwo,Chidi,,14/07/1975,M,9 Low Rd,,,N7 8QP,,,\n\
         C4,Okonkwo,Chidi,,,M,4 Park Rd,,,N1 9GU,,,\n\
         C5,Okonkwo,Chidi,,,M,7 Mill Ln,,,SE1 7PB,,,\n",
    )
    .expect("write rows");
    let mapping = LoadedMapping::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings/custody.toml"))
        .expect("custody mapping");
    let options = ImportOptions {
        source: "custody".into(),
        strict: false,
        rejects: None,
        linkage: LinkageConfig::default(),
        username: "import".into(),
    };
    let store = &server.state.store;
    let mut linker = linker_for(store, options.linkage.clone()).await.expect("linker");
    let report = import_file(store, &mut linker, &file, &mapping, &options, |_| {}).await.expect("import");
    assert_eq!((report.merged, report.review), (1, 2), "{report:?}");
}

async fn every_operation_answers_as_its_document_says(b: Backend) {
    let Some(s) = TestServer::start(b).await else { return };
    s.add_brixton_suite().await;
    let document: Value =
        s.http.get(format!("{}/openapi.json", s.base)).send().await.expect("document").json().await.expect("JSON");
    let mut api = Api { server: &s, contract: Contract::new(&document) };
    let admin = s.login_as("all.roles", &Role::ALL).await;
    let control = s.login_as("op.control", &[Role::ControlRoom]).await;
    let inspector = s.login_as("insp.only", &[Role::Inspector]).await;

    // The document, health and logging in.
    api.expect(200, api.request(reqwest::Method::GET, None, "/openapi.json")).await;
    api.expect(200, api.request(reqwest::Method::GET, None, "/health")).await;
    let good = json!({"username": "all.roles", "password": "a long test passphrase"});
    api.expect(200, api.login(&good)).await;
    api.expect(401, api.login(&json!({"username": "all.roles", "password": "wrong"}))).await;
    api.expect(422, api.login(&json!({"username": "all.roles"}))).await;
    api.expect(422, api.request(reqwest::Method::POST, None, "/auth/login").body("username=x")).await;
    api.expect(413, api.login(&json!({"username": "x".repeat(2 * 1024 * 1024), "password": "x"}))).await;
    api.expect(200, api.get(&admin, "/auth/me")).await;
    api.expect(401, api.request(reqwest::Method::GET, None, "/auth/me")).await;
    api.expect(401, api.get("not-a-token", "/auth/me")).await;
    // Five failures lock an account; an admin unlocks it.
    s.login_as("pc.locked", &[Role::ControlRoom]).await;
    for _ in 0..5 {
        api.expect(401, api.login(&json!({"username": "pc.locked", "password": "not the password"}))).await;
    }
    api.expect(429, api.login(&json!({"username": "pc.locked", "password": "a long test passphrase"}))).await;
    api.expect(403, api.post(&control, "/users/pc.locked/unlock", &json!({}))).await;
    api.expect(404, api.post(&admin, "/users/nobody.here/unlock", &json!({}))).await;
    api.expect(401, api.request(reqwest::Method::POST, None, "/users/pc.locked/unlock")).await;
    api.expect(204, api.post(&admin, "/users/pc.locked/unlock", &json!({}))).await;
    let leaving = s.login_as("pc.leaving", &[Role::ControlRoom]).await;
    api.expect(204, api.post(&leaving, "/auth/logout", &json!({}))).await;
    api.expect(401, api.post(&leaving, "/auth/logout", &json!({}))).await;

    // People.
    let person = id(&api.expect(201, api.post(&admin, "/persons", &person_json("Darren", "Cole", "1990-04-01"))).await);
    let keyed =
        api.post(&admin, "/persons", &person_json("Amara", "Osei", "1988-09-09")).header("Idempotency-Key", "k1");
    let first = api.expect(201, keyed).await;
    let again =
        api.post(&admin, "/persons", &person_json("Amara", "Osei", "1988-09-09")).header("Idempotency-Key", "k1");
    assert_eq!(api.expect(201, again).await["id"], first["id"], "a retry is answered with the first person");
    api.expect(422, api.post(&admin, "/persons", &json!({"sex": "male"}))).await;
    api.expect(403, api.post(&inspector, "/persons", &person_json("Ann", "Lee", "1970"))).await;
    api.expect(200, api.get(&control, &format!("/persons/{person}?reason=call%20in%20progress"))).await;
    api.expect(400, api.get(&control, &format!("/persons/{person}"))).await;
    api.expect(404, api.get(&control, "/persons/nobody?reason=record%20check")).await;
    api.expect(422, api.get(&control, &format!("/persons/{person}?reason=record%20check&colour=blue"))).await;
    api.expect(422, api.get(&control, &format!("/persons/{person}?reason={}", "x".repeat(501)))).await;
    api.expect(422, api.get(&control, "/persons/%FF?reason=record%20check")).await;
    let update = |v: i64| json!({"version": v, "person": person_json("Darren", "Cole", "1990-04-02")});
    api.expect(200, api.put(&admin, &format!("/persons/{person}"), &update(1))).await;
    api.expect(409, api.put(&admin, &format!("/persons/{person}"), &update(1))).await;
    api.expect(404, api.put(&admin, "/persons/nobody", &update(1))).await;
    api.expect(422, api.put(&admin, &format!("/persons/{person}"), &json!({"version": 2}))).await;
    api.expect(403, api.put(&inspector, &format!("/persons/{person}"), &update(2))).await;
    let car = api.expect(201, api.post(&admin, "/objects", &json!({"kind": "vehicle", "vrm": "LB07 SEO"}))).await;
    api.expect(422, api.post(&admin, "/objects", &json!({"kind": "boat"}))).await;
    api.expect(403, api.post(&inspector, "/objects", &json!({"kind": "phone", "number": "07700 900123"}))).await;
    let link = json!({"target": "object", "target_id": id(&car), "relationship": "owner"});
    api.expect(201, api.post(&admin, &format!("/persons/{person}/links"), &link)).await;
    let nothing = json!({"target": "object", "target_id": "nothing", "relationship": "owner"});
    api.expect(422, api.post(&admin, &format!("/persons/{person}/links"), &nothing)).await;
    api.expect(403, api.post(&inspector, &format!("/persons/{person}/links"), &link)).await;
    // A vehicle's profile, its update with the version read, the lookup.
    let car_id = id(&car);
    api.expect(200, api.get(&control, &format!("/objects/{car_id}?reason=ANPR%20hit%20check"))).await;
    api.expect(400, api.get(&control, &format!("/objects/{car_id}"))).await;
    api.expect(404, api.get(&control, "/objects/nothing?reason=ANPR%20hit%20check")).await;
    let car_update = |v: i64| {
        json!({"version": v, "details": {"kind": "vehicle", "vrm": "LB07 SEO", "make": "Ford",
               "markers": [{"kind": "stolen", "recorded_on": "2026-10-01", "source": "CR/26/0000001"}]}})
    };
    api.expect(200, api.put(&admin, &format!("/objects/{car_id}"), &car_update(1))).await;
    api.expect(409, api.put(&admin, &format!("/objects/{car_id}"), &car_update(1))).await;
    api.expect(404, api.put(&admin, "/objects/nothing", &car_update(2))).await;
    let bad_plate = json!({"version": 2, "details": {"kind": "vehicle", "vrm": "!!"}});
    api.expect(422, api.put(&admin, &format!("/objects/{car_id}"), &bad_plate)).await;
    api.expect(403, api.put(&inspector, &format!("/objects/{car_id}"), &car_update(2))).await;
    api.expect(200, api.get(&control, "/objects/lookup?vrm=LB07%3FEO&reason=ANPR%20hit%20check")).await;
    api.expect(200, api.get(&control, "/objects/lookup?phone=0044%207700%20900123")).await;
    api.expect(422, api.get(&control, "/objects/lookup?vrm=%21%21")).await;
    api.expect(422, api.get(&control, "/objects/lookup")).await;
    api.expect(200, api.get(&admin, &format!("/persons/{person}/export?reason=SAR%202026%2F0142"))).await;
    api.expect(400, api.get(&admin, &format!("/persons/{person}/export"))).await;
    api.expect(403, api.get(&control, &format!("/persons/{person}/export?reason=SAR%202026%2F0142"))).await;
    api.expect(404, api.get(&admin, "/persons/nobody/export?reason=SAR%202026%2F0142")).await;
    let gone = id(&api.expect(201, api.post(&admin, "/persons", &person_json("Tom", "Gone", "1960"))).await);
    api.expect(400, api.delete(&admin, &format!("/persons/{gone}"))).await;
    api.expect(403, api.delete(&control, &format!("/persons/{gone}?reason=erasure%20request"))).await;
    api.expect(204, api.delete(&admin, &format!("/persons/{gone}?reason=erasure%20request"))).await;
    api.expect(404, api.delete(&admin, &format!("/persons/{gone}?reason=erasure%20request"))).await;

    // Records of every kind, so each kind of details is read back.
    let crime = json!({"kind": "crime", "offence": "Theft of a pedal cycle", "status": "open"});
    let crime_id = id(&api.expect(201, api.post(&admin, "/crimes", &event(crime.clone(), &person, "suspect"))).await);
    let used = json!({"event_id": crime_id, "role": "vehicle_used"});
    api.expect(201, api.post(&admin, &format!("/objects/{car_id}/events"), &used)).await;
    let wrong = json!({"event_id": crime_id, "role": "phone_used"});
    api.expect(422, api.post(&admin, &format!("/objects/{car_id}/events"), &wrong)).await;
    let nowhere = json!({"event_id": "nothing", "role": "vehicle_used"});
    api.expect(404, api.post(&admin, &format!("/objects/{car_id}/events"), &nowhere)).await;
    let intelligence = json!({"kind": "intelligence",
        "grading": {"scheme": "3x5x2", "source": 2, "intelligence": "B", "handling": "P"},
        "priority": "medium", "sanitised_text": "Deals from a blue Golf", "unsanitised_text": "Source X, flat 4"});
    let intel_id =
        id(&api.expect(201, api.post(&admin, "/intelligence", &event(intelligence, &person, "subject"))).await);
    let safeguarding = json!({"kind": "safeguarding", "category": "adult_at_risk", "risk": "high",
        "risk_reasons": "Lives alone, no carer visits", "officer_in_charge": "DC Shah", "status": "draft"});
    let safe_id =
        id(&api.expect(201, api.post(&admin, "/safeguarding", &event(safeguarding, &person, "subject"))).await);
    let asb = json!({"kind": "asb", "category": "nuisance", "status": "open"});
    let asb_id = id(&api.expect(201, api.post(&admin, "/asb", &event(asb.clone(), &person, "suspect"))).await);
    let issued = (Utc::now() - Duration::days(10)).date_naive().to_string();
    let warrant = json!({"kind": "warrant", "warrant_kind": "bench", "status": "received",
        "issuing_court": "Highbury Corner Magistrates' Court", "issued_on": issued, "offence": "Failing to appear"});
    let warrant_id =
        id(&api.expect(201, api.post(&admin, "/warrants", &event(warrant.clone(), &person, "wanted_person"))).await);
    let mut unmatched = event(warrant, &person, "wanted_person");
    unmatched["people"] = json!([]);
    api.expect(201, api.post(&admin, "/warrants", &unmatched)).await;
    let case = json!({"kind": "case", "charges": [], "stage": "pre_charge", "status": "under_investigation",
        "officer_in_case": "DC Shah"});
    let mut case_file = event(case, &person, "defendant");
    case_file["reference"] = json!("01MP0000126");
    let case_id = id(&api.expect(201, api.post(&admin, "/cases", &case_file)).await);
    let mut numbered = event(crime.clone(), &person, "victim");
    numbered["reference"] = json!("CR/26/0000042");
    api.expect(201, api.post(&admin, "/crimes", &numbered)).await;
    api.expect(409, api.post(&admin, "/crimes", &numbered)).await;
    let custody = json!({"kind": "custody"});
    api.expect(422, api.post(&admin, "/custody", &event(custody, &person, "detainee"))).await;
    api.expect(404, api.post(&admin, "/parking", &event(crime.clone(), &person, "suspect"))).await;
    let custody_officer = s.login_as("co.only", &[Role::CustodyOfficer]).await;
    api.expect(403, api.post(&custody_officer, "/asb", &event(asb.clone(), &person, "suspect"))).await;
    let no_offence = json!({"kind": "crime", "status": "open"});
    api.expect(422, api.post(&admin, "/crimes", &event(no_offence, &person, "suspect"))).await;
    // A key that made a person makes nothing else.
    let reused = api.post(&admin, "/crimes", &event(crime.clone(), &person, "suspect")).header("Idempotency-Key", "k1");
    api.expect(422, reused).await;
    api.expect(200, api.get(&admin, &format!("/crimes/{crime_id}?reason=crime%20enquiry"))).await;
    api.expect(400, api.get(&admin, &format!("/crimes/{crime_id}"))).await;
    // A record read with its vehicle, phone and place.
    let mut at_scene = crime.clone();
    at_scene["location"] = json!({"lines": ["40 Acre Lane"], "postcode": "SW2 5SG"});
    let mut linked = event(at_scene, &person, "victim");
    linked["objects"] = json!([{"kind": "vehicle", "vrm": "LB07 SEO", "role": "stolen_vehicle"},
                               {"kind": "phone", "number": "07700 900123", "role": "phone_used"}]);
    let linked_id = id(&api.expect(201, api.post(&admin, "/crimes", &linked)).await);
    let record = api.expect(200, api.get(&admin, &format!("/crimes/{linked_id}?reason=crime%20enquiry"))).await;
    let count = |list: &str| record[list].as_array().map(Vec::len);
    assert_eq!((count("vehicles"), count("phones"), count("places")), (Some(1), Some(1), Some(1)), "{record}");
    api.expect(404, api.get(&admin, "/crimes/nothing?reason=crime%20enquiry")).await;
    api.expect(403, api.get(&control, &format!("/intelligence/{crime_id}?reason=crime%20enquiry"))).await;
    // An ASB case's update corrects what it says, never what its actions did.
    let changed = |v: i64| json!({"version": v, "event": event(asb.clone(), &person, "victim")});
    api.expect(200, api.put(&admin, &format!("/asb/{asb_id}"), &changed(1))).await;
    api.expect(409, api.put(&admin, &format!("/asb/{asb_id}"), &changed(1))).await;
    api.expect(404, api.put(&admin, "/asb/nothing", &changed(1))).await;
    api.expect(422, api.put(&admin, &format!("/warrants/{warrant_id}"), &changed(1))).await;
    api.expect(403, api.put(&custody_officer, &format!("/asb/{asb_id}"), &changed(2))).await;
    let crime_changed = json!({"version": 1, "event": event(crime.clone(), &person, "suspect")});
    api.expect(422, api.put(&admin, &format!("/crimes/{crime_id}"), &crime_changed)).await;

    // The crime desk.
    let act = |v: i64, action: Value| (format!("/crimes/{crime_id}/actions"), json!({"version": v, "action": action}));
    let (path, body) = act(1, json!({"type": "classify", "code": "49"}));
    api.expect(200, api.post(&control, &path, &body)).await;
    api.expect(409, api.post(&control, &path, &body)).await;
    let (path, body) = act(2, json!({"type": "classify", "code": "99Z", "reason": "wrong class"}));
    api.expect(422, api.post(&control, &path, &body)).await;
    api.expect(200, api.get(&control, "/warrants/officers")).await;
    api.expect(403, api.get(&inspector, "/warrants/officers")).await;
    let (path, body) = act(
        2,
        json!({"type": "cancel", "reason": "no_crime",
                                     "additional_information": "Bicycle found in the owner's shed"}),
    );
    api.expect(403, api.post(&control, &path, &body)).await;
    let (path, body) = act(2, json!({"type": "allocate", "officer": "op.control", "unit": "CID"}));
    api.expect(200, api.post(&control, &path, &body)).await;
    api.expect(404, api.post(&control, "/crimes/nothing/actions", &body)).await;
    for queue in ["", "queue=unallocated", "queue=awaiting_classification", "queue=review_due", "queue=mine"] {
        api.expect(200, api.get(&control, &format!("/crimes/queue?{queue}"))).await;
    }
    api.expect(422, api.get(&control, "/crimes/queue?queue=unit")).await;
    api.expect(422, api.get(&control, "/crimes/queue?queue=nobody")).await;
    api.expect(200, api.get(&control, "/crimes/tables")).await;
    api.expect(200, api.get(&control, "/crimes/officers")).await;
    let supervisor_only = s.login_as("dsu.officers", &[Role::SafeguardingSupervisor]).await;
    api.expect(403, api.get(&supervisor_only, "/crimes/officers")).await;

    // The intelligence desk.
    let path = format!("/intelligence/{intel_id}/actions");
    api.expect(200, api.post(&admin, &path, &json!({"version": 1, "action": {"type": "submit"}}))).await;
    api.expect(409, api.post(&admin, &path, &json!({"version": 1, "action": {"type": "submit"}}))).await;
    let evaluate = json!({"version": 2, "action": {"type": "evaluate",
        "grading": {"scheme": "3x5x2", "source": 2, "intelligence": "B", "handling": "P"}}});
    api.expect(422, api.post(&admin, &path, &evaluate)).await;
    api.expect(403, api.post(&control, &path, &evaluate)).await;
    api.expect(404, api.post(&admin, "/intelligence/nothing/actions", &evaluate)).await;
    for queue in ["evaluation", "sanitisation", "dissemination", "my_drafts", "retention_due"] {
        api.expect(200, api.get(&admin, &format!("/intelligence/queue?queue={queue}"))).await;
    }
    api.expect(422, api.get(&admin, "/intelligence/queue?queue=nobody")).await;
    api.expect(422, api.get(&admin, "/intelligence/queue?queue=evaluation&after=nowhere")).await;
    api.expect(403, api.get(&control, "/intelligence/queue?queue=evaluation")).await;
    // The safeguarding desk.
    let supervisor = s.login_as("dsu.other", &[Role::SafeguardingSupervisor]).await;
    let act =
        |v: i64, action: Value| (format!("/safeguarding/{safe_id}/actions"), json!({"version": v, "action": action}));
    let (path, body) = act(1, json!({"type": "record_check", "system": "pnc", "result": "No trace"}));
    api.expect(200, api.post(&admin, &path, &body)).await;
    api.expect(409, api.post(&admin, &path, &body)).await;
    let (path, body) = act(2, json!({"type": "submit"}));
    api.expect(200, api.post(&admin, &path, &body)).await;
    let (path, body) = act(3, json!({"type": "sign_off"}));
    api.expect(422, api.post(&admin, &path, &body)).await;
    api.expect(403, api.post(&control, &path, &body)).await;
    api.expect(200, api.post(&supervisor, &path, &body)).await;
    api.expect(404, api.post(&admin, "/safeguarding/nothing/actions", &body)).await;
    for queue in ["", "queue=awaiting_sign_off", "queue=response_overdue", "queue=missing", "queue=at_risk"] {
        api.expect(200, api.get(&admin, &format!("/safeguarding/queue?{queue}"))).await;
    }
    api.expect(422, api.get(&admin, "/safeguarding/queue?queue=nobody")).await;
    api.expect(403, api.get(&control, "/safeguarding/queue")).await;
    api.expect(200, api.get(&admin, "/safeguarding/agencies")).await;

    // The ASB desk.
    let act = |v: i64, action: Value| (format!("/asb/{asb_id}/actions"), json!({"version": v, "action": action}));
    let (path, body) = act(2, json!({"type": "link_incident", "record_id": crime_id}));
    api.expect(200, api.post(&control, &path, &body)).await;
    api.expect(409, api.post(&control, &path, &body)).await;
    let (path, body) = act(3, json!({"type": "link_incident", "record_id": crime_id}));
    api.expect(422, api.post(&control, &path, &body)).await;
    api.expect(403, api.post(&custody_officer, &path, &body)).await;
    let mut linked = event(asb.clone(), &person, "victim");
    linked["details"]["category"] = json!("personal");
    api.expect(422, api.put(&admin, &format!("/asb/{asb_id}"), &json!({"version": 3, "event": linked}))).await;
    let (path, body) = act(3, json!({"type": "request_review", "override_reason": "Victim is 84 and alone"}));
    api.expect(403, api.post(&control, &path, &body)).await;
    api.expect(200, api.post(&admin, &path, &body)).await;
    api.expect(404, api.post(&control, "/asb/nothing/actions", &body)).await;
    api.expect(200, api.get(&control, &format!("/asb/{asb_id}/standing?reason=case%20review%20panel"))).await;
    api.expect(400, api.get(&control, &format!("/asb/{asb_id}/standing"))).await;
    api.expect(404, api.get(&control, "/asb/nothing/standing?reason=case%20review%20panel")).await;
    for query in ["", "trigger_met=true&borough=lambeth", "status=closed&category=personal"] {
        api.expect(200, api.get(&control, &format!("/asb/cases?{query}"))).await;
    }
    api.expect(422, api.get(&control, "/asb/cases?status=nobody")).await;
    api.expect(422, api.get(&control, "/asb/cases?limit=0")).await;

    // Warrants.
    let act =
        |id: &str, v: i64, action: Value| (format!("/warrants/{id}/actions"), json!({"version": v, "action": action}));
    let (path, body) = act(&warrant_id, 1, json!({"type": "validate"}));
    let v = version(&api.expect(200, api.post(&control, &path, &body)).await);
    let (path, body) = act(&warrant_id, v, json!({"type": "circulate"}));
    api.expect(200, api.post(&control, &path, &body)).await;
    api.expect(409, api.post(&control, &path, &body)).await;
    let (path, body) = act(&warrant_id, v + 1, json!({"type": "fly"}));
    api.expect(422, api.post(&control, &path, &body)).await;
    let (path, body) = act(&warrant_id, v + 1, json!({"type": "allocate", "officer": "nobody.here"}));
    api.expect(403, api.post(&inspector, &path, &body)).await;
    api.expect(422, api.post(&control, &path, &body)).await;
    let (path, body) = act("nothing", 1, json!({"type": "circulate"}));
    api.expect(404, api.post(&control, &path, &body)).await;
    api.expect(200, api.get(&control, "/warrants/queue?borough=lambeth&kind=bench")).await;
    api.expect(422, api.get(&control, "/warrants/queue?limit=0")).await;
    api.expect(422, api.get(&control, "/warrants/queue?kind=bogus")).await;
    api.expect(200, api.get(&control, "/warrants/resolution")).await;
    api.expect(422, api.get(&control, "/warrants/resolution?limit=many")).await;

    // Case files.
    let act =
        |id: &str, v: i64, action: Value| (format!("/cases/{id}/actions"), json!({"version": v, "action": action}));
    let (path, body) = act(&case_id, 1, json!({"type": "seek_early_advice"}));
    api.expect(200, api.post(&admin, &path, &body)).await;
    api.expect(409, api.post(&admin, &path, &body)).await;
    api.expect(403, api.post(&inspector, &path, &body)).await;
    let (path, body) = act(&case_id, 2, json!({"type": "enter_plea", "hearing": 0, "plea": "guilty"}));
    api.expect(422, api.post(&admin, &path, &body)).await;
    let (path, body) = act("nothing", 1, json!({"type": "submit_to_cps"}));
    api.expect(404, api.post(&admin, &path, &body)).await;
    api.expect(200, api.get(&admin, &format!("/cases/{case_id}/custody-time-limit"))).await;
    api.expect(404, api.get(&admin, "/cases/nothing/custody-time-limit")).await;
    api.expect(200, api.get(&admin, "/cases/custody-time-limits?due=true")).await;
    api.expect(200, api.get(&admin, "/cases/custody-time-limits")).await;
    api.expect(422, api.get(&admin, "/cases/custody-time-limits?due=maybe")).await;

    // Custody.
    let booking = |extra: Value| {
        let mut body = json!({
            "suite_id": "suite-brixton", "cell": "C4",
            "arrested_at": (Utc::now() - Duration::hours(2)).to_rfc3339(),
            "relevant_time": (Utc::now() - Duration::minutes(100)).to_rfc3339(),
            "arrest_reason": "Seen leaving the shop with unpaid goods", "offences": ["Theft from a shop"],
            "arresting_officer": "PC 123 Okafor"
        });
        body.as_object_mut().expect("an object").extend(extra.as_object().expect("an object").clone());
        body
    };
    let booked = api.expect(201, api.post(&admin, "/custody/book-in", &booking(json!({"person_id": person})))).await;
    let record = id(&booked);
    api.expect(409, api.post(&admin, "/custody/book-in", &booking(json!({"person_id": person})))).await;
    let twin = booking(json!({"new_person": person_json("Darren", "Cole", "1990-04-02")}));
    let possible = api.expect(409, api.post(&admin, "/custody/book-in", &twin)).await;
    assert_eq!(possible["error"]["code"], "possible_match", "{possible}");
    api.expect(422, api.post(&admin, "/custody/book-in", &booking(json!({})))).await;
    api.expect(403, api.post(&control, "/custody/book-in", &booking(json!({"person_id": person})))).await;
    let act = |v: i64, action: Value| json!({"version": v, "action": action});
    let path = format!("/custody/{record}/actions");
    let visit = act(version(&booked), json!({"action": "visit", "roused": true, "notes": "Awake"}));
    api.expect(200, api.post(&admin, &path, &visit)).await;
    api.expect(409, api.post(&admin, &path, &visit)).await;
    let review = act(version(&booked) + 1, json!({"action": "review", "outcome": "Detention continues"}));
    api.expect(403, api.post(&control, &path, &review)).await;
    let nonsense = act(version(&booked) + 1, json!({"action": "dance"}));
    api.expect(422, api.post(&admin, &path, &nonsense)).await;
    api.expect(404, api.post(&admin, "/custody/nothing/actions", &visit)).await;
    api.expect(200, api.get(&admin, &format!("/custody/{record}/status"))).await;
    api.expect(404, api.get(&admin, "/custody/nothing/status")).await;
    api.expect(200, api.get(&admin, "/custody/board?suite=suite-brixton")).await;
    api.expect(422, api.get(&admin, "/custody/board?cell=C4")).await;

    // Bail: granted by the release, then answered; the diary.
    let current = api.expect(200, api.get(&admin, &format!("/custody/{record}?reason=bail%20check"))).await;
    let terms = json!({"return_at": (Utc::now() + Duration::days(7)).to_rfc3339(),
        "conditions": [{"type": "residence", "address": "14 Acre Lane"}, {"type": "curfew", "from": "21:00:00", "until": "07:00:00"}]});
    let release = act(
        version(&current),
        json!({"action": "release", "outcome": "pre_charge_bail", "reason": "CCTV to view", "bail": terms}),
    );
    let released = api.expect(200, api.post(&admin, &path, &release)).await;
    let bail_path = format!("/custody/{record}/bail/actions");
    let answer = act(version(&released), json!({"type": "answer", "note": "Answered at the front counter"}));
    let early = act(version(&released), json!({"type": "extend", "until": "2020-01-01", "grounds": "Forensics"}));
    api.expect(422, api.post(&admin, &bail_path, &early)).await;
    api.expect(403, api.post(&control, &bail_path, &answer)).await;
    api.expect(404, api.post(&admin, "/custody/nothing/bail/actions", &answer)).await;
    api.expect(200, api.get(&admin, "/custody/bail-diary?station=brixton&days=7")).await;
    api.expect(200, api.get(&admin, "/custody/bail-diary")).await;
    api.expect(422, api.get(&admin, "/custody/bail-diary?days=400")).await;
    api.expect(200, api.post(&admin, &bail_path, &answer)).await;
    api.expect(409, api.post(&admin, &bail_path, &answer)).await;

    // Incidents.
    let call = json!({"caller": {"name": "Maya Okafor", "phone": "07700 900461", "callback": true},
        "caller_person_id": person, "location": {"description": "Outside 14 Acre Lane", "borough": "Lambeth"},
        "category": "crime", "subtype": "burglary", "grade": "I", "summary": "Two men forcing a door"});
    let opened = api.expect(201, api.post(&control, "/incidents/open", &call)).await;
    let incident = id(&opened);
    let keyed = api.post(&control, "/incidents/open", &call).header("Idempotency-Key", "call-1");
    let first = api.expect(201, keyed).await;
    let keyed = api.post(&control, "/incidents/open", &call).header("Idempotency-Key", "call-1");
    assert_eq!(api.expect(201, keyed).await["id"], first["id"], "a retry is answered with the first");
    api.expect(403, api.post(&inspector, "/incidents/open", &call)).await;
    let mut bad = call.clone();
    bad["subtype"] = json!("collision_injury");
    api.expect(422, api.post(&control, "/incidents/open", &bad)).await;
    api.expect(422, api.post(&admin, "/incidents/open", &call).header("Idempotency-Key", "k1")).await;
    let act =
        |id: &str, v: i64, action: Value| (format!("/incidents/{id}/actions"), json!({"version": v, "action": action}));
    let (path, body) = act(&incident, version(&opened), json!({"type": "assign", "call_sign": "LX21"}));
    let assigned = api.expect(200, api.post(&control, &path, &body)).await;
    api.expect(409, api.post(&control, &path, &body)).await;
    api.expect(403, api.post(&inspector, &path, &body)).await;
    let (path, body) = act(&incident, version(&assigned), json!({"type": "arrive", "call_sign": "LX99"}));
    api.expect(422, api.post(&control, &path, &body)).await;
    let close = json!({"type": "close", "result": "crime_recorded", "note": "Door forced", "offence": "Burglary"});
    let (path, body) = act(&incident, version(&assigned), close);
    api.expect(403, api.post(&control, &path, &body)).await;
    api.expect(200, api.post(&admin, &path, &body)).await;
    let (path, body) = act("nothing", 1, json!({"type": "log", "text": "a note"}));
    api.expect(404, api.post(&control, &path, &body)).await;
    api.expect(200, api.get(&control, "/incidents/board?grade=I&borough=lambeth")).await;
    api.expect(200, api.get(&control, &format!("/incidents/board?id={}", id(&first)))).await;
    api.expect(422, api.get(&control, "/incidents/board?grade=Z")).await;
    api.expect(400, api.get(&control, "/incidents/board?reason=")).await;
    api.expect(200, api.get(&control, &format!("/incidents/{incident}?reason=CAD%20review"))).await;
    api.expect(422, api.post(&admin, "/incidents", &event(json!({"kind": "incident"}), &person, "victim"))).await;

    // Every list, now that each kind has a record.
    for collection in ["crimes", "intelligence", "safeguarding", "asb", "custody", "cases", "warrants", "incidents"] {
        api.expect(200, api.get(&admin, &format!("/{collection}"))).await;
    }
    api.expect(403, api.get(&control, "/intelligence")).await;
    api.expect(404, api.get(&admin, "/parking")).await;
    api.expect(422, api.get(&admin, "/crimes?limit=0")).await;
    api.expect(422, api.get(&admin, "/crimes?borough=Atlantis")).await;
    api.expect(200, api.get(&admin, &format!("/persons/{person}?reason=the%20whole%20picture"))).await;

    // Imported records: why, split, the review queue.
    import_rows(&s).await;
    s.settle().await;
    let smith = s.state.store.import_row("custody", "C1").await.expect("row C1").person_id;
    api.expect(200, api.get(&admin, &format!("/persons/{smith}/why?reason=linkage%20check"))).await;
    api.expect(400, api.get(&admin, &format!("/persons/{smith}/why"))).await;
    api.expect(404, api.get(&admin, "/persons/nobody/why?reason=linkage%20check")).await;
    let reason = json!({"reason": "not the same man"});
    api.expect(200, api.post(&admin, "/imports/custody/C2/split", &reason)).await;
    api.expect(400, api.post(&admin, "/imports/custody/C2/split", &json!({"reason": " "}))).await;
    api.expect(404, api.post(&admin, "/imports/custody/C9/split", &reason)).await;
    api.expect(403, api.post(&inspector, "/imports/custody/C2/split", &reason)).await;
    api.expect(200, api.get(&admin, "/imports?source=custody")).await;
    api.expect(422, api.get(&admin, "/imports?limit=0")).await;
    api.expect(200, api.get(&admin, "/imports/findings?source=custody")).await;
    api.expect(422, api.get(&admin, "/imports/findings?limit=0")).await;
    api.expect(422, api.get(&admin, "/imports/findings?after=nonsense")).await;
    api.expect(200, api.get(&admin, "/review")).await;
    api.expect(400, api.get(&admin, "/review?reason=")).await;
    api.expect(422, api.get(&admin, "/review?limit=0")).await;
    api.expect(403, api.get(&inspector, "/review")).await;
    api.expect(200, api.get(&admin, "/review/count")).await;
    api.expect(403, api.get(&inspector, "/review/count")).await;
    let same = json!({"reason": "same man"});
    api.expect(200, api.post(&admin, "/review/custody/C4/accept", &same)).await;
    api.expect(404, api.post(&admin, "/review/custody/C9/accept", &same)).await;
    api.expect(400, api.post(&admin, "/review/custody/C5/reject", &json!({"reason": ""}))).await;
    api.expect(204, api.post(&admin, "/review/custody/C5/reject", &json!({"reason": "different man"}))).await;
    api.expect(404, api.post(&admin, "/review/custody/C9/reject", &json!({"reason": "different man"}))).await;

    // Search, places, the audit log and the event stream.
    api.expect(200, api.get(&control, "/search/subjects?q=darren%20cole&dob=1990")).await;
    api.expect(422, api.get(&control, "/search/subjects?q=%20")).await;
    api.expect(422, api.get(&control, "/search/subjects?q=cole&dob=someday")).await;
    api.expect(200, api.get(&control, "/locations")).await;
    api.expect(200, api.get(&control, "/locations?kind=custody_suite")).await;
    api.expect(422, api.get(&control, "/locations?kind=harbour")).await;
    places(&mut api, &admin, &control, &inspector, &person).await;
    api.expect(200, api.get(&admin, "/audit?limit=50")).await;
    api.expect(403, api.get(&control, "/audit")).await;
    api.expect(422, api.get(&admin, "/audit?since=yesterday")).await;
    api.expect(200, api.get(&control, "/events?topics=warrants")).await;
    api.expect(422, api.get(&control, "/events").header("Last-Event-ID", "the last one")).await;
    api.expect(401, api.request(reqwest::Method::GET, None, "/events")).await;

    api.contract.finish();
}
