use chrono::{Duration, TimeZone, Utc};

use super::agencies::{parse_agencies, SHIPPED_AGENCIES_FOR_TEST};
use super::lifecycle::{apply, Acting, SafeguardingState};
use super::*;
use crate::domain::event::{EventDetails, Flag};
use crate::domain::link::{EventPerson, EventRole};

fn t0() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()
}

fn report(category: SafeguardingCategory) -> SafeguardingState {
    let mut details = SafeguardingDetails::draft(category, RiskLevel::High, "DS Khan".into());
    details.risk_reasons = "Child left alone overnight twice this week".into();
    details.police_checks = "PNC: no trace on either parent".into();
    if category == SafeguardingCategory::MissingPerson {
        details.missing = Some(MissingReport {
            last_seen_at: t0() - Duration::hours(6),
            last_seen_place: "Brixton station".into(),
            grade: MissingGrade::Medium,
            grade_reason: "Aged 14, first time missing".into(),
            regrades: Vec::new(),
            enquiries: Vec::new(),
            found: None,
        });
    }
    SafeguardingState { details, people: vec![EventPerson { person_id: "p1".into(), role: EventRole::Subject }] }
}

fn step(state: &SafeguardingState, action: SafeguardingAction, by: &str, hours: i64) -> SafeguardingState {
    try_step(state, action.clone(), by, hours).unwrap_or_else(|e| panic!("{action:?}: {e:?}"))
}

fn try_step(
    state: &SafeguardingState,
    action: SafeguardingAction,
    by: &str,
    hours: i64,
) -> Result<SafeguardingState, crate::domain::FieldError> {
    let rules = SafeguardingRules::default();
    let at = Acting { by, now: t0() + Duration::hours(hours), author: "ds.khan", rules: &rules };
    apply(state, &action, t0(), &at)
}

fn refer() -> SafeguardingAction {
    SafeguardingAction::Refer { agency: "lambeth-childrens".into(), recipient: "Duty team".into(), sent_at: None }
}

#[test]
fn a_report_walks_from_draft_to_closed() {
    let s = report(SafeguardingCategory::ChildWelfare);
    let s = step(&s, SafeguardingAction::Submit, "ds.khan", 1);
    assert_eq!(s.details.status, SafeguardingStatus::Submitted);
    assert_eq!(s.details.sign_off_due, Some(t0() + Duration::hours(25)));
    let s = step(&s, SafeguardingAction::SignOff { note: None }, "dsu.patel", 2);
    assert_eq!(s.details.status, SafeguardingStatus::SignedOff);
    let s = step(&s, refer(), "ds.khan", 3);
    assert_eq!(s.details.status, SafeguardingStatus::Referred);
    assert_eq!(s.details.referrals[0].agency_name, "Lambeth children's social care");
    assert_eq!(s.details.referrals[0].response_due, Some(t0() + Duration::hours(75)));
    let close =
        SafeguardingAction::Close { result: ClosureResult::PartnerAgencyLead, note: "Social care leads".into() };
    let err = try_step(&s, close.clone(), "ds.khan", 4).unwrap_err();
    assert!(err.message.contains("still waiting"), "{err:?}");
    let response = SafeguardingAction::RecordResponse {
        referral: None,
        decision: AgencyDecision::Accepted,
        text: "Strategy discussion held".into(),
        at: None,
    };
    let s = step(&s, response, "ds.khan", 30);
    let s = step(&s, close, "ds.khan", 31);
    assert_eq!(s.details.status, SafeguardingStatus::Closed);
    assert_eq!(s.details.log.len(), 5);
}

#[test]
fn sign_off_is_refused_to_the_author_and_the_submitter() {
    let s = step(&report(SafeguardingCategory::DomesticAbuse), SafeguardingAction::Submit, "pc.jones", 1);
    for who in ["ds.khan", "pc.jones"] {
        let err = try_step(&s, SafeguardingAction::SignOff { note: None }, who, 2).unwrap_err();
        assert_eq!(err.field, "action.type");
        assert!(err.message.contains("other than its author"), "{err:?}");
    }
}

#[test]
fn a_draft_is_submitted_only_with_reasons_checks_and_the_person_at_risk() {
    let mut s = report(SafeguardingCategory::ChildWelfare);
    s.details.risk_reasons.clear();
    assert!(try_step(&s, SafeguardingAction::Submit, "ds.khan", 1).unwrap_err().message.contains("reasons"));
    let mut s = report(SafeguardingCategory::ChildWelfare);
    s.details.police_checks.clear();
    assert!(try_step(&s, SafeguardingAction::Submit, "ds.khan", 1).unwrap_err().message.contains("checks"));
    let check = SafeguardingAction::RecordCheck { system: CheckSystem::Pnc, result: "No trace".into() };
    let s = step(&s, check, "ds.khan", 1);
    step(&s, SafeguardingAction::Submit, "ds.khan", 1);
    let mut s = report(SafeguardingCategory::ChildWelfare);
    s.people.clear();
    assert!(try_step(&s, SafeguardingAction::Submit, "ds.khan", 1).unwrap_err().message.contains("subject"));
}

#[test]
fn steps_out_of_order_are_refused_with_the_rule() {
    let s = report(SafeguardingCategory::ChildWelfare);
    let err = try_step(&s, SafeguardingAction::SignOff { note: None }, "dsu.patel", 1).unwrap_err();
    assert_eq!(err.message, "a report that is a draft cannot be signed off");
    assert!(try_step(&s, refer(), "ds.khan", 1).is_err());
    let unknown =
        SafeguardingAction::Refer { agency: "narnia-childrens".into(), recipient: "Duty".into(), sent_at: None };
    let s = step(&s, SafeguardingAction::Submit, "ds.khan", 1);
    let s = step(&s, SafeguardingAction::SignOff { note: None }, "dsu.patel", 2);
    assert_eq!(try_step(&s, unknown, "ds.khan", 3).unwrap_err().field, "action.agency");
}

#[test]
fn the_missing_flag_follows_the_report_and_clears_when_found() {
    let s = report(SafeguardingCategory::MissingPerson);
    let flag =
        |s: &SafeguardingState| EventDetails::Safeguarding(Box::new(s.details.clone())).flag_for(EventRole::Subject);
    assert_eq!(flag(&s), Some(Flag::Missing));
    let s = step(&s, SafeguardingAction::LogEnquiry { text: "Friends' addresses visited".into() }, "pc.jones", 1);
    let regrade =
        SafeguardingAction::GradeMissing { grade: MissingGrade::High, reason: "Phone off, seen with adult".into() };
    let s = step(&s, regrade, "ds.khan", 2);
    assert_eq!(s.details.missing.as_ref().unwrap().current_grade(), MissingGrade::High);
    let found =
        SafeguardingAction::Found { at: t0() + Duration::hours(3), place: "Croydon bus garage".into(), note: None };
    let s = step(&s, found.clone(), "pc.jones", 4);
    let m = s.details.missing.as_ref().unwrap();
    assert_eq!(m.found.as_ref().unwrap().return_interview_due, t0() + Duration::hours(75));
    // High risk still: AT RISK in place of MISSING.
    assert_eq!(flag(&s), Some(Flag::AtRisk));
    assert!(try_step(&s, found, "pc.jones", 5).is_err());
}

#[test]
fn overdue_sign_off_and_response_are_read_from_the_clock() {
    let s = step(&report(SafeguardingCategory::ChildWelfare), SafeguardingAction::Submit, "ds.khan", 0);
    let due = clock::due(&s.details, t0() + Duration::hours(23));
    assert!(!due.sign_off_overdue);
    assert!(clock::due(&s.details, t0() + Duration::hours(25)).sign_off_overdue);
    let s = step(&s, SafeguardingAction::SignOff { note: None }, "dsu.patel", 1);
    assert_eq!(clock::next_due(&s.details), None);
    let s = step(&s, refer(), "ds.khan", 2);
    assert!(!clock::due(&s.details, t0() + Duration::hours(73)).response_overdue);
    assert!(clock::due(&s.details, t0() + Duration::hours(75)).response_overdue);
}

#[test]
fn the_shipped_agency_table_parses_and_bad_tables_name_the_line() {
    let agencies = parse_agencies(SHIPPED_AGENCIES_FOR_TEST).unwrap();
    assert!(agencies.len() > 100);
    assert!(agencies.iter().any(|a| a.code == "lambeth-childrens" && a.kind == AgencyKind::ChildrenSocialCare));
    let err = parse_agencies("code,name,kind\na,A,health\nb,B,wizards\n").unwrap_err();
    assert_eq!(err.field, "line 3");
    assert!(parse_agencies("code,name,kind\na,A,health\na,A again,health\n").is_err());
}

#[test]
fn every_narrative_field_is_reached_by_erasure() {
    let s = report(SafeguardingCategory::MissingPerson);
    let s = step(&s, SafeguardingAction::LogEnquiry { text: "Spoke to Tolu's aunt".into() }, "pc.jones", 1);
    let found =
        SafeguardingAction::Found { at: t0() + Duration::hours(2), place: "Tolu's aunt's flat".into(), note: None };
    let mut d = step(&s, found, "pc.jones", 3).details;
    let mut texts = d.free_text_mut();
    assert!(texts.iter().filter(|t| t.contains("Tolu")).count() >= 3);
    for t in texts.iter_mut() {
        **t = t.replace("Tolu", "[erased]");
    }
    assert!(!serde_json::to_string(&d).unwrap().contains("Tolu"));
}
