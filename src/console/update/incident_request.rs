//! What an incident form sends, built from its inputs: a new call, or one
//! action on an incident. Each input is read as an operator types it
//! (`crime`, `psw`, `npa`, `suspect`, a London time, a reference), and an
//! input that cannot be read is refused by name before anything is sent.

use chrono::{DateTime, Utc};

use super::warrant_form::parse_time;
use crate::api::incidents::IncidentRow;
use crate::console::format::incident_part;
use crate::console::state::incidents::{IncidentForm, IncidentFormKind};
use crate::domain::event::AsbCategory;
use crate::domain::incident::{
    Caller, Grade, IncidentAction, IncidentCategory, IncidentLocation, IncidentResult, OpenIncident, PERSON_ROLES,
};
use crate::domain::link::EventRole;

/// An input refused: its name and why.
pub type Refusal = (&'static str, String);

fn required(form: &IncidentForm, name: &'static str) -> Result<String, Refusal> {
    let value = form.value(name).trim().to_string();
    if value.is_empty() {
        let label = form.fields.iter().find(|f| f.name == name).map(|f| f.label).unwrap_or(name);
        return Err((name, format!("{label} must not be empty")));
    }
    Ok(value)
}

fn optional(form: &IncidentForm, name: &str) -> Option<String> {
    Some(form.value(name).trim().to_string()).filter(|v| !v.is_empty())
}

/// The first of `values` whose words, or whose words' initials or start,
/// match what was typed (`crime`, `psw`, `advice`…).
fn pick<T: Copy>(typed: &str, values: &[T], words: impl Fn(T) -> Vec<String>) -> Option<T> {
    let typed = typed.trim().to_lowercase().replace(['-', '_'], " ");
    values.iter().copied().find(|v| {
        words(*v).iter().any(|w| {
            let w = w.to_lowercase().replace(['-', '_'], " ");
            let initials: String = w.split_whitespace().filter_map(|p| p.chars().next()).collect();
            w == typed || initials == typed || (typed.len() >= 3 && w.starts_with(&typed))
        })
    })
}

fn grade(form: &IncidentForm) -> Result<Grade, Refusal> {
    let typed = required(form, "grade")?;
    pick(&typed, &Grade::ALL, |g| vec![g.letter().to_string()])
        .ok_or(("grade", format!("'{typed}' is not a grade; use I, S, E or R")))
}

/// An E grade's appointment, as a London time; none when left empty.
fn appointment(form: &IncidentForm) -> Result<Option<DateTime<Utc>>, Refusal> {
    optional(form, "appointment").map(|typed| parse_time(&typed)).transpose().map_err(|e| ("appointment", e))
}

/// The part a person plays, as typed: `caller` is the reporting person.
pub fn role(typed: &str) -> Option<EventRole> {
    let typed = typed.trim().to_lowercase();
    if typed.is_empty() {
        return None;
    }
    let named: Vec<(EventRole, String)> = PERSON_ROLES.iter().map(|r| (*r, incident_part(*r))).collect();
    if let Some((r, _)) = named.iter().find(|(_, w)| *w == typed) {
        return Some(*r);
    }
    // A start that fits one part only (`sus`, `v`); `s` fits two.
    let mut fits = named.iter().filter(|(_, w)| w.starts_with(&typed));
    match (fits.next(), fits.next()) {
        (Some((r, _)), None) => Some(*r),
        _ => None,
    }
}

/// The words a link form's refusal offers.
fn role_words() -> String {
    let words: Vec<String> = PERSON_ROLES.iter().map(|r| incident_part(*r)).collect();
    words.join(", ")
}

/// The open incident a repeat call repeats, by its reference as typed
/// (whole, or the part that tells it from the others, such as `0412`).
fn repeated(typed: &str, rows: &[IncidentRow], repeat: Option<&str>) -> Result<String, Refusal> {
    let key = |r: &str| r.to_lowercase().split_whitespace().collect::<String>();
    let wanted = key(typed);
    let others: Vec<&IncidentRow> = rows.iter().filter(|r| Some(r.event.id.as_str()) != repeat).collect();
    if let Some(row) = others.iter().find(|r| key(&r.event.reference) == wanted) {
        return Ok(row.event.id.clone());
    }
    let fits: Vec<&&IncidentRow> = others.iter().filter(|r| key(&r.event.reference).contains(&wanted)).collect();
    match fits.as_slice() {
        [one] => Ok(one.event.id.clone()),
        [] => Err(("of", format!("no other open incident is '{typed}'"))),
        many => {
            let refs: Vec<&str> = many.iter().take(3).map(|r| r.event.reference.as_str()).collect();
            Err(("of", format!("'{typed}' fits {} incidents ({}…); type more of it", many.len(), refs.join(", "))))
        }
    }
}

pub fn open(form: &IncidentForm) -> Result<OpenIncident, Refusal> {
    let typed = required(form, "category")?;
    let category = pick(&typed, &IncidentCategory::ALL, |c| {
        vec![c.as_str().to_string(), c.label().to_string(), c.short().to_string()]
    })
    .ok_or(("category", format!("'{typed}' is not a category; use asb, crime, psw, transport or admin")))?;
    Ok(OpenIncident {
        caller: Caller { name: required(form, "caller.name")?, phone: optional(form, "caller.phone"), callback: false },
        caller_person_id: None,
        location: IncidentLocation {
            address: None,
            description: Some(required(form, "location.description")?),
            borough: Some(required(form, "location.borough")?),
        },
        category,
        subtype: required(form, "subtype")?.to_lowercase().replace([' ', '-'], "_"),
        grade: grade(form)?,
        appointment: appointment(form)?,
        summary: required(form, "summary")?,
        opened_at: None,
        people: Vec::new(),
    })
}

/// The action a form on an incident sends; `rows` are the open incidents
/// (a repeat call names one of them).
pub fn action(form: &IncidentForm, rows: &[IncidentRow]) -> Result<IncidentAction, Refusal> {
    let call_sign = || required(form, "call_sign");
    Ok(match form.kind {
        IncidentFormKind::Open => return Err(("", "a new call is opened, not acted on".into())),
        IncidentFormKind::Log => IncidentAction::Log { text: required(form, "text")? },
        IncidentFormKind::Regrade => IncidentAction::Regrade {
            grade: grade(form)?,
            reason: required(form, "reason")?,
            appointment: appointment(form)?,
        },
        IncidentFormKind::Assign => IncidentAction::Assign { call_sign: call_sign()? },
        IncidentFormKind::EnRoute => IncidentAction::EnRoute { call_sign: call_sign()? },
        IncidentFormKind::Arrive => IncidentAction::Arrive { call_sign: call_sign()? },
        IncidentFormKind::Release => IncidentAction::Release { call_sign: call_sign()? },
        IncidentFormKind::Close => close(form)?,
        IncidentFormKind::Duplicate => IncidentAction::DuplicateOf {
            incident_id: repeated(&required(form, "of")?, rows, form.record_id.as_deref())?,
        },
        IncidentFormKind::Link => {
            let typed = required(form, "role")?;
            let role = role(&typed).ok_or(("role", format!("'{typed}' is not a part; use {}", role_words())))?;
            let person_id = form.person_id.clone().ok_or(("", "pick the person in the lookup first".to_string()))?;
            IncidentAction::LinkPerson { person_id, role }
        }
    })
}

fn close(form: &IncidentForm) -> Result<IncidentAction, Refusal> {
    let typed = required(form, "result")?;
    let closable: Vec<IncidentResult> =
        IncidentResult::ALL.into_iter().filter(|r| *r != IncidentResult::Duplicate).collect();
    let result = pick(&typed, &closable, |r| {
        let short = match r {
            IncidentResult::CrimeRecorded => "crime",
            IncidentResult::AsbRecorded => "asb",
            IncidentResult::NoPoliceAction => "npa",
            _ => "",
        };
        vec![r.label().to_string(), short.to_string()]
    })
    .ok_or(("result", format!("'{typed}' is not a result; use crime, asb, advice, npa, no trace or transferred")))?;
    let asb_category = match optional(form, "asb_category") {
        None => None,
        Some(typed) => Some(
            serde_json::from_value::<AsbCategory>(serde_json::Value::String(typed.to_lowercase()))
                .map_err(|_| ("asb_category", format!("'{typed}' is not personal, nuisance or environmental")))?,
        ),
    };
    Ok(IncidentAction::Close {
        result,
        note: required(form, "note")?,
        offence: optional(form, "offence"),
        asb_category,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_is_typed_as_the_control_room_says_it() {
        assert_eq!(role("caller"), Some(EventRole::ReportingPerson));
        assert_eq!(role("Suspect"), Some(EventRole::Suspect));
        assert_eq!(role("v"), Some(EventRole::Victim));
        assert_eq!(role("subj"), Some(EventRole::Subject));
        assert_eq!(role("s"), None, "suspect or subject");
        assert_eq!(role("offender"), None, "not a part on an incident");
        assert_eq!(role(""), None);
    }
}
