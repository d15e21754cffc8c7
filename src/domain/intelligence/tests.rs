use chrono::{NaiveDate, TimeZone, Utc};

use super::lifecycle::{apply, Acting};
use super::*;

fn graded(source: u8, intelligence: char) -> Grading {
    Grading::ThreeFiveTwo { source, intelligence, handling: 'P', conditions: None }
}

fn draft() -> IntelligenceDetails {
    IntelligenceDetails::draft(
        graded(2, 'B'),
        Priority::Medium,
        "Subject believed to deal from a blue Golf".into(),
        Some("Source X saw it from flat 4".into()),
    )
}

fn by(who: &str) -> Acting<'_> {
    Acting { by: who, now: Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap(), reads_unsanitised: true }
}

fn step(d: &IntelligenceDetails, action: IntelligenceAction, who: &str) -> Result<IntelligenceDetails, FieldError> {
    apply(d, &action, &by(who))
}

fn evaluate(grading: Grading, rationale: Option<&str>) -> IntelligenceAction {
    IntelligenceAction::Evaluate { grading, priority: None, rationale: rationale.map(str::to_string) }
}

#[test]
fn a_report_goes_from_draft_to_reviewed() {
    let d = step(&draft(), IntelligenceAction::Submit {}, "dc.shah").unwrap();
    assert_eq!(d.status, IntelligenceStatus::Submitted);
    let d = step(&d, evaluate(graded(1, 'B'), Some("source has proved reliable twice")), "ia.brown").unwrap();
    assert_eq!(d.status, IntelligenceStatus::Evaluated);
    let evaluation = d.evaluation.as_ref().unwrap();
    assert_eq!((evaluation.submitted.code(), evaluation.evaluated.code()), ("2B P".into(), "1B P".into()));
    assert_eq!(d.grading.code(), "1B P");
    let d = step(&d, IntelligenceAction::Sanitise { sanitised_text: None }, "ia.brown").unwrap();
    assert_eq!(d.sanitisation.as_ref().unwrap().approved_by, "ia.brown");
    let d = step(
        &d,
        IntelligenceAction::Disseminate {
            recipients: vec!["Lambeth CID".into(), " Lambeth CID ".into(), "DS Khan".into()],
            purpose: "Drugs supply enquiry".into(),
        },
        "ia.brown",
    )
    .unwrap();
    assert_eq!(d.status, IntelligenceStatus::Disseminated);
    assert_eq!(d.disseminations[0].recipients, vec!["Lambeth CID", "DS Khan"]);
    let next = NaiveDate::from_ymd_opt(2027, 11, 2);
    let review = IntelligenceAction::ReviewRetention {
        decision: RetentionDecision::Retain,
        note: "Live drugs enquiry".into(),
        next_review: next,
    };
    let d = step(&d, review, "ia.brown").unwrap();
    assert_eq!((d.status, d.retention_due()), (IntelligenceStatus::Reviewed, next));
}

#[test]
fn the_submitter_may_not_evaluate_their_own_report() {
    let d = step(&draft(), IntelligenceAction::Submit {}, "ia.brown").unwrap();
    let err = step(&d, evaluate(graded(2, 'B'), None), "ia.brown").unwrap_err();
    assert_eq!(err.field, "action.type");
    assert!(err.message.contains("other than its submitter"), "{}", err.message);
}

#[test]
fn a_grade_other_than_the_submitters_needs_a_rationale_and_a_5x5x5_is_refused() {
    let d = step(&draft(), IntelligenceAction::Submit {}, "dc.shah").unwrap();
    assert_eq!(step(&d, evaluate(graded(3, 'B'), None), "ia.brown").unwrap_err().field, "action.rationale");
    let old = Grading::FiveFiveFive { source: 'B', intelligence: 2, handling: 1 };
    assert_eq!(step(&d, evaluate(old, None), "ia.brown").unwrap_err().field, "action.grading");
    let c = Grading::ThreeFiveTwo { source: 2, intelligence: 'B', handling: 'C', conditions: None };
    assert_eq!(step(&d, evaluate(c, None), "ia.brown").unwrap_err().field, "action.grading.conditions");
    assert!(step(&d, evaluate(graded(2, 'B'), None), "ia.brown").is_ok());
}

#[test]
fn an_unsanitised_report_is_not_disseminated() {
    let disseminate =
        || IntelligenceAction::Disseminate { recipients: vec!["Lambeth CID".into()], purpose: "Enquiry".into() };
    let submitted = step(&draft(), IntelligenceAction::Submit {}, "dc.shah").unwrap();
    let evaluated = step(&submitted, evaluate(graded(2, 'B'), None), "ia.brown").unwrap();
    for d in [draft(), submitted, evaluated.clone()] {
        let err = step(&d, disseminate(), "ia.brown").unwrap_err();
        assert_eq!(err.field, "action.type");
        assert!(err.message.contains("sanitised"), "{}", err.message);
    }
    // Nor is the unsanitised text approved as the sanitised one.
    let copy = IntelligenceAction::Sanitise { sanitised_text: Some("Source X saw it from flat 4".into()) };
    assert_eq!(step(&evaluated, copy, "ia.brown").unwrap_err().field, "action.sanitised_text");
    let sanitised = step(&evaluated, IntelligenceAction::Sanitise { sanitised_text: None }, "ia.brown").unwrap();
    let err =
        step(&sanitised, IntelligenceAction::Disseminate { recipients: vec![], purpose: "x y".into() }, "ia.brown");
    assert_eq!(err.unwrap_err().field, "action.recipients");
}

#[test]
fn a_revision_by_a_role_that_cannot_read_the_source_keeps_it() {
    let blind = Acting { reads_unsanitised: false, ..by("dc.shah") };
    let revise = |text: &str| IntelligenceAction::Revise {
        grading: None,
        priority: None,
        sanitised_text: Some("Subject deals from a blue Golf".into()),
        unsanitised_text: Some(text.into()),
    };
    assert_eq!(apply(&draft(), &revise("my guess"), &blind).unwrap_err().field, "action.unsanitised_text");
    let leave_out = IntelligenceAction::Revise {
        grading: None,
        priority: Some(Priority::High),
        sanitised_text: None,
        unsanitised_text: None,
    };
    let d = apply(&draft(), &leave_out, &blind).unwrap();
    assert_eq!(d.unsanitised_text.as_deref(), Some("Source X saw it from flat 4"));
    assert_eq!(d.priority, Priority::High);
}

#[test]
fn retention_reviews_say_when_again_and_steps_follow_the_order() {
    let d = step(&draft(), IntelligenceAction::Submit {}, "dc.shah").unwrap();
    let d = step(&d, evaluate(graded(2, 'B'), None), "ia.brown").unwrap();
    let review =
        |decision, next_review| IntelligenceAction::ReviewRetention { decision, note: "Checked".into(), next_review };
    assert_eq!(step(&d, review(RetentionDecision::Retain, None), "ia.brown").unwrap_err().field, "action.next_review");
    let past = NaiveDate::from_ymd_opt(2020, 1, 1);
    assert_eq!(step(&d, review(RetentionDecision::Retain, past), "ia.brown").unwrap_err().field, "action.next_review");
    let d = step(&d, review(RetentionDecision::Dispose, None), "ia.brown").unwrap();
    assert_eq!(d.status, IntelligenceStatus::Reviewed);
    let err = step(&d, IntelligenceAction::Submit {}, "dc.shah").unwrap_err();
    assert_eq!(err.message, "cannot submit a report that is reviewed");
}
