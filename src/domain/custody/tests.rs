//! The custody actions against hand-made records at fixed times.

use chrono::{DateTime, Duration, Utc};

use super::*;
use crate::domain::event::{CustodyDetails, CustodyOutcome, OpenClosed};
use crate::domain::pace::{self, entries};
use crate::domain::person::{PersonDetails, PersonName, WarningMarker};
use crate::domain::role::{Role, Roles};

fn t0() -> DateTime<Utc> {
    "2026-07-01T10:00:00Z".parse().unwrap()
}

fn at(h: i64, m: i64) -> DateTime<Utc> {
    t0() + Duration::hours(h) + Duration::minutes(m)
}

fn roles(r: Role) -> Roles {
    Roles(vec![r])
}

fn person(dob: Option<&str>, markers: &[&str]) -> PersonDetails {
    PersonDetails {
        names: vec![PersonName {
            forenames: "Keira".into(),
            surname: "Lomax".into(),
            kind: crate::domain::person::NameKind::Primary,
            provenance: Default::default(),
        }],
        date_of_birth: dob.map(|d| d.parse().unwrap()),
        sex: None,
        ethnicity: None,
        identifiers: vec![],
        addresses: vec![],
        phones: vec![],
        description: None,
        markers: markers
            .iter()
            .map(|c| WarningMarker {
                category: c.to_string(),
                recorded_on: "2020-01-01".parse().unwrap(),
                source: "PNC".into(),
                expires_on: None,
                provenance: Default::default(),
            })
            .collect(),
    }
}

fn booking(dob: Option<&str>) -> (BookIn, PersonDetails) {
    let b = BookIn {
        person_id: Some("p1".into()),
        new_person: None,
        confirm_no_match: false,
        suite_id: "suite-a".into(),
        cell: "C1".into(),
        share_reason: None,
        arrested_at: at(-1, 0),
        relevant_time: t0(),
        detention_authorised_at: Some(at(0, 15)),
        arrest_reason: "Seen taking goods".into(),
        offences: vec!["Burglary".into()],
        indictable: true,
        arresting_officer: "PC 1 Okafor".into(),
        vulnerable: false,
        appropriate_adult: None,
    };
    (b, person(dob, &[]))
}

fn record() -> CustodyDetails {
    let (b, p) = booking(Some("1990-01-01"));
    b.record(&p, "ps.patel", &roles(Role::CustodySergeant), at(0, 20)).unwrap()
}

fn apply(r: &mut CustodyDetails, role: Role, json: serde_json::Value, now: DateTime<Utc>) -> Result<(), ActionError> {
    let action: CustodyAction = serde_json::from_value(json).unwrap();
    action.apply(r, "user", &roles(role), &[], now).map(|_| ())
}

#[test]
fn an_adult_booking_has_no_appropriate_adult_entry() {
    let r = record();
    let kinds: Vec<&str> = r.entries.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["booked_in", "authorisation"]);
    assert_eq!(r.status, OpenClosed::Open);
    assert_eq!(r.observation_level, 1);
}

#[test]
fn juveniles_are_read_on_the_youngest_reading_of_their_date_of_birth() {
    // Born some time in 2008: could still be 17 on 1 July 2026.
    assert!(needs_appropriate_adult(&person(Some("2008"), &[]), false, t0()).is_some());
    assert!(needs_appropriate_adult(&person(Some("2008-06-30"), &[]), false, t0()).is_none());
    assert!(needs_appropriate_adult(&person(Some("2008-07-02"), &[]), false, t0()).is_some());
    assert!(needs_appropriate_adult(&person(None, &[]), true, t0()).is_some());
    assert!(needs_appropriate_adult(&person(None, &["mental_health"]), false, t0()).is_some());
    assert!(needs_appropriate_adult(&person(None, &["violent"]), false, t0()).is_none());
}

#[test]
fn a_juvenile_with_an_adult_present_needs_no_alert() {
    let (mut b, p) = booking(Some("2012-03-04"));
    let r = b.record(&p, "ps", &roles(Role::CustodySergeant), at(0, 20)).unwrap();
    assert!(r.entries.iter().any(|e| e.kind == entries::APPROPRIATE_ADULT_REQUIRED));
    b.appropriate_adult = Some("Dawn Lomax, mother".into());
    let r = b.record(&p, "ps", &roles(Role::CustodySergeant), at(0, 20)).unwrap();
    assert!(r.entries.iter().any(|e| e.kind == entries::APPROPRIATE_ADULT));
    assert!(pace::status_at(&r, at(0, 30)).alerts.is_empty());
}

#[test]
fn booking_in_is_for_custody_staff_and_not_in_the_future() {
    let (b, p) = booking(None);
    assert!(matches!(b.record(&p, "x", &roles(Role::Inspector), at(0, 20)), Err(ActionError::Forbidden(_))));
    let err = b.record(&p, "x", &roles(Role::CustodyOfficer), at(-1, 0)).unwrap_err();
    assert_eq!(err, ActionError::invalid("relevant_time", "is in the future"));
}

#[test]
fn after_charge_the_custody_officer_reviews_not_the_inspector() {
    let mut r = record();
    r.entries.push(crate::domain::event::CustodyEntry {
        at: at(3, 0),
        by: "ps".into(),
        kind: entries::CHARGED.into(),
        text: "burglary".into(),
    });
    let review = serde_json::json!({"action": "review", "outcome": "continue: court in the morning"});
    assert!(matches!(apply(&mut r.clone(), Role::Inspector, review.clone(), at(4, 0)), Err(ActionError::Forbidden(_))));
    apply(&mut r, Role::CustodyOfficer, review, at(4, 0)).unwrap();
    assert_eq!(r.last_review_at, Some(at(4, 0)));
}

#[test]
fn a_lawful_extension_moves_the_clock_to_36h() {
    let mut r = record();
    for h in [5, 13] {
        apply(&mut r, Role::Inspector, serde_json::json!({"action": "review", "outcome": "continue"}), at(h, 0))
            .unwrap();
    }
    let ext = serde_json::json!({"action": "extension", "grounds": "evidence", "representations": "none made"});
    apply(&mut r, Role::Superintendent, ext, at(20, 0)).unwrap();
    assert_eq!(pace::detention_limit(&r), at(36, 0));
    let warrant = serde_json::json!({"action": "warrant_of_further_detention", "hours": 48, "court": "Highbury"});
    let err = apply(&mut r, Role::CustodySergeant, warrant, at(30, 0)).unwrap_err();
    let ActionError::Invalid(f) = err else { panic!("not a field error") };
    assert_eq!(f.field, "hours");
}

#[test]
fn a_refused_action_leaves_the_record_as_it_was() {
    let mut r = record();
    let before = r.clone();
    let visit = serde_json::json!({"action": "visit", "at": at(2, 0)});
    assert!(apply(&mut r, Role::CustodySergeant, visit, at(1, 0)).is_err());
    let ext = serde_json::json!({"action": "extension", "grounds": "g", "representations": "r"});
    assert!(apply(&mut r, Role::Superintendent, ext, at(1, 0)).is_err());
    assert_eq!(r, before);
}

#[test]
fn a_charge_closes_the_record_with_its_outcome() {
    let mut r = record();
    let undated = serde_json::json!({"action": "charge", "offences": ["Burglary"], "remanded": true,
                                    "court": "Camberwell Green Magistrates' Court"});
    let err = apply(&mut r, Role::CustodySergeant, undated, at(5, 0)).unwrap_err();
    assert!(matches!(&err, ActionError::Invalid(f) if f.field == "court_date"), "{err:?}");
    let bare = serde_json::json!({"action": "charge", "offences": [], "remanded": true,
                                  "court": "Camberwell Green Magistrates' Court", "court_date": at(9, 0).date_naive()});
    let err = apply(&mut r, Role::CustodySergeant, bare, at(5, 0)).unwrap_err();
    assert!(matches!(&err, ActionError::Invalid(f) if f.field == "offences"), "{err:?}");
    let charge = serde_json::json!({"action": "charge", "offences": ["Burglary"], "remanded": true,
                                    "court": "Camberwell Green Magistrates' Court", "court_date": at(9, 0).date_naive()});
    apply(&mut r, Role::CustodySergeant, charge, at(5, 0)).unwrap();
    assert_eq!(r.status, OpenClosed::Closed);
    assert_eq!(r.outcome, Some(CustodyOutcome::ChargedRemanded));
    assert_eq!(pace::charged_at(&r), Some(at(5, 0)));
    let meal = serde_json::json!({"action": "meal", "meal": "main"});
    let err = apply(&mut r, Role::CustodySergeant, meal, at(6, 0)).unwrap_err();
    assert_eq!(err, ActionError::from(pace::PaceError::AlreadyReleased));
}

#[test]
fn release_outcomes_are_checked() {
    let mut r = record();
    let charged = serde_json::json!({"action": "release", "outcome": "charged_bailed", "reason": "x"});
    assert!(apply(&mut r, Role::CustodySergeant, charged, at(2, 0)).is_err());
    let past = serde_json::json!({"action": "release", "outcome": "pre_charge_bail", "reason": "x",
                                  "bail_until": "2026-06-01"});
    assert!(apply(&mut r, Role::CustodySergeant, past, at(2, 0)).is_err());
    let nfa_bail = serde_json::json!({"action": "release", "outcome": "no_further_action", "reason": "x",
                                      "bail_until": "2026-09-01"});
    assert!(apply(&mut r, Role::CustodySergeant, nfa_bail, at(2, 0)).is_err());
    let bail = serde_json::json!({"action": "release", "outcome": "pre_charge_bail", "reason": "CCTV to view"});
    let err = apply(&mut r, Role::CustodySergeant, bail.clone(), at(2, 0)).unwrap_err();
    assert_eq!(err, ActionError::invalid("bail.return_at", "pre-charge bail needs the date and time to answer it"));
    let mut bail = bail;
    bail["bail"] = serde_json::json!({"return_at": "2026-07-15T10:00:00Z",
                                       "conditions": [{"type": "no_contact", "person": "Dana Reid"}]});
    apply(&mut r, Role::CustodySergeant, bail, at(2, 0)).unwrap();
    let granted = r.bail.as_ref().expect("bail granted with the release");
    assert_eq!((granted.authority.by.as_str(), granted.authority.role.as_str()), ("user", "custody_sergeant"));
    assert_eq!(granted.limit_on, chrono::NaiveDate::from_ymd_opt(2026, 10, 1));
    assert!(r.entries.last().unwrap().text.contains("until 2026-10-01"), "{:?}", r.entries.last());
}

#[test]
fn transfers_and_cell_moves_change_where_the_detainee_is() {
    let mut r = record();
    let same = serde_json::json!({"action": "cell_move", "cell": "C1", "reason": "x"});
    assert!(apply(&mut r, Role::CustodyOfficer, same, at(1, 0)).is_err());
    let moved = serde_json::json!({"action": "cell_move", "cell": "C7", "reason": "flooded"});
    apply(&mut r, Role::CustodyOfficer, moved, at(1, 0)).unwrap();
    assert_eq!(r.cell, "C7");
    let transfer = serde_json::json!({"action": "transfer", "suite_id": "suite-b", "cell": "B2", "reason": "full"});
    apply(&mut r, Role::CustodySergeant, transfer, at(2, 0)).unwrap();
    assert_eq!((r.suite_id.as_str(), r.cell.as_str(), r.status), ("suite-b", "B2", OpenClosed::Open));
}

#[test]
fn level_2_visits_must_say_whether_the_detainee_was_roused() {
    let mut r = record();
    r.observation_level = 2;
    let err = apply(&mut r, Role::CustodyOfficer, serde_json::json!({"action": "visit"}), at(1, 0)).unwrap_err();
    assert_eq!(
        err,
        ActionError::invalid("roused", "level 2 observation needs rousing: say whether the detainee was roused")
    );
    apply(&mut r, Role::CustodyOfficer, serde_json::json!({"action": "visit", "roused": false}), at(1, 0)).unwrap();
    assert!(pace::rousing_failed_since(&r).is_some());
}

#[test]
fn rights_are_delayed_only_with_authority_for_indictable_offences() {
    let mut r = record();
    let delay = serde_json::json!({"action": "rights_delayed", "right": "someone_informed",
                                   "authorised_by": "Supt Ward", "grounds": "would alert accomplices"});
    apply(&mut r.clone(), Role::CustodySergeant, delay.clone(), at(1, 0)).unwrap();
    r.indictable = false;
    assert!(apply(&mut r, Role::CustodySergeant, delay, at(1, 0)).is_err());
}

#[test]
fn the_wire_form_is_strict() {
    assert!(
        serde_json::from_value::<CustodyAction>(serde_json::json!({"action": "meal", "meal": "main", "x": 1})).is_err()
    );
    assert!(serde_json::from_value::<CustodyAction>(serde_json::json!({"action": "nap"})).is_err());
    let a: CustodyAction = serde_json::from_value(serde_json::json!({"action": "rights_given"})).unwrap();
    assert_eq!(a.name(), "rights_given");
}
