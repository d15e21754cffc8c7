//! The crime desk's rules, one by one.

use chrono::{DateTime, Duration, Utc};

use super::clock::due;
use super::lifecycle::{apply, Acting, CrimeAction, CrimeState};
use super::tables::{parse_classes, parse_outcomes, CrimeTables, SHIPPED_CLASSES_FOR_TEST, SHIPPED_OUTCOMES_FOR_TEST};
use super::{CancellationReason, CrimeDetails, CrimeLogKind, CrimeRules, CrimeStatus};
use crate::domain::link::EventRole;

fn t0() -> DateTime<Utc> {
    "2026-11-02T09:00:00Z".parse().unwrap()
}

fn reported() -> CrimeState {
    CrimeState { details: CrimeDetails::reported("Burglary".into(), None, t0()), people: Vec::new() }
}

fn step(
    state: &CrimeState,
    by: &str,
    hours: i64,
    action: CrimeAction,
) -> Result<CrimeState, crate::domain::FieldError> {
    let rules = CrimeRules::default();
    apply(state, &action, &Acting { by, now: t0() + Duration::hours(hours), rules: &rules })
}

fn classify(code: &str, reason: Option<&str>) -> CrimeAction {
    CrimeAction::Classify { code: code.into(), reason: reason.map(str::to_string) }
}

fn allocate(officer: &str, reason: Option<&str>) -> CrimeAction {
    CrimeAction::Allocate { officer: officer.into(), unit: "Brixton CID".into(), reason: reason.map(str::to_string) }
}

/// Classified 28E, allocated to dc.shah, outcome 18 proposed by dc.shah.
fn proposed() -> CrimeState {
    let s = step(&reported(), "pc.lee", 1, classify("28E", None)).unwrap();
    let s = step(&s, "ps.ray", 2, allocate("dc.shah", None)).unwrap();
    step(&s, "dc.shah", 30, CrimeAction::ProposeOutcome { outcome: 18, note: "No lines of enquiry left".into() })
        .unwrap()
}

#[test]
fn the_shipped_tables_parse_and_have_the_home_office_outcomes() {
    let classes = parse_classes(SHIPPED_CLASSES_FOR_TEST).unwrap();
    assert!(classes.iter().any(|c| c.code == "28E"));
    let outcomes = parse_outcomes(SHIPPED_OUTCOMES_FOR_TEST).unwrap();
    assert!(outcomes.iter().any(|o| o.number == 1 && o.name.contains("Charged")));
    assert!(outcomes.iter().any(|o| o.number == 18));
    assert_eq!(CrimeTables::default().classes.len(), classes.len());
}

#[test]
fn a_table_with_a_repeated_or_bad_row_is_refused_naming_the_line() {
    let err = parse_classes("code,name\n28E,Burglary\n28e,Again\n").unwrap_err();
    assert_eq!(err.field, "line 3");
    let err = parse_outcomes("number,name\nx,Charged\n").unwrap_err();
    assert_eq!(err.field, "line 2");
    assert_eq!(parse_classes("code,name\n").unwrap_err().message, "the table has no rows");
}

#[test]
fn a_class_not_in_the_table_is_refused() {
    let err = step(&reported(), "pc.lee", 1, classify("99Z", None)).unwrap_err();
    assert_eq!(err.field, "action.code");
}

#[test]
fn reclassification_needs_a_reason_and_keeps_the_history() {
    let s = step(&reported(), "pc.lee", 1, classify("28e", None)).unwrap();
    assert_eq!(s.details.class().unwrap().code, "28E");
    assert_eq!(step(&s, "pc.lee", 2, classify("30C", None)).unwrap_err().field, "action.reason");
    assert_eq!(step(&s, "pc.lee", 2, classify("28E", Some("same"))).unwrap_err().field, "action.code");
    let s = step(&s, "ds.khan", 3, classify("30C", Some("premises is a shop, not a dwelling"))).unwrap();
    let codes: Vec<&str> = s.details.classifications.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["28E", "30C"]);
    assert_eq!(s.details.class().unwrap().reason.as_deref(), Some("premises is a shop, not a dwelling"));
    assert!(s.details.log.last().unwrap().text.contains("reclassified from 28E to 30C"));
}

#[test]
fn the_classification_clock_runs_24_hours_from_the_report() {
    let rules = CrimeRules::default();
    let d = reported().details;
    let clock = due(&d, t0(), &rules, t0() + Duration::hours(23));
    assert_eq!(clock.classification_due, Some(t0() + Duration::hours(24)));
    assert!(!clock.classification_overdue);
    assert!(due(&d, t0(), &rules, t0() + Duration::hours(24)).classification_overdue);
    let classified = step(&reported(), "pc.lee", 30, classify("28E", None)).unwrap().details;
    let clock = due(&classified, t0(), &rules, t0() + Duration::hours(31));
    assert_eq!((clock.classification_due, clock.classification_overdue), (None, false));
}

#[test]
fn allocation_starts_the_review_clock_and_a_review_restarts_it() {
    let rules = CrimeRules::default();
    let s = step(&reported(), "ps.ray", 0, allocate("dc.shah", None)).unwrap();
    assert_eq!(s.details.status, CrimeStatus::UnderInvestigation);
    assert_eq!(s.details.review_due, Some(t0() + Duration::days(28)));
    let late = t0() + Duration::days(29);
    assert!(due(&s.details, t0(), &rules, late).review_overdue);
    let s = step(&s, "insp.cole", 29 * 24, CrimeAction::Review { note: "Proportionate".into() }).unwrap();
    assert_eq!(s.details.review_due, Some(late + Duration::days(28)));
    assert!(!due(&s.details, t0(), &rules, late).review_overdue);
}

#[test]
fn reallocation_needs_a_reason() {
    let s = step(&reported(), "ps.ray", 0, allocate("dc.shah", None)).unwrap();
    assert_eq!(step(&s, "ps.ray", 1, allocate("dc.ng", None)).unwrap_err().field, "action.reason");
    let s = step(&s, "ps.ray", 1, allocate("dc.ng", Some("dc.shah on leave"))).unwrap();
    assert_eq!(s.details.allocation().unwrap().officer, "dc.ng");
    assert_eq!(s.details.allocations.len(), 2);
}

#[test]
fn log_entries_are_timed_and_attributed_and_decisions_are_the_desks_own() {
    let s =
        step(&reported(), "dc.shah", 2, CrimeAction::Log { kind: CrimeLogKind::VictimContact, text: "Called".into() })
            .unwrap();
    let entry = s.details.log.last().unwrap();
    assert_eq!(
        (entry.by.as_str(), entry.at, entry.kind),
        ("dc.shah", t0() + Duration::hours(2), CrimeLogKind::VictimContact)
    );
    let forged = CrimeAction::Log { kind: CrimeLogKind::Decision, text: "approved".into() };
    assert_eq!(step(&s, "dc.shah", 3, forged).unwrap_err().field, "action.kind");
}

#[test]
fn an_outcome_needs_a_class_an_allocation_and_a_number_from_the_table() {
    let propose = |n| CrimeAction::ProposeOutcome { outcome: n, note: "done".into() };
    let s = step(&reported(), "ps.ray", 0, allocate("dc.shah", None)).unwrap();
    assert!(step(&s, "dc.shah", 1, propose(18)).unwrap_err().message.contains("classified"));
    let s = step(&s, "pc.lee", 1, classify("28E", None)).unwrap();
    assert_eq!(step(&s, "dc.shah", 2, propose(19)).unwrap_err().field, "action.outcome");
    let s = step(&s, "dc.shah", 2, propose(18)).unwrap();
    assert_eq!(s.details.status, CrimeStatus::OutcomeProposed);
}

#[test]
fn an_approved_outcome_finalises_and_the_proposer_may_not_approve_it() {
    let s = proposed();
    assert!(step(&s, "dc.shah", 40, CrimeAction::ApproveOutcome { note: None }).is_err());
    let s = step(&s, "insp.cole", 40, CrimeAction::ApproveOutcome { note: None }).unwrap();
    assert_eq!(s.details.status, CrimeStatus::Closed);
    let f = s.details.finalisation.as_ref().unwrap();
    assert_eq!((f.outcome, f.proposed_by.as_str(), f.approved_by.as_str()), (18, "dc.shah", "insp.cole"));
    assert_eq!(s.details.review_due, None);
    // Finalised: only the log is still open to it.
    assert_eq!(step(&s, "pc.lee", 41, classify("30C", Some("late"))).unwrap_err().field, "action.type");
    assert!(step(&s, "dc.shah", 41, CrimeAction::Log { kind: CrimeLogKind::Note, text: "Filed".into() }).is_ok());
}

#[test]
fn a_returned_outcome_goes_back_to_the_investigation() {
    let s =
        step(&proposed(), "insp.cole", 40, CrimeAction::ReturnOutcome { reason: "CCTV not yet seen".into() }).unwrap();
    assert_eq!(s.details.status, CrimeStatus::UnderInvestigation);
    assert_eq!(s.details.proposed_outcome, None);
    assert!(step(&s, "insp.cole", 41, CrimeAction::ApproveOutcome { note: None }).is_err());
}

#[test]
fn cancellation_needs_the_additional_verifiable_information() {
    let cancel =
        |info: &str| CrimeAction::Cancel { reason: CancellationReason::NoCrime, additional_information: info.into() };
    assert_eq!(step(&reported(), "fcr.ahmed", 1, cancel("no")).unwrap_err().field, "action.additional_information");
    let s = step(&reported(), "fcr.ahmed", 1, cancel("Owner found the bicycle in her own garage")).unwrap();
    assert_eq!(s.details.status, CrimeStatus::Cancelled);
    assert_eq!(s.details.cancellation.as_ref().unwrap().decided_by, "fcr.ahmed");
    assert!(!due(&s.details, t0(), &CrimeRules::default(), t0() + Duration::days(3)).classification_overdue);
}

#[test]
fn people_are_linked_with_a_part_a_crime_has() {
    let link = |role| CrimeAction::LinkPerson { person_id: "p1".into(), role };
    let s = step(&reported(), "pc.lee", 1, link(EventRole::Victim)).unwrap();
    assert_eq!(s.people.len(), 1);
    assert_eq!(step(&s, "pc.lee", 1, link(EventRole::Victim)).unwrap_err().field, "action.person_id");
    assert_eq!(step(&s, "pc.lee", 1, link(EventRole::Detainee)).unwrap_err().field, "action.role");
}

#[test]
fn erasure_reaches_the_narrative_the_mo_and_every_note() {
    use crate::domain::erasure::{Reach, Redactor};
    let person: crate::domain::person::PersonDetails =
        serde_json::from_value(serde_json::json!({"names": [{"forenames": "Thomas", "surname": "Hartington"}]}))
            .unwrap();
    let mut state = reported();
    state.details.narrative = Some("Thomas Hartington forced the rear door".into());
    state.details.modus_operandi = Some("Hartington uses a screwdriver".into());
    let log = CrimeAction::Log { kind: CrimeLogKind::VictimContact, text: "Hartington seen nearby".into() };
    let state = step(&state, "dc.shah", 2, log).unwrap();
    let mut details = state.details;
    let redactor = Redactor::for_person(&person);
    let changed: Vec<bool> =
        details.free_text_mut().into_iter().map(|t| redactor.redact(t, Reach::Theirs).is_some()).collect();
    assert_eq!(changed, vec![true, true, true], "MO, narrative and the log entry each name him");
    for text in details.free_text_mut() {
        if let Some(r) = redactor.redact(text, Reach::Theirs) {
            *text = r;
        }
    }
    assert!(!serde_json::to_string(&details).unwrap().contains("Hartington"));
}
