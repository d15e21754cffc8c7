//! The ASB pane: the open cases by borough drawn in their states, the
//! review trigger met marked by symbol and word, the selected case's
//! linked incidents on a timeline; the forms that link an incident chosen
//! from the borough's list, request a case review (a reason to override
//! the trigger) and record an action, worked with keys through the router
//! the binary uses.

use crate::console::state::asb::AsbForm;
use crossterm::event::KeyCode;

use super::fixtures::{self, t};
use super::harness::{last_save, Console};
use super::incidents::incident;
use super::snapshots::{draw, text};
use crate::api::asb::{AsbCaseView, AsbCasesPage};
use crate::api::events::EventPage;
use crate::api::Change;
use crate::console::action::{Action, Live};
use crate::console::state::{PaneId, State};
use crate::console::update::asb_reads::{AsbAnswer, AsbRead};
use crate::domain::asb::*;
use crate::domain::event::{Event, EventDetails, EventKind};
use crate::domain::incident::{Grade, IncidentCategory};
use crate::domain::link::{EventPerson, EventRole, LinkedRecord};
use crate::domain::provenance::Provenance;
use crate::domain::role::{Role, Roles};

fn linked(reference: &str, at: &str, place: &str) -> LinkedIncident {
    LinkedIncident {
        record: LinkedRecord { kind: EventKind::Incident, id: format!("id-{reference}"), reference: reference.into() },
        at: t(at),
        category: AsbCategory::Personal,
        place: Some(place.into()),
        people: vec![EventPerson { person_id: "p-okafor".into(), role: EventRole::Victim }],
        linked_at: t(at),
        linked_by: "pc.hale".into(),
    }
}

fn case(id: &str, reference: &str, summary: &str, borough: &str, incidents: Vec<LinkedIncident>) -> AsbCaseView {
    let mut d = AsbDetails::new(AsbCategory::Personal);
    d.incidents = incidents;
    let standing = standing(&d, &AsbRules::default(), fixtures::now());
    let details = EventDetails::Asb(d);
    let opened = t("2026-09-01T10:00:00Z");
    let event = Event {
        id: id.into(),
        kind: EventKind::Asb,
        reference: reference.into(),
        version: 4,
        status: details.status(),
        occurred_at: opened,
        borough: Some(borough.into()),
        summary: summary.into(),
        people: vec![EventPerson { person_id: "p-okafor".into(), role: EventRole::Victim }],
        details,
        created_at: opened,
        updated_at: opened,
        provenance: Provenance::entered("pc.hale", opened),
    };
    AsbCaseView { event, standing }
}

fn cases() -> Vec<AsbCaseView> {
    vec![
        case(
            "asb1",
            "ASB/26/0000031",
            "Youths gathering in the stairwell, abuse at a resident",
            "Lambeth",
            vec![
                linked("CAD/26/0000120", "2026-09-02T21:10:00Z", "Acre Lane, SW2"),
                linked("CAD/26/0000188", "2026-10-14T22:40:00Z", "Acre Lane, SW2"),
            ],
        ),
        case(
            "asb2",
            "ASB/26/0000032",
            "Neighbour's loud music and threats",
            "Croydon",
            vec![
                linked("CAD/26/0000101", "2026-08-20T23:00:00Z", "Wellesley Road"),
                linked("CAD/26/0000150", "2026-10-01T23:30:00Z", "Wellesley Road"),
                linked("CAD/26/0000201", "2026-11-20T00:15:00Z", "Wellesley Road"),
            ],
        ),
    ]
}

/// The open cases loaded, by borough as the pane keeps them.
pub(super) fn asb_state(roles: Vec<Role>) -> State {
    let mut state = fixtures::state();
    state.pane = PaneId::Asb;
    if let Some(session) = &mut state.session {
        session.username = "pc.hale".into();
        session.roles = Roles(roles);
    }
    let a = &mut state.asb;
    a.loaded = true;
    a.rows = cases();
    a.rows.sort_by(|x, y| x.event.borough.cmp(&y.event.borough));
    a.list.selected = Some("asb1".into());
    state
}

fn asb_incident(id: &str, reference: &str, summary: &str, at: &str) -> Event {
    let mut e = incident(
        id,
        reference,
        summary,
        (IncidentCategory::AntiSocialBehaviour, "personal"),
        (Grade::S, at, None),
        ("Acre Lane, SW2", "Lambeth"),
        Vec::new(),
        Vec::new(),
    );
    e.occurred_at = t(at);
    e
}

#[test]
fn the_cases_in_their_states() {
    let ui = fixtures::ui("dark");
    let state = asb_state(vec![Role::ControlRoom]);
    let normal = text(&draw(&state, &ui, 120, 30));
    insta::assert_snapshot!("asb_normal", normal);
    let croydon = normal.lines().find(|l| l.contains("ASB/26/0000032")).expect("the Croydon case");
    assert!(croydon.contains("3/3") && croydon.contains("▲ TRIGGER MET"), "{croydon}");
    let lambeth = normal.lines().find(|l| l.contains("ASB/26/0000031")).expect("the Lambeth case");
    assert!(lambeth.contains("2/3") && !lambeth.contains("TRIGGER"), "{lambeth}");
    assert!(normal.find("Croydon").unwrap() < normal.find("Lambeth").unwrap(), "by borough:\n{normal}");
    // The timeline: oldest first, each counted by the trigger marked.
    assert!(normal.contains("Trigger not met: 2 of 3 incidents in 183 days"), "{normal}");
    let first = normal.find("● 02/09/2026 22:10 CAD/26/0000120").expect("first on the timeline");
    assert!(first < normal.find("CAD/26/0000188").unwrap(), "{normal}");
    insta::assert_snapshot!("asb_narrow", text(&draw(&state, &ui, 80, 24)));
    let mut empty = state.clone();
    empty.asb.rows.clear();
    empty.asb.list.selected = None;
    insta::assert_snapshot!("asb_empty", text(&draw(&empty, &ui, 80, 24)));
}

#[test]
fn an_incident_is_linked_from_the_boroughs_list() {
    let ui = fixtures::ui("dark");
    let mut c = Console::new(asb_state(vec![Role::ControlRoom]));
    c.key(KeyCode::Char('l'));
    let asked = c.effects.iter().any(|e| {
        matches!(e.desk::<AsbRead>(), Some(AsbRead::AsbIncidents { case_id, borough })
            if case_id == "asb1" && borough.as_deref() == Some("Lambeth"))
    });
    assert!(asked, "{:?}", c.effects);
    let items = vec![
        asb_incident("i3", "CAD/26/0000240", "Abuse shouted at the resident again", "2026-11-24T21:30:00Z"),
        asb_incident("id-CAD/26/0000188", "CAD/26/0000188", "Already on the case", "2026-10-14T22:40:00Z"),
        asb_incident("i4", "CAD/26/0000241", "Bins set alight", "2026-11-25T01:10:00Z"),
    ];
    c.act(Action::desk(AsbAnswer::AsbIncidents {
        case_id: "asb1".into(),
        result: Ok(EventPage { items, ..EventPage::default() }),
    }));
    let screen = text(&draw(&c.state, &ui, 120, 30));
    assert!(
        screen.contains("CAD/26/0000240") && !screen.contains("Already on the case"),
        "linked ones left out:\n{screen}"
    );
    // Nothing fits: refused on the input, nothing sent.
    c.type_text("stolen car").key(KeyCode::Enter);
    assert!(last_save(&c.effects).is_none());
    let Some(form) = c.state.overlay.get_form::<AsbForm>() else { panic!("the form closed") };
    assert_eq!(form.error_field.as_deref(), Some("incident"));
    c.key_with(KeyCode::Char('u'), crossterm::event::KeyModifiers::CONTROL).type_text("abuse");
    c.key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("sent");
    assert_eq!(save.action, serde_json::json!({"type": "link_incident", "record_id": "i3"}));
    assert_eq!((save.id.as_str(), save.version), ("asb1", 4));
}

#[test]
fn a_review_before_the_trigger_asks_a_supervisors_reason() {
    let mut c = Console::new(asb_state(vec![Role::Inspector]));
    c.key(KeyCode::Char('v'));
    let Some(form) = c.state.overlay.get_form::<AsbForm>() else { panic!("no form") };
    assert!(form.title.contains("(2 of 3 incidents)"), "{}", form.title);
    c.key(KeyCode::Enter);
    let Some(form) = c.state.overlay.get_form::<AsbForm>() else { panic!("the form closed") };
    assert_eq!(form.error_field.as_deref(), Some("override_reason"));
    assert!(last_save(&c.effects).is_none());
    c.type_text("Victim is disabled and the abuse escalates");
    c.key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("sent");
    assert_eq!(
        save.action,
        serde_json::json!({"type": "request_review", "override_reason": "Victim is disabled and the abuse escalates"})
    );

    // At the trigger, nothing to ask: Enter sends.
    let mut state = asb_state(vec![Role::ControlRoom]);
    state.asb.list.selected = Some("asb2".into());
    let mut c = Console::new(state);
    c.key(KeyCode::Char('v')).key(KeyCode::Enter);
    assert_eq!(last_save(&c.effects).expect("sent").action, serde_json::json!({"type": "request_review"}));
}

#[test]
fn an_action_is_recorded_with_its_dates() {
    let mut c = Console::new(asb_state(vec![Role::ControlRoom]));
    c.key(KeyCode::Char('a'));
    c.type_text("acceptable").key(KeyCode::Enter).key(KeyCode::Enter);
    c.type_text("2027-05-25").key(KeyCode::Enter).type_text("Signed at the housing office").key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("sent");
    assert_eq!(
        save.action,
        serde_json::json!({"type": "record_tool", "tool": "acceptable_behaviour_contract", "from": "2026-11-25",
                           "until": "2027-05-25", "note": "Signed at the housing office"})
    );
}

#[test]
fn a_change_on_the_stream_reads_the_cases_again_and_the_trigger_shows() {
    let ui = fixtures::ui("dark");
    let mut c = Console::new(asb_state(vec![Role::ControlRoom]));
    let change = Change {
        seq: 42,
        at: fixtures::now(),
        topic: "asb".into(),
        op: "updated".into(),
        record_id: "asb1".into(),
        version: 5,
        person_ids: Vec::new(),
        private_to: None,
    };
    c.act(Action::Live(Live::Change(change)));
    let seq = c
        .effects
        .iter()
        .find_map(|e| match e.desk::<AsbRead>() {
            Some(AsbRead::AsbCases { seq, .. }) => Some(*seq),
            _ => None,
        })
        .expect("the cases read again");
    let mut rows = cases();
    let third = linked("CAD/26/0000240", "2026-11-24T21:30:00Z", "Acre Lane, SW2");
    rows[0] = case("asb1", "ASB/26/0000031", "Youths gathering in the stairwell, abuse at a resident", "Lambeth", {
        let mut i = vec![
            linked("CAD/26/0000120", "2026-09-02T21:10:00Z", "Acre Lane, SW2"),
            linked("CAD/26/0000188", "2026-10-14T22:40:00Z", "Acre Lane, SW2"),
        ];
        i.push(third);
        i
    });
    rows[0].event.version = 5;
    let page = AsbCasesPage { at: fixtures::now(), rows, more: 0, more_at_least: false, next: None };
    c.act(Action::desk(AsbAnswer::AsbCases { seq, append: false, result: Ok(page) }));
    let screen = text(&draw(&c.state, &ui, 120, 30));
    let lambeth = screen.lines().find(|l| l.contains("ASB/26/0000031")).expect("the Lambeth case");
    assert!(lambeth.contains("3/3") && lambeth.contains("▲ TRIGGER MET"), "{screen}");
    assert!(lambeth.contains('•'), "marked as changed:\n{screen}");
}
