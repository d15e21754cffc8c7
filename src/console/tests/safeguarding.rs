//! The safeguarding pane: its queues drawn in their states (each row's
//! person with flags as symbol and word, category, risk, age and what is
//! due; a missing person's time missing), the forms that sign off, refer,
//! record a response and mark found, worked with keys through the router
//! the binary uses, and the server's refusals shown in its words on the
//! input they name.

use crate::console::state::safeguarding::SafeguardingForm;
use crossterm::event::KeyCode;

use super::fixtures::{self, t};
use super::harness::{last_save, Console};
use super::snapshots::{draw, text};
use crate::api::incidents::IncidentPerson;
use crate::api::safeguarding::{SafeguardingQueue, SafeguardingRow};
use crate::client::ClientError;
use crate::console::action::Action;
use crate::console::state::{Overlay, PaneId, State};
use crate::console::update::safeguarding_reads::{SafeguardingAnswer, SafeguardingRead};
use crate::domain::event::{Event, EventDetails, EventKind};
use crate::domain::link::{EventPerson, EventRole};
use crate::domain::person::Flags;
use crate::domain::provenance::Provenance;
use crate::domain::role::{Role, Roles};
use crate::domain::safeguarding::*;

fn person(id: &str, name: &str, flags: Flags) -> IncidentPerson {
    IncidentPerson { person_id: id.into(), role: EventRole::Subject, name: name.into(), markers: Vec::new(), flags }
}

fn row(
    id: &str,
    reference: &str,
    summary: &str,
    d: SafeguardingDetails,
    who: IncidentPerson,
    by: &str,
) -> SafeguardingRow {
    let submitted = d.submitted.as_ref().map(|s| s.at).unwrap_or(t("2026-11-25T09:00:00Z"));
    let due = clock::due(&d, fixtures::now());
    let details = EventDetails::Safeguarding(Box::new(d));
    let event = Event {
        id: id.into(),
        kind: EventKind::Safeguarding,
        reference: reference.into(),
        version: 3,
        status: details.status(),
        occurred_at: submitted,
        borough: Some("Lambeth".into()),
        summary: summary.into(),
        people: vec![EventPerson { person_id: who.person_id.clone(), role: EventRole::Subject }],
        details,
        created_at: submitted,
        updated_at: submitted,
        provenance: Provenance::entered(by, submitted),
    };
    SafeguardingRow { event, due, people: vec![who] }
}

fn submitted(category: SafeguardingCategory, risk: RiskLevel, at: &str) -> SafeguardingDetails {
    let mut d = SafeguardingDetails::draft(category, risk, "dc.shah".into());
    d.risk_reasons = "Bruising seen by the school nurse".into();
    d.status = SafeguardingStatus::Submitted;
    d.submitted = Some(Stamp { by: "dc.shah".into(), at: t(at) });
    d.sign_off_due = Some(t(at) + chrono::Duration::hours(24));
    d
}

pub(super) fn awaiting() -> Vec<SafeguardingRow> {
    let at_risk = Flags { at_risk: true, ..Flags::default() };
    vec![
        row(
            "sg1",
            "SG/26/0000101",
            "Child with unexplained bruising",
            submitted(SafeguardingCategory::ChildWelfare, RiskLevel::High, "2026-11-24T10:00:00Z"),
            person("p-amy", "Amy Clarke", at_risk),
            "dc.shah",
        ),
        row(
            "sg2",
            "SG/26/0000102",
            "Elderly man left without care",
            submitted(SafeguardingCategory::AdultAtRisk, RiskLevel::Medium, "2026-11-25T11:30:00Z"),
            person("p-ron", "Ronald Baker", Flags::default()),
            "dc.shah",
        ),
        // The supervisor's own report: another signs it off.
        row(
            "sg3",
            "SG/26/0000103",
            "Forced marriage feared",
            submitted(SafeguardingCategory::ForcedMarriage, RiskLevel::High, "2026-11-25T12:00:00Z"),
            person("p-zara", "Zara Ahmed", at_risk),
            "ds.moss",
        ),
    ]
}

fn missing() -> SafeguardingRow {
    let mut d = SafeguardingDetails::draft(SafeguardingCategory::MissingPerson, RiskLevel::High, "dc.shah".into());
    d.status = SafeguardingStatus::SignedOff;
    d.missing = Some(MissingReport {
        last_seen_at: t("2026-11-25T06:40:00Z"),
        last_seen_place: "Brixton station".into(),
        grade: MissingGrade::High,
        grade_reason: "Fourteen, no history of going missing".into(),
        regrades: Vec::new(),
        enquiries: Vec::new(),
        found: None,
    });
    let flags = Flags { missing: true, at_risk: true, ..Flags::default() };
    row("sg9", "SG/26/0000109", "Girl of 14 missing from home", d, person("p-lily", "Lily Evans", flags), "dc.shah")
}

/// A queue loaded, as `roles` sees it, logged in as ds.moss.
pub(super) fn sg_state(roles: Vec<Role>, queue: SafeguardingQueue, rows: Vec<SafeguardingRow>) -> State {
    let mut state = fixtures::state();
    state.pane = PaneId::Safeguarding;
    if let Some(session) = &mut state.session {
        session.username = "ds.moss".into();
        session.roles = Roles(roles);
    }
    let s = &mut state.safeguarding;
    s.queue = Some(queue);
    s.list.selected = rows.first().map(|r| r.event.id.clone());
    s.rows = rows;
    s.loaded = true;
    s.agencies = vec![
        Agency {
            code: "lambeth-childrens".into(),
            name: "Lambeth children's social care".into(),
            kind: AgencyKind::ChildrenSocialCare,
        },
        Agency { code: "lambeth-mash".into(), name: "Lambeth MASH".into(), kind: AgencyKind::Mash },
        Agency {
            code: "southwark-adults".into(),
            name: "Southwark adults' social care".into(),
            kind: AgencyKind::AdultsSocialCare,
        },
    ];
    state
}

fn supervisor() -> State {
    sg_state(vec![Role::SafeguardingSupervisor], SafeguardingQueue::AwaitingSignOff, awaiting())
}

#[test]
fn the_queues_in_their_states() {
    let ui = fixtures::ui("dark");
    let state = supervisor();
    let normal = text(&draw(&state, &ui, 120, 30));
    insta::assert_snapshot!("safeguarding_normal", normal);
    assert!(normal.contains("Amy Clarke ! AT RISK"), "the person's flags by symbol and word:\n{normal}");
    assert!(normal.contains("(1 of yours for another supervisor)"), "{normal}");
    assert!(!normal.contains("SG/26/0000103"), "the supervisor's own report is not theirs to sign:\n{normal}");
    assert!(normal.contains("✖ sign-off overdue 4h"), "overdue by symbol and word:\n{normal}");
    insta::assert_snapshot!("safeguarding_narrow", text(&draw(&state, &ui, 80, 24)));
    let mut empty = state.clone();
    empty.safeguarding.rows.clear();
    empty.safeguarding.list.selected = None;
    insta::assert_snapshot!("safeguarding_empty", text(&draw(&empty, &ui, 80, 24)));

    let gone = sg_state(vec![Role::SafeguardingSupervisor], SafeguardingQueue::Missing, vec![missing()]);
    let screen = text(&draw(&gone, &ui, 120, 30));
    insta::assert_snapshot!("safeguarding_missing", screen);
    assert!(screen.contains("? missing 7h 20m"), "how long missing:\n{screen}");
    assert!(screen.contains("Lily Evans ? MISSING ! AT RISK"), "{screen}");

    // A role that may not read safeguarding is told so, and loads nothing.
    let mut c = Console::new(sg_state(vec![Role::ControlRoom], SafeguardingQueue::AwaitingSignOff, Vec::new()));
    c.state.pane = PaneId::Lookup;
    c.state.safeguarding.loaded = false;
    c.act(Action::Command(crate::console::action::Command::Show(PaneId::Safeguarding)));
    assert!(!c
        .effects
        .iter()
        .any(|e| matches!(e.desk::<SafeguardingRead>(), Some(SafeguardingRead::SafeguardingQueue { .. }))));
    let screen = text(&draw(&c.state, &ui, 80, 24));
    assert!(screen.contains("⊘ Safeguarding reports are withheld from your role."), "{screen}");
}

#[test]
fn a_supervisor_signs_off_then_refers_naming_the_agency() {
    let mut c = Console::new(supervisor());
    c.key(KeyCode::Char('s'));
    c.type_text("Strategy discussion today");
    c.key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("sent");
    assert_eq!(save.action, serde_json::json!({"type": "sign_off", "note": "Strategy discussion today"}));
    assert_eq!((save.id.as_str(), save.version), ("sg1", 3));

    let mut c = Console::new(supervisor());
    c.key(KeyCode::Char('f'));
    // The agency left empty is refused on its input, before sending.
    c.key(KeyCode::Enter).key(KeyCode::Enter);
    let Some(form) = c.state.overlay.get_form::<SafeguardingForm>() else { panic!("the form closed") };
    assert_eq!(form.error_field.as_deref(), Some("agency"), "{:?}", form.error);
    assert!(last_save(&c.effects).is_none());
    c.type_text("lambeth child");
    let screen = text(&draw(&c.state, &fixtures::ui("dark"), 120, 30));
    assert!(screen.contains("Agencies: Lambeth children's social care (lambeth-childrens)"), "{screen}");
    c.key(KeyCode::Enter);
    c.type_text("Duty team");
    c.key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("sent");
    assert_eq!(
        save.action,
        serde_json::json!({"type": "refer", "agency": "lambeth-childrens", "recipient": "Duty team"})
    );
}

#[test]
fn refusals_show_in_the_servers_words_on_the_input_they_name() {
    let ui = fixtures::ui("dark");
    // A safeguarding officer is not stopped by the console: the server says why.
    let mut c = Console::new(sg_state(vec![Role::Safeguarding], SafeguardingQueue::AwaitingSignOff, awaiting()));
    c.key(KeyCode::Char('s')).key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("sent");
    let refusal = ClientError::Api {
        status: 403,
        code: "forbidden".into(),
        message: "only a safeguarding supervisor may sign off a safeguarding report".into(),
        field: None,
    };
    c.act(save.answer(Err(refusal)));
    let screen = text(&draw(&c.state, &ui, 120, 30));
    insta::assert_snapshot!("safeguarding_sign_off_refused", screen);
    assert!(screen.contains("✖ Not saved: only a safeguarding supervisor may sign off"), "{screen}");

    // The author: refused by the server, in its words.
    let mut c = Console::new(supervisor());
    c.key(KeyCode::Char('s')).key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("sent");
    let refusal = ClientError::Api {
        status: 422,
        code: "invalid".into(),
        message: "the author of a report may not sign it off".into(),
        field: Some("action.note".into()),
    };
    c.act(save.answer(Err(refusal)));
    let Some(form) = c.state.overlay.get_form::<SafeguardingForm>() else { panic!("the form closed") };
    assert_eq!(form.error.as_deref(), Some("Not saved: Note: the author of a report may not sign it off"));
}

#[test]
fn a_response_and_a_found_person_are_recorded_from_their_forms() {
    let mut referred = awaiting().remove(0);
    let mut c = Console::new(sg_state(
        vec![Role::Safeguarding],
        SafeguardingQueue::ResponseOverdue,
        vec![{
            referred.event.version = 5;
            referred
        }],
    ));
    c.key(KeyCode::Char('a'));
    c.type_text("maybe");
    c.key(KeyCode::Enter).type_text("Strategy meeting set").key(KeyCode::Enter).key(KeyCode::Enter);
    let Some(form) = c.state.overlay.get_form::<SafeguardingForm>() else { panic!("the form closed") };
    assert_eq!(form.error_field.as_deref(), Some("decision"));
    // The refusal put the focus back on the decision.
    c.key_with(KeyCode::Char('u'), crossterm::event::KeyModifiers::CONTROL).type_text("accepted");
    c.key(KeyCode::Enter).key(KeyCode::Enter).key(KeyCode::Enter);
    let save = last_save(&c.effects).expect("sent");
    assert_eq!(
        save.action,
        serde_json::json!({"type": "record_response", "decision": "accepted", "text": "Strategy meeting set"})
    );

    let mut c = Console::new(sg_state(vec![Role::Safeguarding], SafeguardingQueue::Missing, vec![missing()]));
    c.key(KeyCode::Char('m'));
    // The time stands at now; the place first, then found at 13:15 today (London).
    c.type_text("A friend's flat, Stockwell").key(KeyCode::Up);
    c.key_with(KeyCode::Char('u'), crossterm::event::KeyModifiers::CONTROL).type_text("13:15");
    c.key(KeyCode::Enter).key(KeyCode::Enter).key(KeyCode::Enter);
    let save = last_save(&c.effects).unwrap_or_else(|| panic!("not sent: {:?} {:?}", c.state.overlay, c.state.message));
    assert_eq!(
        save.action,
        serde_json::json!({"type": "found", "at": "2026-11-25T13:15:00Z", "place": "A friend's flat, Stockwell"})
    );
    // Only a missing-person report has someone to mark found.
    let mut c = Console::new(supervisor());
    c.key(KeyCode::Char('m'));
    assert_eq!(c.state.overlay, Overlay::None);
    assert!(c.state.message.as_ref().is_some_and(|m| m.text.contains("missing-person")));
}

#[test]
fn a_change_elsewhere_reads_the_queue_again_and_the_report_moves_on() {
    let mut c = Console::new(supervisor());
    c.act(Action::desk(SafeguardingAnswer::SafeguardingQueue {
        seq: c.state.safeguarding.seq,
        append: false,
        result: Ok(crate::api::safeguarding::SafeguardingQueuePage {
            at: fixtures::now(),
            rows: awaiting().into_iter().skip(1).collect(),
            more: 0,
            more_at_least: false,
            next: None,
        }),
    }));
    let ids: Vec<String> = c.state.safeguarding.visible(Some("ds.moss")).iter().map(|r| r.event.id.clone()).collect();
    assert_eq!(ids, ["sg2"], "signed off elsewhere: gone from the queue");
    assert_eq!(c.state.safeguarding.list.selected.as_deref(), Some("sg2"), "the selection moves to the nearest");
}
