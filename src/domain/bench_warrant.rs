//! The bench warrant a failure to appear makes: against the defendant who
//! did not attend, issued by the hearing's court on the hearing's day, for
//! the offences charged, received (already matched to the one person) and
//! linked to its case. Pure: the server reads the case; the store writes the
//! case and the warrant together.

use chrono::{DateTime, Utc};
use chrono_tz::Europe::London;

use super::event::{CaseDetails, EventDetails, EventInput, WarrantDetails, WarrantKind, WarrantStatus};
use super::link::{EventPerson, EventRole, LinkedRecord};
use super::FieldError;

/// The defendant a bench warrant is issued against: the one named as
/// `defendant`, which must be a defendant on the case, or the case's only
/// defendant. A case with none, or several and no choice, is refused.
pub fn defendant(people: &[EventPerson], urn: &str, named: Option<&str>) -> Result<String, FieldError> {
    let defendants: Vec<&str> =
        people.iter().filter(|p| p.role == EventRole::Defendant).map(|p| p.person_id.as_str()).collect();
    match (named.map(str::trim), defendants.as_slice()) {
        (_, []) => Err(FieldError::new(
            "action.defendant",
            format!(
                "a bench warrant is issued against a defendant, and case {urn} names none: link the defendant first"
            ),
        )),
        (Some(id), list) if list.contains(&id) => Ok(id.to_string()),
        (Some(id), _) => Err(FieldError::new("action.defendant", format!("'{id}' is not a defendant on case {urn}"))),
        (None, [one]) => Ok(one.to_string()),
        (None, _) => Err(FieldError::new(
            "action.defendant",
            format!("case {urn} has {} defendants: name the one who failed to appear", defendants.len()),
        )),
    }
}

/// The warrant for `person`, who failed to appear at hearing `hearing` of
/// `case` (its details as they stand before the outcome is added).
pub fn issue(
    case: &LinkedRecord,
    details: &CaseDetails,
    borough: Option<String>,
    hearing: usize,
    person: &str,
) -> Result<EventInput, FieldError> {
    let listed = details
        .hearings
        .get(hearing)
        .ok_or_else(|| FieldError::new("action.hearing", format!("there is no hearing {hearing} on the file")))?;
    let offence = offences(details);
    let issued_at: DateTime<Utc> = listed.date;
    Ok(EventInput {
        objects: Vec::new(),
        reference: None,
        occurred_at: issued_at,
        borough,
        summary: format!("Failed to appear at {} on case {}: {offence}", listed.court, case.reference),
        people: vec![EventPerson { person_id: person.to_string(), role: EventRole::WantedPerson }],
        details: EventDetails::Warrant(WarrantDetails {
            warrant_kind: WarrantKind::Bench,
            status: WarrantStatus::Received,
            issuing_court: listed.court.clone(),
            issued_on: issued_at.with_timezone(&London).date_naive(),
            offence,
            violence: false,
            domestic_abuse: false,
            safeguarding_concern: false,
            allocated_to: None,
            attempts: Vec::new(),
            execution: None,
            closure: None,
            case: Some(case.clone()),
        }),
    })
}

/// The offences charged, in the order charged, each once.
fn offences(details: &CaseDetails) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for charge in &details.charges {
        if !seen.contains(&charge.offence.as_str()) {
            seen.push(&charge.offence);
        }
    }
    if seen.is_empty() {
        "Failure to appear".to_string()
    } else {
        seen.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::{CaseStatus, Charge, EventKind, FileStage, Hearing};
    use chrono::{NaiveDate, TimeZone};

    fn people(ids: &[&str]) -> Vec<EventPerson> {
        let mut people: Vec<EventPerson> =
            ids.iter().map(|id| EventPerson { person_id: id.to_string(), role: EventRole::Defendant }).collect();
        people.push(EventPerson { person_id: "w1".into(), role: EventRole::Witness });
        people
    }

    #[test]
    fn the_defendant_is_the_only_one_or_the_one_named() {
        assert_eq!(defendant(&people(&["d1"]), "01YE0000126", None).unwrap(), "d1");
        assert_eq!(defendant(&people(&["d1", "d2"]), "01YE0000126", Some("d2")).unwrap(), "d2");
        let none = defendant(&people(&[]), "01YE0000126", None).unwrap_err();
        assert_eq!(none.field, "action.defendant");
        assert!(none.message.contains("names none"), "{}", none.message);
        let which = defendant(&people(&["d1", "d2"]), "01YE0000126", None).unwrap_err();
        assert!(which.message.contains("2 defendants"), "{}", which.message);
        let witness = defendant(&people(&["d1"]), "01YE0000126", Some("w1")).unwrap_err();
        assert!(witness.message.contains("not a defendant"), "{}", witness.message);
    }

    #[test]
    fn the_warrant_is_the_courts_for_the_offences_charged() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let details = CaseDetails {
            charges: vec![
                Charge { offence: "Robbery".into(), date: day },
                Charge { offence: "Robbery".into(), date: day },
                Charge { offence: "Theft".into(), date: day },
            ],
            charging_decision: None,
            stage: FileStage::FirstHearingNotGuilty,
            status: CaseStatus::FirstHearingListed,
            hearings: vec![Hearing {
                court: "Highbury Corner Magistrates' Court".into(),
                // 23:30 UTC on a summer night is the next day in London.
                date: Utc.with_ymd_and_hms(2026, 7, 1, 23, 30, 0).unwrap(),
                hearing_type: "first_hearing".into(),
                remanded_in_custody: false,
                outcome: None,
            }],
            file_due: None,
            officer_in_case: "DC Shah".into(),
            rejected_reason: None,
            custody_records: Vec::new(),
            crimes: Vec::new(),
            warrants: Vec::new(),
        };
        let case = LinkedRecord { kind: EventKind::Case, id: "c1".into(), reference: "01YE0000126".into() };
        let input = issue(&case, &details, Some("Islington".into()), 0, "d1").unwrap();
        let EventDetails::Warrant(w) = &input.details else { panic!("not a warrant") };
        assert_eq!((w.warrant_kind, w.status), (WarrantKind::Bench, WarrantStatus::Received));
        assert_eq!(w.offence, "Robbery; Theft");
        assert_eq!(w.issuing_court, "Highbury Corner Magistrates' Court");
        assert_eq!(w.issued_on, NaiveDate::from_ymd_opt(2026, 7, 2).unwrap());
        assert_eq!(w.case.as_ref().map(|c| c.id.as_str()), Some("c1"));
        assert_eq!(input.people, vec![EventPerson { person_id: "d1".into(), role: EventRole::WantedPerson }]);
        assert_eq!(issue(&case, &details, None, 3, "d1").unwrap_err().field, "action.hearing");
    }
}
