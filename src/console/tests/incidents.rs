//! The incident board: drawn in its states (the clocks at the fixture's
//! 14:00, one overdue, one due soon, one attended), kept live one row at a
//! time, and worked with keys through the router the binary uses — a
//! form's refusal kept on its input, a close asked twice.

use crate::console::state::incidents::IncidentForm;
use crossterm::event::KeyCode;

use super::fixtures::{self, t};
use super::harness::{last_save, Console};
use super::snapshots::{draw, styled, text};
use crate::api::incidents::{IncidentBoard, IncidentPerson, IncidentRow};
use crate::api::Change;
use crate::client::ClientError;
use crate::console::action::{Action, Live};
use crate::console::effect::Effect;
use crate::console::state::{Overlay, PaneId, State};
use crate::domain::event::{Event, EventDetails, EventKind};
use crate::domain::incident::*;
use crate::domain::link::{EventPerson, EventRole};
use crate::domain::person::Flags;
use crate::domain::provenance::Provenance;

fn entry(at: &str, by: &str, kind: LogKind, text: &str) -> LogEntry {
    LogEntry { at: t(at), by: by.into(), kind, text: text.into() }
}

fn resource(call_sign: &str, status: ResourceStatus, at: &str) -> Resource {
    let at = t(at);
    Resource {
        call_sign: call_sign.into(),
        status,
        assigned_at: at,
        en_route_at: (status != ResourceStatus::Assigned).then_some(at),
        at_scene_at: (status == ResourceStatus::AtScene).then_some(at),
        released_at: None,
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn incident(
    id: &str,
    reference: &str,
    summary: &str,
    (category, subtype): (IncidentCategory, &str),
    (grade, graded, due): (Grade, &str, Option<&str>),
    (place, borough): (&str, &str),
    resources: Vec<Resource>,
    log: Vec<LogEntry>,
) -> Event {
    let mut details = IncidentDetails {
        status: IncidentStatus::Open,
        category,
        subtype: subtype.into(),
        caller: Caller { name: "Mrs P Adeyemi".into(), phone: Some("07700 900123".into()), callback: true },
        location: IncidentLocation { address: None, description: Some(place.into()), borough: Some(borough.into()) },
        grading: vec![IncidentGrading {
            at: t(graded),
            by: "cr.osei".into(),
            grade,
            reason: None,
            due: due.map(t),
            appointment: None,
        }],
        resources,
        log,
        duplicate_of: None,
        duplicates: vec![],
        closure: None,
    };
    details.status = details.status_from_resources();
    let details = EventDetails::Incident(Box::new(details));
    let opened = t(graded);
    Event {
        id: id.into(),
        kind: EventKind::Incident,
        reference: reference.into(),
        version: 1,
        status: details.status(),
        occurred_at: opened,
        borough: Some(borough.into()),
        summary: summary.into(),
        people: vec![],
        details,
        created_at: opened,
        updated_at: opened,
        provenance: Provenance::entered("cr.osei", opened),
    }
}

fn row(event: Event, people: Vec<IncidentPerson>) -> IncidentRow {
    let clock = match &event.details {
        EventDetails::Incident(d) => Clock::of(d),
        _ => Clock::NoTarget,
    };
    IncidentRow { event, clock, people }
}

pub fn rows() -> Vec<IncidentRow> {
    use LogKind::{Note, Opened, Resource};
    let wanted = IncidentPerson {
        person_id: "p-smith".into(),
        role: EventRole::Suspect,
        name: "John SMITH".into(),
        markers: vec!["VI".into(), "WE".into()],
        flags: Flags { wanted: true, ..Flags::default() },
    };
    let mut fight = incident(
        "in1",
        "CAD 0412 25NOV26",
        "Fight outside the pub, one man with a bottle",
        (IncidentCategory::Crime, "violence"),
        (Grade::I, "2026-11-25T13:40:00Z", Some("2026-11-25T13:55:00Z")),
        ("Outside the Prince Albert, Coldharbour Lane", "Lambeth"),
        vec![resource("LX21", ResourceStatus::EnRoute, "2026-11-25T13:44:00Z")],
        vec![
            entry("2026-11-25T13:40:00Z", "cr.osei", Opened, "Opened: caller saw two men fighting"),
            entry("2026-11-25T13:44:00Z", "cr.osei", Resource, "LX21 assigned"),
            entry(
                "2026-11-25T13:52:00Z",
                "cr.osei",
                Note,
                "Caller says the man with the bottle has gone towards the station",
            ),
        ],
    );
    fight.people = vec![EventPerson { person_id: "p-smith".into(), role: EventRole::Suspect }];
    vec![
        row(fight, vec![wanted]),
        row(
            incident(
                "in2",
                "CAD 0415 25NOV26",
                "Shed broken into overnight",
                (IncidentCategory::Crime, "burglary"),
                (Grade::S, "2026-11-25T13:15:00Z", Some("2026-11-25T14:15:00Z")),
                ("14 Acre Lane", "Lambeth"),
                vec![],
                vec![entry("2026-11-25T13:15:00Z", "cr.osei", Opened, "Opened")],
            ),
            vec![],
        ),
        row(
            incident(
                "in3",
                "CAD 0398 25NOV26",
                "Elderly man confused in the street",
                (IncidentCategory::PublicSafetyAndWelfare, "concern_for_safety"),
                (Grade::S, "2026-11-25T12:30:00Z", Some("2026-11-25T13:30:00Z")),
                ("Junction of Tooting High St and Mitcham Rd", "Wandsworth"),
                vec![resource("WW12", ResourceStatus::AtScene, "2026-11-25T13:10:00Z")],
                vec![entry("2026-11-25T13:10:00Z", "cr.osei", Resource, "WW12 at scene")],
            ),
            vec![],
        ),
        row(
            incident(
                "in4",
                "CAD 0377 25NOV26",
                "Noisy neighbours, recurring",
                (IncidentCategory::AntiSocialBehaviour, "nuisance"),
                (Grade::E, "2026-11-25T11:00:00Z", None),
                ("Flats on Brixton Hill", "Lambeth"),
                vec![],
                vec![entry("2026-11-25T11:00:00Z", "cr.osei", Opened, "Opened")],
            ),
            vec![],
        ),
    ]
}

pub(super) fn board_state(mut state: State) -> State {
    state.pane = PaneId::Incidents;
    state.incidents.rows = rows();
    state.incidents.sort();
    state.incidents.loaded = true;
    state.incidents.list.selected = Some("in1".into());
    state
}

#[test]
fn the_board_in_its_states() {
    let ui = fixtures::ui("dark");
    let state = board_state(fixtures::state());
    insta::assert_snapshot!("incidents_wide", text(&draw(&state, &ui, 160, 48)));
    insta::assert_snapshot!("incidents_narrow", text(&draw(&state, &ui, 80, 24)));
    insta::assert_snapshot!("incidents_stale", text(&draw(&board_state(fixtures::stale()), &ui, 80, 24)));
    let mut empty = board_state(fixtures::empty());
    empty.incidents.rows.clear();
    insta::assert_snapshot!("incidents_empty", text(&draw(&empty, &ui, 80, 24)));
    let contrast = fixtures::ui("high-contrast");
    insta::assert_snapshot!("incidents_high_contrast", styled(&draw(&state, &contrast, 80, 24)));
    let mut help = state;
    help.overlay = Overlay::Help;
    insta::assert_snapshot!("help_incidents", text(&draw(&help, &ui, 80, 36)));
}

#[test]
fn the_clock_ticks_without_a_reload_and_says_overdue_in_words() {
    let ui = fixtures::ui("dark");
    let mut state = board_state(fixtures::state());
    let screen = text(&draw(&state, &ui, 160, 48));
    assert!(screen.contains("✖ OVERDUE 5m"), "{screen}");
    assert!(screen.contains("▲ 15m left"), "{screen}");
    state.now += chrono::Duration::minutes(20);
    let screen = text(&draw(&state, &ui, 160, 48));
    assert!(screen.contains("✖ OVERDUE 25m"), "{screen}");
    assert!(screen.contains("✖ OVERDUE 5m"), "the S call is late now:\n{screen}");
}

#[test]
fn filters_narrow_the_board() {
    let mut c = Console::new(board_state(fixtures::state()));
    c.key(KeyCode::Char('u'));
    let ids: Vec<String> = c.state.incidents.visible().iter().map(|r| r.event.id.clone()).collect();
    assert_eq!(ids, ["in2", "in4"], "only those nobody is sent to");
    c.key(KeyCode::Char('u')).key(KeyCode::Char('f')).key(KeyCode::Down).key(KeyCode::Enter);
    assert_eq!(c.state.incidents.grade, Some(Grade::I));
    assert_eq!(c.state.incidents.visible().len(), 1);
    c.key(KeyCode::Char('f')).key(KeyCode::Delete);
    assert_eq!(c.state.incidents.grade, None);
    c.key(KeyCode::Char('c')).key(KeyCode::Down).key(KeyCode::Enter);
    assert_eq!(c.state.incidents.category, Some(IncidentCategory::AntiSocialBehaviour));
    let ids: Vec<String> = c.state.incidents.visible().iter().map(|r| r.event.id.clone()).collect();
    assert_eq!(ids, ["in4"]);
}

fn change(record_id: &str, topic: &str, person_ids: &[&str]) -> Action {
    Action::Live(Live::Change(Change {
        seq: 50,
        at: fixtures::now(),
        topic: topic.into(),
        op: "updated".into(),
        record_id: record_id.into(),
        version: 2,
        person_ids: person_ids.iter().map(|p| p.to_string()).collect(),
        private_to: None,
    }))
}

#[test]
fn a_change_elsewhere_is_read_as_one_row_and_takes_its_place() {
    let mut c = Console::new(board_state(fixtures::state()));
    c.act(change("in2", "incidents", &[]));
    assert!(c.effects.iter().any(|e| matches!(e, Effect::LoadIncidentRow { id } if id == "in2")), "{:?}", c.effects);
    // Regraded I elsewhere: it moves up, the selection stays on its incident.
    let mut regraded = rows().remove(1);
    regraded.event.version = 2;
    if let EventDetails::Incident(d) = &mut regraded.event.details {
        d.grading.push(IncidentGrading {
            at: t("2026-11-25T13:58:00Z"),
            by: "cr.supervisor".into(),
            grade: Grade::I,
            reason: Some("caller now says the burglar is still inside".into()),
            due: Some(t("2026-11-25T14:13:00Z")),
            appointment: None,
        });
    }
    c.act(Action::IncidentRowLoaded { id: "in2".into(), result: Ok(Some(regraded)) });
    let ids: Vec<String> = c.state.incidents.visible().iter().map(|r| r.event.id.clone()).collect();
    assert_eq!(ids, ["in1", "in2", "in3", "in4"]);
    assert_eq!(c.state.incidents.list.selected.as_deref(), Some("in1"));
    assert!(c.state.recently_changed("in2"));
    // Closed elsewhere: the board no longer has it.
    c.act(Action::IncidentRowLoaded { id: "in2".into(), result: Ok(None) });
    assert!(c.state.incidents.row("in2").is_none());
    // A new call opened at another desk arrives the same way.
    c.effects.clear();
    c.act(change("in9", "incidents", &[]));
    assert!(c.effects.iter().any(|e| matches!(e, Effect::LoadIncidentRow { id } if id == "in9")));
    // A person named on an incident becomes WANTED: that row is read again.
    c.effects.clear();
    c.act(change("wt77", "warrants", &["p-smith"]));
    assert!(c.effects.iter().any(|e| matches!(e, Effect::LoadIncidentRow { id } if id == "in1")), "{:?}", c.effects);
}

#[test]
fn a_log_entry_is_written_in_a_form_and_a_refusal_keeps_it() {
    let mut c = Console::new(board_state(fixtures::state()));
    c.key(KeyCode::Char('L'));
    assert!(
        matches!(c.state.overlay.get_form::<IncidentForm>(), Some(f) if f.title == "Log entry on CAD 0412 25NOV26")
    );
    c.type_text("LX21 reports no trace on arrival").key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("a save");
    assert_eq!(save.id, "in1");
    assert_eq!(save.action["type"], "log");
    assert_eq!(save.action["text"], "LX21 reports no trace on arrival");
    let refusal = ClientError::Api {
        status: 422,
        code: "invalid".into(),
        message: "must not be empty".into(),
        field: Some("action.text".into()),
    };
    c.act(save.answer(Err(refusal)));
    let Some(form) = c.state.overlay.get_form::<IncidentForm>() else { panic!("the form stays open") };
    assert_eq!(form.error_field.as_deref(), Some("text"));
    assert_eq!(form.value("text"), "LX21 reports no trace on arrival");
}

#[test]
fn arrival_prefills_the_one_unit_on_its_way() {
    let mut c = Console::new(board_state(fixtures::state()));
    c.key(KeyCode::Char('s')).key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("a save");
    assert_eq!(save.action, serde_json::json!({"type": "arrive", "call_sign": "LX21"}));
}

#[test]
fn a_close_asks_once_more_before_it_is_sent() {
    let mut c = Console::new(board_state(fixtures::state()));
    c.key(KeyCode::Char('C')).type_text("advice").key(KeyCode::Enter);
    c.type_text("Words of advice given to both parties").key(KeyCode::Enter).key(KeyCode::Enter);
    c.key(KeyCode::Enter);
    assert!(last_save(&c.effects).is_none(), "not sent before it is confirmed");
    let Some(form) = c.state.overlay.get_form::<IncidentForm>() else { panic!("the form asks") };
    let question = form.confirming.clone().expect("a question");
    assert!(question.contains("Close CAD 0412 25NOV26 as advice given?"), "{question}");
    let ui = fixtures::ui("dark");
    insta::assert_snapshot!("incidents_close_confirm", text(&draw(&c.state, &ui, 80, 24)));
    // Esc steps back to the form; Enter twice more sends it.
    c.key(KeyCode::Esc);
    assert!(matches!(c.state.overlay.get_form::<IncidentForm>(), Some(f) if f.confirming.is_none()));
    c.key(KeyCode::Enter).key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("sent once confirmed");
    assert_eq!(save.action["type"], "close");
    assert_eq!(save.action["result"], "advice_given");
}

#[test]
fn a_new_call_is_opened_from_a_form() {
    let mut state = board_state(fixtures::state());
    state.incidents.rows.clear();
    let mut c = Console::new(state);
    c.key(KeyCode::Char('n'));
    let typed = ["anonymous", "", "Outside 12 Acre Lane", "Lambeth", "crime", "burglary", "x", "", "Man climbing in"];
    for value in typed {
        c.type_text(value).key(KeyCode::Enter);
    }
    let Some(form) = c.state.overlay.get_form::<IncidentForm>() else { panic!("refused in the form") };
    assert_eq!(form.error_field.as_deref(), Some("grade"), "{:?}", form.error);
    let ui = fixtures::ui("dark");
    insta::assert_snapshot!("incidents_new_refused", text(&draw(&c.state, &ui, 80, 24)));
    c.key(KeyCode::Backspace).type_text("i");
    for _ in 0..3 {
        c.key(KeyCode::Enter);
    }
    let request = c.effects.iter().find_map(|e| match e {
        Effect::OpenIncident(request) => Some(request.clone()),
        _ => None,
    });
    let request = request.expect("a new incident sent");
    assert_eq!(request.grade, Grade::I);
    assert_eq!(request.category, IncidentCategory::Crime);
    assert_eq!(request.location.borough.as_deref(), Some("Lambeth"));
    let mut opened = rows().remove(0).event;
    opened.id = "in-new".into();
    c.act(Action::IncidentOpened(Ok(opened)));
    assert_eq!(c.state.overlay, Overlay::None);
    assert_eq!(c.state.incidents.list.selected.as_deref(), Some("in-new"));
    assert!(c.effects.iter().any(|e| matches!(e, Effect::LoadIncidentRow { id } if id == "in-new")));
}

#[test]
fn the_board_loads_once_and_a_role_that_may_not_write_is_told() {
    let mut state = fixtures::state();
    state.pane = PaneId::Lookup;
    if let Some(s) = &mut state.session {
        s.roles = crate::domain::role::Roles(vec![crate::domain::role::Role::Investigator]);
    }
    let mut c = Console::new(state);
    c.act(Action::Run("incidents".into()));
    assert_eq!(c.state.pane, PaneId::Incidents);
    assert!(c.effects.iter().any(|e| matches!(e, Effect::LoadIncidents)));
    c.act(Action::IncidentsLoaded(Ok(IncidentBoard { at: fixtures::now(), rows: rows() })));
    c.key(KeyCode::Char('a'));
    assert_eq!(c.state.overlay, Overlay::None);
    let message = c.state.message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    assert!(message.contains("may not write incidents"), "{message}");
}
