//! The incident's rules, one at a time: opening, each transition and its
//! refusals, the attendance clock through a regrade, closing, duplicates.

use chrono::{DateTime, Duration, Utc};

use super::lifecycle::{apply, duplicate, opened_record, Acting};
use super::*;
use crate::domain::event::{AsbCategory, Event, EventDetails, EventKind};
use crate::domain::link::{EventPerson, EventRole, LinkedRecord};
use crate::domain::provenance::Provenance;

fn t0() -> DateTime<Utc> {
    "2026-12-02T21:40:00Z".parse().unwrap()
}

fn mins(m: i64) -> DateTime<Utc> {
    t0() + Duration::minutes(m)
}

fn call(grade: Grade) -> OpenIncident {
    serde_json::from_value(serde_json::json!({
        "caller": {"name": "Maya Okafor", "phone": "07700 900461", "callback": true},
        "location": {"description": "Outside 14 Acre Lane", "borough": "lambeth"},
        "category": "crime", "subtype": "burglary", "grade": grade,
        "summary": "Two men forcing the door of the flat opposite"
    }))
    .unwrap()
}

fn opened(grade: Grade) -> IncidentState {
    let input = call(grade).record("op.khan", &IncidentRules::default(), t0()).unwrap();
    let EventDetails::Incident(details) = input.details else { panic!("not an incident") };
    IncidentState { details: *details, people: input.people }
}

fn at(m: i64) -> Acting<'static> {
    static RULES: std::sync::OnceLock<IncidentRules> = std::sync::OnceLock::new();
    Acting { by: "op.khan", now: mins(m), rules: RULES.get_or_init(IncidentRules::default) }
}

fn step(s: &IncidentState, action: IncidentAction, m: i64) -> IncidentState {
    apply(s, &action, &at(m)).unwrap_or_else(|e| panic!("{action:?}: {e}"))
}

fn refused(s: &IncidentState, action: IncidentAction, m: i64) -> crate::domain::FieldError {
    apply(s, &action, &at(m)).expect_err("refused")
}

fn assign(sign: &str) -> IncidentAction {
    IncidentAction::Assign { call_sign: sign.into() }
}

fn arrive(sign: &str) -> IncidentAction {
    IncidentAction::Arrive { call_sign: sign.into() }
}

fn close(result: IncidentResult) -> IncidentAction {
    IncidentAction::Close { result, note: "Words of advice given".into(), offence: None, asb_category: None }
}

#[test]
fn opening_grades_logs_and_starts_the_clock() {
    let s = opened(Grade::I);
    let d = &s.details;
    assert_eq!(d.status, IncidentStatus::Open);
    assert_eq!(d.location.borough.as_deref(), Some("Lambeth"));
    assert_eq!(d.log.len(), 1);
    assert!(d.log[0].text.contains("Crime / burglary, grade I"), "{}", d.log[0].text);
    assert_eq!(Clock::of(d), Clock::Running { from: t0(), due: mins(15) });
    assert_eq!(Clock::of(d).words(mins(3)), "12m left");
    assert!(Clock::of(d).is_due_soon(mins(12)) && !Clock::of(d).is_due_soon(mins(10)));
    assert!(Clock::of(d).is_overdue(mins(16)));
    assert_eq!(Clock::of(d).words(mins(22)), "OVERDUE 7m");
    assert_eq!(Clock::of(&opened(Grade::S).details).remaining(t0()), Some(Duration::minutes(60)));
    assert_eq!(Clock::of(&opened(Grade::E).details), Clock::NoAppointment);
    assert_eq!(Clock::of(&opened(Grade::R).details), Clock::NoTarget);
}

#[test]
fn bad_calls_are_refused_with_the_field_named() {
    let rules = IncidentRules::default();
    let mut c = call(Grade::I);
    c.subtype = "shoplifting".into();
    assert_eq!(c.record("op", &rules, t0()).unwrap_err().field, "subtype");
    let mut c = call(Grade::I);
    c.location = IncidentLocation { address: None, description: None, borough: Some("Lambeth".into()) };
    assert_eq!(c.record("op", &rules, t0()).unwrap_err().field, "location.description");
    let mut c = call(Grade::I);
    c.location.borough = Some("Gotham".into());
    assert_eq!(c.record("op", &rules, t0()).unwrap_err().field, "location.borough");
    let mut c = call(Grade::S);
    c.appointment = Some(mins(60));
    assert_eq!(c.record("op", &rules, t0()).unwrap_err().field, "appointment");
    let mut c = call(Grade::I);
    c.people = vec![EventPerson { person_id: "p1".into(), role: EventRole::Detainee }];
    assert_eq!(c.record("op", &rules, t0()).unwrap_err().field, "people[0].role");
    // The wire refuses what is not a grade or a category, naming it.
    let mut json = serde_json::to_value(call(Grade::I)).unwrap();
    json["grade"] = "X".into();
    assert!(serde_json::from_value::<OpenIncident>(json).is_err());
}

#[test]
fn an_incident_walks_from_open_to_closed() {
    let mut s = opened(Grade::I);
    s = step(&s, assign("lx21"), 2);
    assert_eq!(s.details.status, IncidentStatus::Resourced);
    assert_eq!(s.details.resources[0].call_sign, "LX21");
    s = step(&s, IncidentAction::EnRoute { call_sign: "LX21".into() }, 3);
    s = step(&s, arrive("LX21"), 11);
    assert_eq!(s.details.status, IncidentStatus::AtScene);
    assert_eq!(Clock::of(&s.details), Clock::Attended { at: mins(11), late: false });
    s = step(&s, IncidentAction::Log { text: "Suspects made off towards Brixton Hill".into() }, 14);
    s = step(&s, IncidentAction::Release { call_sign: "LX21".into() }, 40);
    assert_eq!(s.details.status, IncidentStatus::Open, "nobody left at the scene or on the way");
    s = step(&s, close(IncidentResult::AdviceGiven), 41);
    assert_eq!(s.details.status, IncidentStatus::Closed);
    let kinds: Vec<LogKind> = s.details.log.iter().map(|e| e.kind).collect();
    let (o, r, n, c) = (LogKind::Opened, LogKind::Resource, LogKind::Note, LogKind::Closed);
    assert_eq!(kinds, [o, r, r, r, n, r, c]);
    assert!(s.details.log.iter().all(|e| e.by == "op.khan"));
}

#[test]
fn an_arrival_needs_an_assignment() {
    let s = opened(Grade::I);
    let e = refused(&s, arrive("LX21"), 5);
    assert_eq!(e.field, "action.call_sign");
    assert!(e.message.contains("not assigned"), "{}", e.message);
    let s = step(&s, assign("LX22"), 2);
    assert_eq!(refused(&s, arrive("LX21"), 5).field, "action.call_sign");
    assert_eq!(refused(&s, assign("LX22"), 5).field, "action.call_sign", "assigned twice");
    let s = step(&s, IncidentAction::Release { call_sign: "LX22".into() }, 6);
    assert_eq!(refused(&s, arrive("LX22"), 7).field, "action.call_sign", "released, not assigned");
    // Sent again, it is a new resource with its own times.
    let s = step(&s, assign("LX22"), 8);
    assert_eq!(s.details.resources.len(), 2);
}

#[test]
fn a_regrade_needs_a_reason_and_restarts_the_clock_from_the_regrade() {
    let s = opened(Grade::S);
    assert_eq!(Clock::of(&s.details).remaining(mins(10)), Some(Duration::minutes(50)));
    let e = refused(&s, IncidentAction::Regrade { grade: Grade::I, reason: " ".into(), appointment: None }, 10);
    assert_eq!(e.field, "action.reason");
    let same = IncidentAction::Regrade { grade: Grade::S, reason: "still significant".into(), appointment: None };
    assert_eq!(refused(&s, same, 10).field, "action.grade");
    let up =
        IncidentAction::Regrade { grade: Grade::I, reason: "Caller says a knife is out".into(), appointment: None };
    let s = step(&s, up, 10);
    // 15 minutes from the regrade at +10, not from the call.
    assert_eq!(Clock::of(&s.details), Clock::Running { from: mins(10), due: mins(25) });
    assert_eq!(Clock::of(&s.details).words(mins(27)), "OVERDUE 2m");
    assert_eq!(s.details.grading.len(), 2, "the history is kept");
    assert_eq!(s.details.grading[0].grade, Grade::S);
    assert_eq!(s.details.grading[1].reason.as_deref(), Some("Caller says a knife is out"));
    assert_eq!(s.details.grade(), Grade::I);
    // Attended at +20: within the I target set at the regrade.
    let s = step(&step(&s, assign("LX21"), 11), arrive("LX21"), 20);
    assert_eq!(Clock::of(&s.details), Clock::Attended { at: mins(20), late: false });
    // Attended at +30 against the same target: late.
    let late = opened(Grade::I);
    let late = step(&step(&late, assign("LX21"), 1), arrive("LX21"), 30);
    assert_eq!(Clock::of(&late.details), Clock::Attended { at: mins(30), late: true });
    assert!(late.details.log.last().unwrap().text.contains("after the target"));
}

#[test]
fn an_extended_grade_waits_for_its_appointment() {
    let s = opened(Grade::S);
    let no_appt = IncidentAction::Regrade { grade: Grade::E, reason: "Suspects gone".into(), appointment: None };
    let s = step(&s, no_appt, 20);
    assert_eq!(Clock::of(&s.details), Clock::NoAppointment);
    let tomorrow = mins(60 * 14);
    let appt = IncidentAction::Regrade {
        grade: Grade::E,
        reason: "Appointment made with the caller".into(),
        appointment: Some(tomorrow),
    };
    let s = step(&s, appt, 25);
    assert_eq!(Clock::of(&s.details), Clock::Running { from: mins(25), due: tomorrow });
    let past = IncidentAction::Regrade { grade: Grade::E, reason: "Appointment".into(), appointment: Some(mins(1)) };
    assert_eq!(refused(&s, past, 30).field, "action.appointment");
    // A force may set a target for E without an appointment.
    let rules = IncidentRules { extended_minutes: Some(48 * 60), ..IncidentRules::default() };
    assert_eq!(rules.due(Grade::E, t0(), None), Some(t0() + Duration::hours(48)));
    assert!(IncidentRules { immediate_minutes: 0, ..IncidentRules::default() }.validate().is_err());
}

#[test]
fn a_close_needs_what_its_result_opens_and_happens_once() {
    let s = opened(Grade::S);
    let bare = IncidentAction::Close {
        result: IncidentResult::CrimeRecorded,
        note: "Burglary confirmed".into(),
        offence: None,
        asb_category: None,
    };
    assert_eq!(refused(&s, bare, 5).field, "action.offence");
    let asb = IncidentAction::Close {
        result: IncidentResult::AsbRecorded,
        note: "Youths again".into(),
        offence: None,
        asb_category: None,
    };
    assert_eq!(refused(&s, asb, 5).field, "action.asb_category");
    assert_eq!(refused(&s, close(IncidentResult::Duplicate), 5).field, "action.result");
    let no_note =
        IncidentAction::Close { result: IncidentResult::NoTrace, note: "".into(), offence: None, asb_category: None };
    assert_eq!(refused(&s, no_note, 5).field, "action.note");
    let s = step(&step(&s, assign("LX21"), 2), close(IncidentResult::NoTrace), 9);
    assert_eq!(s.details.resources[0].status, ResourceStatus::Released, "closing releases the units");
    assert_eq!(Clock::of(&s.details), Clock::ClosedUnattended);
    // Closed: only later log entries.
    let e = refused(&s, close(IncidentResult::AdviceGiven), 10);
    assert_eq!(e.field, "action.type");
    assert!(e.message.contains("closed"), "{}", e.message);
    assert_eq!(refused(&s, assign("LX22"), 10).field, "action.type");
    let regrade = IncidentAction::Regrade { grade: Grade::I, reason: "late news".into(), appointment: None };
    assert_eq!(refused(&s, regrade, 10).field, "action.type");
    let s = step(&s, IncidentAction::Log { text: "Caller rang back: all quiet".into() }, 60);
    assert_eq!(s.details.status, IncidentStatus::Closed);
}

#[test]
fn people_are_linked_in_their_part_once() {
    let s = opened(Grade::S);
    let link = |id: &str, role| IncidentAction::LinkPerson { person_id: id.into(), role };
    let s = step(&s, link("p1", EventRole::Suspect), 3);
    assert_eq!(refused(&s, link("p1", EventRole::Suspect), 4).field, "action.person_id");
    assert_eq!(refused(&s, link("p2", EventRole::Defendant), 4).field, "action.role");
    let s = step(&s, link("p2", EventRole::ReportingPerson), 4);
    assert!(s.people.contains(&EventPerson { person_id: "p2".into(), role: EventRole::ReportingPerson }));
    assert_eq!(s.people.len(), 2);
}

fn event_of(state: &IncidentState, id: &str, reference: &str) -> Event {
    Event {
        id: id.into(),
        kind: EventKind::Incident,
        reference: reference.into(),
        version: 3,
        status: state.details.status.as_str().into(),
        occurred_at: t0(),
        borough: Some("Lambeth".into()),
        summary: "Two men forcing a door".into(),
        people: state.people.clone(),
        details: EventDetails::Incident(Box::new(state.details.clone())),
        created_at: t0(),
        updated_at: t0(),
        provenance: Provenance::entered("op.khan", t0()),
    }
}

#[test]
fn a_crime_recorded_opens_a_crime_report_pre_filled_from_the_incident() {
    let mut s = opened(Grade::I);
    s.people.push(EventPerson { person_id: "p9".into(), role: EventRole::Suspect });
    let action = IncidentAction::Close {
        result: IncidentResult::CrimeRecorded,
        note: "Door forced, nothing taken".into(),
        offence: Some("Burglary (dwelling)".into()),
        asb_category: None,
    };
    let closed = step(&s, action.clone(), 30);
    let event = event_of(&closed, "inc-1", "CAD 0412 02DEC26");
    let crime = opened_record(&event, &action).expect("a crime report");
    let EventDetails::Crime(d) = &crime.details else { panic!("not a crime") };
    assert_eq!(d.offence, "Burglary (dwelling)");
    let from = d.from_incident.as_ref().unwrap();
    assert_eq!((from.id.as_str(), from.reference.as_str()), ("inc-1", "CAD 0412 02DEC26"));
    assert_eq!(crime.people, event.people);
    assert_eq!(crime.borough.as_deref(), Some("Lambeth"));
    assert!(crime.summary.contains("Outside 14 Acre Lane") && crime.summary.contains("Log: Opened as Crime"));
    let asb = IncidentAction::Close {
        result: IncidentResult::AsbRecorded,
        note: "Noise".into(),
        offence: None,
        asb_category: Some(AsbCategory::Nuisance),
    };
    assert!(matches!(opened_record(&event, &asb).map(|i| i.details), Some(EventDetails::Asb(_))));
    assert!(opened_record(&event, &close(IncidentResult::AdviceGiven)).is_none());
}

#[test]
fn a_repeat_call_closes_as_a_duplicate_and_the_first_hears_of_it() {
    let first = opened(Grade::I);
    let repeat = opened(Grade::S);
    let (a, b) = (
        LinkedRecord { kind: EventKind::Incident, id: "a".into(), reference: "CAD 0001 02DEC26".into() },
        LinkedRecord { kind: EventKind::Incident, id: "b".into(), reference: "CAD 0002 02DEC26".into() },
    );
    let (dup, orig) = duplicate((&b, &repeat.details), (&a, &first.details), &at(4)).unwrap();
    assert_eq!(dup.status, IncidentStatus::Closed);
    assert_eq!(dup.closure.as_ref().unwrap().result, IncidentResult::Duplicate);
    assert_eq!(dup.duplicate_of.as_ref(), Some(&a));
    assert_eq!(orig.duplicates, vec![b.clone()]);
    assert_eq!(orig.log.last().unwrap().kind, LogKind::Duplicate);
    assert_eq!(duplicate((&a, &first.details), (&a, &first.details), &at(4)).unwrap_err().field, "action.incident_id");
    assert_eq!(duplicate((&b, &repeat.details), (&a, &dup), &at(4)).unwrap_err().field, "action.incident_id");
}

#[test]
fn the_list_orders_by_grade_then_time_left() {
    let urgency = |s: &IncidentState| Urgency::of(&s.details, t0());
    let i_fresh = opened(Grade::I);
    let s_old = opened(Grade::S);
    let i_regraded = step(
        &opened(Grade::S),
        IncidentAction::Regrade { grade: Grade::I, reason: "weapon seen".into(), appointment: None },
        5,
    );
    let i_attended = step(&step(&opened(Grade::I), assign("LX1"), 1), arrive("LX1"), 2);
    let r = opened(Grade::R);
    let mut all = [&r, &i_attended, &s_old, &i_regraded, &i_fresh];
    all.sort_by_key(|s| urgency(s));
    assert_eq!(
        all.map(|s| (s.details.grade(), Clock::of(&s.details).remaining(t0()).map(|d| d.num_minutes()))),
        [(Grade::I, Some(15)), (Grade::I, Some(20)), (Grade::I, None), (Grade::S, Some(60)), (Grade::R, None),]
    );
}
