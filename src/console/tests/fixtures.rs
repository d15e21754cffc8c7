//! A fixed London afternoon for the console tests: a logged-in sergeant,
//! two custody suites, warrants, cases and one subject's profile, all at an
//! injected clock.

use chrono::{DateTime, NaiveDate, Utc};

use crate::api::warrants::QueueRow;
use crate::api::{Associate, Profile, SubjectHit, TimelineEntry};
use crate::client::ConnectionState;
use crate::console::keymap::Keymap;
use crate::console::render::Ui;
use crate::console::state::{Brief, Screen, Session, State};
use crate::console::theme::Theme;
use crate::domain::event::*;
use crate::domain::link::{EventPerson, EventRole, Link, LinkTarget};
use crate::domain::location::{Address, Location, LocationKind};
use crate::domain::object::{Object, ObjectDetails};
use crate::domain::person::*;
use crate::domain::priority::PriorityRules;
use crate::domain::provenance::Provenance;
use crate::domain::role::{Role, Roles};

pub fn t(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// The clock every fixture is seen at: 14:00 in London (GMT in November).
pub fn now() -> DateTime<Utc> {
    t("2026-11-25T14:00:00Z")
}

pub fn ui(theme: &str) -> Ui {
    Ui { theme: Theme::builtin(theme).unwrap(), keymap: Keymap::builtin("default").unwrap() }
}

fn address(line: &str, postcode: &str, borough: &str) -> Address {
    Address { lines: vec![line.into()], postcode: postcode.into(), borough: Some(borough.into()), lat: None, lon: None }
}

pub fn event(
    id: &str,
    reference: &str,
    summary: &str,
    borough: &str,
    person: (&str, EventRole),
    details: EventDetails,
) -> Event {
    Event {
        id: id.into(),
        kind: details.kind(),
        reference: reference.into(),
        version: 1,
        status: details.status(),
        occurred_at: t("2026-11-25T08:00:00Z"),
        borough: Some(borough.into()),
        summary: summary.into(),
        people: vec![EventPerson { person_id: person.0.into(), role: person.1 }],
        details,
        created_at: t("2026-11-25T08:00:00Z"),
        updated_at: t("2026-11-25T08:00:00Z"),
        provenance: Provenance::entered("ps.khan", t("2026-11-25T08:00:00Z")),
    }
}

#[allow(clippy::too_many_arguments)]
fn custody(
    suite: &str,
    cell: &str,
    relevant: &str,
    authorised: &str,
    level: u8,
    visit: Option<&str>,
    review: Option<&str>,
    offence: &str,
) -> EventDetails {
    EventDetails::Custody(CustodyDetails {
        suite_id: suite.into(),
        cell: cell.into(),
        arrested_at: t(relevant) - chrono::Duration::minutes(30),
        relevant_time: t(relevant),
        detention_authorised_at: t(authorised),
        arrest_reason: "Necessary to allow prompt investigation".into(),
        offences: vec![offence.into()],
        indictable: false,
        arresting_officer: "PC 2231 Okafor".into(),
        observation_level: level,
        last_visit_at: visit.map(t),
        last_review_at: review.map(t),
        status: OpenClosed::Open,
        outcome: None,
        entries: vec![],
    })
}

pub fn suites() -> Vec<Location> {
    vec![
        Location {
            id: "loc-brixton".into(),
            kind: LocationKind::CustodySuite,
            name: "Brixton".into(),
            address: address("367 Brixton Road", "SW9 7DD", "Lambeth"),
        },
        Location {
            id: "loc-wandsworth".into(),
            kind: LocationKind::CustodySuite,
            name: "Wandsworth".into(),
            address: address("146 Wandsworth High Street", "SW18 4JJ", "Wandsworth"),
        },
    ]
}

pub fn detainees() -> Vec<Event> {
    use EventRole::Detainee;
    vec![
        // Review due in 20 minutes: amber.
        event(
            "cu1",
            "CU-BX-0101",
            "John SMITH",
            "Lambeth",
            ("p-smith", Detainee),
            custody(
                "loc-brixton",
                "C1",
                "2026-11-25T08:30:00Z",
                "2026-11-25T08:20:00Z",
                1,
                Some("2026-11-25T13:30:00Z"),
                None,
                "Burglary",
            ),
        ),
        // Level 2 visit due at 13:50: overdue.
        event(
            "cu2",
            "CU-BX-0102",
            "Aisha BEGUM",
            "Lambeth",
            ("p-begum", Detainee),
            custody(
                "loc-brixton",
                "C2",
                "2026-11-25T10:00:00Z",
                "2026-11-25T10:10:00Z",
                2,
                Some("2026-11-25T13:20:00Z"),
                None,
                "Assault",
            ),
        ),
        // One hour left on the detention clock: amber.
        event(
            "cu3",
            "CU-BX-0103",
            "Liam O'CONNOR",
            "Lambeth",
            ("p-oconnor", Detainee),
            custody(
                "loc-brixton",
                "C10",
                "2026-11-24T15:00:00Z",
                "2026-11-24T15:10:00Z",
                1,
                Some("2026-11-25T13:45:00Z"),
                Some("2026-11-25T09:00:00Z"),
                "Robbery",
            ),
        ),
        // Constant observation, all fine.
        event(
            "cu4",
            "CU-WW-0201",
            "Tomasz NOWAK",
            "Wandsworth",
            ("p-nowak", Detainee),
            custody(
                "loc-wandsworth",
                "W4",
                "2026-11-25T12:00:00Z",
                "2026-11-25T12:10:00Z",
                3,
                None,
                None,
                "Drink driving",
            ),
        ),
        // Past the 24-hour limit: alarm.
        event(
            "cu5",
            "CU-WW-0202",
            "Dean PRICE",
            "Wandsworth",
            ("p-price", Detainee),
            custody(
                "loc-wandsworth",
                "W5",
                "2026-11-24T13:30:00Z",
                "2026-11-24T13:40:00Z",
                1,
                Some("2026-11-25T13:40:00Z"),
                Some("2026-11-25T07:00:00Z"),
                "Theft",
            ),
        ),
    ]
}

#[allow(clippy::too_many_arguments)]
fn warrant_details(
    kind: WarrantKind,
    status: WarrantStatus,
    offence: &str,
    issued: &str,
    violence: bool,
    domestic: bool,
    allocated: Option<&str>,
    attempts: &[(&str, &str)],
) -> EventDetails {
    EventDetails::Warrant(WarrantDetails {
        warrant_kind: kind,
        status,
        issuing_court: "Camberwell Green Magistrates' Court".into(),
        issued_on: day(issued),
        offence: offence.into(),
        violence,
        domestic_abuse: domestic,
        safeguarding_concern: false,
        allocated_to: allocated.map(str::to_string),
        attempts: attempts
            .iter()
            .map(|(at, by)| WarrantAttempt { at: t(at), by: (*by).into(), note: "No reply at address".into() })
            .collect(),
        execution: None,
        closure: None,
    })
}

pub fn warrants() -> Vec<Event> {
    use EventRole::WantedPerson;
    use WarrantKind::*;
    use WarrantStatus::*;
    vec![
        event(
            "wt1",
            "WT-0001",
            "Kyle BROWN",
            "Lambeth",
            ("p-brown", WantedPerson),
            warrant_details(
                Bench,
                Allocated,
                "Wounding",
                "2026-10-01",
                true,
                false,
                Some("PC Reid"),
                &[("2026-11-23T19:00:00Z", "PC Reid")],
            ),
        ),
        event(
            "wt2",
            "WT-0002",
            "Sara JONES",
            "Southwark",
            ("p-jones", WantedPerson),
            warrant_details(ArrestWithoutBail, Circulated, "Fraud", "2026-11-10", false, false, None, &[]),
        ),
        event(
            "wt3",
            "WT-0003",
            "Peter HALL",
            "Lambeth",
            ("p-hall", WantedPerson),
            warrant_details(Commitment, Circulated, "Fine default", "2026-09-01", false, false, None, &[]),
        ),
        event(
            "wt4",
            "WT-0004",
            "Mark LEE",
            "Croydon",
            ("p-lee", WantedPerson),
            warrant_details(
                Search,
                Validated,
                "Controlling behaviour",
                "2026-11-20",
                false,
                true,
                Some("DC Ames"),
                &[],
            ),
        ),
        event(
            "wt5",
            "WT-0005",
            "Executed PERSON",
            "Lambeth",
            ("p-x", WantedPerson),
            warrant_details(Bench, Executed, "Theft", "2026-08-01", false, false, None, &[]),
        ),
    ]
}

/// The queue the server would send for `events`: outstanding warrants,
/// scored under the default weights, highest first, then oldest.
pub fn queue(events: &[Event]) -> Vec<QueueRow> {
    let rules = PriorityRules::default();
    let mut rows: Vec<QueueRow> = events
        .iter()
        .filter_map(|e| match &e.details {
            EventDetails::Warrant(d) if d.status.is_outstanding() => {
                let (score, reasons) = rules.score(d, now());
                Some(QueueRow {
                    id: e.id.clone(),
                    reference: e.reference.clone(),
                    version: e.version,
                    warrant_kind: d.warrant_kind,
                    status: d.status,
                    offence: d.offence.clone(),
                    issuing_court: d.issuing_court.clone(),
                    issued_on: d.issued_on,
                    borough: e.borough.clone(),
                    person_id: e.people.first().map(|p| p.person_id.clone()).unwrap_or_default(),
                    person_name: e.summary.clone(),
                    allocated_to: d.allocated_to.clone(),
                    attempts: d.attempts.len(),
                    score,
                    reasons,
                })
            }
            _ => None,
        })
        .collect();
    rows.sort_by(|a, b| {
        (std::cmp::Reverse(a.score), a.issued_on, &a.id).cmp(&(std::cmp::Reverse(b.score), b.issued_on, &b.id))
    });
    rows
}

fn case_details(
    status: CaseStatus,
    decision: Option<ChargingDecision>,
    offence: &str,
    hearing: Option<(&str, &str)>,
    due: &str,
    officer: &str,
) -> EventDetails {
    EventDetails::Case(CaseDetails {
        charges: vec![Charge { offence: offence.into(), date: day("2026-10-20") }],
        charging_decision: decision,
        stage: FileStage::FirstHearingNotGuilty,
        status,
        hearings: hearing
            .map(|(court, at)| {
                vec![Hearing {
                    court: court.into(),
                    date: t(at),
                    hearing_type: "trial".into(),
                    remanded_in_custody: false,
                    outcome: None,
                }]
            })
            .unwrap_or_default(),
        file_due: Some(day(due)),
        officer_in_case: officer.into(),
        rejected_reason: None,
    })
}

pub fn cases() -> Vec<Event> {
    use EventRole::Defendant;
    vec![
        event(
            "cs1",
            "01YE1234526",
            "Kyle BROWN",
            "Lambeth",
            ("p-brown", Defendant),
            case_details(
                CaseStatus::Charged,
                Some(ChargingDecision::PoliceCharge),
                "Burglary",
                Some(("Highbury Corner MC", "2026-12-02T10:00:00Z")),
                "2026-11-20",
                "DC Shah",
            ),
        ),
        event(
            "cs2",
            "01YE2222226",
            "Sara JONES",
            "Southwark",
            ("p-jones", Defendant),
            case_details(CaseStatus::AwaitingCps, None, "Assault ABH", None, "2026-11-26", "DC Ames"),
        ),
        event(
            "cs3",
            "01YE3333326",
            "Dean PRICE",
            "Wandsworth",
            ("p-price", Defendant),
            case_details(
                CaseStatus::TrialListed,
                Some(ChargingDecision::CpsFullCodeTest),
                "Theft",
                Some(("Inner London CC", "2027-01-15T10:00:00Z")),
                "2026-12-20",
                "DC Shah",
            ),
        ),
    ]
}

pub fn hits() -> Vec<SubjectHit> {
    let hit = |id: &str, name: &str, dob: &str, age: i32, area: &str, markers: &[&str], flags: Flags| SubjectHit {
        person_id: id.into(),
        name: name.into(),
        date_of_birth: Some(dob.parse().unwrap()),
        age: Some(age),
        area: Some(area.into()),
        markers: markers.iter().map(|m| m.to_string()).collect(),
        flags,
        score: 1.0,
        why: vec![],
    };
    vec![
        hit(
            "p-smith",
            "John SMITH",
            "1985-03-12",
            41,
            "Lambeth",
            &["VI", "WE"],
            Flags { wanted: true, in_custody: true, ..Default::default() },
        ),
        hit("p-smyth", "Jon SMYTH", "1990", 36, "Croydon", &[], Flags::default()),
        hit(
            "p-smith2",
            "Joanne SMITH",
            "2009-07-01",
            17,
            "SE15",
            &["SH"],
            Flags { missing: true, at_risk: true, ..Default::default() },
        ),
    ]
}

pub fn profile() -> Profile {
    let details: PersonDetails = serde_json::from_value(serde_json::json!({
        "names": [
            {"forenames": "John", "surname": "SMITH"},
            {"forenames": "Johnny", "surname": "SMITHE", "kind": "alias"}
        ],
        "date_of_birth": "1985-03-12",
        "sex": "male",
        "ethnicity": "W1",
        "identifiers": [{"kind": "pnc", "value": "85/123456R"}, {"kind": "cro", "value": "123456/85K"}],
        "addresses": [
            {"address": {"lines": ["12 Acre Lane"], "postcode": "SW2 5SG", "borough": "Lambeth"}, "from": "2024-01-01"},
            {"address": {"lines": ["4 Coldharbour Lane"], "postcode": "SE5 9NR", "borough": "Lambeth"}, "from": "2019-01-01", "to": "2023-12-31"}
        ],
        "markers": [
            {"category": "violent", "recorded_on": "2021-05-02", "source": "PNC"},
            {"category": "weapons", "recorded_on": "2023-02-11", "source": "Intel"},
            {"category": "drugs", "recorded_on": "2015-01-01", "source": "PNC", "expires_on": "2020-01-01"}
        ]
    }))
    .unwrap();
    let person = Person {
        id: "p-smith".into(),
        version: 4,
        details,
        created_at: t("2020-01-01T00:00:00Z"),
        updated_at: t("2026-11-25T08:00:00Z"),
        provenance: Provenance::default(),
    };
    let custody = detainees().remove(0);
    let warrant = warrants().remove(0);
    let entry = |id: &str, kind: EventKind, at: &str, role: EventRole, event: Option<Event>| TimelineEntry {
        id: id.into(),
        kind,
        occurred_at: t(at),
        role,
        withheld: event.is_none(),
        event,
    };
    Profile {
        person,
        flags: Flags { wanted: true, in_custody: true, ..Default::default() },
        objects: vec![Object {
            id: "o1".into(),
            version: 1,
            details: ObjectDetails::Vehicle {
                vrm: "LB12 XYZ".into(),
                make: "Ford".into(),
                model: "Focus".into(),
                colour: "Blue".into(),
            },
            provenance: Provenance::default(),
        }],
        locations: vec![],
        associates: vec![Associate {
            person_id: "p-brown".into(),
            name: "Kyle BROWN".into(),
            relationship: "associate".into(),
        }],
        links: vec![Link {
            id: "l1".into(),
            person_id: "p-smith".into(),
            target: LinkTarget::Object,
            target_id: "o1".into(),
            relationship: "keeper".into(),
            provenance: Provenance::default(),
        }],
        timeline: vec![
            entry("cu1", EventKind::Custody, "2026-11-25T08:30:00Z", EventRole::Detainee, Some(custody)),
            entry("ir9", EventKind::Intelligence, "2026-11-02T12:00:00Z", EventRole::Subject, None),
            entry("wt1", EventKind::Warrant, "2026-10-01T09:00:00Z", EventRole::WantedPerson, Some(warrant)),
        ],
        restricted: 0,
    }
}

/// Everything loaded, live, a sergeant logged in.
pub fn state() -> State {
    let mut state = State::new("http://127.0.0.1:8080", now());
    state.screen = Screen::Main;
    state.size = (120, 30);
    state.session = Some(Session {
        username: "ps.khan".into(),
        roles: Roles(vec![Role::CustodySergeant, Role::ControlRoom, Role::Investigator]),
        expires_at: t("2026-11-25T22:00:00Z"),
    });
    state.live.connection = ConnectionState::Connected;
    state.live.ever_connected = true;
    state.live.last_event_id = Some(41);
    state.live.updated_at = Some(now() - chrono::Duration::seconds(2));
    state.board.suites = suites();
    state.board.rows.items = detainees();
    state.board.rows.loaded = true;
    state.board.rows.list.selected = Some("cu2".into());
    state.warrants.rows.items = queue(&warrants());
    state.warrants.rows.total = state.warrants.rows.items.len();
    state.warrants.rows.loaded = true;
    state.warrants.rows.list.selected = Some("wt1".into());
    state.cases.rows.items = cases();
    state.cases.rows.loaded = true;
    state.cases.rows.list.selected = Some("cs2".into());
    state.lookup.query = "smith".into();
    state.lookup.answered = "smith".into();
    state.lookup.hits = hits();
    state.lookup.issued = 3;
    state.lookup.shown = 3;
    state.lookup.list.selected = Some("p-smith".into());
    state.profile.person_id = Some("p-smith".into());
    state.profile.name = "John SMITH".into();
    state.profile.reason = Some("Custody risk assessment".into());
    state.profile.profile = Some(profile());
    state.profile.list.selected = Some("cu1".into());
    state.people.insert(
        "p-smith".into(),
        Brief { name: "John SMITH".into(), markers: vec!["VI".into(), "WE".into()], flags: Flags::default() },
    );
    state.people.insert(
        "p-begum".into(),
        Brief { name: "Aisha BEGUM".into(), markers: vec!["SH".into()], flags: Flags::default() },
    );
    state.recent_reasons = vec!["Custody risk assessment".into(), "Warrant enquiry".into()];
    // Aisha BEGUM's record changed a second ago.
    state.changed.insert("cu2".into(), now() - chrono::Duration::seconds(1));
    state
}

/// The same, with the stream lost and retrying.
pub fn stale() -> State {
    let mut state = state();
    state.live.connection = ConnectionState::Reconnecting {
        attempt: 3,
        retry_in: std::time::Duration::from_secs(2),
        error: "connection refused".into(),
    };
    state.live.updated_at = Some(now() - chrono::Duration::seconds(47));
    state
}

/// Logged in and loaded, with nothing to show.
pub fn empty() -> State {
    let mut state = state();
    state.board.rows.items.clear();
    state.warrants.rows.items.clear();
    state.warrants.rows.total = 0;
    state.cases.rows.items.clear();
    state.lookup.query.clear();
    state.lookup.answered.clear();
    state.lookup.hits.clear();
    state.profile = Default::default();
    state.changed.clear();
    state
}
