//! What a custody form sends, built from its inputs: a booking in, or one
//! action on the detainee's record, as the server's own types. An input
//! that cannot be read is refused by name before anything is sent.

use serde_json::json;

use super::custody_fields::{CONDITIONS, CONDITION_HINT};
use super::custody_inputs::{conditions, day, list, london_time, outcome, right, yes_no};
use super::warrant_form::suite_id;
use crate::console::state::{CustodyForm, CustodyFormKind, State};
use crate::domain::bail::BailTerms;
use crate::domain::custody::{BookIn, CustodyAction};
use crate::domain::event::{CustodyDetails, CustodyOutcome};
use crate::domain::person::PersonDetails;

/// An input refused: its name and why.
pub type Refusal = (&'static str, String);

fn value(form: &CustodyForm, name: &str) -> String {
    form.fields.iter().find(|f| f.name == name).map(|f| f.value.trim().to_string()).unwrap_or_default()
}

fn optional(form: &CustodyForm, name: &str) -> Option<String> {
    Some(value(form, name)).filter(|v| !v.is_empty())
}

/// An input that must be filled in for this action, though the form shows it for others.
fn needed(form: &CustodyForm, name: &'static str, why: &str) -> Result<String, Refusal> {
    let label = form.fields.iter().find(|f| f.name == name).map(|f| f.label).unwrap_or(name);
    optional(form, name).ok_or_else(|| (name, format!("{label} is needed {why}.")))
}

fn read<T>(name: &'static str, result: Result<T, String>) -> Result<T, Refusal> {
    result.map_err(|e| (name, e))
}

/// The action a form on an open record sends, and its name for the operator.
pub fn action(
    state: &State,
    form: &CustodyForm,
    d: &CustodyDetails,
    who: &str,
) -> Result<(CustodyAction, String), Refusal> {
    let now = state.now;
    Ok(match form.kind {
        CustodyFormKind::Visit => {
            let roused = match optional(form, "roused") {
                None => None,
                Some(typed) => Some(read("roused", yes_no("Roused", &typed, false))?),
            };
            let condition = read("condition", visit_condition(&value(form, "condition")))?;
            let notes = format!("{condition}. {}", value(form, "notes"));
            (CustodyAction::Visit { at: Some(now), roused, notes }, format!("Visit to {who} in cell {}", d.cell))
        }
        CustodyFormKind::Review => {
            (CustodyAction::Review { at: None, outcome: value(form, "outcome") }, format!("Review of {who}"))
        }
        CustodyFormKind::CellMove => {
            let cell = value(form, "cell");
            let what = format!("Move of {who} to cell {cell}");
            (CustodyAction::CellMove { at: None, cell, reason: value(form, "reason"), share_reason: None }, what)
        }
        CustodyFormKind::RiskAssessment => {
            let observation_level = match optional(form, "observation_level") {
                None => None,
                Some(typed) => Some(
                    typed
                        .parse::<u8>()
                        .ok()
                        .filter(|l| (1..=4).contains(l))
                        .ok_or(("observation_level", format!("Observation level '{typed}' is not 1, 2, 3 or 4")))?,
                ),
            };
            let intoxicated = read("intoxicated", yes_no("Intoxicated", &value(form, "intoxicated"), false))?;
            let notes = value(form, "notes");
            (
                CustodyAction::RiskAssessment { at: None, observation_level, intoxicated, notes },
                format!("Risk assessment of {who}"),
            )
        }
        CustodyFormKind::Rights => match value(form, "given").to_lowercase().as_str() {
            "g" | "given" => {
                (CustodyAction::RightsGiven { at: None, rights: Vec::new() }, format!("Rights given to {who}"))
            }
            "d" | "delayed" => {
                let why = "to delay a right";
                let right = read("right", right(&needed(form, "right", why)?))?;
                let authorised_by = needed(form, "authorised_by", why)?;
                let grounds = needed(form, "grounds", why)?;
                let what = format!("Delay of {who}'s right {}", right.label());
                (CustodyAction::RightsDelayed { at: None, right, authorised_by, grounds }, what)
            }
            other => return Err(("given", format!("Given or delayed: '{other}' is not g (given) or d (delayed)"))),
        },
        CustodyFormKind::AppropriateAdult => (
            CustodyAction::AppropriateAdult {
                at: None,
                name: value(form, "name"),
                relationship: value(form, "relationship"),
            },
            format!("Appropriate adult for {who}"),
        ),
        CustodyFormKind::Charge => {
            let remanded = match value(form, "remanded").to_lowercase().as_str() {
                "y" | "yes" => true,
                "n" | "no" => false,
                other => {
                    return Err(("remanded", format!("Remanded: '{other}' is not y (remanded) or n (bailed to court)")))
                }
            };
            let conditions = read("conditions", conditions(&value(form, "conditions")))?;
            if remanded && !conditions.is_empty() {
                return Err(("conditions", "A detainee remanded in custody has no bail conditions".to_string()));
            }
            let bail = (!conditions.is_empty()).then(|| BailTerms { conditions, ..BailTerms::default() });
            let court_date = Some(read("court_date", day(&value(form, "court_date")))?);
            let at = optional(form, "at").map(|t| read("at", london_time(&t, now))).transpose()?;
            let action = CustodyAction::Charge {
                at,
                offences: list(&value(form, "offences")),
                remanded,
                court: value(form, "court"),
                court_date,
                urn: optional(form, "urn"),
                crime: optional(form, "crime"),
                officer_in_case: None,
                decision: None,
                bail,
            };
            (action, format!("Charge of {who}"))
        }
        CustodyFormKind::Release => {
            let outcome = read("outcome", outcome(&value(form, "outcome")))?;
            let conditions = read("conditions", conditions(&value(form, "conditions")))?;
            let return_at = optional(form, "return_at").map(|t| read("return_at", london_time(&t, now))).transpose()?;
            let return_place = optional(form, "return_place").map(|p| suite_id(state, &p));
            let bail = match outcome {
                CustodyOutcome::PreChargeBail => Some(BailTerms { return_at, return_place, conditions }),
                _ if return_at.is_some() || return_place.is_some() || !conditions.is_empty() => {
                    return Err(("outcome", "Only pre-charge bail has a return and conditions".to_string()))
                }
                _ => None,
            };
            let what = format!("Release of {who}");
            (CustodyAction::Release { at: None, outcome, reason: value(form, "reason"), bail_until: None, bail }, what)
        }
        CustodyFormKind::BookIn => return Err(("", "a booking in is not an action on a record".to_string())),
    })
}

fn visit_condition(typed: &str) -> Result<&'static str, String> {
    let lower = typed.trim().to_lowercase();
    if let Some(c) = lower.parse::<usize>().ok().and_then(|n| n.checked_sub(1)).and_then(|i| CONDITIONS.get(i)) {
        return Ok(c);
    }
    let mut matching = CONDITIONS.iter().filter(|c| !lower.is_empty() && c.to_lowercase().contains(&lower));
    match (matching.next(), matching.next()) {
        (Some(one), None) => Ok(one),
        _ => Err(format!("Condition '{}' is not one of: {CONDITION_HINT}", typed.trim())),
    }
}

/// A booking in from the form: the person the lookup found, or the new
/// person typed (once checked against close matches, the one picked or
/// someone new), and the arrest.
pub fn book_in(state: &State, form: &CustodyForm) -> Result<BookIn, Refusal> {
    let now = state.now;
    let (mut person_id, mut new_person, mut confirm_no_match) =
        (form.person.as_ref().map(|(id, _)| id.clone()), None, false);
    if person_id.is_none() {
        if !form.candidates.is_empty() {
            match value(form, "match").to_lowercase().as_str() {
                "n" | "no" | "new" => confirm_no_match = true,
                typed => {
                    let picked =
                        typed.parse::<usize>().ok().and_then(|n| n.checked_sub(1)).and_then(|i| form.candidates.get(i));
                    match picked {
                        Some(c) => person_id = Some(c.person_id.clone()),
                        None => {
                            let n = form.candidates.len();
                            return Err((
                                "match",
                                format!("Same person?: give a number from 1 to {n}, or n for someone new"),
                            ));
                        }
                    }
                }
            }
        }
        if person_id.is_none() {
            new_person = Some(new_person_details(form)?);
        }
    }
    let at = |name: &'static str| read(name, london_time(&value(form, name), now));
    Ok(BookIn {
        person_id,
        new_person,
        confirm_no_match,
        suite_id: suite_id(state, &value(form, "suite_id")),
        cell: value(form, "cell"),
        share_reason: None,
        arrested_at: at("arrested_at")?,
        relevant_time: at("relevant_time")?,
        detention_authorised_at: optional(form, "detention_authorised_at")
            .map(|t| read("detention_authorised_at", london_time(&t, now)))
            .transpose()?,
        arrest_reason: value(form, "arrest_reason"),
        offences: list(&value(form, "offences")),
        indictable: read("indictable", yes_no("Indictable", &value(form, "indictable"), false))?,
        arresting_officer: value(form, "arresting_officer"),
        vulnerable: read("vulnerable", yes_no("Vulnerable adult", &value(form, "vulnerable"), false))?,
        appropriate_adult: None,
    })
}

/// The new person as typed: the name, and the date of birth if known.
fn new_person_details(form: &CustodyForm) -> Result<PersonDetails, Refusal> {
    let mut person = json!({"names": [{"forenames": value(form, "forenames"), "surname": value(form, "surname")}]});
    if let Some(dob) = optional(form, "date_of_birth") {
        person["date_of_birth"] = json!(dob);
    }
    // The name is text; only the date can be unreadable.
    serde_json::from_value(person).map_err(|_| {
        (
            "date_of_birth",
            format!("Date of birth '{}' is not YYYY-MM-DD, YYYY-MM or YYYY", value(form, "date_of_birth")),
        )
    })
}
