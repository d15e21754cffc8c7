use chrono::{Duration, NaiveDate, TimeZone, Utc};

use super::lifecycle::{apply, Acting, AsbAction, AsbState};
use super::*;
use crate::domain::event::{EventKind, OpenClosed};
use crate::domain::link::{EventPerson, EventRole, LinkedRecord};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap()
}

fn incident(id: &str, days_ago: i64, category: AsbCategory, victim: &str) -> LinkedIncident {
    LinkedIncident {
        record: LinkedRecord { kind: EventKind::Incident, id: id.into(), reference: format!("CAD-{id}") },
        at: now() - Duration::days(days_ago),
        category,
        place: Some("Stairwell, Block C".into()),
        people: vec![EventPerson { person_id: victim.into(), role: EventRole::Victim }],
        linked_at: now(),
        linked_by: "pc.ahmed".into(),
    }
}

fn case() -> AsbState {
    AsbState { details: AsbDetails::new(AsbCategory::Nuisance), people: Vec::new() }
}

fn act(state: &AsbState, action: AsbAction, linking: Option<LinkedIncident>) -> Result<AsbState, FieldError> {
    let rules = AsbRules::default();
    apply(state, &action, &Acting { by: "pc.ahmed", now: now(), rules: &rules, linking })
}

fn link(state: &AsbState, i: LinkedIncident) -> AsbState {
    act(state, AsbAction::LinkIncident { record_id: i.record.id.clone(), category: None }, Some(i)).unwrap()
}

#[test]
fn the_trigger_is_met_by_the_third_incident_in_six_months_and_unmet_when_one_is_unlinked() {
    let rules = AsbRules::default();
    let mut s = case();
    s = link(&s, incident("a", 200, AsbCategory::Nuisance, "p1"));
    s = link(&s, incident("b", 90, AsbCategory::Nuisance, "p1"));
    s = link(&s, incident("c", 30, AsbCategory::Nuisance, "p1"));
    // The first is outside six months: two count.
    assert!(!standing(&s.details, &rules, now()).trigger.met);
    s = link(&s, incident("d", 2, AsbCategory::Nuisance, "p1"));
    let st = standing(&s.details, &rules, now());
    assert!(st.trigger.met);
    assert_eq!(st.trigger.counted, vec!["CAD-b", "CAD-c", "CAD-d"]);
    assert_eq!(s.details.incidents.iter().map(|i| i.record.id.as_str()).collect::<Vec<_>>(), ["a", "b", "c", "d"]);
    assert_eq!(s.people, vec![EventPerson { person_id: "p1".into(), role: EventRole::Victim }]);
    let v = &st.victims[0];
    assert!(v.repeat && !v.vulnerable, "{v:?}");
    let s = act(&s, AsbAction::UnlinkIncident { record_id: "c".into(), reason: "Wrong block".into() }, None).unwrap();
    assert!(!standing(&s.details, &rules, now()).trigger.met);
    assert!(s.details.log.last().unwrap().text.contains("Wrong block"));
}

#[test]
fn an_incident_linked_twice_is_refused_with_the_rule_named() {
    let s = link(&case(), incident("a", 3, AsbCategory::Personal, "p1"));
    let again = incident("a", 3, AsbCategory::Personal, "p1");
    let err = act(&s, AsbAction::LinkIncident { record_id: "a".into(), category: None }, Some(again)).unwrap_err();
    assert_eq!(err.field, "action.record_id");
    assert!(err.message.contains("already linked"), "{}", err.message);
}

#[test]
fn a_review_before_the_trigger_needs_an_override_and_is_recorded_with_its_panel() {
    let s = link(&case(), incident("a", 3, AsbCategory::Personal, "p1"));
    let err = act(&s, AsbAction::RequestReview { override_reason: None }, None).unwrap_err();
    assert_eq!(err.field, "action.override_reason");
    assert!(err.message.contains("1 of 3"), "{}", err.message);
    let s = act(&s, AsbAction::RequestReview { override_reason: Some("Victim is 84 and alone".into()) }, None).unwrap();
    assert!(!s.details.reviews[0].trigger_met);
    let err = act(&s, AsbAction::Close { result: AsbResult::Resolved, note: "Quiet".into() }, None).unwrap_err();
    assert!(err.message.contains("case review"), "{}", err.message);
    let review = AsbAction::RecordReview {
        panel: vec!["Lambeth Council ASB team".into(), " ".into()],
        decision: "Injunction to be sought".into(),
        action_plan: "Housing to apply within 14 days".into(),
    };
    let s = act(&s, review, None).unwrap();
    let outcome = s.details.reviews[0].outcome.as_ref().unwrap();
    assert_eq!(outcome.panel, vec!["Lambeth Council ASB team"]);
    let s = act(&s, AsbAction::Close { result: AsbResult::Resolved, note: "Quiet for 3 months".into() }, None).unwrap();
    assert_eq!(s.details.status, OpenClosed::Closed);
    let err = act(&s, AsbAction::RequestReview { override_reason: Some("x".into()) }, None).unwrap_err();
    assert!(err.message.contains("closed"));
}

#[test]
fn a_victim_assessed_high_or_repeatedly_targeted_is_vulnerable() {
    let rules = AsbRules::default();
    let mut s = link(&case(), incident("a", 10, AsbCategory::Personal, "p1"));
    s = link(&s, incident("b", 5, AsbCategory::Nuisance, "p2"));
    let err = act(&s, AsbAction::AssessRisk { person_id: "p9".into(), risk: AsbRisk::High, reasons: "x".into() }, None);
    assert_eq!(err.unwrap_err().field, "action.person_id");
    let s2 = act(
        &s,
        AsbAction::AssessRisk { person_id: "p2".into(), risk: AsbRisk::High, reasons: "Lives alone".into() },
        None,
    )
    .unwrap();
    let st = standing(&s2.details, &rules, now());
    assert!(!st.victims[0].vulnerable && st.victims[1].vulnerable);
    let s3 = link(&s, incident("c", 1, AsbCategory::Personal, "p1"));
    let st = standing(&s3.details, &rules, now());
    assert!(st.victims[0].repeat && st.victims[0].vulnerable);
}

#[test]
fn tools_are_typed_with_their_dates() {
    let mut s = link(&case(), incident("a", 10, AsbCategory::Personal, "p1"));
    s.people.push(EventPerson { person_id: "s1".into(), role: EventRole::Subject });
    let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    let tool = |tool, person: Option<&str>, until, note: Option<&str>| AsbAction::RecordTool {
        tool,
        person_id: person.map(String::from),
        from: day(10),
        until,
        note: note.map(String::from),
    };
    assert_eq!(act(&s, tool(AsbTool::WarningLetter, None, None, None), None).unwrap_err().field, "action.person_id");
    assert_eq!(act(&s, tool(AsbTool::CivilInjunction, Some("s1"), None, None), None).unwrap_err().field, "action.note");
    assert_eq!(
        act(&s, tool(AsbTool::AcceptableBehaviourContract, Some("s1"), Some(day(1)), None), None).unwrap_err().field,
        "action.until"
    );
    let s = act(&s, tool(AsbTool::AcceptableBehaviourContract, Some("s1"), Some(day(30)), None), None).unwrap();
    assert_eq!(s.details.tools[0].until, Some(day(30)));
    let s = act(&s, tool(AsbTool::ClosureOrder, None, None, Some("Camberwell Green Magistrates")), None).unwrap();
    assert_eq!(s.details.tools.len(), 2);
}

#[test]
fn the_rules_keep_the_threshold_at_or_below_the_laws() {
    assert!(AsbRules::default().validate().is_ok());
    let raised = AsbRules { review_trigger_incidents: 4, ..AsbRules::default() };
    assert_eq!(raised.validate().unwrap_err().field, "review_trigger_incidents");
    let short = AsbRules { review_trigger_days: 90, ..AsbRules::default() };
    assert_eq!(short.validate().unwrap_err().field, "review_trigger_days");
}

#[test]
fn an_erased_victim_leaves_the_links_assessments_and_tools() {
    let mut s = link(&case(), incident("a", 3, AsbCategory::Personal, "p1"));
    s = act(&s, AsbAction::AssessRisk { person_id: "p1".into(), risk: AsbRisk::High, reasons: "Alone".into() }, None)
        .unwrap();
    let mut d = s.details;
    d.tools.push(ToolUsed {
        tool: AsbTool::WarningLetter,
        person_id: Some("p1".into()),
        from: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        until: None,
        note: None,
        at: now(),
        by: "pc.ahmed".into(),
    });
    assert!(d.take_off("p1"));
    assert!(d.incidents[0].people.is_empty() && d.risk_assessments.is_empty() && d.tools[0].person_id.is_none());
    assert!(!d.take_off("p1"));
    assert!(standing(&d, &AsbRules::default(), now()).victims.is_empty());
}
